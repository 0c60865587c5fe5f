/*
 * guard.c — what stands between a PC that boots by mistake and a wipe, and
 * between a finished run and a lost report:
 *   - over the network, reco.yes=1 alone never suffices: an arming token
 *     the netboot server hands out for a limited window (mknetboot --arm),
 *     or this machine's DMI serial/UUID in allow_machines (reco.conf);
 *   - a data directory in RAM (no stick: network or CD boot) is said so,
 *     and a RECO-DATA stick can be attached during the run;
 *   - a report is safe only when signed and on a stick, or sent.
 */
#include "menu.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/proc.h"
#include "lib/sysroot.h"
#include "lib/util.h"
#include "lib/x509.h"

static const char *flag_path(void)
{
	const char *f = getenv("RECO_VOLATILE_FLAG");
	return f && *f ? f : "/run/reco/data-volatile";
}

int menu_data_volatile(void)
{
	return access(flag_path(), F_OK) == 0;
}

int menu_attach_data(struct menu_run *r)
{
	const char *cmd = getenv("RECO_ATTACH_DATA");
	if (!cmd || !*cmd)
		cmd = "/usr/lib/reco-live/attach-data";
	r->attach_why[0] = '\0';
	if (access(cmd, X_OK) != 0) {
		snprintf(r->attach_why, sizeof(r->attach_why), _("%s: not found"), cmd);
		return -ENOENT;
	}
	char *argv[] = { (char *)cmd, r->data, NULL };
	struct reco_proc p;
	int rc = reco_proc_run(argv, 60000, 1 << 16, &p);
	if (rc)
		return rc;
	int st = p.status;
	/* its last line says why it took no stick */
	char *e = p.err;
	size_t n = p.err_len;
	while (n && (e[n - 1] == '\n' || e[n - 1] == '\r'))
		n--;
	size_t b = n;
	while (b && e[b - 1] != '\n')
		b--;
	if (st && n > b)
		snprintf(r->attach_why, sizeof(r->attach_why), "%.*s", (int)(n - b), e + b);
	reco_proc_release(&p);
	r->volatile_data = menu_data_volatile();
	return st == 0 && !r->volatile_data ? 0 : 1;
}

int menu_report_unsafe(const struct menu_run *r)
{
	if (!r->report[0])
		return 0;
	if (!r->certified)
		return 1;
	return r->volatile_data && r->sync != SYNC_SENT;
}

const char *menu_report_missing(const struct menu_run *r, char *buf, size_t size)
{
	buf[0] = '\0';
	if (!r->report[0])
		return buf;
	if (!r->certified)
		snprintf(buf, size, "%s",
			 _("The report is NOT signed: there is no station key (keys/station.key and station.pem on the RECO-DATA stick). The registry will not accept it: plug in the station's RECO-DATA stick and run the report again."));
	else if (r->volatile_data && r->sync != SYNC_SENT)
		snprintf(buf, size, "%s",
			 _("The report is only in memory (no RECO-DATA stick) and was not sent: it is lost at power-off. Plug in the RECO-DATA stick, or connect the network to the registry, before switching off."));
	return buf;
}

void menu_kv(const char *text, const char *key, char *out, size_t size)
{
	out[0] = '\0';
	size_t kl = strlen(key);
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (!strncmp(l, key, kl) && l[kl] == '=') {
			size_t n = strcspn(l + kl + 1, "\r\n");
			snprintf(out, size, "%.*s", (int)(n < size ? n : size - 1), l + kl + 1);
			return;
		}
}

/* 1 when one of the comma/space separated words of list equals v (case ignored). */
static int listed(const char *list, const char *v)
{
	if (!v || !*v)
		return 0;
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s", list);
	char *save = NULL;
	for (char *w = strtok_r(buf, ", \t", &save); w; w = strtok_r(NULL, ", \t", &save))
		if (!strcasecmp(w, v))
			return 1;
	return 0;
}

int menu_netboot_allowed(const struct menu_run *r, time_t now, char *why, size_t size)
{
	const json_t *sys = json_object_get(json_object_get(r->inventory, "system"), "system");
	const char *serial = json_string_value(json_object_get(sys, "serial"));
	const char *uuid = json_string_value(json_object_get(sys, "uuid"));
	if (r->o.allow[0] && (listed(r->o.allow, serial) || listed(r->o.allow, uuid))) {
		snprintf(why, size, _("this machine (%s) is in allow_machines"), listed(r->o.allow, serial) ? serial : uuid);
		return 0;
	}
	const char *f = getenv("RECO_ARM_FILE");
	if (!f || !*f)
		f = "/run/reco/arm";
	char *text = NULL;
	size_t len;
	if (reco_read_file("", f, &text, &len, 4096) != 0) {
		snprintf(why, size, "%s",
			 _("network boot: reco.yes=1 is not enough; the netboot server is not armed (mknetboot --arm MINUTES) and this machine is not in allow_machines"));
		return 1;
	}
	char token[128], issued[64], expires[64];
	int ok_schema = !strncmp(text, "reco-arm/1", 10);
	menu_kv(text, "token", token, sizeof(token));
	menu_kv(text, "issued", issued, sizeof(issued));
	menu_kv(text, "expires", expires, sizeof(expires));
	free(text);
	time_t ti, te;
	size_t hex = 0;
	while (isxdigit((unsigned char)token[hex]))
		hex++;
	if (!ok_schema || hex < 16 || token[hex] || reco_parse_rfc3339(issued, &ti) || reco_parse_rfc3339(expires, &te) ||
	    te <= ti || te - ti > 24 * 3600) {
		snprintf(why, size, _("%s: not a valid arming token (reco-arm/1, token, issued, expires within a day)"), f);
		return 1;
	}
	char n[32];
	reco_time_rfc3339(now, n, sizeof(n));
	if (now < ti) {
		snprintf(why, size, _("the arming token was issued at %s, but this computer's clock says %s: its clock is wrong; nothing is wiped"),
			 issued, n);
		return 1;
	}
	if (now >= te) {
		snprintf(why, size, _("the arming token expired at %s (it is %s): arm the netboot server again (mknetboot --arm)"),
			 expires, n);
		return 1;
	}
	snprintf(why, size, _("the netboot server is armed until %s (token %.8s…)"), expires, token);
	return 0;
}
