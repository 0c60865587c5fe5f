/*
 * stats.c — figures for funders: machines received, refurbished (made
 * ready), allocated, delivered, returned and recycled, per month and per
 * programme; allocations, hand-overs and households reached per programme
 * and per referrer; households reached (distinct beneficiaries handed a
 * machine) and the people in them.  Pseudonymous by construction: counts
 * only.  A period is whole months, YYYY-MM to YYYY-MM; each figure counts
 * in the month of its own date (a hand-over in the month it happened).
 * The purge forgets a household's referrer (purge.c): its hand-overs stay
 * counted, under no referrer.  The JSON carries
 * the latest signed checkpoint of the event chain (checkpoint.c), which a
 * funder keeps to check later that the history was not rewritten.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "registry.h"

static const char *const counters[] = { "received", "refurbished", "allocated", "delivered",
					"returned", "recycled", NULL };

static json_t *month_obj(json_t *months, const char *m)
{
	json_t *o = json_object_get(months, m);
	if (!o) {
		o = json_object();
		json_object_set_new(o, "month", json_string(m));
		for (int i = 0; counters[i]; i++)
			json_object_set_new(o, counters[i], json_integer(0));
		json_object_set_new(o, "households", json_integer(0));
		json_object_set_new(o, "programmes", json_object());
		json_object_set_new(months, m, o);
	}
	return o;
}

static void add(json_t *o, const char *key, long long n)
{
	json_object_set_new(o, key, json_integer(json_integer_value(json_object_get(o, key)) + n));
}

/* 1 when s is YYYY-MM with a month 01..12. */
int reg_month_valid(const char *s)
{
	return s && strlen(s) == 7 && s[4] == '-' && strspn(s, "0123456789-") == 7 && strchr(s, '-') == s + 4 &&
	       ((s[5] == '0' && s[6] >= '1' && s[6] <= '9') || (s[5] == '1' && s[6] >= '0' && s[6] <= '2'));
}

/* One grouped figure over allocations: SELECT key_sql, count_sql ...
 * GROUP BY key_sql, added as `name` to the object of each key in `into`
 * (found or created by `make`).  col is the allocation date the period
 * applies to, cond what else a row must satisfy. */
static int group_count(struct registry *r, const char *key_sql, const char *count_sql, const char *col,
		       const char *cond, const char *f, const char *t, json_t *into, const char *name,
		       json_t *(*make)(json_t *, const char *), struct reco_err *e)
{
	char sql[768];
	snprintf(sql, sizeof(sql),
		 "SELECT %s AS k, %s FROM allocations a LEFT JOIN beneficiaries b ON b.ref = a.beneficiary_ref"
		 " WHERE %s AND SUBSTR(a.%s, 1, 7) >= ? AND SUBSTR(a.%s, 1, 7) <= ? GROUP BY %s",
		 key_sql, count_sql, cond, col, col, key_sql);
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e, sql, f, t);
	if (rc)
		return rc;
	for (int i = 0; i < res->nrows; i++)
		add(make(into, rdb_val(res, i, 0) ? rdb_val(res, i, 0) : ""), name, atoll(rdb_val(res, i, 1)));
	rdb_res_free(res);
	return 0;
}

static json_t *dim_obj(json_t *dims, const char *k)
{
	json_t *o = json_object_get(dims, k);
	if (!o) {
		o = json_pack("{s:i,s:i,s:i,s:i}", "allocated", 0, "delivered", 0, "returned", 0, "households", 0);
		json_object_set_new(dims, k, o);
	}
	return o;
}

/* Figures per programme or per referrer (key_sql), as a sorted array of
 * objects named by `field`. */
static json_t *by_dimension(struct registry *r, const char *key_sql, const char *field, const char *f,
			    const char *t, struct reco_err *e)
{
	json_t *dims = json_object();
	int rc = group_count(r, key_sql, "COUNT(*)", "created", "1 = 1", f, t, dims, "allocated", dim_obj, e);
	if (!rc)
		rc = group_count(r, key_sql, "COUNT(*)", "delivered", "a.delivered IS NOT NULL", f, t, dims,
				 "delivered", dim_obj, e);
	if (!rc)
		rc = group_count(r, key_sql, "COUNT(*)", "closed", "a.state = 'returned'", f, t, dims, "returned",
				 dim_obj, e);
	if (!rc)
		rc = group_count(r, key_sql, "COUNT(DISTINCT a.beneficiary_ref)", "delivered",
				 "a.delivered IS NOT NULL", f, t, dims, "households", dim_obj, e);
	if (rc) {
		json_decref(dims);
		return NULL;
	}
	json_t *arr = json_array();
	const char *k;
	json_t *v;
	json_object_foreach(dims, k, v) {
		json_object_set_new(v, field, json_string(k));
		json_array_append(arr, v);
	}
	json_decref(dims);
	return arr;
}

static int cmp_field(const json_t *a, const json_t *b, const char *field)
{
	return strcmp(json_string_value(json_object_get(a, field)), json_string_value(json_object_get(b, field)));
}

/* Sorts an array of objects by a string member (insertion sort: a few
 * dozen months or programmes). */
static void sort_by(json_t *arr, const char *field)
{
	size_t n = json_array_size(arr);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			json_t *a = json_array_get(arr, j - 1), *b = json_array_get(arr, j);
			if (cmp_field(a, b, field) <= 0)
				break;
			json_incref(a);
			json_array_set(arr, j - 1, b);
			json_array_set_new(arr, j, a);
		}
}

/* Households reached over the period: distinct beneficiaries handed a
 * machine, the people in those households, and how many sizes are
 * unknown. */
static json_t *households(struct registry *r, const char *f, const char *t, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e,
		       "SELECT COUNT(*), SUM(CASE WHEN household_size > 0 THEN household_size ELSE 0 END),"
		       " SUM(CASE WHEN household_size > 0 THEN 0 ELSE 1 END) FROM beneficiaries WHERE ref IN"
		       " (SELECT beneficiary_ref FROM allocations WHERE delivered IS NOT NULL"
		       " AND SUBSTR(delivered, 1, 7) >= ? AND SUBSTR(delivered, 1, 7) <= ?)", f, t);
	if (rc)
		return NULL;
	json_t *o = json_pack("{s:I,s:I,s:I}", "reached", (json_int_t)atoll(rdb_val(res, 0, 0) ?: "0"), "people",
			      (json_int_t)atoll(rdb_val(res, 0, 1) ?: "0"), "size_unknown",
			      (json_int_t)atoll(rdb_val(res, 0, 2) ?: "0"));
	rdb_res_free(res);
	return o;
}

json_t *reg_stats(struct registry *r, const char *from, const char *to, struct reco_err *e)
{
	if ((from && *from && !reg_month_valid(from)) || (to && *to && !reg_month_valid(to))) {
		reco_err_set(e, -EINVAL, _("%s: a month is written YYYY-MM"),
			     from && *from && !reg_month_valid(from) ? from : to);
		return NULL;
	}
	const char *f = from && *from ? from : "0000-00", *t = to && *to ? to : "9999-99";
	json_t *months = json_object();
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e,
		       "SELECT SUBSTR(at, 1, 7) AS m, to_state, COUNT(*) FROM events"
		       " WHERE to_state IN ('received', 'ready', 'recycled')"
		       " AND SUBSTR(at, 1, 7) >= SUBSTR(?, 1, 7) AND SUBSTR(at, 1, 7) <= SUBSTR(?, 1, 7)"
		       " GROUP BY SUBSTR(at, 1, 7), to_state", f, t);
	if (rc)
		goto fail;
	for (int i = 0; i < res->nrows; i++) {
		const char *st = rdb_val(res, i, 1);
		add(month_obj(months, rdb_val(res, i, 0)), !strcmp(st, "ready") ? "refurbished" : st,
		    atoll(rdb_val(res, i, 2)));
	}
	rdb_res_free(res);
	static const struct { const char *key, *col, *cond; } alloc_q[] = {
		{ "allocated", "created", "1 = 1" },
		{ "delivered", "delivered", "delivered IS NOT NULL" },
		{ "returned", "closed", "state = 'returned'" },
	};
	for (size_t q = 0; q < 3; q++) {
		char sql[512];
		snprintf(sql, sizeof(sql),
			 "SELECT SUBSTR(%s, 1, 7) AS m, programme, COUNT(*) FROM allocations WHERE %s"
			 " AND SUBSTR(%s, 1, 7) >= SUBSTR(?, 1, 7) AND SUBSTR(%s, 1, 7) <= SUBSTR(?, 1, 7)"
			 " GROUP BY SUBSTR(%s, 1, 7), programme",
			 alloc_q[q].col, alloc_q[q].cond, alloc_q[q].col, alloc_q[q].col, alloc_q[q].col);
		rc = rdb_q(r->db, &res, e, sql, f, t);
		if (rc)
			goto fail;
		for (int i = 0; i < res->nrows; i++) {
			json_t *mo = month_obj(months, rdb_val(res, i, 0));
			long long n = atoll(rdb_val(res, i, 2));
			add(mo, alloc_q[q].key, n);
			json_t *progs = json_object_get(mo, "programmes");
			const char *p = rdb_val(res, i, 1);
			json_t *po = json_object_get(progs, p);
			if (!po) {
				po = json_pack("{s:i,s:i,s:i}", "allocated", 0, "delivered", 0, "returned", 0);
				json_object_set_new(progs, p, po);
			}
			add(po, alloc_q[q].key, n);
		}
		rdb_res_free(res);
	}
	rc = group_count(r, "SUBSTR(a.delivered, 1, 7)", "COUNT(DISTINCT a.beneficiary_ref)", "delivered",
			 "a.delivered IS NOT NULL", f, t, months, "households", month_obj, e);
	if (rc)
		goto fail;
	json_t *arr = json_array();
	const char *key;
	json_t *v;
	json_object_foreach(months, key, v)
		json_array_append(arr, v);
	json_decref(months);
	sort_by(arr, "month");
	json_t *progs = by_dimension(r, "a.programme", "programme", f, t, e);
	json_t *refs = progs ? by_dimension(r, "COALESCE(b.referrer, '')", "referrer", f, t, e) : NULL;
	json_t *hh = refs ? households(r, f, t, e) : NULL;
	if (!hh) {
		json_decref(arr);
		json_decref(progs);
		json_decref(refs);
		return NULL;
	}
	sort_by(progs, "programme");
	sort_by(refs, "referrer");
	json_t *out = json_object();
	json_object_set_new(out, "schema", json_string("reco-registry-stats/1"));
	if (from && *from)
		json_object_set_new(out, "from", json_string(from));
	if (to && *to)
		json_object_set_new(out, "to", json_string(to));
	json_object_set_new(out, "months", arr);
	json_object_set_new(out, "programmes", progs);
	json_object_set_new(out, "referrers", refs);
	json_object_set_new(out, "households", hh);
	/* what funders keep: the signed head of the history these figures come from */
	struct reg_checkpoint c;
	if (reg_checkpoint_get(r, 0, &c, e)) {
		json_decref(out);
		return NULL;
	}
	json_object_set_new(out, "checkpoint", reg_checkpoint_envelope(&c));
	reg_checkpoint_release(&c);
	return out;
fail:
	json_decref(months);
	return NULL;
}

int reg_stats_csv(const json_t *stats, FILE *out)
{
	fputs("month,programme,received,refurbished,allocated,delivered,returned,recycled\n", out);
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(stats, "months"), i, m) {
		const char *month = json_string_value(json_object_get(m, "month"));
		fprintf(out, "%s,(all)", month);
		for (int c = 0; counters[c]; c++)
			fprintf(out, ",%lld", (long long)json_integer_value(json_object_get(m, counters[c])));
		fputc('\n', out);
		const char *p;
		json_t *po;
		json_object_foreach(json_object_get(m, "programmes"), p, po) {
			fprintf(out, "%s,", month);
			reg_csv_field(out, p, 0);
			fprintf(out, ",,%lld,%lld,%lld,\n",
				(long long)json_integer_value(json_object_get(po, "allocated")),
				(long long)json_integer_value(json_object_get(po, "delivered")),
				(long long)json_integer_value(json_object_get(po, "returned")));
		}
	}
	return ferror(out) ? -EIO : 0;
}

const char *reg_referrer_label(const char *referrer)
{
	return referrer && *referrer ? referrer : _("(no referrer recorded)");
}

int reg_stats_csv_by(const json_t *stats, const char *by, FILE *out)
{
	size_t i;
	json_t *m;
	const json_t *hh = json_object_get(stats, "households");
	long long total = json_integer_value(json_object_get(hh, "reached"));
	if (!strcmp(by, "month")) {
		const char *head[] = { _("Month"), _("Received"), _("Refurbished"), _("Allocated"), _("Handed over"),
				       _("Returned"), _("Recycled"), _("Households reached") };
		for (int c = 0; c < 8; c++)
			reg_csv_field(out, head[c], c == 7);
		json_array_foreach(json_object_get(stats, "months"), i, m) {
			reg_csv_field(out, json_string_value(json_object_get(m, "month")), 0);
			for (int c = 0; counters[c]; c++)
				fprintf(out, "%lld,", (long long)json_integer_value(json_object_get(m, counters[c])));
			fprintf(out, "%lld\n", (long long)json_integer_value(json_object_get(m, "households")));
		}
		/* a household handed machines in two months counts once in the total */
		reg_csv_field(out, _("Total"), 0);
		for (int c = 0; counters[c]; c++) {
			long long sum = 0;
			json_array_foreach(json_object_get(stats, "months"), i, m)
				sum += json_integer_value(json_object_get(m, counters[c]));
			fprintf(out, "%lld,", sum);
		}
		fprintf(out, "%lld\n", total);
		return ferror(out) ? -EIO : 0;
	}
	int prog = !strcmp(by, "programme");
	if (!prog && strcmp(by, "referrer"))
		return -EINVAL;
	const char *head[] = { prog ? _("Programme") : _("Referrer"), _("Allocated"), _("Handed over"), _("Returned"),
			       _("Households reached") };
	for (int c = 0; c < 5; c++)
		reg_csv_field(out, head[c], c == 4);
	static const char *const cols[] = { "allocated", "delivered", "returned", "households" };
	long long sum[4] = { 0 };
	json_array_foreach(json_object_get(stats, prog ? "programmes" : "referrers"), i, m) {
		const char *name = json_string_value(json_object_get(m, prog ? "programme" : "referrer"));
		reg_csv_field(out, prog ? name : reg_referrer_label(name), 0);
		for (int c = 0; c < 4; c++) {
			long long v = json_integer_value(json_object_get(m, cols[c]));
			sum[c] += v;
			fprintf(out, "%lld%c", v, c == 3 ? '\n' : ',');
		}
	}
	reg_csv_field(out, _("Total"), 0);
	fprintf(out, "%lld,%lld,%lld,%lld\n", sum[0], sum[1], sum[2], total);
	return ferror(out) ? -EIO : 0;
}
