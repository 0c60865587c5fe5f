/*
 * stats.c — figures for funders: machines received, refurbished (made
 * ready), allocated, delivered, returned and recycled, per month and per
 * programme.  Pseudonymous by construction: counts only.  The JSON carries
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
		json_object_set_new(o, "programmes", json_object());
		json_object_set_new(months, m, o);
	}
	return o;
}

static void add(json_t *o, const char *key, long long n)
{
	json_object_set_new(o, key, json_integer(json_integer_value(json_object_get(o, key)) + n));
}

json_t *reg_stats(struct registry *r, const char *from, const char *to, struct reco_err *e)
{
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
	json_t *arr = json_array();
	const char *key;
	json_t *v;
	void *tmp;
	json_object_foreach_safe(months, tmp, key, v)
		json_array_append(arr, v);
	json_decref(months);
	/* months sorted */
	size_t n = json_array_size(arr);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			json_t *a = json_array_get(arr, j - 1), *b = json_array_get(arr, j);
			if (strcmp(json_string_value(json_object_get(a, "month")),
				   json_string_value(json_object_get(b, "month"))) <= 0)
				break;
			json_incref(a);
			json_array_set(arr, j - 1, b);
			json_array_set_new(arr, j, a);
		}
	json_t *out = json_object();
	json_object_set_new(out, "schema", json_string("reco-registry-stats/1"));
	if (from && *from)
		json_object_set_new(out, "from", json_string(from));
	if (to && *to)
		json_object_set_new(out, "to", json_string(to));
	json_object_set_new(out, "months", arr);
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
