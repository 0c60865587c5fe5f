/*
 * webpages.c — the registry's HTML pages and form actions (the device pages
 * are in webdevice.c).  Server-rendered, no JavaScript; every value from the
 * database or the request goes through wbuf_esc() (HTML) or wbuf_urlenc()
 * (URLs).  French by default.
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

const char web_css[] =
	"body{font-family:sans-serif;margin:0;color:#222}"
	"nav{background:#234;padding:.5em 1em}nav a,nav span{color:#fff;margin-right:1em}"
	"nav form{display:inline}main{padding:1em}"
	"table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
	".ok{color:#060;font-weight:bold}.bad{color:#a00;font-weight:bold}.error{color:#a00}"
	"form.inline{display:inline}label{margin-right:1em}"
	".conflict{border:2px solid #a00;padding:.5em;margin:1em 0}";

#define O (&q->out)

const char *web_state_label(const char *s)
{
	static const struct { const char *k, *v; } t[] = {
		{ "received", N_("received") }, { "tested", N_("tested") }, { "wiped", N_("wiped") },
		{ "ready", N_("ready") }, { "allocated", N_("allocated") }, { "delivered", N_("delivered") },
		{ "returned", N_("returned") }, { "recycled", N_("recycled") },
	};
	for (size_t i = 0; s && i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(s, t[i].k))
			return _(t[i].v);
	return s ? s : "";
}

void web_csrf_field(struct web_req *q)
{
	wbuf_puts(O, "<input type=\"hidden\" name=\"csrf\" value=\"");
	wbuf_esc(O, q->csrf);
	wbuf_puts(O, "\">");
}

void page_begin(struct web_req *q, const char *title)
{
	wbuf_printf(O, "<!DOCTYPE html><html lang=\"%s\"><head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width\"><title>", q->lang);
	wbuf_esc(O, title);
	wbuf_puts(O, " — reco</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head><body><nav>");
	if (q->role) {
		wbuf_printf(O, "<a href=\"/devices\">%s</a>", _("Devices"));
		if (q->role >= ROLE_COORDINATOR)
			wbuf_printf(O, "<a href=\"/beneficiaries\">%s</a>", _("Beneficiaries"));
		if (q->role >= ROLE_ADMIN)
			wbuf_printf(O, "<a href=\"/users\" id=\"nav-users\">%s</a>", _("Accounts"));
		wbuf_printf(O, "<a href=\"/stats\">%s</a><span>", _("Statistics"));
		wbuf_esc(O, q->user);
		wbuf_puts(O, "</span><form method=\"post\" action=\"/logout\">");
		web_csrf_field(q);
		wbuf_printf(O, "<button id=\"logout\">%s</button></form> ", _("Log out"));
	}
	wbuf_puts(O, !strcmp(q->lang, "fr") ? "<a id=\"lang\" href=\"/lang?l=en&amp;back=/devices\">English</a>"
					    : "<a id=\"lang\" href=\"/lang?l=fr&amp;back=/devices\">Français</a>");
	wbuf_puts(O, "</nav><main><h1>");
	wbuf_esc(O, title);
	wbuf_puts(O, "</h1>");
}

void page_end(struct web_req *q)
{
	wbuf_puts(O, "</main></body></html>\n");
}

void page_login(struct web_req *q, const char *error)
{
	char tok[65];
	reg_random_hex(16, tok);
	snprintf(q->set_cookie[1], sizeof(q->set_cookie[1]),
		 "reco_login_csrf=%s; Path=/login; HttpOnly; SameSite=Strict%s", tok,
		 q->secure ? "; Secure" : "");
	page_begin(q, _("Log in"));
	if (error) {
		wbuf_puts(O, "<p class=\"error\" id=\"error\">");
		wbuf_esc(O, error);
		wbuf_puts(O, "</p>");
	}
	wbuf_printf(O, "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		       "<p><label>%s <input name=\"user\" id=\"user\" autocomplete=\"username\"></label></p>"
		       "<p><label>%s <input type=\"password\" name=\"password\" id=\"password\""
		       " autocomplete=\"current-password\"></label></p>"
		       "<p><button id=\"login\">%s</button></p></form>",
		    tok, _("User name"), _("Password"), _("Log in"));
	page_end(q);
}

const char *web_jstr(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

void web_reason_fields(struct web_req *q, const char *prefix, int required)
{
	wbuf_printf(O, "<label>%s <select name=\"reason\" id=\"%s-reason\"%s>", _("Reason"), prefix,
		    required ? " required" : "");
	if (!required)
		wbuf_puts(O, "<option value=\"\">—</option>");
	for (int i = 0; reg_reasons[i].code; i++)
		wbuf_printf(O, "<option value=\"%s\">%s</option>", reg_reasons[i].code,
			    reg_reason_label(reg_reasons[i].code));
	wbuf_printf(O, "</select></label><label>%s <input name=\"note\" id=\"%s-note\" maxlength=\"2000\"></label>",
		    _("Note (coordinators only, deleted by the purge)"), prefix);
}

void web_cell(struct web_req *q, const char *s)
{
	wbuf_puts(O, "<td>");
	wbuf_esc(O, s);
	wbuf_puts(O, "</td>");
}

void page_beneficiaries(struct web_req *q, const char *msg)
{
	struct reco_err e = { 0 };
	json_t *l = reg_beneficiary_list(q->reg, 1, &e);
	if (!l) {
		web_error_page(q, 500, e.msg);
		return;
	}
	page_begin(q, _("Beneficiaries"));
	if (msg) {
		wbuf_puts(O, "<p id=\"message\">");
		wbuf_esc(O, msg);
		wbuf_puts(O, "</p>");
	}
	wbuf_printf(O, "<table id=\"beneficiaries\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th></th></tr>",
		    _("Reference"), _("Household"), _("Referrer"), _("Machines"), _("Contact"));
	size_t i;
	json_t *b;
	json_array_foreach(l, i, b) {
		char tmp[64];
		wbuf_puts(O, "<tr>");
		web_cell(q, web_jstr(b, "ref"));
		snprintf(tmp, sizeof(tmp), "%lld", (long long)json_integer_value(json_object_get(b, "household_size")));
		web_cell(q, tmp);
		web_cell(q, web_jstr(b, "referrer"));
		snprintf(tmp, sizeof(tmp), "%lld / %lld", (long long)json_integer_value(json_object_get(b, "allocations")),
			 (long long)json_integer_value(json_object_get(b, "quota")));
		web_cell(q, tmp);
		char contact[1200];
		snprintf(contact, sizeof(contact), "%s %s %s %s", web_jstr(b, "name"), web_jstr(b, "phone"), web_jstr(b, "email"),
			 web_jstr(b, "address"));
		web_cell(q, reco_strtrim(contact));
		wbuf_puts(O, "<td>");
		if (*contact) {
			wbuf_puts(O, "<form class=\"inline\" method=\"post\" action=\"/beneficiary/delete-contact\">");
			web_csrf_field(q);
			wbuf_puts(O, "<input type=\"hidden\" name=\"ref\" value=\"");
			wbuf_esc(O, web_jstr(b, "ref"));
			wbuf_printf(O, "\"><button>%s</button></form>", _("Delete contact details"));
		}
		wbuf_puts(O, "</td></tr>");
	}
	wbuf_puts(O, "</table>");
	json_decref(l);
	wbuf_printf(O, "<h2>%s</h2><form method=\"post\" action=\"/beneficiaries\" id=\"add-beneficiary\">", _("Add a beneficiary"));
	web_csrf_field(q);
	wbuf_printf(O, "<p><label>%s <input name=\"ref\" id=\"ref\"></label> %s</p>"
		       "<p><label>%s <input name=\"household\" id=\"household\" size=\"3\"></label>"
		       "<label>%s <input name=\"referrer\" id=\"referrer\"></label></p>"
		       "<p><label>%s <input name=\"name\" id=\"name\"></label><label>%s <input name=\"phone\" id=\"phone\"></label>"
		       "<label>%s <input name=\"email\" id=\"email\"></label></p><p><button id=\"add\">%s</button></p></form>",
		    _("Reference"), _("(generated when empty)"), _("Household size"), _("Referrer"),
		    _("Name (optional)"), _("Phone (optional)"), _("E-mail (optional)"), _("Add"));
	page_end(q);
}

void action_beneficiary_add(struct web_req *q)
{
	char ref[128], hs[16], referrer[256], name[256], phone[80], email[256];
	struct reg_beneficiary b = { 0 };
	web_field(q, "ref", ref, sizeof(ref));
	web_field(q, "household", hs, sizeof(hs));
	web_field(q, "referrer", referrer, sizeof(referrer));
	web_field(q, "name", name, sizeof(name));
	web_field(q, "phone", phone, sizeof(phone));
	web_field(q, "email", email, sizeof(email));
	b.ref = *ref ? ref : NULL;
	b.household_size = atoi(hs);
	b.referrer = referrer;
	b.contact_name = *name ? name : NULL;
	b.contact_phone = *phone ? phone : NULL;
	b.contact_email = *email ? email : NULL;
	char out[128];
	struct reco_err e = { 0 };
	if (reg_beneficiary_add(q->reg, &b, out, sizeof(out), &e)) {
		q->status = 422;
		page_beneficiaries(q, e.msg);
		q->status = 422;
		return;
	}
	char msg[300];
	snprintf(msg, sizeof(msg), _("Beneficiary %s added."), out);
	page_beneficiaries(q, msg);
}

void action_delete_contact(struct web_req *q)
{
	char ref[128];
	struct reco_err e = { 0 };
	web_field(q, "ref", ref, sizeof(ref));
	int rc = reg_beneficiary_delete_contact(q->reg, ref, &e);
	page_beneficiaries(q, rc < 0 ? e.msg : _("Contact details deleted."));
}

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
