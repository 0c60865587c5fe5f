/*
 * webadmin.c — the accounts page, for administrators: every account with
 * its role and whether it is disabled, and the forms that disable, enable
 * or remove one (users.c; its sessions end at once).  An administrator
 * cannot disable or remove their own account here (no locking oneself
 * out: `reco registry user` can).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"
#include "webint.h"

#define O (&q->out)

static void user_form(struct web_req *q, const char *action, const char *name, const char *label)
{
	wbuf_printf(O, "<form class=\"inline\" method=\"post\" action=\"/users/%s\">", action);
	web_csrf_field(q);
	wbuf_puts(O, "<input type=\"hidden\" name=\"name\" value=\"");
	wbuf_esc(O, name);
	wbuf_printf(O, "\"><button class=\"%s\">%s</button></form> ", action, label);
}

void page_users(struct web_req *q)
{
	struct reco_err e = { 0 };
	json_t *l = reg_users_list(q->reg, &e);
	if (!l) {
		web_error_page(q, 500, e.msg);
		return;
	}
	page_begin(q, _("Accounts"));
	wbuf_printf(O, "<table id=\"users\"><tr><th>%s</th><th>%s</th><th>%s</th><th></th></tr>", _("Name"),
		    _("Role"), _("State"));
	size_t i;
	json_t *u;
	json_array_foreach(l, i, u) {
		const char *name = web_jstr(u, "name");
		int disabled = *web_jstr(u, "disabled") != '\0';
		wbuf_puts(O, "<tr class=\"user\" data-name=\"");
		wbuf_esc(O, name);
		wbuf_puts(O, "\">");
		web_cell(q, name);
		web_cell(q, reg_word_role(web_jstr(u, "role")));
		web_cell(q, disabled ? _("disabled") : _("active"));
		wbuf_puts(O, "<td>");
		if (strcmp(name, q->user)) {
			if (disabled)
				user_form(q, "enable", name, _("Enable"));
			else
				user_form(q, "disable", name, _("Disable"));
			user_form(q, "remove", name, _("Remove"));
		}
		wbuf_puts(O, "</td></tr>");
	}
	wbuf_puts(O, "</table>");
	json_decref(l);
	page_end(q);
}

static void user_action(struct web_req *q, int what)
{
	char name[80];
	web_field(q, "name", name, sizeof(name));
	if (!strcmp(name, q->user)) {
		web_error_page(q, 422, _("You cannot disable or remove your own account here."));
		return;
	}
	struct reco_err e = { 0 };
	int rc = what == 2 ? reg_user_remove(q->reg, name, &e) : reg_user_disable(q->reg, name, what, &e);
	if (rc) {
		web_error_page(q, rc == -ENOENT ? 404 : 500, e.msg);
		return;
	}
	web_redirect(q, "/users");
}

void action_user_disable(struct web_req *q)
{
	user_action(q, 1);
}

void action_user_enable(struct web_req *q)
{
	user_action(q, 0);
}

void action_user_remove(struct web_req *q)
{
	user_action(q, 2);
}
