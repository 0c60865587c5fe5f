/*
 * test_menu.c — the modules behind `reco menu`, without a terminal:
 * kernel command line and reco.conf, language choice, progress lines of
 * reco wipe / reco diag, bars, the 80-column line buffer, the wipe
 * confirmation, the state machine and its verdict, the screens, and the
 * streaming child-process helper (lib/proc_stream.h).
 */
#include <errno.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/proc_stream.h"
#include "menu/menu.h"

static const char *fixtures_dir(void)
{
	const char *d = getenv("RECO_FIXTURES");
	return d ? d : "tests/fixtures";
}

static json_t *fixture(const char *name)
{
	char path[512];
	json_error_t jerr;
	snprintf(path, sizeof(path), "%s/menu/%s", fixtures_dir(), name);
	json_t *j = json_load_file(path, 0, &jerr);
	assert_non_null(j);
	return j;
}

/* ---- options ---------------------------------------------------------------- */

static void test_cmdline(void **state)
{
	(void)state;
	struct menu_opts o;
	struct reco_err e = { 0 };
	menu_opts_init(&o);
	assert_int_equal(o.auto_, 0);
	assert_string_equal(o.method, "auto");
	assert_string_equal(o.verify, "full");
	assert_int_equal(menu_opts_cmdline(&o,
		"BOOT_IMAGE=/live/vmlinuz boot=live quiet reco.auto=diag,wipe reco.wipe=zero "
		"reco.verify=sample reco.yes=1 reco.lang=en reco.keymap=fr "
		"reco.registry=\"http://10.0.0.1:8080/reg\" reco.poweroff=1 reco.data=ignored\n", &e), 0);
	assert_int_equal(o.auto_, 1);
	/* the inventory always runs: it names the session */
	assert_int_equal(o.steps, MENU_STEP_INVENTORY | MENU_STEP_DIAG | MENU_STEP_WIPE);
	assert_string_equal(o.method, "zero");
	assert_string_equal(o.verify, "sample");
	assert_int_equal(o.yes, 1);
	assert_string_equal(o.lang, "en");
	assert_string_equal(o.keymap, "fr");
	assert_string_equal(o.registry, "http://10.0.0.1:8080/reg");
	assert_int_equal(o.poweroff, 1);
	assert_int_equal(o.repair_cafe, 0);

	menu_opts_init(&o);
	assert_int_equal(menu_opts_cmdline(&o, "reco.mode=repair-cafe reco.yes", &e), 0);
	assert_int_equal(o.repair_cafe, 1);
	assert_int_equal(o.yes, 1);
	assert_int_equal(o.auto_, 0);

	/* errors name the word */
	menu_opts_init(&o);
	assert_int_equal(menu_opts_cmdline(&o, "reco.wipe=gutmann", &e), -EINVAL);
	assert_non_null(strstr(e.msg, "reco.wipe"));
	assert_non_null(strstr(e.msg, "gutmann"));
	assert_int_equal(menu_opts_cmdline(&o, "reco.auto=inventory,format", &e), -EINVAL);
	assert_non_null(strstr(e.msg, "format"));
	assert_int_equal(menu_opts_cmdline(&o, "reco.auto=", &e), -EINVAL);
	assert_int_equal(menu_opts_cmdline(&o, "reco.yes=maybe", &e), -EINVAL);
	assert_int_equal(menu_opts_cmdline(&o, "reco.lang=de", &e), -EINVAL);
	assert_int_equal(menu_opts_cmdline(&o, "reco.verify=none", &e), -EINVAL);
	assert_int_equal(menu_opts_cmdline(&o, "reco.mode=wipe-all", &e), -EINVAL);
	/* words that are not ours are left alone */
	menu_opts_init(&o);
	assert_int_equal(menu_opts_cmdline(&o, "recovery=1 xreco.wipe=bad reco", &e), 0);
	assert_string_equal(o.method, "auto");
	assert_int_equal(menu_opts_cmdline(&o, "", &e), 0);
}

static void test_conf(void **state)
{
	(void)state;
	struct menu_opts o;
	struct reco_err e = { 0 };
	menu_opts_init(&o);
	assert_int_equal(menu_opts_conf(&o,
		"# reco.conf\n[station]\nlanguage = en_GB.UTF-8\n  keymap=fr  \n"
		"operator = \"benevole-07\"\n; comment\nregistry_url=https://registre.example/\n\n", &e), 0);
	assert_string_equal(o.lang, "en");
	assert_string_equal(o.keymap, "fr");
	assert_string_equal(o.operator_, "benevole-07");
	assert_string_equal(o.registry, "https://registre.example/");
	/* the command line overrides the file */
	assert_int_equal(menu_opts_cmdline(&o, "reco.lang=fr", &e), 0);
	assert_string_equal(o.lang, "fr");

	assert_int_equal(menu_opts_conf(&o, "language=fr\nregistry=http://x\n", &e), -EINVAL);
	assert_non_null(strstr(e.msg, "line 2"));
	assert_non_null(strstr(e.msg, "registry"));
	assert_int_equal(menu_opts_conf(&o, "just words\n", &e), -EINVAL);
	assert_non_null(strstr(e.msg, "line 1"));
	assert_int_equal(menu_opts_conf(&o, "language=klingon\n", &e), -EINVAL);
	assert_int_equal(menu_opts_conf(&o, "", &e), 0);
	/* the workshop's Wi-Fi: read by reco diag itself (--wifi-conf) */
	assert_int_equal(o.wifi, 0);
	assert_int_equal(menu_opts_conf(&o, "wifi_passphrase = secret-phrase\n", &e), 0);
	assert_int_equal(o.wifi, 0);
	assert_int_equal(menu_opts_conf(&o, "wifi_ssid = atelier\nwifi_passphrase = secret-phrase\n", &e), 0);
	assert_int_equal(o.wifi, 1);
}

static void test_lang_pick(void **state)
{
	(void)state;
	struct menu_opts o;
	menu_opts_init(&o);
	assert_string_equal(menu_lang_pick(&o, NULL, NULL, NULL), "fr");
	assert_string_equal(menu_lang_pick(&o, NULL, NULL, "C.UTF-8"), "fr");
	assert_string_equal(menu_lang_pick(&o, NULL, NULL, "POSIX"), "fr");
	assert_string_equal(menu_lang_pick(&o, NULL, NULL, "en_US.UTF-8"), "en");
	assert_string_equal(menu_lang_pick(&o, "fr_FR.UTF-8", NULL, "en_US.UTF-8"), "fr");
	assert_string_equal(menu_lang_pick(&o, "", "en_GB.UTF-8", "fr_FR.UTF-8"), "en");
	assert_string_equal(menu_lang_pick(&o, NULL, NULL, "de_DE.UTF-8"), "fr");
	snprintf(o.lang, sizeof(o.lang), "en");
	assert_string_equal(menu_lang_pick(&o, "fr_FR.UTF-8", NULL, NULL), "en");
}

/* ---- progress ----------------------------------------------------------------- */

#define WIPE_LINE(target, permille, phase) \
	"{\"bytes_done\":5,\"bytes_per_s\":150000000,\"bytes_total\":10,\"errors\":2,\"eta_s\":90," \
	"\"pass\":1,\"passes\":3,\"permille\":" #permille ",\"phase\":\"" phase "\"," \
	"\"schema\":\"reco-wipe-progress/1\",\"target\":\"" target "\"}"

static void test_progress_parse(void **state)
{
	(void)state;
	struct menu_progress p;
	const char *w = WIPE_LINE("/dev/sda", 512, "verify");
	assert_int_equal(menu_progress_parse(w, strlen(w), &p), 1);
	assert_int_equal(p.kind, MP_WIPE);
	assert_string_equal(p.key, "/dev/sda");
	assert_int_equal(p.permille, 512);
	assert_string_equal(p.phase, "verify");
	assert_int_equal(p.pass, 1);
	assert_int_equal(p.passes, 3);
	assert_int_equal(p.bytes_per_s, 150000000);
	assert_int_equal(p.eta_s, 90);
	assert_int_equal(p.errors, 2);
	assert_int_equal(p.done, 0);
	w = WIPE_LINE("/dev/sda", 1000, "erased");
	assert_int_equal(menu_progress_parse(w, strlen(w), &p), 1);
	assert_int_equal(p.done, 1);
	w = WIPE_LINE("/dev/sda", 4000, "write");
	assert_int_equal(menu_progress_parse(w, strlen(w), &p), 1);
	assert_int_equal(p.permille, 1000); /* clamped */

	const char *d = "{\"done\":30,\"event\":\"progress\",\"percent\":30,\"test\":\"ram/walking-ones\",\"total\":120}";
	assert_int_equal(menu_progress_parse(d, strlen(d), &p), 1);
	assert_int_equal(p.kind, MP_DIAG);
	assert_string_equal(p.key, "ram/walking-ones");
	assert_int_equal(p.permille, 250);
	assert_int_equal(p.done, 0);
	d = "  {\"done\":0,\"event\":\"done\",\"percent\":0,\"test\":\"cpu\",\"total\":0}";
	assert_int_equal(menu_progress_parse(d, strlen(d), &p), 1);
	assert_int_equal(p.done, 1);
	assert_int_equal(p.permille, 1000);
	d = "{\"event\":\"progress\",\"percent\":40,\"test\":\"battery\"}";
	assert_int_equal(menu_progress_parse(d, strlen(d), &p), 1);
	assert_int_equal(p.permille, 400);

	/* not progress */
	static const char *const no[] = {
		"", "reco diag: quick check, results in /x", "{", "{\"schema\":\"reco-wipe/1\"}",
		"{\"schema\":\"reco-wipe-progress/1\"}", "{\"event\":\"start\",\"test\":\"cpu\"}",
		"{\"event\":\"progress\"}", "[1,2]", "{\"schema\":\"reco-wipe-progress/1\",\"target\":7}",
		"\xff\xfe{", "{\"event\":\"progress\",\"test\":\"cpu\"", "null",
		"{\"event\":\"done\",\"test\":\"\",\"total\":-5,\"done\":99}",
		"{\"schema\":\"reco-wipe-progress/1\",\"target\":\"\"}",
	};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_int_equal(menu_progress_parse(no[i], strlen(no[i]), &p), 0);
	/* length is honoured: a line cut short is not progress */
	w = WIPE_LINE("/dev/sdb", 10, "write");
	assert_int_equal(menu_progress_parse(w, strlen(w) - 3, &p), 0);
}

static void test_bars(void **state)
{
	(void)state;
	struct menu_bars b = { 0 };
	struct menu_progress p;
	const char *l1 = WIPE_LINE("/dev/sda", 400, "write");
	const char *l2 = WIPE_LINE("/dev/nvme0n1", 100, "write");
	const char *l3 = WIPE_LINE("/dev/sda", 300, "write"); /* out of order */
	const char *l4 = WIPE_LINE("/dev/sda", 600, "verify");
	const char *l5 = WIPE_LINE("/dev/sda", 1000, "erased");
	const char *l6 = WIPE_LINE("/dev/sda", 700, "verify"); /* after the end */
	menu_progress_parse(l1, strlen(l1), &p);
	assert_int_equal(menu_bars_update(&b, &p), 0);
	menu_progress_parse(l2, strlen(l2), &p);
	assert_int_equal(menu_bars_update(&b, &p), 1);
	menu_progress_parse(l3, strlen(l3), &p);
	assert_int_equal(menu_bars_update(&b, &p), 0);
	assert_int_equal(b.b[0].p.permille, 400);
	menu_progress_parse(l4, strlen(l4), &p);
	menu_bars_update(&b, &p);
	assert_string_equal(b.b[0].p.phase, "verify");
	assert_int_equal(b.b[0].p.permille, 600);
	menu_progress_parse(l5, strlen(l5), &p);
	menu_bars_update(&b, &p);
	menu_progress_parse(l6, strlen(l6), &p);
	menu_bars_update(&b, &p);
	assert_string_equal(b.b[0].p.phase, "erased");
	assert_int_equal(b.n, 2);
	/* no more than MENU_MAX_BARS */
	for (int i = 0; i < MENU_MAX_BARS + 5; i++) {
		snprintf(p.key, sizeof(p.key), "k%d", i);
		menu_bars_update(&b, &p);
	}
	assert_int_equal(b.n, MENU_MAX_BARS);
	p.kind = MP_NONE;
	assert_int_equal(menu_bars_update(&b, &p), -1);
}

/* ---- lines -------------------------------------------------------------------- */

static void test_lines(void **state)
{
	(void)state;
	char out[256], bar[64];
	assert_int_equal(menu_str_width("abc"), 3);
	assert_int_equal(menu_str_width("Modèle :"), 8);
	assert_int_equal(menu_str_width("…"), 1);
	assert_string_equal(menu_fit("abcdef", 4, 0, out, sizeof(out)), "abc…");
	assert_string_equal(menu_fit("abc", 5, 1, out, sizeof(out)), "abc  ");
	assert_string_equal(menu_fit("éèàç!", 4, 0, out, sizeof(out)), "éèà…");
	assert_string_equal(menu_fit("éè", 4, 1, out, sizeof(out)), "éè  ");
	assert_int_equal(menu_str_width(menu_fit("Numéro de série très long", 10, 1, out, sizeof(out))), 10);

	struct menu_lines l;
	menu_lines_init(&l, 20);
	assert_int_equal(menu_lines_add(&l, "%s", "0123456789012345678901234"), 0);
	assert_int_equal(menu_str_width(l.line[0]), 20);
	assert_string_equal(l.line[0], "0123456789012345678…");
	assert_int_equal(menu_lines_add(&l, "tab\there\nnl"), 0);
	assert_string_equal(l.line[1], "tab here nl");
	assert_int_equal(menu_lines_wrap(&l, 2, "Tapez les quatre derniers caractères du numéro"), 0);
	assert_int_equal(l.n, 6);
	assert_string_equal(l.line[2], "  Tapez les quatre");
	assert_string_equal(l.line[3], "  derniers");
	assert_string_equal(l.line[4], "  caractères du");
	assert_string_equal(l.line[5], "  numéro");
	for (int i = 0; i < l.n; i++)
		assert_true(menu_str_width(l.line[i]) <= 20);
	menu_lines_release(&l);

	/* a word longer than the width is cut, every line fits */
	menu_lines_init(&l, 10);
	menu_lines_wrap(&l, 0, "/run/reco/data/sessions/x/certificate.pdf");
	assert_true(l.n >= 4);
	for (int i = 0; i < l.n; i++)
		assert_true(menu_str_width(l.line[i]) <= 10);
	menu_lines_release(&l);

	/* a character wider than the room left goes alone on its line: no endless loop */
	menu_lines_init(&l, 12);
	assert_int_equal(menu_lines_wrap(&l, 11, "\xe5\x92\x92\xe5\x92\x92"), 0);
	assert_int_equal(l.n, 2);
	for (int i = 0; i < l.n; i++)
		assert_true(menu_str_width(l.line[i]) <= 12);
	menu_lines_release(&l);

	menu_bar_text(500, 12, bar, sizeof(bar));
	assert_string_equal(bar, "[#####.....]");
	menu_bar_text(-5, 6, bar, sizeof(bar));
	assert_string_equal(bar, "[....]");
	menu_bar_text(2000, 6, bar, sizeof(bar));
	assert_string_equal(bar, "[####]");
	menu_bar_text(500, 80, bar, 10);
	assert_string_equal(bar, "");
}

/* ---- confirmation ----------------------------------------------------------------- */

static void test_confirm(void **state)
{
	(void)state;
	json_t *list = fixture("wipe-list.json");
	struct menu_target t[8];
	int n = menu_targets_from_list(list, t, 8);
	assert_int_equal(n, 3);
	assert_string_equal(t[0].path, "/dev/sda");
	assert_int_equal(t[0].eligible, 1);
	assert_int_equal(t[2].eligible, 0);
	assert_non_null(strstr(t[2].reason, "boot medium"));
	assert_int_equal(menu_targets_from_list(list, t, 1), 1);
	json_decref(list);
	json_t *bad = json_pack("{s:s}", "schema", "reco-inventory/1");
	assert_int_equal(menu_targets_from_list(bad, t, 8), -EINVAL);
	json_decref(bad);

	char want[64];
	struct menu_target x = { .name = "sdc" };
	snprintf(x.serial, sizeof(x.serial), "WD-WX51A1234ABCD");
	menu_confirm_expected(&x, want, sizeof(want));
	assert_string_equal(want, "ABCD");
	assert_int_equal(menu_confirm_check(want, "ABCD"), 1);
	assert_int_equal(menu_confirm_check(want, " abcd \n"), 1);
	assert_int_equal(menu_confirm_check(want, "BCD"), 0);
	assert_int_equal(menu_confirm_check(want, "1ABCD"), 0);
	assert_int_equal(menu_confirm_check(want, ""), 0);
	assert_int_equal(menu_confirm_check("", ""), 0);
	assert_int_equal(menu_confirm_check(want, NULL), 0);
	/* padding around serials (ATA serials are space-padded) */
	snprintf(x.serial, sizeof(x.serial), "   S3Z9NB0K123456W   ");
	menu_confirm_expected(&x, want, sizeof(want));
	assert_string_equal(want, "456W");
	snprintf(x.serial, sizeof(x.serial), "A1-");
	menu_confirm_expected(&x, want, sizeof(want));
	assert_string_equal(want, "A1");
	x.serial[0] = '\0';
	menu_confirm_expected(&x, want, sizeof(want));
	assert_string_equal(want, "sdc");
	assert_int_equal(menu_confirm_check(want, "SDC"), 1);
}

/* ---- flow ----------------------------------------------------------------------- */

static void test_flow(void **state)
{
	(void)state;
	struct menu_flow f;
	menu_flow_init(&f, 0);
	f.n_targets = 2;
	assert_int_equal(menu_flow_next(&f, ME_NEXT), MS_LOADING); /* no meaning here */
	assert_int_equal(menu_flow_next(&f, ME_OK), MS_SUMMARY);
	assert_int_equal(menu_flow_next(&f, ME_NEXT), MS_DIAG);
	assert_int_equal(menu_flow_next(&f, ME_QUIT), MS_DIAG); /* not in the middle of a step */
	assert_int_equal(menu_flow_next(&f, ME_OK), MS_CONFIRM);
	assert_int_equal(menu_flow_next(&f, ME_NEXT), MS_CONFIRM);
	assert_int_equal(menu_flow_next(&f, ME_CONFIRMED), MS_CONFIRM);
	assert_int_equal(f.confirm_idx, 1);
	assert_int_equal(menu_flow_next(&f, ME_CONFIRMED), MS_WIPE);
	assert_int_equal(menu_flow_next(&f, ME_OK), MS_REPORT);
	assert_int_equal(menu_flow_passed(&f), 0); /* not yet */
	assert_int_equal(menu_flow_next(&f, ME_OK), MS_RESULT);
	assert_int_equal(menu_flow_passed(&f), 1);
	assert_int_equal(menu_flow_next(&f, ME_NEXT), MS_QUIT);

	/* the person declines the wipe: report, but FAIL */
	menu_flow_init(&f, 0);
	f.n_targets = 1;
	menu_flow_next(&f, ME_OK);
	menu_flow_next(&f, ME_NEXT);
	menu_flow_next(&f, ME_OK);
	assert_int_equal(menu_flow_next(&f, ME_CANCEL), MS_REPORT);
	assert_int_equal(f.wipe, MO_SKIPPED);
	menu_flow_next(&f, ME_OK);
	assert_int_equal(menu_flow_passed(&f), 0);

	/* skip the diagnostics, no disk to wipe: nothing says the machine
	 * works, so never a PASS */
	menu_flow_init(&f, 0);
	menu_flow_next(&f, ME_OK);
	assert_int_equal(menu_flow_next(&f, ME_SKIP), MS_REPORT);
	assert_int_equal(f.diag, MO_SKIPPED);
	assert_int_equal(f.wipe, MO_SKIPPED);
	menu_flow_next(&f, ME_OK);
	assert_int_equal(menu_flow_passed(&f), 0);

	/* a diagnosis that ran but left parts not tested: not a PASS either */
	menu_flow_init(&f, 0);
	menu_flow_next(&f, ME_OK);
	menu_flow_next(&f, ME_NEXT);
	f.diag_incomplete = 1;
	menu_flow_next(&f, ME_OK);
	menu_flow_next(&f, ME_OK);
	assert_int_equal(f.st, MS_RESULT);
	assert_int_equal(menu_flow_passed(&f), 0);

	/* a failed wipe or a failed diag is a FAIL */
	menu_flow_init(&f, 0);
	f.n_targets = 1;
	menu_flow_next(&f, ME_OK);
	menu_flow_next(&f, ME_NEXT);
	menu_flow_next(&f, ME_FAIL);
	menu_flow_next(&f, ME_CONFIRMED);
	menu_flow_next(&f, ME_OK);
	menu_flow_next(&f, ME_OK);
	assert_int_equal(f.st, MS_RESULT);
	assert_int_equal(menu_flow_passed(&f), 0);

	/* the list of disks could not be read: the wipe fails */
	menu_flow_init(&f, 0);
	f.no_disk_list = 1;
	menu_flow_next(&f, ME_OK);
	menu_flow_next(&f, ME_NEXT);
	assert_int_equal(menu_flow_next(&f, ME_OK), MS_REPORT);
	assert_int_equal(f.wipe, MO_FAIL);

	/* inventory failed: never PASS */
	menu_flow_init(&f, 0);
	menu_flow_next(&f, ME_FAIL);
	menu_flow_next(&f, ME_SKIP);
	menu_flow_next(&f, ME_OK);
	assert_int_equal(menu_flow_passed(&f), 0);

	/* Repair Café: no skip, no wipe, result after the diagnosis */
	menu_flow_init(&f, 1);
	f.n_targets = 2;
	menu_flow_next(&f, ME_OK);
	assert_int_equal(menu_flow_next(&f, ME_SKIP), MS_SUMMARY);
	assert_int_equal(menu_flow_next(&f, ME_NEXT), MS_DIAG);
	assert_int_equal(menu_flow_next(&f, ME_OK), MS_RESULT);
	assert_int_equal(f.wipe, MO_NOT_RUN);
	assert_int_equal(menu_flow_passed(&f), 1);
	menu_flow_init(&f, 1);
	menu_flow_next(&f, ME_OK);
	menu_flow_next(&f, ME_NEXT);
	menu_flow_next(&f, ME_FAIL);
	assert_int_equal(menu_flow_passed(&f), 0);
	assert_int_equal(menu_flow_next(&f, ME_QUIT), MS_QUIT);
	assert_string_equal(menu_state_name(MS_CONFIRM), "confirm");
}

/* With a person at the screen the guided tests follow the diagnosis; a
 * guided test skipped or failed never stops the walk-through to the wipe,
 * and a faulty part they find is never a PASS. */
static void test_flow_guided(void **state)
{
	(void)state;
	struct menu_flow f;
	menu_flow_init(&f, 0);
	f.guided_on = 1;
	f.n_targets = 1;
	menu_flow_next(&f, ME_OK);
	menu_flow_next(&f, ME_NEXT);
	assert_int_equal(menu_flow_next(&f, ME_OK), MS_GUIDED);
	assert_int_equal(menu_flow_next(&f, ME_QUIT), MS_GUIDED); /* not in the middle of it */
	assert_int_equal(menu_flow_next(&f, ME_FAIL), MS_CONFIRM);
	assert_int_equal(f.guided, MO_FAIL);
	menu_flow_next(&f, ME_CONFIRMED);
	menu_flow_next(&f, ME_OK);
	menu_flow_next(&f, ME_OK);
	assert_int_equal(f.st, MS_RESULT);
	assert_int_equal(menu_flow_passed(&f), 0);
	/* the same walk with the guided tests done: PASS */
	menu_flow_init(&f, 0);
	f.guided_on = 1;
	f.n_targets = 1;
	menu_flow_next(&f, ME_OK);
	menu_flow_next(&f, ME_NEXT);
	menu_flow_next(&f, ME_OK);
	assert_int_equal(menu_flow_next(&f, ME_OK), MS_CONFIRM);
	menu_flow_next(&f, ME_CONFIRMED);
	menu_flow_next(&f, ME_OK);
	menu_flow_next(&f, ME_OK);
	assert_int_equal(menu_flow_passed(&f), 1);
	/* skipping the diagnostics skips the guided tests too */
	menu_flow_init(&f, 0);
	f.guided_on = 1;
	menu_flow_next(&f, ME_OK);
	assert_int_equal(menu_flow_next(&f, ME_SKIP), MS_REPORT);
	assert_int_equal(f.guided, MO_NOT_RUN);
	/* Repair Café: the guided tests, then the result */
	menu_flow_init(&f, 1);
	f.guided_on = 1;
	menu_flow_next(&f, ME_OK);
	menu_flow_next(&f, ME_NEXT);
	assert_int_equal(menu_flow_next(&f, ME_OK), MS_GUIDED);
	assert_int_equal(menu_flow_next(&f, ME_OK), MS_RESULT);
	assert_string_equal(menu_state_name(MS_GUIDED), "guided");
}

/* ---- screens -------------------------------------------------------------------- */

static int has_line(const struct menu_lines *l, const char *needle)
{
	for (int i = 0; i < l->n; i++)
		if (strstr(l->line[i], needle))
			return 1;
	return 0;
}

static void test_screens(void **state)
{
	(void)state;
	struct menu_opts o;
	menu_opts_init(&o);
	struct menu_run r;
	menu_run_init(&r, &o);
	r.inventory = fixture("inventory.json");
	r.wipe_list = fixture("wipe-list.json");
	r.n_disks = menu_targets_from_list(r.wipe_list, r.disks, MENU_MAX_TARGETS);
	struct menu_lines l;
	menu_lines_init(&l, MENU_WIDTH);
	menu_screen_summary(&r, &l);
	assert_true(has_line(&l, "LENOVO ThinkPad T480"));
	assert_true(has_line(&l, "PF1ABCDE"));
	assert_true(has_line(&l, "i5-8250U"));
	assert_true(has_line(&l, "7.6 GiB"));
	assert_true(has_line(&l, "BAT0"));
	assert_true(has_line(&l, "55 %"));
	assert_true(has_line(&l, "SMART FAILING"));
	assert_true(has_line(&l, "will be wiped"));
	assert_true(has_line(&l, "boot medium"));
	/* fits an 80x25 console: 80 columns, and the summary is one screen */
	for (int i = 0; i < l.n; i++)
		assert_true(menu_str_width(l.line[i]) <= MENU_WIDTH);
	assert_true(l.n <= 21);
	menu_lines_release(&l);

	/* Repair Café: no "will be wiped" */
	r.o.repair_cafe = 1;
	menu_lines_init(&l, MENU_WIDTH);
	menu_screen_summary(&r, &l);
	assert_false(has_line(&l, "will be wiped"));
	assert_true(has_line(&l, "nothing is ever wiped"));
	menu_lines_release(&l);
	r.o.repair_cafe = 0;

	/* no inventory: says so, does not crash */
	json_t *inv = r.inventory;
	r.inventory = NULL;
	menu_lines_init(&l, MENU_WIDTH);
	menu_screen_summary(&r, &l);
	assert_true(has_line(&l, "could not be read"));
	menu_lines_release(&l);
	r.inventory = inv;

	/* bars */
	struct menu_progress p;
	const char *w = WIPE_LINE("/dev/nvme0n1", 500, "verify");
	menu_progress_parse(w, strlen(w), &p);
	menu_bars_update(&r.bars, &p);
	const char *d = "{\"done\":1,\"event\":\"progress\",\"percent\":25,\"test\":\"disk/sda\",\"total\":4}";
	menu_progress_parse(d, strlen(d), &p);
	menu_bars_update(&r.bars, &p);
	menu_lines_init(&l, MENU_WIDTH);
	menu_screen_bars(&r.bars, &l);
	assert_int_equal(l.n, 3); /* two bars and the wipe's error count */
	assert_non_null(strstr(l.line[0], "nvme0n1"));
	assert_non_null(strstr(l.line[0], " 50%"));
	assert_non_null(strstr(l.line[0], "150 MB/s"));
	assert_non_null(strstr(l.line[1], "errors"));
	assert_non_null(strstr(l.line[2], "Disk sda"));
	assert_non_null(strstr(l.line[2], " 25%"));
	menu_lines_release(&l);

	/* confirmation */
	menu_lines_init(&l, MENU_WIDTH);
	menu_screen_confirm(&r.disks[0], 0, 2, "AB", 1, &l);
	assert_true(has_line(&l, "Disk 1 of 2"));
	assert_true(has_line(&l, "WD-WX51A1234ABCD"));
	assert_true(has_line(&l, "last 4 characters"));
	assert_true(has_line(&l, "> AB_"));
	assert_true(has_line(&l, "does not match"));
	menu_lines_release(&l);

	/* result */
	struct menu_flow f;
	menu_flow_init(&f, 0);
	f.inventory = f.diag = f.wipe = f.report = MO_OK;
	f.n_targets = 2;
	r.n_wipe = 2;
	r.erased = 2;
	snprintf(r.grade, sizeof(r.grade), "B");
	snprintf(r.pdf, sizeof(r.pdf), "/run/reco/data/sessions/x/1/certificate.pdf");
	snprintf(r.report, sizeof(r.report), "/run/reco/data/sessions/x/1/report.json");
	/* as reco diag writes it: codes and values, the text rendered here */
	r.diag = json_pack("{s:b,s:[{s:s,s:s,s:s,s:s,s:i,s:{s:i}}]}", "complete", 1, "parts", "part", "battery",
			   "id", "BAT0", "verdict", "WARN", "rule", "battery.worn", "value", 745, "metrics",
			   "battery.health_permille", 745);
	menu_lines_init(&l, MENU_WIDTH);
	menu_screen_result(&r, &f, &l);
	assert_true(has_line(&l, "PASS"));
	assert_true(has_line(&l, "grade B"));
	assert_true(has_line(&l, "2/2"));
	assert_true(has_line(&l, "Battery BAT0: to watch — The battery holds only 74.5%"));
	assert_true(has_line(&l, "Replace the battery"));
	assert_false(has_line(&l, "incomplete"));
	menu_lines_release(&l);
	/* the same run with the memory not tested: incomplete, never PASS */
	json_t *ram = json_pack("{s:s,s:s,s:s,s:s}", "part", "ram", "id", "ram", "verdict", "NOT_TESTED", "rule",
				"ram.could_not_run");
	json_array_append_new(json_object_get(r.diag, "parts"), ram);
	json_object_set_new(r.diag, "complete", json_false());
	json_object_set_new(r.diag, "grade_cap", json_string("B"));
	json_object_set_new(r.diag, "grade", json_string("B"));
	json_object_set_new(r.diag, "not_tested", json_pack("[{s:s,s:s}]", "part", "ram", "id", "ram"));
	f.diag_incomplete = 1;
	menu_lines_init(&l, MENU_WIDTH);
	menu_screen_result(&r, &f, &l);
	assert_false(has_line(&l, "PASS:"));
	assert_true(has_line(&l, "Diagnosis incomplete, grade B at best: Memory not tested."));
	assert_true(has_line(&l, "Memory: not tested — The memory test could not run."));
	f.diag_incomplete = 0;
	json_array_remove(json_object_get(r.diag, "parts"), 1);
	assert_true(has_line(&l, "RECO-DATA"));
	assert_true(has_line(&l, "/run/reco/data/sessions/x/1/certificate.pdf"));
	menu_lines_release(&l);
	f.wipe = MO_FAIL;
	r.erased = 1;
	snprintf(r.msg, sizeof(r.msg), "1 of 2 disks erased");
	menu_lines_init(&l, MENU_WIDTH);
	menu_screen_result(&r, &f, &l);
	assert_true(has_line(&l, "FAIL"));
	assert_true(has_line(&l, "1 of 2 disks erased"));
	menu_lines_release(&l);

	char buf[64];
	assert_string_equal(menu_test_title("cpu", buf, sizeof(buf)), "Processor");
	assert_string_equal(menu_test_title("disk/selftest/sda", buf, sizeof(buf)), "Disk self-test sda");
	assert_string_equal(menu_test_title("ram/stuck-address", buf, sizeof(buf)), "Memory stuck-address");
	assert_string_equal(menu_test_title("cpuid", buf, sizeof(buf)), "cpuid");
	menu_run_release(&r);
}

/* ---- proc_stream ---------------------------------------------------------------- */

struct collected {
	char lines[16][128];
	int from[16];
	int n;
};

static void collect(const char *line, size_t len, enum reco_pstream_fd from, void *arg)
{
	struct collected *c = arg;
	assert_int_equal(strlen(line), len);
	if (c->n < 16) {
		snprintf(c->lines[c->n], sizeof(c->lines[0]), "%s", line);
		c->from[c->n++] = from;
	}
}

static void test_proc_stream(void **state)
{
	(void)state;
	struct reco_pstream ps;
	struct collected c = { 0 };
	char *argv[] = { "sh", "-c", "echo one; echo two >&2; sleep 0.2; printf 'three\\r\\nfour'; exit 3", NULL };
	assert_int_equal(reco_pstream_start(argv, &ps), 0);
	int rc;
	while ((rc = reco_pstream_poll(&ps, 1000, collect, &c)) > 0)
		;
	assert_int_equal(rc, 0);
	assert_int_equal(reco_pstream_wait(&ps), 3);
	reco_pstream_release(&ps);
	assert_int_equal(c.n, 4);
	int seen_two = 0;
	for (int i = 0; i < c.n; i++)
		if (!strcmp(c.lines[i], "two")) {
			seen_two = 1;
			assert_int_equal(c.from[i], RECO_PSTREAM_ERR);
		}
	assert_true(seen_two);
	assert_string_equal(c.lines[c.n - 2], "three");
	assert_string_equal(c.lines[c.n - 1], "four"); /* the last partial line */

	/* missing program */
	char *nope[] = { "/nonexistent/reco-nothing", NULL };
	assert_int_equal(reco_pstream_start(nope, &ps), -ENOENT);

	/* a signal ends it: 128 + signal */
	char *slow[] = { "sleep", "30", NULL };
	assert_int_equal(reco_pstream_start(slow, &ps), 0);
	assert_int_equal(reco_pstream_poll(&ps, 0, NULL, NULL), 1);
	assert_int_equal(reco_pstream_kill(&ps, 2), 0);
	while (reco_pstream_poll(&ps, 1000, NULL, NULL) > 0)
		;
	assert_int_equal(reco_pstream_wait(&ps), 128 + 2);
	reco_pstream_release(&ps);
	assert_int_equal(reco_pstream_kill(&ps, 2), -ESRCH);

	/* release kills a helper still running */
	assert_int_equal(reco_pstream_start(slow, &ps), 0);
	reco_pstream_release(&ps);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	setenv("LANGUAGE", "en", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_conf),
		cmocka_unit_test(test_lang_pick),
		cmocka_unit_test(test_progress_parse),
		cmocka_unit_test(test_bars),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_confirm),
		cmocka_unit_test(test_flow),
		cmocka_unit_test(test_flow_guided),
		cmocka_unit_test(test_screens),
		cmocka_unit_test(test_proc_stream),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
