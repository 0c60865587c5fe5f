/*
 * sign.h — Ed25519 signatures over exact bytes, and the verification of a
 * sealed report (reports/README.md describes the scheme).
 *
 * A report is report.json (canonical JSON, schema reco-report/1), beside it
 * report.json.sig (the raw 64-byte Ed25519 signature over the exact bytes of
 * report.json; no hashing, no CMS) and station.pem (the station's X.509
 * certificate, issued by the association's CA).  Verification checks, in
 * this order: the signature over the bytes with the certificate's key; the
 * report's strict canonical form; that the report names this certificate
 * (station.certificate_sha256); the chain to the CA given, with validity
 * judged at the report's `created` time; revocation against the CRL given.
 *
 * Like all of libreco, nothing here prints or exits.
 */
#ifndef RECO_SIGN_H
#define RECO_SIGN_H

#include <stddef.h>
#include <time.h>

#include "reco.h"

enum reco_verify_status {
	RECO_VERIFY_OK = 0,
	RECO_VERIFY_BAD_SIGNATURE, /* content changed, or signed by another key */
	RECO_VERIFY_UNKNOWN_CA,    /* the certificate does not chain to the CA */
	RECO_VERIFY_REVOKED,       /* the station certificate is in the CRL */
	RECO_VERIFY_EXPIRED,       /* not valid at the report's creation time */
	RECO_VERIFY_MALFORMED,     /* report, signature, certificate or CRL unreadable */
	RECO_VERIFY_UNCERTIFIED,   /* the report says station: uncertified (not signed) */
};

struct reco_verify {
	enum reco_verify_status status;
	char reason[512];       /* one sentence, subject first (gettext: the
				 * language of LC_MESSAGES) */
	char station[256];      /* station name (certificate CN), when known */
	char cert_sha256[65];   /* SHA-256 of the certificate (DER), when known */
	char report_sha256[65]; /* SHA-256 of the report bytes */
};

/* Verifies a report held in memory.  cert_pem may be NULL (cert_len 0) and
 * sig NULL for an unsigned report: the result is then UNCERTIFIED when the
 * report says so, MALFORMED otherwise.  0 when the checks could run (result
 * in out->status), -errno on I/O failure reading the CA or CRL file
 * (-ENOENT when missing). */
int reco_report_verify_mem(const unsigned char *report, size_t report_len,
			   const unsigned char *sig, size_t sig_len, const char *cert_pem, size_t cert_len,
			   const char *ca_pem_path, const char *crl_pem_path /* may be NULL */,
			   struct reco_verify *out);

/* Same, except that when the report says its station's clock was not
 * synchronised (clock.synchronised false) and unsync_at is not 0, the
 * certificate's validity is judged at unsync_at (the registry's import
 * time) instead of the report's `created` time, which is then only the
 * station's word. */
int reco_report_verify_mem_at(const unsigned char *report, size_t report_len,
			      const unsigned char *sig, size_t sig_len, const char *cert_pem, size_t cert_len,
			      const char *ca_pem_path, const char *crl_pem_path, time_t unsync_at,
			      struct reco_verify *out);

/* Same, reading report_path, report_path + ".sig" and station.pem in the same
 * directory.  A missing .sig or station.pem is not an I/O error when the
 * report says it is uncertified (status UNCERTIFIED).  -errno when a file
 * cannot be read. */
int reco_report_verify_files(const char *report_path, const char *ca_pem_path,
			     const char *crl_pem_path, struct reco_verify *out);

/* Short English name of a status ("ok", "bad-signature", "unknown-ca",
 * "revoked", "expired", "malformed", "uncertified"), for JSON output. */
const char *reco_verify_status_name(enum reco_verify_status s);

/* Strict reading of report bytes: valid UTF-8 JSON object, no duplicate keys,
 * no reals, exactly canonical (re-serialising gives the
 * same bytes), schema "reco-report/1" and the required top-level keys.
 * Returns the parsed document (caller json_decref's it, as a void * so that
 * this header does not need jansson) or NULL with the reason in e. */
void *reco_report_parse(const unsigned char *buf, size_t len, struct reco_err *e);

/* SHA-256 of data as lower-case hex (65 bytes). */
void reco_sha256_hex(const void *data, size_t len, char out[65]);

/* ---- signing (the station side) ---------------------------------------- */

struct reco_key; /* an Ed25519 private key held in memory */

/* Loads a PEM (PKCS#8) Ed25519 private key.  Refuses (-EPERM) a key file
 * that group or others may read (except on FAT/exFAT, which have no
 * permissions: there the mount options protect it), -EINVAL for anything
 * but Ed25519.  The file
 * bytes are cleared from memory after parsing. */
int reco_key_load(const char *path, struct reco_key **key, struct reco_err *e);

/* The key as an OpenSSL EVP_PKEY * (borrowed; for x509.c). */
void *reco_key_evp(struct reco_key *key);

/* Frees a key (the library clears it). */
void reco_key_free(struct reco_key *key);

/* Signs exactly len bytes: sig receives the 64-byte Ed25519 signature. */
int reco_key_sign(struct reco_key *key, const void *data, size_t len, unsigned char sig[64]);

/* The key's public half as PEM (SubjectPublicKeyInfo, malloc'd) and the
 * SHA-256 of its raw 32 bytes (hex), either may be NULL.  0 or -ENOMEM. */
int reco_key_public(struct reco_key *key, char **pem, char sha256_hex[65]);

/* Verifies a raw 64-byte Ed25519 signature over exactly len bytes with the
 * public key in pub_pem.  1 valid, 0 not, -EINVAL when the PEM is not an
 * Ed25519 public key. */
int reco_sig_verify_pem(const char *pub_pem, size_t pub_len, const void *data, size_t len,
			const unsigned char *sig, size_t sig_len);

/* 1 when the key is the private half of the certificate's public key, 0 if
 * not, -EINVAL when the PEM certificate cannot be read. */
int reco_key_matches_cert(struct reco_key *key, const char *cert_pem, size_t cert_len);

#endif
