/*
 * webpick.c — allocating a machine from the browser, without JavaScript,
 * in three steps on one page: pick a ready machine from a list (not a
 * free-text id), find the beneficiary by reference, referrer or programme
 * (each with the machines they have and their quota; a household whose
 * quota is used up cannot be picked), then check a summary that shows the
 * quota left before the one button that allocates.  Steps 1 and 2 are a
 * GET form (a search keeps the machine chosen); step 3 posts with the
 * session's CSRF token.  A refused allocation comes back to this page with
 * the reason and everything that was chosen or typed.  Every value goes
 * through wbuf_esc() or wbuf_urlenc(), as in webpages.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "webint.h"

#define O (&q->out)

struct pick {
	char device[256], beneficiary[128], programme[128], search[128];
};

/* The choices so far: a refused POST's fields, else the query's. */
static void read_pick(struct web_req *q, struct pick *p)
{
	static const char *const names[] = { "device", "beneficiary", "programme", "q" };
	char *dst[] = { p->device, p->beneficiary, p->programme, p->search };
	size_t sz[] = { sizeof(p->device), sizeof(p->beneficiary), sizeof(p->programme), sizeof(p->search) };
	for (int i = 0; i < 4; i++) {
		if (q->body)
			web_field(q, names[i], dst[i], sz[i]);
		else
			snprintf(dst[i], sz[i], "%s", web_arg(q, names[i]));
	}
}

static void hidden(struct web_req *q, const char *name, const char *value)
{
	wbuf_printf(O, "<input type=\"hidden\" name=\"%s\" value=\"", name);
	wbuf_esc(O, value);
	wbuf_puts(O, "\">");
}

/* Step 1: the ready machines; the one chosen is kept even when it is not
 * (or no longer) ready, so that the refusal can say why. */
static json_t *machine_step(struct web_req *q, const struct pick *p)
{
	struct reg_device_filter f = { .state = "ready", .limit = 500 };
	struct reco_err e = { 0 };
	json_t *ready = reg_devices_list(q->reg, &f, &e);
	json_t *chosen = NULL;
	if (!ready)
		return NULL;
	wbuf_printf(O, "<h2>%s</h2><p><label>%s <select name=\"device\" id=\"device\"><option value=\"\">%s</option>",
		    _("1. The machine"), _("Ready machine"), _("— choose —"));
	size_t i;
	json_t *d;
	json_array_foreach(ready, i, d) {
		int sel = !strcmp(web_jstr(d, "id"), p->device);
		if (sel)
			chosen = json_incref(d);
		wbuf_puts(O, "<option value=\"");
		wbuf_esc(O, web_jstr(d, "id"));
		wbuf_printf(O, "\"%s>", sel ? " selected" : "");
		wbuf_esc(O, web_jstr(d, "id"));
		wbuf_puts(O, " — ");
		wbuf_esc(O, web_jstr(d, "vendor"));
		wbuf_puts(O, " ");
		wbuf_esc(O, web_jstr(d, "product"));
		if (*web_jstr(d, "grade")) {
			wbuf_printf(O, " — %s ", _("grade"));
			wbuf_esc(O, web_jstr(d, "grade"));
		}
		wbuf_puts(O, "</option>");
	}
	if (*p->device && !chosen) {
		json_t *dev = reg_device_show(q->reg, p->device, &e);
		wbuf_puts(O, "<option selected value=\"");
		wbuf_esc(O, p->device);
		wbuf_puts(O, "\">");
		wbuf_esc(O, p->device);
		wbuf_puts(O, " — ");
		wbuf_esc(O, dev ? reg_word_state(web_jstr(dev, "state")) : _("unknown machine"));
		wbuf_puts(O, "</option>");
		chosen = dev;
	}
	wbuf_puts(O, "</select></label></p>");
	if (!json_array_size(ready))
		wbuf_printf(O, "<p class=\"warn\" id=\"none-ready\">%s</p>",
			    _("No machine is ready: a wiped machine is marked ready from its page."));
	json_decref(ready);
	return chosen ? chosen : json_object();
}

/* Step 2: the households found, with their quota; the chosen one back. */
static json_t *beneficiary_step(struct web_req *q, const struct pick *p)
{
	struct reco_err e = { 0 };
	json_t *found = reg_beneficiary_find(q->reg, p->search, &e);
	json_t *chosen = NULL;
	if (!found)
		return NULL;
	wbuf_printf(O, "<h2>%s</h2><p><label>%s <input name=\"q\" id=\"q\" value=\"", _("2. The beneficiary"),
		    _("Find by reference, referrer or programme"));
	wbuf_esc(O, p->search);
	wbuf_printf(O, "\"></label><button id=\"find\">%s</button></p>", _("Search"));
	wbuf_printf(O, "<table id=\"beneficiaries\"><tr><th></th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
		    _("Reference"), _("Referrer"), _("Household"), _("Programmes"), _("Machines / quota"));
	size_t i, k;
	json_t *b, *pr;
	json_array_foreach(found, i, b) {
		if (i == 200)
			break;
		const char *ref = web_jstr(b, "ref");
		long long used = json_integer_value(json_object_get(b, "allocations"));
		long long quota = json_integer_value(json_object_get(b, "quota"));
		int full = used >= quota, sel = !strcmp(ref, p->beneficiary);
		if (sel)
			chosen = json_incref(b);
		wbuf_printf(O, "<tr class=\"beneficiary%s\"><td><input type=\"radio\" name=\"beneficiary\" value=\"",
			    full ? " full" : "");
		wbuf_esc(O, ref);
		wbuf_printf(O, "\"%s%s></td>", sel ? " checked" : "", full && !sel ? " disabled" : "");
		web_cell(q, ref);
		web_cell(q, web_jstr(b, "referrer"));
		long long hs = json_integer_value(json_object_get(b, "household_size"));
		if (hs > 0)
			wbuf_printf(O, "<td class=\"num\">%lld</td>", hs);
		else
			wbuf_puts(O, "<td>?</td>");
		wbuf_puts(O, "<td>");
		json_array_foreach(json_object_get(b, "programmes"), k, pr) {
			wbuf_puts(O, k ? ", " : "");
			wbuf_esc(O, reg_programme_label(json_string_value(pr)));
		}
		wbuf_printf(O, "</td><td class=\"%s\">%lld / %lld", full ? "bad" : "ok", used, quota);
		if (full)
			wbuf_printf(O, " — %s", _("quota reached"));
		wbuf_puts(O, "</td></tr>");
	}
	wbuf_puts(O, "</table>");
	if (!json_array_size(found))
		wbuf_printf(O, "<p id=\"no-beneficiary\">%s</p>", _("No beneficiary matches: add one on the Beneficiaries page."));
	json_decref(found);
	return chosen;
}

/* Step 3: what will be recorded, the quota left, and the button. */
static void summary_step(struct web_req *q, const struct pick *p, json_t *dev, json_t *ben)
{
	long long used = json_integer_value(json_object_get(ben, "allocations"));
	long long quota = json_integer_value(json_object_get(ben, "quota"));
	long long left = quota - used;
	wbuf_printf(O, "<div class=\"summary\" id=\"allocation-summary\"><h2>%s</h2><p>%s ", _("3. Check and allocate"),
		    _("Machine:"));
	wbuf_esc(O, p->device);
	wbuf_puts(O, " — ");
	wbuf_esc(O, web_jstr(dev, "vendor"));
	wbuf_puts(O, " ");
	wbuf_esc(O, web_jstr(dev, "product"));
	wbuf_printf(O, "</p><p>%s ", _("Beneficiary:"));
	wbuf_esc(O, p->beneficiary);
	if (*web_jstr(ben, "referrer")) {
		wbuf_puts(O, " — ");
		wbuf_esc(O, web_jstr(ben, "referrer"));
	}
	wbuf_printf(O, "</p><p id=\"quota\" class=\"%s\">", left > 0 ? "ok" : "bad");
	wbuf_printf(O, ngettext("Quota: %lld of %lld machine used", "Quota: %lld of %lld machines used",
				(unsigned long)quota), used, quota);
	wbuf_puts(O, " — ");
	if (left > 0)
		wbuf_printf(O, ngettext("this allocation uses the last one", "%lld left before this allocation",
					(unsigned long)(left > 1 ? left : 1)),
			    left);
	else
		wbuf_puts(O, _("quota reached: this allocation will be refused"));
	wbuf_puts(O, "</p><form method=\"post\" action=\"/allocate\" id=\"allocate-form\">");
	web_csrf_field(q);
	hidden(q, "device", p->device);
	hidden(q, "beneficiary", p->beneficiary);
	hidden(q, "q", p->search);
	wbuf_printf(O, "<p><label>%s <input name=\"programme\" id=\"programme\" list=\"programmes\" value=\"", _("Programme"));
	wbuf_esc(O, p->programme);
	wbuf_printf(O, "\"></label></p><p><button id=\"do-allocate\">%s</button></p></form></div>", _("Allocate"));
}

/* The programmes already used, offered when typing one. */
static void programmes_list(struct web_req *q)
{
	struct rdb_res *res = NULL;
	struct reco_err e = { 0 };
	if (rdb_q(q->reg->db, &res, &e, "SELECT DISTINCT programme FROM allocations WHERE programme <> ?"
		  " ORDER BY programme", "default"))
		return;
	wbuf_puts(O, "<datalist id=\"programmes\">");
	for (int i = 0; i < res->nrows; i++) {
		wbuf_puts(O, "<option value=\"");
		wbuf_esc(O, rdb_val(res, i, 0));
		wbuf_puts(O, "\">");
	}
	wbuf_puts(O, "</datalist>");
	rdb_res_free(res);
}

void page_allocate(struct web_req *q, const char *error)
{
	struct pick p;
	read_pick(q, &p);
	page_begin(q, _("Allocate a machine"));
	if (error) {
		wbuf_puts(O, "<p class=\"error\" id=\"error\">");
		wbuf_esc(O, error);
		wbuf_puts(O, "</p>");
	}
	wbuf_puts(O, "<form method=\"get\" action=\"/allocate\" id=\"choose-form\">");
	json_t *dev = machine_step(q, &p);
	json_t *ben = dev ? beneficiary_step(q, &p) : NULL;
	hidden(q, "programme", p.programme);
	wbuf_printf(O, "<p><button id=\"choose\">%s</button></p></form>", _("Continue"));
	if (dev && ben && *p.device)
		summary_step(q, &p, dev, ben);
	else if (dev && *p.device && *p.beneficiary)
		wbuf_printf(O, "<p class=\"error\">%s</p>", _("This beneficiary is not among those found: search again."));
	programmes_list(q);
	json_decref(dev);
	json_decref(ben);
	page_end(q);
}

void action_allocate(struct web_req *q)
{
	struct pick p;
	read_pick(q, &p);
	char id[64];
	struct reco_err e = { 0 };
	struct registry r = web_acting(q);
	if (reg_allocate(&r, p.device, p.beneficiary, p.programme, id, sizeof(id), &e)) {
		page_allocate(q, e.msg);
		q->status = 422;
		return;
	}
	char to[128];
	snprintf(to, sizeof(to), "/allocation?id=%s", id);
	web_redirect(q, to);
}
