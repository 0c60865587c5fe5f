/*
 * json.c — canonical JSON and atomic file output (see json.h).
 */
#include "json.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int reco_json_has_real(const json_t *v)
{
	if (json_is_real(v))
		return 1;
	if (json_is_object(v)) {
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)v, k, x)
			if (reco_json_has_real(x))
				return 1;
	} else if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x)
			if (reco_json_has_real(x))
				return 1;
	}
	return 0;
}

char *reco_json_canonical(const json_t *v)
{
	if (reco_json_has_real(v))
		return NULL;
	return json_dumps(v, JSON_SORT_KEYS | JSON_COMPACT | JSON_ENCODE_ANY);
}

int reco_write_file_atomic(const char *path, const void *data, size_t len, unsigned mode)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
	if (fd < 0)
		return -errno;
	const char *p = data;
	size_t left = len;
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			int rc = -errno;
			close(fd);
			unlink(tmp);
			return rc;
		}
		p += w;
		left -= (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		int rc = -errno;
		unlink(tmp);
		return rc;
	}
	if (rename(tmp, path) != 0) {
		int rc = -errno;
		unlink(tmp);
		return rc;
	}
	/* Make the rename itself durable. */
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (slash) {
		if (slash == dir)
			slash[1] = '\0';
		else
			*slash = '\0';
	} else {
		strcpy(dir, ".");
	}
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

int reco_json_write(const char *path, const json_t *v, int canonical)
{
	char *s;
	if (canonical) {
		s = reco_json_canonical(v);
		if (!s)
			return -EINVAL;
	} else {
		s = json_dumps(v, JSON_SORT_KEYS | JSON_INDENT(2) | JSON_ENCODE_ANY);
		if (!s)
			return -ENOMEM;
		size_t n = strlen(s);
		char *t = realloc(s, n + 2);
		if (!t) {
			free(s);
			return -ENOMEM;
		}
		s = t;
		s[n] = '\n';
		s[n + 1] = '\0';
	}
	int rc = reco_write_file_atomic(path, s, strlen(s), 0644);
	free(s);
	return rc;
}

json_t *reco_json_string_lossy(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	/* Not valid UTF-8 (firmware strings often are not): keep printable
	 * ASCII, replace every other byte with '?'. */
	size_t n = strlen(s);
	char *copy = malloc(n + 1);
	if (!copy)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		copy[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	copy[n] = '\0';
	j = json_string(copy);
	free(copy);
	return j;
}

void reco_json_set_str(json_t *obj, const char *key, const char *value)
{
	if (value && *value)
		json_object_set_new(obj, key, reco_json_string_lossy(value));
}

void reco_json_set_int(json_t *obj, const char *key, long long value)
{
	json_object_set_new(obj, key, json_integer(value));
}
