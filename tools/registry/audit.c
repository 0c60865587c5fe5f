/*
 * audit.c — what `reco registry audit` guarantees.
 *
 * The event chain is recomputed from event 1 (lifecycle.c: each hash over
 * the canonical event and the previous hash) and checked against signed
 * checkpoints (checkpoint.c): every checkpoint stored in the database, and
 * one a third party kept (from a receipt, a stats export, /api/checkpoint or
 * `reco registry checkpoint -o`).  A checkpoint of N events with head H
 * holds when its signature verifies with the registry's public key, the log
 * still has at least N events (else events were removed: truncation) and
 * event N's recomputed hash is H (else the history before it was rewritten,
 * even with every later hash recomputed).  Events after the last stored
 * checkpoint are covered by no signature (added behind reco's back): that is
 * a failure too.  What the audit cannot see: anything done to a database
 * copy for which nobody kept a later checkpoint — hand out checkpoints.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/sign.h"
#include "lib/util.h"
#include "registry.h"

struct cp_check {
	long long events;
	char head[65], at[32];
	int kept; /* the third party's */
};

static int cp_cmp(const void *a, const void *b)
{
	const struct cp_check *x = a, *y = b;
	return x->events < y->events ? -1 : x->events > y->events;
}

/* Loads and verifies the stored checkpoints, plus the kept one; sorted. */
static int load_checkpoints(struct registry *r, const char *pub, const struct reg_checkpoint *kept,
			    struct cp_check **out, size_t *n, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e, "SELECT body, signature FROM checkpoints WHERE events > ? ORDER BY events", "0");
	if (rc)
		return rc;
	if (!pub && (res->nrows || kept)) {
		rdb_res_free(res);
		return reco_err_set(e, -ENOENT, _("%s: no registry key to check the checkpoints with: give --key registry-pub.pem"),
				    r->data_dir);
	}
	struct cp_check *v = calloc((size_t)res->nrows + 1, sizeof(*v));
	size_t k = 0;
	if (!v) {
		rdb_res_free(res);
		return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
	}
	for (int i = 0; i < res->nrows && !rc; i++) {
		struct reg_checkpoint c;
		const char *body = rdb_val(res, i, 0);
		rc = reg_checkpoint_get_row(body, rdb_val(res, i, 1), &c, e);
		if (!rc && reco_sig_verify_pem(pub, strlen(pub), c.body, strlen(c.body), c.sig, 64) != 1)
			rc = reco_err_set(e, -EBADMSG,
					  _("the stored checkpoint of %lld events is not signed by the registry key"),
					  c.events);
		if (!rc) {
			v[k].events = c.events;
			snprintf(v[k].head, sizeof(v[k].head), "%s", c.head);
			snprintf(v[k].at, sizeof(v[k].at), "%s", c.at);
			k++;
		}
		reg_checkpoint_release(&c);
	}
	rdb_res_free(res);
	if (!rc && kept) {
		if (reco_sig_verify_pem(pub, strlen(pub), kept->body, strlen(kept->body), kept->sig, 64) != 1)
			rc = reco_err_set(e, -EBADMSG,
					  _("the checkpoint given (%lld events, signed %s) does not verify with the registry's public key"),
					  kept->events, kept->at);
		v[k].events = kept->events;
		snprintf(v[k].head, sizeof(v[k].head), "%s", kept->head);
		snprintf(v[k].at, sizeof(v[k].at), "%s", kept->at);
		v[k].kept = 1;
		k++;
	}
	if (rc) {
		free(v);
		return rc;
	}
	qsort(v, k, sizeof(*v), cp_cmp);
	*out = v;
	*n = k;
	return 0;
}

static const char zero_hash[] = "0000000000000000000000000000000000000000000000000000000000000000";

int reg_audit(struct registry *r, const struct reg_checkpoint *kept, const char *pub_path,
	      struct reg_audit_result *out, struct reco_err *e)
{
	memset(out, 0, sizeof(*out));
	char *pub = NULL;
	int rc;
	if (pub_path) {
		unsigned char *d = NULL;
		size_t l = 0;
		rc = reg_read_file(pub_path, 65536, &d, &l);
		if (rc)
			return reco_err_set(e, rc, "%s: %s", pub_path, strerror(-rc));
		pub = (char *)d;
	} else {
		/* the registry's own key, never created by an audit */
		char *kp = reco_asprintf("%s/registry-key.pem", r->data_dir);
		int have = kp && access(kp, F_OK) == 0;
		free(kp);
		if (have && (rc = reg_key_public_pem(r, &pub, e)) != 0)
			return rc;
	}
	struct cp_check *cps = NULL;
	size_t ncp = 0, next = 0;
	rc = load_checkpoints(r, pub, kept, &cps, &ncp, e);
	free(pub);
	if (rc)
		return rc;
	struct rdb_res *res = NULL;
	rc = rdb_q(r->db, &res, e,
		   "SELECT seq, at, actor, device_id, kind, from_state, to_state, detail,"
		   " prev_hash, hash FROM events WHERE seq > ? ORDER BY seq", "0");
	if (rc) {
		free(cps);
		return rc;
	}
	char prev[65];
	snprintf(prev, sizeof(prev), "%s", zero_hash);
	for (int i = 0; i < res->nrows && !rc; i++) {
		long long seq = atoll(rdb_val(res, i, 0));
		char h[65];
		if (seq != i + 1) {
			rc = reco_err_set(e, -EBADMSG, _("event %lld: one or more events are missing before it"), seq);
			break;
		}
		if (strcmp(rdb_val(res, i, 8), prev)) {
			rc = reco_err_set(e, -EBADMSG, _("event %lld: does not follow the previous event"), seq);
			break;
		}
		int hr = reg_event_hash(seq, rdb_val(res, i, 1), rdb_val(res, i, 2), rdb_val(res, i, 3),
					rdb_val(res, i, 4), rdb_val(res, i, 5), rdb_val(res, i, 6),
					rdb_val(res, i, 7), prev, h);
		if (hr == -EILSEQ)
			rc = reco_err_set(e, -EBADMSG, _("event %lld: holds text that is not valid UTF-8"), seq);
		else if (hr)
			rc = reco_err_set(e, hr, "%s", strerror(-hr));
		else if (strcmp(h, rdb_val(res, i, 9)))
			rc = reco_err_set(e, -EBADMSG, _("event %lld: content does not match its hash"), seq);
		for (; !rc && next < ncp && cps[next].events == seq; next++) {
			if (strcmp(cps[next].head, h))
				rc = reco_err_set(e, -EBADMSG,
						  _("event %lld: its hash differs from the one the checkpoint signed %s "
						    "vouches for: the history was rewritten"), seq, cps[next].at);
			else if (cps[next].kept)
				out->kept_checked = 1;
		}
		if (rc)
			break;
		snprintf(prev, sizeof(prev), "%s", h);
		out->events++;
	}
	long long total = res->nrows;
	rdb_res_free(res);
	if (!rc && next < ncp)
		rc = reco_err_set(e, -EBADMSG,
				  _("the log has %lld events, but the checkpoint signed %s vouches for %lld: "
				    "events were removed"), total, cps[next].at, cps[next].events);
	for (size_t k = 0; k < ncp; k++)
		if (!cps[k].kept) {
			out->checkpoints++;
			out->covered = cps[k].events;
		}
	free(cps);
	if (!rc) {
		long long base = 0;
		if (!out->checkpoints) {
			struct rdb_res *m = NULL;
			rc = rdb_q(r->db, &m, e, "SELECT value FROM meta WHERE key = ?", "checkpoint_base");
			base = !rc && m->nrows ? atoll(rdb_val(m, 0, 0)) : 0;
			rdb_res_free(m);
		}
		long long from = out->covered > base ? out->covered : base;
		if (!rc && total > from)
			rc = reco_err_set(e, -EBADMSG,
					  _("events %lld to %lld are covered by no signed checkpoint "
					    "(added behind reco's back?)"), from + 1, total);
	}
	return rc;
}
