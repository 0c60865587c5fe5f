/*
 * allocate.c — allocating a ready machine to a beneficiary, returns,
 * recycling.
 *
 * An allocation is refused unless the device's latest report (the last one
 * imported: the registry's import sequence, never a station's clock) still verifies
 * (against the CA and the current CRL: a station revoked since the import
 * counts), every disk in it is "erased", and no diagnostic part is FAIL; a
 * report a coordinator rejected (conflict.c) does not count, and a device
 * with an identity conflict awaiting a decision is refused; and
 * refused when the device already has an active allocation (also enforced by
 * a partial unique index) or the beneficiary's quota is used up.
 *
 * The diagnosis must be complete (the report's diag_complete, or its
 * diag.complete): a report without one is refused unless a coordinator has
 * recorded an override for that very report, with a reason code — an event
 * "diag_override" whose detail is "<the report's SHA-256> reason=<code>"
 * (the coordinator's words, if any, in a note: notes.c).
 *
 * A disk the report leaves unerased counts as covered once a coordinator
 * accepted it for that report (accept.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/util.h"
#include "accept.h"
#include "registry.h"

/* 1 when the report body says its diagnosis is complete. */
static int diag_complete(const char *body)
{
	json_t *doc = body ? json_loads(body, 0, NULL) : NULL;
	int ok = json_is_true(json_object_get(doc, "diag_complete")) ||
		 json_is_true(json_object_get(json_object_get(doc, "diag"), "complete"));
	json_decref(doc);
	return ok;
}

/* 1 when an override was recorded for report sha, 0 when not, or -errno. */
static int diag_overridden(struct registry *r, const char *dev, const char *sha, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	char *pat = reco_asprintf("%s %%", sha);
	int rc = rdb_q(r->db, &res, e, "SELECT seq FROM events WHERE device_id = ? AND kind = 'diag_override'"
		       " AND detail LIKE ?", dev, pat);
	free(pat);
	if (rc)
		return rc;
	int n = (int)res->nrows;
	rdb_res_free(res);
	return n > 0;
}

static int check_report(struct registry *r, const char *dev, char *sha, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	int rc = reg_conflict_open(r, dev, e);
	if (rc < 0)
		return rc;
	if (rc)
		return reco_err_set(e, -EPERM,
				    _("%s: refused: an identity conflict awaits a coordinator's decision"), dev);
	rc = rdb_q(r->db, &res, e,
		   "SELECT sha256, all_erased, disks, diag_fail, body FROM reports WHERE device_id = ?"
		   " AND excluded = 0 ORDER BY import_seq DESC LIMIT 1", dev);
	if (rc)
		return rc;
	if (!res->nrows) {
		rdb_res_free(res);
		return reco_err_set(e, -EPERM, _("%s: refused: no report for this device"), dev);
	}
	snprintf(sha, 65, "%s", rdb_val(res, 0, 0));
	int erased = atoi(rdb_val(res, 0, 1)), disks = atoi(rdb_val(res, 0, 2));
	int fail = atoi(rdb_val(res, 0, 3)), complete = diag_complete(rdb_val(res, 0, 4));
	int accepted = erased ? 0 : reg_coverage_accepted(r, dev, sha, rdb_val(res, 0, 4), e);
	rdb_res_free(res);
	if (accepted < 0)
		return accepted;
	if (!disks && !accepted)
		return reco_err_set(e, -EPERM, _("%s: refused: the latest report wiped no disk"), dev);
	if (!erased && !accepted)
		return reco_err_set(e, -EPERM, _("%s: refused: not every disk was erased in the latest report"), dev);
	if (fail)
		return reco_err_set(e, -EPERM, _("%s: refused: a diagnostic part FAILED in the latest report"), dev);
	if (!complete && (rc = diag_overridden(r, dev, sha, e)) <= 0)
		return rc < 0 ? rc
			      : reco_err_set(e, -EPERM, _("%s: refused: the latest report has no complete diagnosis "
							 "(a coordinator may record an override: diag-override DEVICE --reason CODE)"),
					     dev);
	int ok = 0;
	char why[600];
	rc = reg_report_reverify(r, sha, &ok, why, sizeof(why), e);
	if (rc)
		return rc;
	if (!ok)
		return reco_err_set(e, -EPERM, _("%s: refused: the latest report does not verify: %s"), dev, why);
	return 0;
}

int reg_allocate(struct registry *r, const char *device, const char *beneficiary,
		 const char *programme, char *id, size_t size, struct reco_err *e)
{
	char dev[256], sha[65], aid[37], now[32];
	int rc = reg_device_resolve(r, device, dev, sizeof(dev), e);
	if (rc)
		return rc;
	rc = check_report(r, dev, sha, e);
	if (rc)
		return rc;
	if (reg_uuid(aid))
		return reco_err_set(e, -EIO, _("no randomness available"));
	reg_now(now);
	rc = rdb_begin_exclusive(r->db, e);
	if (rc)
		return rc;
	struct rdb_res *res = NULL;
	rc = rdb_q(r->db, &res, e, "SELECT id FROM allocations WHERE device_id = ?"
		   " AND state IN ('allocated', 'delivered')", dev);
	if (rc)
		goto fail;
	if (res->nrows) {
		rc = reco_err_set(e, -EEXIST, _("%s: refused: already allocated (allocation %s)"), dev,
				  rdb_val(res, 0, 0));
		rdb_res_free(res);
		goto fail;
	}
	rdb_res_free(res);
	rc = rdb_q(r->db, &res, e,
		   "SELECT b.quota, b.purged, (SELECT COUNT(*) FROM allocations a WHERE"
		   " a.beneficiary_ref = b.ref AND a.state IN ('allocated', 'delivered'))"
		   " FROM beneficiaries b WHERE b.ref = ?", beneficiary);
	if (rc)
		goto fail;
	if (!res->nrows || rdb_val(res, 0, 1)) {
		rdb_res_free(res);
		rc = reco_err_set(e, -ENOENT, _("%s: no such beneficiary"), beneficiary);
		goto fail;
	}
	int quota = atoi(rdb_val(res, 0, 0)), used = atoi(rdb_val(res, 0, 2));
	rdb_res_free(res);
	if (used >= quota) {
		rc = reco_err_set(e, -EEXIST, ngettext("%s: refused: quota of %d machine already used",
						       "%s: refused: quota of %d machines already used", (unsigned long)quota),
				  beneficiary, quota);
		goto fail;
	}
	rc = reg_transition_locked(r, dev, "allocated", aid, e);
	if (rc)
		goto fail;
	rc = rdb_q(r->db, NULL, e,
		   "INSERT INTO allocations (id, device_id, beneficiary_ref, report_sha256, programme,"
		   " state, created) VALUES (?, ?, ?, ?, ?, 'allocated', ?)",
		   aid, dev, beneficiary, sha, programme && *programme ? programme : "default", now);
	if (rc == -EEXIST)
		reco_err_set(e, rc, _("%s: refused: already allocated"), dev);
	if (!rc)
		rc = rdb_q(r->db, NULL, e, "UPDATE beneficiaries SET last_activity = ? WHERE ref = ?", now,
			   beneficiary);
	if (rc)
		goto fail;
	rc = reg_commit(r, e);
	if (!rc)
		snprintf(id, size, "%s", aid);
	return rc;
fail:
	rdb_rollback(r->db);
	return rc;
}

int reg_diag_override(struct registry *r, const char *device, const char *code, const char *note,
		      struct reco_err *e)
{
	char dev[256];
	if (!code || !*code)
		return reco_err_set(e, -EINVAL, _("an override needs a reason"));
	int rc = reg_note_check(code, note, e);
	if (!rc)
		rc = reg_device_resolve(r, device, dev, sizeof(dev), e);
	if (rc)
		return rc;
	struct rdb_res *res = NULL;
	rc = rdb_q(r->db, &res, e, "SELECT sha256 FROM reports WHERE device_id = ?"
		   " AND excluded = 0 ORDER BY import_seq DESC LIMIT 1", dev);
	if (rc)
		return rc;
	if (!res->nrows) {
		rdb_res_free(res);
		return reco_err_set(e, -ENOENT, _("%s: no report for this device"), dev);
	}
	/* the override names the report it covers (a newer report needs its
	 * own) and a reason code; the coordinator's words go to a note */
	char detail[128];
	snprintf(detail, sizeof(detail), "%s reason=%s", rdb_val(res, 0, 0), code);
	rdb_res_free(res);
	rc = rdb_begin_exclusive(r->db, e);
	if (rc)
		return rc;
	rc = reg_event_append(r, dev, "diag_override", NULL, NULL, detail, e);
	if (!rc)
		rc = reg_note_add_locked(r, dev, NULL, note, e);
	if (rc) {
		rdb_rollback(r->db);
		return rc;
	}
	return reg_commit(r, e);
}

int reg_allocation_resolve(struct registry *r, const char *ref, char *id, size_t size,
			   struct reco_err *e)
{
	struct rdb_res *res = NULL;
	char *pat = strpbrk(ref, "%_\\") ? NULL : reco_asprintf("%s%%", ref);
	int rc = rdb_q(r->db, &res, e,
		       "SELECT id FROM allocations WHERE (id = ? OR (LENGTH(?) >= 4 AND id LIKE ?)"
		       " OR device_id = ?) AND state IN ('allocated', 'delivered') LIMIT 3",
		       ref, ref, pat ? pat : ref, ref);
	free(pat);
	if (rc)
		return rc;
	if (res->nrows == 0)
		rc = reco_err_set(e, -ENOENT, _("%s: no active allocation"), ref);
	else if (res->nrows > 1)
		rc = reco_err_set(e, -EINVAL, _("%s: ambiguous allocation reference"), ref);
	else
		snprintf(id, size, "%s", rdb_val(res, 0, 0));
	rdb_res_free(res);
	return rc;
}

int reg_return(struct registry *r, const char *allocation, const char *code, const char *note,
	       struct reco_err *e)
{
	char aid[64], now[32];
	int rc = reg_note_check(code, note, e);
	if (!rc)
		rc = reg_allocation_resolve(r, allocation, aid, sizeof(aid), e);
	if (rc)
		return rc;
	reg_now(now);
	rc = rdb_begin_exclusive(r->db, e);
	if (rc)
		return rc;
	struct rdb_res *res = NULL;
	rc = rdb_q(r->db, &res, e, "SELECT device_id, state, beneficiary_ref FROM allocations WHERE id = ?", aid);
	if (rc)
		goto fail;
	char dev[256], st[32], ben[128] = "";
	snprintf(dev, sizeof(dev), "%s", rdb_val(res, 0, 0));
	snprintf(st, sizeof(st), "%s", rdb_val(res, 0, 1));
	if (rdb_val(res, 0, 2))
		snprintf(ben, sizeof(ben), "%s", rdb_val(res, 0, 2));
	rdb_res_free(res);
	int delivered = !strcmp(st, "delivered");
	/* a code in the permanent log, never the coordinator's words */
	char detail[128];
	snprintf(detail, sizeof(detail), "%s%s%s", aid, code ? " reason=" : "", code ? code : "");
	rc = reg_transition_locked(r, dev, delivered ? "returned" : "ready", detail, e);
	if (!rc)
		rc = reg_note_add_locked(r, dev, aid, note, e);
	if (!rc)
		rc = rdb_q(r->db, NULL, e, "UPDATE allocations SET state = ?, closed = ? WHERE id = ?",
			   delivered ? "returned" : "cancelled", now, aid);
	if (!rc && *ben)
		rc = rdb_q(r->db, NULL, e, "UPDATE beneficiaries SET last_activity = ? WHERE ref = ?", now, ben);
	if (rc)
		goto fail;
	return reg_commit(r, e);
fail:
	rdb_rollback(r->db);
	return rc;
}

int reg_recycle(struct registry *r, const char *device, const char *code, const char *note,
		struct reco_err *e)
{
	char dev[256];
	if (!code || !*code)
		return reco_err_set(e, -EINVAL, _("recycling needs a reason"));
	int rc = reg_device_resolve(r, device, dev, sizeof(dev), e);
	if (rc)
		return rc;
	return reg_set_state(r, dev, "recycled", code, note, e);
}
