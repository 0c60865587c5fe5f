/*
 * webdevice.c — one machine's page: its identity and state, the actions
 * that fit its state, its hardware as the latest report describes it
 * (hardware.c) next to its reports (verification, disks with sizes,
 * methods, results and verdicts in words), allocations, history in
 * sentences and notes (coordinators only); identity conflicts with the
 * coordinator's decision.  Two decisions get a page of their own, away
 * from the details: sending the machine to recycling (a confirmation) and
 * a diagnosis override (webdecide.c).  Every value goes through wbuf_esc()
 * or wbuf_urlenc(), as in webpages.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/l10n.h"
#include "lib/util.h"
#include "lib/words.h"
#include "accept.h"
#include "webint.h"

#define O (&q->out)

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
			wbuf_esc(O, reg_word_identity_field(f));
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

/* 1 when a diagnosis override was recorded for report sha. */
static int overridden(json_t *d, const char *sha)
{
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(d, "history"), i, x)
		if (!strcmp(web_jstr(x, "kind"), "diag_override") && !strncmp(web_jstr(x, "detail"), sha, 64))
			return 1;
	return 0;
}

static void dl_item(struct web_req *q, const char *id, const char *term, const char *value)
{
	wbuf_printf(O, "<dt>%s</dt><dd id=\"%s\">", term, id);
	wbuf_esc(O, value);
	wbuf_puts(O, "</dd>");
}

/* The hardware card: what the latest report that counts says. */
static void hardware_card(struct web_req *q, json_t *d)
{
	json_t *hw = json_object_get(d, "hardware");
	wbuf_printf(O, "<section><h2>%s</h2><div class=\"card\" id=\"hardware\">", _("Hardware"));
	if (!hw) {
		wbuf_printf(O, "<p>%s</p></div></section>", _("No report describes this machine yet."));
		return;
	}
	char buf[600];
	size_t i;
	json_t *x;
	wbuf_puts(O, "<dl>");
	if (*reg_hw_cpu_text(hw, buf, sizeof(buf)))
		dl_item(q, "hw-cpu", _("Processor"), buf);
	if (json_is_integer(json_object_get(hw, "memory_bytes")))
		dl_item(q, "hw-memory", _("Memory"),
			reco_fmt_size(NULL, (uint64_t)json_integer_value(json_object_get(hw, "memory_bytes")), buf,
				      sizeof(buf)));
	wbuf_printf(O, "<dt>%s</dt>", _("Disks"));
	json_array_foreach(json_object_get(hw, "disks"), i, x) {
		wbuf_puts(O, "<dd class=\"hw-disk\">");
		wbuf_esc(O, reg_hw_disk_text(x, buf, sizeof(buf)));
		wbuf_puts(O, "</dd>");
	}
	if (!json_array_size(json_object_get(hw, "disks")))
		wbuf_printf(O, "<dd>%s</dd>", _("none listed"));
	json_array_foreach(json_object_get(hw, "screens"), i, x)
		dl_item(q, "hw-screen", i ? "" : _("Screen"), reg_hw_screen_text(x, buf, sizeof(buf)));
	json_array_foreach(json_object_get(hw, "batteries"), i, x)
		dl_item(q, "hw-battery", i ? "" : _("Battery"), reg_hw_battery_text(x, buf, sizeof(buf)));
	dl_item(q, "hw-grade", _("Grade"), *web_jstr(hw, "grade") ? web_jstr(hw, "grade") : pgettext("grade", "none"));
	dl_item(q, "hw-diag", _("Diagnosis"), reg_hw_diag_text(hw, buf, sizeof(buf)));
	wbuf_puts(O, "</dl>");
	json_t *c = json_object_get(json_object_get(hw, "diag"), "complete");
	const char *sha = web_jstr(hw, "report_sha256");
	if (!json_is_true(c) && overridden(d, sha))
		wbuf_printf(O, "<p class=\"warn\" id=\"override-recorded\">%s</p>",
			    _("A coordinator recorded an override: this report's diagnosis is accepted as it is."));
	else if (!json_is_true(c) && q->role >= ROLE_COORDINATOR) {
		wbuf_puts(O, "<p><a id=\"diag-override\" href=\"/device/diag-override?id=");
		wbuf_urlenc(O, web_jstr(d, "id"));
		wbuf_printf(O, "\">%s</a></p>", _("Allow allocating despite the incomplete diagnosis…"));
	}
	wbuf_puts(O, "</div></section>");
}

static void report_block(struct web_req *q, json_t *rep)
{
	size_t k;
	json_t *x;
	int ok = json_is_true(json_object_get(rep, "verified"));
	wbuf_printf(O, "<h3>%s ", _("Report of"));
	web_date(q, web_jstr(rep, "created"), 1);
	wbuf_printf(O, " <span class=\"%s badge\" title=\"", ok ? "ok" : "bad");
	wbuf_esc(O, web_jstr(rep, "verification"));
	wbuf_printf(O, "\">%s</span></h3>", ok ? _("signature verified") : _("NOT VERIFIED"));
	if (!ok) {
		wbuf_puts(O, "<p class=\"bad\">");
		wbuf_esc(O, web_jstr(rep, "verification"));
		wbuf_puts(O, "</p>");
	}
	if (json_integer_value(json_object_get(rep, "excluded")))
		wbuf_printf(O, "<p class=\"bad\">%s</p>", _("rejected by a coordinator: it counts for nothing"));
	wbuf_printf(O, "<p>%s ", _("Station:"));
	wbuf_esc(O, web_jstr(rep, "station"));
	wbuf_puts(O, " — SHA-256 <code>");
	wbuf_esc(O, web_jstr(rep, "sha256"));
	wbuf_puts(O, "</code>");
	if (json_is_true(json_object_get(rep, "has_certificate_pdf"))) {
		wbuf_puts(O, " — <a href=\"/device/certificate.pdf?report=");
		wbuf_urlenc(O, web_jstr(rep, "sha256"));
		wbuf_printf(O, "\">%s</a>", _("erasure certificate (PDF)"));
	}
	wbuf_printf(O, "</p><table class=\"disks\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
		    _("Disk"), _("Model"), _("Serial number"), _("Size"), _("Method"), _("Result"));
	json_array_foreach(json_object_get(rep, "disks_detail"), k, x) {
		char sz[48] = "";
		json_int_t b = json_integer_value(json_object_get(x, "size_bytes"));
		if (b > 0)
			reco_fmt_size(NULL, (uint64_t)b, sz, sizeof(sz));
		const char *res = web_jstr(x, "result");
		wbuf_puts(O, "<tr>");
		web_cell(q, web_jstr(x, "path"));
		web_cell(q, web_jstr(x, "model"));
		web_cell(q, web_jstr(x, "serial"));
		web_cell(q, sz);
		web_cell(q, reco_word_wipe_method(web_jstr(x, "method")));
		wbuf_printf(O, "<td class=\"%s result\">", strcmp(res, "erased") ? "bad" : "ok");
		wbuf_esc(O, reco_word_wipe_result(res));
		if (strcmp(res, "erased") && *web_jstr(x, "reason")) {
			wbuf_puts(O, " — ");
			wbuf_esc(O, web_jstr(x, "reason"));
		}
		wbuf_puts(O, "</td></tr>");
	}
	wbuf_printf(O, "</table><table class=\"parts\"><tr><th>%s</th><th>%s</th><th>%s</th></tr>", _("Part"),
		    _("Verdict"), _("Reason"));
	json_array_foreach(json_object_get(rep, "diag_parts"), k, x) {
		char part[300];
		const char *v = web_jstr(x, "verdict");
		snprintf(part, sizeof(part), "%s%s%s%s", reco_word_part(web_jstr(x, "part")),
			 *web_jstr(x, "part_id") ? " (" : "", web_jstr(x, "part_id"), *web_jstr(x, "part_id") ? ")" : "");
		wbuf_puts(O, "<tr>");
		web_cell(q, part);
		wbuf_printf(O, "<td class=\"verdict %s\">", !strcmp(v, "PASS") ? "ok" : !strcmp(v, "FAIL") ? "bad"
							     : !strcmp(v, "ABSENT") ? "muted" : "warn");
		wbuf_esc(O, reco_word_verdict(v));
		wbuf_puts(O, "</td>");
		web_cell(q, web_jstr(x, "reason"));
		wbuf_puts(O, "</tr>");
	}
	wbuf_puts(O, "</table>");
}

static void history_table(struct web_req *q, json_t *d)
{
	size_t i;
	json_t *x;
	wbuf_printf(O, "<h2>%s</h2><table id=\"history\"><tr><th>#</th><th>%s</th><th>%s</th><th>%s</th></tr>",
		    _("History"), _("Date"), _("Who"), _("What happened"));
	json_array_foreach(json_object_get(d, "history"), i, x) {
		char what[600];
		reg_event_text(web_jstr(x, "kind"), json_string_value(json_object_get(x, "from_state")),
			       json_string_value(json_object_get(x, "to_state")),
			       json_string_value(json_object_get(x, "detail")), what, sizeof(what));
		wbuf_printf(O, "<tr><td>%lld</td><td>", (long long)json_integer_value(json_object_get(x, "seq")));
		web_date(q, web_jstr(x, "at"), 1);
		wbuf_puts(O, "</td>");
		web_cell(q, web_jstr(x, "actor"));
		web_cell(q, what);
		wbuf_puts(O, "</tr>");
	}
	wbuf_puts(O, "</table>");
	if (q->role >= ROLE_COORDINATOR && json_array_size(json_object_get(d, "notes"))) {
		wbuf_printf(O, "<h2>%s</h2><ul id=\"notes\">", _("Notes (coordinators only)"));
		json_array_foreach(json_object_get(d, "notes"), i, x) {
			wbuf_printf(O, "<li>#%lld ", (long long)json_integer_value(json_object_get(x, "event_seq")));
			web_date(q, web_jstr(x, "at"), 1);
			wbuf_puts(O, " — ");
			wbuf_esc(O, web_jstr(x, "author"));
			wbuf_puts(O, " : ");
			wbuf_esc(O, web_jstr(x, "text"));
			wbuf_puts(O, "</li>");
		}
		wbuf_puts(O, "</ul>");
	}
}

/* What can be done now, given the state and the reader's role; recycling
 * is a link to its confirmation page, never a button here. */
static void actions(struct web_req *q, json_t *d)
{
	const char *state = web_jstr(d, "state"), *id = web_jstr(d, "id");
	wbuf_puts(O, "<div class=\"actions\">");
	if (q->role >= ROLE_COORDINATOR && !strcmp(state, "ready")) {
		wbuf_puts(O, "<a id=\"allocate\" href=\"/allocate?device=");
		wbuf_urlenc(O, id);
		wbuf_printf(O, "\">%s</a>", _("Allocate this machine"));
	}
	if (q->role >= ROLE_VOLUNTEER && !strcmp(state, "wiped")) {
		wbuf_puts(O, "<form class=\"inline\" method=\"post\" action=\"/device/state\">");
		web_csrf_field(q);
		wbuf_puts(O, "<input type=\"hidden\" name=\"id\" value=\"");
		wbuf_esc(O, id);
		wbuf_printf(O, "\"><input type=\"hidden\" name=\"to\" value=\"ready\"><button id=\"mark-ready\">%s</button></form>",
			    _("Mark ready for allocation"));
	}
	if (q->role >= ROLE_COORDINATOR && reg_transition_allowed(state, "recycled")) {
		wbuf_puts(O, "<a id=\"recycle\" class=\"muted\" href=\"/device/recycle?id=");
		wbuf_urlenc(O, id);
		wbuf_printf(O, "\">%s</a>", _("Send to recycling…"));
	}
	wbuf_puts(O, "</div>");
}

void page_device(struct web_req *q)
{
	struct reco_err e = { 0 };
	json_t *d = reg_device_show(q->reg, web_arg(q, "id"), &e);
	if (!d) {
		web_error_page(q, e.code == -ENOENT ? 404 : 500, e.msg);
		return;
	}
	page_begin(q, _("Device"));
	wbuf_printf(O, "<table id=\"identity\"><tr><th>%s</th><td id=\"device-id\">", _("Device"));
	wbuf_esc(O, web_jstr(d, "id"));
	wbuf_printf(O, "</td></tr><tr><th>%s</th>", _("Model"));
	char model[600];
	snprintf(model, sizeof(model), "%s %s", web_jstr(d, "vendor"), web_jstr(d, "product"));
	web_cell(q, model);
	wbuf_printf(O, "</tr><tr><th>%s</th>", _("Serial number"));
	web_cell(q, web_jstr(d, "serial"));
	wbuf_printf(O, "</tr><tr><th>%s</th><td id=\"state\" data-state=\"", _("State"));
	wbuf_esc(O, web_jstr(d, "state"));
	wbuf_puts(O, "\">");
	wbuf_esc(O, reg_word_state(web_jstr(d, "state")));
	wbuf_printf(O, "</td></tr><tr><th>%s</th>", _("Grade"));
	web_cell(q, web_jstr(d, "grade"));
	wbuf_printf(O, "</tr><tr><th>%s</th><td>", _("Received on"));
	web_date(q, web_jstr(d, "created"), 1);
	wbuf_puts(O, "</td></tr></table>");
	actions(q, d);
	conflicts_box(q, d);
	page_device_coverage(q, web_jstr(d, "id"));
	wbuf_puts(O, "<div class=\"cols\">");
	hardware_card(q, d);
	wbuf_printf(O, "<section id=\"reports\"><h2>%s</h2>", _("Reports"));
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(d, "reports"), i, x)
		report_block(q, x);
	wbuf_puts(O, "</section></div>");
	if (q->role >= ROLE_COORDINATOR && json_array_size(json_object_get(d, "allocations"))) {
		wbuf_printf(O, "<h2>%s</h2><ul id=\"allocations\">", _("Allocations"));
		json_array_foreach(json_object_get(d, "allocations"), i, x) {
			wbuf_puts(O, "<li><a href=\"/allocation?id=");
			wbuf_urlenc(O, web_jstr(x, "id"));
			wbuf_puts(O, "\">");
			wbuf_esc(O, web_jstr(x, "id"));
			wbuf_puts(O, "</a> — ");
			wbuf_esc(O, reg_word_allocation_state(web_jstr(x, "state")));
			wbuf_puts(O, " — ");
			web_date(q, web_jstr(x, "created"), 0);
			wbuf_puts(O, "</li>");
		}
		wbuf_puts(O, "</ul>");
	}
	history_table(q, d);
	json_decref(d);
	page_end(q);
}

void page_certificate(struct web_req *q)
{
	struct rdb_res *res = NULL;
	struct reco_err e = { 0 };
	if (rdb_q(q->reg->db, &res, &e, "SELECT certificate_pdf FROM reports WHERE sha256 = ?",
		  web_arg(q, "report"))) {
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

void web_redirect_device(struct web_req *q, const char *id)
{
	struct wbuf u = { 0 };
	wbuf_puts(&u, "/device?id=");
	wbuf_urlenc(&u, id);
	web_redirect(q, u.data ? u.data : "/devices");
	wbuf_free(&u);
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
	struct registry r = web_acting(q);
	if (reg_conflict_decide(&r, report, !strcmp(decision, "accept"), dev, sizeof(dev), &e)) {
		web_error_page(q, e.code == -ENOENT ? 404 : 422, e.msg);
		return;
	}
	web_redirect_device(q, dev);
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
	struct registry r = web_acting(q);
	if (reg_transition(&r, id, to, NULL, &e)) {
		web_error_page(q, e.code == -EPERM ? 409 : 404, e.msg);
		return;
	}
	web_redirect_device(q, id);
}
