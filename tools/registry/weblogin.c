/*
 * weblogin.c — the registry web server's sessions and logins: the session
 * cookie (a random 256-bit token in an HttpOnly, SameSite=Strict cookie,
 * Secure behind HTTPS with --secure-cookies; only its SHA-256 stored, with
 * the user, a CSRF token and an expiry of 8 h), the login form
 * (double-submitted CSRF cookie) and its rate limit — five failed logins
 * from one address within ten minutes lock that address out for the rest
 * of the window (429) — and logout.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "lib/i18n.h"
#include "webint.h"

#define SESSION_SECONDS (8 * 3600)
#define LOGIN_FAILS 5
#define LOGIN_WINDOW 600

void web_load_session(struct web_req *q)
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

static pthread_mutex_t fails_lock = PTHREAD_MUTEX_INITIALIZER;
static struct { char ip[64]; int fails; time_t first; } fails[256];

/* 1 when ip is locked out; record=1 counts one more failure. */
static int login_limited(const char *ip, int record)
{
	time_t now = time(NULL);
	int limited = 0, slot = -1, oldest = 0;
	pthread_mutex_lock(&fails_lock);
	for (int i = 0; i < 256; i++) {
		if (!strcmp(fails[i].ip, ip)) {
			slot = i;
			break;
		}
		if (fails[i].first < fails[oldest].first)
			oldest = i;
	}
	if (slot >= 0 && now - fails[slot].first > LOGIN_WINDOW) {
		fails[slot].fails = 0;
		fails[slot].first = now;
	}
	if (slot < 0 && record) {
		slot = oldest;
		snprintf(fails[slot].ip, sizeof(fails[slot].ip), "%s", ip);
		fails[slot].fails = 0;
		fails[slot].first = now;
	}
	if (slot >= 0) {
		if (record)
			fails[slot].fails++;
		limited = fails[slot].fails >= LOGIN_FAILS && !record;
	}
	pthread_mutex_unlock(&fails_lock);
	return limited;
}

void web_do_login(struct web_req *q)
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

void web_do_logout(struct web_req *q)
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
