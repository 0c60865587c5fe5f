/*
 * weblogin.c — the registry web server's sessions and logins: the session
 * cookie (a random 256-bit token in an HttpOnly, SameSite=Strict cookie,
 * Secure behind HTTPS with --secure-cookies; only its SHA-256 stored, with
 * the user, a CSRF token and an expiry of 8 h), the login form
 * (double-submitted CSRF cookie) and its throttling (throttle.c: counted
 * before the password check, per address — behind a trusted reverse proxy,
 * the address X-Forwarded-For gives — and per account; 429 beyond), and
 * logout.  Failed and refused logins are logged on stderr (the journal).
 */
#include <arpa/inet.h>
#include <errno.h>
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
		  " WHERE s.token_sha256 = ? AND s.expires > ? AND u.disabled IS NULL", h, now))
		return;
	if (res->nrows) {
		snprintf(q->user, sizeof(q->user), "%s", rdb_val(res, 0, 0));
		const char *role = rdb_val(res, 0, 1);
		q->role = !strcmp(role, "admin") ? ROLE_ADMIN
			  : !strcmp(role, "coordinator") ? ROLE_COORDINATOR
			  : !strcmp(role, "volunteer") ? ROLE_VOLUNTEER : ROLE_VIEWER;
		snprintf(q->csrf, sizeof(q->csrf), "%s", rdb_val(res, 0, 2));
	}
	rdb_res_free(res);
}

static int proxy_trusted(const char *addr, void *arg)
{
	const struct web_config *wc = arg;
	for (int i = 0; i < wc->ntrusted; i++)
		if (!strcmp(wc->trusted[i], addr))
			return 1;
	return 0;
}

void web_client_address(struct MHD_Connection *c, const struct web_config *wc, char *ip, size_t size)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(ip, size, "?");
	if (!ci || !ci->client_addr)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip, (socklen_t)size);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, ip, (socklen_t)size);
	/* behind a reverse proxy we trust, the client is the one it names */
	if (wc && proxy_trusted(ip, (void *)wc)) {
		char fwd[64];
		const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
		if (web_forwarded_for(xff, proxy_trusted, (void *)wc, fwd, sizeof(fwd)) == 0)
			snprintf(ip, size, "%s", fwd);
	}
}

/* A user name as typed, safe for a log line. */
static void log_safe(const char *in, char *out, size_t size)
{
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)in; *p && o + 1 < size; p++)
		out[o++] = *p < 0x20 || *p == 0x7f || *p == '\'' || *p == '\\' ? '?' : (char)*p;
	out[o] = '\0';
}

void web_do_login(struct web_req *q)
{
	char ip[64], name[80], pw[256], csrf[80], cookie_csrf[80] = "", shown[80];
	web_client_address(q->conn, q->wc, ip, sizeof(ip));
	const char *cookie = MHD_lookup_connection_value(q->conn, MHD_HEADER_KIND, "Cookie");
	if (cookie)
		web_cookie_get(cookie, "reco_login_csrf", cookie_csrf, sizeof(cookie_csrf));
	web_field(q, "csrf", csrf, sizeof(csrf));
	if (!cookie_csrf[0] || strcmp(csrf, cookie_csrf)) {
		web_error_page(q, 403, _("The form has expired or did not come from this site: reload the page."));
		return;
	}
	web_field(q, "user", name, sizeof(name));
	log_safe(name, shown, sizeof(shown));
	/* counted before the password is checked: parallel tries cannot slip through */
	int by_address = 0, by_account = 0;
	struct reco_err e = { 0 };
	if (reg_login_count(q->reg, ip, name, &by_address, &by_account, &e)) {
		fprintf(stderr, "reco registry: login for '%s' from %s: database unavailable: %s\n", shown, ip, e.msg);
		web_error_page(q, 503, _("The database is unavailable: try again in a moment."));
		return;
	}
	if (by_address > REG_LOGIN_MAX_ADDRESS || by_account > REG_LOGIN_MAX_ACCOUNT) {
		fprintf(stderr, "reco registry: too many login attempts for '%s' from %s (%d from this address, %d for this account)\n",
			shown, ip, by_address, by_account);
		page_login(q, _("Too many failed attempts: try again in a few minutes."));
		q->status = 429;
		return;
	}
	web_field(q, "password", pw, sizeof(pw));
	char role[32];
	int rc = reg_user_check(q->reg, name, pw, role, sizeof(role), &e);
	explicit_bzero(pw, sizeof(pw));
	if (rc == -EACCES) {
		fprintf(stderr, "reco registry: failed login for '%s' from %s\n", shown, ip);
		page_login(q, _("Wrong user name or password."));
		q->status = 401;
		return;
	}
	if (rc) {
		/* not a wrong password: a database error is never counted */
		reg_login_uncount(q->reg, ip, name, NULL);
		fprintf(stderr, "reco registry: login for '%s' from %s: database unavailable: %s\n", shown, ip, e.msg);
		web_error_page(q, 503, _("The database is unavailable: try again in a moment."));
		return;
	}
	reg_login_reset(q->reg, ip, name, NULL);
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
