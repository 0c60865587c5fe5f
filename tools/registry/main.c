/*
 * reco registry — the coordinators' registry: import signed reports,
 * follow each machine's lifecycle, allocate machines to beneficiaries,
 * hand them over with a signed receipt, report figures; web UI and API.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cli.h"
#include "lib/session.h"
#include "lib/util.h"
#include "registry.h"
#include "registry_cli.h"

static noreturn void usage(void)
{
	printf(_("Usage: reco registry [options] <command> [arguments]\n\n"
		 "The coordinators' registry: import signed reports, follow each machine,\n"
		 "allocate machines to beneficiaries, hand them over, report figures.\n\n"
		 "Commands:\n"
		 "  import REPORT|DIR... [--ca FILE] [--crl FILE]\n"
		 "                                  verify and store signed reports\n"
		 "  devices [--state S] [--grade G] [--search TEXT]\n"
		 "  show DEVICE                     identity, reports, disks, diagnostics, history\n"
		 "  set-state DEVICE STATE [--reason CODE] [--note TEXT]\n"
		 "  ready DEVICE                    mark a wiped machine ready for allocation\n"
		 "  audit [--checkpoint FILE] [--key PUBKEY]\n"
		 "                                  check the event log's hash chain against the\n"
		 "                                  signed checkpoints, and one a third party kept\n"
		 "  checkpoint [-o FILE]            sign the chain's head; FILE and FILE.sig\n"
		 "  backup -o FILE                  online, consistent copy of the database, with\n"
		 "                                  FILE.checkpoint.json (+ .sig) vouching for it\n"
		 "  conflict list|accept REPORT|reject REPORT\n"
		 "                                  identity conflicts and a coordinator's decision\n"
		 "  beneficiary add [--ref REF] [--household-size N] [--referrer ORG] [--quota N]\n"
		 "                  [--name N] [--phone P] [--email E] [--address A]\n"
		 "  beneficiary list [--contacts]\n"
		 "  beneficiary delete-contact REF\n"
		 "  allocate DEVICE BENEFICIARY [--programme P]\n"
		 "  diag-override DEVICE --reason CODE [--note TEXT]\n"
		 "                                  allow allocating despite an incomplete diagnosis\n"
		 "  deliver ALLOCATION [--out DIR]  signed receipt + PDF handover attestation\n"
		 "  return ALLOCATION [--reason CODE] [--note TEXT]\n"
		 "  recycle DEVICE --reason CODE [--note TEXT]\n"
		 "                                  CODE: faulty, beyond-repair, obsolete, not-needed,\n"
		 "                                  unsuitable, parts, checked-by-hand, other; TEXT is\n"
		 "                                  kept apart from the event log, for coordinators,\n"
		 "                                  and purged\n"
		 "  stats [--from YYYY-MM] [--to YYYY-MM] [--csv] [--output FILE]\n"
		 "  export --csv [--output FILE]    devices, serials as keyed HMACs\n"
		 "                                  (FILE.checkpoint.json + .sig beside FILE)\n"
		 "  purge --older-than AGE [--dry-run]   e.g. 2y, 18m, 30d\n"
		 "  user add NAME --role ROLE       web account (password on stdin); ROLE: admin,\n"
		 "                                  coordinator, volunteer, viewer\n"
		 "  user list | disable NAME | enable NAME | remove NAME\n"
		 "                                  disabling or removing ends the sessions\n"
		 "  pubkey                          the registry's receipt-signing public key\n"
		 "  serve [--listen ADDR:PORT] [--secure-cookies] [--trusted-proxy ADDR]...\n"
		 "        [--upload-timeout SECONDS]\n"
		 "                                  web UI and API (default 127.0.0.1:8080)\n\n"
		 "Options:\n"
		 "      --db PATH|URL      SQLite file, or postgresql://... (default\n"
		 "                         <data>/registry/registry.db)\n"
		 "      --data-dir DIR     keys, CA and CRL (default: the SQLite file's directory)\n"
		 "      --ca FILE          the association's CA certificate (default DIR/ca.pem)\n"
		 "      --crl FILE         its revocation list (default DIR/crl.pem if present)\n"
		 "  -j, --json             JSON output\n"
		 "  -h, --help             this help\n"
		 "  -V, --version          version\n\n"));
	fputs(cli_exit_codes_help(), stdout);
	exit(RECO_EXIT_OK);
}

static const struct {
	const char *name;
	int (*fn)(struct registry_control *, int, char **);
} commands[] = {
	{ "import", cmd_import },       { "devices", cmd_devices },     { "show", cmd_show },
	{ "set-state", cmd_set_state }, { "ready", cmd_set_state },     { "audit", cmd_audit },
	{ "beneficiary", cmd_beneficiary }, { "allocate", cmd_allocate }, { "deliver", cmd_deliver },
	{ "diag-override", cmd_diag_override }, { "attestation", cmd_attestation },
	{ "return", cmd_return },       { "recycle", cmd_return },      { "stats", cmd_stats },
	{ "export", cmd_export },       { "purge", cmd_purge },         { "user", cmd_user },
	{ "pubkey", cmd_pubkey },       { "serve", cmd_serve },         { "conflict", cmd_conflict },
	{ "checkpoint", cmd_checkpoint }, { "backup", cmd_backup },
};

int main(int argc, char **argv)
{
	enum { OPT_DB = 256, OPT_DATA, OPT_CA, OPT_CRL, OPT_ACTOR };
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "data-dir", required_argument, NULL, OPT_DATA },
		{ "ca", required_argument, NULL, OPT_CA },
		{ "crl", required_argument, NULL, OPT_CRL },
		{ "actor", required_argument, NULL, OPT_ACTOR },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct registry_control ctl = { 0 };
	int c;

	cli_init("registry");
	ctl.db = getenv("RECO_REGISTRY_DB");
	if (ctl.db && !*ctl.db)
		ctl.db = NULL;
	const char *actor = getenv("SUDO_USER");
	if (!actor)
		actor = getenv("USER");
	ctl.reg.actor = actor ? actor : "cli";
	while ((c = getopt_long(argc, argv, "+jhV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: ctl.db = optarg; break;
		case OPT_DATA: ctl.data_dir = optarg; break;
		case OPT_CA: ctl.ca = optarg; break;
		case OPT_CRL: ctl.crl = optarg; break;
		case OPT_ACTOR: ctl.reg.actor = optarg; break;
		case 'j': ctl.json = 1; break;
		case 'h': usage();
		case 'V': cli_version();
		default:
			fprintf(stderr, _("Try '%s --help' for more information.\n"), cli_name());
			return RECO_EXIT_USAGE;
		}
	}
	/* text that is not UTF-8 would reach the database and the event chain */
	for (int a = 1; a < argc; a++)
		if (!reco_utf8_valid(argv[a], strlen(argv[a])))
			cli_usage_error(_("argument %d is not valid UTF-8 text"), a);
	if (!reco_utf8_valid(ctl.reg.actor, strlen(ctl.reg.actor)))
		cli_usage_error(_("the user name (--actor or $USER) is not valid UTF-8 text"));
	if (optind >= argc)
		cli_usage_error(_("which command?"));
	const char *cmd = argv[optind];
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++) {
		if (strcmp(commands[k].name, cmd))
			continue;
		/* the command parses its own options (-j, --help included) and
		 * opens the registry once they are read (reg_parse) */
		int ret = commands[k].fn(&ctl, argc - optind, argv + optind);
		reg_close(&ctl.reg);
		return ret;
	}
	cli_usage_error(_("unknown command '%s'"), cmd);
}
