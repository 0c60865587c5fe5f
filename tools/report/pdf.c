/*
 * pdf.c — the printable documents: the erasure certificate
 * (pdf_certificate.c) and the Repair Café diagnosis sheet (pdf_diag.c), A4
 * PDF with cairo + pango (pdf_layout.c), QR code with libqrencode (qr.c).
 *
 * Document strings are N_() msgids translated with the language asked for
 * (--lang), not the user's locale: a French certificate can be printed from
 * an English session.
 */
#include "report.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sign.h"
#include "pdf.h"

int report_render_pdf(const unsigned char *bytes, size_t len, json_t *doc, const char *out_pdf,
		      enum render_kind kind, const char *lang, struct reco_err *e)
{
	struct doc dd = { 0 }, *d = &dd;
	char sha[65];
	reco_sha256_hex(bytes, len, sha);
	d->fr = !lang || strcmp(lang, "en") != 0;
	/* Translate into the document's language, whatever the user's locale. */
	char *old_lang = getenv("LANGUAGE") ? strdup(getenv("LANGUAGE")) : NULL;
	char *old_msg = strdup(setlocale(LC_MESSAGES, NULL) ? setlocale(LC_MESSAGES, NULL) : "C");
	if (d->fr) {
		setenv("LANGUAGE", "fr", 1);
		if (!setlocale(LC_MESSAGES, "fr_FR.UTF-8"))
			setlocale(LC_MESSAGES, "C.UTF-8");
	}
	int rc = pdf_open(d, out_pdf, e);
	if (rc == 0) {
		char *foot = g_markup_printf_escaped("reco — %s — SHA-256 %s", pdf_js(doc, "report_id") ? pdf_js(doc, "report_id") : "", sha);
		d->footer = foot;
		cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE,
					       kind == RENDER_CERTIFICATE ? T(N_("Data erasure certificate"))
									  : T(N_("Your computer's check-up")));
		cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "reco-report");
		if (kind == RENDER_CERTIFICATE)
			pdf_certificate(d, doc, sha);
		else
			pdf_repair_cafe(d, doc, sha);
		rc = pdf_close(d, out_pdf, e);
		g_free(foot);
	}
	if (old_lang)
		setenv("LANGUAGE", old_lang, 1);
	else
		unsetenv("LANGUAGE");
	setlocale(LC_MESSAGES, old_msg);
	free(old_lang);
	free(old_msg);
	return rc;
}

void report_render_cleanup(void)
{
	/* Only what is safe to drop at any time: cairo_debug_reset_static_data()
	 * and FcFini() assert (abort) when a font face is still cached, which
	 * happens at random with pango's deferred releases.  fontconfig's own
	 * caches stay: run leak checkers with a fontconfig suppression. */
	pango_cairo_font_map_set_default(NULL);
}

