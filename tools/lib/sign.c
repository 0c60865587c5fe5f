/*
 * sign.c — Ed25519 signatures over exact bytes and report verification
 * (see sign.h; the scheme is in reports/README.md).
 *
 * OpenSSL 3 (libcrypto) does the cryptography: EVP_DigestVerify with a NULL
 * digest is "pure" Ed25519 (RFC 8032) over the message bytes, the same
 * operation as `openssl pkeyutl -verify -rawin`.  The chain is checked with
 * an X509_STORE whose time is the report's `created` field.
 */
#include "sign.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <linux/magic.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "i18n.h"
#include "json.h"
#include "sysroot.h"
#include "util.h"
#include "x509.h"

#define REPORT_MAX (64u << 20)
#define PEM_MAX (1u << 20)
#define EXFAT_SUPER_MAGIC_ 0x2011BAB0 /* not in every linux/magic.h */

struct reco_key {
	EVP_PKEY *pkey;
};

const char *reco_verify_status_name(enum reco_verify_status s)
{
	switch (s) {
	case RECO_VERIFY_OK: return "ok";
	case RECO_VERIFY_BAD_SIGNATURE: return "bad-signature";
	case RECO_VERIFY_UNKNOWN_CA: return "unknown-ca";
	case RECO_VERIFY_REVOKED: return "revoked";
	case RECO_VERIFY_EXPIRED: return "expired";
	case RECO_VERIFY_MALFORMED: return "malformed";
	case RECO_VERIFY_UNCERTIFIED: return "uncertified";
	}
	return "unknown";
}

void reco_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	SHA256(data, len, md);
	reco_hex(md, sizeof(md), out);
}

/* ---- strict report parsing --------------------------------------------- */

/* No reals anywhere: they have no canonical form.  (Integers, strings,
 * booleans and null serialise canonically; the session files use booleans
 * for flags such as wipe's "resumed".) */
static const char *forbidden_type(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_REAL: return "a real number";
	case JSON_OBJECT: {
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)v, k, x) {
			const char *f = forbidden_type(x);
			if (f)
				return f;
		}
		return NULL;
	}
	case JSON_ARRAY: {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) {
			const char *f = forbidden_type(x);
			if (f)
				return f;
		}
		return NULL;
	}
	default: return NULL;
	}
}

void *reco_report_parse(const unsigned char *buf, size_t len, struct reco_err *e)
{
	json_error_t je;
	if (len == 0) {
		reco_err_set(e, -EINVAL, _("report: empty"));
		return NULL;
	}
	if (memchr(buf, '\0', len)) {
		reco_err_set(e, -EINVAL, _("report: contains a NUL byte"));
		return NULL;
	}
	json_t *doc = json_loadb((const char *)buf, len, JSON_REJECT_DUPLICATES, &je);
	if (!doc) {
		reco_err_set(e, -EINVAL, _("report: not valid JSON (line %d, column %d: %s)"), je.line,
			     je.column, je.text);
		return NULL;
	}
	if (!json_is_object(doc)) {
		reco_err_set(e, -EINVAL, _("report: not a JSON object"));
		goto bad;
	}
	const char *f = forbidden_type(doc);
	if (f) {
		reco_err_set(e, -EINVAL, _("report: holds %s (integers and strings only, no reals)"), f);
		goto bad;
	}
	char *canon = reco_json_canonical(doc);
	if (!canon) {
		reco_err_set(e, -ENOMEM, _("report: out of memory"));
		goto bad;
	}
	size_t clen = strlen(canon);
	int same = clen == len && memcmp(canon, buf, len) == 0;
	free(canon);
	if (!same) {
		reco_err_set(e, -EINVAL,
			     _("report: not in canonical form (sorted keys, compact, no trailing newline)"));
		goto bad;
	}
	const char *schema = json_string_value(json_object_get(doc, "schema"));
	if (!schema || strcmp(schema, "reco-report/1") != 0) {
		reco_err_set(e, -EINVAL, _("report: schema is not reco-report/1"));
		goto bad;
	}
	static const char *const required[] = { "report_id", "created", "tool", "station", "device",
						"sources" };
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		if (!json_object_get(doc, required[i])) {
			reco_err_set(e, -EINVAL, _("report: missing \"%s\""), required[i]);
			goto bad;
		}
	}
	json_t *st = json_object_get(doc, "station");
	const char *created = json_string_value(json_object_get(doc, "created"));
	time_t t;
	if (!json_is_object(st) || !json_is_string(json_object_get(doc, "report_id")) || !created ||
	    reco_parse_rfc3339(created, &t) != 0 || !json_is_object(json_object_get(doc, "device"))) {
		reco_err_set(e, -EINVAL, _("report: report_id, created, station or device malformed"));
		goto bad;
	}
	const char *status = json_string_value(json_object_get(st, "status"));
	const char *fp = json_string_value(json_object_get(st, "certificate_sha256"));
	if (!(status && strcmp(status, "uncertified") == 0) && !(fp && strlen(fp) == 64)) {
		reco_err_set(e, -EINVAL, _("report: station has neither a certificate_sha256 nor status uncertified"));
		goto bad;
	}
	return doc;
bad:
	json_decref(doc);
	return NULL;
}

/* ---- verification ------------------------------------------------------ */

static void vset(struct reco_verify *out, enum reco_verify_status s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void vset(struct reco_verify *out, enum reco_verify_status s, const char *fmt, ...)
{
	va_list ap;
	out->status = s;
	va_start(ap, fmt);
	vsnprintf(out->reason, sizeof(out->reason), fmt, ap);
	va_end(ap);
}

static int report_is_uncertified(const unsigned char *report, size_t len)
{
	json_error_t je;
	json_t *doc = json_loadb((const char *)report, len, 0, &je);
	const char *s = json_string_value(json_object_get(json_object_get(doc, "station"), "status"));
	int r = s && strcmp(s, "uncertified") == 0;
	json_decref(doc);
	return r;
}

static int load_ca_store(X509_STORE *store, const char *ca_path, int *ncerts)
{
	unsigned char *buf;
	size_t len;
	int rc = reco_read_file(NULL, ca_path, (char **)&buf, &len, PEM_MAX);
	if (rc)
		return rc;
	BIO *bio = BIO_new_mem_buf(buf, (int)len);
	X509 *x;
	*ncerts = 0;
	while (bio && (x = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		X509_STORE_add_cert(store, x);
		X509_free(x);
		(*ncerts)++;
	}
	ERR_clear_error();
	BIO_free(bio);
	free(buf);
	return 0;
}

/* The CRL the caller gives is authoritative whatever its own dates: a CRL
 * published after the report (the usual case) is "not yet valid" at the
 * report's time, and revocation applies to every report signed with the key
 * (a stolen key can write any `created` date). */
static int verify_cb(int ok, X509_STORE_CTX *ctx)
{
	if (!ok) {
		int err = X509_STORE_CTX_get_error(ctx);
		if (err == X509_V_ERR_CRL_NOT_YET_VALID || err == X509_V_ERR_CRL_HAS_EXPIRED)
			return 1;
	}
	return ok;
}

int reco_report_verify_mem(const unsigned char *report, size_t report_len,
			   const unsigned char *sig, size_t sig_len, const char *cert_pem, size_t cert_len,
			   const char *ca_pem_path, const char *crl_pem_path, struct reco_verify *out)
{
	return reco_report_verify_mem_at(report, report_len, sig, sig_len, cert_pem, cert_len, ca_pem_path,
					 crl_pem_path, 0, out);
}

int reco_report_verify_mem_at(const unsigned char *report, size_t report_len,
			      const unsigned char *sig, size_t sig_len, const char *cert_pem, size_t cert_len,
			      const char *ca_pem_path, const char *crl_pem_path, time_t unsync_at,
			      struct reco_verify *out)
{
	int rc = 0;
	memset(out, 0, sizeof(*out));
	reco_sha256_hex(report ? (const void *)report : "", report ? report_len : 0, out->report_sha256);

	if (!report || report_len == 0) {
		vset(out, RECO_VERIFY_MALFORMED, _("report: empty"));
		return 0;
	}
	if (report_is_uncertified(report, report_len)) {
		struct reco_err e = { 0 };
		json_t *doc = reco_report_parse(report, report_len, &e);
		if (!doc)
			vset(out, RECO_VERIFY_MALFORMED, "%s", e.msg);
		else
			vset(out, RECO_VERIFY_UNCERTIFIED,
			     _("report: not signed (made by an uncertified station)"));
		json_decref(doc);
		return 0;
	}
	if (!sig || sig_len != 64) {
		vset(out, RECO_VERIFY_MALFORMED,
		     _("signature: expected 64 bytes (raw Ed25519), got %zu"), sig ? sig_len : 0);
		return 0;
	}
	if (!cert_pem || cert_len == 0 || cert_len > PEM_MAX) {
		vset(out, RECO_VERIFY_MALFORMED, _("certificate: missing or too large"));
		return 0;
	}

	X509 *cert = NULL;
	EVP_PKEY *pub = NULL;
	EVP_MD_CTX *mctx = NULL;
	X509_STORE *store = NULL;
	X509_STORE_CTX *sctx = NULL;
	json_t *doc = NULL;
	BIO *bio = BIO_new_mem_buf(cert_pem, (int)cert_len);
	cert = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	if (!cert) {
		vset(out, RECO_VERIFY_MALFORMED, _("certificate: not a PEM X.509 certificate"));
		goto done;
	}
	struct reco_cert_info ci;
	if (reco_cert_info(cert_pem, cert_len, &ci) == 0) {
		snprintf(out->station, sizeof(out->station), "%s", ci.subject_cn);
		memcpy(out->cert_sha256, ci.sha256, sizeof(out->cert_sha256));
	}
	pub = X509_get_pubkey(cert);
	if (!pub || EVP_PKEY_get_id(pub) != EVP_PKEY_ED25519) {
		vset(out, RECO_VERIFY_MALFORMED, _("certificate: the key is not Ed25519"));
		goto done;
	}

	/* 1. The signature over the exact bytes. */
	mctx = EVP_MD_CTX_new();
	if (!mctx || EVP_DigestVerifyInit(mctx, NULL, NULL, NULL, pub) != 1) {
		rc = -ENOMEM;
		goto done;
	}
	if (EVP_DigestVerify(mctx, sig, sig_len, report, report_len) != 1) {
		vset(out, RECO_VERIFY_BAD_SIGNATURE,
		     _("signature: does not match the report (content changed, or signed with another "
		       "key than the one of certificate %s)"), out->station);
		goto done;
	}

	/* 2. The signed bytes are a well-formed, canonical report. */
	struct reco_err e = { 0 };
	doc = reco_report_parse(report, report_len, &e);
	if (!doc) {
		vset(out, RECO_VERIFY_MALFORMED, "%s", e.msg);
		goto done;
	}

	/* 3. The report names this very certificate. */
	const char *fp = json_string_value(
		json_object_get(json_object_get(doc, "station"), "certificate_sha256"));
	if (!fp || strcmp(fp, out->cert_sha256) != 0) {
		vset(out, RECO_VERIFY_BAD_SIGNATURE,
		     _("signature: the report was sealed for certificate %.16s…, the certificate given is %.16s… (%s)"),
		     fp ? fp : "?", out->cert_sha256, out->station);
		goto done;
	}

	/* 4. Chain, validity at signing time, revocation. */
	const char *created = json_string_value(json_object_get(doc, "created"));
	time_t when;
	reco_parse_rfc3339(created, &when); /* checked by reco_report_parse */
	char at[160];
	if (unsync_at && json_is_false(json_object_get(json_object_get(doc, "clock"), "synchronised"))) {
		/* the station's clock was its own word only: judge at the caller's time */
		char t[32];
		when = unsync_at;
		reco_time_rfc3339(when, t, sizeof(t));
		snprintf(at, sizeof(at), _("%s (import time: the station's clock was not synchronised)"), t);
		created = at;
	}
	store = X509_STORE_new();
	if (!store) {
		rc = -ENOMEM;
		goto done;
	}
	int nca = 0;
	rc = load_ca_store(store, ca_pem_path, &nca);
	if (rc)
		goto done;
	if (nca == 0) {
		vset(out, RECO_VERIFY_MALFORMED, _("%s: no PEM certificate in the CA file"), ca_pem_path);
		goto done;
	}
	unsigned long flags = X509_V_FLAG_X509_STRICT;
	if (crl_pem_path) {
		unsigned char *cbuf;
		size_t clen;
		rc = reco_read_file(NULL, crl_pem_path, (char **)&cbuf, &clen, 16u << 20);
		if (rc)
			goto done;
		BIO *cb = BIO_new_mem_buf(cbuf, (int)clen);
		X509_CRL *crl = cb ? PEM_read_bio_X509_CRL(cb, NULL, NULL, NULL) : NULL;
		BIO_free(cb);
		free(cbuf);
		if (!crl) {
			vset(out, RECO_VERIFY_MALFORMED, _("%s: not a PEM X.509 CRL"), crl_pem_path);
			goto done;
		}
		X509_STORE_add_crl(store, crl);
		X509_CRL_free(crl);
		flags |= X509_V_FLAG_CRL_CHECK;
	}
	X509_STORE_set_flags(store, flags);
	X509_STORE_set_verify_cb(store, verify_cb);
	sctx = X509_STORE_CTX_new();
	if (!sctx || X509_STORE_CTX_init(sctx, store, cert, NULL) != 1) {
		rc = -ENOMEM;
		goto done;
	}
	X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(sctx), when);
	ERR_clear_error();
	if (X509_verify_cert(sctx) != 1) {
		int err = X509_STORE_CTX_get_error(sctx);
		const char *what = X509_verify_cert_error_string(err);
		switch (err) {
		case X509_V_ERR_CERT_REVOKED:
			vset(out, RECO_VERIFY_REVOKED, _("certificate: %s is revoked by the CRL %s"),
			     out->station, crl_pem_path);
			break;
		case X509_V_ERR_CERT_HAS_EXPIRED:
		case X509_V_ERR_CERT_NOT_YET_VALID: {
			char nb[32], na[32];
			reco_time_rfc3339(ci.not_before, nb, sizeof(nb));
			reco_time_rfc3339(ci.not_after, na, sizeof(na));
			vset(out, RECO_VERIFY_EXPIRED,
			     _("certificate: %s was not valid when the report was created (%s; valid from %s to %s)"),
			     out->station, created, nb, na);
			break;
		}
		case X509_V_ERR_UNABLE_TO_GET_CRL:
		case X509_V_ERR_CRL_SIGNATURE_FAILURE:
		case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
			vset(out, RECO_VERIFY_MALFORMED, _("%s: not a CRL of this CA (%s)"),
			     crl_pem_path ? crl_pem_path : "CRL", what);
			break;
		case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
		case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
		case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
		case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
			vset(out, RECO_VERIFY_UNKNOWN_CA,
			     _("certificate: %s is not issued by the CA in %s (issuer: %s)"), out->station,
			     ca_pem_path, ci.issuer);
			break;
		default:
			if (err == X509_V_ERR_CERT_SIGNATURE_FAILURE)
				vset(out, RECO_VERIFY_UNKNOWN_CA,
				     _("certificate: %s does not chain to the CA in %s (%s)"), out->station,
				     ca_pem_path, what);
			else
				vset(out, RECO_VERIFY_UNKNOWN_CA, _("certificate: %s: %s"), out->station, what);
		}
		goto done;
	}
	if (ci.is_ca || !(X509_get_key_usage(cert) & KU_DIGITAL_SIGNATURE)) {
		vset(out, RECO_VERIFY_UNKNOWN_CA,
		     _("certificate: %s is not a station certificate (CA:FALSE, digitalSignature)"),
		     out->station);
		goto done;
	}
	if (crl_pem_path)
		vset(out, RECO_VERIFY_OK,
		     _("signature, certificate chain, validity on %s and revocation: all good"), created);
	else
		vset(out, RECO_VERIFY_OK, _("signature, certificate chain and validity on %s: all good"),
		     created);
done:
	json_decref(doc);
	X509_STORE_CTX_free(sctx);
	X509_STORE_free(store);
	EVP_MD_CTX_free(mctx);
	EVP_PKEY_free(pub);
	X509_free(cert);
	ERR_clear_error();
	return rc;
}

int reco_report_verify_files(const char *report_path, const char *ca_pem_path,
			     const char *crl_pem_path, struct reco_verify *out)
{
	unsigned char *rep = NULL, *sig = NULL, *cert = NULL;
	size_t rlen = 0, slen = 0, clen = 0;
	char path[PATH_MAX];
	memset(out, 0, sizeof(*out));
	int rc = reco_read_file(NULL, report_path, (char **)&rep, &rlen, REPORT_MAX);
	if (rc)
		return rc;
	snprintf(path, sizeof(path), "%s.sig", report_path);
	int src = reco_read_file(NULL, path, (char **)&sig, &slen, 4096);
	const char *slash = strrchr(report_path, '/');
	if (slash)
		snprintf(path, sizeof(path), "%.*s/station.pem", (int)(slash - report_path), report_path);
	else
		snprintf(path, sizeof(path), "station.pem");
	int crc = reco_read_file(NULL, path, (char **)&cert, &clen, PEM_MAX);
	if ((src || crc) && !report_is_uncertified(rep, rlen)) {
		rc = src ? src : crc;
		goto out;
	}
	if (access(ca_pem_path, R_OK) != 0) {
		rc = -errno;
		goto out;
	}
	if (crl_pem_path && access(crl_pem_path, R_OK) != 0) {
		rc = -errno;
		goto out;
	}
	rc = reco_report_verify_mem(rep, rlen, sig, slen, (const char *)cert, clen, ca_pem_path,
				    crl_pem_path, out);
out:
	free(rep);
	free(sig);
	free(cert);
	return rc;
}

/* ---- signing ------------------------------------------------------------ */

int reco_key_load(const char *path, struct reco_key **key, struct reco_err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return reco_err_set(e, -errno, _("%s: %s"), path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return reco_err_set(e, -EINVAL, _("%s: not a regular file"), path);
	}
	/* FAT and exFAT (the stick's RECO-DATA partition) have no permissions:
	 * the mode is the mount's fmask, which chmod cannot change; there the
	 * live image's mount options (fmask=0177) are what protects the key. */
	struct statfs sfs;
	int no_perms = fstatfs(fd, &sfs) == 0 &&
		       (sfs.f_type == MSDOS_SUPER_MAGIC || sfs.f_type == EXFAT_SUPER_MAGIC_);
	if ((st.st_mode & 077) && !no_perms) {
		close(fd);
		return reco_err_set(e, -EPERM, _("%s: private key readable by others (mode %04o); chmod 600 it"),
				    path, (unsigned)(st.st_mode & 07777));
	}
	if (st.st_size <= 0 || st.st_size > 16384) {
		close(fd);
		return reco_err_set(e, -EINVAL, _("%s: not a private key (size)"), path);
	}
	size_t n = (size_t)st.st_size, got = 0;
	unsigned char *buf = OPENSSL_secure_malloc(n + 1);
	if (!buf)
		buf = OPENSSL_malloc(n + 1);
	if (!buf) {
		close(fd);
		return reco_err_set(e, -ENOMEM, _("out of memory"));
	}
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	BIO *bio = BIO_new_mem_buf(buf, (int)got);
	EVP_PKEY *pk = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	OPENSSL_cleanse(buf, n + 1);
	if (CRYPTO_secure_allocated(buf))
		OPENSSL_secure_free(buf);
	else
		OPENSSL_free(buf);
	ERR_clear_error();
	if (!pk)
		return reco_err_set(e, -EINVAL, _("%s: not a PEM private key (or encrypted)"), path);
	if (EVP_PKEY_get_id(pk) != EVP_PKEY_ED25519) {
		EVP_PKEY_free(pk);
		return reco_err_set(e, -EINVAL, _("%s: not an Ed25519 key"), path);
	}
	*key = calloc(1, sizeof(**key));
	if (!*key) {
		EVP_PKEY_free(pk);
		return reco_err_set(e, -ENOMEM, _("out of memory"));
	}
	(*key)->pkey = pk;
	return 0;
}

void *reco_key_evp(struct reco_key *key)
{
	return key->pkey;
}

void reco_key_free(struct reco_key *key)
{
	if (!key)
		return;
	EVP_PKEY_free(key->pkey); /* OpenSSL clears key material on free */
	free(key);
}

int reco_key_sign(struct reco_key *key, const void *data, size_t len, unsigned char sig[64])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t slen = 64;
	int ok = ctx && EVP_DigestSignInit(ctx, NULL, NULL, NULL, key->pkey) == 1 &&
		 EVP_DigestSign(ctx, sig, &slen, data, len) == 1 && slen == 64;
	EVP_MD_CTX_free(ctx);
	ERR_clear_error();
	return ok ? 0 : -EINVAL;
}

int reco_key_public(struct reco_key *key, char **pem, char sha256_hex[65])
{
	if (pem) {
		BIO *b = BIO_new(BIO_s_mem());
		char *d = NULL;
		long n = b && PEM_write_bio_PUBKEY(b, key->pkey) ? BIO_get_mem_data(b, &d) : -1;
		*pem = n > 0 ? strndup(d, (size_t)n) : NULL;
		BIO_free(b);
		if (!*pem)
			return -ENOMEM;
	}
	if (sha256_hex) {
		unsigned char raw[32];
		size_t n = sizeof(raw);
		if (EVP_PKEY_get_raw_public_key(key->pkey, raw, &n) != 1)
			return -EINVAL;
		reco_sha256_hex(raw, n, sha256_hex);
	}
	ERR_clear_error();
	return 0;
}

int reco_sig_verify_pem(const char *pub_pem, size_t pub_len, const void *data, size_t len,
			const unsigned char *sig, size_t sig_len)
{
	BIO *b = BIO_new_mem_buf(pub_pem, (int)pub_len);
	EVP_PKEY *pk = b ? PEM_read_bio_PUBKEY(b, NULL, NULL, NULL) : NULL;
	BIO_free(b);
	if (!pk || EVP_PKEY_get_id(pk) != EVP_PKEY_ED25519) {
		EVP_PKEY_free(pk);
		ERR_clear_error();
		return -EINVAL;
	}
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok = ctx && sig_len == 64 && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pk) == 1 &&
		 EVP_DigestVerify(ctx, sig, sig_len, data, len) == 1;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pk);
	ERR_clear_error();
	return ok;
}

int reco_key_matches_cert(struct reco_key *key, const char *cert_pem, size_t cert_len)
{
	BIO *bio = BIO_new_mem_buf(cert_pem, (int)cert_len);
	X509 *x = bio ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
	BIO_free(bio);
	if (!x) {
		ERR_clear_error();
		return -EINVAL;
	}
	EVP_PKEY *pub = X509_get0_pubkey(x);
	int r = pub && EVP_PKEY_eq(pub, key->pkey) == 1;
	X509_free(x);
	ERR_clear_error();
	return r;
}
