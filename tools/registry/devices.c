/*
 * devices.c — listing and showing devices: identity, reports and their
 * verification, per-disk wipe results, diagnostic verdicts, history.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/util.h"
#include "registry.h"

/* Rows of res as JSON objects (text values; integer columns listed in ints). */
json_t *reg_rows_json(const struct rdb_res *res, const char *const *ints)
{
	json_t *arr = json_array();
	for (int i = 0; i < res->nrows; i++) {
		json_t *o = json_object();
		for (int c = 0; c < res->ncols; c++) {
			const char *v = rdb_val(res, i, c);
			if (!v)
				continue;
			int is_int = 0;
			for (int k = 0; ints && ints[k]; k++)
				if (!strcmp(ints[k], res->cols[c]))
					is_int = 1;
			json_object_set_new(o, res->cols[c], is_int ? json_integer(atoll(v)) : json_string(v));
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

/* LIKE pattern matching text anywhere, with % _ \ escaped. */
static char *like_pattern(const char *s)
{
	char *p = malloc(strlen(s) * 2 + 3), *o = p;
	if (!p)
		return NULL;
	*o++ = '%';
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

json_t *reg_devices_list(struct registry *r, const struct reg_device_filter *f, struct reco_err *e)
{
	static const char *const ints[] = { "reports", NULL };
	const char *state = f && f->state && *f->state ? f->state : NULL;
	const char *grade = f && f->grade && *f->grade ? f->grade : NULL;
	const char *from = f && f->from && *f->from ? f->from : NULL;
	char to_end[16], *to = NULL;
	if (f && f->to && *f->to) {
		/* the whole day: anything before the character after its last digit */
		snprintf(to_end, sizeof(to_end), "%.10s~", f->to);
		to = to_end;
	}
	if ((from && !reg_day_valid(from)) || (to && !reg_day_valid(f->to))) {
		reco_err_set(e, -EINVAL, _("%s: a day is written YYYY-MM-DD"), from && !reg_day_valid(from) ? from : f->to);
		return NULL;
	}
	char *pat = f && f->search && *f->search ? like_pattern(f->search) : NULL;
	char lim[24], off[24];
	snprintf(lim, sizeof(lim), "%d", f && f->limit > 0 ? f->limit : -1);
	snprintf(off, sizeof(off), "%d", f && f->offset > 0 ? f->offset : 0);
	const char *sql =
		"SELECT d.id, d.vendor, d.product, d.serial, d.state, d.grade, d.created, d.updated,"
		" (SELECT COUNT(*) FROM reports p WHERE p.device_id = d.id) AS reports"
		" FROM devices d WHERE (? IS NULL OR d.state = ?) AND (? IS NULL OR d.grade = ?)"
		" AND (? IS NULL OR d.created >= ?) AND (? IS NULL OR d.created <= ?)"
		" AND (? IS NULL OR LOWER(d.id) LIKE LOWER(?) ESCAPE '\\'"
		"  OR LOWER(COALESCE(d.vendor, '')) LIKE LOWER(?) ESCAPE '\\'"
		"  OR LOWER(COALESCE(d.product, '')) LIKE LOWER(?) ESCAPE '\\'"
		"  OR LOWER(COALESCE(d.serial, '')) LIKE LOWER(?) ESCAPE '\\')"
		" ORDER BY d.updated DESC, d.id LIMIT ? OFFSET ?";
	if (rdb_engine(r->db) == RDB_PG && !strcmp(lim, "-1"))
		snprintf(lim, sizeof(lim), "%d", 1 << 30);
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e,
		       rdb_engine(r->db) == RDB_PG
			       ? "SELECT d.id, d.vendor, d.product, d.serial, d.state, d.grade, d.created, d.updated,"
				 " (SELECT COUNT(*) FROM reports p WHERE p.device_id = d.id) AS reports"
				 " FROM devices d WHERE (?::text IS NULL OR d.state = ?) AND (?::text IS NULL OR d.grade = ?)"
				 " AND (?::text IS NULL OR d.created >= ?) AND (?::text IS NULL OR d.created <= ?)"
				 " AND (?::text IS NULL OR LOWER(d.id) LIKE LOWER(?) ESCAPE '\\'"
				 "  OR LOWER(COALESCE(d.vendor, '')) LIKE LOWER(?) ESCAPE '\\'"
				 "  OR LOWER(COALESCE(d.product, '')) LIKE LOWER(?) ESCAPE '\\'"
				 "  OR LOWER(COALESCE(d.serial, '')) LIKE LOWER(?) ESCAPE '\\')"
				 " ORDER BY d.updated DESC, d.id LIMIT ?::bigint OFFSET ?::bigint"
			       : sql,
		       state, state, grade, grade, from, from, to, to, pat, pat, pat, pat, pat, lim, off);
	free(pat);
	if (rc)
		return NULL;
	json_t *arr = reg_rows_json(res, ints);
	rdb_res_free(res);
	return arr;
}

json_t *reg_device_show(struct registry *r, const char *device_id, struct reco_err *e)
{
	static const char *const ints[] = { "all_erased", "disks", "diag_fail", "size_bytes", "seq",
					    "idx", "import_seq", "excluded", NULL };
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e,
		       "SELECT id, vendor, product, serial, uuid, state, grade, created, updated FROM devices"
		       " WHERE id = ?", device_id);
	if (rc)
		return NULL;
	if (!res->nrows) {
		rdb_res_free(res);
		reco_err_set(e, -ENOENT, _("%s: no such device"), device_id);
		return NULL;
	}
	json_t *arr = reg_rows_json(res, ints);
	json_t *dev = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	rdb_res_free(res);
	json_object_set_new(dev, "schema", json_string("reco-registry-device/1"));

	rc = rdb_q(r->db, &res, e,
		   "SELECT sha256, report_id, import_seq, created, imported, station, cert_sha256, grade, all_erased,"
		   " disks, diag_fail, excluded, certificate_pdf IS NOT NULL AS has_pdf FROM reports WHERE device_id = ? ORDER BY import_seq DESC",
		   device_id);
	if (rc)
		goto fail;
	json_t *reports = reg_rows_json(res, ints);
	rdb_res_free(res);
	size_t i;
	json_t *rep;
	json_array_foreach(reports, i, rep) {
		const char *sha = json_string_value(json_object_get(rep, "sha256"));
		int ok = 0;
		char why[600] = "";
		struct reco_err ve = { 0 };
		if (reg_report_reverify(r, sha, &ok, why, sizeof(why), &ve))
			snprintf(why, sizeof(why), "%s", ve.msg);
		json_object_set_new(rep, "verified", json_boolean(ok));
		json_t *hp = json_object_get(rep, "has_pdf");
		const char *hps = json_string_value(hp);
		json_object_set_new(rep, "has_certificate_pdf",
				    json_boolean(hps && (!strcmp(hps, "1") || !strcmp(hps, "t"))));
		json_object_del(rep, "has_pdf");
		json_object_set_new(rep, "verification", json_string(why));
		rc = rdb_q(r->db, &res, e,
			   "SELECT idx, path, model, serial, size_bytes, method, nist_category, result, reason"
			   " FROM disks WHERE report_sha256 = ? ORDER BY idx", sha);
		if (rc) {
			json_decref(reports);
			goto fail;
		}
		json_object_set_new(rep, "disks_detail", reg_rows_json(res, ints));
		rdb_res_free(res);
		rc = rdb_q(r->db, &res, e,
			   "SELECT idx, part, part_id, verdict, reason FROM diag_parts WHERE report_sha256 = ?"
			   " ORDER BY idx", sha);
		if (rc) {
			json_decref(reports);
			goto fail;
		}
		json_object_set_new(rep, "diag_parts", reg_rows_json(res, ints));
		rdb_res_free(res);
	}
	json_object_set_new(dev, "reports", reports);
	/* the hardware as the latest report that counts describes it */
	rc = rdb_q(r->db, &res, e,
		   "SELECT sha256, body FROM reports WHERE device_id = ? AND excluded = 0"
		   " ORDER BY import_seq DESC LIMIT 1", device_id);
	if (rc)
		goto fail;
	json_t *hw = res->nrows ? reg_hardware_summary(rdb_val(res, 0, 1)) : NULL;
	if (hw) {
		json_object_set_new(hw, "report_sha256", json_string(rdb_val(res, 0, 0)));
		json_object_set_new(dev, "hardware", hw);
	}
	rdb_res_free(res);
	rc = rdb_q(r->db, &res, e,
		   "SELECT seq, at, actor, kind, from_state, to_state, detail FROM events WHERE device_id = ?"
		   " ORDER BY seq", device_id);
	if (rc)
		goto fail;
	json_object_set_new(dev, "history", reg_rows_json(res, ints));
	rdb_res_free(res);
	rc = rdb_q(r->db, &res, e,
		   "SELECT id, beneficiary_ref, programme, state, created, delivered, closed FROM allocations"
		   " WHERE device_id = ? ORDER BY created", device_id);
	if (rc)
		goto fail;
	json_object_set_new(dev, "allocations", reg_rows_json(res, ints));
	rdb_res_free(res);
	json_t *conflicts = reg_conflicts_list(r, device_id, 0, e);
	if (!conflicts)
		goto fail;
	json_object_set_new(dev, "identity_conflicts", conflicts);
	json_t *notes = reg_notes_list(r, device_id, e);
	if (!notes)
		goto fail;
	json_object_set_new(dev, "notes", notes);
	return dev;
fail:
	json_decref(dev);
	return NULL;
}
