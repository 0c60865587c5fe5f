/*
 * fuzz_registry_api.c — the registry web server's parsers on untrusted
 * bytes: the POST /api/reports envelope, urlencoded form fields (and their
 * UTF-8 check), cookies, X-Forwarded-For,
 * request paths, URL and base64 decoding, HTML escaping, and the SQL
 * placeholder translation.  The first byte picks the parser; the whole input
 * is also tried as an upload envelope.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "registry/db.h"
#include "registry/webparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct web_upload up;
	char err[256];
	if (web_upload_parse((const char *)data, size, &up, err, sizeof(err)) == 0) {
		if (up.sig_len != 64 || strlen(up.report) > up.report_len)
			abort();
		web_upload_release(&up);
	}
	if (size < 1)
		return 0;
	char *s = malloc(size);
	if (!s)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	char out[512];
	unsigned char bin[512];
	struct wbuf b = { 0 };
	switch (data[0] % 7) {
	case 0:
		if (web_form_get(s, size - 1, "device", out, sizeof(out)) == 0 && web_form_utf8_ok(s, size - 1) &&
		    !reco_utf8_valid(out, strlen(out)))
			abort(); /* a form passed as UTF-8 holds a field that is not */
		web_form_get(s, size - 1, "csrf", out, sizeof(out));
		break;
	case 1:
		web_cookie_get(s, "reco_session", out, sizeof(out));
		web_cookie_get(s, "lang", out, 3);
		if (web_forwarded_for(s, NULL, NULL, out, sizeof(out)) == 0 && strlen(out) >= sizeof(out))
			abort();
		break;
	case 2:
		if (web_path_ok(s) && (strstr(s, "..") || strstr(s, "//")))
			abort();
		break;
	case 3: {
		int n = web_url_decode(s, size - 1, out, sizeof(out), 1);
		if (n >= 0 && (size_t)n >= sizeof(out))
			abort();
		break;
	}
	case 4: {
		int n = web_base64_decode(s, strlen(s), bin, sizeof(bin));
		if (n > (int)sizeof(bin))
			abort();
		break;
	}
	case 5:
		wbuf_esc(&b, s);
		if (b.data && (strchr(b.data, '<') || strchr(b.data, '"')))
			abort();
		wbuf_urlenc(&b, s);
		break;
	case 6: {
		char *t = rdb_translate_placeholders(s);
		free(t);
		break;
	}
	}
	wbuf_free(&b);
	free(s);
	return 0;
}
