/*
 * sysroot.c — root-prefixed file access (see sysroot.h).
 */
#include "sysroot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int reco_path(const char *root, const char *path, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s%s", root ? root : "", path);
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return 0;
}

int reco_read_file(const char *root, const char *path, char **data, size_t *len, size_t max)
{
	char full[PATH_MAX];
	int rc = reco_path(root, path, full, sizeof(full));
	if (rc)
		return rc;
	int fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;

	/* Read up to max + 1 bytes: one byte more than allowed means too big. */
	size_t limit = max + 1;
	size_t cap = limit < 4096 ? limit : 4096, used = 0;
	char *buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (used == cap) {
			if (cap >= limit)
				break;
			size_t ncap = cap * 2 > limit ? limit : cap * 2;
			char *nb = realloc(buf, ncap + 1);
			if (!nb) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = nb;
			cap = ncap;
		}
		ssize_t r = read(fd, buf + used, cap - used);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			free(buf);
			close(fd);
			return rc;
		}
		if (r == 0)
			break;
		used += (size_t)r;
	}
	if (used > max) {
		free(buf);
		close(fd);
		return -EFBIG;
	}
	close(fd);
	buf[used] = '\0';
	*data = buf;
	if (len)
		*len = used;
	return 0;
}

int reco_read_str(const char *root, const char *path, char *buf, size_t size)
{
	char *data;
	size_t len;
	int rc = reco_read_file(root, path, &data, &len, 1 << 16);
	if (rc)
		return rc;
	while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == ' ' ||
			   data[len - 1] == '\t' || data[len - 1] == '\r' || data[len - 1] == '\0'))
		data[--len] = '\0';
	if (len >= size) {
		free(data);
		return -ENAMETOOLONG;
	}
	memcpy(buf, data, len + 1);
	free(data);
	return 0;
}

int reco_read_u64(const char *root, const char *path, uint64_t *value)
{
	char buf[64];
	int rc = reco_read_str(root, path, buf, sizeof(buf));
	if (rc)
		return rc;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(buf, &end, 0);
	if (errno || end == buf || (*end && *end != '\n' && *end != ' '))
		return -EINVAL;
	*value = v;
	return 0;
}

int reco_read_i64(const char *root, const char *path, int64_t *value)
{
	char buf[64];
	int rc = reco_read_str(root, path, buf, sizeof(buf));
	if (rc)
		return rc;
	char *end;
	long long v = strtoll(buf, &end, 10);
	if (end == buf)
		return -ENODATA;
	*value = v;
	return 0;
}

DIR *reco_opendir(const char *root, const char *path)
{
	char full[PATH_MAX];
	if (reco_path(root, path, full, sizeof(full))) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	return opendir(full);
}

int reco_read_link_base(const char *root, const char *path, char *buf, size_t size)
{
	char full[PATH_MAX], target[PATH_MAX];
	int rc = reco_path(root, path, full, sizeof(full));
	if (rc)
		return rc;
	ssize_t n = readlink(full, target, sizeof(target) - 1);
	if (n < 0)
		return -errno;
	target[n] = '\0';
	const char *base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= size)
		return -ENAMETOOLONG;
	strcpy(buf, base);
	return 0;
}

int reco_exists(const char *root, const char *path)
{
	char full[PATH_MAX];
	struct stat st;
	if (reco_path(root, path, full, sizeof(full)))
		return 0;
	return stat(full, &st) == 0;
}
