/*
 * backup.c — `reco registry backup`: an online, consistent copy of the
 * database with the signed checkpoint that vouches for exactly its content.
 *
 * SQLite: VACUUM INTO writes a compact copy from one read transaction
 * (writers go on meanwhile) — and, being rebuilt page by page, it carries
 * none of the freed space of the original.  PostgreSQL: pg_dump (custom
 * format, restored with pg_restore) reading the snapshot exported by a
 * REPEATABLE READ transaction of ours, in which the head and its checkpoint
 * are read too.  The checkpoint covering the copy's last event goes beside
 * it (FILE.checkpoint.json and .sig), so that the copy can be audited later
 * against it: `reco registry --db COPY audit --checkpoint
 * FILE.checkpoint.json`.  The registry key and the data directory are not
 * in the copy: they are the operator's to keep elsewhere.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/proc.h"
#include "lib/util.h"
#include "registry.h"

/* The checkpoint that covers exactly the head seen by r's connection. */
static int covering_checkpoint(struct registry *r, struct reg_checkpoint *c, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e, "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT ?", "1");
	if (rc)
		return rc;
	long long n = res->nrows ? atoll(rdb_val(res, 0, 0)) : 0;
	char head[65];
	snprintf(head, sizeof(head), "%s", res->nrows ? rdb_val(res, 0, 1) : "");
	rdb_res_free(res);
	if (!n)
		return reco_err_set(e, -ENOENT, _("the event log is empty: nothing to vouch for yet"));
	rc = reg_checkpoint_get(r, n, c, e);
	if (rc == -ENOENT || (!rc && strcmp(c->head, head))) {
		if (!rc)
			reg_checkpoint_release(c);
		return reco_err_set(e, -EBADMSG,
				    _("the copy's last event (%lld) is covered by no signed checkpoint "
				      "(run 'reco registry audit')"), n);
	}
	return rc;
}

static int backup_sqlite(struct registry *r, const char *path, struct reg_checkpoint *c,
			 struct reco_err *e)
{
	/* the path as an SQL string literal */
	char *sql = malloc(strlen(path) * 2 + 32);
	if (!sql)
		return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
	char *o = sql + sprintf(sql, "VACUUM INTO '");
	for (const char *p = path; *p; p++) {
		if (*p == '\'')
			*o++ = '\'';
		*o++ = *p;
	}
	strcpy(o, "'");
	mode_t old = umask(077); /* beneficiaries' data: owner only */
	int rc = rdb_exec(r->db, sql, e);
	umask(old);
	free(sql);
	if (rc)
		return reco_err_set(e, rc, "%s: %s", path, e->msg);
	struct registry copy = *r;
	rc = rdb_open(path, &copy.db, e);
	if (!rc) {
		rc = covering_checkpoint(&copy, c, e);
		rdb_close(copy.db);
	}
	return rc;
}

static int backup_pg(struct registry *r, const char *path, struct reg_checkpoint *c,
		     struct reco_err *e)
{
	int rc = rdb_exec(r->db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", e);
	if (rc)
		return rc;
	struct rdb_res *res = NULL;
	rc = rdb_query(r->db, &res, e, "SELECT pg_export_snapshot()", 0, NULL);
	char snap[128] = "";
	if (!rc) {
		snprintf(snap, sizeof(snap), "%s", rdb_val(res, 0, 0));
		rdb_res_free(res);
		rc = covering_checkpoint(r, c, e);
	}
	if (!rc) {
		const char *spec = r->db_spec && !strncmp(r->db_spec, "pg:", 3) ? r->db_spec + 3 : r->db_spec;
		char *snaparg = reco_asprintf("--snapshot=%s", snap);
		char *filearg = reco_asprintf("--file=%s", path);
		char *dbarg = reco_asprintf("--dbname=%s", spec ? spec : "");
		char *argv[] = { "pg_dump", "--format=custom", "--no-password", snaparg, filearg, dbarg, NULL };
		struct reco_proc p;
		mode_t old = umask(077);
		rc = snaparg && filearg && dbarg ? reco_proc_run(argv, 0, 1u << 16, &p) : -ENOMEM;
		umask(old);
		if (rc == -ENOENT)
			rc = reco_err_set(e, rc, _("pg_dump not found (Debian package postgresql-client)"));
		else if (rc)
			rc = reco_err_set(e, rc, "pg_dump: %s", strerror(-rc));
		else {
			if (p.status)
				rc = reco_err_set(e, -EIO, "pg_dump: %s", p.err && *p.err ? reco_strtrim(p.err) : _("failed"));
			reco_proc_release(&p);
		}
		free(snaparg);
		free(filearg);
		free(dbarg);
		if (rc)
			reg_checkpoint_release(c);
	}
	rdb_rollback(r->db);
	return rc;
}

int reg_backup(struct registry *r, const char *path, struct reg_checkpoint *c, struct reco_err *e)
{
	memset(c, 0, sizeof(*c));
	if (access(path, F_OK) == 0)
		return reco_err_set(e, -EEXIST, _("%s: already exists; a backup never overwrites a file"), path);
	/* the head is signed now (it always is after a change; not yet after an
	 * upgrade from a registry without checkpoints) */
	struct reg_checkpoint now;
	int rc = reg_checkpoint_now(r, &now, e);
	if (rc)
		return rc;
	reg_checkpoint_release(&now);
	rc = rdb_engine(r->db) == RDB_PG ? backup_pg(r, path, c, e) : backup_sqlite(r, path, c, e);
	if (!rc) {
		char *cp = reco_asprintf("%s.checkpoint.json", path);
		rc = cp ? reg_checkpoint_write(c, cp, e) : -ENOMEM;
		free(cp);
	}
	if (rc) {
		reg_checkpoint_release(c);
		unlink(path);
	}
	return rc;
}
