/*
 * weballoc.c — the registry's allocation pages: the form that allocates a
 * machine, one allocation with its hand-over, return and attestation.
 * Every value goes through wbuf_esc() or wbuf_urlenc(), as in webpages.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/util.h"
#include "webint.h"

#define O (&q->out)

void page_allocate(struct web_req *q, const char *error)
{
	const char *dev = web_arg(q, "device");
	char devbuf[256];
	if (!*dev && q->body)
		dev = web_field(q, "device", devbuf, sizeof(devbuf));
	struct reco_err e = { 0 };
	json_t *l = reg_beneficiary_list(q->reg, 0, &e);
	if (!l) {
		web_error_page(q, 500, e.msg);
		return;
	}
	page_begin(q, _("Allocate a machine"));
	if (error) {
		wbuf_puts(O, "<p class=\"error\" id=\"error\">");
		wbuf_esc(O, error);
		wbuf_puts(O, "</p>");
	}
	wbuf_puts(O, "<form method=\"post\" action=\"/allocate\" id=\"allocate-form\">");
	web_csrf_field(q);
	wbuf_printf(O, "<p><label>%s <input name=\"device\" id=\"device\" value=\"", _("Device"));
	wbuf_esc(O, dev);
	wbuf_printf(O, "\"></label></p><p><label>%s <select name=\"beneficiary\" id=\"beneficiary\">", _("Beneficiary"));
	size_t i;
	json_t *b;
	json_array_foreach(l, i, b) {
		if (json_object_get(b, "purged"))
			continue;
		wbuf_puts(O, "<option value=\"");
		wbuf_esc(O, web_jstr(b, "ref"));
		wbuf_puts(O, "\">");
		wbuf_esc(O, web_jstr(b, "ref"));
		wbuf_puts(O, "</option>");
	}
	json_decref(l);
	wbuf_printf(O, "</select></label></p><p><label>%s <input name=\"programme\" id=\"programme\"></label></p>"
		       "<p><button id=\"do-allocate\">%s</button></p></form>", _("Programme"), _("Allocate"));
	page_end(q);
}

void action_allocate(struct web_req *q)
{
	char dev[256], ben[128], prog[128], id[64];
	web_field(q, "device", dev, sizeof(dev));
	web_field(q, "beneficiary", ben, sizeof(ben));
	web_field(q, "programme", prog, sizeof(prog));
	struct reco_err e = { 0 };
	struct registry r = *q->reg;
	r.actor = q->user;
	int rc = reg_allocate(&r, dev, ben, prog, id, sizeof(id), &e);
	if (rc) {
		page_allocate(q, e.msg);
		q->status = 422;
		return;
	}
	char to[128];
	snprintf(to, sizeof(to), "/allocation?id=%s", id);
	web_redirect(q, to);
}

void page_allocation(struct web_req *q)
{
	struct rdb_res *res = NULL;
	struct reco_err e = { 0 };
	if (rdb_q(q->reg->db, &res, &e,
		  "SELECT id, device_id, beneficiary_ref, programme, state, created, delivered, report_sha256"
		  " FROM allocations WHERE id = ?", web_arg(q, "id"))) {
		web_error_page(q, 500, e.msg);
		return;
	}
	if (!res->nrows) {
		rdb_res_free(res);
		web_error_page(q, 404, _("No such allocation."));
		return;
	}
	page_begin(q, _("Allocation"));
	static const char *const cols[] = { "id", "device_id", "beneficiary_ref", "programme", "state",
					    "created", "delivered", "report_sha256" };
	const char *labels[] = { _("Allocation"), _("Device"), _("Beneficiary"), _("Programme"), _("State"),
				 _("Allocated on"), _("Delivered on"), _("Erasure report (SHA-256)") };
	wbuf_puts(O, "<table>");
	for (int i = 0; i < 8; i++) {
		wbuf_printf(O, "<tr><th>%s</th><td id=\"%s\">", labels[i], cols[i]);
		wbuf_esc(O, rdb_val(res, 0, i));
		wbuf_puts(O, "</td></tr>");
	}
	wbuf_puts(O, "</table>");
	const char *id = rdb_val(res, 0, 0);
	if (!strcmp(rdb_val(res, 0, 4), "allocated")) {
		wbuf_puts(O, "<form method=\"post\" action=\"/allocation/deliver\">");
		web_csrf_field(q);
		wbuf_puts(O, "<input type=\"hidden\" name=\"id\" value=\"");
		wbuf_esc(O, id);
		wbuf_printf(O, "\"><button id=\"deliver\">%s</button></form>", _("Mark handed over (signed receipt)"));
	}
	if (!strcmp(rdb_val(res, 0, 4), "allocated") || !strcmp(rdb_val(res, 0, 4), "delivered")) {
		wbuf_puts(O, "<form method=\"post\" action=\"/allocation/return\">");
		web_csrf_field(q);
		wbuf_puts(O, "<input type=\"hidden\" name=\"id\" value=\"");
		wbuf_esc(O, id);
		wbuf_puts(O, "\">");
		web_reason_fields(q, "return", 0);
		wbuf_printf(O, "<button id=\"return\">%s</button></form>",
			    !strcmp(rdb_val(res, 0, 4), "delivered") ? _("Record the return of the machine")
								       : _("Cancel this allocation"));
	}
	wbuf_puts(O, "<p><a id=\"attestation\" href=\"/allocation/attestation.pdf?id=");
	wbuf_urlenc(O, id);
	wbuf_printf(O, "\">%s</a></p>", _("Handover attestation (PDF)"));
	rdb_res_free(res);
	page_end(q);
}

void action_deliver(struct web_req *q)
{
	char id[128];
	web_field(q, "id", id, sizeof(id));
	char *dir = reco_asprintf("%s/receipts", q->reg->data_dir);
	mkdir(dir, 0700);
	struct reg_receipt_files f;
	struct reco_err e = { 0 };
	struct registry r = *q->reg;
	r.actor = q->user;
	int rc = reg_deliver(&r, id, dir, q->lang, &f, &e);
	free(dir);
	if (rc) {
		web_error_page(q, 422, e.msg);
		return;
	}
	char to[200];
	snprintf(to, sizeof(to), "/allocation?id=%s", id);
	web_redirect(q, to);
}

void action_return(struct web_req *q)
{
	char id[128], code[32], note[2048];
	web_field(q, "id", id, sizeof(id));
	web_field(q, "reason", code, sizeof(code));
	web_field(q, "note", note, sizeof(note));
	struct reco_err e = { 0 };
	struct registry r = *q->reg;
	r.actor = q->user;
	if (reg_return(&r, id, *code ? code : NULL, *note ? note : NULL, &e)) {
		web_error_page(q, e.code == -ENOENT ? 404 : 422, e.msg);
		return;
	}
	char to[200];
	snprintf(to, sizeof(to), "/allocation?id=%s", id);
	web_redirect(q, to);
}

void page_attestation(struct web_req *q)
{
	char tmpl[] = "/tmp/reco-attestation.XXXXXX";
	if (!mkdtemp(tmpl)) {
		web_error_page(q, 500, strerror(errno));
		return;
	}
	char *path = reco_asprintf("%s/attestation.pdf", tmpl);
	struct reco_err e = { 0 };
	int rc = reg_attestation_pdf(q->reg, web_arg(q, "id"), path, q->lang, &e);
	if (!rc) {
		size_t len = 0;
		rc = reg_read_file(path, 16u << 20, &q->blob, &len);
		q->blob_len = len;
	}
	unlink(path);
	rmdir(tmpl);
	free(path);
	if (rc) {
		web_error_page(q, rc == -ENOENT ? 404 : 500, e.msg[0] ? e.msg : strerror(-rc));
		return;
	}
	q->ctype = "application/pdf";
	snprintf(q->disposition, sizeof(q->disposition), "attachment; filename=\"attestation.pdf\"");
}
