/*
 * webdecide.c — a coordinator's decisions about one machine, each on a page
 * of its own reached from the device page: sending it to recycling (a
 * confirmation that says it cannot be undone, with the reason code and an
 * optional note), and allowing its allocation despite an incomplete
 * diagnosis (the override of allocate.c: for the latest report only, with
 * a reason code; the words go to a note).  Every value goes through
 * wbuf_esc() or wbuf_urlenc(), as in webpages.c.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/words.h"
#include "webint.h"

#define O (&q->out)

static void cancel_link(struct web_req *q, json_t *d)
{
	wbuf_puts(O, " <a id=\"cancel\" href=\"/device?id=");
	wbuf_urlenc(O, web_jstr(d, "id"));
	wbuf_printf(O, "\">%s</a>", _("Cancel"));
}

/* The form of a decision: the machine's id, a reason code (required), a
 * note, the button and a way back. */
static void decision_form(struct web_req *q, json_t *d, const char *action, const char *prefix, const char *button)
{
	wbuf_printf(O, "<form method=\"post\" action=\"%s\" id=\"%s-form\"><p>", action, prefix);
	web_csrf_field(q);
	wbuf_puts(O, "<input type=\"hidden\" name=\"id\" value=\"");
	wbuf_esc(O, web_jstr(d, "id"));
	wbuf_puts(O, "\">");
	web_reason_fields(q, prefix, 1);
	wbuf_printf(O, "</p><p><button id=\"confirm-%s\">%s</button>", prefix, button);
	cancel_link(q, d);
	wbuf_puts(O, "</p></form>");
}

/* The machine a decision is about, in a few lines; NULL (and an error
 * page) when there is no such machine. */
static json_t *subject(struct web_req *q, const char *title)
{
	struct reco_err e = { 0 };
	json_t *d = reg_device_show(q->reg, web_arg(q, "id"), &e);
	if (!d) {
		web_error_page(q, e.code == -ENOENT ? 404 : 500, e.msg);
		return NULL;
	}
	page_begin(q, title);
	wbuf_printf(O, "<table><tr><th>%s</th><td id=\"device-id\">", _("Device"));
	wbuf_esc(O, web_jstr(d, "id"));
	wbuf_printf(O, "</td></tr><tr><th>%s</th><td>", _("Model"));
	wbuf_esc(O, web_jstr(d, "vendor"));
	wbuf_puts(O, " ");
	wbuf_esc(O, web_jstr(d, "product"));
	wbuf_printf(O, "</td></tr><tr><th>%s</th>", _("Serial number"));
	web_cell(q, web_jstr(d, "serial"));
	wbuf_printf(O, "</tr><tr><th>%s</th>", _("State"));
	web_cell(q, reg_word_state(web_jstr(d, "state")));
	wbuf_puts(O, "</tr></table>");
	return d;
}


void page_recycle(struct web_req *q)
{
	json_t *d = subject(q, _("Send to recycling"));
	if (!d)
		return;
	if (!reg_transition_allowed(web_jstr(d, "state"), "recycled")) {
		wbuf_printf(O, "<p class=\"error\" id=\"error\">%s</p>",
			    _("A machine in this state cannot be sent to recycling."));
		cancel_link(q, d);
		json_decref(d);
		page_end(q);
		return;
	}
	wbuf_printf(O, "<div class=\"danger\"><p><strong>%s</strong></p>", _("This cannot be undone: a recycled machine "
									     "leaves the circuit for good and can never "
									     "be allocated again."));
	decision_form(q, d, "/device/recycle", "recycle", _("Confirm: send to recycling"));
	wbuf_puts(O, "</div>");
	json_decref(d);
	page_end(q);
}

/* Records a decision (reg_recycle, reg_diag_override: the same shape)
 * from its form, then back to the device's page. */
static void decide(struct web_req *q, int (*fn)(struct registry *, const char *, const char *, const char *,
						   struct reco_err *))
{
	struct web_reason_form f;
	web_read_reason_form(q, &f);
	struct reco_err e = { 0 };
	struct registry r = web_acting(q);
	if (fn(&r, f.id, f.code, *f.note ? f.note : NULL, &e)) {
		web_error_page(q, e.code == -ENOENT ? 404 : 422, e.msg);
		return;
	}
	web_redirect_device(q, f.id);
}

void action_recycle(struct web_req *q)
{
	decide(q, reg_recycle);
}

void page_diag_override(struct web_req *q)
{
	json_t *d = subject(q, _("Diagnosis override"));
	if (!d)
		return;
	json_t *hw = json_object_get(d, "hardware");
	json_t *dg = json_object_get(hw, "diag");
	if (!hw || json_is_true(json_object_get(dg, "complete"))) {
		wbuf_printf(O, "<p id=\"nothing\">%s</p>",
			    hw ? _("The latest report's diagnosis is complete: there is nothing to override.")
			       : _("No report describes this machine yet."));
		cancel_link(q, d);
		json_decref(d);
		page_end(q);
		return;
	}
	char buf[600];
	wbuf_printf(O, "<div class=\"summary\"><p>%s <code>", _("Latest report:"));
	wbuf_esc(O, web_jstr(hw, "report_sha256"));
	wbuf_printf(O, "</code></p><p>%s ", _("Diagnosis:"));
	wbuf_esc(O, reg_hw_diag_text(hw, buf, sizeof(buf)));
	wbuf_printf(O, "</p><p>%s</p></div>",
		    _("Recording an override allows allocating this machine although its diagnosis is incomplete. "
		      "It covers this report only (a newer report needs its own), with the reason in the history; "
		      "your note stays with the coordinators and is purged."));
	decision_form(q, d, "/device/diag-override", "override", _("Record the override"));
	json_decref(d);
	page_end(q);
}

void action_diag_override(struct web_req *q)
{
	decide(q, reg_diag_override);
}
