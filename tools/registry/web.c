/*
 * web.c — the registry's web server (libmicrohttpd): requests, routing,
 * CSRF, security headers.  Sessions and logins are in weblogin.c, the JSON
 * API in webapi.c, the pages in webpages.c and webdevice.c.
 *
 * Threads: a pool of 4 libmicrohttpd workers; each opens its own database
 * connection on first use (SQLite connections are not shared between
 * threads, and a PostgreSQL connection runs one query at a time).  On
 * SIGTERM or SIGINT the workers stop, their connections close and the
 * SQLite write-ahead log is emptied into the database file.
 * Language: per request (cookie "lang", French by default) with
 * uselocale(), so one server speaks both.
 *
 * One route table (routes[] below: method, path, least role, how a POST
 * proves its origin, handler) is what the role and CSRF checks read: a new
 * page is one line.  Every POST form carries the session's CSRF token (the
 * login form a double-submitted cookie, weblogin.c).
 *
 * Under abuse: at most 16 connections at once from one address (not behind
 * a trusted proxy, whose own limits apply), 30 s of silence closes a
 * connection, an upload taking longer than --upload-timeout (60 s) is cut,
 * and the bodies of requests without a session hold at most 32 MiB of
 * memory all together (503 beyond).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <locale.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/util.h"
#include "accept.h"
#include "webint.h"

#define BODY_MAX_FORM (64u << 10)
#define BODY_MAX_API (4u << 20)
#define BODY_MAX_IMPORT (64u << 20) /* reports and archives a logged-in volunteer uploads */
#define WEB_THREADS 4

struct web_server {
	struct MHD_Daemon *d;
	const struct web_config *wc;
	struct registry *proto;
	locale_t fr, en;
	pthread_mutex_t lock;
	struct registry *conns[WEB_THREADS]; /* each worker's connection, closed at stop */
	int nconns;
};

static struct web_server srv;
static _Thread_local struct registry *thread_reg;

/* One request.  Its session is read as soon as the headers are in, so that
 * the body of a request without one counts against the budget below. */
struct conn_ctx {
	struct wbuf body;
	size_t limit;
	int too_big;
	time_t started;
	size_t reserved;       /* bytes of the budget this body holds */
	char user[80], csrf[65];
	enum web_role role;
};

/* What bodies of requests without a session may hold in memory, all
 * together: beyond it, 503 (150 half-sent 4 MiB uploads used to take
 * 600 MB). */
#define WEB_UNAUTH_BUDGET (32u << 20)
#define WEB_PER_ADDRESS 16     /* connections at once from one address */
static size_t unauth_used;     /* under srv.lock */

static int budget_take(size_t n)
{
	pthread_mutex_lock(&srv.lock);
	int ok = unauth_used + n <= WEB_UNAUTH_BUDGET;
	if (ok)
		unauth_used += n;
	pthread_mutex_unlock(&srv.lock);
	return ok;
}

static void budget_give(size_t n)
{
	pthread_mutex_lock(&srv.lock);
	unauth_used -= n <= unauth_used ? n : unauth_used;
	pthread_mutex_unlock(&srv.lock);
}

static struct registry *reg_for_thread(struct reco_err *e)
{
	if (thread_reg)
		return thread_reg;
	struct registry *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	*r = *srv.proto;
	r->db = NULL;
	pthread_mutex_lock(&srv.lock);
	int slot = srv.nconns < WEB_THREADS ? srv.nconns++ : -1;
	pthread_mutex_unlock(&srv.lock);
	if (slot < 0 || rdb_open(srv.wc->db_spec, &r->db, e)) {
		free(r);
		return NULL;
	}
	srv.conns[slot] = r;
	thread_reg = r;
	return r;
}

/* After the workers stopped: closes their connections, then empties the
 * SQLite write-ahead log into the database file, so that a copy of the
 * file alone holds everything. */
static void close_connections(void)
{
	for (int i = 0; i < srv.nconns; i++) {
		if (srv.conns[i]) {
			rdb_close(srv.conns[i]->db);
			free(srv.conns[i]);
			srv.conns[i] = NULL;
		}
	}
	srv.nconns = 0;
	struct reco_err e = { 0 };
	if (srv.proto && srv.proto->db && rdb_wal_checkpoint(srv.proto->db, &e))
		fprintf(stderr, "reco registry: %s\n", e.msg);
}

const char *web_arg(struct web_req *q, const char *name)
{
	const char *v = MHD_lookup_connection_value(q->conn, MHD_GET_ARGUMENT_KIND, name);
	return v ? v : "";
}

const char *web_field(struct web_req *q, const char *name, char *out, size_t size)
{
	if (!q->body || web_form_get(q->body, q->body_len, name, out, size))
		out[0] = '\0';
	return out;
}

int web_is_multipart(const struct web_req *q)
{
	return q->content_type && !strncasecmp(q->content_type, "multipart/form-data", 19);
}

int web_csrf_ok(struct web_req *q)
{
	char got[128] = "";
	if (web_is_multipart(q)) {
		size_t n = 0;
		struct web_part *parts = calloc(WEB_PARTS_MAX, sizeof(*parts));
		const struct web_part *p = NULL;
		if (parts && !web_multipart_parse(q->body, q->body_len, q->content_type, parts, WEB_PARTS_MAX, &n))
			p = web_part_get(parts, n, "csrf");
		if (p && p->len < sizeof(got)) {
			memcpy(got, p->data, p->len);
			got[p->len] = '\0';
		}
		free(parts);
	} else {
		web_field(q, "csrf", got, sizeof(got));
	}
	return q->csrf[0] && strlen(got) == strlen(q->csrf) &&
	       CRYPTO_memcmp(got, q->csrf, strlen(got)) == 0;
}

void web_redirect(struct web_req *q, const char *to)
{
	q->status = 303;
	snprintf(q->location, sizeof(q->location), "%s", to);
}

void web_error_page(struct web_req *q, unsigned status, const char *msg)
{
	wbuf_free(&q->out);
	q->status = status;
	page_begin(q, _("Error"));
	wbuf_puts(&q->out, "<p class=\"error\">");
	wbuf_esc(&q->out, msg);
	wbuf_puts(&q->out, "</p>");
	page_end(q);
	q->status = status;
}

void web_json_answer(struct web_req *q, unsigned status, json_t *o)
{
	char *s = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(o);
	wbuf_free(&q->out);
	wbuf_puts(&q->out, s ? s : "{}");
	free(s);
	q->status = status;
	q->ctype = "application/json";
}

/* ---- routing ---------------------------------------------------------- */

static void set_lang(struct web_req *q)
{
	const char *l = web_arg(q, "l");
	const char *back = web_arg(q, "back");
	if (strcmp(l, "en") && strcmp(l, "fr"))
		l = "fr";
	snprintf(q->set_cookie[0], sizeof(q->set_cookie[0]),
		 "lang=%s; Path=/; SameSite=Strict; Max-Age=31536000%s", l, q->secure ? "; Secure" : "");
	web_redirect(q, back[0] == '/' && web_path_ok(back) ? back : "/devices");
}

static enum MHD_Result arg_utf8(void *cls, enum MHD_ValueKind kind, const char *key,
				 const char *value)
{
	(void)kind;
	int *ok = cls;
	if ((key && !reco_utf8_valid(key, strlen(key))) || (value && !reco_utf8_valid(value, strlen(value))))
		*ok = 0;
	return *ok ? MHD_YES : MHD_NO;
}

/* 1 when every query argument and form field is valid UTF-8 (the upload
 * API's JSON body is checked by its parser). */
static int request_utf8_ok(struct web_req *q)
{
	int ok = 1;
	MHD_get_connection_values(q->conn, MHD_GET_ARGUMENT_KIND, arg_utf8, &ok);
	/* the upload API's JSON is checked by its parser, an uploaded file's
	 * bytes are not text (its name is checked when it is read) */
	if (ok && q->body && strcmp(q->path, "/api/reports") && !web_is_multipart(q))
		ok = web_form_utf8_ok(q->body, q->body_len);
	return ok;
}

static void static_css(struct web_req *q)
{
	wbuf_puts(&q->out, web_css);
	q->ctype = "text/css; charset=utf-8";
}

static void root(struct web_req *q)
{
	web_redirect(q, "/devices");
}

static void login_form(struct web_req *q)
{
	page_login(q, NULL);
}

static void beneficiaries_page(struct web_req *q)
{
	page_beneficiaries(q, NULL);
}

static void allocate_form(struct web_req *q)
{
	page_allocate(q, NULL);
}

/* How a POST proves it comes from our own form. */
enum web_csrf {
	CSRF_FORM, /* the session's token in the form (web_csrf_ok) */
	CSRF_OWN,  /* the handler checks its own (login: a double-submitted cookie) */
	CSRF_NONE, /* no cookie authority to abuse (the upload API: its signature) */
};

/* Every page and endpoint: one line each.  GET also answers HEAD; a path
 * ending in '*' matches any rest.  role is the least role allowed
 * (ROLE_NONE: anyone); without a session, a page asks to log in (API: 401). */
static const struct web_route {
	const char *method, *path;
	enum web_role role;
	enum web_csrf csrf;
	void (*fn)(struct web_req *);
} routes[] = {
	{ "GET", "/static/style.css", ROLE_NONE, CSRF_NONE, static_css },
	{ "GET", "/lang", ROLE_NONE, CSRF_NONE, set_lang },
	{ "GET", "/login", ROLE_NONE, CSRF_NONE, login_form },
	{ "POST", "/login", ROLE_NONE, CSRF_OWN, web_do_login },
	{ "POST", "/logout", ROLE_VIEWER, CSRF_FORM, web_do_logout },
	{ "GET", "/", ROLE_VIEWER, CSRF_NONE, root },
	{ "GET", "/devices", ROLE_VIEWER, CSRF_NONE, page_devices },
	{ "GET", "/device", ROLE_VIEWER, CSRF_NONE, page_device },
	{ "GET", "/device/certificate.pdf", ROLE_VIEWER, CSRF_NONE, page_certificate },
	{ "POST", "/device/state", ROLE_VOLUNTEER, CSRF_FORM, action_device_state },
	{ "GET", "/device/recycle", ROLE_COORDINATOR, CSRF_NONE, page_recycle },
	{ "POST", "/device/recycle", ROLE_COORDINATOR, CSRF_FORM, action_recycle },
	{ "GET", "/device/diag-override", ROLE_COORDINATOR, CSRF_NONE, page_diag_override },
	{ "POST", "/device/diag-override", ROLE_COORDINATOR, CSRF_FORM, action_diag_override },
	{ "POST", "/device/conflict", ROLE_COORDINATOR, CSRF_FORM, action_conflict },
	{ "POST", "/device/accept-disk", ROLE_COORDINATOR, CSRF_FORM, action_accept_disk },
	{ "GET", "/import", ROLE_VOLUNTEER, CSRF_NONE, page_import },
	{ "POST", "/import", ROLE_VOLUNTEER, CSRF_FORM, action_import },
	{ "GET", "/stats", ROLE_VIEWER, CSRF_NONE, page_stats },
	{ "GET", "/stats.csv", ROLE_VIEWER, CSRF_NONE, page_stats_csv },
	{ "GET", "/export/devices.csv", ROLE_COORDINATOR, CSRF_NONE, page_export_devices },
	{ "GET", "/beneficiaries", ROLE_COORDINATOR, CSRF_NONE, beneficiaries_page },
	{ "POST", "/beneficiaries", ROLE_COORDINATOR, CSRF_FORM, action_beneficiary_add },
	{ "POST", "/beneficiary/delete-contact", ROLE_COORDINATOR, CSRF_FORM, action_delete_contact },
	{ "GET", "/allocations", ROLE_COORDINATOR, CSRF_NONE, page_allocations },
	{ "GET", "/allocate", ROLE_COORDINATOR, CSRF_NONE, allocate_form },
	{ "POST", "/allocate", ROLE_COORDINATOR, CSRF_FORM, action_allocate },
	{ "GET", "/allocation", ROLE_COORDINATOR, CSRF_NONE, page_allocation },
	{ "POST", "/allocation/deliver", ROLE_COORDINATOR, CSRF_FORM, action_deliver },
	{ "POST", "/allocation/return", ROLE_COORDINATOR, CSRF_FORM, action_return },
	{ "GET", "/allocation/attestation.pdf", ROLE_COORDINATOR, CSRF_NONE, page_attestation },
	{ "GET", "/users", ROLE_ADMIN, CSRF_NONE, page_users },
	{ "POST", "/users/disable", ROLE_ADMIN, CSRF_FORM, action_user_disable },
	{ "POST", "/users/enable", ROLE_ADMIN, CSRF_FORM, action_user_enable },
	{ "POST", "/users/remove", ROLE_ADMIN, CSRF_FORM, action_user_remove },
	{ "POST", "/api/reports", ROLE_NONE, CSRF_NONE, api_reports },
	{ "GET", "/api/devices", ROLE_VIEWER, CSRF_NONE, api_devices },
	{ "GET", "/api/checkpoint", ROLE_NONE, CSRF_NONE, api_checkpoint },
	{ "GET", "/api/checkpoint.json", ROLE_NONE, CSRF_NONE, api_checkpoint },
	{ "GET", "/api/checkpoint.json.sig", ROLE_NONE, CSRF_NONE, api_checkpoint },
	{ "GET", "/api/registry-key.pem", ROLE_NONE, CSRF_NONE, api_checkpoint },
};

static int path_match(const char *pattern, const char *path)
{
	size_t n = strlen(pattern);
	if (n && pattern[n - 1] == '*')
		return !strncmp(pattern, path, n - 1);
	return !strcmp(pattern, path);
}

static void refuse(struct web_req *q, unsigned status, const char *api_error, const char *page_msg)
{
	if (!strncmp(q->path, "/api/", 5))
		web_json_answer(q, status, json_pack("{s:s}", "error", api_error));
	else
		web_error_page(q, status, page_msg);
}

static void route(struct web_req *q)
{
	if (!web_path_ok(q->path)) {
		web_error_page(q, 400, _("Bad request path."));
		return;
	}
	if (!request_utf8_ok(q)) {
		refuse(q, 400, "request text is not valid UTF-8", _("The request holds text that is not valid UTF-8."));
		return;
	}
	const char *m = !strcmp(q->method, "HEAD") ? "GET" : q->method;
	const struct web_route *r = NULL;
	int known = 0;
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]) && !r; i++) {
		if (!path_match(routes[i].path, q->path))
			continue;
		known = 1;
		if (!strcmp(routes[i].method, m))
			r = &routes[i];
	}
	if (!r) {
		if (known)
			refuse(q, 405, "method not allowed", _("Method not allowed."));
		else
			refuse(q, 404, "no such endpoint", _("No such page."));
		return;
	}
	if (r->role > ROLE_NONE && q->role == ROLE_NONE) {
		if (!strncmp(q->path, "/api/", 5))
			web_json_answer(q, 401, json_pack("{s:s}", "error", "login required"));
		else
			web_redirect(q, "/login");
		return;
	}
	if (q->role < r->role) {
		refuse(q, 403, "forbidden",
		       r->role == ROLE_ADMIN	     ? _("Only an administrator may do this.")
		       : r->role == ROLE_COORDINATOR ? _("Only a coordinator may do this.")
						     : _("Your account may not do this."));
		return;
	}
	if (!strcmp(m, "POST") && r->csrf == CSRF_FORM && !web_csrf_ok(q)) {
		web_error_page(q, 403, _("The form has expired or did not come from this site: reload the page."));
		return;
	}
	r->fn(q);
}

static enum MHD_Result send_answer(struct web_req *q)
{
	struct MHD_Response *resp;
	if (q->blob)
		resp = MHD_create_response_from_buffer(q->blob_len, q->blob, MHD_RESPMEM_MUST_FREE);
	else
		resp = MHD_create_response_from_buffer(q->out.len, q->out.data ? q->out.data : (char *)"",
						       q->out.data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	q->blob = NULL;
	q->out.data = NULL;
	MHD_add_response_header(resp, "Content-Type", q->ctype ? q->ctype : "text/html; charset=utf-8");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self';"
				" frame-ancestors 'none'; base-uri 'none'");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (q->location[0])
		MHD_add_response_header(resp, "Location", q->location);
	for (int i = 0; i < 2; i++)
		if (q->set_cookie[i][0])
			MHD_add_response_header(resp, "Set-Cookie", q->set_cookie[i]);
	if (q->disposition[0])
		MHD_add_response_header(resp, "Content-Disposition", q->disposition);
	if (q->status == 429)
		MHD_add_response_header(resp, "Retry-After", "600");
	if (q->status == 503)
		MHD_add_response_header(resp, "Retry-After", "30");
	enum MHD_Result r = MHD_queue_response(q->conn, q->status, resp);
	MHD_destroy_response(resp);
	return r;
}

static enum MHD_Result quick(struct MHD_Connection *c, unsigned status, const char *json)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(strlen(json), (void *)json, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(resp, "Content-Type", "application/json");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	enum MHD_Result r = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return r;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
			       const char *method, const char *version, const char *upload_data,
			       size_t *upload_data_size, void **con_cls)
{
	(void)cls;
	(void)version;
	struct conn_ctx *cc = *con_cls;
	struct reco_err e = { 0 };
	if (!cc) {
		cc = calloc(1, sizeof(*cc));
		if (!cc)
			return MHD_NO;
		cc->limit = url && !strcmp(url, "/api/reports") ? BODY_MAX_API : BODY_MAX_FORM;
		cc->started = time(NULL);
		*con_cls = cc;
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		unsigned long long len = cl ? strtoull(cl, NULL, 10) : 0;
		if (len > BODY_MAX_IMPORT)
			return quick(c, 413, "{\"error\":\"request body too large\"}");
		struct web_req s = { .conn = c, .reg = reg_for_thread(&e) };
		if (!s.reg)
			return quick(c, 503, "{\"error\":\"database unavailable\"}");
		web_load_session(&s);
		snprintf(cc->user, sizeof(cc->user), "%s", s.user);
		snprintf(cc->csrf, sizeof(cc->csrf), "%s", s.csrf);
		cc->role = s.role;
		/* only a session that may import sends files that large */
		if (url && !strcmp(url, "/import") && cc->role >= ROLE_VOLUNTEER)
			cc->limit = BODY_MAX_IMPORT;
		if (len > cc->limit)
			return quick(c, 413, "{\"error\":\"request body too large\"}");
		if (!cc->role && len) {
			if (!budget_take((size_t)len))
				return quick(c, 503, "{\"error\":\"server busy: try again in a moment\"}");
			cc->reserved = (size_t)len;
		}
		if (len)
			wbuf_reserve(&cc->body, (size_t)len + 1);
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (time(NULL) - cc->started > srv.wc->upload_timeout) {
			fprintf(stderr, "reco registry: %s: upload slower than %d s, connection closed\n", url,
				srv.wc->upload_timeout);
			return MHD_NO;
		}
		if (cc->body.len + n > cc->limit) {
			cc->too_big = 1;
			return MHD_YES;
		}
		if (!cc->role && cc->body.len + n > cc->reserved) {
			/* no Content-Length: the budget grows with the body */
			size_t more = cc->body.len + n - cc->reserved;
			if (!budget_take(more))
				return MHD_NO;
			cc->reserved += more;
		}
		wbuf_put(&cc->body, upload_data, n);
		return MHD_YES;
	}
	if (cc->too_big || cc->body.oom)
		return quick(c, 413, "{\"error\":\"request body too large\"}");
	struct web_req q = { .conn = c, .wc = srv.wc, .method = method, .path = url, .status = 200,
			     .secure = srv.wc->secure_cookies };
	q.reg = reg_for_thread(&e);
	if (!q.reg)
		return quick(c, 503, "{\"error\":\"database unavailable\"}");
	snprintf(q.user, sizeof(q.user), "%s", cc->user);
	snprintf(q.csrf, sizeof(q.csrf), "%s", cc->csrf);
	q.role = cc->role;
	q.body = cc->body.data;
	q.body_len = cc->body.len;
	q.content_type = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	const char *cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Cookie");
	char lang[8];
	snprintf(lang, sizeof(lang), "%s", srv.wc->lang ? srv.wc->lang : "fr");
	if (cookie)
		web_cookie_get(cookie, "lang", lang, sizeof(lang));
	snprintf(q.lang, sizeof(q.lang), "%s", strcmp(lang, "en") ? "fr" : "en");
	/* the API answers programs: English, whatever the cookie says */
	locale_t loc = !strcmp(q.lang, "en") || !strncmp(url, "/api/", 5) ? srv.en : srv.fr;
	locale_t old = loc ? uselocale(loc) : NULL;
	route(&q);
	enum MHD_Result r = send_answer(&q);
	if (old)
		uselocale(old);
	wbuf_free(&q.out);
	free(q.blob);
	return r;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	struct conn_ctx *cc = *con_cls;
	if (cc) {
		budget_give(cc->reserved);
		wbuf_free(&cc->body);
		free(cc);
	}
	*con_cls = NULL;
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof(host))
		return -EINVAL;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 1 || port > 65535)
		return -EINVAL;
	memset(ss, 0, sizeof(*ss));
	char *h = host;
	if (h[0] == '[' && h[strlen(h) - 1] == ']') {
		h[strlen(h) - 1] = '\0';
		h++;
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, h, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		*len = sizeof(*s4);
		return AF_INET;
	}
	if (inet_pton(AF_INET6, h, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*s6);
		return AF_INET6;
	}
	return -EINVAL;
}

int web_start(struct registry *r, const struct web_config *wc, struct reco_err *e)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fam = parse_listen(wc->listen, &ss, &sl);
	if (fam < 0)
		return reco_err_set(e, -EINVAL, _("%s: expected ADDRESS:PORT, e.g. 127.0.0.1:8080"), wc->listen);
	memset(&srv, 0, sizeof(srv));
	srv.wc = wc;
	srv.proto = r;
	pthread_mutex_init(&srv.lock, NULL);
	unsetenv("LANGUAGE"); /* the per-request locale decides */
	srv.fr = newlocale(LC_ALL_MASK, "fr_FR.UTF-8", (locale_t)0);
	srv.en = newlocale(LC_ALL_MASK, "en_US.UTF-8", (locale_t)0);
	if (!srv.en)
		srv.en = newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
			 (fam == AF_INET6 ? MHD_USE_IPv6 : 0);
	srv.d = MHD_start_daemon(flags, 0, NULL, NULL, handler, NULL, MHD_OPTION_SOCK_ADDR, &ss,
				 MHD_OPTION_THREAD_POOL_SIZE, (unsigned)WEB_THREADS, MHD_OPTION_NOTIFY_COMPLETED,
				 completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
				 MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
				 /* behind a trusted proxy every connection comes from it */
				 MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)(wc->ntrusted ? 0 : WEB_PER_ADDRESS),
				 MHD_OPTION_END);
	if (!srv.d)
		return reco_err_set(e, -EADDRINUSE, _("%s: cannot listen (address in use or not allowed?)"),
				    wc->listen);
	return 0;
}

int web_wait_and_stop(void)
{
	sigset_t set;
	int sig = 0;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigwait(&set, &sig);
	MHD_stop_daemon(srv.d); /* joins the workers */
	srv.d = NULL;
	close_connections();
	return sig;
}

int web_serve(struct registry *r, const struct web_config *wc, struct reco_err *e)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* the worker threads inherit it */
	int rc = web_start(r, wc, e);
	if (rc)
		return rc;
	if (wc->on_ready)
		wc->on_ready(wc->listen);
	web_wait_and_stop();
	return 0;
}
