/*
 * sync.h — `reco sync`: send the sealed reports waiting on the stick to the
 * coordinators' registry.
 *
 * Queue: every <data>/sessions/<device>/<time>/report.json that has its
 * report.json.sig and station.pem beside it and neither report.json.uploaded
 * nor report.json.rejected.  Upload (the registry contract in BRIEF.md):
 *   POST <registry>/api/reports, Content-Type: application/json,
 *   {"certificate": PEM, "report": the report bytes as a string,
 *    "signature": base64 of the 64 signature bytes}
 * 201 (stored) and 200 (already there) → report.json.uploaded; 422 (the
 * registry's definite refusal) → report.json.rejected with its {"error"}
 * reason; anything else (a proxy's 401/403/404/413, 5xx, no answer) leaves
 * the report queued.
 */
#ifndef RECO_SYNC_H
#define RECO_SYNC_H

#include <stddef.h>
#include <time.h>

#include "lib/reco.h"

struct sync_item {
	char dir[4096];          /* the session directory */
	int sealed;              /* .sig and station.pem present */
};

/* Finds the reports of data_dir's sessions not yet uploaded or rejected
 * (retry_rejected: rejected ones too), sorted by path.  *items is malloc'd.
 * Returns how many, or -errno (-ENOENT: no sessions directory → 0 items). */
int sync_scan(const char *data_dir, int retry_rejected, struct sync_item **items);

/* Standard base64 (RFC 4648) of in; malloc'd, NULL on no memory. */
char *sync_base64(const unsigned char *in, size_t len);

/* The upload body for a session directory.  malloc'd JSON, or NULL with e
 * set (unreadable file, signature not 64 bytes, report not UTF-8). */
char *sync_envelope(const char *session_dir, struct reco_err *e);

enum sync_verdict { SYNC_UPLOADED, SYNC_REJECTED, SYNC_QUEUED };

/* What an answer means: 200/201 uploaded, 422 rejected, else queued
 * (http_status 0 = no answer). */
enum sync_verdict sync_classify(long http_status);

/* The server's reason: the "error" member of a JSON body, else the body's
 * first line (cut to size), else "HTTP <status>". */
void sync_reason(const char *body, long http_status, char *out, size_t size);

/* Writes <dir>/report.json.uploaded or .rejected: canonical JSON with the
 * time, registry, HTTP status (and reason).  0 or -errno. */
int sync_mark(const char *dir, enum sync_verdict v, const char *registry, long http_status,
	      const char *reason);

/* POSTs body to <registry>/api/reports.  Returns 0 when an answer came
 * (status in *http_status, body in *answer, malloc'd), -EHOSTUNREACH (or
 * another -errno) with e set when none did. */
int sync_post(const char *registry, const char *body, long timeout_s, long *http_status, char **answer,
	      struct reco_err *e);

/* The registry's clock: a HEAD request to <registry>/ and its HTTP Date
 * header (RFC 9110 5.6.7).  0 with *date, or -errno with e set. */
int sync_registry_date(const char *registry, long timeout_s, time_t *date, struct reco_err *e);

#endif
