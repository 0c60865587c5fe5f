/*
 * webparse.c — request parsing and HTML output helpers (see webparse.h).
 * Everything here takes untrusted bytes and is fuzzed
 * (tests/fuzz/fuzz_registry_api.c).
 */
#include "webparse.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <jansson.h>

#include "lib/util.h"

void wbuf_put(struct wbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (!d) {
			b->oom = 1;
			return;
		}
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void wbuf_reserve(struct wbuf *b, size_t n)
{
	if (b->oom || n <= b->cap)
		return;
	char *d = realloc(b->data, n);
	if (!d) {
		b->oom = 1;
		return;
	}
	b->data = d;
	b->cap = n;
}

void wbuf_puts(struct wbuf *b, const char *s)
{
	if (s)
		wbuf_put(b, s, strlen(s));
}

void wbuf_printf(struct wbuf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		wbuf_put(b, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		b->oom = 1;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	wbuf_put(b, big, (size_t)n);
	free(big);
}

void wbuf_esc(struct wbuf *b, const char *s)
{
	if (!s)
		return;
	const char *start = s;
	for (; *s; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		}
		if (rep) {
			wbuf_put(b, start, (size_t)(s - start));
			wbuf_puts(b, rep);
			start = s + 1;
		}
	}
	wbuf_put(b, start, (size_t)(s - start));
}

void wbuf_urlenc(struct wbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			wbuf_put(b, (const char *)&c, 1);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			wbuf_put(b, e, 3);
		}
	}
}

void wbuf_free(struct wbuf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int web_url_decode(const char *in, size_t len, char *out, size_t size, int plus_is_space)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)in[i];
		if (c == '%') {
			if (len - i < 3)
				return -1;
			int h = hexval(in[i + 1]), l = hexval(in[i + 2]);
			if (h < 0 || l < 0)
				return -1;
			c = h * 16 + l;
			i += 2;
		} else if (c == '+' && plus_is_space) {
			c = ' ';
		}
		if (c == 0 || o + 1 >= size)
			return -1;
		out[o++] = (char)c;
	}
	if (o >= size)
		return -1;
	out[o] = '\0';
	return (int)o;
}

int web_form_get(const char *body, size_t len, const char *key, char *out, size_t size)
{
	size_t klen = strlen(key), i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && body[end] != '&')
			end++;
		const char *eq = memchr(body + i, '=', end - i);
		if (eq && (size_t)(eq - (body + i)) == klen && !memcmp(body + i, key, klen))
			return web_url_decode(eq + 1, (size_t)(body + end - eq - 1), out, size, 1) < 0 ? -1 : 0;
		i = end + 1;
	}
	return -1;
}

int web_form_utf8_ok(const char *body, size_t len)
{
	char *buf = malloc(len + 1);
	if (!buf)
		return 0;
	int ok = 1;
	size_t i = 0;
	while (ok && i < len) {
		size_t end = i;
		while (end < len && body[end] != '&')
			end++;
		const char *eq = memchr(body + i, '=', end - i);
		size_t klen = eq ? (size_t)(eq - (body + i)) : end - i;
		int n = web_url_decode(body + i, klen, buf, len + 1, 1);
		ok = n >= 0 && reco_utf8_valid(buf, strlen(buf));
		if (ok && eq) {
			n = web_url_decode(eq + 1, (size_t)(body + end - eq - 1), buf, len + 1, 1);
			ok = n >= 0 && reco_utf8_valid(buf, strlen(buf));
		}
		i = end + 1;
	}
	free(buf);
	return ok;
}

int web_path_ok(const char *path)
{
	if (!path || path[0] != '/')
		return 0;
	for (const char *p = path; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c < 0x21 || c > 0x7e || c == '\\' || c == '%')
			return 0;
		if (c == '/' && p[1] == '/')
			return 0;
		if (c == '.' && p[1] == '.')
			return 0;
	}
	return 1;
}

int web_cookie_get(const char *header, const char *name, char *out, size_t size)
{
	size_t nlen = strlen(name);
	const char *p = header;
	while (p && *p) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t seg = end ? (size_t)(end - p) : strlen(p);
		if (seg > nlen && !strncmp(p, name, nlen) && p[nlen] == '=') {
			size_t vlen = seg - nlen - 1;
			if (vlen + 1 > size)
				return -1;
			memcpy(out, p + nlen + 1, vlen);
			out[vlen] = '\0';
			return 0;
		}
		p = end;
	}
	return -1;
}

int web_base64_decode(const char *in, size_t len, unsigned char *out, size_t size)
{
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	if (len % 4)
		return -1;
	size_t o = 0;
	for (size_t i = 0; i < len; i += 4) {
		int v[4], pad = 0;
		for (int k = 0; k < 4; k++) {
			char c = in[i + k];
			if (c == '=' && i + 4 == len && k >= 2) {
				v[k] = 0;
				pad++;
				continue;
			}
			if (pad)
				return -1;
			const char *f = c ? strchr(alpha, c) : NULL;
			if (!f)
				return -1;
			v[k] = (int)(f - alpha);
		}
		unsigned n = (unsigned)(v[0] << 18 | v[1] << 12 | v[2] << 6 | v[3]);
		unsigned char bytes[3] = { (unsigned char)(n >> 16), (unsigned char)(n >> 8), (unsigned char)n };
		for (int k = 0; k < 3 - pad; k++) {
			if (o >= size)
				return -1;
			out[o++] = bytes[k];
		}
	}
	return (int)o;
}

int web_upload_parse(const char *body, size_t len, struct web_upload *up, char *err, size_t errsize)
{
	memset(up, 0, sizeof(*up));
	json_error_t je;
	json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, &je);
	if (!json_is_object(doc)) {
		snprintf(err, errsize, "body is not a JSON object: %s", doc ? "wrong type" : je.text);
		json_decref(doc);
		return -1;
	}
	json_t *rep = json_object_get(doc, "report"), *sig = json_object_get(doc, "signature"),
	       *cert = json_object_get(doc, "certificate");
	if (!json_is_string(rep) || !json_is_string(sig) || !json_is_string(cert)) {
		snprintf(err, errsize, "\"report\", \"signature\" and \"certificate\" must be strings");
		json_decref(doc);
		return -1;
	}
	int n = web_base64_decode(json_string_value(sig), json_string_length(sig), up->sig, sizeof(up->sig));
	if (n != 64) {
		snprintf(err, errsize, "\"signature\" must be the base64 of 64 bytes");
		json_decref(doc);
		return -1;
	}
	up->sig_len = 64;
	up->report_len = json_string_length(rep);
	up->cert_len = json_string_length(cert);
	up->report = malloc(up->report_len + 1);
	up->certificate = malloc(up->cert_len + 1);
	if (!up->report || !up->certificate) {
		snprintf(err, errsize, "out of memory");
		json_decref(doc);
		web_upload_release(up);
		return -1;
	}
	memcpy(up->report, json_string_value(rep), up->report_len + 1);
	memcpy(up->certificate, json_string_value(cert), up->cert_len + 1);
	json_decref(doc);
	return 0;
}

void web_upload_release(struct web_upload *up)
{
	free(up->report);
	free(up->certificate);
	memset(up, 0, sizeof(*up));
}

int web_forwarded_for(const char *xff, int (*is_trusted)(const char *addr, void *arg), void *arg,
		      char *out, size_t size)
{
	if (!xff)
		return -1;
	size_t n = strlen(xff);
	if (n > 4096)
		return -1;
	/* from the right: each proxy appended the address it received from */
	const char *end = xff + n;
	while (end > xff) {
		const char *start = end;
		while (start > xff && start[-1] != ',')
			start--;
		char addr[64];
		const char *a = start, *b = end;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if ((size_t)(b - a) >= sizeof(addr))
			return -1;
		memcpy(addr, a, (size_t)(b - a));
		addr[b - a] = '\0';
		unsigned char bin[16];
		int v6 = inet_pton(AF_INET6, addr, bin) == 1;
		if (!v6 && inet_pton(AF_INET, addr, bin) != 1)
			return -1; /* not an address: trust nothing further left */
		char canon[64];
		inet_ntop(v6 ? AF_INET6 : AF_INET, bin, canon, sizeof(canon));
		if (!is_trusted || !is_trusted(canon, arg)) {
			snprintf(out, size, "%s", canon);
			return 0;
		}
		end = start > xff ? start - 1 : xff;
	}
	return -1;
}

