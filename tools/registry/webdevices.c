/*
 * webdevices.c — the list of machines: filters by state and grade (two
 * selects), by the day they were received (from, to) and by a text in the
 * id, model or serial; states in words, dates in the reader's language;
 * fifty a page.  Every value goes through wbuf_esc() or wbuf_urlenc(), as
 * in webpages.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "webint.h"

#define O (&q->out)
#define PAGE 50

static const char *const grades[] = { "A", "B", "C", "D", NULL };

/* The query string of the current filters, for the page links. */
static void filters_query(struct web_req *q, const struct reg_device_filter *f)
{
	static const char *const keys[] = { "state", "grade", "q", "from", "to" };
	const char *vals[] = { f->state, f->grade, f->search, f->from, f->to };
	for (int i = 0; i < 5; i++) {
		wbuf_printf(O, "&amp;%s=", keys[i]);
		wbuf_urlenc(O, vals[i]);
	}
}

static void filters_form(struct web_req *q, const struct reg_device_filter *f)
{
	wbuf_printf(O, "<form method=\"get\" action=\"/devices\" class=\"filters\" id=\"device-filters\">"
		       "<label>%s <select name=\"state\" id=\"state\"><option value=\"\">%s</option>",
		    _("State"), _("all"));
	for (int i = 0; reg_states[i]; i++)
		wbuf_printf(O, "<option value=\"%s\"%s>%s</option>", reg_states[i],
			    !strcmp(f->state, reg_states[i]) ? " selected" : "", reg_word_state(reg_states[i]));
	wbuf_printf(O, "</select></label><label>%s <select name=\"grade\" id=\"grade\"><option value=\"\">%s</option>",
		    _("Grade"), _("all"));
	for (int i = 0; grades[i]; i++)
		wbuf_printf(O, "<option value=\"%s\"%s>%s</option>", grades[i], !strcmp(f->grade, grades[i]) ? " selected" : "",
			    grades[i]);
	wbuf_puts(O, "</select></label>");
	web_range_inputs(q, 0, _("Received from"), _("to"), f->from, f->to);
	wbuf_printf(O, "<label>%s <input name=\"q\" id=\"q\" value=\"", _("Search"));
	wbuf_esc(O, f->search);
	wbuf_printf(O, "\"></label><button id=\"filter\">%s</button> <a href=\"/devices\">%s</a></form>", _("Filter"),
		    _("clear the filters"));
}

void page_devices(struct web_req *q)
{
	struct reg_device_filter f = { .state = web_arg(q, "state"), .grade = web_arg(q, "grade"),
				       .search = web_arg(q, "q"), .limit = PAGE };
	int page = atoi(web_arg(q, "page"));
	if (page < 0 || page > 100000)
		page = 0;
	f.offset = page * PAGE;
	/* what is not a state or a day is no filter (and a bad day says so) */
	const char *bad = web_range_args(q, 0, &f.from, &f.to);
	if (*f.state && !reg_state_valid(f.state))
		f.state = "";
	struct reco_err e = { 0 };
	json_t *l = reg_devices_list(q->reg, &f, &e);
	if (!l) {
		web_error_page(q, 500, e.msg);
		return;
	}
	page_begin(q, _("Devices"));
	filters_form(q, &f);
	web_range_error(q, 0, bad);
	wbuf_printf(O, "<table id=\"devices\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
		    _("Device"), _("Model"), _("Serial number"), _("State"), _("Grade"), _("Received on"), _("Last change"));
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
		wbuf_puts(O, "</td>");
		web_cell(q, web_jstr(d, "serial"));
		wbuf_printf(O, "<td class=\"state state-%s\">", web_jstr(d, "state"));
		wbuf_esc(O, reg_word_state(web_jstr(d, "state")));
		wbuf_puts(O, "</td>");
		web_cell(q, web_jstr(d, "grade"));
		wbuf_puts(O, "<td>");
		web_date(q, web_jstr(d, "created"), 0);
		wbuf_puts(O, "</td><td>");
		web_date(q, web_jstr(d, "updated"), 1);
		wbuf_puts(O, "</td></tr>");
	}
	wbuf_puts(O, "</table>");
	if (!json_array_size(l))
		wbuf_printf(O, "<p id=\"no-device\">%s</p>", _("No machine matches these filters."));
	wbuf_puts(O, "<p>");
	if (page > 0) {
		wbuf_printf(O, "<a href=\"/devices?page=%d", page - 1);
		filters_query(q, &f);
		wbuf_printf(O, "\">%s</a> ", _("previous"));
	}
	if (json_array_size(l) == PAGE) {
		wbuf_printf(O, "<a href=\"/devices?page=%d", page + 1);
		filters_query(q, &f);
		wbuf_printf(O, "\">%s</a>", _("next"));
	}
	wbuf_puts(O, "</p>");
	json_decref(l);
	page_end(q);
}
