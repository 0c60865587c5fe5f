/*
 * reco wipe — overwrite disks at their own speed, verify honestly, never
 * touch the wrong disk.  A thin main over the modules in wipe.h: options,
 * refusals and their exit codes, confirmation, the progress loop (which also
 * writes the journal checkpoints), wipe.json and the summary.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "common/cli.h"
#include "common/progress.h"
#include "lib/json.h"
#include "lib/session.h"
#include "lib/sysroot.h"
#include "lib/util.h"
#include "progress.h"
#include "wipe.h"
#include "fw_wipe.h"
#include "identity.h"

#define CHECKPOINT_NS 2000000000ull

struct wipe_control {
	struct wipe_opts o;
	int list, json, yes, resume, verify_only, progress_json;
	const char *expect;
	struct wipe_pattern expect_pat;
};

static noreturn void usage(void)
{
	size_t n;
	const struct wipe_method *m = method_table(&n);
	printf(_("Usage: reco wipe [options] TARGET...\n"
		 "       reco wipe --list [--json]\n\n"
		 "Overwrite whole disks (or image files) and verify the result. Several\n"
		 "targets are wiped in parallel. The reco boot medium, the disk holding the\n"
		 "running system and anything mounted are always refused.\n\n"
		 "Options:\n"
		 "  -l, --list               list the disks and whether they may be wiped\n"
		 "  -m, --method METHOD      erase method (default: random); auto picks, per\n"
		 "                           disk, the strongest firmware purge the drive\n"
		 "                           offers, else a verified random overwrite\n"
		 "      --remove-hpa         ATA: restore the native max address first, so the\n"
		 "                           Host Protected Area is erased too\n"
		 "      --verify MODE        full (default), sample[=PERCENT] (NIST SP 800-88\n"
		 "                           sampling, default 10%%) or none\n"
		 "  -y, --yes                do not ask for confirmation (unattended use)\n"
		 "  -n, --dry-run            every check and the plan, nothing written\n"
		 "      --session DIR        where wipe.json and the journal go\n"
		 "      --resume             continue an interrupted wipe from its journal\n"
		 "      --label gpt          write an empty GPT after a successful wipe\n"
		 "      --trim               discard the device after the verified overwrite\n"
		 "      --allow-partition    accept a partition as target (wipes only it)\n"
		 "      --force              open a device another process holds (never\n"
		 "                           overrides boot medium, system, mounted, swap)\n"
		 "      --verify-only        read and compare only, with --expect\n"
		 "      --expect PATTERN     zero, one, fixed:HEX or random:SEED (the seed\n"
		 "                           recorded in wipe.json)\n"
		 "      --progress=json      progress as JSON lines on stdout\n"
		 "      --io-size SIZE       request size (default 1M)\n"
		 "      --queue-depth N      requests in flight per target (default 4)\n"
		 "  -j, --json               the result (reco-wipe/1) on stdout\n"
		 "  -h, --help               this help\n"
		 "  -V, --version            version\n\n"
		 "Methods:\n"));
	printf("  %-26s %s\n", "auto", _("the strongest purge method the drive offers, else random"));
	for (size_t i = 0; i < n; i++)
		printf("  %-26s %s\n", m[i].name, _(m[i].description));
	wipe_identity_usage();
	printf(_("\nRefusals: a missing target or one that cannot be opened exits with 3; a\n"
		 "directory, a character device or a partition (without --allow-partition)\n"
		 "with 2; the boot medium, the system disk, a mounted, swap, busy or\n"
		 "read-only device with 1. No target is written when any is refused.\n\n"));
	fputs(cli_exit_codes_help(), stdout);
	exit(RECO_EXIT_OK);
}

static int refusal_exit(enum wipe_refusal r)
{
	switch (r) {
	case WIPE_OK: return RECO_EXIT_OK;
	case WIPE_REF_MISSING:
	case WIPE_REF_ACCESS: return RECO_EXIT_ENV;
	case WIPE_REF_KIND:
	case WIPE_REF_PARTITION: return RECO_EXIT_USAGE;
	default: return RECO_EXIT_FAIL;
	}
}

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&wipe_stop, 1);
}

static void parse_verify(struct wipe_control *ctl, const char *s)
{
	if (!strcmp(s, "full"))
		ctl->o.verify = VERIFY_FULL;
	else if (!strcmp(s, "none"))
		ctl->o.verify = VERIFY_NONE;
	else if (!strcmp(s, "sample")) {
		ctl->o.verify = VERIFY_SAMPLE;
		ctl->o.sample_permille = 100;
	} else if (!strncmp(s, "sample=", 7)) {
		const char *p = s + 7;
		char *end;
		errno = 0;
		double pc = strtod(p, &end);
		if (end == p || errno || (*end && strcmp(end, "%")) || pc < 0.1 || pc > 100)
			cli_usage_error(_("invalid sampling percentage '%s' (0.1 to 100)"), p);
		ctl->o.verify = VERIFY_SAMPLE;
		ctl->o.sample_permille = (unsigned)(pc * 10 + 0.5);
	} else {
		cli_usage_error(_("invalid --verify mode '%s' (full, sample[=PERCENT] or none)"), s);
	}
}

static void parse_expect(struct wipe_control *ctl, const char *s)
{
	struct wipe_pattern *p = &ctl->expect_pat;
	memset(p, 0, sizeof(*p));
	p->kind = PASS_BYTES;
	p->len = 1;
	if (!strcmp(s, "zero"))
		p->bytes[0] = 0;
	else if (!strcmp(s, "one"))
		p->bytes[0] = 0xff;
	else if (!strncmp(s, "fixed:", 6) && (strlen(s + 6) == 2 || strlen(s + 6) == 6)) {
		p->len = (int)strlen(s + 6) / 2;
		for (int i = 0; i < p->len; i++) {
			unsigned v;
			if (sscanf(s + 6 + 2 * i, "%2x", &v) != 1)
				cli_usage_error(_("invalid --expect pattern '%s'"), s);
			p->bytes[i] = (unsigned char)v;
		}
	} else if (!strncmp(s, "random:", 7)) {
		if (pattern_seed_parse(s + 7, p))
			cli_usage_error(_("invalid seed in --expect '%s' (want random:CIPHER:KEYHEX:IVHEX)"), s);
	} else {
		cli_usage_error(_("invalid --expect pattern '%s' (zero, one, fixed:HEX, random:SEED)"), s);
	}
}

static void print_list(json_t *doc, int json)
{
	if (json) {
		char *s = json_dumps(doc, JSON_SORT_KEYS | JSON_INDENT(2));
		if (s)
			puts(s);
		free(s);
		return;
	}
	json_t *disks = json_object_get(doc, "disks");
	size_t i;
	json_t *d;
	/* TRANSLATORS: column headers of reco wipe --list */
	printf(_("%-14s %9s %-9s %-28s %-20s %s\n"), _("DEVICE"), _("SIZE"), _("TRANSPORT"), _("MODEL"),
	       _("SERIAL"), _("WIPE"));
	json_array_foreach(disks, i, d) {
		char size[32];
		reco_human_size((uint64_t)json_integer_value(json_object_get(d, "size_bytes")), size, sizeof(size));
		const char *reason = json_string_value(json_object_get(d, "reason"));
		char verdict[600];
		if (json_is_true(json_object_get(d, "eligible")))
			snprintf(verdict, sizeof(verdict), "%s", _("yes"));
		else
			snprintf(verdict, sizeof(verdict), _("no: %s"), reason ? reason : "?");
		printf("%-14s %9s %-9s %-28.28s %-20.20s %s\n", json_string_value(json_object_get(d, "path")), size,
		       json_string_value(json_object_get(d, "transport")),
		       json_string_value(json_object_get(d, "model")),
		       json_string_value(json_object_get(d, "serial")), verdict);
	}
	if (!json_array_size(disks))
		printf("%s\n", _("no disk found"));
}

/* Identifies, checks and opens every target; prints every refusal and
 * returns the exit code of the worst one (0 when all may be wiped). */
static int check_targets(struct wipe_control *ctl, char **paths, int n, struct wipe_job *jobs)
{
	int code = RECO_EXIT_OK;
	for (int i = 0; i < n; i++) {
		struct wipe_job *job = &jobs[i];
		struct reco_err e = { 0 };
		enum wipe_refusal r = target_identify(paths[i], &job->t, &e);
		if (r == WIPE_OK && job->t.is_partition && !ctl->o.allow_partition) {
			r = WIPE_REF_PARTITION;
			reco_err_set(&e, -EINVAL,
				     _("%s: is a partition of /dev/%s; give the whole disk, or --allow-partition to wipe only this partition"),
				     paths[i], job->t.parent);
		}
		if (r == WIPE_OK) {
			struct wipe_safety s;
			r = safety_check(&job->t, &s);
			if (r != WIPE_OK)
				reco_err_set(&e, -EBUSY, "%s: %s", paths[i], s.reason);
		}
		for (int k = 0; r == WIPE_OK && k < i; k++)
			if (jobs[k].t.kind == job->t.kind && !strcmp(jobs[k].t.path, job->t.path))
				cli_usage_error(_("%s: given twice"), paths[i]);
		if (r == WIPE_OK)
			r = target_open(&job->t, ctl->o.force, ctl->verify_only, &e);
		if (r == WIPE_OK)
			r = wipe_identity_verify(&job->t, i, n, &e);
		if (r != WIPE_OK) {
			cli_warn("%s", e.msg);
			int c = refusal_exit(r);
			/* the most serious class wins: environment > usage > refusal */
			if (c > code)
				code = c;
		} else if (ctl->o.force && !job->t.excl && job->t.kind == WIPE_KIND_BLOCK) {
			cli_warn(_("%s: opened without O_EXCL (--force)"), paths[i]);
		}
	}
	return code;
}

static void describe_target(const struct wipe_target *t, char *buf, size_t size)
{
	char hs[32];
	reco_human_size(t->size, hs, sizeof(hs));
	if (t->kind == WIPE_KIND_FILE)
		snprintf(buf, size, _("%s: image file, %s (%llu bytes)"), t->path, hs, (unsigned long long)t->size);
	else
		snprintf(buf, size, _("%s: %s, %s, %s, serial %s"), t->path, *t->model ? t->model : "?", hs,
			 t->transport, *t->serial ? t->serial : "-");
}

static void confirm(struct wipe_control *ctl, struct wipe_job *jobs, int n)
{
	if (ctl->yes)
		return;
	if (!isatty(STDIN_FILENO))
		cli_die(RECO_EXIT_USAGE, "%s",
			_("no terminal to confirm on; nothing was written (use --yes for unattended use)"));
	for (int i = 0; i < n; i++) {
		const struct wipe_target *t = &jobs[i].t;
		char desc[1024], want[64], line[256];
		describe_target(t, desc, sizeof(desc));
		size_t sl = strlen(t->serial);
		if (t->kind == WIPE_KIND_BLOCK && sl >= 4) {
			snprintf(want, sizeof(want), "%s", t->serial + sl - 4);
			fprintf(stderr, _("%s\nEverything on it will be destroyed.\n"
					  "Type the last 4 characters of its serial number to confirm: "),
				desc);
		} else {
			snprintf(want, sizeof(want), "%llu", (unsigned long long)t->size);
			fprintf(stderr, _("%s\nEverything on it will be destroyed.\n"
					  "Type its size in bytes (%s) to confirm: "),
				desc, want);
		}
		fflush(stderr);
		if (!fgets(line, sizeof(line), stdin))
			cli_die(RECO_EXIT_FAIL, "%s", _("no confirmation; nothing was written"));
		reco_strtrim(line);
		if (strcasecmp(line, want) != 0)
			cli_die(RECO_EXIT_FAIL, _("%s: confirmation does not match; nothing was written"), t->path);
	}
}

static void print_plan(const struct wipe_job *job)
{
	char desc[1024];
	describe_target(&job->t, desc, sizeof(desc));
	printf("%s\n", desc);
	if (job->verify_only) {
		printf(_("  verify only: expected %s, verification %s\n"), pattern_name(&job->pats[0]),
		       verify_name(job->o.verify));
		return;
	}
	printf(_("  method %s (%d pass(es), NIST SP 800-88 %s), verification %s"), job->m->name, job->npasses,
	       job->m->nist, verify_name(job->o.verify));
	if (job->o.verify == VERIFY_SAMPLE)
		printf(_(" (%u.%u%% in %llu subsections)"), job->o.sample_permille / 10, job->o.sample_permille % 10,
		       (unsigned long long)job->plan.subsections);
	printf(_(", %s I/O, %llu KiB requests, %d in flight\n"), job->t.direct ? "O_DIRECT" : _("buffered"),
	       (unsigned long long)(job->o.io_size >> 10), job->nworkers);
}

static void print_summary(const struct wipe_job *job, const char *wipe_json)
{
	char dur[32], size[32];
	cli_format_duration(dur, sizeof(dur), job->active_ns / 1000000000ull);
	reco_human_size(job->t.size, size, sizeof(size));
	const char *res = job->result == RESULT_ERASED ? _("erased") :
			  job->result == RESULT_ABORTED ? _("aborted") : _("FAILED");
	printf("%s: %s — %s\n", job->t.path, res, job->reason);
	uint64_t ms = job->active_ns / 1000000;
	uint64_t bytes = atomic_load(&job->bytes_written) + atomic_load(&job->bytes_verified);
	printf(_("  %s, method %s, verification %s (%llu.%llu%% read), %s, %llu MB/s\n"), size,
	       job->verify_only ? "verify-only" : job->m->name, verify_name(job->o.verify),
	       (unsigned long long)(atomic_load(&job->bytes_verified) * 1000 / job->t.size / 10),
	       (unsigned long long)(atomic_load(&job->bytes_verified) * 1000 / job->t.size % 10), dur,
	       (unsigned long long)(ms ? bytes / 1000 / ms : 0));
	pthread_mutex_lock((pthread_mutex_t *)&job->bad.lock);
	for (size_t i = 0; i < job->bad.n && i < 20; i++)
		printf(_("  bad %s: LBA %llu (+%llu)\n"), ranges_op_name(job->bad.v[i].op),
		       (unsigned long long)job->bad.v[i].first, (unsigned long long)job->bad.v[i].count);
	if (job->bad.n > 20)
		printf(_("  ... %zu ranges in all\n"), job->bad.n);
	pthread_mutex_unlock((pthread_mutex_t *)&job->bad.lock);
	if (wipe_json)
		printf(_("  result: %s\n"), wipe_json);
}

static int load_journal(const char *path, struct wipe_journal *j)
{
	char *data = NULL;
	size_t len;
	int rc = reco_read_file("", path, &data, &len, 64 << 20);
	if (rc)
		return rc;
	rc = journal_parse(data, len, j);
	explicit_bzero(data, len);
	free(data);
	return rc;
}

int main(int argc, char **argv)
{
	enum { OPT_VERIFY = 256, OPT_SESSION, OPT_RESUME, OPT_LABEL, OPT_TRIM, OPT_ALLOW_PART, OPT_FORCE,
	       OPT_VERIFY_ONLY, OPT_EXPECT, OPT_PROGRESS, OPT_IO_SIZE, OPT_QD, OPT_REMOVE_HPA,
	       OPT_EXPECT_SERIAL, OPT_EXPECT_DISKSEQ };
	static const struct option longopts[] = {
		{ "list", no_argument, NULL, 'l' },
		{ "method", required_argument, NULL, 'm' },
		{ "verify", required_argument, NULL, OPT_VERIFY },
		{ "yes", no_argument, NULL, 'y' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "session", required_argument, NULL, OPT_SESSION },
		{ "resume", no_argument, NULL, OPT_RESUME },
		{ "label", required_argument, NULL, OPT_LABEL },
		{ "trim", no_argument, NULL, OPT_TRIM },
		{ "allow-partition", no_argument, NULL, OPT_ALLOW_PART },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "verify-only", no_argument, NULL, OPT_VERIFY_ONLY },
		{ "expect", required_argument, NULL, OPT_EXPECT },
		{ "progress", required_argument, NULL, OPT_PROGRESS },
		{ "io-size", required_argument, NULL, OPT_IO_SIZE },
		{ "queue-depth", required_argument, NULL, OPT_QD },
		{ "remove-hpa", no_argument, NULL, OPT_REMOVE_HPA },
		{ "expect-serial", required_argument, NULL, OPT_EXPECT_SERIAL },
		{ "expect-diskseq", required_argument, NULL, OPT_EXPECT_DISKSEQ },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct wipe_control ctl = { .o = { .method = "random", .verify = VERIFY_FULL, .io_size = 1u << 20,
					   .queue_depth = 4 } };
	int c;

	cli_init("wipe");
	while ((c = getopt_long(argc, argv, "lm:ynjhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': ctl.list = 1; break;
		case 'm': ctl.o.method = optarg; break;
		case OPT_VERIFY: parse_verify(&ctl, optarg); break;
		case 'y': ctl.yes = 1; break;
		case 'n': ctl.o.dry_run = 1; break;
		case OPT_SESSION: ctl.o.session = optarg; break;
		case OPT_RESUME: ctl.resume = 1; break;
		case OPT_LABEL:
			if (strcmp(optarg, "gpt") != 0)
				cli_usage_error(_("unsupported label '%s' (only gpt)"), optarg);
			ctl.o.label_gpt = 1;
			break;
		case OPT_TRIM: ctl.o.trim = 1; break;
		case OPT_REMOVE_HPA: ctl.o.remove_hpa = 1; break;
		case OPT_EXPECT_SERIAL:
		case OPT_EXPECT_DISKSEQ:
			if (wipe_expect_add(c == OPT_EXPECT_SERIAL ? 's' : 'q', optarg))
				cli_usage_error(_("invalid --expect-%s '%s'"), c == OPT_EXPECT_SERIAL ? "serial" : "diskseq", optarg);
			break;
		case OPT_ALLOW_PART: ctl.o.allow_partition = 1; break;
		case OPT_FORCE: ctl.o.force = 1; break;
		case OPT_VERIFY_ONLY: ctl.verify_only = 1; break;
		case OPT_EXPECT: ctl.expect = optarg; parse_expect(&ctl, optarg); break;
		case OPT_PROGRESS:
			if (!strcmp(optarg, "json"))
				ctl.progress_json = 1;
			else if (strcmp(optarg, "human") != 0)
				cli_usage_error(_("invalid --progress '%s' (json or human)"), optarg);
			break;
		case OPT_IO_SIZE:
			ctl.o.io_size = cli_size_or_err(optarg, _("invalid --io-size"));
			if (ctl.o.io_size < 4096 || ctl.o.io_size > (64u << 20) || ctl.o.io_size % 4096)
				cli_usage_error(_("--io-size must be a multiple of 4 KiB between 4K and 64M"));
			break;
		case OPT_QD: ctl.o.queue_depth = (int)cli_num_or_err(optarg, 1, 64, _("invalid --queue-depth")); break;
		case 'j': ctl.json = 1; break;
		case 'h': usage();
		case 'V': cli_version();
		default:
			fprintf(stderr, _("Try '%s --help' for more information.\n"), cli_name());
			return RECO_EXIT_USAGE;
		}
	}
	if (faults_parse(getenv("RECO_WIPE_FAULTS")) != 0)
		cli_usage_error(_("invalid RECO_WIPE_FAULTS '%s'"), getenv("RECO_WIPE_FAULTS"));
	if (faults_active())
		cli_warn("%s", _("fault injection is active (RECO_WIPE_FAULTS): this run only tests error handling"));

	if (ctl.list) {
		if (optind < argc)
			cli_usage_error(_("--list takes no target"));
		json_t *doc = list_disks();
		print_list(doc, ctl.json);
		json_decref(doc);
		return RECO_EXIT_OK;
	}
	int method_auto = !strcmp(ctl.o.method, "auto");
	const struct wipe_method *method = method_auto ? NULL : method_find(ctl.o.method);
	if (!method && !method_auto)
		cli_usage_error(_("unknown method '%s'"), ctl.o.method);
	if (method_auto && (ctl.verify_only || ctl.resume))
		cli_usage_error(_("--method auto cannot be combined with --verify-only or --resume"));
	if (ctl.verify_only && !ctl.expect)
		cli_usage_error(_("--verify-only needs --expect PATTERN"));
	if (ctl.expect && !ctl.verify_only)
		cli_usage_error(_("--expect goes with --verify-only"));
	if (ctl.verify_only && ctl.o.verify == VERIFY_NONE)
		cli_usage_error(_("--verify-only with --verify none checks nothing"));
	if (ctl.verify_only && (ctl.resume || ctl.o.label_gpt || ctl.o.trim))
		cli_usage_error(_("--verify-only cannot be combined with --resume, --label or --trim"));
	if (ctl.resume && !ctl.o.session && !getenv("RECO_SESSION"))
		cli_usage_error(_("--resume needs --session DIR (the session of the interrupted wipe)"));
	int n = argc - optind;
	if (n <= 0)
		cli_usage_error(_("no target given (a disk such as /dev/sdb, or an image file)"));
	if (n > WIPE_MAX_TARGETS)
		cli_usage_error(_("too many targets (at most %d)"), WIPE_MAX_TARGETS);

	struct wipe_job *jobs = calloc((size_t)n, sizeof(*jobs));
	struct wipe_job **jp = calloc((size_t)n, sizeof(*jp));
	if (!jobs || !jp)
		cli_die(RECO_EXIT_ENV, "%s", _("out of memory"));
	for (int i = 0; i < n; i++) {
		jobs[i].t.fd = -1;
		jp[i] = &jobs[i];
	}
	int code = check_targets(&ctl, argv + optind, n, jobs);
	if (code != RECO_EXIT_OK) {
		cli_warn("%s", _("nothing was written"));
		for (int i = 0; i < n; i++)
			target_close(&jobs[i].t);
		free(jobs);
		free(jp);
		return code;
	}
	if (ctl.o.verify == VERIFY_NONE && !ctl.o.dry_run)
		cli_warn("%s", _("--verify none: the result cannot be \"erased\" without verification"));

	/* the session directory */
	char session[PATH_MAX] = "";
	if (!ctl.o.dry_run && !(ctl.verify_only && !ctl.o.session && !getenv("RECO_SESSION"))) {
		int rc = reco_session_resolve(ctl.o.session, NULL, session, sizeof(session));
		if (rc)
			cli_die(RECO_EXIT_ENV, _("%s: cannot create the session directory: %s"),
				ctl.o.session ? ctl.o.session : "session", strerror(-rc));
	}

	for (int i = 0; i < n; i++) {
		struct wipe_job *job = &jobs[i];
		struct reco_err e = { 0 };
		struct wipe_journal j;
		int have_journal = 0;
		if (*session) {
			journal_path_for(session, &job->t, job->journal, sizeof(job->journal));
			for (int k = 0; k < i; k++)
				if (!strcmp(jobs[k].journal, job->journal))
					cli_usage_error(_("%s and %s have the same name; wipe them in separate sessions"),
							jobs[k].t.path, job->t.path);
		}
		if (ctl.resume) {
			int rc = load_journal(job->journal, &j);
			if (rc)
				cli_die(RECO_EXIT_ENV, _("%s: no usable journal to resume (%s): %s"), job->t.path,
					job->journal, rc == -EINVAL ? _("malformed") : strerror(-rc));
			have_journal = 1;
			if (strcmp(j.path, job->t.path) != 0)
				cli_die(RECO_EXIT_FAIL, _("%s: the journal is for %s"), job->t.path, j.path);
			if (!strcmp(j.method, "verify-only"))
				cli_die(RECO_EXIT_USAGE, _("%s: a verify-only run cannot be resumed; run it again"),
					job->t.path);
			if (j.phase == PHASE_DONE) {
				journal_release(&j);
				cli_die(RECO_EXIT_OK, _("%s: nothing to resume, that wipe has finished (see %s/wipe.json)"),
					job->t.path, session);
			}
			method = method_find(j.method);
			if (!method)
				cli_die(RECO_EXIT_FAIL, _("%s: the journal names an unknown method '%s'"), job->t.path,
					j.method);
			if (method->run)
				cli_die(RECO_EXIT_USAGE, _("%s: a firmware erase cannot be resumed; run it again"),
					job->t.path);
		} else if (*job->journal && !ctl.verify_only && access(job->journal, F_OK) == 0) {
			struct wipe_journal old;
			if (load_journal(job->journal, &old) == 0 && old.phase != PHASE_DONE) {
				journal_release(&old);
				cli_die(RECO_EXIT_USAGE,
					_("%s: an unfinished wipe of this target is journaled in %s; use --resume, or another --session"),
					job->t.path, session);
			}
		}
		job->m = ctl.verify_only ? NULL : method;
		if (method_auto) {
			job->m = method_find(fw_auto_choose(&job->t, job->auto_why, sizeof(job->auto_why)));
			if (!job->m)
				cli_die(RECO_EXIT_ENV, _("%s: no method could be chosen"), job->t.path);
		}
		job->verify_only = ctl.verify_only;
		if (ctl.verify_only) {
			job->npasses = 1;
			job->pats[0] = ctl.expect_pat;
		}
		if (!ctl.verify_only)
			fw_hpa_probe(job, ctl.o.remove_hpa, ctl.o.dry_run);
		if (job_prepare(job, &ctl.o, &e) != 0)
			cli_die(RECO_EXIT_ENV, "%s: %s", job->t.path, e.msg);
		if (have_journal) {
			int rc = job_restore(job, &j, &e);
			journal_release(&j);
			if (rc)
				cli_die(RECO_EXIT_FAIL, "%s", e.msg);
		}
		/* what was on the disk: probed before the first write, kept beside
		 * the journal so that a resumed wipe still reports it */
		char before_path[PATH_MAX + 16] = "";
		if (*job->journal)
			snprintf(before_path, sizeof(before_path), "%.*s.before.json",
				 (int)(strlen(job->journal) - strlen(".journal")), job->journal);
		if (ctl.resume && *before_path) {
			job->before = json_load_file(before_path, 0, NULL);
		} else if (!ctl.verify_only && !ctl.o.dry_run) {
			job->before = before_probe(&job->t);
			if (job->before && *before_path)
				reco_json_write(before_path, job->before, 0);
		}
	}

	if (ctl.o.dry_run) {
		for (int i = 0; i < n; i++) {
			print_plan(&jobs[i]);
			job_release(&jobs[i]);
		}
		printf("%s\n", _("dry run: every check passed; nothing was written"));
		free(jobs);
		free(jp);
		return RECO_EXIT_OK;
	}
	if (!ctl.verify_only)
		confirm(&ctl, jobs, n);

	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	pthread_t *th = calloc((size_t)n, sizeof(*th));
	if (!th)
		cli_die(RECO_EXIT_ENV, "%s", _("out of memory"));
	for (int i = 0; i < n; i++) {
		if (!jobs[i].started)
			jobs[i].started = time(NULL);
		job_checkpoint(&jobs[i]);
		if (pthread_create(&th[i], NULL, job_run, &jobs[i]) != 0)
			cli_die(RECO_EXIT_ENV, "%s", _("cannot start a worker thread"));
	}
	uint64_t last_cp = reco_now_ns(), last_pr = 0;
	for (;;) {
		int done = 1;
		for (int i = 0; i < n; i++)
			if (!atomic_load(&jobs[i].finished))
				done = 0;
		if (done)
			break;
		uint64_t now = reco_now_ns();
		if (now - last_pr >= 1000000000ull) {
			progress_update(jp, n, ctl.progress_json, 0);
			last_pr = now;
		}
		if (now - last_cp >= CHECKPOINT_NS) {
			for (int i = 0; i < n; i++)
				if (!atomic_load(&jobs[i].finished))
					job_checkpoint(&jobs[i]);
			last_cp = now;
		}
		/* wake up when a job finishes, or in 100 ms for the display */
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_mutex_lock(&wipe_done_lock);
		int all = 1;
		for (int i = 0; i < n; i++)
			if (!atomic_load(&jobs[i].finished))
				all = 0;
		if (!all)
			pthread_cond_timedwait(&wipe_done_cond, &wipe_done_lock, &ts);
		pthread_mutex_unlock(&wipe_done_lock);
	}
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	progress_update(jp, n, ctl.progress_json, 1);

	json_t *targets = json_array();
	int exit_code = RECO_EXIT_OK;
	for (int i = 0; i < n; i++) {
		json_array_append_new(targets, result_target(&jobs[i]));
		if (jobs[i].result != RESULT_ERASED)
			exit_code = RECO_EXIT_FAIL;
	}
	json_t *doc = result_document(targets);
	char wipe_json[PATH_MAX + 32] = "";
	if (*session) {
		snprintf(wipe_json, sizeof(wipe_json), "%s/%s", session,
			 ctl.verify_only ? "wipe-verify.json" : "wipe.json");
		int rc = reco_json_write(wipe_json, doc, 0);
		if (rc) {
			cli_warn(_("%s: cannot write the result: %s"), wipe_json, strerror(-rc));
			exit_code = RECO_EXIT_ENV;
			wipe_json[0] = '\0';
		}
	}
	if (ctl.json) {
		char *s = json_dumps(doc, JSON_SORT_KEYS | JSON_INDENT(2));
		if (s)
			puts(s);
		free(s);
	} else {
		for (int i = 0; i < n; i++)
			print_summary(&jobs[i], *wipe_json ? wipe_json : NULL);
	}
	json_decref(doc);
	for (int i = 0; i < n; i++)
		job_release(&jobs[i]);
	free(th);
	free(jobs);
	free(jp);
	return exit_code;
}
