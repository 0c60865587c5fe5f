/*
 * options.c — the settings of `reco menu`: the kernel command line's reco.*
 * words (see the README, "Text menu and unattended mode") and reco.conf on
 * the RECO-DATA partition.  reco.conf is read first, then the command line
 * overrides it, then the program's own options.
 */
#include "menu.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/util.h"

void menu_opts_init(struct menu_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->steps = MENU_STEP_INVENTORY | MENU_STEP_DIAG | MENU_STEP_WIPE | MENU_STEP_REPORT;
	snprintf(o->method, sizeof(o->method), "auto");
	snprintf(o->verify, sizeof(o->verify), "full");
	o->countdown = -1;
}

int menu_countdown_seconds(const struct menu_opts *o)
{
	int s = o->countdown < 0 ? MENU_COUNTDOWN_DEFAULT : o->countdown;
	if (o->netboot && s < MENU_COUNTDOWN_NET_MIN)
		s = MENU_COUNTDOWN_NET_MIN;
	return s;
}


static int one_of(const char *v, const char *const *set)
{
	for (; *set; set++)
		if (!strcmp(v, *set))
			return 1;
	return 0;
}

static int bad(struct reco_err *e, const char *what, const char *v, const char *want)
{
	reco_err_set(e, -EINVAL, _("%s: invalid value '%s' (%s)"), what, v, want);
	return -EINVAL;
}

static int copy(char *dst, size_t size, const char *v, const char *what, struct reco_err *e)
{
	if (strlen(v) >= size) {
		reco_err_set(e, -EINVAL, _("%s: value too long"), what);
		return -EINVAL;
	}
	memcpy(dst, v, strlen(v) + 1);
	return 0;
}

static int set_seconds(int *dst, const char *what, const char *v, struct reco_err *e)
{
	char *end;
	long n = strtol(v, &end, 10);
	if (end == v || *end || n < 0 || n > 3600)
		return bad(e, what, v, "0 to 3600 seconds");
	*dst = (int)n;
	return 0;
}

static int parse_steps(struct menu_opts *o, const char *v, struct reco_err *e)
{
	static const struct { const char *name; unsigned bit; } names[] = {
		{ "inventory", MENU_STEP_INVENTORY }, { "diag", MENU_STEP_DIAG },
		{ "wipe", MENU_STEP_WIPE }, { "report", MENU_STEP_REPORT },
	};
	unsigned steps = 0;
	char buf[256];
	if (strlen(v) >= sizeof(buf))
		return bad(e, "reco.auto", v, "inventory,diag,wipe,report");
	snprintf(buf, sizeof(buf), "%s", v);
	char *save = NULL;
	for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save)) {
		size_t k;
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (!strcmp(w, names[k].name))
				break;
		if (k == sizeof(names) / sizeof(names[0])) {
			if (!strcmp(w, "all") || !strcmp(w, "1") || !strcmp(w, "yes")) {
				steps |= MENU_STEP_INVENTORY | MENU_STEP_DIAG | MENU_STEP_WIPE | MENU_STEP_REPORT;
				continue;
			}
			return bad(e, "reco.auto", w, "inventory,diag,wipe,report");
		}
		steps |= names[k].bit;
	}
	if (!steps)
		return bad(e, "reco.auto", v, "inventory,diag,wipe,report");
	/* Every step needs the inventory: it names the session. */
	o->steps = steps | MENU_STEP_INVENTORY;
	o->auto_ = 1;
	return 0;
}

static int set_bool(int *dst, const char *what, const char *v, struct reco_err *e)
{
	if (!strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on"))
		*dst = 1;
	else if (!strcmp(v, "0") || !strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off"))
		*dst = 0;
	else
		return bad(e, what, v, "1 or 0");
	return 0;
}

static int set_lang(struct menu_opts *o, const char *what, const char *v, struct reco_err *e)
{
	static const char *const langs[] = { "fr", "en", NULL };
	char l[3] = { 0 };
	if (strlen(v) >= 2) {
		l[0] = (char)tolower((unsigned char)v[0]);
		l[1] = (char)tolower((unsigned char)v[1]);
	}
	/* fr, en, fr_FR, en_GB.UTF-8 ... */
	if (!one_of(l, langs) || (v[2] && v[2] != '_' && v[2] != '-' && v[2] != '.'))
		return bad(e, what, v, "fr or en");
	memcpy(o->lang, l, 3);
	return 0;
}

/* One reco.KEY=VALUE word of the kernel command line. */
static int cmdline_word(struct menu_opts *o, const char *key, const char *v, struct reco_err *e)
{
	static const char *const methods[] = { "auto", "random", "zero", NULL };
	static const char *const verifies[] = { "full", "sample", NULL };
	static const char *const modes[] = { "recyclerie", "repair-cafe", NULL };
	if (!strcmp(key, "auto"))
		return parse_steps(o, v, e);
	if (!strcmp(key, "wipe")) {
		if (!one_of(v, methods))
			return bad(e, "reco.wipe", v, "auto, random or zero");
		return copy(o->method, sizeof(o->method), v, "reco.wipe", e);
	}
	if (!strcmp(key, "verify")) {
		if (!one_of(v, verifies))
			return bad(e, "reco.verify", v, "full or sample");
		return copy(o->verify, sizeof(o->verify), v, "reco.verify", e);
	}
	if (!strcmp(key, "yes"))
		return set_bool(&o->yes, "reco.yes", v, e);
	if (!strcmp(key, "poweroff"))
		return set_bool(&o->poweroff, "reco.poweroff", v, e);
	if (!strcmp(key, "countdown"))
		return set_seconds(&o->countdown, "reco.countdown", v, e);
	if (!strcmp(key, "usb"))
		return set_bool(&o->usb, "reco.usb", v, e);
	if (!strcmp(key, "boot")) {
		if (strcmp(v, "net") && strcmp(v, "local"))
			return bad(e, "reco.boot", v, "net or local");
		o->netboot = !strcmp(v, "net");
		return 0;
	}
	if (!strcmp(key, "lang"))
		return set_lang(o, "reco.lang", v, e);
	if (!strcmp(key, "keymap"))
		return copy(o->keymap, sizeof(o->keymap), v, "reco.keymap", e);
	if (!strcmp(key, "registry"))
		return copy(o->registry, sizeof(o->registry), v, "reco.registry", e);
	if (!strcmp(key, "operator"))
		return copy(o->operator_, sizeof(o->operator_), v, "reco.operator", e);
	if (!strcmp(key, "mode")) {
		if (!one_of(v, modes))
			return bad(e, "reco.mode", v, "recyclerie or repair-cafe");
		o->repair_cafe = !strcmp(v, "repair-cafe");
		return 0;
	}
	/* reco.* words for other parts of the image (reco.data=...) are theirs. */
	return 0;
}

int menu_opts_cmdline(struct menu_opts *o, const char *cmdline, struct reco_err *e)
{
	const char *p = cmdline;
	char word[1024];
	while (p && *p) {
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		size_t n = 0;
		int quoted = 0;
		while (*p && (quoted || !isspace((unsigned char)*p))) {
			if (*p == '"') {
				quoted = !quoted;
				p++;
				continue;
			}
			if (n + 1 < sizeof(word))
				word[n++] = *p;
			p++;
		}
		word[n] = '\0';
		/* live-boot fetches its root over the network: a network boot */
		if (!strncmp(word, "fetch=", 6) || !strncmp(word, "httpfs=", 7))
			o->netboot = 1;
		if (strncmp(word, "reco.", 5))
			continue;
		char *eq = strchr(word, '=');
		const char *v = "1"; /* a bare reco.yes means reco.yes=1 */
		if (eq) {
			*eq = '\0';
			v = eq + 1;
		}
		int rc = cmdline_word(o, word + 5, v, e);
		if (rc)
			return rc;
	}
	return 0;
}

int menu_opts_conf(struct menu_opts *o, const char *text, struct reco_err *e)
{
	int lineno = 0;
	const char *p = text;
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[1024];
		lineno++;
		if (len >= sizeof(line)) {
			reco_err_set(e, -EINVAL, _("reco.conf: line %d: too long"), lineno);
			return -EINVAL;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : p + len;
		char *s = reco_strtrim(line);
		if (!*s || *s == '#' || *s == ';' || *s == '[')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			reco_err_set(e, -EINVAL, _("reco.conf: line %d: expected key = value"), lineno);
			return -EINVAL;
		}
		*eq = '\0';
		char *k = reco_strtrim(s), *v = reco_strtrim(eq + 1);
		size_t vl = strlen(v);
		if (vl >= 2 && ((v[0] == '"' && v[vl - 1] == '"') || (v[0] == '\'' && v[vl - 1] == '\''))) {
			v[vl - 1] = '\0';
			v++;
		}
		int rc;
		if (!strcmp(k, "language"))
			rc = set_lang(o, "reco.conf: language", v, e);
		else if (!strcmp(k, "keymap"))
			rc = copy(o->keymap, sizeof(o->keymap), v, "reco.conf: keymap", e);
		else if (!strcmp(k, "operator"))
			rc = copy(o->operator_, sizeof(o->operator_), v, "reco.conf: operator", e);
		else if (!strcmp(k, "registry_url"))
			rc = copy(o->registry, sizeof(o->registry), v, "reco.conf: registry_url", e);
		else if (!strcmp(k, "allow_machines"))
			rc = copy(o->allow, sizeof(o->allow), v, "reco.conf: allow_machines", e);
		else if (!strcmp(k, "wipe_usb"))
			rc = set_bool(&o->usb, "reco.conf: wipe_usb", v, e);
		else if (!strcmp(k, "countdown"))
			rc = set_seconds(&o->countdown, "reco.conf: countdown", v, e);
		else if (!strcmp(k, "wifi_ssid") || !strcmp(k, "wifi_passphrase"))
			rc = 0, o->wifi |= !strcmp(k, "wifi_ssid") && *v; /* reco diag reads them itself */
		else {
			reco_err_set(e, -EINVAL,
				     _("reco.conf: line %d: unknown key '%s' (language, keymap, operator, registry_url, "
				       "allow_machines, wipe_usb, countdown, wifi_ssid, wifi_passphrase)"),
				     lineno, k);
			return -EINVAL;
		}
		if (rc)
			return rc;
	}
	return 0;
}

static const char *env_lang(const char *v)
{
	if (!v || !*v || !strcmp(v, "C") || !strcmp(v, "POSIX") || !strncmp(v, "C.", 2))
		return NULL;
	if (!strncmp(v, "en", 2))
		return "en";
	if (!strncmp(v, "fr", 2))
		return "fr";
	return NULL;
}

const char *menu_lang_pick(const struct menu_opts *o, const char *lc_all, const char *lc_messages,
			   const char *lang)
{
	if (o && (!strcmp(o->lang, "fr") || !strcmp(o->lang, "en")))
		return o->lang;
	/* The first one set decides, as for setlocale(). */
	const char *v = lc_all && *lc_all ? lc_all : lc_messages && *lc_messages ? lc_messages : lang;
	const char *l = env_lang(v);
	return l ? l : "fr";
}
