/*
 * checkpoint.c — signed checkpoints of the event chain's head.
 *
 * A checkpoint is the canonical JSON (sorted keys, compact)
 *     {"at":"<RFC 3339>","events":N,"head":"<hash of event N>",
 *      "registry_key_sha256":"<SHA-256 of the raw public key>",
 *      "schema":"reco-checkpoint/1"}
 * signed like a report or a receipt: a raw 64-byte Ed25519 signature over
 * its exact bytes by the registry key (regkey.c, kept out of the database),
 * so that `openssl pkeyutl -verify -pubin -inkey registry-pub.pem -rawin
 * -in checkpoint.json -sigfile checkpoint.json.sig` checks it.  Anyone who
 * kept one can later prove that none of the first N events was removed or
 * rewritten (audit.c).
 *
 * One is signed inside every transaction that appends events, just before
 * it commits (reg_commit): every import batch and every state change.  It is
 * refused when events since the previous checkpoint were not appended by
 * this very transaction — rows inserted behind reco's back are never
 * laundered into a signed head.  Checkpoints are stored in `checkpoints`
 * (append-only, like `events`) and handed out as two files (checkpoint.json
 * and .sig) or as the envelope {"checkpoint": "<the exact bytes>",
 * "signature": "<base64>"} inside JSON documents.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/sign.h"
#include "lib/util.h"
#include "registry.h"

void reg_checkpoint_release(struct reg_checkpoint *c)
{
	free(c->body);
	memset(c, 0, sizeof(*c));
}

int reg_checkpoint_parse(const char *body, size_t len, struct reg_checkpoint *c, struct reco_err *e)
{
	json_error_t jerr;
	memset(c, 0, sizeof(*c));
	json_t *o = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
	const char *schema = json_string_value(json_object_get(o, "schema"));
	const char *head = json_string_value(json_object_get(o, "head"));
	const char *at = json_string_value(json_object_get(o, "at"));
	const char *key = json_string_value(json_object_get(o, "registry_key_sha256"));
	json_t *n = json_object_get(o, "events");
	char *canon = o ? reco_json_canonical(o) : NULL;
	int rc = 0;
	if (!schema || strcmp(schema, "reco-checkpoint/1") || !json_is_integer(n) ||
	    json_integer_value(n) < 1 || !head || strlen(head) != 64 || !at || strlen(at) >= sizeof(c->at) ||
	    !key || strlen(key) != 64)
		rc = reco_err_set(e, -EINVAL, _("not a reco-checkpoint/1 document"));
	else if (!canon || strlen(canon) != len || memcmp(canon, body, len))
		rc = reco_err_set(e, -EINVAL, _("checkpoint: not in canonical form (its bytes were changed)"));
	if (!rc) {
		c->events = json_integer_value(n);
		snprintf(c->head, sizeof(c->head), "%s", head);
		snprintf(c->at, sizeof(c->at), "%s", at);
		snprintf(c->key_sha256, sizeof(c->key_sha256), "%s", key);
		c->body = strndup(body, len);
		if (!c->body)
			rc = reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
	}
	free(canon);
	json_decref(o);
	return rc;
}

/* base64 of the 64-byte signature into out (89 bytes). */
static void sig64_encode(const unsigned char sig[64], char out[89])
{
	EVP_EncodeBlock((unsigned char *)out, sig, 64);
}

static int sig64_decode(const char *in, unsigned char sig[64])
{
	unsigned char buf[96];
	size_t n = strlen(in);
	if (n != 88 || strcmp(in + 86, "=="))
		return -1;
	if (EVP_DecodeBlock(buf, (const unsigned char *)in, (int)n) != 66)
		return -1;
	memcpy(sig, buf, 64);
	return 0;
}

/* The stored checkpoint of `events` events, or the latest when 0. */
int reg_checkpoint_get(struct registry *r, long long events, struct reg_checkpoint *c, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	char n[24];
	snprintf(n, sizeof(n), "%lld", events);
	memset(c, 0, sizeof(*c));
	int rc = rdb_q(r->db, &res, e,
		       "SELECT body, signature FROM checkpoints WHERE ? = '0' OR events = CAST(? AS BIGINT)"
		       " ORDER BY events DESC LIMIT 1", n, n);
	if (rc)
		return rc;
	if (!res->nrows) {
		rdb_res_free(res);
		return events ? reco_err_set(e, -ENOENT, _("no checkpoint of %lld events"), events) : 0;
	}
	rc = reg_checkpoint_get_row(rdb_val(res, 0, 0), rdb_val(res, 0, 1), c, e);
	rdb_res_free(res);
	return rc;
}

int reg_checkpoint_get_row(const char *body, const char *sig64, struct reg_checkpoint *c,
			   struct reco_err *e)
{
	int rc = reg_checkpoint_parse(body, strlen(body), c, e);
	if (!rc && sig64_decode(sig64, c->sig))
		rc = reco_err_set(e, -EBADMSG, _("checkpoint of %lld events: stored signature is not base64"),
				  c->events);
	if (rc)
		reg_checkpoint_release(c);
	return rc;
}

/* Head of the chain: *n events, hash of the last one (zeros when none). */
static int chain_head(struct registry *r, long long *n, char hash[65], struct reco_err *e)
{
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT ?", "1");
	if (rc)
		return rc;
	*n = res->nrows ? atoll(rdb_val(res, 0, 0)) : 0;
	snprintf(hash, 65, "%s", res->nrows ? rdb_val(res, 0, 1) : "");
	rdb_res_free(res);
	return 0;
}

static int event_hash_at(struct registry *r, long long seq, char hash[65], struct reco_err *e)
{
	struct rdb_res *res = NULL;
	char s[24];
	snprintf(s, sizeof(s), "%lld", seq);
	int rc = rdb_q(r->db, &res, e, "SELECT hash FROM events WHERE seq = CAST(? AS BIGINT)", s);
	if (rc)
		return rc;
	snprintf(hash, 65, "%s", res->nrows ? rdb_val(res, 0, 0) : "");
	rdb_res_free(res);
	return 0;
}

/* Where the first checkpoint of a registry starts: 0, or the number of
 * events written before checkpoints existed (schema v4 records it). */
static long long checkpoint_base(struct registry *r, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	if (rdb_q(r->db, &res, e, "SELECT value FROM meta WHERE key = ?", "checkpoint_base"))
		return -1;
	long long b = res->nrows ? atoll(rdb_val(res, 0, 0)) : 0;
	rdb_res_free(res);
	return b;
}

int reg_checkpoint_locked(struct registry *r, struct reco_err *e)
{
	long long n;
	char head[65];
	int rc = chain_head(r, &n, head, e);
	if (rc || n == 0)
		return rc;
	struct reg_checkpoint last;
	rc = reg_checkpoint_get(r, 0, &last, e);
	if (rc)
		return rc;
	if (last.body && last.events == n && !strcmp(last.head, head)) {
		reg_checkpoint_release(&last);
		return 0;
	}
	/* what this transaction found when it began appending */
	long long base = r->base_txn == rdb_txn_id(r->db) ? r->txn_base : n;
	long long expected = last.body ? last.events : checkpoint_base(r, e);
	struct reco_key *k = NULL;
	char keysha[65], prev_hash[65] = "";
	char *pub = NULL;
	if (expected < 0) {
		rc = e->code;
		goto out;
	}
	if (base != expected) {
		rc = reco_err_set(e, -EBADMSG,
				  _("events %lld to %lld were added outside reco: no signed checkpoint covers them "
				    "(run 'reco registry audit')"), expected + 1, base);
		goto out;
	}
	rc = reg_key_load(r, &k, e);
	if (!rc && reco_key_public(k, &pub, keysha))
		rc = reco_err_set(e, -EIO, _("cannot read the registry key"));
	if (rc)
		goto out;
	if (last.body) {
		/* the previous checkpoint must be genuine and still match the chain */
		if (reco_sig_verify_pem(pub, strlen(pub), last.body, strlen(last.body), last.sig, 64) != 1 ||
		    (rc = event_hash_at(r, last.events, prev_hash, e)) != 0 || strcmp(prev_hash, last.head)) {
			if (!rc)
				rc = reco_err_set(e, -EBADMSG,
						  _("the checkpoint of %lld events does not match the event log "
						    "(run 'reco registry audit')"), last.events);
			goto out;
		}
	}
	char at[32];
	reg_now(at);
	json_t *o = json_pack("{s:s,s:I,s:s,s:s,s:s}", "schema", "reco-checkpoint/1", "events",
			      (json_int_t)n, "head", head, "at", at, "registry_key_sha256", keysha);
	char *body = o ? reco_json_canonical(o) : NULL;
	json_decref(o);
	unsigned char sig[64];
	char sig64[89], ns[24];
	if (!body || reco_key_sign(k, body, strlen(body), sig)) {
		free(body);
		rc = reco_err_set(e, -EIO, _("cannot sign the checkpoint"));
		goto out;
	}
	sig64_encode(sig, sig64);
	snprintf(ns, sizeof(ns), "%lld", n);
	rc = rdb_q(r->db, NULL, e, "INSERT INTO checkpoints (events, body, signature) VALUES (?, ?, ?)",
		   ns, body, sig64);
	free(body);
out:
	free(pub);
	reco_key_free(k);
	reg_checkpoint_release(&last);
	return rc;
}

int reg_commit(struct registry *r, struct reco_err *e)
{
	int rc = reg_checkpoint_locked(r, e);
	if (rc) {
		rdb_rollback(r->db);
		return rc;
	}
	rc = rdb_commit(r->db, e);
	if (rc)
		rdb_rollback(r->db);
	return rc;
}

int reg_checkpoint_now(struct registry *r, struct reg_checkpoint *c, struct reco_err *e)
{
	int rc = rdb_begin_exclusive(r->db, e);
	if (rc)
		return rc;
	rc = reg_commit(r, e);
	if (!rc)
		rc = reg_checkpoint_get(r, 0, c, e);
	if (!rc && !c->body)
		rc = reco_err_set(e, -ENOENT, _("the event log is empty: nothing to vouch for yet"));
	return rc;
}

json_t *reg_checkpoint_envelope(const struct reg_checkpoint *c)
{
	if (!c->body)
		return json_null();
	char sig64[89];
	sig64_encode(c->sig, sig64);
	return json_pack("{s:s,s:s}", "checkpoint", c->body, "signature", sig64);
}

int reg_checkpoint_write(const struct reg_checkpoint *c, const char *path, struct reco_err *e)
{
	char *sigp = reco_asprintf("%s.sig", path);
	int rc = sigp ? reco_write_file_atomic(path, c->body, strlen(c->body), 0644) : -ENOMEM;
	if (!rc)
		rc = reco_write_file_atomic(sigp, c->sig, 64, 0644);
	if (rc)
		reco_err_set(e, rc, "%s: %s", path, strerror(-rc));
	free(sigp);
	return rc;
}

/* An envelope object: its checkpoint bytes and signature. */
static int from_envelope(json_t *env, struct reg_checkpoint *c, struct reco_err *e)
{
	const char *body = json_string_value(json_object_get(env, "checkpoint"));
	const char *sig = json_string_value(json_object_get(env, "signature"));
	if (!body || !sig)
		return reco_err_set(e, -EINVAL, _("no checkpoint in this document"));
	int rc = reg_checkpoint_parse(body, strlen(body), c, e);
	if (!rc && sig64_decode(sig, c->sig)) {
		reg_checkpoint_release(c);
		rc = reco_err_set(e, -EINVAL, _("checkpoint signature is not 64 bytes of base64"));
	}
	return rc;
}

int reg_checkpoint_read_file(const char *path, struct reg_checkpoint *c, struct reco_err *e)
{
	unsigned char *data = NULL, *sig = NULL;
	size_t len = 0, slen = 0;
	memset(c, 0, sizeof(*c));
	int rc = reg_read_file(path, 1u << 20, &data, &len);
	if (rc)
		return reco_err_set(e, rc, "%s: %s", path, strerror(-rc));
	json_t *o = json_loadb((const char *)data, len, JSON_REJECT_DUPLICATES, NULL);
	const char *schema = json_string_value(json_object_get(o, "schema"));
	if (schema && !strcmp(schema, "reco-checkpoint/1")) {
		/* the two-file form: exact bytes here, raw signature beside */
		char *sigp = reco_asprintf("%s.sig", path);
		rc = reg_checkpoint_parse((const char *)data, len, c, e);
		if (!rc && (reg_read_file(sigp, 4096, &sig, &slen) || slen != 64))
			rc = reco_err_set(e, -EINVAL, _("%s: missing or not a 64-byte signature"), sigp);
		if (!rc)
			memcpy(c->sig, sig, 64);
		free(sigp);
	} else if (json_is_object(o)) {
		/* an envelope, at the top (API) or under "checkpoint" (stats, receipt) */
		json_t *env = json_is_object(json_object_get(o, "checkpoint")) ? json_object_get(o, "checkpoint") : o;
		rc = from_envelope(env, c, e);
		if (rc)
			reco_err_set(e, rc, "%s: %s", path, e->msg);
	} else {
		rc = reco_err_set(e, -EINVAL, _("%s: not a checkpoint (JSON expected)"), path);
	}
	if (rc)
		reg_checkpoint_release(c);
	json_decref(o);
	free(data);
	free(sig);
	return rc;
}
