/*
 * upload.c — one HTTP POST of a report envelope with libcurl (see sync.h).
 */
#include "sync.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/i18n.h"

struct answer {
	char *buf;
	size_t len;
};

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	struct answer *a = arg;
	size_t add = size * n;
	if (a->len + add > (1u << 20))
		return add; /* keep the first MiB */
	char *nb = realloc(a->buf, a->len + add + 1);
	if (!nb)
		return 0;
	memcpy(nb + a->len, p, add);
	a->buf = nb;
	a->len += add;
	a->buf[a->len] = '\0';
	return add;
}

/* What every request of reco sync sets: its error buffer, timeouts, no
 * signals (threads), HTTP(S) only. */
static void common_opts(CURL *c, char *errbuf, long timeout_s)
{
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout_s < 10 ? timeout_s : 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
}

int sync_post(const char *registry, const char *body, long timeout_s, long *http_status, char **answer,
	      struct reco_err *e)
{
	static int inited;
	if (!inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT))
			return reco_err_set(e, -ENOMEM, _("cannot start libcurl"));
		inited = 1;
	}
	*http_status = 0;
	*answer = NULL;
	size_t rl = strlen(registry);
	while (rl && registry[rl - 1] == '/')
		rl--;
	char url[2048];
	if (rl + sizeof("/api/reports") > sizeof(url))
		return reco_err_set(e, -EINVAL, _("%s: URL too long"), registry);
	snprintf(url, sizeof(url), "%.*s/api/reports", (int)rl, registry);
	CURL *c = curl_easy_init();
	if (!c)
		return reco_err_set(e, -ENOMEM, _("cannot start libcurl"));
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
	h = curl_slist_append(h, "Accept: application/json");
	struct answer a = { 0 };
	char errbuf[CURL_ERROR_SIZE] = "";
	char ua[64];
	snprintf(ua, sizeof(ua), "reco-sync/%s", reco_version());
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &a);
	curl_easy_setopt(c, CURLOPT_USERAGENT, ua);
	common_opts(c, errbuf, timeout_s);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	CURLcode cc = curl_easy_perform(c);
	int rc = 0;
	if (cc != CURLE_OK) {
		rc = reco_err_set(e, -EHOSTUNREACH, _("%s: cannot reach the registry (%s)"), url,
				  errbuf[0] ? errbuf : curl_easy_strerror(cc));
		free(a.buf);
	} else {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, http_status);
		*answer = a.buf ? a.buf : strdup("");
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return rc;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	time_t *t = arg;
	size_t len = size * n;
	if (len > 5 && !strncasecmp(p, "Date:", 5)) {
		char v[128];
		snprintf(v, sizeof(v), "%.*s", (int)(len - 5 < sizeof(v) - 1 ? len - 5 : sizeof(v) - 1), p + 5);
		time_t d = curl_getdate(v, NULL);
		if (d > 0)
			*t = d;
	}
	return len;
}

int sync_registry_date(const char *registry, long timeout_s, time_t *date, struct reco_err *e)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT))
		return reco_err_set(e, -ENOMEM, _("cannot start libcurl"));
	CURL *c = curl_easy_init();
	if (!c)
		return reco_err_set(e, -ENOMEM, _("cannot start libcurl"));
	char errbuf[CURL_ERROR_SIZE] = "";
	time_t t = 0;
	curl_easy_setopt(c, CURLOPT_URL, registry);
	curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
	common_opts(c, errbuf, timeout_s);
	/* the clock may be years off: a certificate cannot be judged yet, and
	 * the Date header is only a clock, never trusted for anything else */
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
	CURLcode cc = curl_easy_perform(c);
	int rc = 0;
	if (cc != CURLE_OK)
		rc = reco_err_set(e, -EHOSTUNREACH, _("%s: cannot reach the registry (%s)"), registry,
				  errbuf[0] ? errbuf : curl_easy_strerror(cc));
	else if (!t)
		rc = reco_err_set(e, -ENOENT, _("%s: the answer has no Date header"), registry);
	else
		*date = t;
	curl_easy_cleanup(c);
	return rc;
}
