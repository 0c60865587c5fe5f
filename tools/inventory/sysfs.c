/*
 * sysfs.c — small helpers the section readers share: read a sysfs attribute
 * under the --root prefix, note permission problems, resolve symlinks.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/sysroot.h"
#include "lib/util.h"
#include "inventory.h"

int inv_path(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size) {
		buf[0] = '\0';
		return -ENAMETOOLONG;
	}
	return 0;
}

static void note_perm(struct inv_ctx *ctx, const char *section, const char *path, int rc)
{
	if (rc == -EACCES || rc == -EPERM)
		inv_note(ctx, section, -rc, N_("%s: permission denied (run as root for this field)"), path);
}

int inv_read_str(struct inv_ctx *ctx, const char *section, const char *path, char *buf, size_t size)
{
	int rc = reco_read_str(ctx->root, path, buf, size);
	if (rc) {
		note_perm(ctx, section, path, rc);
		buf[0] = '\0';
		return rc;
	}
	reco_strtrim(buf);
	return 0;
}

int inv_read_u64(struct inv_ctx *ctx, const char *section, const char *path, unsigned long long *v)
{
	uint64_t x;
	int rc = reco_read_u64(ctx->root, path, &x);
	if (rc) {
		note_perm(ctx, section, path, rc);
		if (rc == -EINVAL)
			inv_note(ctx, section, 0, N_("%s: not a number, ignored"), path);
		return rc;
	}
	*v = x;
	return 0;
}

void inv_put_str(struct inv_ctx *ctx, json_t *obj, const char *key, const char *section, const char *path)
{
	char buf[512];
	if (inv_read_str(ctx, section, path, buf, sizeof(buf)) == 0)
		reco_json_set_str(obj, key, buf);
}

void inv_put_u64(struct inv_ctx *ctx, json_t *obj, const char *key, const char *section, const char *path)
{
	unsigned long long v;
	if (inv_read_u64(ctx, section, path, &v) == 0 && v <= (unsigned long long)LLONG_MAX)
		json_object_set_new(obj, key, json_integer((json_int_t)v));
}

int inv_resolve(const char *root, const char *path, char *out, size_t size)
{
	char full[PATH_MAX], target[PATH_MAX], joined[PATH_MAX * 2];
	int rc = reco_path(root, path, full, sizeof(full));
	if (rc)
		return rc;
	ssize_t n = readlink(full, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	if (target[0] == '/') {
		snprintf(joined, sizeof(joined), "%s", target);
	} else {
		/* relative to the directory holding the link */
		char dir[PATH_MAX];
		snprintf(dir, sizeof(dir), "%s", path);
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		snprintf(joined, sizeof(joined), "%s/%s", dir, target);
	}
	/* Normalise "." and ".." lexically (sysfs links never go through
	 * other links before the final component that matters here). */
	char *parts[256];
	int np = 0;
	char *save = NULL;
	for (char *t = strtok_r(joined, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
		if (!strcmp(t, "."))
			continue;
		if (!strcmp(t, "..")) {
			if (np > 0)
				np--;
			continue;
		}
		if (np < 256)
			parts[np++] = t;
	}
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < np; i++) {
		int w = snprintf(out + used, size - used, "/%s", parts[i]);
		if (w < 0 || (size_t)w >= size - used)
			return -ENAMETOOLONG;
		used += (size_t)w;
	}
	if (np == 0)
		snprintf(out, size, "/");
	return 0;
}
