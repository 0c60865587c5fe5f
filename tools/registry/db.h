/*
 * db.h — one small database interface over SQLite and PostgreSQL (libpq).
 *
 * The registry speaks the same SQL to both engines: statements use '?'
 * placeholders (translated to $1, $2... for PostgreSQL), every parameter is
 * passed as text (NULL for SQL NULL) and every result value comes back as
 * text, so the callers never see which engine they talk to.  The schema
 * (schema.c) is shared too, except for the few statements that cannot be
 * written portably (the append-only triggers), which come in two flavours.
 *
 * Ownership: rdb_query() hands back a result the caller frees with
 * rdb_res_free(); strings returned by rdb_val() live as long as the result.
 */
#ifndef RECO_REGISTRY_DB_H
#define RECO_REGISTRY_DB_H

#include <stddef.h>

#include "lib/reco.h"

enum rdb_engine { RDB_SQLITE, RDB_PG };

struct rdb;

struct rdb_res {
	int nrows, ncols;
	long long changes; /* rows changed by an INSERT/UPDATE/DELETE */
	char **cols;       /* column names */
	char **vals;       /* nrows * ncols values, NULL for SQL NULL */
};

/* Opens spec: a "postgresql://" or "postgres://" URL (or a libpq "host=..."
 * string when it starts with "pg:") for PostgreSQL, else a SQLite file path
 * (created).  0 or -errno with e filled. */
int rdb_open(const char *spec, struct rdb **out, struct reco_err *e);
void rdb_close(struct rdb *db);
enum rdb_engine rdb_engine(const struct rdb *db);

/* Runs one or more statements without parameters nor results. */
int rdb_exec(struct rdb *db, const char *sql, struct reco_err *e);

/* Runs one statement with n text parameters.  res may be NULL when the
 * caller wants no rows.  0, or -EEXIST on a uniqueness violation, -EPERM
 * when a trigger refused, -EBUSY on a serialisation failure, -EIO otherwise;
 * e holds the engine's message. */
int rdb_query(struct rdb *db, struct rdb_res **res, struct reco_err *e,
	      const char *sql, int n, const char *const *params);
#define RDB_NARGS(...) ((int)(sizeof((const char *[]){ __VA_ARGS__ }) / sizeof(const char *)))
#define rdb_q(db, res, e, sql, ...) \
	rdb_query(db, res, e, sql, RDB_NARGS(__VA_ARGS__), (const char *const[]){ __VA_ARGS__ })

const char *rdb_val(const struct rdb_res *r, int row, int col);
/* Value by column name, NULL when absent or NULL. */
const char *rdb_get(const struct rdb_res *r, int row, const char *col);
void rdb_res_free(struct rdb_res *r);

/* Transactions.  rdb_begin_exclusive() serialises writers across processes
 * (SQLite BEGIN IMMEDIATE; PostgreSQL an advisory transaction lock), which
 * the event chain needs. */
int rdb_begin(struct rdb *db, struct reco_err *e);
int rdb_begin_exclusive(struct rdb *db, struct reco_err *e);
int rdb_commit(struct rdb *db, struct reco_err *e);
void rdb_rollback(struct rdb *db);
/* Makes deleted rows of these tables unrecoverable from the database's own
 * files, outside any transaction.  SQLite (whose connections run with
 * secure_delete, so freed space is zeroed): checkpoints the write-ahead log
 * and truncates it to zero bytes (-EBUSY when readers keep it busy for 5 s).
 * PostgreSQL: VACUUM (FULL) of the tables, which rewrites them into new
 * files.  Neither reaches the filesystem's free blocks, PostgreSQL's WAL
 * segments and archives, or backups. */
int rdb_scrub(struct rdb *db, const char *const *tables, struct reco_err *e);

/* SQLite: copies the write-ahead log into the database file and truncates
 * it to zero bytes (-EBUSY when readers keep it busy for 5 s), so that the
 * file alone is complete.  PostgreSQL: nothing to do. */
int rdb_wal_checkpoint(struct rdb *db, struct reco_err *e);

/* A number that changes at every rdb_begin*(): tells "this transaction"
 * from an earlier one on the same connection. */
unsigned long rdb_txn_id(const struct rdb *db);

/* '?' → '$n' outside quoted literals (exposed for the unit tests).
 * malloc'd, NULL on allocation failure. */
char *rdb_translate_placeholders(const char *sql);

#endif
