/*
 * webparse.h — the pure parts of the web server, kept apart so that they
 * are unit-tested and fuzzed without a socket: a growable text buffer with
 * HTML escaping, URL decoding, application/x-www-form-urlencoded fields,
 * path checks, cookies, multipart/form-data (webmultipart.c), and the upload envelope of POST /api/reports
 * (BRIEF.md: {"report": "<report.json bytes>", "signature": "<base64 of 64
 * bytes>", "certificate": "<station PEM>"}).
 */
#ifndef RECO_REGISTRY_WEBPARSE_H
#define RECO_REGISTRY_WEBPARSE_H

#include <stddef.h>

struct wbuf {
	char *data;
	size_t len, cap;
	int oom;
};

void wbuf_put(struct wbuf *b, const char *s, size_t n);
void wbuf_puts(struct wbuf *b, const char *s);
/* Makes room for n bytes in all (one allocation, for a known body size). */
void wbuf_reserve(struct wbuf *b, size_t n);
void wbuf_printf(struct wbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s with & < > " ' escaped (NULL appends nothing). */
void wbuf_esc(struct wbuf *b, const char *s);
/* Appends s percent-encoded for a URL query value. */
void wbuf_urlenc(struct wbuf *b, const char *s);
void wbuf_free(struct wbuf *b);

/* Decodes %XX and '+' (form encoding) from in[0..len) into out (NUL-ended).
 * -1 on a malformed escape, an embedded NUL, or when out is too small. */
int web_url_decode(const char *in, size_t len, char *out, size_t size, int plus_is_space);

/* The value of key in a urlencoded body (first occurrence), decoded.
 * 0 found, -1 absent or malformed. */
int web_form_get(const char *body, size_t len, const char *key, char *out, size_t size);

/* 1 when every key and value of a urlencoded body decodes to valid UTF-8
 * (the registry stores no other text); 0 otherwise, or when malformed. */
int web_form_utf8_ok(const char *body, size_t len);

/* 1 when a request path is acceptable: starts with '/', printable ASCII, no
 * "..", no "//", no backslash, no '%' (paths we serve never need one). */
int web_path_ok(const char *path);

/* The value of cookie name in a Cookie header; 0 found, -1 not. */
int web_cookie_get(const char *header, const char *name, char *out, size_t size);

/* The client's address from an X-Forwarded-For header that trusted proxies
 * maintain: the rightmost entry that is_trusted() does not recognise (each
 * proxy appends the address it received the request from), written in
 * canonical form (inet_ntop).  -1 when the header holds no such address or
 * something that is not an address on the way. */
int web_forwarded_for(const char *xff, int (*is_trusted)(const char *addr, void *arg), void *arg,
		      char *out, size_t size);

struct web_upload {
	char *report;              /* malloc'd bytes of report.json */
	size_t report_len;
	unsigned char sig[64];
	size_t sig_len;
	char *certificate;         /* malloc'd PEM */
	size_t cert_len;
};
/* Parses the envelope; 0 or -1 with a short English reason in err. */
int web_upload_parse(const char *body, size_t len, struct web_upload *up, char *err, size_t errsize);
void web_upload_release(struct web_upload *up);

/* One part of a multipart/form-data body (webmultipart.c): the field's
 * name, a file's name when it is one, and its bytes inside the body. */
struct web_part {
	char name[128];
	char filename[256];
	int has_filename;
	const char *data;
	size_t len;
};
/* Splits body by the boundary that content_type (the request's header)
 * names into at most max parts.  0 with *count set, or -1 when the body is
 * not well-formed multipart/form-data, a part lacks its
 * Content-Disposition, names are too long, or there are more parts. */
int web_multipart_parse(const char *body, size_t len, const char *content_type, struct web_part *parts,
			size_t max, size_t *count);
/* The first part of that name, or NULL. */
const struct web_part *web_part_get(const struct web_part *parts, size_t n, const char *name);

/* Base64 (standard alphabet, padding required) into out; length or -1. */
int web_base64_decode(const char *in, size_t len, unsigned char *out, size_t size);

#endif
