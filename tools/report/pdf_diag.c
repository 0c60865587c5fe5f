/*
 * pdf_diag.c — the diagnosis in the printable documents (pdf.h): the rows of
 * the certificate's "Diagnostics" section and the Repair Café diagnosis
 * sheet.  Part names and texts come from reco diag's tables (diag/diag.h),
 * rendered from the codes and values of diag.json in the document's
 * language; what was not tested is always said.
 */
#include "pdf.h"

#include <stdlib.h>
#include <string.h>

#include "diag/diag.h"
#include "report.h"

static const char *verdict_h(const char *v)
{
	static const struct { const char *v, *color; } c[] = {
		{ "PASS", "#1a7f37" }, { "WARN", "#e65100" }, { "FAIL", "#c62828" }, { "NOT_TESTED", "#6a1b9a" } };
	for (size_t i = 0; v && i < sizeof(c) / sizeof(c[0]); i++)
		if (strcmp(v, c[i].v) == 0)
			return pdf_fmt("<span foreground=\"%s\" weight=\"bold\">%s</span>", c[i].color, diag_words(v, 1));
	return pdf_esc(v ? diag_words(v, 1) : "—");
}

/* Part names and diagnostic texts come from reco diag's tables, rendered
 * from the codes and values of diag.json in the document's language. */
static const char *part_h(const char *p)
{
	return diag_title(p, 1);
}

static const char *diag_text(json_t *p, int action)
{
	char *s = action ? diag_json_action(p, 1) : diag_json_reason(p, 1);
	const char *r = s ? pdf_fmt("%s", s) : NULL;
	free(s);
	return r;
}

/* "Diagnosis incomplete..." in colour, or that every part was tested. */
static void diag_coverage(struct doc *d, json_t *diag, const char *font)
{
	char *cap = diag_json_cap_text(diag, 1);
	const char *msg;
	if (cap)
		msg = pdf_fmt("<span foreground=\"#6a1b9a\" weight=\"bold\">%s</span>", pdf_esc(cap));
	else if (diag_json_every_part_tested(diag))
		msg = pdf_esc(T(N_("Every part of this computer was tested.")));
	else /* a diagnosis that does not say it is complete, or lacks parts */
		msg = pdf_fmt("<span foreground=\"#6a1b9a\" weight=\"bold\">%s</span>",
			      pdf_esc(T(N_("Diagnosis incomplete: not every part of this computer was tested (see below)."))));
	free(cap);
	pdf_para(d, font, msg);
}

void pdf_diag_block(struct doc *d, json_t *diag)
{
	json_t *parts = json_object_get(diag, "parts");
	size_t i;
	json_t *p;
	json_array_foreach(parts, i, p) {
		const char *id = pdf_js(p, "id");
		if (id && pdf_js(p, "part") && strcmp(id, pdf_js(p, "part")) == 0)
			id = NULL;
		const char *label = pdf_fmt("%s%s%s", part_h(pdf_js(p, "part")), id ? " " : "", id ? id : "");
		const char *reason = diag_text(p, 0);
		pdf_row(d, label, pdf_fmt("%s%s%s", verdict_h(pdf_js(p, "verdict")), reason ? " — " : "",
				  reason ? pdf_esc(reason) : ""));
	}
	diag_coverage(d, diag, FONT " 8.5");
}

/* "Fonctions testées": every kind of part with its verdict, two a row,
 * then whether the computer was tested on all its functions (diag
 * summary.c: only when true; otherwise what was not). */
void pdf_functions_block(struct doc *d, json_t *diag)
{
	json_t *fs = diag_json_functions(diag);
	size_t n = json_array_size(fs);
	for (size_t i = 0; i < n; i += 2) {
		json_t *a = json_array_get(fs, i), *b = i + 1 < n ? json_array_get(fs, i + 1) : NULL;
		pdf_row2(d, part_h(pdf_js(a, "part")), verdict_h(pdf_js(a, "verdict")),
			 b ? part_h(pdf_js(b, "part")) : "", b ? verdict_h(pdf_js(b, "verdict")) : "");
	}
	json_decref(fs);
	char *s = diag_json_functions_text(diag, 1);
	int all = diag_json_all_functions(diag);
	const char *msg = pdf_fmt("<span foreground=\"%s\" weight=\"bold\">%s</span>", all ? "#1a7f37" : "#6a1b9a",
				  pdf_esc(s ? s : ""));
	free(s);
	pdf_para(d, FONT " 8.5", msg);
}

/* What the sheet may say about what the session did to the computer:
 * "nothing was changed" only when the report shows a strictly read-only
 * session — the Repair Café diagnosis profile and no wipe at all. */
static const char *session_claim(struct doc *d, json_t *rep)
{
	const char *profile = pdf_js(json_object_get(rep, "diag"), "profile");
	if (json_object_get(rep, "wipe"))
		return T(N_("Repair Café — a wipe of this computer's disks was run during this session: see its erasure certificate."));
	if (profile && strcmp(profile, "repair-cafe") == 0)
		return T(N_("Repair Café — this check-up only read your computer: nothing was changed or erased."));
	return T(N_("Repair Café — a check-up of your computer (not the strictly read-only one: disk self-tests may have run)."));
}

/* The computer by its name, else its serial number, else its id. */
static const char *computer_name(struct doc *d, json_t *dev)
{
	const char *v = pdf_js(dev, "vendor"), *p = pdf_js(dev, "product");
	if ((v && *v) || (p && *p))
		return pdf_fmt("%s%s%s", v ? v : "", v && *v && p && *p ? " " : "", p ? p : "");
	if (pdf_js(dev, "serial") && *pdf_js(dev, "serial"))
		return pdf_fmt(T(N_("serial number %s")), pdf_js(dev, "serial"));
	return pdf_js(dev, "id") ? pdf_js(dev, "id") : T(N_("unknown"));
}

void pdf_repair_cafe(struct doc *d, json_t *rep, const char *sha)
{
	json_t *dev = json_object_get(rep, "device");
	json_t *diag = json_object_get(rep, "diag");
	pdf_rgb(d, 0x2e7d32);
	cairo_rectangle(d->cr, 0, 0, PAGE_W, 6);
	cairo_fill(d->cr);
	double h = pdf_text(d, MARGIN, d->y, CONTENT_W - 90, FONT " Bold 23", 0x2e7d32, PANGO_ALIGN_LEFT,
			pdf_esc(T(N_("Your computer's check-up"))));
	d->y += h + 2;
	h = pdf_text(d, MARGIN, d->y, CONTENT_W - 90, FONT " 11", 0x444444, PANGO_ALIGN_LEFT,
		 pdf_esc(session_claim(d, rep)));
	d->y += h + 6;
	report_draw_qr(d->cr, PAGE_W - MARGIN - 76, MARGIN - 6, 76, pdf_fmt("reco:%s:%s", pdf_js(dev, "id") ? pdf_js(dev, "id") : "", sha));
	if (d->y < MARGIN + 80)
		d->y = MARGIN + 80;
	pdf_row2(d, T(N_("Computer")), pdf_esc(computer_name(d, dev)),
	     T(N_("Date")), pdf_esc(pdf_date_h(d, pdf_js(rep, "created"))));
	const char *grade = pdf_js(diag, "grade");
	if (grade) {
		static const struct { const char *g, *txt; unsigned color; } grades[] = {
			{ "A", N_("A — in very good shape"), 0x1a7f37 },
			{ "B", N_("B — good, a few points to watch"), 0x558b2f },
			{ "C", N_("C — usable, some repairs advised"), 0xe65100 },
			{ "D", N_("D — needs repair before regular use"), 0xc62828 },
		};
		for (size_t i = 0; i < 4; i++)
			if (strcmp(grade, grades[i].g) == 0) {
				d->y += 6;
				h = pdf_text(d, MARGIN, d->y, CONTENT_W, FONT " Bold 16", grades[i].color,
					 PANGO_ALIGN_LEFT, pdf_esc(T(grades[i].txt)));
				d->y += h + 4;
			}
		diag_coverage(d, diag, FONT " 11");
	}
	pdf_section(d, T(N_("What we checked")));
	json_t *parts = json_object_get(diag, "parts");
	size_t i;
	json_t *p;
	if (!json_is_array(parts) || json_array_size(parts) == 0) {
		pdf_text(d, MARGIN, d->y, CONTENT_W, FONT " Italic 10", 0x555555, PANGO_ALIGN_LEFT,
		     pdf_esc(T(N_("No diagnostic was run."))));
		d->y += 14;
	}
	json_array_foreach(parts, i, p) {
		const char *id = pdf_js(p, "id");
		if (id && pdf_js(p, "part") && strcmp(id, pdf_js(p, "part")) == 0)
			id = NULL;
		pdf_need(d, 40);
		h = pdf_text(d, MARGIN, d->y, CONTENT_W, FONT " 12", 0x111111, PANGO_ALIGN_LEFT,
			 pdf_fmt(T(N_("%s: %s")), pdf_fmt("<b>%s%s%s</b>", pdf_esc(part_h(pdf_js(p, "part"))), id ? " " : "",
			     id ? pdf_esc(id) : ""), verdict_h(pdf_js(p, "verdict"))));
		d->y += h + 1;
		const char *reason = diag_text(p, 0), *action = diag_text(p, 1);
		if (reason) {
			h = pdf_text(d, MARGIN + 14, d->y, CONTENT_W - 14, FONT " 11", 0x333333, PANGO_ALIGN_LEFT, pdf_esc(reason));
			d->y += h + 1;
		}
		if (action && pdf_js(p, "verdict") && strcmp(pdf_js(p, "verdict"), "PASS") && strcmp(pdf_js(p, "verdict"), "ABSENT")) {
			h = pdf_text(d, MARGIN + 14, d->y, CONTENT_W - 14, FONT " 11", 0x1f4e79, PANGO_ALIGN_LEFT,
				 pdf_fmt("→ %s", pdf_esc(action)));
			d->y += h + 1;
		}
		d->y += 6;
	}
	pdf_section(d, T(N_("Good to know")));
	h = pdf_text(d, MARGIN, d->y, CONTENT_W, FONT " 10", 0x333333, PANGO_ALIGN_LEFT,
		 pdf_esc(T(N_("Back up your documents and photos regularly on another medium. Ask a volunteer before buying a replacement part: many repairs are simple and cheap."))));
	d->y += h + 4;
}

