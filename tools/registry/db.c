/*
 * db.c — the registry's database layer over SQLite 3 and libpq (see db.h).
 *
 * SQLite: WAL journal, a 60 s busy timeout so that parallel importers wait
 * for each other instead of failing, foreign keys on, secure_delete.
 * PostgreSQL: one connection, text parameters through PQexecParams, opened
 * again when it was lost (a server restart) outside a transaction.  Errors are mapped to
 * negative errno values the callers can act on (-EEXIST for a duplicate key,
 * -EPERM for a trigger's refusal).
 */
#include "db.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "lib/i18n.h"

struct rdb {
	enum rdb_engine engine;
	sqlite3 *lite;
	PGconn *pg;
	unsigned long txn; /* transactions begun on this connection */
	int in_txn;        /* between BEGIN and COMMIT/ROLLBACK */
};

/* PostgreSQL: a connection lost (server restarted, network) is opened
 * again before the next statement, unless a transaction was running on it:
 * that transaction is gone, and the statement fails. */
static int pg_alive(struct rdb *db, struct reco_err *e)
{
	if (PQstatus(db->pg) == CONNECTION_OK)
		return 0;
	if (db->in_txn)
		return reco_err_set(e, -EIO, _("the connection to PostgreSQL was lost during a transaction"));
	PQreset(db->pg);
	if (PQstatus(db->pg) != CONNECTION_OK)
		return reco_err_set(e, -EIO, _("cannot connect to PostgreSQL: %s"), PQerrorMessage(db->pg));
	PQclear(PQexec(db->pg, "SET client_min_messages TO warning"));
	return 0;
}

/* Runs one statement; retried once on a fresh connection when the old one
 * turned out to be dead and no transaction was running. */
static PGresult *pg_run(struct rdb *db, const char *sql, int n, const char *const *params,
			struct reco_err *e, int *rc)
{
	for (int attempt = 0;; attempt++) {
		*rc = pg_alive(db, e);
		if (*rc)
			return NULL;
		int was_in_txn = db->in_txn;
		PGresult *r = n < 0 ? PQexec(db->pg, sql) : PQexecParams(db->pg, sql, n, NULL, params, NULL, NULL, 0);
		ExecStatusType st = PQresultStatus(r);
		if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || PQstatus(db->pg) == CONNECTION_OK ||
		    was_in_txn || attempt)
			return r;
		PQclear(r);
	}
}

unsigned long rdb_txn_id(const struct rdb *db)
{
	return db->txn;
}

enum rdb_engine rdb_engine(const struct rdb *db)
{
	return db->engine;
}

int rdb_open(const char *spec, struct rdb **out, struct reco_err *e)
{
	struct rdb *db = calloc(1, sizeof(*db));
	if (!db)
		return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
	if (!strncmp(spec, "postgresql://", 13) || !strncmp(spec, "postgres://", 11) ||
	    !strncmp(spec, "pg:", 3)) {
		db->engine = RDB_PG;
		db->pg = PQconnectdb(!strncmp(spec, "pg:", 3) ? spec + 3 : spec);
		if (!db->pg || PQstatus(db->pg) != CONNECTION_OK) {
			reco_err_set(e, -EIO, _("cannot connect to PostgreSQL: %s"),
				     db->pg ? PQerrorMessage(db->pg) : strerror(ENOMEM));
			rdb_close(db);
			return -EIO;
		}
		PGresult *r = PQexec(db->pg, "SET client_min_messages TO warning");
		PQclear(r);
	} else {
		db->engine = RDB_SQLITE;
		mode_t old = umask(077); /* beneficiaries' data: owner only */
		int rc = sqlite3_open_v2(spec, &db->lite,
					 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
		umask(old);
		if (rc != SQLITE_OK) {
			reco_err_set(e, -EIO, "%s: %s", spec,
				     db->lite ? sqlite3_errmsg(db->lite) : sqlite3_errstr(rc));
			rdb_close(db);
			return -EIO;
		}
		sqlite3_busy_timeout(db->lite, 60000);
		sqlite3_extended_result_codes(db->lite, 1);
		/* secure_delete: deleted content is overwritten with zeros, not left
		 * in free space (purge must leave no copy) */
		int r2 = rdb_exec(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
				      " PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;", e);
		if (r2) {
			rdb_close(db);
			return r2;
		}
	}
	*out = db;
	return 0;
}

void rdb_close(struct rdb *db)
{
	if (!db)
		return;
	if (db->lite)
		sqlite3_close_v2(db->lite);
	if (db->pg)
		PQfinish(db->pg);
	free(db);
}

static int lite_err(struct rdb *db, int rc, struct reco_err *e)
{
	int code = -EIO;
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
		code = -EEXIST;
	else if (rc == SQLITE_CONSTRAINT_TRIGGER)
		code = -EPERM;
	else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		code = -EBUSY;
	return reco_err_set(e, code, "%s", sqlite3_errmsg(db->lite));
}

static int pg_err(struct rdb *db, PGresult *r, struct reco_err *e)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	int code = -EIO;
	if (state && !strcmp(state, "23505"))
		code = -EEXIST;
	else if (state && !strcmp(state, "P0001"))
		code = -EPERM;
	else if (state && (!strcmp(state, "40001") || !strcmp(state, "40P01")))
		code = -EBUSY;
	return reco_err_set(e, code, "%s", msg ? msg : PQerrorMessage(db->pg));
}

int rdb_exec(struct rdb *db, const char *sql, struct reco_err *e)
{
	if (db->engine == RDB_SQLITE) {
		char *msg = NULL;
		int rc = sqlite3_exec(db->lite, sql, NULL, NULL, &msg);
		if (rc != SQLITE_OK) {
			int code = lite_err(db, sqlite3_extended_errcode(db->lite), e);
			if (msg)
				reco_err_set(e, code, "%s", msg);
			sqlite3_free(msg);
			return code;
		}
		return 0;
	}
	int rc = 0;
	PGresult *r = pg_run(db, sql, -1, NULL, e, &rc);
	if (rc)
		return rc;
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = pg_err(db, r, e);
	PQclear(r);
	return rc;
}

char *rdb_translate_placeholders(const char *sql)
{
	size_t len = strlen(sql);
	char *out = malloc(len * 4 + 1); /* "?" → "$NNN" at most */
	if (!out)
		return NULL;
	char *o = out;
	int n = 0;
	char quote = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			*o++ = *p;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p;
		} else if (*p == '?') {
			o += sprintf(o, "$%d", ++n);
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static struct rdb_res *res_new(int ncols)
{
	struct rdb_res *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->ncols = ncols;
	r->cols = calloc(ncols ? ncols : 1, sizeof(char *));
	if (!r->cols) {
		free(r);
		return NULL;
	}
	return r;
}

static int res_add_row(struct rdb_res *r, size_t *cap)
{
	if ((size_t)(r->nrows + 1) * r->ncols > *cap) {
		size_t ncap = *cap ? *cap * 2 : (size_t)r->ncols * 16;
		if (ncap < (size_t)(r->nrows + 1) * r->ncols)
			ncap = (size_t)(r->nrows + 1) * r->ncols;
		char **nv = realloc(r->vals, ncap * sizeof(char *));
		if (!nv)
			return -ENOMEM;
		r->vals = nv;
		*cap = ncap;
	}
	memset(r->vals + (size_t)r->nrows * r->ncols, 0, r->ncols * sizeof(char *));
	r->nrows++;
	return 0;
}

static int lite_query(struct rdb *db, struct rdb_res **res, struct reco_err *e,
		      const char *sql, int n, const char *const *params)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->lite, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return lite_err(db, sqlite3_extended_errcode(db->lite), e);
	for (int i = 0; i < n; i++) {
		if (params[i])
			sqlite3_bind_text(st, i + 1, params[i], -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, i + 1);
	}
	int ncols = sqlite3_column_count(st);
	struct rdb_res *r = res ? res_new(ncols) : NULL;
	size_t cap = 0;
	int ret = 0;
	if (res && !r) {
		sqlite3_finalize(st);
		return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
	}
	for (int i = 0; r && i < ncols; i++)
		r->cols[i] = strdup(sqlite3_column_name(st, i));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!r)
			continue;
		if (res_add_row(r, &cap)) {
			ret = reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
			break;
		}
		for (int i = 0; i < ncols; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			if (t)
				r->vals[(size_t)(r->nrows - 1) * ncols + i] = strdup((const char *)t);
		}
	}
	if (!ret && rc != SQLITE_DONE)
		ret = lite_err(db, sqlite3_extended_errcode(db->lite), e);
	if (r)
		r->changes = sqlite3_changes(db->lite);
	sqlite3_finalize(st);
	if (ret) {
		rdb_res_free(r);
		return ret;
	}
	if (res)
		*res = r;
	return 0;
}

static int pg_query(struct rdb *db, struct rdb_res **res, struct reco_err *e,
		    const char *sql, int n, const char *const *params)
{
	char *q = rdb_translate_placeholders(sql);
	if (!q)
		return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
	int prc = 0;
	PGresult *pr = pg_run(db, q, n, params, e, &prc);
	free(q);
	if (prc)
		return prc;
	ExecStatusType st = PQresultStatus(pr);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		int rc = pg_err(db, pr, e);
		PQclear(pr);
		return rc;
	}
	if (res) {
		int ncols = PQnfields(pr), nrows = PQntuples(pr);
		struct rdb_res *r = res_new(ncols);
		size_t cap = 0;
		if (!r) {
			PQclear(pr);
			return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
		}
		for (int i = 0; i < ncols; i++)
			r->cols[i] = strdup(PQfname(pr, i));
		for (int row = 0; row < nrows; row++) {
			if (res_add_row(r, &cap)) {
				rdb_res_free(r);
				PQclear(pr);
				return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
			}
			for (int i = 0; i < ncols; i++)
				if (!PQgetisnull(pr, row, i))
					r->vals[(size_t)row * ncols + i] = strdup(PQgetvalue(pr, row, i));
		}
		const char *ct = PQcmdTuples(pr);
		r->changes = ct && *ct ? atoll(ct) : 0;
		*res = r;
	}
	PQclear(pr);
	return 0;
}

int rdb_query(struct rdb *db, struct rdb_res **res, struct reco_err *e,
	      const char *sql, int n, const char *const *params)
{
	if (res)
		*res = NULL;
	if (db->engine == RDB_SQLITE)
		return lite_query(db, res, e, sql, n, params);
	return pg_query(db, res, e, sql, n, params);
}

const char *rdb_val(const struct rdb_res *r, int row, int col)
{
	if (!r || row < 0 || row >= r->nrows || col < 0 || col >= r->ncols)
		return NULL;
	return r->vals[(size_t)row * r->ncols + col];
}

const char *rdb_get(const struct rdb_res *r, int row, const char *col)
{
	if (!r)
		return NULL;
	for (int i = 0; i < r->ncols; i++)
		if (r->cols[i] && !strcmp(r->cols[i], col))
			return rdb_val(r, row, i);
	return NULL;
}

void rdb_res_free(struct rdb_res *r)
{
	if (!r)
		return;
	for (int i = 0; i < r->ncols; i++)
		free(r->cols[i]);
	for (size_t i = 0; i < (size_t)r->nrows * r->ncols; i++)
		free(r->vals[i]);
	free(r->cols);
	free(r->vals);
	free(r);
}

int rdb_scrub(struct rdb *db, const char *const *tables, struct reco_err *e)
{
	if (db->engine == RDB_PG) {
		/* VACUUM FULL rewrites each table (and its TOAST and indexes) into
		 * new files; the old ones are truncated at commit: dead rows are
		 * gone from the table files.  Outside any transaction. */
		char sql[512] = "VACUUM (FULL) ";
		for (int i = 0; tables[i]; i++) {
			strncat(sql, i ? ", " : "", sizeof(sql) - strlen(sql) - 1);
			strncat(sql, tables[i], sizeof(sql) - strlen(sql) - 1);
		}
		return rdb_exec(db, sql, e);
	}
	/* the WAL holds earlier copies of the pages: copy back and empty it */
	return rdb_wal_checkpoint(db, e);
}

int rdb_wal_checkpoint(struct rdb *db, struct reco_err *e)
{
	if (db->engine != RDB_SQLITE)
		return 0;
	/* a reader in the middle of a transaction delays it: retry */
	for (int attempt = 0; attempt < 50; attempt++) {
		struct rdb_res *res = NULL;
		int rc = rdb_query(db, &res, e, "PRAGMA wal_checkpoint(TRUNCATE)", 0, NULL);
		if (rc)
			return rc;
		int busy = res->nrows && rdb_val(res, 0, 0) && atoi(rdb_val(res, 0, 0));
		rdb_res_free(res);
		if (!busy)
			return 0;
		usleep(100000);
	}
	return reco_err_set(e, -EBUSY, _("the write-ahead log could not be emptied: a reader kept it busy"));
}

int rdb_begin(struct rdb *db, struct reco_err *e)
{
	db->txn++;
	int rc = rdb_exec(db, "BEGIN", e);
	db->in_txn = !rc;
	return rc;
}

int rdb_begin_exclusive(struct rdb *db, struct reco_err *e)
{
	db->txn++;
	int rc = rdb_exec(db, db->engine == RDB_SQLITE ? "BEGIN IMMEDIATE" : "BEGIN", e);
	db->in_txn = !rc;
	if (!rc && db->engine == RDB_PG)
		rc = rdb_exec(db, "SELECT pg_advisory_xact_lock(1919246191)", e);
	if (rc && db->in_txn)
		rdb_rollback(db);
	return rc;
}

int rdb_commit(struct rdb *db, struct reco_err *e)
{
	int rc = rdb_exec(db, "COMMIT", e);
	db->in_txn = 0;
	return rc;
}

void rdb_rollback(struct rdb *db)
{
	if (db->engine == RDB_PG && PQstatus(db->pg) != CONNECTION_OK) {
		db->in_txn = 0; /* nothing to roll back on a dead connection */
		return;
	}
	rdb_exec(db, "ROLLBACK", NULL);
	db->in_txn = 0;
}
