/*
 * webmultipart.c — multipart/form-data bodies (RFC 7578 over RFC 2046
 * section 5.1), as browsers send a form with files: a boundary from the
 * Content-Type header, then parts each with a Content-Disposition naming
 * the field and, for a file, its filename.  Parts are not copied: each
 * points into the body.  Untrusted bytes: bounded (parts, header sizes,
 * names) and fuzzed (tests/fuzz/fuzz_registry_multipart.c).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "webparse.h"

#define PART_HEADERS_MAX 8192

/* The boundary parameter of a multipart/form-data Content-Type (quoted or
 * not), into out; -1 when absent or too long (RFC 2046: 1 to 70). */
static int boundary_of(const char *ct, char *out, size_t size)
{
	if (!ct || strncasecmp(ct, "multipart/form-data", 19))
		return -1;
	const char *p = ct + 19;
	while ((p = strchr(p, ';'))) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "boundary=", 9))
			continue;
		p += 9;
		size_t n;
		if (*p == '"') {
			p++;
			const char *end = strchr(p, '"');
			if (!end)
				return -1;
			n = (size_t)(end - p);
		} else {
			n = strcspn(p, "; \t");
		}
		if (n < 1 || n > 70 || n >= size)
			return -1;
		memcpy(out, p, n);
		out[n] = '\0';
		return 0;
	}
	return -1;
}

/* The value of a parameter (name="...") of a Content-Disposition line of
 * length len, unescaping \" and \\; 1 found, 0 absent, -1 malformed. */
static int disposition_param(const char *line, size_t len, const char *param, char *out, size_t size)
{
	size_t pl = strlen(param);
	for (size_t i = 0; i + pl + 2 <= len; i++) {
		/* the parameter starts after ';' and blanks, so "filename" is not "name" */
		if ((i == 0 || line[i - 1] == ';' || line[i - 1] == ' ' || line[i - 1] == '\t') &&
		    !strncasecmp(line + i, param, pl) && line[i + pl] == '=' && line[i + pl + 1] == '"') {
			size_t o = 0;
			for (size_t j = i + pl + 2; j < len; j++) {
				char c = line[j];
				if (c == '"') {
					out[o] = '\0';
					return 1;
				}
				if (c == '\\' && j + 1 < len)
					c = line[++j];
				if (c == '\0' || o + 1 >= size)
					return -1;
				out[o++] = c;
			}
			return -1;
		}
	}
	return 0;
}

/* Reads a part's header block [h, h + len): its Content-Disposition. */
static int part_headers(const char *h, size_t len, struct web_part *p)
{
	memset(p->name, 0, sizeof(p->name));
	memset(p->filename, 0, sizeof(p->filename));
	p->has_filename = 0;
	int have_disposition = 0;
	while (len) {
		const char *eol = memmem(h, len, "\r\n", 2);
		size_t ll = eol ? (size_t)(eol - h) : len;
		if (ll > 20 && !strncasecmp(h, "Content-Disposition:", 20)) {
			const char *v = h + 20;
			size_t vl = ll - 20;
			while (vl && (*v == ' ' || *v == '\t'))
				v++, vl--;
			if (vl < 9 || strncasecmp(v, "form-data", 9))
				return -1;
			/* every part names its field (RFC 7578 section 4.2) */
			if (disposition_param(v, vl, "name", p->name, sizeof(p->name)) != 1 || !p->name[0])
				return -1;
			int f = disposition_param(v, vl, "filename", p->filename, sizeof(p->filename));
			if (f < 0)
				return -1;
			p->has_filename = f;
			have_disposition = 1;
		}
		if (!eol)
			break;
		len -= ll + 2;
		h = eol + 2;
	}
	return have_disposition ? 0 : -1;
}

int web_multipart_parse(const char *body, size_t len, const char *content_type, struct web_part *parts,
			size_t max, size_t *count)
{
	char b[80], delim[84];
	*count = 0;
	if (!body || boundary_of(content_type, b, sizeof(b)))
		return -1;
	size_t dl = (size_t)snprintf(delim, sizeof(delim), "\r\n--%s", b);
	/* the first delimiter may open the body (no preamble) */
	const char *p;
	if (len >= dl - 2 && !memcmp(body, delim + 2, dl - 2))
		p = body + dl - 2;
	else if ((p = memmem(body, len, delim, dl)))
		p += dl;
	else
		return -1;
	const char *end = body + len;
	for (;;) {
		if (end - p >= 2 && !memcmp(p, "--", 2))
			return 0; /* the close delimiter */
		/* transport padding, then CRLF */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || memcmp(p, "\r\n", 2))
			return -1;
		p += 2;
		size_t room = (size_t)(end - p);
		/* every part we take has headers (a Content-Disposition) */
		const char *hend = memmem(p, room < PART_HEADERS_MAX ? room : PART_HEADERS_MAX, "\r\n\r\n", 4);
		if (!hend || *count == max)
			return -1;
		struct web_part *part = &parts[*count];
		if (part_headers(p, (size_t)(hend - p), part))
			return -1;
		const char *data = hend + 4;
		const char *next = memmem(data, (size_t)(end - data), delim, dl);
		if (!next)
			return -1;
		part->data = data;
		part->len = (size_t)(next - data);
		(*count)++;
		p = next + dl;
	}
}

const struct web_part *web_part_get(const struct web_part *parts, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(parts[i].name, name))
			return &parts[i];
	return NULL;
}
