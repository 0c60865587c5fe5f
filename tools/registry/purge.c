/*
 * purge.c — the retention rule (CNIL social-sector framework: two years
 * after the last contact).  For every beneficiary without activity since
 * the cut-off and with no machine currently allocated (not yet handed
 * over), the contact details are deleted, the referrer forgotten and the
 * notes about its allocations deleted; every note older than the cut-off
 * goes too.  The pseudonymous reference, household size and allocations
 * stay, so the statistics do not change.  Nothing personal is in the event
 * log.  Then no copy is left in the database's files (rdb_scrub: SQLite's
 * secure_delete and an emptied write-ahead log, PostgreSQL's VACUUM FULL).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "registry.h"

static const char *const personal_tables[] = { "contacts", "notes", "beneficiaries", NULL };

int reg_scrub(struct registry *r, struct reco_err *e)
{
	return rdb_scrub(r->db, personal_tables, e);
}

json_t *reg_purge(struct registry *r, const char *cutoff, int dry_run, struct reg_purge_info *info,
		  struct reco_err *e)
{
	memset(info, 0, sizeof(*info));
	struct rdb_res *res = NULL;
	char now[32];
	reg_now(now);
	int rc = rdb_begin_exclusive(r->db, e);
	if (rc)
		return NULL;
	rc = rdb_q(r->db, &res, e,
		   "SELECT b.ref, (SELECT COUNT(*) FROM contacts c WHERE c.ref = b.ref) AS contact,"
		   " b.referrer FROM beneficiaries b WHERE b.last_activity < ? AND b.purged IS NULL"
		   " AND NOT EXISTS (SELECT 1 FROM allocations a WHERE a.beneficiary_ref = b.ref"
		   " AND a.state = 'allocated') ORDER BY b.ref", cutoff);
	if (rc)
		goto fail;
	json_t *arr = json_array();
	for (int i = 0; i < res->nrows; i++) {
		const char *ref = rdb_val(res, i, 0);
		json_array_append_new(arr, json_pack("{s:s,s:b,s:b}", "ref", ref, "contact",
						     atoi(rdb_val(res, i, 1)) > 0, "referrer",
						     rdb_val(res, i, 2) != NULL));
		if (dry_run)
			continue;
		rc = rdb_q(r->db, NULL, e, "DELETE FROM contacts WHERE ref = ?", ref);
		if (!rc)
			rc = rdb_q(r->db, NULL, e, "DELETE FROM notes WHERE allocation_id IN"
				   " (SELECT id FROM allocations WHERE beneficiary_ref = ?)", ref);
		if (!rc)
			rc = rdb_q(r->db, NULL, e,
				   "UPDATE beneficiaries SET referrer = NULL, purged = ? WHERE ref = ?", now, ref);
		if (rc) {
			json_decref(arr);
			goto fail;
		}
	}
	rdb_res_free(res);
	res = NULL;
	/* every note past the retention period goes too, whoever it is about */
	rc = rdb_q(r->db, &res, e, "SELECT COUNT(*) FROM notes WHERE at < ?", cutoff);
	if (!rc) {
		info->notes = atoi(rdb_val(res, 0, 0));
		rdb_res_free(res);
		res = NULL;
		if (!dry_run)
			rc = rdb_q(r->db, NULL, e, "DELETE FROM notes WHERE at < ?", cutoff);
	}
	if (!rc && !dry_run && json_array_size(arr)) {
		char detail[64];
		snprintf(detail, sizeof(detail), "%zu", json_array_size(arr));
		rc = reg_event_append(r, NULL, "purge", NULL, NULL, detail, e);
	}
	if (!rc && !dry_run)
		rc = reg_commit(r, e);
	else
		rdb_rollback(r->db);
	if (rc) {
		json_decref(arr);
		return NULL;
	}
	if (!dry_run) {
		struct reco_err se = { 0 };
		info->scrubbed = reg_scrub(r, &se) == 0;
		snprintf(info->scrub_error, sizeof(info->scrub_error), "%s", se.msg);
	}
	return arr;
fail:
	rdb_res_free(res);
	rdb_rollback(r->db);
	return NULL;
}
