/*
 * webint.h — internals shared by web.c (server, sessions, routing) and
 * webpages.c (the HTML pages).
 */
#ifndef RECO_REGISTRY_WEBINT_H
#define RECO_REGISTRY_WEBINT_H

#include <microhttpd.h>

#include "registry.h"
#include "web.h"
#include "webparse.h"

/* Parts of a multipart form looked at, at most (files of an import). */
#define WEB_PARTS_MAX 4096

/* Each role may do what the ones before it may. */
enum web_role { ROLE_NONE = 0, ROLE_VIEWER, ROLE_VOLUNTEER, ROLE_COORDINATOR, ROLE_ADMIN };

struct web_req {
	struct MHD_Connection *conn;
	const struct web_config *wc;
	struct registry *reg;       /* this thread's connection */
	const char *method, *path;
	const char *body;           /* POST body (NUL-terminated), may be NULL */
	size_t body_len;
	const char *content_type;   /* its Content-Type header, may be NULL */
	char user[80];
	enum web_role role;
	char csrf[65];
	char lang[4];               /* "fr" or "en" */
	int secure;                 /* cookies get Secure */
	/* the answer */
	unsigned status;
	const char *ctype;
	struct wbuf out;
	unsigned char *blob;        /* binary answer (malloc'd) instead of out */
	size_t blob_len;
	char location[512];
	char set_cookie[2][256];
	char disposition[200];
};

const char *web_arg(struct web_req *q, const char *name);
/* Form field of the POST body (decoded) into out; "" when absent. */
const char *web_field(struct web_req *q, const char *name, char *out, size_t size);
/* 1 when the POST carries the session's CSRF token (a urlencoded form's
 * field, or a multipart form's part). */
int web_csrf_ok(struct web_req *q);
/* 1 when the body is multipart/form-data (a form with files). */
int web_is_multipart(const struct web_req *q);
void web_redirect(struct web_req *q, const char *to);
void web_error_page(struct web_req *q, unsigned status, const char *msg);
/* Answers with o (stolen) as compact JSON. */
void web_json_answer(struct web_req *q, unsigned status, json_t *o);

/* ---- sessions and logins (weblogin.c) ---- */
/* Fills q->user, q->role, q->csrf from a valid session cookie. */
void web_load_session(struct web_req *q);
void web_do_login(struct web_req *q);
void web_do_logout(struct web_req *q);
/* The client's address (canonical text); behind a trusted proxy, the one
 * its X-Forwarded-For names. */
void web_client_address(struct MHD_Connection *c, const struct web_config *wc, char *ip, size_t size);

/* ---- JSON API (webapi.c) ---- */
void api_reports(struct web_req *q);
void api_devices(struct web_req *q);
void api_checkpoint(struct web_req *q);

/* ---- pages (webpages.c, webdevice.c) ---- */
/* Shared by the page files: a date (RFC 3339) in the reader's language
 * and local time, the CSRF hidden field, a string member ("" when absent),
 * one escaped table cell. */
void web_date(struct web_req *q, const char *rfc3339, int with_time);
/* The query's "from" and "to" when they are days (months when months):
 * written to *from and *to ("" when absent or malformed); returns the
 * malformed one, NULL when both are fine. */
const char *web_range_args(struct web_req *q, int months, const char **from, const char **to);
/* "<p class=error id=error>BAD: a day is written YYYY-MM-DD</p>" (or a
 * month), when bad is not NULL. */
void web_range_error(struct web_req *q, int months, const char *bad);
/* Two date (or month) inputs named from and to, with their labels. */
void web_range_inputs(struct web_req *q, int months, const char *label_from, const char *label_to,
		      const char *from, const char *to);
/* A link to a device's page showing its id. */
void web_device_link(struct web_req *q, const char *id);
/* The fields of a form with a reason (webpages.c web_reason_fields): the
 * subject's id, the code, the note (NULL when empty). */
struct web_reason_form {
	char id[256], code[32], note[2048];
};
void web_read_reason_form(struct web_req *q, struct web_reason_form *f);
/* The registry as the logged-in person acts on it (its actor). */
struct registry web_acting(struct web_req *q);
void web_csrf_field(struct web_req *q);
const char *web_jstr(json_t *o, const char *k);
void web_cell(struct web_req *q, const char *s);
/* The reason code select and the note field of a form; ids PREFIX-reason
 * and PREFIX-note. */
void web_reason_fields(struct web_req *q, const char *prefix, int required);
void page_begin(struct web_req *q, const char *title);
void page_end(struct web_req *q);
void page_login(struct web_req *q, const char *error);
void page_devices(struct web_req *q);
void page_device(struct web_req *q);
void page_beneficiaries(struct web_req *q, const char *msg);
void page_allocate(struct web_req *q, const char *error);
void page_allocation(struct web_req *q);
void page_stats(struct web_req *q);
void page_certificate(struct web_req *q);
void page_attestation(struct web_req *q);
void page_import(struct web_req *q);
void action_import(struct web_req *q);
/* POST actions */
void action_allocate(struct web_req *q);
void action_deliver(struct web_req *q);
void action_beneficiary_add(struct web_req *q);
void action_delete_contact(struct web_req *q);
void action_device_state(struct web_req *q);
void action_return(struct web_req *q);
void action_recycle(struct web_req *q);
void action_conflict(struct web_req *q);
void page_recycle(struct web_req *q);
void page_diag_override(struct web_req *q);
void action_diag_override(struct web_req *q);
void page_allocations(struct web_req *q);
void page_stats_csv(struct web_req *q);
void page_export_devices(struct web_req *q);
/* After an action: to the device's page. */
void web_redirect_device(struct web_req *q, const char *id);
/* accounts (webadmin.c) */
void page_users(struct web_req *q);
void action_user_disable(struct web_req *q);
void action_user_enable(struct web_req *q);
void action_user_remove(struct web_req *q);
extern const char web_css[];

#endif
