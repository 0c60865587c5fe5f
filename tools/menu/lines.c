/*
 * lines.c — screen text as a list of lines fitted to a width in terminal
 * columns (UTF-8 aware through mbrtowc/wcwidth: "é" is one column, "…"
 * one), so that screens are laid out and tested without a terminal.
 */
#include "menu.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

void menu_lines_init(struct menu_lines *l, int width)
{
	memset(l, 0, sizeof(*l));
	l->width = width > 0 ? width : MENU_WIDTH;
}

void menu_lines_release(struct menu_lines *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->line[i]);
	free(l->line);
	l->line = NULL;
	l->n = l->cap = 0;
}

/* Length in bytes and width in columns of the next character of s. */
static size_t next_char(const char *s, int *cols)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	wchar_t wc;
	size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*cols = 1;
		return 1;
	}
	int w = wcwidth(wc);
	*cols = w < 0 ? 1 : w;
	return n;
}

int menu_str_width(const char *s)
{
	int w = 0, c;
	while (*s) {
		s += next_char(s, &c);
		w += c;
	}
	return w;
}

char *menu_fit(const char *s, int width, int pad, char *out, size_t size)
{
	static const char ell[] = "\xe2\x80\xa6"; /* … */
	size_t o = 0;
	int w = 0, total = menu_str_width(s);
	if (!size)
		return out;
	if (total > width) {
		/* leave one column for the ellipsis */
		int c;
		while (*s) {
			size_t n = next_char(s, &c);
			if (w + c > width - 1 || o + n + sizeof(ell) >= size)
				break;
			memcpy(out + o, s, n);
			o += n, s += n, w += c;
		}
		if (width >= 1 && o + sizeof(ell) <= size) {
			memcpy(out + o, ell, sizeof(ell) - 1);
			o += sizeof(ell) - 1;
			w++;
		}
	} else {
		size_t n = strlen(s);
		if (n >= size)
			n = size - 1;
		memcpy(out, s, n);
		o = n;
		w = total;
	}
	while (pad && w < width && o + 1 < size)
		out[o++] = ' ', w++;
	out[o] = '\0';
	return out;
}

static int push(struct menu_lines *l, char *s)
{
	if (l->n == l->cap) {
		int ncap = l->cap ? l->cap * 2 : 32;
		char **nl = realloc(l->line, (size_t)ncap * sizeof(*nl));
		if (!nl) {
			free(s);
			return -ENOMEM;
		}
		l->line = nl;
		l->cap = ncap;
	}
	l->line[l->n++] = s;
	return 0;
}

int menu_lines_add(struct menu_lines *l, const char *fmt, ...)
{
	char *raw = NULL;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&raw, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	/* one screen line: no control characters */
	for (char *c = raw; *c; c++)
		if ((unsigned char)*c < 0x20)
			*c = ' ';
	size_t size = strlen(raw) + 8;
	char *fit = malloc(size);
	if (!fit) {
		free(raw);
		return -ENOMEM;
	}
	menu_fit(raw, l->width, 0, fit, size);
	free(raw);
	return push(l, fit);
}

int menu_lines_wrap(struct menu_lines *l, int indent, const char *text)
{
	int width = l->width;
	const char *p = text;
	if (indent >= width)
		indent = 0;
	while (*p == ' ')
		p++;
	if (!*p)
		return menu_lines_add(l, "%s", "");
	while (*p) {
		int avail = width - indent;
		/* take words while they fit */
		const char *end = p, *last_break = NULL;
		int w = 0, c;
		while (*end && *end != '\n') {
			size_t n = next_char(end, &c);
			if (w + c > avail)
				break;
			if (*end == ' ')
				last_break = end;
			w += c;
			end += n;
		}
		if (end == p && *end && *end != '\n')
			end += next_char(end, &c); /* a character wider than the room: alone on its line */
		const char *cut = end;
		if (*end && *end != '\n' && last_break && last_break > p)
			cut = last_break;
		int rc = menu_lines_add(l, "%*s%.*s", indent, "", (int)(cut - p), p);
		if (rc)
			return rc;
		p = cut;
		if (*p == '\n')
			p++;
		while (*p == ' ')
			p++;
	}
	return 0;
}

void menu_bar_text(int permille, int width, char *out, size_t size)
{
	if (permille < 0)
		permille = 0;
	if (permille > 1000)
		permille = 1000;
	if (width < 3 || (size_t)width + 1 > size) {
		if (size)
			out[0] = '\0';
		return;
	}
	int inner = width - 2, full = inner * permille / 1000;
	out[0] = '[';
	for (int i = 0; i < inner; i++)
		out[1 + i] = i < full ? '#' : '.';
	out[width - 1] = ']';
	out[width] = '\0';
}
