/*
 * webdevice.c — the registry's device pages: the list with its filters, one
 * device (identity, identity conflicts, reports with their verification,
 * disks, diagnostics, allocations, history), its erasure certificate, and
 * the actions taken from it (mark ready, recycle, decide a conflict).
 * Notes (free text, notes.c) are shown to coordinators only; the history
 * shows reason codes by their label.
 * Every value goes through wbuf_esc() or wbuf_urlenc(), as in webpages.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/util.h"
#include "accept.h"
#include "webint.h"

#define O (&q->out)

void page_devices(struct web_req *q)
{
	struct reg_device_filter f = { .state = web_arg(q, "state"), .grade = web_arg(q, "grade"),
				       .search = web_arg(q, "q"), .limit = 50 };
	int page = atoi(web_arg(q, "page"));
	if (page < 0 || page > 100000)
		page = 0;
	f.offset = page * 50;
	if (*f.state && !reg_state_valid(f.state))
		f.state = "";
	struct reco_err e = { 0 };
	json_t *l = reg_devices_list(q->reg, &f, &e);
	if (!l) {
		web_error_page(q, 500, e.msg);
		return;
	}
	page_begin(q, _("Devices"));
	wbuf_printf(O, "<form method=\"get\" action=\"/devices\"><label>%s <select name=\"state\" id=\"state\">"
		       "<option value=\"\">%s</option>", _("State"), _("all"));
	for (int i = 0; reg_states[i]; i++)
		wbuf_printf(O, "<option value=\"%s\"%s>%s</option>", reg_states[i],
			    !strcmp(f.state, reg_states[i]) ? " selected" : "", web_state_label(reg_states[i]));
	wbuf_printf(O, "</select></label><label>%s <input name=\"grade\" size=\"2\" value=\"", _("Grade"));
	wbuf_esc(O, f.grade);
	wbuf_printf(O, "\"></label><label>%s <input name=\"q\" id=\"q\" value=\"", _("Search"));
	wbuf_esc(O, f.search);
	wbuf_printf(O, "\"></label><button id=\"filter\">%s</button></form>", _("Filter"));
	wbuf_printf(O, "<table id=\"devices\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
		    _("Device"), _("Model"), _("Serial number"), _("State"), _("Grade"), _("Updated"));
	size_t i;
	json_t *d;
	json_array_foreach(l, i, d) {
		wbuf_puts(O, "<tr><td><a class=\"device\" href=\"/device?id=");
		wbuf_urlenc(O, web_jstr(d, "id"));
		wbuf_puts(O, "\">");
		wbuf_esc(O, web_jstr(d, "id"));
		wbuf_puts(O, "</a></td><td>");
		wbuf_esc(O, web_jstr(d, "vendor"));
		wbuf_puts(O, " ");
		wbuf_esc(O, web_jstr(d, "product"));
		wbuf_puts(O, "</td><td>");
		wbuf_esc(O, web_jstr(d, "serial"));
		wbuf_puts(O, "</td><td>");
		wbuf_esc(O, web_state_label(web_jstr(d, "state")));
		wbuf_puts(O, "</td><td>");
		wbuf_esc(O, web_jstr(d, "grade"));
		wbuf_puts(O, "</td><td>");
		wbuf_esc(O, web_jstr(d, "updated"));
		wbuf_puts(O, "</td></tr>");
	}
	wbuf_puts(O, "</table><p>");
	if (page > 0) {
		wbuf_printf(O, "<a href=\"/devices?page=%d&amp;state=", page - 1);
		wbuf_urlenc(O, f.state);
		wbuf_puts(O, "&amp;grade=");
		wbuf_urlenc(O, f.grade);
		wbuf_puts(O, "&amp;q=");
		wbuf_urlenc(O, f.search);
		wbuf_printf(O, "\">%s</a> ", _("previous"));
	}
	if (json_array_size(l) == 50) {
		wbuf_printf(O, "<a href=\"/devices?page=%d&amp;state=", page + 1);
		wbuf_urlenc(O, f.state);
		wbuf_puts(O, "&amp;grade=");
		wbuf_urlenc(O, f.grade);
		wbuf_puts(O, "&amp;q=");
		wbuf_urlenc(O, f.search);
		wbuf_printf(O, "\">%s</a>", _("next"));
	}
	wbuf_puts(O, "</p>");
	json_decref(l);
	page_end(q);
}

/* Open identity conflicts of a device, with the coordinator's decision. */
static void conflicts_box(struct web_req *q, json_t *d)
{
	size_t i;
	json_t *c;
	json_array_foreach(json_object_get(d, "identity_conflicts"), i, c) {
		if (json_object_get(c, "decision"))
			continue;
		wbuf_printf(O, "<div class=\"conflict\" id=\"conflict\"><p class=\"bad\">%s</p><ul>",
			    _("Identity conflict: a signed report contradicts this machine's identity. "
			      "It moves nothing until a coordinator decides."));
		const char *f;
		json_t *v;
		json_object_foreach(json_object_get(c, "diff"), f, v) {
			wbuf_puts(O, "<li>");
			wbuf_esc(O, f);
			wbuf_printf(O, " — %s ", _("registry:"));
			wbuf_esc(O, web_jstr(v, "registry"));
			wbuf_printf(O, " — %s ", _("report:"));
			wbuf_esc(O, web_jstr(v, "report"));
			wbuf_puts(O, "</li>");
		}
		wbuf_printf(O, "</ul><p>%s ", _("Report"));
		wbuf_esc(O, web_jstr(c, "report_sha256"));
		wbuf_puts(O, "</p>");
		if (q->role >= ROLE_COORDINATOR) {
			wbuf_puts(O, "<form method=\"post\" action=\"/device/conflict\">");
			web_csrf_field(q);
			wbuf_puts(O, "<input type=\"hidden\" name=\"report\" value=\"");
			wbuf_esc(O, web_jstr(c, "report_sha256"));
			wbuf_printf(O, "\"><button name=\"decision\" value=\"accept\" id=\"conflict-accept\">%s</button> "
				       "<button name=\"decision\" value=\"reject\" id=\"conflict-reject\">%s</button></form>",
				    _("This report is about this machine (accept)"),
				    _("This report is not about this machine (reject)"));
		}
		wbuf_puts(O, "</div>");
	}
}

/* An event's detail for people: a reason code becomes its label. */
static const char *detail_text(json_t *ev, char *buf, size_t size)
{
	const char *d = web_jstr(ev, "detail"), *r = strstr(d, "reason=");
	if (!r)
		return d;
	snprintf(buf, size, "%.*s%s", (int)(r - d), d, reg_reason_label(r + 7));
	return buf;
}

void page_device(struct web_req *q)
{
	struct reco_err e = { 0 };
	const char *id = web_arg(q, "id");
	json_t *d = reg_device_show(q->reg, id, &e);
	if (!d) {
		web_error_page(q, e.code == -ENOENT ? 404 : 500, e.msg);
		return;
	}
	page_begin(q, _("Device"));
	wbuf_puts(O, "<table><tr><th>");
	wbuf_printf(O, "%s</th><td id=\"device-id\">", _("Device"));
	wbuf_esc(O, web_jstr(d, "id"));
	wbuf_printf(O, "</td></tr><tr><th>%s</th>", _("Model"));
	char model[600];
	snprintf(model, sizeof(model), "%s %s", web_jstr(d, "vendor"), web_jstr(d, "product"));
	web_cell(q, model);
	wbuf_printf(O, "</tr><tr><th>%s</th>", _("Serial number"));
	web_cell(q, web_jstr(d, "serial"));
	wbuf_printf(O, "</tr><tr><th>%s</th><td id=\"state\">", _("State"));
	wbuf_esc(O, web_state_label(web_jstr(d, "state")));
	wbuf_printf(O, "</td></tr><tr><th>%s</th>", _("Grade"));
	web_cell(q, web_jstr(d, "grade"));
	wbuf_puts(O, "</tr></table>");
	conflicts_box(q, d);
	const char *state = web_jstr(d, "state");
	if (q->role >= ROLE_COORDINATOR && !strcmp(state, "ready")) {
		wbuf_puts(O, "<p><a id=\"allocate\" href=\"/allocate?device=");
		wbuf_urlenc(O, web_jstr(d, "id"));
		wbuf_printf(O, "\">%s</a></p>", _("Allocate this machine"));
	}
	if (q->role >= ROLE_VOLUNTEER && !strcmp(state, "wiped")) {
		wbuf_puts(O, "<form method=\"post\" action=\"/device/state\">");
		web_csrf_field(q);
		wbuf_puts(O, "<input type=\"hidden\" name=\"id\" value=\"");
		wbuf_esc(O, web_jstr(d, "id"));
		wbuf_printf(O, "\"><input type=\"hidden\" name=\"to\" value=\"ready\"><button id=\"mark-ready\">%s</button></form>",
			    _("Mark ready for allocation"));
	}
	if (q->role >= ROLE_COORDINATOR && reg_transition_allowed(state, "recycled")) {
		wbuf_puts(O, "<form method=\"post\" action=\"/device/recycle\" id=\"recycle-form\">");
		web_csrf_field(q);
		wbuf_puts(O, "<input type=\"hidden\" name=\"id\" value=\"");
		wbuf_esc(O, web_jstr(d, "id"));
		wbuf_puts(O, "\">");
		web_reason_fields(q, "recycle", 1);
		wbuf_printf(O, "<button id=\"recycle\">%s</button></form>", _("Send to recycling"));
	}
	page_device_coverage(q, web_jstr(d, "id"));
	wbuf_printf(O, "<h2>%s</h2>", _("Reports"));
	size_t i, k;
	json_t *rep, *x;
	json_array_foreach(json_object_get(d, "reports"), i, rep) {
		int ok = json_is_true(json_object_get(rep, "verified"));
		wbuf_printf(O, "<h3>%s ", _("Report"));
		wbuf_esc(O, web_jstr(rep, "created"));
		wbuf_printf(O, " <span class=\"%s badge\" title=\"", ok ? "ok" : "bad");
		wbuf_esc(O, web_jstr(rep, "verification"));
		wbuf_printf(O, "\">%s</span></h3><p>%s ", ok ? _("signature verified") : _("NOT VERIFIED"),
			    _("Station:"));
		wbuf_esc(O, web_jstr(rep, "station"));
		wbuf_puts(O, " — SHA-256 ");
		wbuf_esc(O, web_jstr(rep, "sha256"));
		if (json_is_true(json_object_get(rep, "has_certificate_pdf"))) {
			wbuf_puts(O, " — <a href=\"/device/certificate.pdf?report=");
			wbuf_urlenc(O, web_jstr(rep, "sha256"));
			wbuf_printf(O, "\">%s</a>", _("erasure certificate (PDF)"));
		}
		wbuf_printf(O, "</p><table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
			    _("Disk"), _("Model"), _("Serial number"), _("Method"), _("Result"));
		json_array_foreach(json_object_get(rep, "disks_detail"), k, x) {
			wbuf_puts(O, "<tr>");
			web_cell(q, web_jstr(x, "path"));
			web_cell(q, web_jstr(x, "model"));
			web_cell(q, web_jstr(x, "serial"));
			web_cell(q, web_jstr(x, "method"));
			wbuf_printf(O, "<td class=\"%s\">", strcmp(web_jstr(x, "result"), "erased") ? "bad" : "ok");
			wbuf_esc(O, web_jstr(x, "result"));
			wbuf_puts(O, "</td></tr>");
		}
		wbuf_printf(O, "</table><table><tr><th>%s</th><th>%s</th><th>%s</th></tr>", _("Part"),
			    _("Verdict"), _("Reason"));
		json_array_foreach(json_object_get(rep, "diag_parts"), k, x) {
			char part[300];
			snprintf(part, sizeof(part), "%s %s", web_jstr(x, "part"), web_jstr(x, "part_id"));
			wbuf_puts(O, "<tr>");
			web_cell(q, part);
			web_cell(q, web_jstr(x, "verdict"));
			web_cell(q, web_jstr(x, "reason"));
			wbuf_puts(O, "</tr>");
		}
		wbuf_puts(O, "</table>");
	}
	if (q->role >= ROLE_COORDINATOR) {
		wbuf_printf(O, "<h2>%s</h2><ul>", _("Allocations"));
		json_array_foreach(json_object_get(d, "allocations"), i, x) {
			wbuf_puts(O, "<li><a href=\"/allocation?id=");
			wbuf_urlenc(O, web_jstr(x, "id"));
			wbuf_puts(O, "\">");
			wbuf_esc(O, web_jstr(x, "id"));
			wbuf_puts(O, "</a> ");
			wbuf_esc(O, web_jstr(x, "state"));
			wbuf_puts(O, "</li>");
		}
		wbuf_puts(O, "</ul>");
	}
	wbuf_printf(O, "<h2>%s</h2><table id=\"history\"><tr><th>#</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
		    _("History"), _("Date"), _("Who"), _("Change"), _("Detail"));
	json_array_foreach(json_object_get(d, "history"), i, x) {
		char detail[400];
		char change[200];
		snprintf(change, sizeof(change), "%s %s%s%s", web_jstr(x, "kind"), web_state_label(web_jstr(x, "from_state")),
			 *web_jstr(x, "to_state") ? " → " : "", web_state_label(web_jstr(x, "to_state")));
		wbuf_printf(O, "<tr><td>%lld</td>", (long long)json_integer_value(json_object_get(x, "seq")));
		web_cell(q, web_jstr(x, "at"));
		web_cell(q, web_jstr(x, "actor"));
		web_cell(q, change);
		web_cell(q, detail_text(x, detail, sizeof(detail)));
		wbuf_puts(O, "</tr>");
	}
	wbuf_puts(O, "</table>");
	if (q->role >= ROLE_COORDINATOR && json_array_size(json_object_get(d, "notes"))) {
		wbuf_printf(O, "<h2>%s</h2><ul id=\"notes\">", _("Notes (coordinators only)"));
		json_array_foreach(json_object_get(d, "notes"), i, x) {
			wbuf_printf(O, "<li>#%lld ", (long long)json_integer_value(json_object_get(x, "event_seq")));
			wbuf_esc(O, web_jstr(x, "at"));
			wbuf_puts(O, " — ");
			wbuf_esc(O, web_jstr(x, "author"));
			wbuf_puts(O, " : ");
			wbuf_esc(O, web_jstr(x, "text"));
			wbuf_puts(O, "</li>");
		}
		wbuf_puts(O, "</ul>");
	}
	json_decref(d);
	page_end(q);
}

void page_certificate(struct web_req *q)
{
	struct rdb_res *res = NULL;
	struct reco_err e = { 0 };
	if (rdb_q(q->reg->db, &res, &e, "SELECT certificate_pdf FROM reports WHERE sha256 = ?",
		  web_arg(q, "report")) ) {
		web_error_page(q, 500, e.msg);
		return;
	}
	const char *b64 = rdb_val(res, 0, 0);
	if (!b64) {
		rdb_res_free(res);
		web_error_page(q, 404, _("No certificate was imported with this report."));
		return;
	}
	size_t n = strlen(b64);
	q->blob = malloc(n);
	int len = q->blob ? web_base64_decode(b64, n, q->blob, n) : -1;
	rdb_res_free(res);
	if (len < 0) {
		free(q->blob);
		q->blob = NULL;
		web_error_page(q, 500, _("Stored certificate is damaged."));
		return;
	}
	q->blob_len = (size_t)len;
	q->ctype = "application/pdf";
	snprintf(q->disposition, sizeof(q->disposition), "attachment; filename=\"certificate.pdf\"");
}

/* After an action: back to the device's page. */
static void redirect_device(struct web_req *q, const char *id)
{
	struct wbuf u = { 0 };
	wbuf_puts(&u, "/device?id=");
	wbuf_urlenc(&u, id);
	web_redirect(q, u.data ? u.data : "/devices");
	wbuf_free(&u);
}

void action_recycle(struct web_req *q)
{
	char id[256], code[32], note[2048];
	web_field(q, "id", id, sizeof(id));
	web_field(q, "reason", code, sizeof(code));
	web_field(q, "note", note, sizeof(note));
	struct reco_err e = { 0 };
	struct registry r = *q->reg;
	r.actor = q->user;
	if (reg_recycle(&r, id, code, *note ? note : NULL, &e)) {
		web_error_page(q, e.code == -ENOENT ? 404 : 422, e.msg);
		return;
	}
	redirect_device(q, id);
}

void action_conflict(struct web_req *q)
{
	char report[80], decision[16], dev[256];
	web_field(q, "report", report, sizeof(report));
	web_field(q, "decision", decision, sizeof(decision));
	if (strcmp(decision, "accept") && strcmp(decision, "reject")) {
		web_error_page(q, 400, _("Accept or reject?"));
		return;
	}
	struct reco_err e = { 0 };
	struct registry r = *q->reg;
	r.actor = q->user;
	if (reg_conflict_decide(&r, report, !strcmp(decision, "accept"), dev, sizeof(dev), &e)) {
		web_error_page(q, e.code == -ENOENT ? 404 : 422, e.msg);
		return;
	}
	redirect_device(q, dev);
}

void action_device_state(struct web_req *q)
{
	char id[256], to[32];
	web_field(q, "id", id, sizeof(id));
	web_field(q, "to", to, sizeof(to));
	if (strcmp(to, "ready") && strcmp(to, "tested")) {
		web_error_page(q, 400, _("This change is not possible from the web page."));
		return;
	}
	struct reco_err e = { 0 };
	struct registry r = *q->reg;
	r.actor = q->user;
	if (reg_transition(&r, id, to, NULL, &e)) {
		web_error_page(q, e.code == -EPERM ? 409 : 404, e.msg);
		return;
	}
	redirect_device(q, id);
}
