/*
 * webstats.c — the registry's statistics page: the figures per month as a
 * chart and a table, and the signed checkpoint they come from.
 * Every value goes through wbuf_esc() or wbuf_urlenc(), as in webpages.c.
 */
#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"
#include "webint.h"

#define O (&q->out)

void page_stats(struct web_req *q)
{
	struct reco_err e = { 0 };
	json_t *s = reg_stats(q->reg, web_arg(q, "from"), web_arg(q, "to"), &e);
	if (!s) {
		web_error_page(q, 500, e.msg);
		return;
	}
	page_begin(q, _("Statistics"));
	static const char *const keys[] = { "received", "refurbished", "allocated", "delivered", "returned", "recycled" };
	const char *labels[] = { _("Received"), _("Refurbished"), _("Allocated"), _("Delivered"), _("Returned"), _("Recycled") };
	static const char *const colours[] = { "#888", "#48a", "#fa3", "#3a5", "#a5a", "#c33" };
	json_t *months = json_object_get(s, "months");
	long long max = 1;
	size_t i;
	json_t *m;
	json_array_foreach(months, i, m)
		for (int k = 0; k < 6; k++)
			if (json_integer_value(json_object_get(m, keys[k])) > max)
				max = json_integer_value(json_object_get(m, keys[k]));
	size_t n = json_array_size(months);
	int w = 40 + (int)n * 80;
	wbuf_printf(O, "<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"240\" role=\"img\">", w);
	json_array_foreach(months, i, m) {
		for (int k = 0; k < 6; k++) {
			long long v = json_integer_value(json_object_get(m, keys[k]));
			int h = (int)(v * 180 / max);
			wbuf_printf(O, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"%d\" fill=\"%s\"><title>",
				    40 + (int)i * 80 + k * 11, 200 - h, h, colours[k]);
			wbuf_esc(O, labels[k]);
			wbuf_printf(O, " %lld</title></rect>", v);
		}
		wbuf_printf(O, "<text x=\"%d\" y=\"220\" font-size=\"11\">", 40 + (int)i * 80);
		wbuf_esc(O, web_jstr(m, "month"));
		wbuf_puts(O, "</text>");
	}
	wbuf_puts(O, "</svg><p>");
	for (int k = 0; k < 6; k++)
		wbuf_printf(O, "<svg width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\" fill=\"%s\"/></svg> %s ",
			    colours[k], labels[k]);
	wbuf_printf(O, "</p><table id=\"stats\"><tr><th>%s</th>", _("Month"));
	for (int k = 0; k < 6; k++)
		wbuf_printf(O, "<th>%s</th>", labels[k]);
	wbuf_puts(O, "</tr>");
	json_array_foreach(months, i, m) {
		wbuf_puts(O, "<tr>");
		web_cell(q, web_jstr(m, "month"));
		for (int k = 0; k < 6; k++)
			wbuf_printf(O, "<td>%lld</td>", (long long)json_integer_value(json_object_get(m, keys[k])));
		wbuf_puts(O, "</tr>");
	}
	wbuf_puts(O, "</table>");
	struct reg_checkpoint c;
	const char *body = json_string_value(json_object_get(json_object_get(s, "checkpoint"), "checkpoint"));
	struct reco_err ce = { 0 };
	if (body && !reg_checkpoint_parse(body, strlen(body), &c, &ce)) {
		wbuf_printf(O, "<p id=\"checkpoint\">%s ", _("Signed checkpoint of the history:"));
		wbuf_printf(O, _("%lld events, head %.16s…, signed %s."), c.events, c.head, c.at);
		wbuf_printf(O, " <a href=\"/api/checkpoint.json?events=%lld\">checkpoint.json</a>"
			       " <a href=\"/api/checkpoint.json.sig?events=%lld\">checkpoint.json.sig</a>"
			       " <a href=\"/api/registry-key.pem\">registry-key.pem</a></p>",
			    c.events, c.events);
		reg_checkpoint_release(&c);
	}
	json_decref(s);
	page_end(q);
}
