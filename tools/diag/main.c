/*
 * reco diag — stress diagnostics a volunteer can act on: CPU, RAM, disks,
 * battery, heat, and the functions a family uses (Wi-Fi, Bluetooth,
 * Ethernet, sound, camera, USB, screen, power, optical drive and card
 * reader: functions.h); a verdict per part from the rule table (rules.c), a
 * grade, diag.json in the session, and the Repair Café sheet.
 */
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/cli.h"
#include "common/progress.h"
#include "inventory/inventory.h"
#include "lib/json.h"
#include "lib/l10n.h"
#include "lib/session.h"
#include "lib/sysroot.h"
#include "lib/util.h"
#include "diag.h"

enum { P_CPU = DIAG_P_CPU, P_RAM = DIAG_P_RAM, P_DISK = DIAG_P_DISK, P_BATTERY = DIAG_P_BATTERY,
       P_THERMAL = DIAG_P_THERMAL, P_ALL = DIAG_P_ALL };
enum { PROG_HUMAN, PROG_JSON, PROG_NONE };

#define MAX_LIST DIAG_MAX_LIST

/* The command line; what the parts need goes into the run. */
struct diag_control {
	int json;
	unsigned only;
	char cosmetic;
	const char *session;
	const char *smart_json[MAX_LIST];
	size_t n_smart_json;
	int progress;
	int tty;
	uint64_t last_progress_ns;
	struct diag_run run;
};

static noreturn void usage(void)
{
	printf(_("Usage: reco diag [options]\n\n"
		 "Test this computer's processor, memory, disks, battery and cooling, and\n"
		 "the functions a family uses (Wi-Fi, Bluetooth, Ethernet, sound, camera,\n"
		 "USB ports, screen, power, optical drive and card reader), and say for\n"
		 "each part whether it is sound, with a reason and what to do.\n\n"
		 "Options:\n"
		 "      --quick              about 3 minutes (default)\n"
		 "      --full               30 minutes or more: longer CPU load, memtester's\n"
		 "                           whole set of memory tests, more disk samples\n"
		 "      --repair-cafe        quick and strictly read-only (no disk self-test),\n"
		 "                           prints the plain-language sheet (French unless\n"
		 "                           LANG asks for another language)\n"
		 "      --only LIST          only these parts: cpu,ram,disk,battery,thermal,\n"
		 "                           power,wifi,bluetooth,ethernet,sound,camera,usb,\n"
		 "                           screen,media, and the guided tests a person\n"
		 "                           answers on this screen: keyboard,touchpad,\n"
		 "                           display,webcam,speakers,microphone,usbports\n"
		 "      --guided             the seven guided tests (as --only keyboard,...)\n"
		 "      --keymap NAME        the keyboard test's layout: fr (default), be, de,\n"
		 "                           gb, us (default: the session's keyboard setting)\n"
		 "      --duration SECONDS   length of the processor load (60 with --quick,\n"
		 "                           600 with --full)\n"
		 "      --ram-size SIZE      memory to test (default 90%% of available memory)\n"
		 "      --loops N            passes over the memory test list\n"
		 "      --threads N          worker threads (default one per CPU)\n"
		 "      --disk DISK          test this disk (repeatable; default all disks)\n"
		 "      --no-self-test       do not start the disks' self-test (short; long\n"
		 "                           with --full when the drive's own time is <= 2 h)\n"
		 "      --smart-json FILE... judge saved 'smartctl --json -x' output instead of\n"
		 "                           asking a drive (with --only disk); prints the\n"
		 "                           verdict of each file\n"
		 "      --wifi-conf FILE     the workshop's Wi-Fi network (reco.conf keys\n"
		 "                           wifi_ssid, wifi_passphrase): the Wi-Fi card must\n"
		 "                           join it\n"
		 "      --cosmetic GRADE     the look of the machine, A to D (kept apart from\n"
		 "                           the functional grade)\n"
		 "  -j, --json               print diag.json on stdout\n"
		 "      --progress=MODE      human (default), json (one JSON object per line\n"
		 "                           on standard error) or none\n"
		 "  -s, --session DIR        session directory for diag.json (default\n"
		 "                           $RECO_SESSION, else a new session)\n"
		 "      --data DIR           data directory, where a new session goes\n"
		 "                           (default $RECO_DATA)\n"
		 "  -r, --root DIR           read /sys and /proc under DIR (battery, sensors)\n"
		 "  -h, --help               this help\n"
		 "  -V, --version            version\n\n"
		 "Grades: A every part tested and sound; B works, with a weakness, or a\n"
		 "part was not tested; C usable after replacing a part (memory, disk,\n"
		 "battery, cooling, or a function: Wi-Fi, camera, screen...); D processor\n"
		 "or motherboard faulty.\n\n"));
	fputs(cli_exit_status_help(_("a part is faulty")), stdout);
	exit(RECO_EXIT_OK);
}

/* ---- progress --------------------------------------------------------------- */

static void progress_line(struct diag_control *ctl, const char *test, const char *title, uint64_t done,
			  uint64_t total, int final)
{
	if (ctl->progress == PROG_NONE)
		return;
	uint64_t now = reco_now_ns();
	if (!final && now - ctl->last_progress_ns < 200000000ULL)
		return;
	ctl->last_progress_ns = now;
	if (ctl->progress == PROG_JSON) {
		json_t *o = json_pack("{s:s,s:s,s:I,s:I,s:i}", "event", final ? "done" : "progress", "test", test,
				      "done", (json_int_t)done, "total", (json_int_t)total, "percent",
				      total ? (int)(done * 100 / total) : 0);
		char *s = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
		if (s)
			fprintf(stderr, "%s\n", s);
		free(s);
		json_decref(o);
		return;
	}
	if (!ctl->tty && !final)
		return;
	char bar[64];
	cli_progress_bar(bar, sizeof(bar), 30, done, total);
	fprintf(stderr, "%s  %-40.40s %s%s", ctl->tty ? "\r" : "", title, bar, final ? "\n" : "");
	fflush(stderr);
}

static void on_progress(struct diag_run *r, const char *test, const char *title, uint64_t done, uint64_t total,
			int final)
{
	progress_line(r->user, test, title, done, total, final);
}

static void on_warn(struct diag_run *r, const char *msg)
{
	(void)r;
	cli_warn("%s", msg);
}

static void on_note(struct diag_run *r, const char *msg)
{
	struct diag_control *ctl = r->user;
	if (ctl->progress == PROG_HUMAN)
		fprintf(stderr, "%s\n", msg);
}

/* ---- --smart-json ----------------------------------------------------------- */

static int run_smart_files(struct diag_control *ctl)
{
	int worst = DIAG_PASS, env = 0;
	json_t *out = json_array();
	for (size_t i = 0; i < ctl->n_smart_json; i++) {
		const char *file = ctl->smart_json[i];
		char *text = NULL;
		size_t len = 0;
		int rc = reco_read_file("", file, &text, &len, 64 << 20);
		if (rc != 0) {
			cli_warn("%s: %s", file, strerror(-rc));
			env = 1;
			continue;
		}
		struct diag_part p;
		diag_part_init(&p, "disk", file);
		diag_smart_eval_text(text, len, &p);
		free(text);
		diag_part_judge(&p);
		if ((int)p.verdict > worst)
			worst = (int)p.verdict;
		if (ctl->json) {
			json_t *pj = diag_part_json(&p);
			json_object_set_new(pj, "file", json_string(file));
			json_array_append_new(out, pj);
		} else {
			char *reason = diag_part_reason(&p, 1), *action = diag_part_action(&p, 1);
			printf(_("%s: %s: %s\n"), file, diag_verdict_name(p.verdict), reason ? reason : "");
			if (p.verdict != DIAG_PASS)
				printf("  %s %s\n", _("What to do:"), action ? action : "");
			free(reason);
			free(action);
		}
		diag_part_release(&p);
	}
	if (ctl->json) {
		json_t *doc = json_pack("{s:s,s:o}", "schema", "reco-diag-smart/1", "files", out);
		char *s = json_dumps(doc, JSON_SORT_KEYS | JSON_INDENT(2));
		if (s)
			puts(s);
		free(s);
		json_decref(doc);
	} else {
		json_decref(out);
	}
	if (worst == DIAG_FAIL)
		return RECO_EXIT_FAIL;
	return env ? RECO_EXIT_ENV : RECO_EXIT_OK;
}

/* ---- options ---------------------------------------------------------------- */

static unsigned parse_only(const char *s)
{
	unsigned mask = 0;
	size_t nk;
	const struct diag_part_kind *kinds = diag_part_kinds(&nk);
	char *copy = strdup(s), *save = NULL;
	if (!copy)
		cli_die(RECO_EXIT_ENV, _("out of memory"));
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		const char *name = strcmp(t, "memory") == 0 ? "ram" : strcmp(t, "disks") == 0 ? "disk" : t;
		size_t k = 0;
		while (k < nk && strcmp(kinds[k].part, name) != 0)
			k++;
		if (k == nk)
			cli_usage_error(_("--only: unknown part '%s' (cpu, ram, disk, battery, thermal, power, wifi, "
					  "bluetooth, ethernet, sound, camera, usb, screen, media, keyboard, touchpad, "
					  "display, webcam, speakers, microphone, usbports)"),
					t);
		mask |= 1u << k;
	}
	free(copy);
	if (!mask)
		cli_usage_error(_("--only: no part given"));
	return mask;
}

/* Test hooks, for the test suite only: RECO_DIAG_INJECT="cpu:KERNEL" or
 * "ram:OFFSET:BIT" (bit flipped before each RAM algorithm's first check). */
static void parse_inject(struct diag_control *ctl)
{
	const char *s = getenv("RECO_DIAG_INJECT");
	if (!s || !*s)
		return;
	if (strncmp(s, "cpu:", 4) == 0) {
		for (int k = 0; k < CPU_K_COUNT; k++)
			if (strcmp(s + 4, diag_cpu_kernel_name((enum diag_cpu_kernel)k)) == 0)
				ctl->run.inject_cpu = k;
	} else if (strncmp(s, "ram:", 4) == 0) {
		unsigned long long off;
		unsigned bit;
		if (sscanf(s + 4, "%llu:%u", &off, &bit) == 2)
			ctl->run.inject_ram = (struct ram_inject){ 1, -1, off, bit };
	}
}

/* French unless the locale names a language (the Repair Café default). */
static void repair_cafe_language(void)
{
	const char *vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v) {
			if (strcmp(v, "C") != 0 && strcmp(v, "POSIX") != 0 && strncmp(v, "C.", 2) != 0)
				return;
			break;
		}
	}
	if (setlocale(LC_ALL, "fr_FR.UTF-8") == NULL && setlocale(LC_ALL, "fr_FR.utf8") == NULL) {
		setenv("LANGUAGE", "fr", 1);
		setlocale(LC_ALL, "C.UTF-8");
	}
}

static char *machine_name(const json_t *inv)
{
	json_t *sys = json_object_get(json_object_get(inv, "system"), "system");
	const char *v = json_string_value(json_object_get(sys, "vendor"));
	const char *p = json_string_value(json_object_get(sys, "product"));
	if (!v && !p) {
		/* no name: the serial number, else the inventory's device id */
		const char *s = json_string_value(json_object_get(sys, "serial"));
		if (s && *s)
			return reco_asprintf(_("serial number %s"), s);
		const char *id = json_string_value(json_object_get(inv, "id"));
		return id && *id ? strdup(id) : NULL;
	}
	return reco_asprintf("%s%s%s", v ? v : "", v && p ? " " : "", p ? p : "");
}

int main(int argc, char **argv)
{
	enum {
		OPT_QUICK = 256, OPT_FULL, OPT_RC, OPT_ONLY, OPT_DURATION, OPT_RAM, OPT_LOOPS, OPT_THREADS,
		OPT_DISK, OPT_NO_ST, OPT_SMART, OPT_COSMETIC, OPT_PROGRESS, OPT_WIFI, OPT_DATA, OPT_GUIDED,
		OPT_KEYMAP,
	};
	static const struct option longopts[] = {
		{ "quick", no_argument, NULL, OPT_QUICK },
		{ "full", no_argument, NULL, OPT_FULL },
		{ "repair-cafe", no_argument, NULL, OPT_RC },
		{ "only", required_argument, NULL, OPT_ONLY },
		{ "duration", required_argument, NULL, OPT_DURATION },
		{ "ram-size", required_argument, NULL, OPT_RAM },
		{ "loops", required_argument, NULL, OPT_LOOPS },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "disk", required_argument, NULL, OPT_DISK },
		{ "no-self-test", no_argument, NULL, OPT_NO_ST },
		{ "smart-json", required_argument, NULL, OPT_SMART },
		{ "cosmetic", required_argument, NULL, OPT_COSMETIC },
		{ "wifi-conf", required_argument, NULL, OPT_WIFI },
		{ "guided", no_argument, NULL, OPT_GUIDED },
		{ "keymap", required_argument, NULL, OPT_KEYMAP },
		{ "json", no_argument, NULL, 'j' },
		{ "progress", required_argument, NULL, OPT_PROGRESS },
		{ "session", required_argument, NULL, 's' },
		{ "data", required_argument, NULL, OPT_DATA },
		{ "root", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static struct diag_control ctl = { .only = P_ALL };
	int c;
	if (diag_run_init(&ctl.run) != 0)
		cli_die(RECO_EXIT_ENV, _("out of memory"));
	ctl.run.user = &ctl;
	ctl.run.progress = on_progress;
	ctl.run.warn = on_warn;
	ctl.run.note = on_note;

	cli_init("diag");
	while ((c = cli_getopt(argc, argv, "js:r:hV", longopts)) != -1) {
		switch (c) {
		case OPT_QUICK: ctl.run.full = 0; break;
		case OPT_FULL: ctl.run.full = 1; break;
		case OPT_RC: ctl.run.repair_cafe = 1; break;
		case OPT_ONLY: ctl.only = parse_only(optarg); break;
		case OPT_DURATION: ctl.run.duration_s = cli_num_or_err(optarg, 0, 7 * 24 * 3600, "--duration"); break;
		case OPT_RAM: ctl.run.ram_size = cli_size_or_err(optarg, "--ram-size"); break;
		case OPT_LOOPS: ctl.run.loops = (unsigned)cli_num_or_err(optarg, 1, 1000, "--loops"); break;
		case OPT_THREADS: ctl.run.threads = (unsigned)cli_num_or_err(optarg, 1, DIAG_MAX_CPUS, "--threads"); break;
		case OPT_DISK:
			if (ctl.run.n_disks >= MAX_LIST)
				cli_usage_error(_("--disk: at most %d disks"), MAX_LIST);
			ctl.run.disks[ctl.run.n_disks++] = optarg;
			break;
		case OPT_NO_ST: ctl.run.no_selftest = 1; break;
		case OPT_SMART:
			if (ctl.n_smart_json >= MAX_LIST)
				cli_usage_error(_("--smart-json: at most %d files"), MAX_LIST);
			ctl.smart_json[ctl.n_smart_json++] = optarg;
			break;
		case OPT_COSMETIC:
			if (strlen(optarg) != 1 || optarg[0] < 'A' || optarg[0] > 'D')
				cli_usage_error(_("--cosmetic: expected A, B, C or D, not '%s'"), optarg);
			ctl.cosmetic = optarg[0];
			break;
		case OPT_WIFI: ctl.run.wifi_conf = optarg; break;
		case OPT_GUIDED: ctl.only = ctl.only == P_ALL ? DIAG_P_GUIDED : ctl.only | DIAG_P_GUIDED; break;
		case OPT_KEYMAP:
			if (!*optarg || strlen(optarg) > 15 || strspn(optarg, "abcdefghijklmnopqrstuvwxyz0123456789_-()") != strlen(optarg))
				cli_usage_error(_("--keymap: not a keyboard layout name: '%s'"), optarg);
			ctl.run.keymap = optarg;
			break;
		case 'j': ctl.json = 1; break;
		case OPT_PROGRESS:
			if (strcmp(optarg, "human") == 0) ctl.progress = PROG_HUMAN;
			else if (strcmp(optarg, "json") == 0) ctl.progress = PROG_JSON;
			else if (strcmp(optarg, "none") == 0) ctl.progress = PROG_NONE;
			else cli_usage_error(_("--progress: expected human, json or none, not '%s'"), optarg);
			break;
		case 's': ctl.session = optarg; break;
		case OPT_DATA: cli_set_data_dir(optarg); break;
		case 'r': ctl.run.root = optarg; break;
		case 'h': usage();
		case 'V': cli_version();
		}
	}
	/* --smart-json FILE...: the files after the first are operands. */
	if (ctl.n_smart_json) {
		for (; optind < argc; optind++) {
			if (ctl.n_smart_json >= MAX_LIST)
				cli_usage_error(_("--smart-json: at most %d files"), MAX_LIST);
			ctl.smart_json[ctl.n_smart_json++] = argv[optind];
		}
		if (ctl.only != P_DISK)
			cli_usage_error(_("--smart-json goes with --only disk"));
		return run_smart_files(&ctl);
	}
	if (optind < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[optind]);
	if (ctl.run.repair_cafe) {
		if (ctl.run.full)
			cli_usage_error(_("--repair-cafe is a quick check; it cannot go with --full"));
		ctl.run.no_selftest = 1;
		repair_cafe_language();
	}
	parse_inject(&ctl);
	ctl.tty = isatty(STDERR_FILENO);
	/* the guided tests own the screen: no progress lines over them; their
	 * markers with --progress=json (the VM tests follow them) */
	ctl.run.guided_markers = ctl.progress == PROG_JSON;
	ctl.run.guided_stdout_busy = ctl.json;
	if ((ctl.only & DIAG_P_GUIDED) && ctl.progress == PROG_HUMAN)
		ctl.progress = ctl.only & ~DIAG_P_GUIDED ? PROG_HUMAN : PROG_NONE;

	/* The session: explicit, $RECO_SESSION, or a new one named after the
	 * machine's device id (from its inventory). */
	char session[4096];
	json_t *inv = NULL;
	const char *sess_env = getenv("RECO_SESSION");
	if (!ctl.session && !(sess_env && *sess_env)) {
		struct inv_ctx ictx = { .root = ctl.run.root, .no_smart = 1 };
		inv = inv_collect(&ictx);
		json_decref(ictx.notes);
	}
	char *devid = inv ? inv_device_id(inv) : NULL;
	int rc = reco_session_resolve(ctl.session, devid, session, sizeof(session));
	free(devid);
	if (rc != 0)
		cli_die(RECO_EXIT_ENV, _("%s: cannot create the session directory: %s"),
			ctl.session ? ctl.session : "session", strerror(-rc));
	if (!inv) {
		char path[4200];
		snprintf(path, sizeof(path), "%s/inventory.json", session);
		inv = json_load_file(path, 0, NULL);
	}
	char started[32], finished[32];
	reco_time_rfc3339(time(NULL), started, sizeof(started));
	const char *profile = ctl.run.repair_cafe ? "repair-cafe" : ctl.run.full ? "full" : "quick";
	if (ctl.progress == PROG_HUMAN && !ctl.json)
		fprintf(stderr, _("reco diag: %s check, results in %s\n"), profile, session);

	ctl.run.session = session;
	diag_run_parts(&ctl.run, ctl.only);
	reco_time_rfc3339(time(NULL), finished, sizeof(finished));

	/* the session's diagnosis so far: the kinds this run left out keep
	 * their parts from it (merge.c) */
	char path[4200];
	snprintf(path, sizeof(path), "%s/diag.json", session);
	json_t *old = json_load_file(path, 0, NULL);
	const char *old_schema = json_string_value(json_object_get(old, "schema"));
	if (old && (!old_schema || strcmp(old_schema, "reco-diag/1") != 0)) {
		cli_warn(_("%s: not a reco diag document: replaced"), path);
		json_decref(old);
		old = NULL;
	}
	json_t *doc = json_object();
	json_t *parts = json_array();
	static struct diag_part merged[2 * DIAG_MAX_PARTS];
	size_t n_merged = diag_merge_parts(parts, merged, 2 * DIAG_MAX_PARTS, ctl.run.parts, ctl.run.n_parts,
					   ctl.only, old);
	json_object_set_new(doc, "schema", json_string("reco-diag/1"));
	json_object_set_new(doc, "tool", json_pack("{s:s,s:s}", "name", "reco diag", "version", reco_version()));
	/* a run of guided tests only keeps the automatic run's profile */
	if (!(ctl.only & ~DIAG_P_GUIDED) && json_is_string(json_object_get(old, "profile")))
		json_object_set(doc, "profile", json_object_get(old, "profile"));
	else
		json_object_set_new(doc, "profile", json_string(!(ctl.only & ~DIAG_P_GUIDED) ? "guided" : profile));
	json_object_set_new(doc, "parts", parts);
	diag_summary_json(doc, merged, n_merged);
	if (json_array_size(ctl.run.excluded))
		json_object_set(doc, "excluded_disks", ctl.run.excluded);
	else if (!(ctl.only & P_DISK) && json_object_get(old, "excluded_disks"))
		json_object_set(doc, "excluded_disks", json_object_get(old, "excluded_disks"));
	if (ctl.cosmetic)
		json_object_set_new(doc, "cosmetic_grade", json_sprintf("%c", ctl.cosmetic));
	else if (json_object_get(old, "cosmetic_grade"))
		json_object_set(doc, "cosmetic_grade", json_object_get(old, "cosmetic_grade"));
	json_object_set_new(doc, "started", json_string(started));
	json_object_set_new(doc, "finished", json_string(finished));
	diag_merge_runs(doc, old, profile, started, finished, ctl.only);
	if (inv && json_is_string(json_object_get(inv, "id")))
		json_object_set_new(doc, "device_id", json_incref(json_object_get(inv, "id")));
	else if (json_is_string(json_object_get(old, "device_id")))
		json_object_set(doc, "device_id", json_object_get(old, "device_id"));
	json_decref(old);

	rc = reco_json_write(path, doc, 0);
	if (rc != 0) {
		cli_warn("%s: %s", path, strerror(-rc));
		ctl.run.env_error = 1;
	}

	/* the exit status: what this run measured */
	int any_fail = 0;
	for (size_t i = 0; i < ctl.run.n_parts; i++)
		any_fail |= ctl.run.parts[i].verdict == DIAG_FAIL;

	if (ctl.json) {
		char *s = json_dumps(doc, JSON_SORT_KEYS | JSON_INDENT(2));
		if (s)
			puts(s);
		free(s);
	} else if (ctl.run.repair_cafe) {
		char *machine = machine_name(inv);
		char date[32];
		reco_fmt_rfc3339(NULL, started, 0, date, sizeof(date)); /* 03/12/2026 in French */
		/* a wipe in this session changed the computer: the sheet says so */
		snprintf(path, sizeof(path), "%s/wipe.json", session);
		char *sheet = diag_sheet_text(doc, machine, date, access(path, F_OK) == 0);
		if (sheet)
			fputs(sheet, stdout);
		free(sheet);
		free(machine);
	} else {
		diag_print_human(stdout, doc);
		printf(_("Written: %s\n"), path);
	}
	json_decref(doc);
	json_decref(inv);
	int env_error = ctl.run.env_error;
	diag_run_release(&ctl.run);
	if (any_fail)
		return RECO_EXIT_FAIL;
	return env_error ? RECO_EXIT_ENV : RECO_EXIT_OK;
}
