/*
 * regutil.c — small helpers of the registry: randomness, hashes, files,
 * opening a registry.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "lib/util.h"
#include "registry.h"

int reg_random_hex(size_t n, char *out)
{
	unsigned char buf[64];
	if (n > sizeof(buf) || RAND_bytes(buf, (int)n) != 1)
		return -EIO;
	reco_hex(buf, n, out);
	return 0;
}

int reg_uuid(char out[37])
{
	unsigned char b[16];
	if (RAND_bytes(b, sizeof(b)) != 1)
		return -EIO;
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
	return 0;
}

void reg_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	reco_hex(md, 32, out);
}

int reg_read_file(const char *path, size_t max, unsigned char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int err = S_ISREG(st.st_mode) ? errno : EINVAL;
		close(fd);
		return -err;
	}
	if ((size_t)st.st_size > max) {
		close(fd);
		return -EFBIG;
	}
	unsigned char *buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int err = n < 0 ? errno : EIO;
			free(buf);
			close(fd);
			return -err;
		}
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	*data = buf;
	*len = got;
	return 0;
}

int reg_open(struct registry *r, const char *db_spec, struct reco_err *e)
{
	int rc = rdb_open(db_spec, &r->db, e);
	if (rc)
		return rc;
	r->db_spec = db_spec;
	rc = reg_schema_apply(r, e);
	if (!rc && (rc = reg_guard_triggers(r, e)) > 0)
		rc = 0;
	if (rc) {
		rdb_close(r->db);
		r->db = NULL;
	}
	return rc;
}

void reg_close(struct registry *r)
{
	rdb_close(r->db);
	r->db = NULL;
}
