/*
 * pdf.h — what the PDF documents share (pdf.c renders, pdf_layout.c lays
 * out the page, pdf_certificate.c draws the erasure certificate, pdf_diag.c
 * the diagnosis rows and the Repair Café sheet).  Internal to reco report.
 *
 * Document strings are N_() msgids translated with T() into the language
 * asked for (the thread speaks it while rendering), not the user's locale.  Strings returned by
 * pdf_fmt, pdf_esc and the *_h helpers live in static rotating buffers (16
 * of each): use them at once, never keep them.  Values given as "markup"
 * are pango markup: escape data with pdf_esc.
 */
#ifndef RECO_REPORT_PDF_H
#define RECO_REPORT_PDF_H

#include "lib/i18n.h"

#include <cairo-pdf.h>
#include <jansson.h>
#include <pango/pangocairo.h>

#include "lib/reco.h"

#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN 46.0
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define FONT "DejaVu Sans"

struct doc {
	cairo_surface_t *surface;
	cairo_t *cr;
	double y;
	int page;
	int fr;
	const char *footer; /* report hash line, on every page */
};

/* The rendering thread speaks the document's language (report_render_pdf),
 * so T() is gettext; d->fr still picks number and date formats. */
static inline const char *tr(const struct doc *d, const char *s) __attribute__((format_arg(2)));
static inline const char *tr(const struct doc *d, const char *s)
{
	(void)d;
	return gettext(s);
}
#define T(s) tr(d, s)

/* --- pdf_layout.c: values and page layout -------------------------------- */

/* printf into a static rotating buffer set (for short-lived values). */
const char *pdf_fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
/* Escaped copy of s (NULL: "") for markup. */
const char *pdf_esc(const char *s);
/* o's string member key, NULL when absent or empty. */
const char *pdf_js(json_t *o, const char *key);
/* 1 and *v when o's member key is an integer, else 0. */
int pdf_ji(json_t *o, const char *key, long long *v);

/* "28/11/2026 18:01 UTC" / "2026-11-28 18:01 UTC" from RFC 3339. */
const char *pdf_date_h(const struct doc *d, const char *rfc);
/* Decimal size, as drive makers label them: "500 Go" / "500 GB". */
const char *pdf_size_h(const struct doc *d, long long bytes);
/* 995 → "99,5 %" / "99.5 %". */
const char *pdf_permille_h(const struct doc *d, long long pm);

void pdf_rgb(struct doc *d, unsigned hex);
/* Draws markup in a box of width w at (x, y); returns its height. */
double pdf_text(struct doc *d, double x, double y, double w, const char *font, unsigned color,
		PangoAlignment align, const char *markup);
/* Starts a new page when h more points do not fit on this one. */
void pdf_need(struct doc *d, double h);
/* A paragraph of markup across the page at d->y, on the next page when it
 * does not fit in what is left of this one; d->y moves past it. */
void pdf_para(struct doc *d, const char *font, const char *markup);
/* A section title with a rule under it. */
void pdf_section(struct doc *d, const char *title);
/* A label: value row (value is markup). */
void pdf_row(struct doc *d, const char *label, const char *value);
/* Two label/value pairs side by side (l2 NULL: only the first). */
void pdf_row2(struct doc *d, const char *l1, const char *v1, const char *l2, const char *v2);

/* Opens the A4 PDF out on page 1; 0, or -EIO with e set. */
int pdf_open(struct doc *d, const char *out, struct reco_err *e);
/* Draws the last footer, finishes and closes the document; 0 or -EIO. */
int pdf_close(struct doc *d, const char *out, struct reco_err *e);

/* --- the documents ----------------------------------------------------------- */

/* pdf_certificate.c: the erasure certificate of report rep (sha: its hash). */
void pdf_certificate(struct doc *d, json_t *rep, const char *sha);
/* pdf_diag.c: one row per diagnosed part, then what was not tested. */
void pdf_diag_block(struct doc *d, json_t *diag);
/* pdf_diag.c: the functions tested, two a row, and whether all were. */
void pdf_functions_block(struct doc *d, json_t *diag);
/* pdf_diag.c: the Repair Café diagnosis sheet. */
void pdf_repair_cafe(struct doc *d, json_t *rep, const char *sha);

#endif
