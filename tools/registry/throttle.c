/*
 * throttle.c — login throttling, kept in the database.
 *
 * Every login attempt is counted before its password is checked, once for
 * the client's address and once for the account named, in the table
 * login_throttle (key "a:<address>" or "u:<account>", the number of
 * attempts, the start of the window).  Counting first means that parallel
 * requests cannot all slip through before the first failure is recorded;
 * keeping the counts in the database means that no table fills up and
 * forgets an address, that a restart forgets nothing, and that several
 * server processes share them.  A success resets both counts.  A counted
 * attempt that reached no verdict (the database failed) is taken back:
 * never does a database error count as a wrong password.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "registry.h"

static int bump(struct registry *r, const char *key, long long now, int *count, struct reco_err *e)
{
	char n[24], from[24];
	snprintf(n, sizeof(n), "%lld", now);
	snprintf(from, sizeof(from), "%lld", now - REG_LOGIN_WINDOW);
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e,
		       "INSERT INTO login_throttle (key, fails, first) VALUES (?, 1, CAST(? AS BIGINT))"
		       " ON CONFLICT (key) DO UPDATE SET"
		       " fails = CASE WHEN login_throttle.first < CAST(? AS BIGINT) THEN 1"
		       " ELSE login_throttle.fails + 1 END,"
		       " first = CASE WHEN login_throttle.first < CAST(? AS BIGINT) THEN CAST(? AS BIGINT)"
		       " ELSE login_throttle.first END RETURNING fails",
		       key, n, from, from, n);
	if (rc)
		return rc;
	*count = res->nrows ? atoi(rdb_val(res, 0, 0)) : 0;
	rdb_res_free(res);
	return 0;
}

static void keys(const char *address, const char *account, char a[128], char u[128])
{
	snprintf(a, 128, "a:%s", address);
	snprintf(u, 128, "u:%s", account);
}

int reg_login_count(struct registry *r, const char *address, const char *account, int *by_address,
		    int *by_account, struct reco_err *e)
{
	char a[128], u[128], from[24];
	long long now = (long long)time(NULL);
	keys(address, account, a, u);
	snprintf(from, sizeof(from), "%lld", now - REG_LOGIN_WINDOW);
	/* windows long past are forgotten */
	int rc = rdb_q(r->db, NULL, e, "DELETE FROM login_throttle WHERE first < CAST(? AS BIGINT)", from);
	if (!rc)
		rc = bump(r, a, now, by_address, e);
	if (!rc)
		rc = bump(r, u, now, by_account, e);
	return rc;
}

int reg_login_reset(struct registry *r, const char *address, const char *account, struct reco_err *e)
{
	char a[128], u[128];
	keys(address, account, a, u);
	return rdb_q(r->db, NULL, e, "DELETE FROM login_throttle WHERE key = ? OR key = ?", a, u);
}

int reg_login_uncount(struct registry *r, const char *address, const char *account, struct reco_err *e)
{
	char a[128], u[128];
	keys(address, account, a, u);
	return rdb_q(r->db, NULL, e,
		     "UPDATE login_throttle SET fails = fails - 1 WHERE (key = ? OR key = ?) AND fails > 0", a, u);
}
