/*
 * screens.c — what each screen of `reco menu` says, as lines of at most
 * MENU_WIDTH columns (struct menu_lines): built here, painted by main.c,
 * checked by the unit tests.  The unattended mode prints some of the same
 * lines on the console and the serial port.
 */
#include "diag/diag.h"
#include "menu.h"

#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/l10n.h"
#include "lib/util.h"
#include "lib/words.h"

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s && *s ? s : NULL;
}

static long long num(const json_t *o, const char *k, long long dflt)
{
	const json_t *v = json_object_get(o, k);
	return json_is_integer(v) ? (long long)json_integer_value(v) : dflt;
}

/* label padded to w terminal columns (French labels hold accents: printf
 * pads bytes, not columns); four rotating buffers. */
static const char *lab(const char *s, int w)
{
	static char buf[4][128];
	static int k;
	k = (k + 1) % 4;
	return menu_fit(s, w, 1, buf[k], sizeof(buf[k]));
}

static void size_text(long long bytes, char *buf, size_t size)
{
	if (bytes <= 0) {
		snprintf(buf, size, "?");
		return;
	}
	reco_fmt_size(NULL, (uint64_t)bytes, buf, size);
}

/* "passed", "FAILED" or "unknown" from the inventory's disk entry. */
static const char *disk_health(const json_t *inv, const char *path)
{
	size_t i;
	const json_t *d;
	json_array_foreach(json_object_get(inv, "storage"), i, d) {
		const char *p = str(d, "path");
		if (!p || strcmp(p, path))
			continue;
		const char *h = str(json_object_get(json_object_get(d, "smart"), "summary"), "health");
		if (h && !strcmp(h, "passed"))
			return _("SMART OK");
		if (h && !strcmp(h, "failed"))
			return _("SMART FAILING");
	}
	return _("SMART unknown");
}

void menu_screen_summary(const struct menu_run *r, struct menu_lines *l)
{
	const json_t *inv = r->inventory;
	const json_t *sys = json_object_get(json_object_get(inv, "system"), "system");
	const char *vendor = str(sys, "vendor"), *product = str(sys, "product");
	char buf[256];

	/* what the volunteer must know before starting, first */
	if (r->volatile_data && !r->o.repair_cafe)
		menu_lines_wrap(l, 0, _("!! No RECO-DATA stick: the report would only be in memory. The stick will be asked for before any wipe."));
	if (r->resume_why[0]) {
		snprintf(buf, sizeof(buf), _("An interrupted wipe was found but is not resumed: %s. The disks will be wiped from the beginning."),
			 r->resume_why);
		menu_lines_wrap(l, 0, buf);
	}
	if (r->volatile_data || r->resume_why[0])
		menu_lines_add(l, "%s", "");
	menu_lines_add(l, "%s", _("This computer"));
	if (!inv) {
		menu_lines_add(l, "  %s", _("The inventory could not be read."));
		if (r->msg[0])
			menu_lines_wrap(l, 4, r->msg);
	}
	snprintf(buf, sizeof(buf), "%s%s%s", vendor ? vendor : "", vendor && product ? " " : "",
		 product ? product : "");
	menu_lines_add(l, "  %s %s", lab(_("Model:"), 14), buf[0] ? buf : _("unknown"));
	menu_lines_add(l, "  %s %s", lab(_("Serial:"), 14), str(sys, "serial") ? str(sys, "serial") : _("unknown"));

	const json_t *cpu = json_object_get(inv, "cpu");
	if (cpu) {
		long long cores = num(cpu, "cores", 0), threads = num(cpu, "threads", 0);
		menu_lines_add(l, "  %s %s (%lld/%lld)", lab(_("Processor:"), 14),
			       str(cpu, "model_name") ? str(cpu, "model_name") : _("unknown"), cores, threads);
	} else {
		menu_lines_add(l, "  %s %s", lab(_("Processor:"), 14), _("unknown"));
	}
	const json_t *mem = json_object_get(inv, "memory");
	long long ram = num(mem, "total_bytes", 0);
	size_text(ram, buf, sizeof(buf));
	if (num(mem, "early_memtest_bad_bytes", 0) > 0)
		menu_lines_add(l, "  %s %s  (%s)", lab(_("Memory:"), 14), buf, _("errors found by the boot memory test"));
	else
		menu_lines_add(l, "  %s %s", lab(_("Memory:"), 14), ram ? buf : _("unknown"));

	const json_t *bats = json_object_get(inv, "battery");
	if (json_array_size(bats) == 0) {
		menu_lines_add(l, "  %s %s", lab(_("Battery:"), 14), pgettext("battery", "none"));
	} else {
		size_t i;
		const json_t *b;
		json_array_foreach(bats, i, b) {
			long long wear = num(b, "wear_permille", -1);
			if (wear >= 0)
				/* TRANSLATORS: battery line: name, wear in percent */
				menu_lines_add(l, "  %s %s, %s %lld %%", lab(i ? "" : _("Battery:"), 14),
					       str(b, "name") ? str(b, "name") : "BAT", _("wear"), (wear + 5) / 10);
			else
				menu_lines_add(l, "  %s %s", lab(i ? "" : _("Battery:"), 14),
					       str(b, "name") ? str(b, "name") : "BAT");
		}
	}

	menu_lines_add(l, "%s", "");
	menu_lines_add(l, "%s", _("Disks"));
	if (!r->wipe_list) {
		menu_lines_add(l, "  %s", _("The list of disks could not be read."));
	} else if (r->n_disks == 0) {
		menu_lines_add(l, "  %s", _("No disk found."));
	}
	/* this computer's disks first; then, apart, what is not the machine's */
	for (int pass = 0; pass < 2; pass++) {
		int shown = 0;
		for (int i = 0; i < r->n_disks; i++) {
			const struct menu_target *t = &r->disks[i];
			if (menu_target_is_machine(t, r->o.usb) != !pass)
				continue;
			if (pass && !shown++) {
				menu_lines_add(l, "%s", "");
				menu_lines_add(l, "%s", _("Not this computer's disks (never wiped)"));
			}
			char sz[32], szp[48], model[40];
			size_text(t->size_bytes, sz, sizeof(sz));
			reco_str_pad(sz, 10, 1, szp, sizeof(szp)); /* columns, not bytes */
			menu_fit(t->model[0] ? t->model : "?", 24, 1, model, sizeof(model));
			menu_lines_add(l, "  %-8s %s %s  %-5s %s", t->name, model, szp,
				       t->transport[0] ? reco_word_transport(t->transport) : "?",
				       pass ? "" : disk_health(inv, t->path));
			if (r->o.repair_cafe)
				continue;
			if (pass)
				snprintf(buf, sizeof(buf), "-> %s", menu_role_text(t));
			else if (t->eligible)
				snprintf(buf, sizeof(buf), "%s", _("-> will be wiped"));
			else
				/* "!!": painted red; a disk that cannot be wiped fails the run */
				snprintf(buf, sizeof(buf), _("!! CANNOT BE WIPED: %s"), t->reason[0] ? t->reason : "?");
			menu_lines_wrap(l, 11, buf);
		}
	}
	if (r->o.repair_cafe) {
		menu_lines_add(l, "%s", "");
		menu_lines_wrap(l, 0, _("Repair Café mode: read-only diagnosis, nothing is ever wiped."));
	}
}

void menu_screen_resume(const struct menu_run *r, struct menu_lines *l)
{
	char buf[512];
	menu_lines_add(l, "%s", _("An interrupted wipe was found (power cut?)"));
	menu_lines_add(l, "%s", "");
	snprintf(buf, sizeof(buf), _("Session: %s"), r->resume);
	menu_lines_wrap(l, 2, buf);
	menu_lines_add(l, "%s", "");
	menu_lines_add(l, "%s", _("The disks its journals recorded, found again under the same name:"));
	for (int k = 0; k < r->n_jr && k < r->n_wipe; k++) {
		const struct menu_journal *j = &r->jr[k];
		const struct menu_target *t = &r->disks[r->wipe_idx[k]];
		int pct = j->size > 0 ? (int)(j->offset * 100 / j->size) : 0;
		/* TRANSLATORS: a journaled disk: path, model, serial, pass x/y, percent of that pass */
		snprintf(buf, sizeof(buf), _("%s  %s  serial %s: pass %d/%d, %d %% done"), j->path,
			 t->model[0] ? t->model : "?", j->serial[0] ? j->serial : _("none"), j->pass + 1,
			 j->npasses > 0 ? j->npasses : 1, pct);
		menu_lines_wrap(l, 4, buf);
	}
	menu_lines_add(l, "%s", "");
	menu_lines_wrap(l, 0, _("Resuming goes on where the wipe stopped, with the same method; each disk is confirmed again before anything is written."));
	menu_lines_wrap(l, 0, _("Starting again wipes every disk of this computer from the beginning (slower)."));
}

void menu_screen_stick(const struct menu_run *r, int tried, int before_wipe, struct menu_lines *l)
{
	(void)r;
	menu_lines_add(l, "%s", _("No RECO-DATA stick"));
	menu_lines_add(l, "%s", "");
	menu_lines_wrap(l, 0, _("This computer's report would only be in memory: it is lost when the computer is switched off, and without the station key it is not signed."));
	if (before_wipe)
		menu_lines_wrap(l, 0, _("Nothing is wiped without it: a wipe that no report proves is worth nothing."));
	menu_lines_add(l, "%s", "");
	menu_lines_wrap(l, 0, _("Plug in this station's RECO-DATA stick (it carries the station key), then press Enter."));
	if (tried) {
		menu_lines_add(l, "%s", "");
		menu_lines_wrap(l, 0, _("!! No RECO-DATA stick of this station was found. Check it is plugged in, wait a few seconds, then press Enter again."));
	}
}

const char *menu_role_text(const struct menu_target *t)
{
	if (!strcmp(t->role, "boot-medium"))
		return _("the reco boot medium"); /* its reason is in wipe's language, not the menu's */
	if (!strcmp(t->role, "live-system"))
		return _("the live system of this stick (not a disk of this computer)");
	if (!strcmp(t->role, "virtual"))
		return _("a virtual device (not a disk of this computer)");
	return _("a removable medium plugged in: left out (reco.usb=1 or wipe_usb = yes to wipe it)");
}

void menu_screen_countdown(const struct menu_run *r, int seconds_left, struct menu_lines *l)
{
	const json_t *sys = json_object_get(json_object_get(r->inventory, "system"), "system");
	const char *vendor = str(sys, "vendor"), *product = str(sys, "product"), *serial = str(sys, "serial");
	char buf[512];
	menu_lines_add(l, "%s", "");
	menu_lines_add(l, "   %s", _("!!!!!!!!  AUTOMATIC WIPE  !!!!!!!!"));
	menu_lines_add(l, "%s", "");
	snprintf(buf, sizeof(buf), _("This computer: %s %s, serial %s"), vendor ? vendor : "?", product ? product : "",
		 serial ? serial : "?");
	menu_lines_wrap(l, 2, buf);
	menu_lines_add(l, "  %s", _("Everything on these disks will be destroyed for good:"));
	for (int i = 0; i < r->n_wipe; i++) {
		const struct menu_target *t = &r->disks[r->wipe_idx[i]];
		char sz[32];
		size_text(t->size_bytes, sz, sizeof(sz));
		snprintf(buf, sizeof(buf), _("%s  %s  %s  serial %s"), t->path, t->model[0] ? t->model : "?", sz,
			 t->serial[0] ? t->serial : _("none"));
		menu_lines_wrap(l, 4, buf);
	}
	menu_lines_add(l, "%s", "");
	menu_lines_add(l, _("   The wipe starts in %d s."), seconds_left);
	menu_lines_add(l, "   %s", _(">>> PRESS ANY KEY TO CANCEL: nothing will be wiped <<<"));
}

const char *menu_test_title(const char *key, char *buf, size_t size)
{
	static const struct { const char *prefix; const char *title; } titles[] = {
		{ "cpu", N_("Processor") },
		{ "ram", N_("Memory") },
		{ "disk/selftest", N_("Disk self-test") },
		{ "disk", N_("Disk") },
		{ "battery", N_("Battery") },
		{ "thermal", N_("Cooling") },
	};
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
		size_t n = strlen(titles[i].prefix);
		if (strncmp(key, titles[i].prefix, n) || (key[n] && key[n] != '/'))
			continue;
		if (key[n] == '/' && key[n + 1])
			snprintf(buf, size, "%s %s", _(titles[i].title), key + n + 1);
		else
			snprintf(buf, size, "%s", _(titles[i].title));
		return buf;
	}
	/* the function parts: reco diag's own titles ("wifi" -> "Wi-Fi") */
	snprintf(buf, size, "%s", diag_title(key, 1));
	return buf;
}

const char *menu_phase_text(const char *phase)
{
	if (!strcmp(phase, "write") || !strcmp(phase, "verify") || !strcmp(phase, "finish"))
		return reco_word_wipe_phase(phase);
	if (!strcmp(phase, "erased")) return _("ERASED");
	if (!strcmp(phase, "failed")) return _("FAILED");
	if (!strcmp(phase, "aborted")) return _("stopped");
	if (!strcmp(phase, "done")) return _("done");
	if (!strcmp(phase, "progress")) return _("running");
	return phase;
}

void menu_screen_bars(const struct menu_bars *b, struct menu_lines *l)
{
	char bar[64], name[64], label[64];
	for (int i = 0; i < b->n; i++) {
		const struct menu_progress *p = &b->b[i].p;
		menu_bar_text(p->permille, p->kind == MP_WIPE ? 26 : 32, bar, sizeof(bar));
		if (p->kind == MP_WIPE) {
			const char *s = strrchr(p->key, '/');
			menu_fit(s ? s + 1 : p->key, 10, 1, name, sizeof(name));
			char eta[32] = "";
			if (!p->done && p->eta_s > 0)
				snprintf(eta, sizeof(eta), _("%lld min"), (p->eta_s + 59) / 60);
			const struct reco_l10n *L = reco_l10n(NULL);
			char rate[32], ratep[48];
			reco_fmt_rate(L, p->bytes_per_s > 0 ? (uint64_t)p->bytes_per_s : 0, rate, sizeof(rate));
			reco_str_pad(rate, 9, 1, ratep, sizeof(ratep));
			/* TRANSLATORS: wipe bar: disk, bar, percent, its sign, rate, phase, pass x/y, time left */
			menu_lines_add(l, _("%s %s %3d%s %s %s %d/%d %s"), name, bar, p->permille / 10, L->percent, ratep,
				       menu_phase_text(p->phase), p->pass, p->passes, eta);
			if (p->errors)
				menu_lines_add(l, "           %s %lld", _("errors:"), p->errors);
		} else {
			menu_test_title(p->key, label, sizeof(label));
			menu_fit(label, 24, 1, name, sizeof(name));
			menu_lines_add(l, "%s %s %3d%s  %s", name, bar, p->permille / 10, reco_l10n(NULL)->percent,
				       menu_phase_text(p->phase));
		}
	}
}

void menu_screen_confirm(const struct menu_target *t, int idx, int n, const char *typed, int wrong,
			 struct menu_lines *l)
{
	char sz[32], want[64];
	size_text(t->size_bytes, sz, sizeof(sz));
	menu_confirm_expected(t, want, sizeof(want));
	menu_lines_add(l, _("Disk %d of %d to wipe"), idx + 1, n);
	menu_lines_add(l, "%s", "");
	menu_lines_add(l, "  %s %s", lab(_("Device:"), 14), t->path);
	menu_lines_add(l, "  %s %s", lab(_("Model:"), 14), t->model[0] ? t->model : "?");
	menu_lines_add(l, "  %s %s", lab(_("Size:"), 14), sz);
	menu_lines_add(l, "  %s %s", lab(_("Serial:"), 14), t->serial[0] ? t->serial : _("none"));
	menu_lines_add(l, "%s", "");
	menu_lines_wrap(l, 0, _("Everything on this disk will be destroyed for good."));
	if (t->serial[0])
		menu_lines_wrap(l, 0, _("Type the last 4 characters of the serial number to confirm the wipe:"));
	else
		menu_lines_wrap(l, 0, _("This disk has no serial number: type its name to confirm the wipe:"));
	menu_lines_add(l, "%s", "");
	menu_lines_add(l, "      > %s_", typed ? typed : "");
	menu_lines_add(l, "%s", "");
	if (wrong)
		menu_lines_wrap(l, 0, _("That does not match. Look at the serial number again and retype."));
	(void)want;
}

static const char *outcome_text(enum menu_outcome o)
{
	switch (o) {
	case MO_OK: return _("done");
	case MO_FAIL: return _("FAILED");
	case MO_SKIPPED: return _("skipped");
	default: return _("not run");
	}
}

void menu_screen_result(const struct menu_run *r, const struct menu_flow *f, struct menu_lines *l)
{
	int pass = menu_flow_passed(f);
	menu_lines_add(l, "%s", "");
	if (f->repair_cafe)
		menu_lines_add(l, "          %s", pass ? _("*** DIAGNOSIS: NO FAULT FOUND ***")
						 : _("*** DIAGNOSIS: SOMETHING NEEDS ATTENTION ***"));
	else
		menu_lines_add(l, "          %s", pass ? _("*** PASS: this computer is ready ***")
						 : _("*** FAIL: this computer is not ready ***"));
	menu_lines_add(l, "%s", "");
	menu_lines_add(l, "  %s %s", lab(_("Inventory:"), 16), outcome_text(f->inventory));
	if (r->grade[0])
		menu_lines_add(l, "  %s %s (%s %s)", lab(_("Diagnostics:"), 16), outcome_text(f->diag), _("grade"), r->grade);
	else
		menu_lines_add(l, "  %s %s", lab(_("Diagnostics:"), 16), outcome_text(f->diag));
	/* a diagnosis skipped or incomplete is said so, with what was not tested */
	char *cap = f->diag_incomplete ? diag_json_cap_text(r->diag, 1) : NULL;
	if (f->diag == MO_SKIPPED || (f->diag_incomplete && !cap))
		menu_lines_wrap(l, 4, _("Diagnosis not done or incomplete: nothing says every part of this computer works."));
	else if (cap)
		menu_lines_wrap(l, 4, cap);
	free(cap);
	if (f->guided_on)
		menu_lines_add(l, "  %s %s", lab(_("Guided tests:"), 16), outcome_text(f->guided));
	if (!f->repair_cafe) {
		if (f->wipe == MO_OK || f->wipe == MO_FAIL)
			menu_lines_add(l, "  %s %s (%d/%d %s)", lab(_("Wipe:"), 16), outcome_text(f->wipe), r->erased,
				       r->n_wipe + r->n_refused, _("disks erased"));
		else if (f->wipe == MO_SKIPPED && f->n_targets == 0)
			menu_lines_add(l, "  %s %s", lab(_("Wipe:"), 16), _("no disk to wipe"));
		else if (f->wipe == MO_SKIPPED)
			menu_lines_add(l, "  %s %s", lab(_("Wipe:"), 16), _("not confirmed: nothing was wiped"));
		else
			menu_lines_add(l, "  %s %s", lab(_("Wipe:"), 16), outcome_text(f->wipe));
		menu_lines_add(l, "  %s %s%s", lab(_("Report:"), 16), outcome_text(f->report),
			       f->report == MO_OK ? (r->certified ? _(" (signed)") : _(" (NOT signed: no station key)")) : "");
		for (int k = 0; k < r->n_refused; k++) {
			const struct menu_target *t = &r->disks[r->refused_idx[k]];
			char buf[600];
			snprintf(buf, sizeof(buf), _("!! %s (%s, serial %s) NOT WIPED: %s"), t->path, t->model[0] ? t->model : "?",
				 t->serial[0] ? t->serial : "-", t->reason[0] ? t->reason : "?");
			menu_lines_wrap(l, 2, buf);
		}
		if (r->sync_msg[0])
			menu_lines_wrap(l, 2, r->sync_msg);
		char missing[600];
		if (menu_report_missing(r, missing, sizeof(missing))[0]) {
			char buf[640];
			snprintf(buf, sizeof(buf), "!! %s", missing);
			menu_lines_wrap(l, 2, buf);
		}
	}
	if (r->diag) {
		/* tested on all its functions, or what was not (reco diag) */
		char *fn = diag_json_functions_text(r->diag, 1);
		if (fn)
			menu_lines_wrap(l, 2, fn);
		free(fn);
	}
	size_t i;
	const json_t *part;
	json_array_foreach(json_object_get(r->diag, "parts"), i, part) {
		/* texts rendered from diag.json's codes, in the menu's language */
		const char *v = str(part, "verdict");
		char *why = diag_json_reason(part, 1), *act = diag_json_action(part, 1);
		char what[96], line[512];
		snprintf(what, sizeof(what), "%s%s%s", diag_title(str(part, "part"), 1),
			 str(part, "id") && strcmp(str(part, "id"), str(part, "part") ? str(part, "part") : "") ? " " : "",
			 str(part, "id") && strcmp(str(part, "id"), str(part, "part") ? str(part, "part") : "") ? str(part, "id") : "");
		/* TRANSLATORS: diagnosis line: part, verdict in words, reason */
		if (v && strcmp(v, "PASS") && why)
			snprintf(line, sizeof(line), _("%s: %s — %s"), what, diag_words(v, 1), why);
		else
			snprintf(line, sizeof(line), _("%s: %s"), what, v ? diag_words(v, 1) : "?");
		menu_lines_wrap(l, 4, line);
		if (v && strcmp(v, "PASS") && strcmp(v, "ABSENT") && act) {
			snprintf(line, sizeof(line), "%s %s", _("What to do:"), act);
			menu_lines_wrap(l, 9, line);
		}
		free(why);
		free(act);
	}
	if (!pass && menu_first_reason(r)[0]) {
		menu_lines_add(l, "%s", "");
		for (int k = 0; k <= MENU_ID_REPORT; k++)
			if (r->why[k][0])
				menu_lines_wrap(l, 2, r->why[k]);
		if (!r->why[0][0] && !r->why[1][0] && !r->why[2][0] && !r->why[3][0])
			menu_lines_wrap(l, 2, r->msg);
	}
	menu_lines_add(l, "%s", "");
	if (r->pdf[0] && !strncmp(r->pdf, "/run/reco/data/", 15) && !r->volatile_data && r->certified)
		menu_lines_wrap(l, 0, _("Everything is saved on the USB stick, in the RECO-DATA partition (folder sessions), readable on any computer."));
	if (r->pdf[0]) {
		menu_lines_add(l, "%s", _("Certificate saved in:"));
		menu_lines_wrap(l, 2, r->pdf);
	}
	if (r->report[0]) {
		menu_lines_add(l, "%s", _("Report:"));
		menu_lines_wrap(l, 2, r->report);
	}
	if (r->sheet[0]) {
		menu_lines_add(l, "%s", _("Diagnosis sheet saved in:"));
		menu_lines_wrap(l, 2, r->sheet);
	} else if (r->session[0] && !r->pdf[0]) {
		menu_lines_add(l, "%s", _("Session files in:"));
		menu_lines_wrap(l, 2, r->session);
	}
}
