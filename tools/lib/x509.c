/*
 * x509.c — the association's certificate authority: Ed25519 keys, station
 * requests, certificates and CRLs (see x509.h for the CA directory layout).
 *
 * Profiles follow RFC 5280 with Ed25519 keys and signatures (RFC 8410):
 *   CA       basicConstraints critical CA:TRUE; keyUsage critical
 *            keyCertSign, cRLSign; subjectKeyIdentifier
 *   station  basicConstraints critical CA:FALSE; keyUsage critical
 *            digitalSignature; subject/authority key identifiers
 *   CRL      v2, cRLNumber, authorityKeyIdentifier
 */
#include "x509.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "i18n.h"
#include "json.h"
#include "session.h"
#include "sign.h"
#include "util.h"

int reco_parse_rfc3339(const char *s, time_t *t)
{
	int Y, M, D, h, m, sec, n = 0;
	if (!s || strlen(s) != 20 ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &Y, &M, &D, &h, &m, &sec, &n) != 6 || n != 20)
		return -EINVAL;
	if (Y < 1970 || M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 60)
		return -EINVAL;
	struct tm tm = { .tm_year = Y - 1900, .tm_mon = M - 1, .tm_mday = D, .tm_hour = h,
			 .tm_min = m, .tm_sec = sec };
	*t = timegm(&tm);
	if (tm.tm_mday != D)
		return -EINVAL; /* 31 February */
	return 0;
}

static void path_in(char *buf, size_t size, const char *dir, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
}

/* Writes a private key: exclusive creation, 0600, no symlink followed; the
 * PEM text lives in OpenSSL's secure heap and is cleared. */
static int write_private_key(const char *path, EVP_PKEY *pk, struct reco_err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return reco_err_set(e, -EEXIST, _("%s: already exists; a private key is never overwritten"),
					    path);
		return reco_err_set(e, -errno, _("%s: %s"), path, strerror(errno));
	}
	BIO *bio = BIO_new(BIO_s_secmem());
	BUF_MEM *bm = NULL;
	int rc = 0;
	if (!bio || PEM_write_bio_PrivateKey(bio, pk, NULL, NULL, 0, NULL, NULL) != 1 ||
	    BIO_get_mem_ptr(bio, &bm) != 1 || !bm) {
		rc = reco_err_set(e, -ENOMEM, _("%s: cannot serialise the key"), path);
	} else {
		const char *p = bm->data;
		size_t left = bm->length;
		while (left > 0 && rc == 0) {
			ssize_t w = write(fd, p, left);
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				rc = reco_err_set(e, -errno, _("%s: %s"), path, strerror(errno));
			else {
				p += w;
				left -= (size_t)w;
			}
		}
		OPENSSL_cleanse(bm->data, bm->max);
	}
	BIO_free(bio);
	if (rc == 0 && fsync(fd) != 0)
		rc = reco_err_set(e, -errno, _("%s: %s"), path, strerror(errno));
	if (close(fd) != 0 && rc == 0)
		rc = reco_err_set(e, -errno, _("%s: %s"), path, strerror(errno));
	if (rc)
		unlink(path);
	ERR_clear_error();
	return rc;
}

/* Public PEM output through a callback into a memory BIO, then a file
 * (exclusive or atomic replace). */
static int write_bio_file(const char *path, BIO *bio, int exclusive, struct reco_err *e)
{
	char *data;
	long len = BIO_get_mem_data(bio, &data);
	if (len <= 0)
		return reco_err_set(e, -EINVAL, _("%s: nothing to write"), path);
	if (!exclusive) {
		int rc = reco_write_file_atomic(path, data, (size_t)len, 0644);
		return rc ? reco_err_set(e, rc, _("%s: %s"), path, strerror(-rc)) : 0;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return reco_err_set(e, -errno, _("%s: %s"), path,
				    errno == EEXIST ? "already exists, not overwritten" : strerror(errno));
	ssize_t w = write(fd, data, (size_t)len);
	int rc = (w == len && fsync(fd) == 0) ? 0 : -EIO;
	if (close(fd) != 0)
		rc = -EIO;
	if (rc) {
		unlink(path);
		return reco_err_set(e, rc, _("%s: write failed"), path);
	}
	return 0;
}

static int write_text(const char *path, const char *text, struct reco_err *e)
{
	int rc = reco_write_file_atomic(path, text, strlen(text), 0644);
	return rc ? reco_err_set(e, rc, _("%s: %s"), path, strerror(-rc)) : 0;
}

static X509_NAME *make_name(const char *org, const char *cn)
{
	X509_NAME *n = X509_NAME_new();
	if (!n)
		return NULL;
	if ((org && *org &&
	     !X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8, (const unsigned char *)org, -1, -1, 0)) ||
	    !X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8, (const unsigned char *)cn, -1, -1, 0)) {
		X509_NAME_free(n);
		return NULL;
	}
	return n;
}

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
	X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!ext)
		return -1;
	int ok = X509_add_ext(cert, ext, -1);
	X509_EXTENSION_free(ext);
	return ok ? 0 : -1;
}

static EVP_PKEY *keygen(void)
{
	return EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
}

static int set_validity(X509 *x, time_t nb, time_t na)
{
	return ASN1_TIME_set(X509_getm_notBefore(x), nb) && ASN1_TIME_set(X509_getm_notAfter(x), na)
		       ? 0 : -1;
}

int reco_ca_init(const char *dir, const char *org, int days, time_t not_before,
		 struct reco_err *e)
{
	char p[PATH_MAX];
	int rc = reco_mkdir_p(dir, 0700);
	if (rc)
		return reco_err_set(e, rc, _("%s: %s"), dir, strerror(-rc));
	path_in(p, sizeof(p), dir, "ca.pem");
	if (access(p, F_OK) == 0)
		return reco_err_set(e, -EEXIST, _("%s: a CA is already there; not replaced"), dir);
	EVP_PKEY *pk = keygen();
	X509 *x = X509_new();
	X509_NAME *name = NULL;
	BIO *bio = NULL;
	if (!pk || !x) {
		rc = reco_err_set(e, -ENOMEM, _("cannot generate an Ed25519 key"));
		goto out;
	}
	char cn[300];
	snprintf(cn, sizeof(cn), "%.200s reco CA", org);
	name = make_name(org, cn);
	unsigned char serial[16];
	if (!name || RAND_bytes(serial, sizeof(serial)) != 1) {
		rc = reco_err_set(e, -EINVAL, _("%s: invalid organisation name"), org);
		goto out;
	}
	serial[0] &= 0x7f;
	serial[0] |= 0x40;
	BIGNUM *bn = BN_bin2bn(serial, sizeof(serial), NULL);
	time_t now = not_before ? not_before + 300 : time(NULL);
	if (!bn || !BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) || !X509_set_version(x, 2) ||
	    !X509_set_subject_name(x, name) || !X509_set_issuer_name(x, name) ||
	    set_validity(x, now - 300, now + (time_t)days * 86400) || !X509_set_pubkey(x, pk) ||
	    add_ext(x, x, NID_basic_constraints, "critical,CA:TRUE") ||
	    add_ext(x, x, NID_key_usage, "critical,keyCertSign,cRLSign") ||
	    add_ext(x, x, NID_subject_key_identifier, "hash") ||
	    add_ext(x, x, NID_authority_key_identifier, "keyid:always") ||
	    X509_sign(x, pk, NULL) <= 0) {
		BN_free(bn);
		rc = reco_err_set(e, -EINVAL, _("cannot build the CA certificate"));
		goto out;
	}
	BN_free(bn);
	path_in(p, sizeof(p), dir, "ca.key");
	rc = write_private_key(p, pk, e);
	if (rc)
		goto out;
	bio = BIO_new(BIO_s_mem());
	path_in(p, sizeof(p), dir, "ca.pem");
	if (!bio || !PEM_write_bio_X509(bio, x)) {
		rc = reco_err_set(e, -ENOMEM, _("out of memory"));
		goto out;
	}
	rc = write_bio_file(p, bio, 1, e);
	if (rc)
		goto out;
	path_in(p, sizeof(p), dir, "serial");
	if ((rc = write_text(p, "01\n", e)))
		goto out;
	path_in(p, sizeof(p), dir, "crlnumber");
	if ((rc = write_text(p, "01\n", e)))
		goto out;
	path_in(p, sizeof(p), dir, "index.txt");
	if ((rc = write_text(p, "", e)))
		goto out;
	mkdir(strcat(strcpy(p, dir), "/certs"), 0755);
	int n;
	rc = reco_ca_crl(dir, 30, &n, e);
out:
	BIO_free(bio);
	X509_NAME_free(name);
	X509_free(x);
	EVP_PKEY_free(pk);
	ERR_clear_error();
	return rc;
}

int reco_station_init(const char *dir, const char *name, const char *org, struct reco_err *e)
{
	char p[PATH_MAX];
	int rc = reco_mkdir_p(dir, 0700);
	if (rc)
		return reco_err_set(e, rc, _("%s: %s"), dir, strerror(-rc));
	EVP_PKEY *pk = keygen();
	X509_REQ *req = X509_REQ_new();
	X509_NAME *n = make_name(org, name);
	BIO *bio = BIO_new(BIO_s_mem());
	if (!pk || !req || !n || !bio || !X509_REQ_set_version(req, 0) ||
	    !X509_REQ_set_subject_name(req, n) || !X509_REQ_set_pubkey(req, pk) ||
	    X509_REQ_sign(req, pk, NULL) <= 0 || !PEM_write_bio_X509_REQ(bio, req)) {
		rc = reco_err_set(e, -EINVAL, _("%s: cannot build the certificate request"), name);
		goto out;
	}
	path_in(p, sizeof(p), dir, "station.csr");
	if (access(p, F_OK) == 0) {
		rc = reco_err_set(e, -EEXIST, _("%s: already exists; not overwritten"), p);
		goto out;
	}
	path_in(p, sizeof(p), dir, "station.key");
	rc = write_private_key(p, pk, e);
	if (rc)
		goto out;
	path_in(p, sizeof(p), dir, "station.csr");
	rc = write_bio_file(p, bio, 1, e);
out:
	BIO_free(bio);
	X509_NAME_free(n);
	X509_REQ_free(req);
	EVP_PKEY_free(pk);
	ERR_clear_error();
	return rc;
}

int reco_key_create(const char *key_path, const char *pub_path, struct reco_err *e)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof(tmp), "%s.new-%ld", key_path, (long)getpid());
	EVP_PKEY *pk = keygen();
	BIO *bio = BIO_new(BIO_s_mem());
	int rc = 0;
	if (!pk || !bio || !PEM_write_bio_PUBKEY(bio, pk)) {
		rc = reco_err_set(e, -ENOMEM, _("%s: cannot create the key"), key_path);
		goto out;
	}
	unlink(tmp); /* a leftover of a crashed run with our pid */
	rc = write_private_key(tmp, pk, e);
	if (rc)
		goto out;
	/* link(2) fails when the name exists: the key appears whole or not at all */
	if (link(tmp, key_path) != 0) {
		rc = errno == EEXIST ? reco_err_set(e, -EEXIST, _("%s: already exists; a private key is never overwritten"), key_path)
				     : reco_err_set(e, -errno, _("%s: %s"), key_path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	unlink(tmp);
	if (pub_path)
		rc = write_bio_file(pub_path, bio, 0, e);
out:
	BIO_free(bio);
	EVP_PKEY_free(pk);
	ERR_clear_error();
	return rc;
}

/* The CA's key and certificate. */
static int load_ca(const char *dir, EVP_PKEY **pk, X509 **cert, struct reco_err *e)
{
	char p[PATH_MAX];
	struct reco_key *k;
	path_in(p, sizeof(p), dir, "ca.key");
	int rc = reco_key_load(p, &k, e);
	if (rc)
		return rc;
	*pk = reco_key_evp(k);
	EVP_PKEY_up_ref(*pk);
	reco_key_free(k);
	path_in(p, sizeof(p), dir, "ca.pem");
	FILE *f = fopen(p, "re");
	*cert = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	if (f)
		fclose(f);
	if (!*cert) {
		EVP_PKEY_free(*pk);
		ERR_clear_error();
		return reco_err_set(e, -EINVAL, _("%s: cannot read the CA certificate"), p);
	}
	if (X509_check_private_key(*cert, *pk) != 1) {
		EVP_PKEY_free(*pk);
		X509_free(*cert);
		ERR_clear_error();
		return reco_err_set(e, -EINVAL, _("%s: ca.key and ca.pem do not match"), dir);
	}
	return 0;
}

/* Locks the CA directory (flock on "serial") for the duration of a change. */
static int lock_ca(const char *dir, struct reco_err *e)
{
	char p[PATH_MAX];
	path_in(p, sizeof(p), dir, "serial");
	int fd = open(p, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return reco_err_set(e, -errno, _("%s: %s (not a CA directory?)"), p, strerror(errno));
	if (flock(fd, LOCK_EX) != 0) {
		int rc = -errno;
		close(fd);
		return reco_err_set(e, rc, _("%s: cannot lock"), p);
	}
	return fd;
}

/* Reads a one-line hex counter file into a BIGNUM. */
static BIGNUM *read_counter(const char *dir, const char *name)
{
	char p[PATH_MAX], line[128] = "";
	path_in(p, sizeof(p), dir, name);
	FILE *f = fopen(p, "re");
	if (!f)
		return NULL;
	char *ok = fgets(line, sizeof(line), f);
	fclose(f);
	if (!ok)
		return NULL;
	reco_strtrim(line);
	BIGNUM *bn = NULL;
	if (!*line || BN_hex2bn(&bn, line) != (int)strlen(line)) {
		BN_free(bn);
		return NULL;
	}
	return bn;
}

static int bump_counter(const char *dir, const char *name, const BIGNUM *cur, struct reco_err *e)
{
	BIGNUM *next = BN_dup(cur);
	if (!next || !BN_add_word(next, 1)) {
		BN_free(next);
		return reco_err_set(e, -ENOMEM, _("out of memory"));
	}
	char *hex = BN_bn2hex(next);
	char p[PATH_MAX], text[160];
	snprintf(text, sizeof(text), "%s%s\n", strlen(hex) % 2 ? "0" : "", hex);
	OPENSSL_free(hex);
	BN_free(next);
	path_in(p, sizeof(p), dir, name);
	return write_text(p, text, e);
}

static void name_oneline(const X509_NAME *n, char *buf, size_t size)
{
	BIO *b = BIO_new(BIO_s_mem());
	buf[0] = '\0';
	if (!b)
		return;
	X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	char *d;
	long l = BIO_get_mem_data(b, &d);
	snprintf(buf, size, "%.*s", (int)l, d);
	for (char *c = buf; *c; c++)
		if (*c == '\t' || *c == '\n')
			*c = ' ';
	BIO_free(b);
}

static void serial_hex_of(X509 *x, char *buf, size_t size)
{
	BIGNUM *bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), NULL);
	char *hex = bn ? BN_bn2hex(bn) : NULL;
	snprintf(buf, size, "%s%s", hex && strlen(hex) % 2 ? "0" : "", hex ? hex : "?");
	OPENSSL_free(hex);
	BN_free(bn);
}

int reco_ca_certify(const char *ca_dir, const char *csr_path, const struct reco_validity *v,
		    const char *out_path, char *serial_hex, size_t serial_size, struct reco_err *e)
{
	EVP_PKEY *cakey = NULL, *pub = NULL;
	X509 *cacert = NULL, *x = NULL;
	X509_REQ *req = NULL;
	BIGNUM *serial = NULL;
	BIO *bio = NULL;
	char p[PATH_MAX];
	int lockfd = lock_ca(ca_dir, e);
	if (lockfd < 0)
		return lockfd;
	int rc = load_ca(ca_dir, &cakey, &cacert, e);
	if (rc)
		goto out;
	FILE *f = fopen(csr_path, "re");
	if (!f) {
		rc = reco_err_set(e, -errno, _("%s: %s"), csr_path, strerror(errno));
		goto out;
	}
	req = PEM_read_X509_REQ(f, NULL, NULL, NULL);
	fclose(f);
	if (!req) {
		rc = reco_err_set(e, -EINVAL, _("%s: not a PEM certificate request"), csr_path);
		goto out;
	}
	pub = X509_REQ_get_pubkey(req);
	if (!pub || EVP_PKEY_get_id(pub) != EVP_PKEY_ED25519) {
		rc = reco_err_set(e, -EINVAL, _("%s: the requested key is not Ed25519"), csr_path);
		goto out;
	}
	if (X509_REQ_verify(req, pub) != 1) {
		rc = reco_err_set(e, -EINVAL, _("%s: the request's self-signature is wrong"), csr_path);
		goto out;
	}
	const X509_NAME *subj = X509_REQ_get_subject_name(req);
	if (X509_NAME_get_index_by_NID(subj, NID_commonName, -1) < 0) {
		rc = reco_err_set(e, -EINVAL, _("%s: the request has no common name"), csr_path);
		goto out;
	}
	serial = read_counter(ca_dir, "serial");
	if (!serial) {
		rc = reco_err_set(e, -EINVAL, _("%s/serial: unreadable"), ca_dir);
		goto out;
	}
	time_t nb = v->not_before, na = v->not_after;
	if (nb == 0 && na == 0) {
		nb = time(NULL) - 300;
		na = nb + 300 + (time_t)v->days * 86400;
	}
	if (na <= nb) {
		rc = reco_err_set(e, -EINVAL, _("validity: not_after is before not_before"));
		goto out;
	}
	x = X509_new();
	if (!x || !X509_set_version(x, 2) || !BN_to_ASN1_INTEGER(serial, X509_get_serialNumber(x)) ||
	    !X509_set_subject_name(x, subj) || !X509_set_issuer_name(x, X509_get_subject_name(cacert)) ||
	    set_validity(x, nb, na) || !X509_set_pubkey(x, pub) ||
	    add_ext(x, cacert, NID_basic_constraints, "critical,CA:FALSE") ||
	    add_ext(x, cacert, NID_key_usage, "critical,digitalSignature") ||
	    add_ext(x, cacert, NID_subject_key_identifier, "hash") ||
	    add_ext(x, cacert, NID_authority_key_identifier, "keyid:always") ||
	    X509_sign(x, cakey, NULL) <= 0) {
		rc = reco_err_set(e, -EINVAL, _("cannot build the certificate"));
		goto out;
	}
	bio = BIO_new(BIO_s_mem());
	if (!bio || !PEM_write_bio_X509(bio, x)) {
		rc = reco_err_set(e, -ENOMEM, _("out of memory"));
		goto out;
	}
	rc = write_bio_file(out_path, bio, 1, e);
	if (rc)
		goto out;
	char hex[80], sub[512], nas[32];
	serial_hex_of(x, hex, sizeof(hex));
	name_oneline(subj, sub, sizeof(sub));
	reco_time_rfc3339(na, nas, sizeof(nas));
	snprintf(serial_hex, serial_size, "%s", hex);
	/* The index and the copy under certs/ (best effort for the copy). */
	path_in(p, sizeof(p), ca_dir, "index.txt");
	FILE *idx = fopen(p, "ae");
	if (!idx || fprintf(idx, "V\t%s\t%s\t-\t%s\n", hex, nas, sub) < 0 || fflush(idx) != 0 ||
	    fsync(fileno(idx)) != 0) {
		if (idx)
			fclose(idx);
		rc = reco_err_set(e, -EIO, _("%s: cannot record the certificate"), p);
		goto out;
	}
	fclose(idx);
	snprintf(p, sizeof(p), "%s/certs", ca_dir);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/certs/%s.pem", ca_dir, hex);
	struct reco_err ignore;
	write_bio_file(p, bio, 0, &ignore);
	rc = bump_counter(ca_dir, "serial", serial, e);
out:
	BIO_free(bio);
	BN_free(serial);
	X509_free(x);
	X509_REQ_free(req);
	EVP_PKEY_free(pub);
	X509_free(cacert);
	EVP_PKEY_free(cakey);
	flock(lockfd, LOCK_UN);
	close(lockfd);
	ERR_clear_error();
	return rc;
}

/* Index lines: V|R \t serial \t not_after \t revoked_at|- \t subject */
struct index_line {
	char status;
	char serial[80], not_after[32], revoked[32], subject[512];
};

static int read_index(const char *dir, struct index_line **lines, size_t *n, struct reco_err *e)
{
	char p[PATH_MAX], buf[1024];
	path_in(p, sizeof(p), dir, "index.txt");
	FILE *f = fopen(p, "re");
	if (!f)
		return reco_err_set(e, -errno, _("%s: %s"), p, strerror(errno));
	*lines = NULL;
	*n = 0;
	while (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		if (!*buf)
			continue;
		struct index_line l = { 0 };
		char *save, *tok[5];
		int k = 0;
		for (char *t = strtok_r(buf, "\t", &save); t && k < 5; t = strtok_r(NULL, "\t", &save))
			tok[k++] = t;
		if (k < 4 || (tok[0][0] != 'V' && tok[0][0] != 'R'))
			continue;
		l.status = tok[0][0];
		snprintf(l.serial, sizeof(l.serial), "%s", tok[1]);
		snprintf(l.not_after, sizeof(l.not_after), "%s", tok[2]);
		snprintf(l.revoked, sizeof(l.revoked), "%s", tok[3]);
		snprintf(l.subject, sizeof(l.subject), "%s", k > 4 ? tok[4] : "");
		struct index_line *nl = realloc(*lines, (*n + 1) * sizeof(**lines));
		if (!nl) {
			fclose(f);
			free(*lines);
			return reco_err_set(e, -ENOMEM, _("out of memory"));
		}
		*lines = nl;
		(*lines)[(*n)++] = l;
	}
	fclose(f);
	return 0;
}

static int write_index(const char *dir, const struct index_line *lines, size_t n, struct reco_err *e)
{
	size_t cap = 1 + n * 700, len = 0;
	char *text = malloc(cap), p[PATH_MAX];
	if (!text)
		return reco_err_set(e, -ENOMEM, _("out of memory"));
	text[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, cap - len, "%c\t%s\t%s\t%s\t%s\n", lines[i].status,
					lines[i].serial, lines[i].not_after, lines[i].revoked,
					lines[i].subject);
	path_in(p, sizeof(p), dir, "index.txt");
	int rc = write_text(p, text, e);
	free(text);
	return rc;
}

int reco_ca_revoke(const char *ca_dir, const char *cert_path, int crl_days, struct reco_err *e)
{
	EVP_PKEY *cakey = NULL;
	X509 *cacert = NULL, *x = NULL;
	struct index_line *lines = NULL;
	size_t n = 0;
	int lockfd = lock_ca(ca_dir, e);
	if (lockfd < 0)
		return lockfd;
	int rc = load_ca(ca_dir, &cakey, &cacert, e);
	if (rc)
		goto out;
	FILE *f = fopen(cert_path, "re");
	if (!f) {
		rc = reco_err_set(e, -errno, _("%s: %s"), cert_path, strerror(errno));
		goto out;
	}
	x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	if (!x) {
		rc = reco_err_set(e, -EINVAL, _("%s: not a PEM certificate"), cert_path);
		goto out;
	}
	EVP_PKEY *capub = X509_get0_pubkey(cacert);
	if (X509_check_issued(cacert, x) != X509_V_OK || X509_verify(x, capub) != 1) {
		rc = reco_err_set(e, -EINVAL, _("%s: not issued by the CA in %s"), cert_path, ca_dir);
		goto out;
	}
	char hex[80];
	serial_hex_of(x, hex, sizeof(hex));
	rc = read_index(ca_dir, &lines, &n, e);
	if (rc)
		goto out;
	size_t i;
	for (i = 0; i < n; i++)
		if (strcasecmp(lines[i].serial, hex) == 0)
			break;
	if (i == n) {
		rc = reco_err_set(e, -ENOENT, _("%s: serial %s is not in %s/index.txt"), cert_path, hex,
				  ca_dir);
		goto out;
	}
	if (lines[i].status == 'R') {
		rc = reco_err_set(e, -EALREADY, _("%s: serial %s was already revoked on %s"), cert_path,
				  hex, lines[i].revoked);
		goto out;
	}
	lines[i].status = 'R';
	reco_time_rfc3339(time(NULL), lines[i].revoked, sizeof(lines[i].revoked));
	rc = write_index(ca_dir, lines, n, e);
out:
	free(lines);
	X509_free(x);
	X509_free(cacert);
	EVP_PKEY_free(cakey);
	flock(lockfd, LOCK_UN);
	close(lockfd);
	ERR_clear_error();
	if (rc == 0) {
		int count;
		rc = reco_ca_crl(ca_dir, crl_days, &count, e);
	}
	return rc;
}

int reco_ca_crl(const char *ca_dir, int days, int *count, struct reco_err *e)
{
	EVP_PKEY *cakey = NULL;
	X509 *cacert = NULL;
	X509_CRL *crl = NULL;
	struct index_line *lines = NULL;
	BIGNUM *num = NULL;
	BIO *bio = NULL;
	size_t n = 0;
	*count = 0;
	int rc = load_ca(ca_dir, &cakey, &cacert, e);
	if (rc)
		return rc;
	rc = read_index(ca_dir, &lines, &n, e);
	if (rc)
		goto out;
	num = read_counter(ca_dir, "crlnumber");
	if (!num) {
		rc = reco_err_set(e, -EINVAL, _("%s/crlnumber: unreadable"), ca_dir);
		goto out;
	}
	crl = X509_CRL_new();
	time_t now = time(NULL);
	ASN1_TIME *t0 = ASN1_TIME_set(NULL, now), *t1 = ASN1_TIME_set(NULL, now + (time_t)days * 86400);
	int ok = crl && t0 && t1 && X509_CRL_set_version(crl, 1) &&
		 X509_CRL_set_issuer_name(crl, X509_get_subject_name(cacert)) &&
		 X509_CRL_set1_lastUpdate(crl, t0) && X509_CRL_set1_nextUpdate(crl, t1);
	ASN1_TIME_free(t0);
	ASN1_TIME_free(t1);
	for (size_t i = 0; ok && i < n; i++) {
		if (lines[i].status != 'R')
			continue;
		time_t when;
		BIGNUM *bn = NULL;
		X509_REVOKED *r = X509_REVOKED_new();
		ASN1_INTEGER *ai = NULL;
		ASN1_TIME *rt = NULL;
		if (reco_parse_rfc3339(lines[i].revoked, &when) != 0)
			when = now;
		ok = r && BN_hex2bn(&bn, lines[i].serial) > 0 && (ai = BN_to_ASN1_INTEGER(bn, NULL)) &&
		     (rt = ASN1_TIME_set(NULL, when)) && X509_REVOKED_set_serialNumber(r, ai) &&
		     X509_REVOKED_set_revocationDate(r, rt) && X509_CRL_add0_revoked(crl, r);
		if (!ok)
			X509_REVOKED_free(r);
		else
			(*count)++;
		BN_free(bn);
		ASN1_INTEGER_free(ai);
		ASN1_TIME_free(rt);
	}
	ASN1_INTEGER *crlnum = ok ? BN_to_ASN1_INTEGER(num, NULL) : NULL;
	ok = ok && crlnum && X509_CRL_sort(crl) &&
	     X509_CRL_add1_ext_i2d(crl, NID_crl_number, crlnum, 0, 0) == 1;
	ASN1_INTEGER_free(crlnum);
	if (ok) {
		X509V3_CTX ctx;
		X509V3_set_ctx_nodb(&ctx);
		X509V3_set_ctx(&ctx, cacert, NULL, NULL, crl, 0);
		X509_EXTENSION *aki = X509V3_EXT_conf_nid(NULL, &ctx, NID_authority_key_identifier,
							  "keyid:always");
		ok = aki && X509_CRL_add_ext(crl, aki, -1);
		X509_EXTENSION_free(aki);
	}
	if (!ok || X509_CRL_sign(crl, cakey, NULL) <= 0) {
		rc = reco_err_set(e, -EINVAL, _("cannot build the CRL"));
		goto out;
	}
	bio = BIO_new(BIO_s_mem());
	if (!bio || !PEM_write_bio_X509_CRL(bio, crl)) {
		rc = reco_err_set(e, -ENOMEM, _("out of memory"));
		goto out;
	}
	char p[PATH_MAX];
	path_in(p, sizeof(p), ca_dir, "crl.pem");
	rc = write_bio_file(p, bio, 0, e);
	if (rc == 0)
		rc = bump_counter(ca_dir, "crlnumber", num, e);
out:
	BIO_free(bio);
	BN_free(num);
	X509_CRL_free(crl);
	free(lines);
	X509_free(cacert);
	EVP_PKEY_free(cakey);
	ERR_clear_error();
	return rc;
}

int reco_cert_info(const char *pem, size_t len, struct reco_cert_info *info)
{
	memset(info, 0, sizeof(*info));
	BIO *b = BIO_new_mem_buf(pem, (int)len);
	X509 *x = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	if (!x) {
		ERR_clear_error();
		return -EINVAL;
	}
	X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, info->subject_cn,
				  sizeof(info->subject_cn));
	name_oneline(X509_get_subject_name(x), info->subject, sizeof(info->subject));
	name_oneline(X509_get_issuer_name(x), info->issuer, sizeof(info->issuer));
	serial_hex_of(x, info->serial_hex, sizeof(info->serial_hex));
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (X509_digest(x, EVP_sha256(), md, &mdlen) == 1)
		reco_hex(md, mdlen, info->sha256);
	struct tm tm;
	if (ASN1_TIME_to_tm(X509_get0_notBefore(x), &tm) == 1)
		info->not_before = timegm(&tm);
	if (ASN1_TIME_to_tm(X509_get0_notAfter(x), &tm) == 1)
		info->not_after = timegm(&tm);
	info->is_ca = X509_check_ca(x) != 0;
	EVP_PKEY *pk = X509_get0_pubkey(x);
	info->is_ed25519 = pk && EVP_PKEY_get_id(pk) == EVP_PKEY_ED25519;
	X509_free(x);
	ERR_clear_error();
	return 0;
}
