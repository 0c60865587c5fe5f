/*
 * export.c — a shareable CSV of the devices, with every serial number
 * replaced by HMAC-SHA256(key, serial) (hex).  The key lives in the
 * registry's data directory (export-hmac.key, 32 random bytes, 0600,
 * created on first use), so the same serial gives the same value across
 * exports of one registry, and nobody without the key can test a guess.
 * Fields are always quoted; a leading = + - @, tab or carriage return gets
 * a ' so that spreadsheet programs do not evaluate the cell (OWASP, CSV
 * injection).  Headers and states are in the language of the messages,
 * times stay RFC 3339.
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

#include "lib/i18n.h"
#include "lib/util.h"
#include "registry.h"

static int load_hmac_key(struct registry *r, unsigned char key[32], struct reco_err *e)
{
	char *path = reco_asprintf("%s/export-hmac.key", r->data_dir);
	int rc = 0;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		unsigned char k[32];
		if (RAND_bytes(k, sizeof(k)) != 1) {
			free(path);
			return reco_err_set(e, -EIO, _("no randomness available"));
		}
		int w = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (w >= 0) {
			if (write(w, k, sizeof(k)) != (ssize_t)sizeof(k) || fsync(w) < 0)
				rc = -EIO;
			close(w);
		} else if (errno != EEXIST) {
			rc = -errno;
		}
		OPENSSL_cleanse(k, sizeof(k));
		if (!rc)
			fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (!rc && fd < 0)
		rc = -errno;
	if (!rc && read(fd, key, 32) != 32)
		rc = -EIO;
	if (fd >= 0)
		close(fd);
	if (rc)
		reco_err_set(e, rc, "%s: %s", path, strerror(-rc));
	free(path);
	return rc;
}

void reg_csv_field(FILE *out, const char *s, int last)
{
	fputc('"', out);
	/* a spreadsheet evaluates a cell starting with one of these */
	if (s && *s && strchr("=+-@\t\r", *s))
		fputc('\'', out);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
	fputc(last ? '\n' : ',', out);
}

int reg_export_csv(struct registry *r, FILE *out, struct reco_err *e)
{
	unsigned char key[32];
	int rc = load_hmac_key(r, key, e);
	if (rc)
		return rc;
	struct rdb_res *res = NULL;
	rc = rdb_q(r->db, &res, e,
		   "SELECT id, vendor, product, serial, state, grade, created, updated FROM devices"
		   " WHERE id <> ? ORDER BY created, id", "");
	if (rc) {
		OPENSSL_cleanse(key, sizeof(key));
		return rc;
	}
	/* for people: headers and states in their language, ISO dates (any
	 * spreadsheet sorts them) */
	const char *head[] = { _("Device"), _("Manufacturer"), _("Model"), _("Serial number (HMAC-SHA256)"), _("State"),
			       _("Grade"), _("Received"), _("Last change") };
	for (int c = 0; c < 8; c++)
		reg_csv_field(out, head[c], c == 7);
	for (int i = 0; i < res->nrows; i++) {
		const char *serial = rdb_val(res, i, 3);
		char hex[65] = "";
		if (serial && *serial) {
			unsigned char mac[32];
			size_t n = 0;
			if (!EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, key, sizeof(key),
				       (const unsigned char *)serial, strlen(serial), mac, sizeof(mac), &n)) {
				rc = reco_err_set(e, -EIO, _("HMAC failed"));
				break;
			}
			reco_hex(mac, 32, hex);
		}
		for (int c = 0; c < 8; c++)
			reg_csv_field(out, c == 3 ? hex : c == 4 ? reg_word_state(rdb_val(res, i, c)) : rdb_val(res, i, c),
				      c == 7);
	}
	OPENSSL_cleanse(key, sizeof(key));
	rdb_res_free(res);
	if (!rc && ferror(out))
		rc = reco_err_set(e, -EIO, "%s", strerror(EIO));
	return rc;
}
