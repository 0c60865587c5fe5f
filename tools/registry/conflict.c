/*
 * conflict.c — identity conflicts: a verified report whose device vendor,
 * serial number or SMBIOS UUID contradicts what the registry holds for that
 * device id (a swapped motherboard, a cloned inventory, a crafted report).
 *
 * Such a report is stored (it is signed evidence) but moves nothing: the
 * device keeps its state and grade, a row in `conflicts` records the
 * differing fields ({"serial": {"registry": ..., "report": ...}, ...}) and
 * an `identity-conflict` event names the report.  While a conflict is open
 * the device cannot be allocated.  A coordinator decides: accept (the
 * report is about this machine: its identity is updated and the report
 * counts like any other) or reject (the report stays as evidence but is
 * excluded from every verdict).  Both decisions are events.  A field the
 * registry does not know yet (NULL) is learnt, not a contradiction.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/util.h"
#include "registry.h"

static const char *const identity_fields[] = { "vendor", "serial", "uuid", NULL };

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s && *s ? s : NULL;
}

int reg_identity_compare(struct registry *r, const char *dev, const json_t *device, char **diff,
			 struct reco_err *e)
{
	struct rdb_res *res = NULL;
	*diff = NULL;
	int rc = rdb_q(r->db, &res, e, "SELECT vendor, serial, uuid FROM devices WHERE id = ?", dev);
	if (rc)
		return rc;
	if (!res->nrows) {
		rdb_res_free(res);
		return 0;
	}
	json_t *d = json_object();
	for (int i = 0; identity_fields[i]; i++) {
		const char *have = rdb_val(res, 0, i), *got = jstr(device, identity_fields[i]);
		if (!got)
			continue;
		if (!have || !*have) {
			/* learnt: column names come from the fixed list above */
			char sql[96];
			snprintf(sql, sizeof(sql), "UPDATE devices SET %s = ? WHERE id = ?", identity_fields[i]);
			rc = rdb_q(r->db, NULL, e, sql, got, dev);
			if (rc)
				break;
			continue;
		}
		if (strcmp(have, got))
			json_object_set_new(d, identity_fields[i],
					    json_pack("{s:s,s:s}", "registry", have, "report", got));
	}
	rdb_res_free(res);
	if (!rc && json_object_size(d)) {
		*diff = reco_json_canonical(d);
		rc = *diff ? 1 : reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
	}
	json_decref(d);
	return rc;
}

int reg_conflict_open(struct registry *r, const char *dev, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e,
		       "SELECT COUNT(*) FROM conflicts WHERE device_id = ? AND decided IS NULL", dev);
	if (rc)
		return rc;
	int n = atoi(rdb_val(res, 0, 0));
	rdb_res_free(res);
	return n > 0;
}

json_t *reg_conflicts_list(struct registry *r, const char *dev, int open_only, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e,
		       "SELECT c.report_sha256, c.device_id, c.diff, c.opened, c.decided, c.decision,"
		       " c.decided_by, p.import_seq FROM conflicts c JOIN reports p ON p.sha256 = c.report_sha256"
		       " WHERE (? = '' OR c.device_id = ?) AND (? = '0' OR c.decided IS NULL)"
		       " ORDER BY p.import_seq",
		       dev ? dev : "", dev ? dev : "", open_only ? "1" : "0");
	if (rc)
		return NULL;
	static const char *const ints[] = { "import_seq", NULL };
	json_t *arr = reg_rows_json(res, ints);
	rdb_res_free(res);
	size_t i;
	json_t *c;
	json_array_foreach(arr, i, c) {
		json_t *d = json_loads(json_string_value(json_object_get(c, "diff")), 0, NULL);
		json_object_set_new(c, "diff", d ? d : json_object());
	}
	return arr;
}

/* Resolves a report reference (its SHA-256 or a prefix of at least 8 hex
 * digits) to an open conflict.  Writes the sha and the device. */
static int resolve_open(struct registry *r, const char *ref, char sha[65], char *dev, size_t devsize,
			struct reco_err *e)
{
	size_t n = strlen(ref);
	if (n < 8 || n > 64 || strspn(ref, "0123456789abcdef") != n)
		return reco_err_set(e, -EINVAL, _("%s: give the report's SHA-256 (at least 8 hex digits)"), ref);
	char *pat = reco_asprintf("%s%%", ref);
	struct rdb_res *res = NULL;
	int rc = pat ? rdb_q(r->db, &res, e,
			     "SELECT report_sha256, device_id FROM conflicts WHERE report_sha256 LIKE ?"
			     " AND decided IS NULL LIMIT 2", pat)
		     : -ENOMEM;
	free(pat);
	if (rc)
		return rc;
	if (res->nrows == 0)
		rc = reco_err_set(e, -ENOENT, _("%s: no open identity conflict for this report"), ref);
	else if (res->nrows > 1)
		rc = reco_err_set(e, -EINVAL, _("%s: ambiguous report reference"), ref);
	else {
		snprintf(sha, 65, "%s", rdb_val(res, 0, 0));
		snprintf(dev, devsize, "%s", rdb_val(res, 0, 1));
	}
	rdb_res_free(res);
	return rc;
}

/* Accepting: the report's identity becomes the device's, and when it is the
 * device's last imported report its verdicts apply as on import. */
static int accept_locked(struct registry *r, const char *sha, const char *dev, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e, "SELECT body, grade, all_erased, diag_fail,"
		       " (SELECT COUNT(*) FROM diag_parts d WHERE d.report_sha256 = p.sha256),"
		       " (SELECT MAX(import_seq) FROM reports q WHERE q.device_id = p.device_id AND q.excluded = 0)"
		       " = p.import_seq FROM reports p WHERE sha256 = ?", sha);
	if (rc)
		return rc;
	json_t *doc = json_loads(rdb_val(res, 0, 0), 0, NULL);
	json_t *device = json_object_get(doc, "device");
	for (int i = 0; !rc && identity_fields[i]; i++) {
		const char *v = jstr(device, identity_fields[i]);
		char sql[96];
		snprintf(sql, sizeof(sql), "UPDATE devices SET %s = ? WHERE id = ?", identity_fields[i]);
		if (v)
			rc = rdb_q(r->db, NULL, e, sql, v, dev);
	}
	const char *last = rdb_val(res, 0, 5);
	int is_last = last && (!strcmp(last, "1") || !strcmp(last, "t"));
	if (!rc && is_last && reg_conflict_open(r, dev, e) == 0) {
		char now[32];
		reg_now(now);
		rc = rdb_q(r->db, NULL, e, "UPDATE devices SET grade = ?, updated = ? WHERE id = ?",
			   rdb_val(res, 0, 1), now, dev);
		if (!rc)
			rc = reg_import_advance(r, dev, atoi(rdb_val(res, 0, 4)) > 0 && !atoi(rdb_val(res, 0, 3)),
						atoi(rdb_val(res, 0, 2)), e);
	}
	json_decref(doc);
	rdb_res_free(res);
	return rc;
}

int reg_conflict_decide(struct registry *r, const char *report, int accept, char *dev_out,
			size_t devsize, struct reco_err *e)
{
	char sha[65], dev[256], now[32];
	int rc = rdb_begin_exclusive(r->db, e);
	if (rc)
		return rc;
	rc = resolve_open(r, report, sha, dev, sizeof(dev), e);
	if (rc)
		goto fail;
	reg_now(now);
	rc = rdb_q(r->db, NULL, e,
		   "UPDATE conflicts SET decided = ?, decision = ?, decided_by = ? WHERE report_sha256 = ?",
		   now, accept ? "accepted" : "rejected", r->actor && *r->actor ? r->actor : "unknown", sha);
	if (!rc && !accept)
		rc = rdb_q(r->db, NULL, e, "UPDATE reports SET excluded = 1 WHERE sha256 = ?", sha);
	if (!rc)
		rc = reg_event_append(r, dev, accept ? "conflict-accepted" : "conflict-rejected", NULL,
				      NULL, sha, e);
	if (!rc && accept)
		rc = accept_locked(r, sha, dev, e);
	if (rc)
		goto fail;
	if (dev_out)
		snprintf(dev_out, devsize, "%s", dev);
	return reg_commit(r, e);
fail:
	rdb_rollback(r->db);
	return rc;
}
