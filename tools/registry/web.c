/*
 * web.c — the registry's web server (libmicrohttpd): routing, sessions,
 * CSRF, login rate limiting, security headers, and the upload API.
 *
 * Threads: a pool of 4 libmicrohttpd workers; each opens its own database
 * connection on first use (SQLite connections are not shared between
 * threads, and a PostgreSQL connection runs one query at a time).
 * Language: per request (cookie "lang", French by default) with
 * uselocale(), so one server speaks both.
 *
 * Sessions: a random 256-bit token in an HttpOnly, SameSite=Strict cookie
 * (Secure when the server sits behind HTTPS, --secure-cookies); only its
 * SHA-256 is stored, with the user, a CSRF token and an expiry (8 h).
 * Every POST form carries the CSRF token; the login form uses a double
 * submitted cookie.  Five failed logins from one address within ten minutes
 * lock that address out for the rest of the window (429).
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
#define SESSION_SECONDS (8 * 3600)
#define LOGIN_FAILS 5
#define LOGIN_WINDOW 600

struct web_server {
	struct MHD_Daemon *d;
	const struct web_config *wc;
	struct registry *proto;
	locale_t fr, en;
	pthread_mutex_t lock;
	struct { char ip[64]; int fails; time_t first; } fails[256];
};

static struct web_server srv;
static _Thread_local struct registry *thread_reg;

struct conn_ctx {
	struct wbuf body;
	size_t limit;
	int too_big;
};

static struct registry *reg_for_thread(struct reco_err *e)
{
	if (thread_reg)
		return thread_reg;
	struct registry *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	*r = *srv.proto;
	r->db = NULL;
	if (rdb_open(srv.wc->db_spec, &r->db, e)) {
		free(r);
		return NULL;
	}
	thread_reg = r;
	return r;
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

int web_csrf_ok(struct web_req *q)
{
	char got[128];
	web_field(q, "csrf", got, sizeof(got));
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

static void json_answer(struct web_req *q, unsigned status, json_t *o)
{
	char *s = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
	json_decref(o);
	wbuf_free(&q->out);
	wbuf_puts(&q->out, s ? s : "{}");
	free(s);
	q->status = status;
	q->ctype = "application/json";
}

/* ---- sessions ------------------------------------------------------- */

static void load_session(struct web_req *q)
{
	char tok[80];
	const char *cookie = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "Cookie");
	if (!cookie || web_cookie_get(cookie, "reco_session", tok, sizeof(tok)) || strlen(tok) != 64)
		return;
	char h[65], now[24];
	reg_sha256_hex(tok, strlen(tok), h);
	snprintf(now, sizeof(now), "%lld", (long long)time(NULL));
	struct rdb_res *res = NULL;
	struct reco_err e = { 0 };
	if (rdb_q(q->reg->db, &res, &e,
		  "SELECT s.user_name, u.role, s.csrf FROM web_sessions s JOIN users u ON u.name = s.user_name"
		  " WHERE s.token_sha256 = ? AND s.expires > ?", h, now))
		return;
	if (res->nrows) {
		snprintf(q->user, sizeof(q->user), "%s", rdb_val(res, 0, 0));
		const char *role = rdb_val(res, 0, 1);
		q->role = !strcmp(role, "coordinator") ? ROLE_COORDINATOR
			  : !strcmp(role, "volunteer") ? ROLE_VOLUNTEER : ROLE_VIEWER;
		snprintf(q->csrf, sizeof(q->csrf), "%s", rdb_val(res, 0, 2));
	}
	rdb_res_free(res);
}

static void client_ip(struct web_req *q, char *ip, size_t size)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(q->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(ip, size, "?");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip, (socklen_t)size);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, ip, (socklen_t)size);
}

/* 1 when ip is locked out; record=1 counts one more failure. */
static int login_limited(const char *ip, int record)
{
	time_t now = time(NULL);
	int limited = 0, slot = -1, oldest = 0;
	pthread_mutex_lock(&srv.lock);
	for (int i = 0; i < 256; i++) {
		if (!strcmp(srv.fails[i].ip, ip)) {
			slot = i;
			break;
		}
		if (srv.fails[i].first < srv.fails[oldest].first)
			oldest = i;
	}
	if (slot >= 0 && now - srv.fails[slot].first > LOGIN_WINDOW) {
		srv.fails[slot].fails = 0;
		srv.fails[slot].first = now;
	}
	if (slot < 0 && record) {
		slot = oldest;
		snprintf(srv.fails[slot].ip, sizeof(srv.fails[slot].ip), "%s", ip);
		srv.fails[slot].fails = 0;
		srv.fails[slot].first = now;
	}
	if (slot >= 0) {
		if (record)
			srv.fails[slot].fails++;
		limited = srv.fails[slot].fails >= LOGIN_FAILS && !record;
	}
	pthread_mutex_unlock(&srv.lock);
	return limited;
}

static void do_login(struct web_req *q)
{
	char ip[64], name[80], pw[256], csrf[80], cookie_csrf[80] = "";
	client_ip(q, ip, sizeof(ip));
	if (login_limited(ip, 0)) {
		page_login(q, _("Too many failed attempts: try again in a few minutes."));
		q->status = 429;
		return;
	}
	const char *cookie = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "Cookie");
	if (cookie)
		web_cookie_get(cookie, "reco_login_csrf", cookie_csrf, sizeof(cookie_csrf));
	web_field(q, "csrf", csrf, sizeof(csrf));
	if (!cookie_csrf[0] || strcmp(csrf, cookie_csrf)) {
		web_error_page(q, 403, _("The form has expired or did not come from this site: reload the page."));
		return;
	}
	web_field(q, "user", name, sizeof(name));
	web_field(q, "password", pw, sizeof(pw));
	char role[32];
	struct reco_err e = { 0 };
	int rc = reg_user_check(q->reg, name, pw, role, sizeof(role), &e);
	explicit_bzero(pw, sizeof(pw));
	if (rc) {
		login_limited(ip, 1);
		page_login(q, _("Wrong user name or password."));
		q->status = 401;
		return;
	}
	char tok[65], h[65], csrf_tok[65], exp[24];
	reg_random_hex(32, tok);
	reg_random_hex(32, csrf_tok);
	reg_sha256_hex(tok, 64, h);
	snprintf(exp, sizeof(exp), "%lld", (long long)time(NULL) + SESSION_SECONDS);
	char now[24];
	snprintf(now, sizeof(now), "%lld", (long long)time(NULL));
	rdb_q(q->reg->db, NULL, NULL, "DELETE FROM web_sessions WHERE expires < ?", now);
	if (rdb_q(q->reg->db, NULL, &e,
		  "INSERT INTO web_sessions (token_sha256, user_name, csrf, expires) VALUES (?, ?, ?, ?)",
		  h, name, csrf_tok, exp)) {
		web_error_page(q, 500, e.msg);
		return;
	}
	snprintf(q->set_cookie[0], sizeof(q->set_cookie[0]),
		 "reco_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", tok, SESSION_SECONDS,
		 q->secure ? "; Secure" : "");
	web_redirect(q, "/devices");
}

static void do_logout(struct web_req *q)
{
	char tok[80];
	const char *cookie = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "Cookie");
	if (cookie && !web_cookie_get(cookie, "reco_session", tok, sizeof(tok))) {
		char h[65];
		reg_sha256_hex(tok, strlen(tok), h);
		rdb_q(q->reg->db, NULL, NULL, "DELETE FROM web_sessions WHERE token_sha256 = ?", h);
	}
	snprintf(q->set_cookie[0], sizeof(q->set_cookie[0]),
		 "reco_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", q->secure ? "; Secure" : "");
	web_redirect(q, "/login");
}

/* ---- API -------------------------------------------------------------- */

static void api_reports(struct web_req *q)
{
	const char *ct = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "Content-Type");
	if (!ct || strncmp(ct, "application/json", 16)) {
		json_answer(q, 415, json_pack("{s:s}", "error", "Content-Type must be application/json"));
		return;
	}
	struct web_upload up;
	char err[256];
	if (web_upload_parse(q->body ? q->body : "", q->body_len, &up, err, sizeof(err))) {
		json_answer(q, 400, json_pack("{s:s}", "error", err));
		return;
	}
	struct reg_import_info info;
	struct reco_err e = { 0 };
	struct registry r = *q->reg;
	r.actor = "api";
	int rc = reg_import_mem(&r, (const unsigned char *)up.report, up.report_len, up.sig, up.sig_len,
				up.certificate, up.cert_len, &info, &e);
	web_upload_release(&up);
	if (rc == -EPERM || rc == -EINVAL)
		json_answer(q, 422, json_pack("{s:s}", "error", e.msg));
	else if (rc == -EFBIG)
		json_answer(q, 413, json_pack("{s:s}", "error", e.msg));
	else if (rc)
		json_answer(q, 500, json_pack("{s:s}", "error", e.msg));
	else
		json_answer(q, info.result == REG_IMPORT_STORED ? 201 : 200,
			    json_pack("{s:s,s:s,s:s}", "result",
				      info.result == REG_IMPORT_STORED ? "stored" : "duplicate", "device_id",
				      info.device_id, "report_sha256", info.report_sha256));
}

static void api_devices(struct web_req *q)
{
	struct reg_device_filter f = { .state = web_arg(q, "state"), .grade = web_arg(q, "grade"),
				       .search = web_arg(q, "q") };
	f.limit = atoi(web_arg(q, "limit"));
	f.offset = atoi(web_arg(q, "offset"));
	if (f.limit <= 0 || f.limit > 1000)
		f.limit = 1000;
	struct reco_err e = { 0 };
	json_t *l = reg_devices_list(q->reg, &f, &e);
	if (!l) {
		json_answer(q, 500, json_pack("{s:s}", "error", e.msg));
		return;
	}
	json_answer(q, 200, json_pack("{s:s,s:o}", "schema", "reco-registry-devices/1", "devices", l));
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

static void route(struct web_req *q)
{
	const char *p = q->path;
	int get = !strcmp(q->method, "GET") || !strcmp(q->method, "HEAD");
	int post = !strcmp(q->method, "POST");
	if (!web_path_ok(p)) {
		web_error_page(q, 400, _("Bad request path."));
		return;
	}
	if (!strcmp(p, "/static/style.css") && get) {
		wbuf_puts(&q->out, web_css);
		q->ctype = "text/css; charset=utf-8";
		return;
	}
	if (!strcmp(p, "/api/reports")) {
		if (!post) {
			json_answer(q, 405, json_pack("{s:s}", "error", "use POST"));
			return;
		}
		api_reports(q);
		return;
	}
	if (!strcmp(p, "/lang") && get) {
		set_lang(q);
		return;
	}
	if (!strcmp(p, "/login")) {
		if (get)
			page_login(q, NULL);
		else if (post)
			do_login(q);
		else
			web_error_page(q, 405, _("Method not allowed."));
		return;
	}
	if (!q->role) {
		if (!strncmp(p, "/api/", 5))
			json_answer(q, 401, json_pack("{s:s}", "error", "login required"));
		else if (get && (!strcmp(p, "/") || !strcmp(p, "/devices") || !strcmp(p, "/device") ||
				 !strcmp(p, "/beneficiaries") || !strcmp(p, "/stats") || !strcmp(p, "/allocate") ||
				 !strcmp(p, "/allocation") || !strncmp(p, "/device/", 8) ||
				 !strncmp(p, "/allocation/", 12)))
			web_redirect(q, "/login");
		else
			web_error_page(q, 404, _("No such page."));
		return;
	}
	if (post && !web_csrf_ok(q)) {
		web_error_page(q, 403, _("The form has expired or did not come from this site: reload the page."));
		return;
	}
	static const struct {
		const char *path;
		int post;
		enum web_role min;
		void (*fn)(struct web_req *);
	} routes[] = {
		{ "/devices", 0, ROLE_VIEWER, page_devices },
		{ "/device", 0, ROLE_VIEWER, page_device },
		{ "/device/certificate.pdf", 0, ROLE_VIEWER, page_certificate },
		{ "/device/state", 1, ROLE_VOLUNTEER, action_device_state },
		{ "/stats", 0, ROLE_VIEWER, page_stats },
		{ "/api/devices", 0, ROLE_VIEWER, api_devices },
		{ "/beneficiaries", 1, ROLE_COORDINATOR, action_beneficiary_add },
		{ "/beneficiary/delete-contact", 1, ROLE_COORDINATOR, action_delete_contact },
		{ "/allocate", 1, ROLE_COORDINATOR, action_allocate },
		{ "/allocation", 0, ROLE_COORDINATOR, page_allocation },
		{ "/allocation/deliver", 1, ROLE_COORDINATOR, action_deliver },
		{ "/allocation/return", 1, ROLE_COORDINATOR, action_return },
		{ "/device/recycle", 1, ROLE_COORDINATOR, action_recycle },
		{ "/device/accept-disk", 1, ROLE_COORDINATOR, action_accept_disk },
		{ "/allocation/attestation.pdf", 0, ROLE_COORDINATOR, page_attestation },
		{ "/logout", 1, ROLE_VIEWER, do_logout },
	};
	if (!strcmp(p, "/") && get) {
		web_redirect(q, "/devices");
		return;
	}
	if (!strcmp(p, "/beneficiaries") && get) {
		if (q->role < ROLE_COORDINATOR)
			web_error_page(q, 403, _("Only a coordinator may do this."));
		else
			page_beneficiaries(q, NULL);
		return;
	}
	if (!strcmp(p, "/allocate") && get) {
		if (q->role < ROLE_COORDINATOR)
			web_error_page(q, 403, _("Only a coordinator may do this."));
		else
			page_allocate(q, NULL);
		return;
	}
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		if (strcmp(routes[i].path, p))
			continue;
		if (routes[i].post ? !post : !get) {
			web_error_page(q, 405, _("Method not allowed."));
			return;
		}
		if (q->role < routes[i].min) {
			if (!strncmp(p, "/api/", 5))
				json_answer(q, 403, json_pack("{s:s}", "error", "forbidden"));
			else
				web_error_page(q, 403, routes[i].min == ROLE_COORDINATOR
							   ? _("Only a coordinator may do this.")
							   : _("Your account may not do this."));
			return;
		}
		routes[i].fn(q);
		return;
	}
	if (!strncmp(p, "/api/", 5))
		json_answer(q, 404, json_pack("{s:s}", "error", "no such endpoint"));
	else
		web_error_page(q, 404, _("No such page."));
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
	if (!cc) {
		cc = calloc(1, sizeof(*cc));
		if (!cc)
			return MHD_NO;
		cc->limit = url && !strcmp(url, "/api/reports") ? BODY_MAX_API : BODY_MAX_FORM;
		*con_cls = cc;
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > cc->limit)
			return quick(c, 413, "{\"error\":\"request body too large\"}");
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (cc->body.len + *upload_data_size > cc->limit)
			cc->too_big = 1;
		else
			wbuf_put(&cc->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (cc->too_big || cc->body.oom)
		return quick(c, 413, "{\"error\":\"request body too large\"}");
	struct web_req q = { .conn = c, .method = method, .path = url, .status = 200,
			     .secure = srv.wc->secure_cookies };
	struct reco_err e = { 0 };
	q.reg = reg_for_thread(&e);
	if (!q.reg)
		return quick(c, 503, "{\"error\":\"database unavailable\"}");
	q.body = cc->body.data;
	q.body_len = cc->body.len;
	const char *cookie = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Cookie");
	char lang[8] = "fr";
	if (cookie)
		web_cookie_get(cookie, "lang", lang, sizeof(lang));
	snprintf(q.lang, sizeof(q.lang), "%s", strcmp(lang, "en") ? "fr" : "en");
	/* the API answers programs: English, whatever the cookie says */
	locale_t loc = !strcmp(q.lang, "en") || !strncmp(url, "/api/", 5) ? srv.en : srv.fr;
	locale_t old = loc ? uselocale(loc) : NULL;
	load_session(&q);
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
				 MHD_OPTION_THREAD_POOL_SIZE, (unsigned)4, MHD_OPTION_NOTIFY_COMPLETED,
				 completed, NULL, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
				 MHD_OPTION_CONNECTION_LIMIT, (unsigned)256, MHD_OPTION_END);
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
	MHD_stop_daemon(srv.d);
	srv.d = NULL;
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
