/*
 * lifecycle.c — device states, enforced transitions and the append-only,
 * hash-chained event log.
 *
 * States (DESIGN.md): received → tested → wiped → ready → allocated →
 * delivered → returned / recycled.  A returned machine goes back to tested
 * (or is recycled); an allocation can be cancelled (allocated → ready); a
 * machine can be recycled from any state before allocation.
 *
 * Events: seq 1, 2, 3... each with hash = SHA-256 of the canonical JSON of
 * {seq, at, actor, device_id, kind, from, to, detail, prev_hash} — all nine
 * always present, null for absent text, and text that is not valid UTF-8
 * refused rather than dropped — prev_hash being the previous event's hash
 * (64 zeros for the first).  The database
 * refuses UPDATE and DELETE on the table (triggers, schema.c); `audit`
 * recomputes the chain so that a row edited behind the triggers' back (or a
 * row removed from a copy) shows.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/util.h"
#include "lib/x509.h"
#include "registry.h"

const char *const reg_states[] = { "received", "tested", "wiped", "ready", "allocated",
				   "delivered", "returned", "recycled", NULL };

static const struct { const char *from, *to; } transitions[] = {
	{ "received", "tested" },  { "received", "recycled" },
	{ "tested", "wiped" },     { "tested", "recycled" },
	{ "wiped", "ready" },      { "wiped", "tested" },     { "wiped", "recycled" },
	{ "ready", "allocated" },  { "ready", "tested" },     { "ready", "recycled" },
	{ "allocated", "delivered" }, { "allocated", "ready" },
	{ "delivered", "returned" },
	{ "returned", "tested" },  { "returned", "recycled" },
};

int reg_state_valid(const char *s)
{
	for (int i = 0; s && reg_states[i]; i++)
		if (!strcmp(s, reg_states[i]))
			return 1;
	return 0;
}

int reg_transition_allowed(const char *from, const char *to)
{
	for (size_t i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++)
		if (!strcmp(transitions[i].from, from) && !strcmp(transitions[i].to, to))
			return 1;
	return 0;
}

void reg_now(char buf[32])
{
	const char *fake = getenv("RECO_REGISTRY_NOW");
	if (fake && *fake) {
		snprintf(buf, 32, "%s", fake);
		return;
	}
	reco_time_rfc3339(time(NULL), buf, 32);
}

time_t reg_now_time(void)
{
	char now[32];
	time_t t;
	reg_now(now);
	if (reco_parse_rfc3339(now, &t))
		t = time(NULL);
	return t;
}

/* Sets key to the text s (JSON null for NULL); -1 when s is not UTF-8. */
static int set_text(json_t *o, const char *key, const char *s)
{
	if (s && !reco_utf8_valid(s, strlen(s)))
		return -1;
	return json_object_set_new(o, key, s ? json_string(s) : json_null());
}

/* Hash of one event over its canonical JSON: every one of the nine fields
 * present (absent text is null), or no hash at all — -EILSEQ when a field is
 * not valid UTF-8, which the encoder could not represent faithfully. */
int reg_event_hash(long long seq, const char *at, const char *actor, const char *device,
		      const char *kind, const char *from, const char *to, const char *detail,
		      const char *prev, char out[65])
{
	json_t *o = json_object();
	if (!o)
		return -ENOMEM;
	int bad = json_object_set_new(o, "seq", json_integer(seq));
	bad |= set_text(o, "at", at);
	bad |= set_text(o, "actor", actor);
	bad |= set_text(o, "device_id", device);
	bad |= set_text(o, "kind", kind);
	bad |= set_text(o, "from", from);
	bad |= set_text(o, "to", to);
	bad |= set_text(o, "detail", detail);
	bad |= set_text(o, "prev_hash", prev);
	char *c = bad || json_object_size(o) != 9 ? NULL : reco_json_canonical(o);
	json_decref(o);
	if (!c)
		return bad ? -EILSEQ : -ENOMEM;
	reg_sha256_hex(c, strlen(c), out);
	free(c);
	return 0;
}

static const char zero_hash[] = "0000000000000000000000000000000000000000000000000000000000000000";

int reg_event_append(struct registry *r, const char *device_id, const char *kind,
		     const char *from, const char *to, const char *detail, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT ?", "1");
	if (rc)
		return rc;
	long long seq = 1;
	char prev[65];
	snprintf(prev, sizeof(prev), "%s", zero_hash);
	if (res->nrows) {
		seq = atoll(rdb_val(res, 0, 0)) + 1;
		snprintf(prev, sizeof(prev), "%s", rdb_val(res, 0, 1));
	}
	rdb_res_free(res);
	char at[32], hash[65], seqs[24];
	reg_now(at);
	const char *actor = r->actor && *r->actor ? r->actor : "unknown";
	rc = reg_event_hash(seq, at, actor, device_id, kind, from, to, detail, prev, hash);
	if (rc == -EILSEQ)
		return reco_err_set(e, rc, _("%s event: its text is not valid UTF-8"), kind);
	if (rc)
		return reco_err_set(e, rc, "%s", strerror(-rc));
	snprintf(seqs, sizeof(seqs), "%lld", seq);
	rc = rdb_q(r->db, NULL, e,
		   "INSERT INTO events (seq, at, actor, device_id, kind, from_state, to_state,"
		   " detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		   seqs, at, actor, device_id, kind, from, to, detail, prev, hash);
	if (rc)
		return rc;
	r->last_seq = seq;
	if (r->base_txn != rdb_txn_id(r->db)) {
		/* the head this transaction found: its checkpoint must cover it */
		r->base_txn = rdb_txn_id(r->db);
		r->txn_base = seq - 1;
	}
	return rc;
}

int reg_transition_locked(struct registry *r, const char *device_id, const char *to,
			  const char *detail, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	if (!reg_state_valid(to))
		return reco_err_set(e, -EINVAL, _("%s: unknown state"), to);
	int rc = rdb_q(r->db, &res, e, "SELECT state FROM devices WHERE id = ?", device_id);
	if (rc)
		return rc;
	if (!res->nrows) {
		rdb_res_free(res);
		return reco_err_set(e, -ENOENT, _("%s: no such device"), device_id);
	}
	char from[32];
	snprintf(from, sizeof(from), "%s", rdb_val(res, 0, 0));
	rdb_res_free(res);
	if (!reg_transition_allowed(from, to))
		return reco_err_set(e, -EPERM, _("%s: transition from %s to %s is not allowed"),
				    device_id, from, to);
	char now[32];
	reg_now(now);
	rc = rdb_q(r->db, NULL, e, "UPDATE devices SET state = ?, updated = ? WHERE id = ?", to, now,
		   device_id);
	if (!rc)
		rc = reg_event_append(r, device_id, "state", from, to, detail, e);
	return rc;
}

int reg_transition(struct registry *r, const char *device_id, const char *to, const char *detail,
		   struct reco_err *e)
{
	int rc = rdb_begin_exclusive(r->db, e);
	if (rc)
		return rc;
	rc = reg_transition_locked(r, device_id, to, detail, e);
	if (!rc)
		return reg_commit(r, e);
	rdb_rollback(r->db);
	return rc;
}

int reg_device_resolve(struct registry *r, const char *ref, char *id, size_t size,
		       struct reco_err *e)
{
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e, "SELECT id FROM devices WHERE id = ?", ref);
	if (rc)
		return rc;
	if (res->nrows != 1 && strlen(ref) >= 4 && !strpbrk(ref, "%_\\")) {
		rdb_res_free(res);
		char *pat = reco_asprintf("%s%%", ref);
		rc = rdb_q(r->db, &res, e,
			   "SELECT id FROM devices WHERE id LIKE ? OR serial = ? ORDER BY id LIMIT 3",
			   pat, ref);
		free(pat);
		if (rc)
			return rc;
	}
	if (res->nrows == 0)
		rc = reco_err_set(e, -ENOENT, _("%s: no such device"), ref);
	else if (res->nrows > 1)
		rc = reco_err_set(e, -EINVAL, _("%s: ambiguous device reference"), ref);
	else
		snprintf(id, size, "%s", rdb_val(res, 0, 0));
	rdb_res_free(res);
	return rc;
}
