/*
 * webpages.c — the registry's page frame, login and beneficiaries pages,
 * and the pieces every page uses (the device pages are in webdevice.c, the
 * allocations in weballoc.c, the statistics in webstats.c).
 * Server-rendered, no JavaScript; every value from the
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
#include "lib/l10n.h"
#include "lib/util.h"
#include "webint.h"

const char web_css[] =
	"body{font-family:sans-serif;margin:0;color:#222;line-height:1.35}"
	"nav{background:#234;padding:.5em 1em}nav a,nav span{color:#fff;margin-right:1em}"
	"nav a.here{font-weight:bold;text-decoration:none;border-bottom:2px solid #fff}"
	"nav form{display:inline}main{padding:1em;max-width:80em}"
	"table{border-collapse:collapse;margin:.3em 0 1em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;"
	"vertical-align:top}th{background:#f3f3f3}td.num{text-align:right}"
	".ok{color:#060;font-weight:bold}.bad{color:#a00;font-weight:bold}.warn{color:#a60;font-weight:bold}"
	".error{color:#a00;font-weight:bold}.muted{color:#666}"
	"form.inline{display:inline}label{margin-right:1em}form.filters{background:#f6f6f6;padding:.5em;margin-bottom:.5em}"
	".conflict{border:2px solid #a00;padding:.5em;margin:1em 0}"
	".cols{display:flex;flex-wrap:wrap;gap:2em}.cols>section{flex:1 1 24em}"
	".card{border:1px solid #ccc;border-radius:4px;padding:.5em 1em;background:#fafafa}"
	".card dt{font-weight:bold;margin-top:.4em}.card dd{margin:0 0 0 1em}"
	".actions a,.actions form{margin-right:1.5em}.actions{margin:.8em 0}"
	".danger{border:2px solid #a00;padding:.5em 1em;background:#fff5f5}"
	".summary{border:2px solid #48a;padding:.5em 1em;background:#f4f8fc;margin:1em 0}"
	".tabs a{margin-right:1em}";

#define O (&q->out)

void web_date(struct web_req *q, const char *rfc3339, int with_time)
{
	char buf[64];
	wbuf_esc(O, reco_fmt_rfc3339(NULL, rfc3339, with_time, buf, sizeof(buf)));
}

const char *web_range_args(struct web_req *q, int months, const char **from, const char **to)
{
	const char *bad = NULL;
	*from = web_arg(q, "from");
	*to = web_arg(q, "to");
	if (**from && !(months ? reg_month_valid(*from) : reg_day_valid(*from)))
		bad = *from, *from = "";
	if (**to && !(months ? reg_month_valid(*to) : reg_day_valid(*to)))
		bad = *to, *to = "";
	return bad;
}

void web_range_error(struct web_req *q, int months, const char *bad)
{
	char msg[200];
	if (!bad)
		return;
	snprintf(msg, sizeof(msg), months ? _("%s: a month is written YYYY-MM") : _("%s: a day is written YYYY-MM-DD"),
		 bad);
	wbuf_puts(O, "<p class=\"error\" id=\"error\">");
	wbuf_esc(O, msg);
	wbuf_puts(O, "</p>");
}

void web_range_inputs(struct web_req *q, int months, const char *label_from, const char *label_to,
		      const char *from, const char *to)
{
	const char *type = months ? "month" : "date";
	wbuf_printf(O, "<label>%s <input type=\"%s\" name=\"from\" id=\"from\" value=\"", label_from, type);
	wbuf_esc(O, from);
	wbuf_printf(O, "\"></label><label>%s <input type=\"%s\" name=\"to\" id=\"to\" value=\"", label_to, type);
	wbuf_esc(O, to);
	wbuf_puts(O, "\"></label>");
}

void web_device_link(struct web_req *q, const char *id)
{
	wbuf_puts(O, "<a href=\"/device?id=");
	wbuf_urlenc(O, id);
	wbuf_puts(O, "\">");
	wbuf_esc(O, id);
	wbuf_puts(O, "</a>");
}

void web_read_reason_form(struct web_req *q, struct web_reason_form *f)
{
	web_field(q, "id", f->id, sizeof(f->id));
	web_field(q, "reason", f->code, sizeof(f->code));
	web_field(q, "note", f->note, sizeof(f->note));
}

struct registry web_acting(struct web_req *q)
{
	struct registry r = *q->reg;
	r.actor = q->user;
	return r;
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
		static const struct { const char *path, *id; enum web_role role; const char *label; } nav[] = {
			{ "/devices", "nav-devices", ROLE_VIEWER, N_("Devices") },
			{ "/import", "nav-import", ROLE_VOLUNTEER, N_("Import") },
			{ "/allocations", "nav-allocations", ROLE_COORDINATOR, N_("Allocations") },
			{ "/beneficiaries", "nav-beneficiaries", ROLE_COORDINATOR, N_("Beneficiaries") },
			{ "/stats", "nav-stats", ROLE_VIEWER, N_("Statistics") },
			{ "/users", "nav-users", ROLE_ADMIN, N_("Accounts") },
		};
		for (size_t i = 0; i < sizeof(nav) / sizeof(nav[0]); i++)
			if (q->role >= nav[i].role)
				wbuf_printf(O, "<a href=\"%s\" id=\"%s\"%s>%s</a>", nav[i].path, nav[i].id,
					    !strcmp(q->path, nav[i].path) ? " class=\"here\"" : "", _(nav[i].label));
		wbuf_puts(O, "<span>");
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
		long long hs = json_integer_value(json_object_get(b, "household_size"));
		if (hs > 0)
			snprintf(tmp, sizeof(tmp), "%lld", hs);
		else
			snprintf(tmp, sizeof(tmp), "?"); /* not recorded */
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
