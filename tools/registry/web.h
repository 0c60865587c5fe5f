/*
 * web.h — the registry's web UI and upload API (libmicrohttpd).
 */
#ifndef RECO_REGISTRY_WEB_H
#define RECO_REGISTRY_WEB_H

#include "registry.h"

struct web_config {
	const char *listen;    /* "127.0.0.1:8080", "[::1]:8080" */
	const char *db_spec;   /* each worker thread opens its own connection */
	int secure_cookies;    /* behind an HTTPS reverse proxy */
	const char *trusted[8]; /* reverse proxies whose X-Forwarded-For is believed */
	int ntrusted;
	int upload_timeout;    /* seconds a request body may take to arrive */
	const char *lang;      /* "fr" or "en": pages for a visitor who has not chosen */
	void (*on_ready)(const char *listen); /* called once listening */
};

/* Serves until SIGINT/SIGTERM.  0 or -errno. */
int web_serve(struct registry *r, const struct web_config *wc, struct reco_err *e);
int web_start(struct registry *r, const struct web_config *wc, struct reco_err *e);
int web_wait_and_stop(void);

#endif
