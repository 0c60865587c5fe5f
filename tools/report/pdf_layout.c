/*
 * pdf_layout.c — the page of the printable documents (pdf.h): A4 with cairo
 * and pango, text boxes, section titles, label/value rows, page breaks with
 * a footer on every page, and the values formatted for a reader (dates,
 * sizes, percentages) in the document's language.
 */
#include "pdf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "lib/util.h"
#include "lib/x509.h"

/* printf into a static rotating buffer set (for short-lived values). */
const char *pdf_fmt(const char *f, ...)
{
	/* long enough for a sentence listing every kind of part (a cut one
	 * would end inside a UTF-8 character and the markup would be lost) */
	static char bufs[16][4096];
	static int i;
	char *b = bufs[i++ % 16];
	va_list ap;
	va_start(ap, f);
	vsnprintf(b, sizeof(bufs[0]), f, ap);
	va_end(ap);
	return b;
}

const char *pdf_js(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s && *s ? s : NULL;
}

int pdf_ji(json_t *o, const char *key, long long *v)
{
	json_t *x = json_object_get(o, key);
	if (json_is_integer(x)) {
		*v = json_integer_value(x);
		return 1;
	}
	return 0;
}

void pdf_rgb(struct doc *d, unsigned hex)
{
	cairo_set_source_rgb(d->cr, ((hex >> 16) & 255) / 255.0, ((hex >> 8) & 255) / 255.0,
			     (hex & 255) / 255.0);
}

/* Draws markup in a box of width w at (x, y); returns its height. */
double pdf_text(struct doc *d, double x, double y, double w, const char *font, unsigned color,
		   PangoAlignment align, const char *markup)
{
	PangoLayout *l = pango_cairo_create_layout(d->cr);
	/* sizes are in points: 72 units per inch, as on the cairo page */
	pango_cairo_context_set_resolution(pango_layout_get_context(l), 72);
	pango_layout_context_changed(l);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_markup(l, markup, -1);
	int lw, lh;
	pango_layout_get_size(l, &lw, &lh);
	pdf_rgb(d, color);
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
	return (double)lh / PANGO_SCALE;
}

/* Height of markup laid out in width w with font (nothing drawn). */
static double measure(struct doc *d, double w, const char *font, const char *markup)
{
	cairo_save(d->cr);
	cairo_push_group(d->cr);
	double h = pdf_text(d, 0, 0, w, font, 0, PANGO_ALIGN_LEFT, markup);
	cairo_pattern_destroy(cairo_pop_group(d->cr));
	cairo_restore(d->cr);
	return h;
}

void pdf_para(struct doc *d, const char *font, const char *markup)
{
	pdf_need(d, measure(d, CONTENT_W, font, markup) + 4);
	d->y += pdf_text(d, MARGIN, d->y, CONTENT_W, font, 0x333333, PANGO_ALIGN_LEFT, markup) + 4;
}

/* Escaped copy for markup (static rotating buffers, like fmt). */
const char *pdf_esc(const char *s)
{
	static char *bufs[16];
	static int i;
	char **b = &bufs[i++ % 16];
	g_free(*b);
	*b = g_markup_escape_text(s ? s : "", -1);
	return *b;
}

static void footer(struct doc *d)
{
	pdf_rgb(d, 0xbbbbbb);
	cairo_set_line_width(d->cr, 0.5);
	cairo_move_to(d->cr, MARGIN, PAGE_H - 40);
	cairo_line_to(d->cr, PAGE_W - MARGIN, PAGE_H - 40);
	cairo_stroke(d->cr);
	pdf_text(d, MARGIN, PAGE_H - 36, CONTENT_W - 60, FONT " 7", 0x666666, PANGO_ALIGN_LEFT,
	     d->footer);
	pdf_text(d, PAGE_W - MARGIN - 60, PAGE_H - 36, 60, FONT " 7", 0x666666, PANGO_ALIGN_RIGHT,
	     pdf_fmt(T(N_("page %d")), d->page));
}

static void new_page(struct doc *d)
{
	footer(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = MARGIN;
}

void pdf_need(struct doc *d, double h)
{
	if (d->y + h > PAGE_H - 46)
		new_page(d);
}

void pdf_section(struct doc *d, const char *title)
{
	pdf_need(d, 40);
	d->y += 6;
	double h = pdf_text(d, MARGIN, d->y, CONTENT_W, FONT " Bold 12.5", 0x1f4e79, PANGO_ALIGN_LEFT,
			pdf_esc(title));
	d->y += h + 2;
	pdf_rgb(d, 0x1f4e79);
	cairo_set_line_width(d->cr, 0.8);
	cairo_move_to(d->cr, MARGIN, d->y);
	cairo_line_to(d->cr, PAGE_W - MARGIN, d->y);
	cairo_stroke(d->cr);
	d->y += 5;
}

/* A label: value row (value is markup). */
static void row_at(struct doc *d, double x, double w, double lw, const char *label, const char *value)
{
	double h1 = measure(d, lw - 6, FONT " 8.5", pdf_esc(label));
	double h2 = measure(d, w - lw, FONT " 8.5", value);
	double h = h1 > h2 ? h1 : h2;
	pdf_need(d, h + 2);
	pdf_text(d, x, d->y, lw - 6, FONT " 8.5", 0x555555, PANGO_ALIGN_LEFT, pdf_esc(label));
	pdf_text(d, x + lw, d->y, w - lw, FONT " 8.5", 0x111111, PANGO_ALIGN_LEFT, value);
	d->y += h + 1.5;
}

void pdf_row(struct doc *d, const char *label, const char *value)
{
	row_at(d, MARGIN, CONTENT_W, 108, label, value);
}

/* Two label/value pairs side by side. */
void pdf_row2(struct doc *d, const char *l1, const char *v1, const char *l2, const char *v2)
{
	double half = CONTENT_W / 2;
	double y0 = d->y;
	double h1 = measure(d, half - 114, FONT " 8.5", v1), h2 = l2 ? measure(d, half - 108, FONT " 8.5", v2) : 0;
	double hl = measure(d, 104, FONT " 8.5", pdf_esc(l1));
	if (hl > h1)
		h1 = hl;
	/* the second label may wrap too ("Catégorie (NIST SP 800-88)"): the
	 * row is as tall as its tallest cell, labels included */
	double hl2 = l2 ? measure(d, 104, FONT " 8.5", pdf_esc(l2)) : 0;
	if (hl2 > h2)
		h2 = hl2;
	double h = (h1 > h2 ? h1 : h2);
	pdf_need(d, h + 2);
	y0 = d->y;
	pdf_text(d, MARGIN, y0, 104, FONT " 8.5", 0x555555, PANGO_ALIGN_LEFT, pdf_esc(l1));
	pdf_text(d, MARGIN + 108, y0, half - 114, FONT " 8.5", 0x111111, PANGO_ALIGN_LEFT, v1);
	if (l2) {
		pdf_text(d, MARGIN + half, y0, 104, FONT " 8.5", 0x555555, PANGO_ALIGN_LEFT, pdf_esc(l2));
		pdf_text(d, MARGIN + half + 108, y0, half - 108, FONT " 8.5", 0x111111, PANGO_ALIGN_LEFT, v2);
	}
	d->y = y0 + h + 1.5;
}

/* "2026-11-28T18:01:00Z" → "28/11/2026 à 18:01 UTC" / "2026-11-28 18:01 UTC" */
const char *pdf_date_h(const struct doc *d, const char *rfc)
{
	time_t t;
	if (!rfc || reco_parse_rfc3339(rfc, &t) != 0)
		return rfc ? rfc : "—";
	struct tm tm;
	gmtime_r(&t, &tm);
	if (d->fr)
		return pdf_fmt("%02d/%02d/%04d %02d:%02d UTC", tm.tm_mday, tm.tm_mon + 1,
			   tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
	return pdf_fmt("%04d-%02d-%02d %02d:%02d UTC", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		   tm.tm_hour, tm.tm_min);
}

/* Decimal size, as drive makers label them: "500 Go" / "500 GB". */
const char *pdf_size_h(const struct doc *d, long long bytes)
{
	static const char *fr[] = { "o", "ko", "Mo", "Go", "To", "Po", "Eo" };
	static const char *en[] = { "B", "kB", "MB", "GB", "TB", "PB", "EB" };
	if (bytes < 0)
		return "—";
	unsigned long long b = (unsigned long long)bytes, div = 1;
	int u = 0;
	while (u < 6 && b / div >= 1000) {
		div *= 1000;
		u++;
	}
	unsigned long long whole = b / div, dec = div > 1 ? (b % div) / (div / 10) : 0;
	const char *unit = d->fr ? fr[u] : en[u];
	if (dec && whole < 100)
		return pdf_fmt("%llu%s%llu\u202f%s", whole, d->fr ? "," : ".", dec, unit);
	return pdf_fmt("%llu\u202f%s", whole, unit);
}

const char *pdf_permille_h(const struct doc *d, long long pm)
{
	if (pm < 0 || pm > 1000)
		return "?";
	if (pm % 10 == 0)
		return pdf_fmt("%lld\u202f%%", pm / 10);
	return pdf_fmt("%lld%s%lld\u202f%%", pm / 10, d->fr ? "," : ".", pm % 10);
}

int pdf_open(struct doc *d, const char *out, struct reco_err *e)
{
	d->surface = cairo_pdf_surface_create(out, PAGE_W, PAGE_H);
	if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS) {
		reco_err_set(e, -EIO, _("%s: %s"), out, cairo_status_to_string(cairo_surface_status(d->surface)));
		cairo_surface_destroy(d->surface);
		return -EIO;
	}
	d->cr = cairo_create(d->surface);
	d->page = 1;
	d->y = MARGIN;
	return 0;
}

int pdf_close(struct doc *d, const char *out, struct reco_err *e)
{
	footer(d);
	cairo_show_page(d->cr);
	cairo_destroy(d->cr);
	cairo_surface_finish(d->surface);
	cairo_status_t st = cairo_surface_status(d->surface);
	cairo_surface_destroy(d->surface);
	if (st != CAIRO_STATUS_SUCCESS)
		return reco_err_set(e, -EIO, _("%s: %s"), out, cairo_status_to_string(st));
	return 0;
}
