/*
 * regkey.c — the registry's own Ed25519 key, which signs allocation
 * receipts and checkpoints of the event chain.
 *
 * It lives in the data directory, never in the database, so that whoever
 * can write the database cannot sign: registry-key.pem (PKCS#8, 0600) and
 * registry-pub.pem (the public key to hand to funders).  The tooling is
 * libreco's, as for station keys: created on first use by reco_key_create
 * (exclusive, written whole before it appears, so parallel first uses agree
 * on one key), loaded by reco_key_load (which refuses a key file others may
 * read), signatures by reco_key_sign: raw Ed25519 over exact bytes, which
 * `openssl pkeyutl -verify -rawin` checks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/sign.h"
#include "lib/util.h"
#include "lib/x509.h"
#include "registry.h"

int reg_key_load(struct registry *r, struct reco_key **key, struct reco_err *e)
{
	char *path = reco_asprintf("%s/registry-key.pem", r->data_dir);
	char *pub = reco_asprintf("%s/registry-pub.pem", r->data_dir);
	int rc = path && pub ? 0 : reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
	if (!rc && access(path, F_OK) != 0 && errno == ENOENT) {
		rc = reco_key_create(path, pub, e);
		if (rc == -EEXIST) /* another process created it first */
			rc = 0;
	}
	if (!rc)
		rc = reco_key_load(path, key, e);
	if (!rc && access(pub, F_OK) != 0) {
		char *pem = NULL;
		if (reco_key_public(*key, &pem, NULL) == 0)
			reco_write_file_atomic(pub, pem, strlen(pem), 0644);
		free(pem);
	}
	free(path);
	free(pub);
	return rc;
}

int reg_key_public_pem(struct registry *r, char **pem, struct reco_err *e)
{
	struct reco_key *k = NULL;
	int rc = reg_key_load(r, &k, e);
	if (rc)
		return rc;
	rc = reco_key_public(k, pem, NULL);
	reco_key_free(k);
	return rc ? reco_err_set(e, rc, "%s", strerror(-rc)) : 0;
}

int reg_sign(struct registry *r, const void *data, size_t len, unsigned char sig[64], char keysha[65],
	     struct reco_err *e)
{
	struct reco_key *k = NULL;
	int rc = reg_key_load(r, &k, e);
	if (rc)
		return rc;
	if (keysha && reco_key_public(k, NULL, keysha))
		rc = reco_err_set(e, -EIO, _("cannot read the registry key"));
	if (!rc && reco_key_sign(k, data, len, sig))
		rc = reco_err_set(e, -EIO, _("cannot sign with the registry key"));
	reco_key_free(k);
	return rc;
}

int reg_verify(struct registry *r, const char *pub_path, const void *data, size_t len,
	       const unsigned char *sig, size_t siglen, struct reco_err *e)
{
	char *pem = NULL;
	size_t plen = 0;
	int rc;
	if (pub_path) {
		unsigned char *d = NULL;
		rc = reg_read_file(pub_path, 65536, &d, &plen);
		if (rc)
			return reco_err_set(e, rc, "%s: %s", pub_path, strerror(-rc));
		pem = (char *)d;
	} else {
		rc = reg_key_public_pem(r, &pem, e);
		if (rc)
			return rc;
		plen = strlen(pem);
	}
	int ok = reco_sig_verify_pem(pem, plen, data, len, sig, siglen);
	free(pem);
	if (ok < 0)
		return reco_err_set(e, -EINVAL, _("%s: not an Ed25519 public key"),
				    pub_path ? pub_path : "registry-pub.pem");
	return ok ? 0 : reco_err_set(e, -EBADMSG, _("the signature does not verify with the registry key"));
}
