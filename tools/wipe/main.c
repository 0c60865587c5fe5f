/*
 * reco wipe — overwrite disks at their own speed, verify honestly, never
 * touch the wrong disk.  A thin main over the modules in wipe.h: the
 * options, then three steps — prepare (prepare.c: targets, refusals and
 * their exit codes, journals, confirmation), run (summary.c over run.c:
 * the jobs in parallel with the progress display and the journal
 * checkpoints), write the result (summary.c: wipe.json and the summary) —
 * and the other modes, --list and --unlock (unlock.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>

#include "cli.h"
#include "common/cli.h"
#include "identity.h"
#include "progress.h"

static noreturn void usage(void)
{
	size_t n;
	const struct wipe_method *m = wipe_method_table(&n);
	printf(_("Usage: reco wipe [options] TARGET...\n"
		 "       reco wipe --list [--json]\n"
		 "       reco wipe --unlock --session DIR DISK\n\n"
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
		 "      --restore-dco        ATA: DEVICE CONFIGURATION RESTORE first, so the\n"
		 "                           capacity a DCO hides is erased too\n"
		 "      --unlock             ATA: remove the temporary password an interrupted\n"
		 "                           security erase left (read from the session)\n"
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

static void parse_verify(struct wipe_control *ctl, const char *s)
{
	if (!strcmp(s, "full"))
		ctl->o.verify = WIPE_VERIFY_FULL;
	else if (!strcmp(s, "none"))
		ctl->o.verify = WIPE_VERIFY_NONE;
	else if (!strcmp(s, "sample")) {
		ctl->o.verify = WIPE_VERIFY_SAMPLE;
		ctl->o.sample_permille = 100;
	} else if (!strncmp(s, "sample=", 7)) {
		const char *p = s + 7;
		char *end;
		errno = 0;
		double pc = strtod(p, &end);
		if (end == p || errno || (*end && strcmp(end, "%")) || pc < 0.1 || pc > 100)
			cli_usage_error(_("invalid sampling percentage '%s' (0.1 to 100)"), p);
		ctl->o.verify = WIPE_VERIFY_SAMPLE;
		ctl->o.sample_permille = (unsigned)(pc * 10 + 0.5);
	} else {
		cli_usage_error(_("invalid --verify mode '%s' (full, sample[=PERCENT] or none)"), s);
	}
}

static void parse_expect(struct wipe_control *ctl, const char *s)
{
	struct wipe_pattern *p = &ctl->expect_pat;
	memset(p, 0, sizeof(*p));
	p->kind = WIPE_PASS_BYTES;
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
		if (wipe_pattern_seed_parse(s + 7, p))
			cli_usage_error(_("invalid seed in --expect '%s' (want random:CIPHER:KEYHEX:IVHEX)"), s);
	} else {
		cli_usage_error(_("invalid --expect pattern '%s' (zero, one, fixed:HEX, random:SEED)"), s);
	}
}

int main(int argc, char **argv)
{
	enum { OPT_VERIFY = 256, OPT_SESSION, OPT_RESUME, OPT_LABEL, OPT_TRIM, OPT_ALLOW_PART, OPT_FORCE,
	       OPT_VERIFY_ONLY, OPT_EXPECT, OPT_PROGRESS, OPT_IO_SIZE, OPT_QD, OPT_REMOVE_HPA, OPT_RESTORE_DCO, OPT_UNLOCK,
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
		{ "restore-dco", no_argument, NULL, OPT_RESTORE_DCO },
		{ "unlock", no_argument, NULL, OPT_UNLOCK },
		{ "expect-serial", required_argument, NULL, OPT_EXPECT_SERIAL },
		{ "expect-diskseq", required_argument, NULL, OPT_EXPECT_DISKSEQ },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct wipe_control ctl = { .o = { .method = "random", .verify = WIPE_VERIFY_FULL, .io_size = 1u << 20,
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
		case OPT_RESTORE_DCO: ctl.o.restore_dco = 1; break;
		case OPT_UNLOCK: ctl.unlock = 1; break;
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
	if (wipe_faults_parse(getenv("RECO_WIPE_FAULTS")) != 0)
		cli_usage_error(_("invalid RECO_WIPE_FAULTS '%s'"), getenv("RECO_WIPE_FAULTS"));
	if (wipe_faults_active())
		cli_warn("%s", _("fault injection is active (RECO_WIPE_FAULTS): this run only tests error handling"));
	if (getenv("RECO_WIPE_SIMULATE") && *getenv("RECO_WIPE_SIMULATE"))
		cli_warn(_("RECO_WIPE_SIMULATE is set: firmware commands go to a simulated drive ('%s'); a test run"),
			 getenv("RECO_WIPE_SIMULATE"));
	if (wipe_test_kill_at())
		cli_warn(_("test hook RECO_WIPE_TEST_KILL_AT is set: this run kills itself at '%s'"), wipe_test_kill_at());

	if (ctl.unlock)
		return wipe_cli_unlock(&ctl, argc - optind, argv + optind);
	if (ctl.list) {
		if (optind < argc)
			cli_usage_error(_("--list takes no target"));
		json_t *doc = wipe_list_disks();
		wipe_cli_print_list(doc, ctl.json);
		json_decref(doc);
		return RECO_EXIT_OK;
	}
	int method_auto = !strcmp(ctl.o.method, "auto");
	const struct wipe_method *method = method_auto ? NULL : wipe_method_find(ctl.o.method);
	if (!method && !method_auto)
		cli_usage_error(_("unknown method '%s'"), ctl.o.method);
	if (method_auto && (ctl.verify_only || ctl.resume))
		cli_usage_error(_("--method auto cannot be combined with --verify-only or --resume"));
	if (ctl.verify_only && !ctl.expect)
		cli_usage_error(_("--verify-only needs --expect PATTERN"));
	if (ctl.expect && !ctl.verify_only)
		cli_usage_error(_("--expect goes with --verify-only"));
	if (ctl.verify_only && ctl.o.verify == WIPE_VERIFY_NONE)
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

	struct wipe_run run = { .ctl = &ctl, .n = n };
	int code = wipe_cli_prepare(&run, argv + optind);
	if (code == RECO_EXIT_OK)
		code = wipe_cli_run(&run);
	if (code == RECO_EXIT_OK)
		code = wipe_cli_write_result(&run);
	wipe_cli_release(&run);
	return code == WIPE_CLI_DONE ? RECO_EXIT_OK : code;
}
