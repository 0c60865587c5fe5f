/*
 * session.c — session directories (see session.h).
 */
#include "session.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int reco_mkdir_p(const char *path, unsigned mode)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, mode) != 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, mode) != 0 && errno != EEXIST)
		return -errno;
	struct stat st;
	if (stat(tmp, &st) != 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

int reco_data_dir(char *buf, size_t size)
{
	const char *env = getenv("RECO_DATA");
	int n;
	if (env && *env)
		n = snprintf(buf, size, "%s", env);
	else if (geteuid() == 0)
		n = snprintf(buf, size, "/var/lib/reco");
	else if ((env = getenv("XDG_DATA_HOME")) && *env)
		n = snprintf(buf, size, "%s/reco", env);
	else if ((env = getenv("HOME")) && *env)
		n = snprintf(buf, size, "%s/.local/share/reco", env);
	else
		return -ENOENT;
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* Device ids become path components: keep [A-Za-z0-9._-]. */
static void safe_component(const char *in, char *out, size_t size)
{
	size_t j = 0;
	for (size_t i = 0; in && in[i] && j + 1 < size; i++) {
		char c = in[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			 (c >= '0' && c <= '9') || c == '-' || c == '_' || (c == '.' && j > 0);
		out[j++] = ok ? c : '_';
	}
	if (j == 0)
		j = (size_t)snprintf(out, size, "unknown");
	out[j < size ? j : size - 1] = '\0';
}

int reco_session_new(const char *device_id, char *buf, size_t size)
{
	char data[PATH_MAX], id[128], stamp[32];
	int rc = reco_data_dir(data, sizeof(data));
	if (rc)
		return rc;
	safe_component(device_id, id, sizeof(id));
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);

	char parent[PATH_MAX];
	if (snprintf(parent, sizeof(parent), "%s/sessions/%s", data, id) >= (int)sizeof(parent))
		return -ENAMETOOLONG;
	rc = reco_mkdir_p(parent, 0755);
	if (rc)
		return rc;
	for (int i = 1; i < 1000; i++) {
		int n = i == 1 ? snprintf(buf, size, "%s/%s", parent, stamp)
			       : snprintf(buf, size, "%s/%s-%d", parent, stamp, i);
		if (n < 0 || (size_t)n >= size)
			return -ENAMETOOLONG;
		if (mkdir(buf, 0755) == 0)
			return 0;
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

int reco_session_resolve(const char *explicit_dir, const char *device_id, char *buf, size_t size)
{
	const char *dir = explicit_dir;
	if (!dir || !*dir)
		dir = getenv("RECO_SESSION");
	if (dir && *dir) {
		if (snprintf(buf, size, "%s", dir) >= (int)size)
			return -ENAMETOOLONG;
		return reco_mkdir_p(buf, 0755);
	}
	return reco_session_new(device_id, buf, size);
}
