/*
 * x509.h — the association's small certificate authority (reco keys).
 *
 * Everything is Ed25519 (RFC 8410) in X.509 v3 (RFC 5280), written as PEM so
 * that the openssl command line reads every file.  A CA directory holds:
 *   ca.key      the CA private key (PKCS#8 PEM, mode 0600, never overwritten)
 *   ca.pem      the self-signed CA certificate (CA:TRUE, keyCertSign, cRLSign)
 *   serial      the next serial number to issue, in hex, one line
 *   crlnumber   the next CRL number, in hex, one line
 *   index.txt   one line per issued certificate, tab-separated:
 *               V|R  serial(hex)  not_after  revoked_at|-  subject
 *               (times as RFC 3339 UTC)
 *   crl.pem     the latest CRL (written by revoke and crl)
 *   certs/<serial>.pem  a copy of every issued certificate
 * A station directory holds station.key (0600) and station.csr; certify
 * turns the request into station.pem.
 *
 * Private keys are created with O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600; their
 * serialised bytes are cleared from memory after writing.  Nothing here
 * prints or exits.
 */
#ifndef RECO_X509_H
#define RECO_X509_H

#include <stddef.h>
#include <time.h>

#include "reco.h"

/* Creates dir (0700) if needed, then ca.key, ca.pem, serial, crlnumber,
 * index.txt and an empty crl.pem.  A CA already there is never replaced
 * (-EEXIST).  days: certificate validity from not_before (0: now). */
int reco_ca_init(const char *dir, const char *org, int days, time_t not_before,
		 struct reco_err *e);

/* Creates dir if needed, then station.key (0600, exclusive) and station.csr
 * (subject CN=name, O=org when org is not NULL). */
int reco_station_init(const char *dir, const char *name, const char *org, struct reco_err *e);

/* Creates an Ed25519 key for a signer that is not a certified station (the
 * registry signs receipts and checkpoints with one): key_path (PKCS#8 PEM,
 * 0600, written under a temporary name then linked into place, so that it
 * appears whole or not at all; -EEXIST when a key is already there, never
 * overwritten) and, when pub_path is not NULL, its public key (PEM, 0644,
 * replaced atomically).  Load it with reco_key_load (sign.h). */
int reco_key_create(const char *key_path, const char *pub_path, struct reco_err *e);

/* Validity of an issued certificate: [not_before, not_after].  When both are
 * 0 it is [now, now + days]. */
struct reco_validity {
	int days;
	time_t not_before, not_after;
};

/* Issues a certificate for the request in csr_path (its self-signature is
 * checked, its key must be Ed25519), records it in the CA's index and writes
 * it to out_path (created exclusively; -EEXIST if there).  serial_hex
 * receives the serial number issued (at least 41 bytes). */
int reco_ca_certify(const char *ca_dir, const char *csr_path, const struct reco_validity *v,
		    const char *out_path, char *serial_hex, size_t serial_size, struct reco_err *e);

/* Marks the certificate in cert_path revoked in the CA's index (it must have
 * been issued by this CA), then writes a fresh crl.pem valid `days`.
 * -EALREADY when it already was revoked. */
int reco_ca_revoke(const char *ca_dir, const char *cert_path, int crl_days, struct reco_err *e);

/* Writes ca_dir/crl.pem listing every revoked certificate, valid `days`.
 * *count receives the number of entries. */
int reco_ca_crl(const char *ca_dir, int days, int *count, struct reco_err *e);

/* Facts about a PEM certificate, for people and reports. */
struct reco_cert_info {
	char subject_cn[256];
	char subject[512];   /* one line, RFC 2253 */
	char issuer[512];
	char serial_hex[80];
	char sha256[65];     /* of the DER encoding */
	time_t not_before, not_after;
	int is_ca;
	int is_ed25519;
};
int reco_cert_info(const char *pem, size_t len, struct reco_cert_info *info);

/* Parses "2026-11-28T18:01:00Z" (UTC only).  0 or -EINVAL. */
int reco_parse_rfc3339(const char *s, time_t *t);

#endif
