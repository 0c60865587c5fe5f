/*
 * purge.c — the retention rule (CNIL social-sector framework: two years
 * after the last contact).  For every beneficiary without activity since
 * the cut-off and with no machine currently allocated (not yet handed
 * over), the contact details are deleted and the referrer forgotten; the
 * pseudonymous reference, household size and allocations stay, so the
 * statistics do not change.  Nothing personal was ever in the event log.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "registry.h"

json_t *reg_purge(struct registry *r, const char *cutoff, int dry_run, struct reco_err *e)
{
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
			rc = rdb_q(r->db, NULL, e,
				   "UPDATE beneficiaries SET referrer = NULL, purged = ? WHERE ref = ?", now, ref);
		if (rc) {
			json_decref(arr);
			goto fail;
		}
	}
	rdb_res_free(res);
	res = NULL;
	if (!dry_run && json_array_size(arr)) {
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
	return arr;
fail:
	rdb_res_free(res);
	rdb_rollback(r->db);
	return NULL;
}
