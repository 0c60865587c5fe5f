/*
 * reco diag — stress diagnostics a volunteer can act on: CPU, RAM, disks,
 * battery, heat; a verdict per part from the rule table (rules.c), a grade,
 * diag.json in the session, and the Repair Café sheet.
 */
#include <dirent.h>
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
#include "lib/session.h"
#include "lib/sysroot.h"
#include "lib/util.h"
#include "diag.h"

enum { P_CPU = DIAG_P_CPU, P_RAM = DIAG_P_RAM, P_DISK = DIAG_P_DISK, P_BATTERY = DIAG_P_BATTERY,
       P_THERMAL = DIAG_P_THERMAL, P_ALL = DIAG_P_ALL };
enum { PROG_HUMAN, PROG_JSON, PROG_NONE };

#define MAX_PARTS 64
#define MAX_LIST 64

struct diag_control {
	int full, repair_cafe, json;
	unsigned only;
	long long duration_s; /* -1: profile default */
	uint64_t ram_size;
	unsigned loops, threads;
	char cosmetic;
	const char *session;
	const char *root;
	const char *smart_json[MAX_LIST];
	size_t n_smart_json;
	const char *disks[MAX_LIST];
	size_t n_disks;
	int progress;
	int no_selftest;
	/* test hooks (RECO_DIAG_INJECT) */
	int inject_cpu;
	struct ram_inject inject_ram;
	/* state */
	struct diag_part parts[MAX_PARTS];
	size_t n_parts;
	int env_error;
	json_t *excluded;    /* disks not judged: the boot medium, external ones */
	int tty;
	uint64_t last_progress_ns;
};

static noreturn void usage(void)
{
	printf(_("Usage: reco diag [options]\n\n"
		 "Test this computer's processor, memory, disks, battery and cooling, and\n"
		 "say for each part whether it is sound, with a reason and what to do.\n\n"
		 "Options:\n"
		 "      --quick              about 3 minutes (default)\n"
		 "      --full               30 minutes or more: longer CPU load, memtester's\n"
		 "                           whole set of memory tests, more disk samples\n"
		 "      --repair-cafe        quick and strictly read-only (no disk self-test),\n"
		 "                           prints the plain-language sheet (French unless\n"
		 "                           LANG asks for another language)\n"
		 "      --only LIST          only these parts: cpu,ram,disk,battery,thermal\n"
		 "      --duration SECONDS   length of the processor load (quick 60, full 600)\n"
		 "      --ram-size SIZE      memory to test (default 90%% of available memory)\n"
		 "      --loops N            passes over the memory test list\n"
		 "      --threads N          worker threads (default one per CPU)\n"
		 "      --disk DEVICE        test this disk (repeatable; default all disks)\n"
		 "      --no-self-test       do not start the disks' self-test (short; long\n"
		 "                           with --full when the drive's own time is <= 2 h)\n"
		 "      --smart-json FILE... judge saved 'smartctl --json -x' output instead of\n"
		 "                           asking a drive (with --only disk); prints the\n"
		 "                           verdict of each file\n"
		 "      --cosmetic GRADE     the look of the machine, A to D (kept apart from\n"
		 "                           the functional grade)\n"
		 "  -j, --json               print diag.json on stdout\n"
		 "      --progress=MODE      human (default), json (one JSON object per line\n"
		 "                           on stderr) or none\n"
		 "  -s, --session DIR        session directory for diag.json (default\n"
		 "                           $RECO_SESSION, else a new session)\n"
		 "  -r, --root DIR           read /sys and /proc under DIR (battery, sensors)\n"
		 "  -h, --help               this help\n"
		 "  -V, --version            version\n\n"
		 "Grades: A every part tested and sound; B works, with a weakness, or a\n"
		 "part was not tested; C usable after replacing a part (memory, disk,\n"
		 "battery, cooling); D processor or motherboard faulty.\n\n"));
	fputs(cli_exit_codes_help(), stdout);
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

/* ---- parts ------------------------------------------------------------------ */

static struct diag_part *new_part(struct diag_control *ctl, const char *part, const char *id)
{
	if (ctl->n_parts >= MAX_PARTS)
		return NULL;
	struct diag_part *p = &ctl->parts[ctl->n_parts];
	if (diag_part_init(p, part, id) != 0)
		cli_die(RECO_EXIT_ENV, _("out of memory"));
	ctl->n_parts++;
	return p;
}

struct cpu_tick {
	struct diag_control *ctl;
	struct diag_thermal_watch *watch;
	uint64_t duration_ms;
};

static int cpu_tick(void *arg, uint64_t el)
{
	struct cpu_tick *t = arg;
	diag_thermal_watch_sample(t->watch, t->ctl->root, el);
	progress_line(t->ctl, "cpu", _("Processor under load"), el, t->duration_ms, 0);
	return 0;
}

static void run_cpu(struct diag_control *ctl, struct diag_thermal_watch *watch)
{
	struct cpu_tick tick = { ctl, watch, 0 };
	long long secs = ctl->duration_s >= 0 ? ctl->duration_s : ctl->full ? 600 : 60;
	struct diag_cpu_opts o = {
		.threads = ctl->threads,
		.duration_ms = (uint64_t)secs * 1000,
		.inject_kernel = ctl->inject_cpu,
		.tick = cpu_tick,
		.tick_arg = &tick,
	};
	tick.duration_ms = o.duration_ms;
	struct diag_cpu_result *r = calloc(1, sizeof(*r));
	if (!r)
		cli_die(RECO_EXIT_ENV, _("out of memory"));
	progress_line(ctl, "cpu", _("Processor under load"), 0, o.duration_ms, 0);
	int rc = diag_cpu_run(&o, r);
	if (rc != 0) {
		cli_warn(_("processor test: %s"), strerror(-rc));
		ctl->env_error = 1;
		struct diag_part *p = new_part(ctl, "cpu", "cpu");
		if (p)
			diag_part_state(p, "cpu.could_not_run", strerror(-rc));
		free(r);
		return;
	}
	diag_thermal_watch_sample(watch, ctl->root, r->elapsed_ms);
	progress_line(ctl, "cpu", _("Processor under load"), o.duration_ms, o.duration_ms, 1);
	struct diag_part *p = new_part(ctl, "cpu", "cpu");
	if (p)
		diag_cpu_part(r, watch, p);
	free(r);
}

struct ram_prog {
	struct diag_control *ctl;
	int full;
};

static int ram_progress(void *arg, unsigned algo, uint64_t done, uint64_t total)
{
	struct ram_prog *rp = arg;
	size_t n;
	const struct ram_algo *prof = ram_profile(rp->full, &n);
	char test[96], title[128];
	snprintf(test, sizeof(test), "ram/%s", prof[algo].name);
	snprintf(title, sizeof(title), "%s: %s", _("Memory"), _(prof[algo].title));
	progress_line(rp->ctl, test, title, done, total, done >= total);
	return 0;
}

static void run_ram(struct diag_control *ctl)
{
	struct diag_snapshot *before = malloc(sizeof(*before)), *after = malloc(sizeof(*after));
	struct diag_ram_result *r = calloc(1, sizeof(*r));
	if (!before || !after || !r)
		cli_die(RECO_EXIT_ENV, _("out of memory"));
	diag_sensors_read(ctl->root, before);
	struct ram_prog rp = { ctl, ctl->full };
	struct diag_ram_opts o = {
		.size = ctl->ram_size,
		.full = ctl->full,
		.threads = ctl->threads,
		.loops = ctl->loops ? ctl->loops : ctl->full ? 3 : 1,
		.inject = ctl->inject_ram,
		.root = ctl->root,
		.progress = ram_progress,
		.progress_arg = &rp,
	};
	struct reco_err err = { 0 };
	int rc = diag_ram_run(&o, r, &err);
	if (rc != 0) {
		cli_warn(_("memory test: %s"), err.msg[0] ? err.msg : strerror(-rc));
		ctl->env_error = 1;
		struct diag_part *p = new_part(ctl, "ram", "ram");
		if (p)
			diag_part_state(p, "ram.could_not_run", err.msg[0] ? err.msg : strerror(-rc));
	} else {
		diag_sensors_read(ctl->root, after);
		struct diag_part *p = new_part(ctl, "ram", "ram");
		if (p)
			diag_ram_part(r, before, after, p);
		if (p && !r->locked)
			cli_warn(_("memory could not be locked (mlock): part of it may have been swapped"));
	}
	free(before);
	free(after);
	free(r);
}

/* ---- disks ------------------------------------------------------------------ */

/* The disks to judge: those named with --disk (never the boot medium), or
 * the machine's own; the others are listed in diag.json. */
static void list_disks(struct diag_control *ctl)
{
	static char names[MAX_LIST][64];
	static char paths[MAX_LIST][80];
	size_t kept = 0;
	for (size_t i = 0; i < ctl->n_disks; i++) {
		const char *base = strrchr(ctl->disks[i], '/') ? strrchr(ctl->disks[i], '/') + 1 : ctl->disks[i];
		const char *why = strncmp(ctl->disks[i], "/dev/", 5) == 0 ? diag_disk_exclusion("", base, 1) : NULL;
		if (why)
			json_array_append_new(ctl->excluded, json_pack("{s:s,s:s}", "disk", ctl->disks[i], "reason", why));
		else
			ctl->disks[kept++] = ctl->disks[i];
	}
	if (ctl->n_disks) {
		ctl->n_disks = kept;
		return;
	}
	size_t n = diag_disks_list("", names, MAX_LIST, ctl->excluded);
	for (size_t i = 0; i < n; i++) {
		snprintf(paths[i], sizeof(paths[i]), "/dev/%s", names[i]);
		ctl->disks[ctl->n_disks++] = paths[i];
	}
}

static void start_selftests(struct diag_control *ctl, struct diag_selftest *st, struct diag_selftest_ops *ops)
{
	for (size_t i = 0; i < ctl->n_disks; i++) {
		diag_selftest_smartctl_ops(&ops[i], ctl->disks[i]);
		/* --full: the long test when the drive says it takes at most 2 h */
		if (diag_selftest_begin(&st[i], &ops[i], ctl->full ? "long" : "short", 120) == 1 &&
		    ctl->progress == PROG_HUMAN)
			fprintf(stderr, strcmp(st[i].kind, "long") ? _("  %s: short self-test started (about %d min)\n")
								   : _("  %s: long self-test started (about %d min)\n"),
				ctl->disks[i], st[i].minutes);
	}
}

static int selftest_tick(void *arg, uint64_t done_ms, uint64_t total_ms)
{
	void **a = arg;
	progress_line(a[0], "disk/selftest", a[1], done_ms / 1000, total_ms / 1000, 0);
	return 0;
}

static int surface_progress(void *arg, uint64_t done, uint64_t total)
{
	void **a = arg;
	struct diag_control *ctl = a[0];
	progress_line(ctl, a[1], a[2], done, total, 0);
	return 0;
}

static void run_disks(struct diag_control *ctl, const char *session, struct diag_selftest *st,
		      struct diag_selftest_ops *ops)
{
	json_t *wipe = NULL;
	if (session) {
		char path[4200];
		snprintf(path, sizeof(path), "%s/wipe.json", session);
		wipe = json_load_file(path, 0, NULL);
	}
	for (size_t i = 0; i < ctl->n_disks; i++) {
		const char *dev = ctl->disks[i];
		const char *base = strrchr(dev, '/') ? strrchr(dev, '/') + 1 : dev;
		struct diag_part *p = new_part(ctl, "disk", base);
		if (!p)
			break;
		json_object_set_new(p->details, "path", json_string(dev));
		/* Wait for this disk's self-test (the CPU and RAM tests ran
		 * meanwhile): "in progress" read every 10 s, at most the drive's
		 * own time plus two minutes. */
		if (st) {
			char title[128];
			snprintf(title, sizeof(title), _("Disk %s: self-test"), base);
			void *arg[2] = { ctl, title };
			diag_selftest_wait(&st[i], &ops[i], 10000, selftest_tick, arg);
			diag_selftest_part(&st[i], p);
			diag_selftest_release(&st[i]);
		}
		int rc = diag_smart_query(dev, p);
		if (rc == -ENOENT)
			cli_warn(_("smartctl not found: install smartmontools to read disk health"));
		if (diag_surface_from_wipe(wipe, dev, p) == 1)
			continue;
		char test[96], title[128];
		snprintf(test, sizeof(test), "disk/%s/surface", base);
		snprintf(title, sizeof(title), _("Disk %s: read scan"), base);
		void *arg[3] = { ctl, test, title };
		struct diag_surface_opts so = {
			.max_samples = ctl->full ? 10000 : 1000,
			.budget_ms = ctl->full ? 600000 : 60000,
			.progress = surface_progress,
			.progress_arg = arg,
		};
		struct reco_err err = { 0 };
		if (diag_surface_scan(dev, &so, p, &err) != 0) {
			cli_warn("%s", err.msg);
			diag_part_state(p, "disk.surface_failed", err.msg);
		} else
			progress_line(ctl, test, title, 1, 1, 1);
	}
	json_decref(wipe);
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
	char *copy = strdup(s), *save = NULL;
	if (!copy)
		cli_die(RECO_EXIT_ENV, _("out of memory"));
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (strcmp(t, "cpu") == 0) mask |= P_CPU;
		else if (strcmp(t, "ram") == 0 || strcmp(t, "memory") == 0) mask |= P_RAM;
		else if (strcmp(t, "disk") == 0 || strcmp(t, "disks") == 0) mask |= P_DISK;
		else if (strcmp(t, "battery") == 0) mask |= P_BATTERY;
		else if (strcmp(t, "thermal") == 0) mask |= P_THERMAL;
		else
			cli_usage_error(_("--only: unknown part '%s' (cpu, ram, disk, battery, thermal)"), t);
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
				ctl->inject_cpu = k;
	} else if (strncmp(s, "ram:", 4) == 0) {
		unsigned long long off;
		unsigned bit;
		if (sscanf(s + 4, "%llu:%u", &off, &bit) == 2)
			ctl->inject_ram = (struct ram_inject){ 1, -1, off, bit };
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
	if (!v && !p)
		return NULL;
	return reco_asprintf("%s%s%s", v ? v : "", v && p ? " " : "", p ? p : "");
}

int main(int argc, char **argv)
{
	enum {
		OPT_QUICK = 256, OPT_FULL, OPT_RC, OPT_ONLY, OPT_DURATION, OPT_RAM, OPT_LOOPS, OPT_THREADS,
		OPT_DISK, OPT_NO_ST, OPT_SMART, OPT_COSMETIC, OPT_PROGRESS,
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
		{ "json", no_argument, NULL, 'j' },
		{ "progress", required_argument, NULL, OPT_PROGRESS },
		{ "session", required_argument, NULL, 's' },
		{ "root", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static struct diag_control ctl = { .only = P_ALL, .duration_s = -1, .root = "", .inject_cpu = -1 };
	int c;

	cli_init("diag");
	while ((c = getopt_long(argc, argv, "js:r:hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_QUICK: ctl.full = 0; break;
		case OPT_FULL: ctl.full = 1; break;
		case OPT_RC: ctl.repair_cafe = 1; break;
		case OPT_ONLY: ctl.only = parse_only(optarg); break;
		case OPT_DURATION: ctl.duration_s = cli_num_or_err(optarg, 0, 7 * 24 * 3600, "--duration"); break;
		case OPT_RAM: ctl.ram_size = cli_size_or_err(optarg, "--ram-size"); break;
		case OPT_LOOPS: ctl.loops = (unsigned)cli_num_or_err(optarg, 1, 1000, "--loops"); break;
		case OPT_THREADS: ctl.threads = (unsigned)cli_num_or_err(optarg, 1, DIAG_MAX_CPUS, "--threads"); break;
		case OPT_DISK:
			if (ctl.n_disks >= MAX_LIST)
				cli_usage_error(_("--disk: at most %d disks"), MAX_LIST);
			ctl.disks[ctl.n_disks++] = optarg;
			break;
		case OPT_NO_ST: ctl.no_selftest = 1; break;
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
		case 'j': ctl.json = 1; break;
		case OPT_PROGRESS:
			if (strcmp(optarg, "human") == 0) ctl.progress = PROG_HUMAN;
			else if (strcmp(optarg, "json") == 0) ctl.progress = PROG_JSON;
			else if (strcmp(optarg, "none") == 0) ctl.progress = PROG_NONE;
			else cli_usage_error(_("--progress: expected human, json or none, not '%s'"), optarg);
			break;
		case 's': ctl.session = optarg; break;
		case 'r': ctl.root = optarg; break;
		case 'h': usage();
		case 'V': cli_version();
		default:
			fprintf(stderr, _("Try '%s --help' for more information.\n"), cli_name());
			return RECO_EXIT_USAGE;
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
	if (ctl.repair_cafe) {
		if (ctl.full)
			cli_usage_error(_("--repair-cafe is a quick check; it cannot go with --full"));
		ctl.no_selftest = 1;
		repair_cafe_language();
	}
	parse_inject(&ctl);
	ctl.excluded = json_array();
	ctl.tty = isatty(STDERR_FILENO);

	/* The session: explicit, $RECO_SESSION, or a new one named after the
	 * machine's device id (from its inventory). */
	char session[4096];
	json_t *inv = NULL;
	const char *sess_env = getenv("RECO_SESSION");
	if (!ctl.session && !(sess_env && *sess_env)) {
		struct inv_ctx ictx = { .root = ctl.root, .no_smart = 1 };
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
	const char *profile = ctl.repair_cafe ? "repair-cafe" : ctl.full ? "full" : "quick";
	if (ctl.progress == PROG_HUMAN && !ctl.json)
		fprintf(stderr, _("reco diag: %s check, results in %s\n"), profile, session);

	static struct diag_selftest st[MAX_LIST];
	static struct diag_selftest_ops st_ops[MAX_LIST];
	if (ctl.only & P_DISK) {
		list_disks(&ctl);
		if (!ctl.no_selftest)
			start_selftests(&ctl, st, st_ops);
	}
	struct diag_thermal_watch watch;
	diag_thermal_watch_init(&watch, ctl.root);
	int loaded = 0;
	if (ctl.only & P_CPU) {
		run_cpu(&ctl, &watch);
		loaded = 1;
	}
	if (ctl.only & P_RAM)
		run_ram(&ctl);
	if (ctl.only & P_DISK)
		run_disks(&ctl, session, ctl.no_selftest ? NULL : st, st_ops);
	if (ctl.only & P_BATTERY) {
		if (ctl.n_parts < MAX_PARTS) {
			int n = diag_battery_read(ctl.root, &ctl.parts[ctl.n_parts], MAX_PARTS - ctl.n_parts);
			if (n > 0)
				ctl.n_parts += (size_t)n;
		}
	}
	if (ctl.only & P_THERMAL) {
		if (!loaded)
			diag_thermal_watch_sample(&watch, ctl.root, 0);
		struct diag_part *p = new_part(&ctl, "thermal", "thermal");
		if (p)
			diag_thermal_part(&watch, loaded, p);
	}
	diag_thermal_watch_release(&watch);

	for (size_t i = 0; i < ctl.n_parts; i++)
		diag_part_judge(&ctl.parts[i]);
	ctl.n_parts = diag_parts_fill(ctl.parts, ctl.n_parts, MAX_PARTS, ctl.only);
	reco_time_rfc3339(time(NULL), finished, sizeof(finished));

	json_t *doc = json_object();
	json_t *parts = json_array();
	for (size_t i = 0; i < ctl.n_parts; i++)
		json_array_append_new(parts, diag_part_json(&ctl.parts[i]));
	json_object_set_new(doc, "schema", json_string("reco-diag/1"));
	json_object_set_new(doc, "tool", json_pack("{s:s,s:s}", "name", "reco diag", "version", reco_version()));
	json_object_set_new(doc, "profile", json_string(profile));
	json_object_set_new(doc, "parts", parts);
	diag_summary_json(doc, ctl.parts, ctl.n_parts);
	if (json_array_size(ctl.excluded))
		json_object_set(doc, "excluded_disks", ctl.excluded);
	if (ctl.cosmetic)
		json_object_set_new(doc, "cosmetic_grade", json_sprintf("%c", ctl.cosmetic));
	json_object_set_new(doc, "started", json_string(started));
	json_object_set_new(doc, "finished", json_string(finished));
	if (inv && json_is_string(json_object_get(inv, "id")))
		json_object_set_new(doc, "device_id", json_incref(json_object_get(inv, "id")));

	char path[4200];
	snprintf(path, sizeof(path), "%s/diag.json", session);
	rc = reco_json_write(path, doc, 0);
	if (rc != 0) {
		cli_warn("%s: %s", path, strerror(-rc));
		ctl.env_error = 1;
	}

	int any_fail = 0;
	for (size_t i = 0; i < ctl.n_parts; i++)
		any_fail |= ctl.parts[i].verdict == DIAG_FAIL;

	if (ctl.json) {
		char *s = json_dumps(doc, JSON_SORT_KEYS | JSON_INDENT(2));
		if (s)
			puts(s);
		free(s);
	} else if (ctl.repair_cafe) {
		char *machine = machine_name(inv);
		char date[11];
		memcpy(date, started, 10);
		date[10] = '\0';
		char *sheet = diag_sheet_text(doc, machine, date);
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
	json_decref(ctl.excluded);
	for (size_t i = 0; i < ctl.n_parts; i++)
		diag_part_release(&ctl.parts[i]);
	if (any_fail)
		return RECO_EXIT_FAIL;
	return ctl.env_error ? RECO_EXIT_ENV : RECO_EXIT_OK;
}
