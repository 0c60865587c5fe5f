/*
 * pdf.c — the printable documents: the erasure certificate
 * (pdf_certificate.c) and the Repair Café diagnosis sheet (pdf_diag.c), A4
 * PDF with cairo + pango (pdf_layout.c), QR code with libqrencode (qr.c).
 *
 * Document strings are N_() msgids translated into the language asked for
 * (--lang), not the user's: the rendering thread speaks that language
 * (reco_lang_begin), so a French certificate can be printed from an English
 * session and words with a context (pgettext) work as anywhere else.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "lib/l10n.h"
#include "lib/sign.h"
#include "pdf.h"

int report_render_pdf(const unsigned char *bytes, size_t len, json_t *doc, const char *out_pdf,
		      enum render_kind kind, const char *lang, struct reco_err *e)
{
	struct doc dd = { 0 }, *d = &dd;
	char sha[65];
	reco_sha256_hex(bytes, len, sha);
	d->fr = !lang || strcmp(lang, "en") != 0;
	/* Speak the document's language, whatever the user's locale says
	 * ($LANGUAGE would override the thread's locale for gettext). */
	char *old_language = getenv("LANGUAGE") ? strdup(getenv("LANGUAGE")) : NULL;
	unsetenv("LANGUAGE");
	void *old_locale = reco_lang_begin(d->fr ? "fr" : "en");
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
	reco_lang_end(old_locale);
	if (old_language)
		setenv("LANGUAGE", old_language, 1);
	free(old_language);
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

