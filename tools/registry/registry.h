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

#include "db.h"

#define REG_SCHEMA_VERSION 1

struct registry {
	struct rdb *db;
	char data_dir[4096]; /* keys: registry-key.pem, export-hmac.key */
	const char *ca_path;  /* the association's CA certificate */
	const char *crl_path; /* its CRL, may be NULL */
	const char *actor;    /* who acts, recorded in every event */
	int in_batch;         /* inside reg_import_batch_begin/end */
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
/* Recomputes the event chain; 0 when intact (*count events checked), -EBADMSG
 * with e naming the first broken event. */
int reg_audit(struct registry *r, long long *count, struct reco_err *e);
/* Current time as RFC 3339 (UTC); honours $RECO_REGISTRY_NOW for tests. */
void reg_now(char buf[32]);
/* Resolves a device reference: a full id or a unique prefix of it (>= 4
 * characters), or a serial.  Writes the id.  0, -ENOENT, -EINVAL ambiguous. */
int reg_device_resolve(struct registry *r, const char *ref, char *id, size_t size, struct reco_err *e);

/* ---- import.c ---- */
enum reg_import_result { REG_IMPORT_STORED, REG_IMPORT_DUPLICATE };
struct reg_import_info {
	enum reg_import_result result;
	char device_id[256];
	char report_sha256[65];
	char station[256];
};
/* Verifies (signature, chain, revocation) then stores one report.  A report
 * that does not verify is stored nowhere: -EPERM with the reason in e.
 * -EINVAL malformed report. */
int reg_import_mem(struct registry *r, const unsigned char *report, size_t report_len,
		   const unsigned char *sig, size_t sig_len, const char *cert_pem, size_t cert_len,
		   struct reg_import_info *info, struct reco_err *e);
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
/* Re-verifies a stored report against the current CA and CRL.  0 with *ok
 * set (1 verified), reason written to why. */
int reg_report_reverify(struct registry *r, const char *sha256, int *ok, char *why, size_t whysize,
			struct reco_err *e);

/* ---- devices.c ---- */
struct reg_device_filter {
	const char *state, *grade, *search;
	int limit, offset;
};
/* A JSON array of devices (id, vendor, product, serial, state, grade,
 * updated, reports).  NULL with e on error. */
json_t *reg_devices_list(struct registry *r, const struct reg_device_filter *f, struct reco_err *e);
/* One device with its reports (verification), disks, diag parts, history. */
json_t *reg_device_show(struct registry *r, const char *device_id, struct reco_err *e);

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

/* ---- allocate.c ---- */
/* Checks the rules and records an allocation; allocation id written to id. */
int reg_allocate(struct registry *r, const char *device, const char *beneficiary,
		 const char *programme, char *id, size_t size, struct reco_err *e);
/* Records a coordinator's override of the diagnosis requirement for the
 * device's latest report (an event "diag_override", detail "<sha256>:
 * <reason>").  -EINVAL without a reason, -ENOENT without a report. */
int reg_diag_override(struct registry *r, const char *device, const char *reason, struct reco_err *e);
/* Resolves an allocation reference (its id or a prefix, or a device) to the
 * active allocation id. */
int reg_allocation_resolve(struct registry *r, const char *ref, char *id, size_t size,
			   struct reco_err *e);
int reg_return(struct registry *r, const char *allocation, const char *reason, struct reco_err *e);
int reg_recycle(struct registry *r, const char *device, const char *reason, struct reco_err *e);

/* ---- receipt.c ---- */
struct reg_receipt_files {
	char json[4096], sig[4096], pdf[4096];
};
/* Marks the allocation delivered, writes the signed receipt and the PDF
 * attestation into out_dir. */
int reg_deliver(struct registry *r, const char *allocation, const char *out_dir,
		struct reg_receipt_files *files, struct reco_err *e);
/* Writes the PDF handover attestation of an allocation to path. */
int reg_attestation_pdf(struct registry *r, const char *allocation, const char *path,
			struct reco_err *e);
/* Releases pango's font map (a one-shot command calls it before exiting). */
void reg_pdf_cleanup(void);
/* The registry's Ed25519 key (created 0600 on first use) — public key PEM. */
int reg_key_public_pem(struct registry *r, char **pem, struct reco_err *e);
/* Verifies a receipt signature with the registry key.  0 ok, -EBADMSG bad. */
int reg_receipt_verify(struct registry *r, const unsigned char *json, size_t len,
		       const unsigned char *sig, size_t siglen, struct reco_err *e);

/* ---- stats.c / export.c / purge.c ---- */
json_t *reg_stats(struct registry *r, const char *from, const char *to, struct reco_err *e);
int reg_stats_csv(const json_t *stats, FILE *out);
/* CSV of devices with serials as keyed HMAC-SHA256 (key in the data dir). */
int reg_export_csv(struct registry *r, FILE *out, struct reco_err *e);
/* Deletes contact/identity data of beneficiaries with no activity since
 * cutoff (RFC 3339).  Returns a JSON array of the purged references. */
json_t *reg_purge(struct registry *r, const char *cutoff, int dry_run, struct reco_err *e);

/* ---- users.c ---- */
int reg_user_add(struct registry *r, const char *name, const char *role, const char *password,
		 struct reco_err *e);
/* 0 and role written when the password matches; -EACCES otherwise. */
int reg_user_check(struct registry *r, const char *name, const char *password, char *role,
		   size_t size, struct reco_err *e);
/* scrypt (OpenSSL EVP_KDF "SCRYPT") "scrypt$N$r$p$salt$hash" (hex). */
int reg_password_hash(const char *password, char *out, size_t size);
int reg_password_verify(const char *password, const char *stored);

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
/* Opens the registry (schema applied). */
int reg_open(struct registry *r, const char *db_spec, struct reco_err *e);
void reg_close(struct registry *r);

#endif
