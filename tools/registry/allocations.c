/*
 * allocations.c — the allocations as a list a coordinator filters: by
 * state (awaiting hand-over, handed over, returned, cancelled), programme,
 * a text found in the allocation id, the device or the beneficiary's
 * reference, and the date it was made; newest first, with the machine's
 * model and the beneficiary's referrer.  Conditions are added to the SQL
 * only when given, so the same text runs on SQLite and PostgreSQL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "registry.h"

static const char *const alloc_states[] = { "allocated", "delivered", "returned", "cancelled", NULL };

int reg_allocation_state_valid(const char *s)
{
	for (int i = 0; s && alloc_states[i]; i++)
		if (!strcmp(s, alloc_states[i]))
			return 1;
	return 0;
}

/* 1 when s is a day YYYY-MM-DD (digits where they belong). */
int reg_day_valid(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

json_t *reg_allocations_list(struct registry *r, const struct reg_allocation_filter *f, struct reco_err *e)
{
	char sql[1400], lim[24], off[24], *pat = NULL, to_end[16];
	const char *params[12];
	int n = 0;
	size_t u = (size_t)snprintf(sql, sizeof(sql),
		"SELECT a.id, a.device_id, d.vendor, d.product, d.grade, a.beneficiary_ref, b.referrer, a.programme,"
		" a.state, a.created, a.delivered, a.closed FROM allocations a JOIN devices d ON d.id = a.device_id"
		" LEFT JOIN beneficiaries b ON b.ref = a.beneficiary_ref WHERE 1 = 1");
#define COND(text, value) do { u += (size_t)snprintf(sql + u, sizeof(sql) - u, "%s", text); params[n++] = (value); } while (0)
	if (f && f->state && *f->state) {
		if (!reg_allocation_state_valid(f->state))
			return reco_err_set(e, -EINVAL, _("%s: unknown allocation state"), f->state), NULL;
		COND(" AND a.state = ?", f->state);
	}
	if (f && f->programme && *f->programme)
		COND(" AND a.programme = ?", f->programme);
	if (f && f->from && *f->from) {
		if (!reg_day_valid(f->from))
			return reco_err_set(e, -EINVAL, _("%s: a day is written YYYY-MM-DD"), f->from), NULL;
		COND(" AND a.created >= ?", f->from);
	}
	if (f && f->to && *f->to) {
		if (!reg_day_valid(f->to))
			return reco_err_set(e, -EINVAL, _("%s: a day is written YYYY-MM-DD"), f->to), NULL;
		/* the whole day: everything before the next character after it */
		snprintf(to_end, sizeof(to_end), "%s~", f->to);
		COND(" AND a.created <= ?", to_end);
	}
	if (f && f->search && *f->search) {
		size_t l = strlen(f->search);
		pat = malloc(l * 2 + 3);
		if (!pat)
			return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM)), NULL;
		char *o = pat;
		*o++ = '%';
		for (const char *s = f->search; *s; s++) {
			if (*s == '%' || *s == '_' || *s == '\\')
				*o++ = '\\';
			*o++ = *s;
		}
		*o++ = '%';
		*o = '\0';
		u += (size_t)snprintf(sql + u, sizeof(sql) - u,
				      " AND (LOWER(a.id) LIKE LOWER(?) ESCAPE '\\' OR LOWER(a.device_id) LIKE LOWER(?) ESCAPE '\\'"
				      " OR LOWER(COALESCE(a.beneficiary_ref, '')) LIKE LOWER(?) ESCAPE '\\')");
		params[n++] = pat;
		params[n++] = pat;
		params[n++] = pat;
	}
#undef COND
	snprintf(lim, sizeof(lim), "%d", f && f->limit > 0 ? f->limit : 1 << 30);
	snprintf(off, sizeof(off), "%d", f && f->offset > 0 ? f->offset : 0);
	snprintf(sql + u, sizeof(sql) - u, " ORDER BY a.created DESC, a.id LIMIT %s OFFSET %s", lim, off);
	struct rdb_res *res = NULL;
	int rc = rdb_query(r->db, &res, e, sql, n, params);
	free(pat);
	if (rc)
		return NULL;
	json_t *arr = reg_rows_json(res, NULL);
	rdb_res_free(res);
	return arr;
}
