/*
 * receipt.c — delivering an allocation: the signed allocation receipt and
 * the PDF handover attestation.
 *
 * The receipt (schema reco-receipt/2) is canonical JSON signed like a
 * report: a raw 64-byte Ed25519 signature over its exact bytes, by the
 * registry's own key (regkey.c), so that anyone can check it with `openssl
 * pkeyutl -verify -rawin`.  It holds the random allocation id, the device
 * id, the report hash, the date, the programme and the signed checkpoint of
 * the event chain that includes this delivery (checkpoint.c), and nothing
 * personal: no name, contact, social status or free text (DESIGN.md).
 * The attestation PDF is for both parties to sign on paper; it names the
 * beneficiary only by its pseudonymous reference, and is written in the
 * language asked for (French unless told otherwise, whatever the locale of
 * the command or of the web page's reader), dates included.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <pango/pangocairo.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/l10n.h"
#include "lib/util.h"
#include "accept.h"
#include "registry.h"

int reg_receipt_verify(struct registry *r, const unsigned char *json, size_t len,
		       const unsigned char *sig, size_t siglen, struct reco_err *e)
{
	int rc = reg_verify(r, NULL, json, len, sig, siglen, e);
	return rc == -EBADMSG ? reco_err_set(e, rc, _("receipt signature does not verify")) : rc;
}

/* ---- the PDF attestation -------------------------------------------- */

static double text_at(cairo_t *cr, double x, double y, double width, const char *font,
		      const char *text)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, text, -1); /* plain text: never markup */
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	int w, h;
	pango_layout_get_size(l, &w, &h);
	pango_font_description_free(fd);
	g_object_unref(l);
	return y + (double)h / PANGO_SCALE;
}

static int attestation(struct registry *r, const char *allocation, const char *path, struct reco_err *e);

int reg_attestation_pdf(struct registry *r, const char *allocation, const char *path, const char *lang,
			struct reco_err *e)
{
	void *old = reco_lang_begin(lang && !strcmp(lang, "en") ? "en" : "fr");
	int rc = attestation(r, allocation, path, e);
	reco_lang_end(old);
	return rc;
}

static int attestation(struct registry *r, const char *allocation, const char *path, struct reco_err *e)
{
	struct rdb_res *res = NULL;
	int rc = rdb_q(r->db, &res, e,
		       "SELECT a.id, a.device_id, a.beneficiary_ref, a.report_sha256, a.programme,"
		       " a.created, a.delivered, d.vendor, d.product, d.serial, d.grade"
		       " FROM allocations a JOIN devices d ON d.id = a.device_id WHERE a.id = ?",
		       allocation);
	if (rc)
		return rc;
	if (!res->nrows) {
		rdb_res_free(res);
		return reco_err_set(e, -ENOENT, _("%s: no such allocation"), allocation);
	}
#define V(c) (rdb_get(res, 0, c) ? rdb_get(res, 0, c) : "—")
	char *tmp = reco_asprintf("%s.tmp%d", path, (int)getpid());
	cairo_surface_t *s = cairo_pdf_surface_create(tmp, 595.0, 842.0);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0, 0, 0);
	double y = text_at(cr, 56, 56, 483, "Sans Bold 18", _("Computer handover attestation"));
	y = text_at(cr, 56, y + 6, 483, "Sans 10",
		    _("Solidarity computer programme — this document contains no personal data."));
	char now[32], date[48];
	reg_now(now);
	reco_fmt_rfc3339(NULL, rdb_get(res, 0, "delivered") ? rdb_get(res, 0, "delivered") : now, 0, date,
			 sizeof(date));
	char *body = reco_asprintf(
		"%s %s\n%s %s\n%s %s\n%s %s %s\n%s %s\n%s %s\n%s %s\n%s %s\n%s %s",
		_("Allocation:"), V("id"), _("Date:"), date, _("Programme:"), reg_programme_label(V("programme")),
		_("Computer:"), V("vendor"), V("product"), _("Serial number:"), V("serial"),
		pgettext("attestation", "Device id:"), V("device_id"), _("Grade:"), V("grade"),
		_("Erasure report (SHA-256):"), V("report_sha256"),
		_("Beneficiary reference:"), V("beneficiary_ref"));
	y = text_at(cr, 56, y + 24, 483, "Sans 11", body);
	free(body);
	int accepted_disks = 0;
	char *exc = NULL;
	rc = reg_handover_exceptions(r, V("device_id"), rdb_get(res, 0, "report_sha256"), &exc, &accepted_disks, e);
	if (rc) {
		cairo_destroy(cr);
		cairo_surface_destroy(s);
		unlink(tmp);
		free(tmp);
		rdb_res_free(res);
		return rc;
	}
	/* never "every disk erased" when a coordinator accepted one that was not */
	y = text_at(cr, 56, y + 20, 483, "Sans 11",
		    accepted_disks
			    ? _("The computer described above, whose disks were erased and verified as shown by "
				"the signed report named above except the disks listed below, is handed over free "
				"of charge to the beneficiary household. The beneficiary acknowledges receiving it "
				"in working order, with its power supply.")
			    : _("The computer described above, whose disks were erased and verified as shown by "
				"the signed report named above, is handed over free of charge to the beneficiary "
				"household. The beneficiary acknowledges receiving it in working order, with its "
				"power supply."));
	if (*exc)
		y = text_at(cr, 56, y + 10, 483, "Sans Bold 10", exc);
	free(exc);
	double top = y + 40;
	cairo_set_line_width(cr, 0.8);
	cairo_rectangle(cr, 56, top, 230, 150);
	cairo_rectangle(cr, 309, top, 230, 150);
	cairo_stroke(cr);
	text_at(cr, 64, top + 8, 214, "Sans Bold 10", _("For the association"));
	text_at(cr, 317, top + 8, 214, "Sans Bold 10", _("For the beneficiary"));
	text_at(cr, 64, top + 26, 214, "Sans 9", _("Name, date and signature"));
	text_at(cr, 317, top + 26, 214, "Sans 9", _("Name, date and signature"));
	text_at(cr, 56, 780, 483, "Sans 8",
		_("The signed allocation receipt (reco-receipt/2) bearing the same allocation number "
		  "can be checked with the registry's public key."));
#undef V
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_status_t cs = cairo_surface_status(s);
	cairo_surface_destroy(s);
	rdb_res_free(res);
	if (cs != CAIRO_STATUS_SUCCESS) {
		unlink(tmp);
		free(tmp);
		return reco_err_set(e, -EIO, "%s: %s", path, cairo_status_to_string(cs));
	}
	if (rename(tmp, path) < 0) {
		rc = reco_err_set(e, -errno, "%s: %s", path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

void reg_pdf_cleanup(void)
{
	/* Only the font map: cairo_debug_reset_static_data() and FcFini()
	 * assert when pango's background fontconfig thread still holds a
	 * font, which happens now and then (pango >= 1.48). */
	pango_cairo_font_map_set_default(NULL);
}

int reg_deliver(struct registry *r, const char *allocation, const char *out_dir, const char *lang,
		struct reg_receipt_files *files, struct reco_err *e)
{
	char aid[64], now[32], keyhash[65];
	int rc = reg_allocation_resolve(r, allocation, aid, sizeof(aid), e);
	if (rc)
		return rc;
	reg_now(now);
	rc = rdb_begin_exclusive(r->db, e);
	if (rc)
		return rc;
	struct rdb_res *res = NULL;
	struct reg_checkpoint cp = { 0 };
	char *canon = NULL;
	rc = rdb_q(r->db, &res, e,
		   "SELECT device_id, report_sha256, programme, state, beneficiary_ref FROM allocations"
		   " WHERE id = ?", aid);
	if (rc)
		goto fail;
	if (strcmp(rdb_val(res, 0, 3), "allocated")) {
		rc = reco_err_set(e, -EPERM, _("%s: already delivered"), aid);
		goto fail;
	}
	char dev[256], ben[128] = "";
	snprintf(dev, sizeof(dev), "%s", rdb_val(res, 0, 0));
	if (rdb_val(res, 0, 4))
		snprintf(ben, sizeof(ben), "%s", rdb_val(res, 0, 4));
	/* the delivery event, then the checkpoint that covers it, in the receipt */
	rc = reg_transition_locked(r, dev, "delivered", aid, e);
	if (!rc)
		rc = reg_checkpoint_locked(r, e);
	if (!rc)
		rc = reg_checkpoint_get(r, 0, &cp, e);
	if (rc)
		goto fail;
	json_t *rec = json_object();
	json_object_set_new(rec, "schema", json_string("reco-receipt/2"));
	json_object_set_new(rec, "allocation_id", json_string(aid));
	json_object_set_new(rec, "device_id", json_string(dev));
	json_object_set_new(rec, "report_sha256", json_string(rdb_val(res, 0, 1)));
	json_object_set_new(rec, "programme", json_string(rdb_val(res, 0, 2)));
	json_object_set_new(rec, "date", json_string(now));
	json_object_set_new(rec, "registry_key_sha256", json_string(cp.key_sha256));
	json_object_set_new(rec, "checkpoint", reg_checkpoint_envelope(&cp));
	canon = reco_json_canonical(rec);
	json_decref(rec);
	rdb_res_free(res);
	res = NULL;
	unsigned char sig[64];
	char sig64[89];
	if (!canon) {
		rc = reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
		goto fail;
	}
	rc = reg_sign(r, canon, strlen(canon), sig, keyhash, e);
	if (rc)
		goto fail;
	EVP_EncodeBlock((unsigned char *)sig64, sig, 64);
	rc = rdb_q(r->db, NULL, e,
		   "UPDATE allocations SET state = 'delivered', delivered = ?, receipt = ?,"
		   " receipt_sig = ? WHERE id = ?", now, canon, sig64, aid);
	if (!rc && *ben)
		rc = rdb_q(r->db, NULL, e, "UPDATE beneficiaries SET last_activity = ? WHERE ref = ?", now, ben);
	if (rc)
		goto fail;
	snprintf(files->json, sizeof(files->json), "%s/receipt-%s.json", out_dir, aid);
	snprintf(files->sig, sizeof(files->sig), "%s/receipt-%s.json.sig", out_dir, aid);
	snprintf(files->pdf, sizeof(files->pdf), "%s/attestation-%s.pdf", out_dir, aid);
	rc = reco_write_file_atomic(files->json, canon, strlen(canon), 0644);
	if (!rc)
		rc = reco_write_file_atomic(files->sig, sig, 64, 0644);
	if (rc) {
		reco_err_set(e, rc, "%s: %s", out_dir, strerror(-rc));
		goto fail;
	}
	rc = reg_commit(r, e);
	if (!rc)
		rc = reg_attestation_pdf(r, aid, files->pdf, lang, e);
	free(canon);
	reg_checkpoint_release(&cp);
	return rc;
fail:
	rdb_res_free(res);
	rdb_rollback(r->db);
	free(canon);
	reg_checkpoint_release(&cp);
	return rc;
}
