/*
 * webstats.c — the figures a funder asks for: for a range of months, the
 * machines received, refurbished, allocated, handed over, returned and
 * recycled per month (a chart and a table), the allocations and hand-overs
 * per programme and per referrer, and the households reached; each table
 * as CSV (stats.c's funder tables), the machines as CSV (export.c), and
 * the signed checkpoint the figures come from.  Months and numbers in the
 * reader's language.  Every value goes through wbuf_esc() or
 * wbuf_urlenc(), as in webpages.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/l10n.h"
#include "webint.h"

#define O (&q->out)

static const char *const keys[] = { "received", "refurbished", "allocated", "delivered", "returned", "recycled" };

static void num_cell(struct web_req *q, long long v)
{
	char b[32];
	wbuf_printf(O, "<td class=\"num\">%s</td>", reco_fmt_int(NULL, v, b, sizeof(b)));
}

static void chart(struct web_req *q, json_t *months, const char *const *labels)
{
	static const char *const colours[] = { "#888", "#48a", "#fa3", "#3a5", "#a5a", "#c33" };
	long long max = 1;
	size_t i;
	json_t *m;
	json_array_foreach(months, i, m)
		for (int k = 0; k < 6; k++)
			if (json_integer_value(json_object_get(m, keys[k])) > max)
				max = json_integer_value(json_object_get(m, keys[k]));
	size_t n = json_array_size(months);
	int w = 40 + (int)n * 100;
	wbuf_printf(O, "<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"240\" role=\"img\">", w);
	json_array_foreach(months, i, m) {
		char month[64];
		for (int k = 0; k < 6; k++) {
			long long v = json_integer_value(json_object_get(m, keys[k]));
			int h = (int)(v * 180 / max);
			wbuf_printf(O, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"%d\" fill=\"%s\"><title>",
				    40 + (int)i * 100 + k * 11, 200 - h, h, colours[k]);
			wbuf_esc(O, labels[k]);
			wbuf_printf(O, " %lld</title></rect>", v);
		}
		wbuf_printf(O, "<text x=\"%d\" y=\"220\" font-size=\"11\">", 40 + (int)i * 100);
		wbuf_esc(O, reco_fmt_month(NULL, web_jstr(m, "month"), month, sizeof(month)));
		wbuf_puts(O, "</text>");
	}
	wbuf_puts(O, "</svg><p>");
	for (int k = 0; k < 6; k++)
		wbuf_printf(O, "<svg width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\" fill=\"%s\"/></svg> %s ",
			    colours[k], labels[k]);
	wbuf_puts(O, "</p>");
}

/* The programme (prog) or referrer table. */
static void by_table(struct web_req *q, json_t *s, int prog)
{
	static const char *const cols[] = { "allocated", "delivered", "returned", "households" };
	wbuf_printf(O, "<h2>%s</h2><table id=\"%s\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
		    prog ? _("Per programme") : _("Per referrer"), prog ? "stats-programmes" : "stats-referrers",
		    prog ? _("Programme") : _("Referrer"), _("Allocated"), _("Handed over"), _("Returned"),
		    _("Households reached"));
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(s, prog ? "programmes" : "referrers"), i, m) {
		const char *name = web_jstr(m, prog ? "programme" : "referrer");
		wbuf_puts(O, "<tr>");
		web_cell(q, prog ? reg_programme_label(name) : reg_referrer_label(name));
		for (int k = 0; k < 4; k++)
			num_cell(q, json_integer_value(json_object_get(m, cols[k])));
		wbuf_puts(O, "</tr>");
	}
	wbuf_puts(O, "</table>");
}

static void csv_links(struct web_req *q, const char *from, const char *to)
{
	static const char *const by[] = { "month", "programme", "referrer" };
	const char *labels[] = { _("figures per month"), _("per programme"), _("per referrer") };
	wbuf_printf(O, "<p id=\"exports\">%s ", _("Download (CSV):"));
	for (int i = 0; i < 3; i++) {
		wbuf_printf(O, "<a id=\"csv-%s\" href=\"/stats.csv?by=%s&amp;from=", by[i], by[i]);
		wbuf_urlenc(O, from);
		wbuf_puts(O, "&amp;to=");
		wbuf_urlenc(O, to);
		wbuf_printf(O, "\">%s</a>, ", labels[i]);
	}
	if (q->role >= ROLE_COORDINATOR)
		wbuf_printf(O, "<a id=\"csv-devices\" href=\"/export/devices.csv\">%s</a>",
			    _("the machines (serial numbers as keyed HMACs)"));
	wbuf_puts(O, "</p>");
}

void page_stats(struct web_req *q)
{
	const char *from, *to, *bad = web_range_args(q, 1, &from, &to);
	struct reco_err e = { 0 };
	json_t *s = reg_stats(q->reg, from, to, &e);
	if (!s) {
		web_error_page(q, 500, e.msg);
		return;
	}
	page_begin(q, _("Statistics"));
	wbuf_puts(O, "<form method=\"get\" action=\"/stats\" class=\"filters\" id=\"stats-range\">");
	web_range_inputs(q, 1, _("From the month of"), _("to the month of"), from, to);
	wbuf_printf(O, "<button id=\"show\">%s</button></form>", _("Show"));
	web_range_error(q, 1, bad);
	json_t *hh = json_object_get(s, "households");
	long long n = json_integer_value(json_object_get(hh, "reached"));
	long long people = json_integer_value(json_object_get(hh, "people"));
	long long unknown = json_integer_value(json_object_get(hh, "size_unknown"));
	char a[32], b[32];
	wbuf_puts(O, "<p class=\"summary\" id=\"households\">");
	wbuf_printf(O, ngettext("%s household reached", "%s households reached", (unsigned long)n),
		    reco_fmt_int(NULL, n, a, sizeof(a)));
	wbuf_printf(O, ngettext(" (%s person", " (%s people", (unsigned long)people), reco_fmt_int(NULL, people, b, sizeof(b)));
	if (unknown)
		wbuf_printf(O, ngettext(", and a household of unknown size", ", and %lld households of unknown size",
					(unsigned long)unknown), unknown);
	wbuf_puts(O, ")</p>");
	const char *labels[] = { _("Received"), _("Refurbished"), _("Allocated"), _("Handed over"), _("Returned"),
				 _("Recycled") };
	json_t *months = json_object_get(s, "months");
	chart(q, months, labels);
	wbuf_printf(O, "<h2>%s</h2><table id=\"stats\"><tr><th>%s</th>", _("Per month"), _("Month"));
	for (int k = 0; k < 6; k++)
		wbuf_printf(O, "<th>%s</th>", labels[k]);
	wbuf_printf(O, "<th>%s</th></tr>", _("Households reached"));
	size_t i;
	json_t *m;
	json_array_foreach(months, i, m) {
		char month[64];
		wbuf_puts(O, "<tr>");
		web_cell(q, reco_fmt_month(NULL, web_jstr(m, "month"), month, sizeof(month)));
		for (int k = 0; k < 6; k++)
			num_cell(q, json_integer_value(json_object_get(m, keys[k])));
		num_cell(q, json_integer_value(json_object_get(m, "households")));
		wbuf_puts(O, "</tr>");
	}
	wbuf_puts(O, "</table>");
	by_table(q, s, 1);
	by_table(q, s, 0);
	csv_links(q, from, to);
	struct reg_checkpoint c;
	const char *body = json_string_value(json_object_get(json_object_get(s, "checkpoint"), "checkpoint"));
	struct reco_err ce = { 0 };
	if (body && !reg_checkpoint_parse(body, strlen(body), &c, &ce)) {
		char when[48];
		wbuf_printf(O, "<p id=\"checkpoint\">%s ", _("Signed checkpoint of the history:"));
		wbuf_printf(O, ngettext("%s event, head %.16s…, signed %s.", "%s events, head %.16s…, signed %s.",
					(unsigned long)c.events),
			    reco_fmt_int(NULL, c.events, a, sizeof(a)), c.head,
			    reco_fmt_rfc3339(NULL, c.at, 1, when, sizeof(when)));
		wbuf_printf(O, " <a href=\"/api/checkpoint.json?events=%lld\">checkpoint.json</a>"
			       " <a href=\"/api/checkpoint.json.sig?events=%lld\">checkpoint.json.sig</a>"
			       " <a href=\"/api/registry-key.pem\">registry-key.pem</a></p>",
			    c.events, c.events);
		reg_checkpoint_release(&c);
	}
	json_decref(s);
	page_end(q);
}

/* Answers with the bytes a FILE* wrote into memory, as a CSV download. */
static void csv_answer(struct web_req *q, char *buf, size_t len, const char *filename)
{
	q->blob = (unsigned char *)buf;
	q->blob_len = len;
	q->ctype = "text/csv; charset=utf-8";
	snprintf(q->disposition, sizeof(q->disposition), "attachment; filename=\"%s\"", filename);
}

void page_stats_csv(struct web_req *q)
{
	const char *by = web_arg(q, "by"), *from = web_arg(q, "from"), *to = web_arg(q, "to");
	if (strcmp(by, "month") && strcmp(by, "programme") && strcmp(by, "referrer")) {
		web_error_page(q, 400, _("Figures per month, programme or referrer?"));
		return;
	}
	struct reco_err e = { 0 };
	json_t *s = reg_stats(q->reg, from, to, &e);
	if (!s) {
		web_error_page(q, e.code == -EINVAL ? 400 : 500, e.msg);
		return;
	}
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc = f ? reg_stats_csv_by(s, by, f) : -1;
	if (f)
		fclose(f);
	json_decref(s);
	if (rc) {
		free(buf);
		web_error_page(q, 500, strerror(EIO));
		return;
	}
	char name[80];
	snprintf(name, sizeof(name), "reco-%s.csv", by);
	csv_answer(q, buf, len, name);
}

void page_export_devices(struct web_req *q)
{
	char *buf = NULL;
	size_t len = 0;
	struct reco_err e = { 0 };
	FILE *f = open_memstream(&buf, &len);
	int rc = f ? reg_export_csv(q->reg, f, &e) : -1;
	if (f)
		fclose(f);
	if (rc) {
		free(buf);
		web_error_page(q, 500, e.msg[0] ? e.msg : strerror(EIO));
		return;
	}
	csv_answer(q, buf, len, "reco-devices.csv");
}
