/*
 * registry.h — the coordinators' registry: devices imported from signed
 * reports, their lifecycle, beneficiaries, allocations and receipts.
 *
 * Every function takes an open struct registry (a database plus the data
 * directory holding the registry's keys) and follows libreco's rules:
 * nothing prints or exits; 0 (or a count) or a negative errno, with a
 * translated explanation in struct reco_err.  A refusal the person must act
 * on (tampered report, forbidden transition, device not wiped) is -EPERM, or
 * -EEXIST for a double allocation; -ENOENT for an unknown device or
 * beneficiary; -EINVAL for malformed input.
 */
#ifndef RECO_REGISTRY_H
#define RECO_REGISTRY_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "db.h"

#define REG_SCHEMA_VERSION 7

struct registry {
	struct rdb *db;
	const char *db_spec;  /* what reg_open opened */
	char data_dir[4096]; /* keys: registry-key.pem, export-hmac.key */
	const char *ca_path;  /* the association's CA certificate */
	const char *crl_path; /* its CRL, may be NULL */
	const char *actor;    /* who acts, recorded in every event */
	int in_batch;         /* inside reg_import_batch_begin/end */
	long long last_seq;   /* seq of the last event this connection appended */
	unsigned long base_txn; /* rdb_txn_id() of the transaction that ... */
	long long txn_base;   /* ... found this head when it began appending */
	char notice[640];     /* what reg_open repaired, for the person (may be "") */
	int schema_found;     /* the schema version reg_open found (0: a new database) */
};

/* ---- schema.c ---- */
/* Creates or migrates the schema to REG_SCHEMA_VERSION.  0 or -errno. */
int reg_schema_apply(struct registry *r, struct reco_err *e);

/* ---- lifecycle.c ---- */
extern const char *const reg_states[]; /* NULL-terminated, in order */
int reg_state_valid(const char *s);
/* 1 when from → to is an allowed transition. */
int reg_transition_allowed(const char *from, const char *to);
/* Appends one event to the hash chain.  Must run inside an exclusive
 * transaction (rdb_begin_exclusive).  0 or -errno. */
int reg_event_append(struct registry *r, const char *device_id, const char *kind,
		     const char *from, const char *to, const char *detail, struct reco_err *e);
/* Moves device to state `to` (checked), with an event; in its own exclusive
 * transaction.  -EPERM for a forbidden transition, -ENOENT unknown device. */
int reg_transition(struct registry *r, const char *device_id, const char *to,
		   const char *detail, struct reco_err *e);
/* Same, inside the caller's exclusive transaction. */
int reg_transition_locked(struct registry *r, const char *device_id, const char *to,
			  const char *detail, struct reco_err *e);
/* SHA-256 (hex) of one event over the canonical JSON of its nine fields.
 * -EILSEQ when a text field is not valid UTF-8 (nothing is ever dropped). */
int reg_event_hash(long long seq, const char *at, const char *actor, const char *device,
		   const char *kind, const char *from, const char *to, const char *detail,
		   const char *prev, char out[65]);
/* Current time as RFC 3339 (UTC); honours $RECO_REGISTRY_NOW for tests. */
void reg_now(char buf[32]);
/* The same instant as a time_t. */
time_t reg_now_time(void);
/* Resolves a device reference: a full id or a unique prefix of it (>= 4
 * characters), or a serial.  Writes the id.  0, -ENOENT, -EINVAL ambiguous. */
int reg_device_resolve(struct registry *r, const char *ref, char *id, size_t size, struct reco_err *e);

/* ---- import.c ---- */
enum reg_import_result { REG_IMPORT_STORED, REG_IMPORT_DUPLICATE };
struct reg_import_info {
	enum reg_import_result result;
	int held;                  /* stored, but an identity conflict holds the device */
	char device_id[256];
	char report_sha256[65];
	char station[256];
};
/* How far ahead of the registry's clock a report's `created` time may be
 * (station clocks drift a little); anything later is refused. */
#define REG_FUTURE_TOLERANCE 600
/* Verifies (signature, chain, revocation) then stores one report.  A report
 * that does not verify, or that was created more than REG_FUTURE_TOLERANCE
 * seconds after the registry's clock, is stored nowhere: -EPERM with the
 * reason in e.  -EINVAL malformed report.  Reports are ordered by their
 * import sequence (the registry's own), never by `created`. */
int reg_import_mem(struct registry *r, const unsigned char *report, size_t report_len,
		   const unsigned char *sig, size_t sig_len, const char *cert_pem, size_t cert_len,
		   struct reg_import_info *info, struct reco_err *e);
/* The same with the erasure certificate PDF that came with it (may be
 * NULL), stored beside the report. */
struct reg_bundle {
	const unsigned char *report;
	size_t report_len;
	const unsigned char *sig;
	size_t sig_len;
	const char *cert;
	size_t cert_len;
	const unsigned char *pdf;
	size_t pdf_len;
};
int reg_import_bundle(struct registry *r, const struct reg_bundle *b, struct reg_import_info *info,
		      struct reco_err *e);
/* Bulk import: one exclusive transaction around many reports, each in its
 * own savepoint (a refused report still leaves the others).  Commit with
 * reg_import_batch_end(r, 1), abandon with (r, 0). */
int reg_import_batch_begin(struct registry *r, struct reco_err *e);
int reg_import_batch_end(struct registry *r, int commit, struct reco_err *e);
/* Imports many report.json files: read and verified by `threads` worker
 * threads (a bounded window ahead), stored in order by the caller's thread
 * in transactions of `batch` reports; cb is called once per file, in order,
 * with its result.  0, or -errno when the database failed (the running
 * batch is then rolled back). */
typedef void (*reg_import_cb)(const char *path, int rc, const struct reg_import_info *info,
			      const struct reco_err *e, void *arg);
int reg_import_files(struct registry *r, const char *const *paths, size_t n, int threads,
		     size_t batch, reg_import_cb cb, void *arg, struct reco_err *e);
/* report.json with report.json.sig and station.pem beside it. */
int reg_import_file(struct registry *r, const char *path, struct reg_import_info *info,
		    struct reco_err *e);
/* Moves a device forward after a report (received/returned → tested when
 * the diagnostics hold no FAIL, tested → wiped when every disk is erased),
 * one allowed step at a time, inside the caller's exclusive transaction. */
int reg_import_advance(struct registry *r, const char *dev, int diag_ok, int wiped, struct reco_err *e);
/* Re-verifies a stored report against the current CA and CRL.  0 with *ok
 * set (1 verified), reason written to why. */
int reg_report_reverify(struct registry *r, const char *sha256, int *ok, char *why, size_t whysize,
			struct reco_err *e);

/* ---- bundle.c: reports brought as files (an upload, an archive) ---- */
#define REG_BUNDLE_BYTES (256u << 20) /* all the files kept, together */
#define REG_BUNDLE_ENTRIES 20000      /* entries of an archive looked at */
struct reg_file { char *path; unsigned char *data; size_t len; };
struct reg_files {
	struct reg_file *v;
	size_t n, cap;
	size_t ignored; /* files that are none of report.json, .sig, station.pem, certificate.pdf */
	size_t bytes;
};
/* Keeps a copy of a file under path when it is one a report bundle holds
 * (counts it in ignored otherwise).  -EFBIG beyond the size limits. */
int reg_files_add(struct reg_files *fs, const char *path, const void *data, size_t len, struct reco_err *e);
/* The same for every entry of a ZIP or tar (.gz, .bz2, .xz) archive held
 * in memory, under "name/entry path".  -EINVAL not an archive or damaged,
 * -EFBIG beyond the limits; what was read before stays in fs. */
int reg_files_from_archive(struct reg_files *fs, const void *data, size_t len, const char *name,
			   struct reco_err *e);
/* 1 when a file name says archive (.zip, .tar, .tar.gz, .tgz, .tar.bz2, .tar.xz). */
int reg_is_archive_name(const char *name);
void reg_files_release(struct reg_files *fs);
/* Imports every report.json of fs with the files beside it (reg_import_bundle:
 * the same verification as `import`), calling cb once per report.json in
 * path order; one missing its signature or station certificate is refused.
 * Returns the number of report.json found. */
int reg_import_bundles(struct registry *r, struct reg_files *fs, reg_import_cb cb, void *arg, struct reco_err *e);

/* ---- conflict.c: reports that contradict a device's identity ---- */
/* Compares the report's device object (vendor, serial, uuid) with the
 * stored identity, inside the caller's transaction; fields the registry
 * lacks are learnt.  1 with *diff (malloc'd canonical JSON of the differing
 * fields) on a contradiction, 0 when none, -errno. */
int reg_identity_compare(struct registry *r, const char *dev, const json_t *device, char **diff,
			 struct reco_err *e);
/* 1 when the device has a conflict awaiting a decision, 0 if not, -errno. */
int reg_conflict_open(struct registry *r, const char *dev, struct reco_err *e);
/* Conflicts (of one device, or all when dev is NULL; only the open ones when
 * open_only) as a JSON array, or NULL with e. */
json_t *reg_conflicts_list(struct registry *r, const char *dev, int open_only, struct reco_err *e);
/* A coordinator's decision on the open conflict of a report (its SHA-256 or
 * a prefix of >= 8 hex digits): accept (the device takes the report's
 * identity and its verdicts when it is the last imported) or reject (the
 * report is excluded from every verdict).  Writes the device id.  -ENOENT
 * when no such open conflict. */
int reg_conflict_decide(struct registry *r, const char *report, int accept, char *dev_out,
			size_t devsize, struct reco_err *e);

/* ---- regkey.c: the registry's Ed25519 key (data directory, not the database) ---- */
struct reco_key;
/* Loads registry-key.pem, creating it (and registry-pub.pem) on first use. */
int reg_key_load(struct registry *r, struct reco_key **key, struct reco_err *e);
/* Signs exactly len bytes; keysha (may be NULL) receives the SHA-256 of the
 * raw public key. */
int reg_sign(struct registry *r, const void *data, size_t len, unsigned char sig[64], char keysha[65],
	     struct reco_err *e);
/* Verifies a raw signature with the public key in pub_path, or the
 * registry's own when NULL.  0, -EBADMSG when it does not verify. */
int reg_verify(struct registry *r, const char *pub_path, const void *data, size_t len,
	       const unsigned char *sig, size_t siglen, struct reco_err *e);

/* ---- checkpoint.c: signed checkpoints of the chain head ---- */
struct reg_checkpoint {
	long long events;      /* events vouched for */
	char head[65];         /* hash of event `events` */
	char at[32];           /* when it was signed (registry clock) */
	char key_sha256[65];   /* the signing key */
	char *body;            /* its exact canonical bytes (malloc'd) */
	unsigned char sig[64]; /* raw Ed25519 signature over body */
};
void reg_checkpoint_release(struct reg_checkpoint *c);
/* Reads checkpoint bytes (strict: reco-checkpoint/1, canonical form). */
int reg_checkpoint_parse(const char *body, size_t len, struct reg_checkpoint *c, struct reco_err *e);
int reg_checkpoint_get_row(const char *body, const char *sig64, struct reg_checkpoint *c,
			   struct reco_err *e);
/* The stored checkpoint of `events` events, or the latest when 0 (c->body
 * stays NULL when there is none yet). */
int reg_checkpoint_get(struct registry *r, long long events, struct reg_checkpoint *c, struct reco_err *e);
/* Inside the caller's exclusive transaction: signs a checkpoint of the
 * current head unless one covers it already.  -EBADMSG (nothing signed)
 * when events since the previous checkpoint were not appended by this
 * transaction, or that checkpoint no longer matches the log. */
int reg_checkpoint_locked(struct registry *r, struct reco_err *e);
/* reg_checkpoint_locked, then COMMIT (ROLLBACK when it fails): how every
 * transaction that appended events ends. */
int reg_commit(struct registry *r, struct reco_err *e);
/* Checkpoints the head now (own transaction) and returns the latest. */
int reg_checkpoint_now(struct registry *r, struct reg_checkpoint *c, struct reco_err *e);
/* {"checkpoint": "<bytes>", "signature": "<base64>"} (json null when c is empty). */
json_t *reg_checkpoint_envelope(const struct reg_checkpoint *c);
/* Writes path (the bytes) and path.sig (the raw signature). */
int reg_checkpoint_write(const struct reg_checkpoint *c, const char *path, struct reco_err *e);
/* Reads a checkpoint someone kept: the two-file form, or any JSON document
 * holding the envelope (at the top or under "checkpoint"). */
int reg_checkpoint_read_file(const char *path, struct reg_checkpoint *c, struct reco_err *e);

/* ---- backup.c ---- */
/* Writes an online, consistent copy of the database to path (SQLite: a
 * database file, VACUUM INTO; PostgreSQL: pg_dump's custom format from an
 * exported snapshot) and beside it path.checkpoint.json + .sig, the signed
 * checkpoint of exactly the copy's last event (also returned in c).
 * -EEXIST when path exists (never overwritten). */
int reg_backup(struct registry *r, const char *path, struct reg_checkpoint *c, struct reco_err *e);

/* ---- guard.c ---- */
/* Verifies the append-only triggers and recreates any missing, altered or
 * disabled one, with a "triggers-restored" event; r->notice says what was
 * done.  The number restored, or -errno. */
int reg_guard_triggers(struct registry *r, struct reco_err *e);

/* ---- audit.c ---- */
struct reg_audit_result {
	long long events;      /* events whose hash was recomputed */
	long long checkpoints; /* stored checkpoints verified */
	long long covered;     /* events covered by the latest stored checkpoint */
	int kept_checked;      /* the checkpoint given matched the log */
};
/* Recomputes the chain and checks it against every stored checkpoint and
 * against `kept` (may be NULL), signatures checked with the public key in
 * pub_path (NULL: the registry's).  0 when everything holds and every event
 * is under a signed checkpoint; -EBADMSG with e naming the first problem:
 * an edited or missing event, a rewrite ("its hash differs from the one the
 * checkpoint signed ... vouches for"), a truncation ("the log has M events,
 * but the checkpoint ... vouches for N"), a forged checkpoint, events no
 * checkpoint covers. */
int reg_audit(struct registry *r, const struct reg_checkpoint *kept, const char *pub_path,
	      struct reg_audit_result *out, struct reco_err *e);

/* ---- devices.c ---- */
struct reg_device_filter {
	const char *state, *grade, *search;
	const char *from, *to; /* received on or after, on or before (YYYY-MM-DD) */
	int limit, offset;
};
/* A JSON array of devices (id, vendor, product, serial, state, grade,
 * created, updated, reports), the latest change first.  NULL with e on
 * error (-EINVAL: a day not written YYYY-MM-DD). */
json_t *reg_devices_list(struct registry *r, const struct reg_device_filter *f, struct reco_err *e);
/* One device with its reports (verification), disks, diag parts, history,
 * and "hardware" (reg_hardware_summary of its latest report that counts). */
json_t *reg_device_show(struct registry *r, const char *device_id, struct reco_err *e);

/* ---- hardware.c ---- */
/* A machine's hardware from a report's bytes: cpu {model, cores, threads,
 * max_mhz}, memory_bytes, disks [{path, model, size_bytes, kind: ssd, hdd,
 * nvme}], screens [{diagonal_tenth_inch, width, height, name}], batteries
 * [{name, wear_permille, cycles}], grade, diag {complete (absent when the
 * report does not say), profile, parts, not_tested [part codes]}.  What
 * the report lacks is absent.  NULL when the bytes are not a JSON object. */
json_t *reg_hardware_summary(const char *report_body);
/* Parts of that summary in words (the calling thread's language), into
 * buf: the processor ("model, 2 cores, 4 threads"), one disk ("/dev/sda
 * model, 232,9 Gio, SSD"), one screen ("14,0 pouces, 1920×1080"), one
 * battery ("wear 17,2 %, 311 cycles"), the diagnosis ("incomplete, not
 * tested: Memory").  Each returns buf ("" when there is nothing to say). */
char *reg_hw_cpu_text(const json_t *hw, char *buf, size_t size);
char *reg_hw_disk_text(const json_t *disk, char *buf, size_t size);
char *reg_hw_screen_text(const json_t *screen, char *buf, size_t size);
char *reg_hw_battery_text(const json_t *battery, char *buf, size_t size);
char *reg_hw_diag_text(const json_t *hw, char *buf, size_t size);

/* ---- beneficiary.c ---- */
struct reg_beneficiary {
	const char *ref;          /* generated when NULL */
	int household_size;       /* 0 = unknown */
	const char *referrer;
	int quota;                /* machines allowed, default 1 */
	const char *contact_name, *contact_phone, *contact_email, *contact_address;
};
int reg_beneficiary_add(struct registry *r, const struct reg_beneficiary *b, char *ref_out,
			size_t size, struct reco_err *e);
json_t *reg_beneficiary_list(struct registry *r, int with_contact, struct reco_err *e);
int reg_beneficiary_delete_contact(struct registry *r, const char *ref, struct reco_err *e);
/* Beneficiaries still known (not purged) whose reference, referrer or the
 * programme of one of their allocations holds text (any case; all of them
 * when text is NULL or ""), as reg_beneficiary_list gives them plus
 * "programmes" [names]. */
json_t *reg_beneficiary_find(struct registry *r, const char *text, struct reco_err *e);

/* ---- allocate.c ---- */
/* Checks the rules and records an allocation; allocation id written to id. */
int reg_allocate(struct registry *r, const char *device, const char *beneficiary,
		 const char *programme, char *id, size_t size, struct reco_err *e);
/* Records a coordinator's override of the diagnosis requirement for the
 * device's last imported report: an event "diag_override", detail
 * "<sha256> reason=<code>", the note (may be NULL) in notes.  -EINVAL
 * without a reason code, -ENOENT without a report. */
int reg_diag_override(struct registry *r, const char *device, const char *code, const char *note,
		      struct reco_err *e);
/* Resolves an allocation reference (its id or a prefix, or a device) to the
 * active allocation id. */
int reg_allocation_resolve(struct registry *r, const char *ref, char *id, size_t size,
			   struct reco_err *e);
/* Ends an allocation (returned when delivered, cancelled before): the
 * event holds the reason code, the note (free text, may be NULL) goes to
 * `notes` (notes.c). */
int reg_return(struct registry *r, const char *allocation, const char *code, const char *note,
	       struct reco_err *e);
/* Recycles a device: a reason code is required, a note optional. */
int reg_recycle(struct registry *r, const char *device, const char *code, const char *note,
		struct reco_err *e);

/* ---- allocations.c ---- */
struct reg_allocation_filter {
	const char *state;     /* allocated, delivered, returned, cancelled */
	const char *programme; /* exactly */
	const char *search;    /* in the allocation id, the device id, the beneficiary's reference */
	const char *from, *to; /* YYYY-MM-DD: made on or after, on or before */
	int limit, offset;
};
/* The allocations, newest first: id, device_id, vendor, product, grade,
 * beneficiary_ref, referrer, programme, state, created, delivered, closed.
 * NULL with e; -EINVAL for an unknown state or a day not YYYY-MM-DD. */
json_t *reg_allocations_list(struct registry *r, const struct reg_allocation_filter *f, struct reco_err *e);
int reg_allocation_state_valid(const char *s);
/* 1 when s is a day written YYYY-MM-DD. */
int reg_day_valid(const char *s);

/* ---- notes.c: reason codes in events, free text in notes ---- */
struct reg_reason { const char *code, *label; };
extern const struct reg_reason reg_reasons[]; /* NULL-terminated */
int reg_reason_valid(const char *code);
/* The translated label of a code (the code itself when unknown). */
const char *reg_reason_label(const char *code);
/* -EINVAL with the reason when code is not a known code (NULL is fine) or
 * note is not UTF-8 text of at most 2000 bytes. */
int reg_note_check(const char *code, const char *note, struct reco_err *e);
/* Inside the caller's transaction, right after the event it explains. */
int reg_note_add_locked(struct registry *r, const char *device, const char *allocation,
			const char *text, struct reco_err *e);
/* A device's notes (coordinators only), oldest first. */
json_t *reg_notes_list(struct registry *r, const char *device, struct reco_err *e);
/* A state change by hand with an optional reason code and note. */
int reg_set_state(struct registry *r, const char *device, const char *to, const char *code,
		  const char *note, struct reco_err *e);

/* ---- receipt.c ---- */
struct reg_receipt_files {
	char json[4096], sig[4096], pdf[4096];
};
/* Marks the allocation delivered, writes the signed receipt and the PDF
 * attestation (in lang, see below) into out_dir. */
int reg_deliver(struct registry *r, const char *allocation, const char *out_dir, const char *lang,
		struct reg_receipt_files *files, struct reco_err *e);
/* Writes the PDF handover attestation of an allocation (its id) to path,
 * in lang: "en" for English, French otherwise (NULL included), whatever
 * the calling thread speaks.  $LANGUAGE would override it: a command
 * clears it first. */
int reg_attestation_pdf(struct registry *r, const char *allocation, const char *path, const char *lang,
			struct reco_err *e);
/* Releases pango's font map (a one-shot command calls it before exiting). */
void reg_pdf_cleanup(void);
/* The registry's Ed25519 key (created 0600 on first use) — public key PEM. */
int reg_key_public_pem(struct registry *r, char **pem, struct reco_err *e);
/* Verifies a receipt signature with the registry key.  0 ok, -EBADMSG bad. */
int reg_receipt_verify(struct registry *r, const unsigned char *json, size_t len,
		       const unsigned char *sig, size_t siglen, struct reco_err *e);

/* ---- stats.c / export.c / purge.c ---- */
/* Figures of the months from..to (YYYY-MM, either may be NULL or ""):
 * "months" [{month, received, refurbished, allocated, delivered, returned,
 * recycled, households, programmes {name: {allocated, delivered,
 * returned}}}], "programmes" and "referrers" [{programme|referrer,
 * allocated, delivered, returned, households}], "households" {reached,
 * people, size_unknown} (distinct over the whole period), and the latest
 * signed checkpoint.  NULL with e: -EINVAL for a month that is not YYYY-MM. */
json_t *reg_stats(struct registry *r, const char *from, const char *to, struct reco_err *e);
/* 1 when s is a month YYYY-MM. */
int reg_month_valid(const char *s);
/* The CSV of month × programme counters, codes as headers (for programs). */
int reg_stats_csv(const json_t *stats, FILE *out);
/* A funder's table as CSV, headers in the language of the messages, ISO
 * months and plain integers (a spreadsheet sorts and sums them), a Total
 * row last (households counted once over the period): by "month",
 * "programme" or "referrer".  0, -EINVAL for another `by`, -EIO. */
int reg_stats_csv_by(const json_t *stats, const char *by, FILE *out);
/* A referrer's name, or the words saying none is recorded (purged). */
const char *reg_referrer_label(const char *referrer);
/* One CSV cell, quoted, and with a ' before a leading = + - @ tab or CR so
 * that no spreadsheet evaluates it; then a comma, or a newline when last. */
void reg_csv_field(FILE *out, const char *s, int last);
/* CSV of devices with serials as keyed HMAC-SHA256 (key in the data dir). */
int reg_export_csv(struct registry *r, FILE *out, struct reco_err *e);
/* Deletes contact/identity data and notes of beneficiaries with no
 * activity since cutoff (RFC 3339), and every note older than it, then
 * scrubs the database files (reg_scrub).  Returns a JSON array of the
 * purged references; info says how many notes went and whether the scrub
 * succeeded (the deletion stands either way). */
struct reg_purge_info {
	int notes;              /* notes past the cut-off (deleted unless dry run) */
	int scrubbed;           /* no copy left in the database's files */
	char scrub_error[512];
};
json_t *reg_purge(struct registry *r, const char *cutoff, int dry_run, struct reg_purge_info *info,
		  struct reco_err *e);
/* Leaves no copy of deleted personal rows in the database's own files
 * (rdb_scrub on contacts, notes, beneficiaries). */
int reg_scrub(struct registry *r, struct reco_err *e);

/* ---- users.c ---- */
/* 1 for admin, coordinator, volunteer, viewer. */
int reg_role_valid(const char *role);
/* Creates an account; -EEXIST when the name is taken (never replaced),
 * -EINVAL for a bad role, name or a password under 8 characters. */
int reg_user_add(struct registry *r, const char *name, const char *role, const char *password,
		 struct reco_err *e);
/* A new password for an account; its sessions end.  -ENOENT unknown. */
int reg_user_passwd(struct registry *r, const char *name, const char *password, struct reco_err *e);
/* 0 and role written when the password matches and the account is not
 * disabled; -EACCES otherwise (the same for both), -errno on a database
 * error. */
int reg_user_check(struct registry *r, const char *name, const char *password, char *role,
		   size_t size, struct reco_err *e);
/* Disables (1) or enables (0) an account; removes one.  Its web sessions
 * end at once.  -ENOENT for an unknown account. */
int reg_user_disable(struct registry *r, const char *name, int disable, struct reco_err *e);
int reg_user_remove(struct registry *r, const char *name, struct reco_err *e);
/* Accounts: name, role, created, disabled (when it is). */
json_t *reg_users_list(struct registry *r, struct reco_err *e);
/* scrypt (OpenSSL EVP_KDF "SCRYPT") "scrypt$N$r$p$salt$hash" (hex). */
int reg_password_hash(const char *password, char *out, size_t size);
int reg_password_verify(const char *password, const char *stored);

/* ---- throttle.c: login attempts, counted in the database ---- */
#define REG_LOGIN_WINDOW 600      /* seconds */
#define REG_LOGIN_MAX_ADDRESS 5   /* attempts per address and window */
#define REG_LOGIN_MAX_ACCOUNT 10  /* attempts per account and window */
/* Counts one attempt for the address and one for the account, before the
 * password is checked; writes the counts in the window, this attempt
 * included.  0 or -errno. */
int reg_login_count(struct registry *r, const char *address, const char *account, int *by_address,
		    int *by_account, struct reco_err *e);
/* After a successful login: both counts start again. */
int reg_login_reset(struct registry *r, const char *address, const char *account, struct reco_err *e);
/* Takes back an attempt that reached no verdict (the database failed). */
int reg_login_uncount(struct registry *r, const char *address, const char *account, struct reco_err *e);

/* ---- regwords.c: codes in words, translated at display time ---- */
/* A device's state, an allocation's state, an event's kind, a role: the
 * word in the calling thread's language; an unknown code as it is; "" for
 * NULL. */
const char *reg_word_state(const char *code);
const char *reg_word_allocation_state(const char *code);
const char *reg_word_event(const char *kind);
const char *reg_word_role(const char *role);
/* A field of a machine's identity (vendor, product, serial, uuid) in words. */
const char *reg_word_identity_field(const char *field);
/* An allocation's programme; "default" (none given) in words. */
const char *reg_programme_label(const char *programme);
/* An event as a sentence: "tested → wiped (signed report imported)",
 * "report imported — report 0f396020b4b0…", reason codes by their label.
 * Returns buf. */
char *reg_event_text(const char *kind, const char *from, const char *to, const char *detail, char *buf,
		     size_t size);

/* ---- util ---- */
/* Rows of res as JSON objects; columns named in ints become integers. */
json_t *reg_rows_json(const struct rdb_res *res, const char *const *ints);
/* Random bytes as lower-case hex (2*n chars). */
int reg_random_hex(size_t n, char *out);
/* A random RFC 4122 version 4 UUID. */
int reg_uuid(char out[37]);
/* SHA-256 hex of data. */
void reg_sha256_hex(const void *data, size_t len, char out[65]);
/* Reads a whole file (max bytes); malloc'd, NUL-terminated. */
int reg_read_file(const char *path, size_t max, unsigned char **data, size_t *len);
/* Opens the registry: schema applied, append-only triggers verified (and
 * restored: see r->notice). */
int reg_open(struct registry *r, const char *db_spec, struct reco_err *e);
void reg_close(struct registry *r);

#endif
