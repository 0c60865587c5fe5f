/*
 * guard.c — the append-only triggers on `events` and `checkpoints`,
 * verified at every start (reg_open) and recreated when missing, altered or
 * disabled, with an event saying so.
 *
 * SQLite keeps a trigger's CREATE text in sqlite_master: it must be exactly
 * the one below.  PostgreSQL: each table has a row trigger BEFORE UPDATE OR
 * DELETE and a statement trigger BEFORE TRUNCATE, enabled ('O'), calling
 * reco_<table>_append_only() whose body raises; pg_trigger.tgtype encodes
 * the timing and events (2 BEFORE, 1 ROW, 8 DELETE, 16 UPDATE, 32 TRUNCATE).
 * Someone who can run DDL can still drop them between two starts: the hash
 * chain and its signed checkpoints (audit.c) are what show the rest.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/util.h"
#include "registry.h"

static const char *const guarded[] = { "events", "checkpoints", NULL };

static void lite_sql(char *buf, size_t size, const char *table, const char *what)
{
	char up[8];
	snprintf(up, sizeof(up), "%s", what);
	for (char *c = up; *c; c++)
		*c = (char)(*c - 'a' + 'A');
	snprintf(buf, size,
		 "CREATE TRIGGER %s_no_%s BEFORE %s ON %s BEGIN SELECT RAISE(ABORT, '%s are append-only'); END",
		 table, what, up, table, table);
}

/* SQLite: appends the names of triggers that are not as created. */
static int lite_check(struct registry *r, char *bad, size_t size, int repair, struct reco_err *e)
{
	static const char *const whats[] = { "update", "delete" };
	int n = 0;
	for (int t = 0; guarded[t]; t++)
		for (int w = 0; w < 2; w++) {
			char name[64], want[256];
			snprintf(name, sizeof(name), "%s_no_%s", guarded[t], whats[w]);
			lite_sql(want, sizeof(want), guarded[t], whats[w]);
			struct rdb_res *res = NULL;
			int rc = rdb_q(r->db, &res, e,
				       "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", name);
			if (rc)
				return rc;
			int ok = res->nrows == 1 && rdb_val(res, 0, 0) && !strcmp(rdb_val(res, 0, 0), want);
			rdb_res_free(res);
			if (ok)
				continue;
			n++;
			size_t l = strlen(bad);
			snprintf(bad + l, size - l, "%s%s", l ? "," : "", name);
			if (repair) {
				char sql[400];
				snprintf(sql, sizeof(sql), "DROP TRIGGER IF EXISTS %s; %s;", name, want);
				rc = rdb_exec(r->db, sql, e);
				if (rc)
					return rc;
			}
		}
	return n;
}

static int pg_check(struct registry *r, char *bad, size_t size, int repair, struct reco_err *e)
{
	int n = 0;
	for (int t = 0; guarded[t]; t++) {
		char fn[64], body[128], row[64], stmt[64], rows[8], stmts[8];
		snprintf(fn, sizeof(fn), "reco_%s_append_only", guarded[t]);
		snprintf(body, sizeof(body), " BEGIN RAISE EXCEPTION '%s are append-only'; END ", guarded[t]);
		snprintf(row, sizeof(row), "%s_no_change", guarded[t]);
		snprintf(stmt, sizeof(stmt), "%s_no_truncate", guarded[t]);
		snprintf(rows, sizeof(rows), "%d", 2 | 1 | 8 | 16);
		snprintf(stmts, sizeof(stmts), "%d", 2 | 32);
		struct rdb_res *res = NULL;
		int rc = rdb_q(r->db, &res, e,
			       "SELECT COUNT(*) FROM pg_trigger g JOIN pg_proc p ON p.oid = g.tgfoid"
			       " WHERE g.tgrelid = CAST(? AS regclass) AND NOT g.tgisinternal AND g.tgenabled = 'O'"
			       " AND p.proname = ? AND p.prosrc = ?"
			       " AND ((g.tgname = ? AND g.tgtype = CAST(? AS INT)) OR (g.tgname = ? AND g.tgtype = CAST(? AS INT)))",
			       guarded[t], fn, body, row, rows, stmt, stmts);
		if (rc)
			return rc;
		int ok = atoi(rdb_val(res, 0, 0)) == 2;
		rdb_res_free(res);
		if (ok)
			continue;
		n++;
		size_t l = strlen(bad);
		snprintf(bad + l, size - l, "%s%s,%s", l ? "," : "", row, stmt);
		if (repair) {
			char *sql = reco_asprintf(
				"CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$%s$$;"
				"DROP TRIGGER IF EXISTS %s ON %s;"
				"CREATE TRIGGER %s BEFORE UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION %s();"
				"DROP TRIGGER IF EXISTS %s ON %s;"
				"CREATE TRIGGER %s BEFORE TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION %s();",
				fn, body, row, guarded[t], row, guarded[t], fn, stmt, guarded[t], stmt, guarded[t], fn);
			rc = sql ? rdb_exec(r->db, sql, e) : -ENOMEM;
			free(sql);
			if (rc)
				return rc;
		}
	}
	return n;
}

static int check(struct registry *r, char *bad, size_t size, int repair, struct reco_err *e)
{
	bad[0] = '\0';
	return rdb_engine(r->db) == RDB_PG ? pg_check(r, bad, size, repair, e)
					   : lite_check(r, bad, size, repair, e);
}

int reg_guard_triggers(struct registry *r, struct reco_err *e)
{
	char bad[256];
	r->notice[0] = '\0';
	int rc = check(r, bad, sizeof(bad), 0, e);
	if (rc <= 0)
		return rc;
	rc = rdb_begin_exclusive(r->db, e);
	if (rc)
		return rc;
	rc = check(r, bad, sizeof(bad), 1, e);
	if (rc < 0) {
		rdb_rollback(r->db);
		return rc;
	}
	int restored = rc;
	rc = rdb_commit(r->db, e);
	if (rc || !restored)
		return rc;
	/* the restoration is an event; the triggers stay restored even when it
	 * cannot be signed (events added behind reco's back: audit says which) */
	struct reco_err ee = { 0 };
	const char *actor = r->actor;
	r->actor = "reco";
	int erc = rdb_begin_exclusive(r->db, &ee);
	if (!erc) {
		erc = reg_event_append(r, NULL, "triggers-restored", NULL, NULL, bad, &ee);
		erc = erc ? (rdb_rollback(r->db), erc) : reg_commit(r, &ee);
	}
	r->actor = actor;
	if (erc)
		snprintf(r->notice, sizeof(r->notice),
			 _("append-only triggers were missing, altered or disabled and have been restored (%s); "
			   "the event recording it could not be written: %s"), bad, ee.msg);
	else
		snprintf(r->notice, sizeof(r->notice),
			 _("append-only triggers were missing, altered or disabled and have been restored (%s)"), bad);
	return restored;
}
