/*
 * weballoc.c — the registry's allocation pages: the list of allocations
 * (awaiting hand-over, handed over, returned, cancelled) with its filters
 * and the attestation of each; the form that allocates a ready machine
 * (webpick.c); one allocation with its hand-over, return and attestation.
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
#define PAGE 100

static const char *const alloc_states[] = { "allocated", "delivered", "returned", "cancelled", NULL };

static void attestation_link(struct web_req *q, const char *id, const char *lid)
{
	wbuf_printf(O, "<a%s%s%s href=\"/allocation/attestation.pdf?id=", lid ? " id=\"" : "", lid ? lid : "",
		    lid ? "\"" : "");
	wbuf_urlenc(O, id);
	wbuf_printf(O, "\">%s</a>", _("attestation (PDF)"));
}

/* Quick links to the three lists a coordinator opens most. */
static void tabs(struct web_req *q)
{
	wbuf_printf(O, "<p class=\"tabs\"><a id=\"tab-pending\" href=\"/allocations?state=allocated\">%s</a>"
		       "<a id=\"tab-delivered\" href=\"/allocations?state=delivered\">%s</a>"
		       "<a id=\"tab-returned\" href=\"/allocations?state=returned\">%s</a>"
		       "<a href=\"/allocations\">%s</a></p>",
		    _("Awaiting hand-over"), _("Handed over"), _("Returned"), _("All"));
}

void page_allocations(struct web_req *q)
{
	struct reg_allocation_filter f = { .state = web_arg(q, "state"), .programme = web_arg(q, "programme"),
					   .search = web_arg(q, "q"), .limit = PAGE };
	const char *bad = web_range_args(q, 0, &f.from, &f.to);
	if (*f.state && !reg_allocation_state_valid(f.state))
		f.state = "";
	struct reco_err e = { 0 };
	json_t *l = reg_allocations_list(q->reg, &f, &e);
	struct reg_allocation_filter any = { 0 };
	json_t *every = l ? reg_allocations_list(q->reg, &any, &e) : NULL;
	if (!every) {
		json_decref(l);
		web_error_page(q, 500, e.msg);
		return;
	}
	page_begin(q, _("Allocations"));
	tabs(q);
	wbuf_printf(O, "<form method=\"get\" action=\"/allocations\" class=\"filters\" id=\"allocation-filters\">"
		       "<label>%s <select name=\"state\" id=\"state\"><option value=\"\">%s</option>",
		    _("State"), _("all"));
	for (int i = 0; alloc_states[i]; i++)
		wbuf_printf(O, "<option value=\"%s\"%s>%s</option>", alloc_states[i],
			    !strcmp(f.state, alloc_states[i]) ? " selected" : "", reg_word_allocation_state(alloc_states[i]));
	wbuf_printf(O, "</select></label><label>%s <select name=\"programme\" id=\"programme\"><option value=\"\">%s</option>",
		    _("Programme"), _("all"));
	/* the programmes allocations were made under, each once */
	json_t *seen = json_object();
	size_t i;
	json_t *a;
	json_array_foreach(every, i, a) {
		const char *p = web_jstr(a, "programme");
		if (json_object_get(seen, p))
			continue;
		json_object_set_new(seen, p, json_true());
		wbuf_puts(O, "<option value=\"");
		wbuf_esc(O, p);
		wbuf_printf(O, "\"%s>", !strcmp(p, f.programme) ? " selected" : "");
		wbuf_esc(O, reg_programme_label(p));
		wbuf_puts(O, "</option>");
	}
	json_decref(seen);
	json_decref(every);
	wbuf_puts(O, "</select></label>");
	web_range_inputs(q, 0, _("Made from"), _("to"), f.from, f.to);
	wbuf_printf(O, "<label>%s <input name=\"q\" id=\"q\" value=\"", _("Search"));
	wbuf_esc(O, f.search);
	wbuf_printf(O, "\"></label><button id=\"filter\">%s</button></form>", _("Filter"));
	web_range_error(q, 0, bad);
	wbuf_printf(O, "<table id=\"allocations\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		       "<th>%s</th><th>%s</th><th></th></tr>",
		    _("Allocation"), _("Device"), _("Beneficiary"), _("Referrer"), _("Programme"), _("State"),
		    _("Allocated on"), _("Handed over on"));
	json_array_foreach(l, i, a) {
		const char *id = web_jstr(a, "id");
		wbuf_printf(O, "<tr class=\"allocation\" data-state=\"%s\"><td><a class=\"allocation-link\" href=\"/allocation?id=",
			    web_jstr(a, "state"));
		wbuf_urlenc(O, id);
		wbuf_puts(O, "\" title=\"");
		wbuf_esc(O, id);
		/* the start of a random id tells it apart; the whole is in the link */
		char head[16];
		snprintf(head, sizeof(head), "%.8s", id);
		wbuf_puts(O, "\">");
		wbuf_esc(O, head);
		wbuf_puts(O, "…</a></td><td>");
		web_device_link(q, web_jstr(a, "device_id"));
		wbuf_puts(O, "<br><span class=\"muted\">");
		wbuf_esc(O, web_jstr(a, "vendor"));
		wbuf_puts(O, " ");
		wbuf_esc(O, web_jstr(a, "product"));
		wbuf_puts(O, "</span></td>");
		web_cell(q, web_jstr(a, "beneficiary_ref"));
		web_cell(q, web_jstr(a, "referrer"));
		web_cell(q, reg_programme_label(web_jstr(a, "programme")));
		web_cell(q, reg_word_allocation_state(web_jstr(a, "state")));
		wbuf_puts(O, "<td>");
		web_date(q, web_jstr(a, "created"), 0);
		wbuf_puts(O, "</td><td>");
		web_date(q, web_jstr(a, "delivered"), 0);
		wbuf_puts(O, "</td><td>");
		attestation_link(q, id, NULL);
		wbuf_puts(O, "</td></tr>");
	}
	wbuf_puts(O, "</table>");
	if (!json_array_size(l))
		wbuf_printf(O, "<p id=\"no-allocation\">%s</p>", _("No allocation matches these filters."));
	else if (json_array_size(l) == PAGE)
		wbuf_printf(O, "<p>%s</p>", _("Only the 100 most recent are shown: narrow the filters."));
	json_decref(l);
	page_end(q);
}

void page_allocation(struct web_req *q)
{
	struct rdb_res *res = NULL;
	struct reco_err e = { 0 };
	if (rdb_q(q->reg->db, &res, &e,
		  "SELECT id, device_id, beneficiary_ref, programme, state, created, delivered, closed, report_sha256"
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
	const char *id = rdb_val(res, 0, 0), *state = rdb_val(res, 0, 4);
	wbuf_printf(O, "<table><tr><th>%s</th><td id=\"id\">", _("Allocation"));
	wbuf_esc(O, id);
	wbuf_printf(O, "</td></tr><tr><th>%s</th><td id=\"device_id\">", _("Device"));
	web_device_link(q, rdb_val(res, 0, 1));
	wbuf_printf(O, "</td></tr><tr><th>%s</th><td id=\"beneficiary_ref\">", _("Beneficiary"));
	wbuf_esc(O, rdb_val(res, 0, 2));
	wbuf_printf(O, "</td></tr><tr><th>%s</th><td id=\"programme\">", _("Programme"));
	wbuf_esc(O, reg_programme_label(rdb_val(res, 0, 3)));
	wbuf_printf(O, "</td></tr><tr><th>%s</th><td id=\"state\" data-state=\"", _("State"));
	wbuf_esc(O, state);
	wbuf_puts(O, "\">");
	wbuf_esc(O, reg_word_allocation_state(state));
	wbuf_printf(O, "</td></tr><tr><th>%s</th><td id=\"created\">", _("Allocated on"));
	web_date(q, rdb_val(res, 0, 5), 1);
	wbuf_printf(O, "</td></tr><tr><th>%s</th><td id=\"delivered\">", _("Handed over on"));
	web_date(q, rdb_val(res, 0, 6), 1);
	wbuf_printf(O, "</td></tr><tr><th>%s</th><td id=\"closed\">", !strcmp(state, "cancelled") ? _("Cancelled on")
										: _("Returned on"));
	web_date(q, rdb_val(res, 0, 7), 1);
	wbuf_printf(O, "</td></tr><tr><th>%s</th><td id=\"report_sha256\"><code>", _("Erasure report (SHA-256)"));
	wbuf_esc(O, rdb_val(res, 0, 8));
	wbuf_puts(O, "</code></td></tr></table><div class=\"actions\">");
	if (!strcmp(state, "allocated")) {
		wbuf_puts(O, "<form class=\"inline\" method=\"post\" action=\"/allocation/deliver\">");
		web_csrf_field(q);
		wbuf_puts(O, "<input type=\"hidden\" name=\"id\" value=\"");
		wbuf_esc(O, id);
		wbuf_printf(O, "\"><button id=\"deliver\">%s</button></form>", _("Mark handed over (signed receipt)"));
	}
	wbuf_puts(O, "<span>");
	attestation_link(q, id, "attestation");
	wbuf_printf(O, " (<a id=\"attestation-other\" href=\"/allocation/attestation.pdf?lang=%s&amp;id=",
		    strcmp(q->lang, "en") ? "en" : "fr");
	wbuf_urlenc(O, id);
	wbuf_printf(O, "\">%s</a>)</span></div>", strcmp(q->lang, "en") ? "English" : "français");
	if (!strcmp(state, "allocated") || !strcmp(state, "delivered")) {
		wbuf_printf(O, "<h2>%s</h2><form method=\"post\" action=\"/allocation/return\">",
			    !strcmp(state, "delivered") ? _("The machine comes back") : _("Cancel this allocation"));
		web_csrf_field(q);
		wbuf_puts(O, "<input type=\"hidden\" name=\"id\" value=\"");
		wbuf_esc(O, id);
		wbuf_puts(O, "\">");
		web_reason_fields(q, "return", 0);
		wbuf_printf(O, "<button id=\"return\">%s</button></form>",
			    !strcmp(state, "delivered") ? _("Record the return of the machine") : _("Cancel this allocation"));
	}
	rdb_res_free(res);
	page_end(q);
}

static void redirect_allocation(struct web_req *q, const char *id)
{
	struct wbuf u = { 0 };
	wbuf_puts(&u, "/allocation?id=");
	wbuf_urlenc(&u, id);
	web_redirect(q, u.data ? u.data : "/allocations");
	wbuf_free(&u);
}

void action_deliver(struct web_req *q)
{
	char id[128];
	web_field(q, "id", id, sizeof(id));
	char *dir = reco_asprintf("%s/receipts", q->reg->data_dir);
	mkdir(dir, 0700);
	struct reg_receipt_files f;
	struct reco_err e = { 0 };
	struct registry r = web_acting(q);
	int rc = reg_deliver(&r, id, dir, q->lang, &f, &e);
	free(dir);
	if (rc) {
		web_error_page(q, 422, e.msg);
		return;
	}
	redirect_allocation(q, id);
}

void action_return(struct web_req *q)
{
	struct web_reason_form f;
	web_read_reason_form(q, &f);
	struct reco_err e = { 0 };
	struct registry r = web_acting(q);
	if (reg_return(&r, f.id, *f.code ? f.code : NULL, *f.note ? f.note : NULL, &e)) {
		web_error_page(q, e.code == -ENOENT ? 404 : 422, e.msg);
		return;
	}
	redirect_allocation(q, f.id);
}

/* The attestation in the page's language, or the one ?lang= asks for. */
void page_attestation(struct web_req *q)
{
	char tmpl[] = "/tmp/reco-attestation.XXXXXX";
	if (!mkdtemp(tmpl)) {
		web_error_page(q, 500, strerror(errno));
		return;
	}
	const char *lang = web_arg(q, "lang");
	if (strcmp(lang, "fr") && strcmp(lang, "en"))
		lang = q->lang;
	char *path = reco_asprintf("%s/attestation.pdf", tmpl);
	struct reco_err e = { 0 };
	int rc = reg_attestation_pdf(q->reg, web_arg(q, "id"), path, lang, &e);
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
