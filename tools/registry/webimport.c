/*
 * webimport.c — importing reports from the browser: a form that takes the
 * files of a session folder (report.json, report.json.sig, station.pem,
 * certificate.pdf) or the ZIP/tar archive of a whole RECO-DATA folder, and
 * the list of what became of each report.json: stored, already imported,
 * held by an identity conflict, or refused with the reason.  The files go
 * through bundle.c, hence the very verification of `reco registry import`.
 * Every value goes through wbuf_esc() or wbuf_urlenc(), as in webpages.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/util.h"
#include "webint.h"

#define O (&q->out)

struct import_run {
	json_t *rows;
	int stored, dup, held, refused;
};

static void add_row(struct import_run *run, const char *path, const char *result, const char *device,
		    const char *reason)
{
	json_t *o = json_pack("{s:s,s:s}", "path", path, "result", result);
	if (device && *device)
		json_object_set_new(o, "device_id", json_string(device));
	if (reason && *reason)
		json_object_set_new(o, "reason", json_string(reason));
	json_array_append_new(run->rows, o);
}

static void on_report(const char *path, int rc, const struct reg_import_info *info, const struct reco_err *e,
		      void *arg)
{
	struct import_run *run = arg;
	if (rc) {
		run->refused++;
		add_row(run, path, "refused", NULL, e->msg[0] ? e->msg : strerror(-rc));
	} else if (info->result == REG_IMPORT_DUPLICATE) {
		run->dup++;
		add_row(run, path, "duplicate", info->device_id, NULL);
	} else if (info->held) {
		run->held++;
		add_row(run, path, "held", info->device_id, NULL);
	} else {
		run->stored++;
		add_row(run, path, "stored", info->device_id, NULL);
	}
}

static const char *result_words(const char *r)
{
	if (!strcmp(r, "stored"))
		return _("stored");
	if (!strcmp(r, "duplicate"))
		return _("already imported");
	if (!strcmp(r, "held"))
		return _("stored, held: an identity conflict awaits a coordinator's decision");
	return _("refused");
}

static void results_table(struct web_req *q, const struct import_run *run, size_t ignored)
{
	wbuf_puts(O, "<p id=\"import-summary\">");
	wbuf_printf(O, ngettext("%d report stored", "%d reports stored", (unsigned long)run->stored), run->stored);
	wbuf_puts(O, ", ");
	wbuf_printf(O, ngettext("%d already imported", "%d already imported", (unsigned long)run->dup), run->dup);
	wbuf_puts(O, ", ");
	wbuf_printf(O, ngettext("%d held", "%d held", (unsigned long)run->held), run->held);
	wbuf_puts(O, ", ");
	wbuf_printf(O, ngettext("%d refused", "%d refused", (unsigned long)run->refused), run->refused);
	if (ignored) {
		wbuf_puts(O, " — ");
		wbuf_printf(O, ngettext("%zu other file left aside", "%zu other files left aside", (unsigned long)ignored),
			    ignored);
	}
	wbuf_printf(O, ".</p><table id=\"import-results\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
		    _("File"), _("Result"), _("Device"), _("Reason"));
	size_t i;
	json_t *r;
	json_array_foreach(run->rows, i, r) {
		const char *res = web_jstr(r, "result");
		wbuf_printf(O, "<tr class=\"import-%s\">", res);
		web_cell(q, web_jstr(r, "path"));
		wbuf_printf(O, "<td class=\"%s\">", !strcmp(res, "refused") || !strcmp(res, "held") ? "bad" : "ok");
		wbuf_esc(O, result_words(res));
		wbuf_puts(O, "</td><td>");
		if (*web_jstr(r, "device_id"))
			web_device_link(q, web_jstr(r, "device_id"));
		wbuf_puts(O, "</td>");
		web_cell(q, web_jstr(r, "reason"));
		wbuf_puts(O, "</tr>");
	}
	wbuf_puts(O, "</table>");
}

static void import_page(struct web_req *q, const struct import_run *run, size_t ignored, const char *error)
{
	page_begin(q, _("Import reports"));
	if (error) {
		wbuf_puts(O, "<p class=\"error\" id=\"error\">");
		wbuf_esc(O, error);
		wbuf_puts(O, "</p>");
	}
	if (run)
		results_table(q, run, ignored);
	wbuf_printf(O, "<p>%s</p><form method=\"post\" action=\"/import\" enctype=\"multipart/form-data\" id=\"import-form\">",
		    _("Choose the files of a session (report.json, report.json.sig, station.pem and, if there is "
		      "one, certificate.pdf), or the archive (ZIP, tar.gz) of a RECO-DATA folder: every report in "
		      "it is verified as the command line does, and only a report whose signature and station "
		      "hold is stored."));
	web_csrf_field(q);
	wbuf_printf(O, "<p><label>%s <input type=\"file\" name=\"files\" id=\"files\" multiple required></label></p>"
		       "<p><button id=\"do-import\">%s</button></p></form>",
		    _("Files or archive"), _("Import"));
	page_end(q);
}

void page_import(struct web_req *q)
{
	import_page(q, NULL, 0, NULL);
}

/* A file name from the form as text we can show and use as a path: bytes
 * that are not UTF-8 become '?', a leading '/' goes. */
static void clean_name(const char *in, char *out, size_t size)
{
	snprintf(out, size, "%s", in[0] == '/' ? in + 1 : in);
	if (!reco_utf8_valid(out, strlen(out)))
		for (char *c = out; *c; c++)
			if ((unsigned char)*c >= 0x80)
				*c = '?';
}

void action_import(struct web_req *q)
{
	size_t n = 0;
	struct web_part *parts = calloc(WEB_PARTS_MAX, sizeof(*parts));
	if (!parts || !web_is_multipart(q) ||
	    web_multipart_parse(q->body, q->body_len, q->content_type, parts, WEB_PARTS_MAX, &n)) {
		free(parts);
		q->status = 400;
		import_page(q, NULL, 0, _("The upload did not arrive whole: choose the files again."));
		q->status = 400;
		return;
	}
	struct import_run run = { .rows = json_array() };
	struct reg_files fs = { 0 };
	struct reco_err e = { 0 };
	int loose_reports = 0;
	for (size_t i = 0; i < n; i++)
		if (parts[i].has_filename && !strcmp(parts[i].name, "files") && !strcmp(parts[i].filename, "report.json"))
			loose_reports++;
	for (size_t i = 0; i < n; i++) {
		const struct web_part *p = &parts[i];
		if (!p->has_filename || strcmp(p->name, "files") || !p->filename[0])
			continue;
		char name[256];
		clean_name(p->filename, name, sizeof(name));
		memset(&e, 0, sizeof(e));
		if (loose_reports > 1 && !strchr(name, '/') && !reg_is_archive_name(name)) {
			/* loose files of several sessions cannot be told apart */
			if (!strcmp(name, "report.json")) {
				run.refused++;
				add_row(&run, name, "refused", NULL,
					_("several reports without their folders: send the archive of the folder instead"));
			}
			continue;
		}
		int rc = reg_is_archive_name(name) ? reg_files_from_archive(&fs, p->data, p->len, name, &e)
						   : reg_files_add(&fs, name, p->data, p->len, &e);
		if (rc) {
			run.refused++;
			add_row(&run, name, "refused", NULL, e.msg);
		}
	}
	free(parts);
	struct registry r = web_acting(q);
	int found = reg_import_bundles(&r, &fs, on_report, &run, &e);
	const char *error = NULL;
	if (!found && !run.refused)
		error = _("No report.json among these files: nothing was imported.");
	import_page(q, &run, fs.ignored, error);
	if (error)
		q->status = 422;
	reg_files_release(&fs);
	json_decref(run.rows);
}
