/*
 * schema.c — the registry's schema, one SQL text for SQLite and PostgreSQL,
 * versioned in the meta table and migrated forward step by step.
 *
 * Portable SQL only: TEXT and BIGINT columns, timestamps as RFC 3339 text
 * (they sort), no autoincrement (events carry an explicit seq, everything
 * else a random or natural key), partial unique indexes (both engines have
 * them).  The append-only triggers on `events` cannot be written portably
 * and come in two flavours.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "registry.h"

static const char schema_v1[] =
	"CREATE TABLE IF NOT EXISTS devices ("
	" id TEXT PRIMARY KEY, vendor TEXT, product TEXT, serial TEXT,"
	" state TEXT NOT NULL, grade TEXT, created TEXT NOT NULL, updated TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS devices_state ON devices(state);"
	"CREATE INDEX IF NOT EXISTS devices_serial ON devices(serial);"
	"CREATE INDEX IF NOT EXISTS devices_updated ON devices(updated, id);"
	"CREATE TABLE IF NOT EXISTS reports ("
	" sha256 TEXT PRIMARY KEY, report_id TEXT NOT NULL,"
	" device_id TEXT NOT NULL REFERENCES devices(id),"
	" created TEXT NOT NULL, imported TEXT NOT NULL, station TEXT, cert_sha256 TEXT,"
	" grade TEXT, all_erased BIGINT NOT NULL, disks BIGINT NOT NULL, diag_fail BIGINT NOT NULL,"
	" body TEXT NOT NULL, signature TEXT NOT NULL, certificate TEXT NOT NULL, certificate_pdf TEXT);"
	"CREATE INDEX IF NOT EXISTS reports_device ON reports(device_id, created);"
	"CREATE TABLE IF NOT EXISTS disks ("
	" report_sha256 TEXT NOT NULL REFERENCES reports(sha256), idx BIGINT NOT NULL,"
	" path TEXT, model TEXT, serial TEXT, size_bytes BIGINT, method TEXT, nist_category TEXT,"
	" result TEXT, reason TEXT, PRIMARY KEY (report_sha256, idx));"
	"CREATE TABLE IF NOT EXISTS diag_parts ("
	" report_sha256 TEXT NOT NULL REFERENCES reports(sha256), idx BIGINT NOT NULL,"
	" part TEXT, part_id TEXT, verdict TEXT, reason TEXT, PRIMARY KEY (report_sha256, idx));"
	"CREATE TABLE IF NOT EXISTS beneficiaries ("
	" ref TEXT PRIMARY KEY, household_size BIGINT, referrer TEXT,"
	" quota BIGINT NOT NULL, created TEXT NOT NULL, last_activity TEXT NOT NULL, purged TEXT);"
	"CREATE TABLE IF NOT EXISTS contacts ("
	" ref TEXT PRIMARY KEY REFERENCES beneficiaries(ref) ON DELETE CASCADE,"
	" name TEXT, phone TEXT, email TEXT, address TEXT);"
	"CREATE TABLE IF NOT EXISTS allocations ("
	" id TEXT PRIMARY KEY, device_id TEXT NOT NULL REFERENCES devices(id),"
	" beneficiary_ref TEXT REFERENCES beneficiaries(ref), report_sha256 TEXT NOT NULL,"
	" programme TEXT NOT NULL, state TEXT NOT NULL, created TEXT NOT NULL,"
	" delivered TEXT, closed TEXT, receipt TEXT, receipt_sig TEXT);"
	"CREATE UNIQUE INDEX IF NOT EXISTS allocations_active ON allocations(device_id)"
	" WHERE state IN ('allocated', 'delivered');"
	"CREATE INDEX IF NOT EXISTS allocations_benef ON allocations(beneficiary_ref);"
	"CREATE TABLE IF NOT EXISTS events ("
	" seq BIGINT PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, device_id TEXT,"
	" kind TEXT NOT NULL, from_state TEXT, to_state TEXT, detail TEXT,"
	" prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS events_device ON events(device_id, seq);"
	"CREATE TABLE IF NOT EXISTS users ("
	" name TEXT PRIMARY KEY, role TEXT NOT NULL, pwhash TEXT NOT NULL, created TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS web_sessions ("
	" token_sha256 TEXT PRIMARY KEY, user_name TEXT NOT NULL REFERENCES users(name),"
	" csrf TEXT NOT NULL, expires BIGINT NOT NULL);";

static const char triggers_sqlite[] =
	"CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events"
	" BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
	"CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events"
	" BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;";

static const char triggers_pg[] =
	"CREATE OR REPLACE FUNCTION reco_events_append_only() RETURNS trigger"
	" LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'events are append-only'; END $$;"
	"DROP TRIGGER IF EXISTS events_no_change ON events;"
	"CREATE TRIGGER events_no_change BEFORE UPDATE OR DELETE ON events"
	" FOR EACH ROW EXECUTE FUNCTION reco_events_append_only();"
	"DROP TRIGGER IF EXISTS events_no_truncate ON events;"
	"CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events"
	" FOR EACH STATEMENT EXECUTE FUNCTION reco_events_append_only();";

/* v2: reports carry the registry's import sequence (the seq of their
 * "report" event), the order every decision follows. */
static const char schema_v2[] =
	"ALTER TABLE reports ADD COLUMN import_seq BIGINT;"
	"UPDATE reports SET import_seq = (SELECT MIN(e.seq) FROM events e"
	" WHERE e.kind = 'report' AND e.detail = reports.sha256);"
	"CREATE INDEX IF NOT EXISTS reports_import ON reports(device_id, import_seq);";

/* v3: identity conflicts (conflict.c); the SMBIOS UUID joins the identity;
 * a report a coordinator rejected is excluded from verdicts. */
static const char schema_v3[] =
	"ALTER TABLE devices ADD COLUMN uuid TEXT;"
	"ALTER TABLE reports ADD COLUMN excluded BIGINT NOT NULL DEFAULT 0;"
	"CREATE TABLE IF NOT EXISTS conflicts ("
	" report_sha256 TEXT PRIMARY KEY REFERENCES reports(sha256),"
	" device_id TEXT NOT NULL REFERENCES devices(id), diff TEXT NOT NULL, opened TEXT NOT NULL,"
	" decided TEXT, decision TEXT, decided_by TEXT);"
	"CREATE INDEX IF NOT EXISTS conflicts_device ON conflicts(device_id, decided);";

/* v4: signed checkpoints of the chain head (checkpoint.c), append-only like
 * events; the events written before them are recorded as their base. */
static const char schema_v4[] =
	"CREATE TABLE IF NOT EXISTS checkpoints ("
	" events BIGINT PRIMARY KEY, body TEXT NOT NULL, signature TEXT NOT NULL);"
	"INSERT INTO meta (key, value) SELECT 'checkpoint_base', CAST(COUNT(*) AS TEXT) FROM events;";

static const char triggers_v4_sqlite[] =
	"CREATE TRIGGER IF NOT EXISTS checkpoints_no_update BEFORE UPDATE ON checkpoints"
	" BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;"
	"CREATE TRIGGER IF NOT EXISTS checkpoints_no_delete BEFORE DELETE ON checkpoints"
	" BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;";

static const char triggers_v4_pg[] =
	"CREATE OR REPLACE FUNCTION reco_checkpoints_append_only() RETURNS trigger"
	" LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'checkpoints are append-only'; END $$;"
	"DROP TRIGGER IF EXISTS checkpoints_no_change ON checkpoints;"
	"CREATE TRIGGER checkpoints_no_change BEFORE UPDATE OR DELETE ON checkpoints"
	" FOR EACH ROW EXECUTE FUNCTION reco_checkpoints_append_only();"
	"DROP TRIGGER IF EXISTS checkpoints_no_truncate ON checkpoints;"
	"CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON checkpoints"
	" FOR EACH STATEMENT EXECUTE FUNCTION reco_checkpoints_append_only();";

/* v5: free text out of the event log (notes.c). */
static const char schema_v5[] =
	"CREATE TABLE IF NOT EXISTS notes ("
	" id TEXT PRIMARY KEY, device_id TEXT NOT NULL REFERENCES devices(id), allocation_id TEXT,"
	" event_seq BIGINT NOT NULL, at TEXT NOT NULL, author TEXT NOT NULL, text TEXT NOT NULL);"
	"CREATE INDEX IF NOT EXISTS notes_device ON notes(device_id, event_seq);";

/* v6: login attempts (throttle.c). */
static const char schema_v6[] =
	"CREATE TABLE IF NOT EXISTS login_throttle ("
	" key TEXT PRIMARY KEY, fails BIGINT NOT NULL, first BIGINT NOT NULL);";

/* v7: accounts can be disabled (users.c). */
static const char schema_v7[] = "ALTER TABLE users ADD COLUMN disabled TEXT;";

struct migration {
	int version;
	const char *common, *sqlite, *pg;
};

static const struct migration migrations[] = {
	{ 1, schema_v1, triggers_sqlite, triggers_pg },
	{ 2, schema_v2, "", "" },
	{ 3, schema_v3, "", "" },
	{ 4, schema_v4, triggers_v4_sqlite, triggers_v4_pg },
	{ 5, schema_v5, "", "" },
	{ 6, schema_v6, "", "" },
	{ 7, schema_v7, "", "" },
};

int reg_schema_apply(struct registry *r, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	int rc = rdb_exec(r->db, "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)", e);
	if (rc)
		return rc;
	rc = rdb_begin_exclusive(r->db, e);
	if (rc)
		return rc;
	rc = rdb_q(r->db, &res, e, "SELECT value FROM meta WHERE key = ?", "schema_version");
	if (rc)
		goto fail;
	int have = res->nrows ? atoi(rdb_val(res, 0, 0)) : 0;
	rdb_res_free(res);
	r->schema_found = have;
	if (have > REG_SCHEMA_VERSION) {
		rc = reco_err_set(e, -EPROTO, _("database schema version %d is newer than this reco (%d)"),
				  have, REG_SCHEMA_VERSION);
		goto fail;
	}
	for (size_t i = 0; i < sizeof(migrations) / sizeof(migrations[0]); i++) {
		const struct migration *m = &migrations[i];
		if (m->version <= have)
			continue;
		const char *own = rdb_engine(r->db) == RDB_PG ? m->pg : m->sqlite;
		rc = rdb_exec(r->db, m->common, e);
		if (!rc && *own)
			rc = rdb_exec(r->db, own, e);
		if (rc)
			goto fail;
		char v[16];
		snprintf(v, sizeof(v), "%d", m->version);
		rc = rdb_q(r->db, NULL, e, "DELETE FROM meta WHERE key = ?", "schema_version");
		if (!rc)
			rc = rdb_q(r->db, NULL, e, "INSERT INTO meta (key, value) VALUES (?, ?)",
				   "schema_version", v);
		if (rc)
			goto fail;
	}
	return rdb_commit(r->db, e);
fail:
	rdb_rollback(r->db);
	return rc;
}
