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

#include "accept.h"
#include "common/cli.h"
#include "lib/session.h"
#include "lib/util.h"
#include "registry.h"
#include "registry_cli.h"

static noreturn void usage(void)
{
	printf(_("Usage: reco registry [options] <command> [arguments]\n\n"
		 "The coordinators' registry: import signed reports, follow each machine,\n"
		 "allocate machines to beneficiaries, hand them over, report figures.\n\n"));
	printf(_("Commands:\n"
		 "  init\n"
		 "        create the database (and the registry's signing key)\n"
		 "  import REPORT|DIR... [--ca FILE] [--crl FILE]\n"
		 "        verify signed reports and store them (a DIR: every report.json in it)\n"
		 "  devices [--state STATE] [--grade GRADE] [--search TEXT] [--from DAY] [--to DAY]\n"
		 "        list the machines (received between DAY and DAY, YYYY-MM-DD)\n"
		 "  show DEVICE\n"
		 "        one machine: identity, hardware, reports, disks, verdicts, history\n"
		 "  set-state DEVICE STATE [--reason CODE] [--note TEXT]\n"
		 "        change a machine's state by hand (allowed steps only)\n"
		 "  ready DEVICE\n"
		 "        mark a wiped machine ready for allocation\n"
		 "  allocations [--state STATE] [--programme NAME] [--search TEXT] [--from DAY] [--to DAY]\n"
		 "        list allocations: awaiting hand-over, handed over, returned, cancelled\n"
		 "  allocate DEVICE BENEFICIARY [--programme NAME]\n"
		 "        allocate a ready machine to a beneficiary (checks its reports and the quota)\n"
		 "  diag-override DEVICE --reason CODE [--note TEXT]\n"
		 "        allow allocating despite an incomplete diagnosis (latest report only)\n"
		 "  accept-disk DEVICE DISK --reason CODE [--note TEXT]\n"
		 "        accept a disk that was not erased (dead, removed): coverage complete\n"
		 "  deliver ALLOCATION [--out DIR] [--lang fr|en]\n"
		 "        hand over: signed receipt and PDF handover attestation\n"
		 "  attestation ALLOCATION [-o FILE] [--lang fr|en]\n"
		 "        print the handover attestation again (French unless --lang en)\n"
		 "  return ALLOCATION [--reason CODE] [--note TEXT]\n"
		 "        a machine comes back (or an allocation is cancelled before hand-over)\n"
		 "  recycle DEVICE --reason CODE [--note TEXT]\n"
		 "        send a machine to recycling\n"
		 "  beneficiary add [--ref REF] [--household-size N] [--referrer ORG] [--quota N]\n"
		 "                  [--name NAME] [--phone PHONE] [--email EMAIL] [--address ADDRESS]\n"
		 "  beneficiary list [--contacts] | delete-contact REF\n"
		 "        pseudonymous beneficiaries, contact details apart and deletable\n"
		 "  stats [--from YYYY-MM] [--to YYYY-MM] [--by month|programme|referrer]\n"
		 "        [--csv] [--output FILE]\n"
		 "        figures for funders: machines per month, per programme, per referrer,\n"
		 "        households reached (FILE.checkpoint.json + .sig beside FILE)\n"
		 "  export --csv [--output FILE]\n"
		 "        the machines as CSV, serial numbers as keyed HMACs\n"
		 "  purge --older-than AGE [--dry-run]\n"
		 "        delete personal data after the retention period (AGE: 2y, 18m, 30d)\n"
		 "  audit [--checkpoint FILE] [--key PUBKEY]\n"
		 "        check the history's hash chain against its signed checkpoints\n"
		 "  checkpoint [-o FILE]\n"
		 "        sign the history's head now (FILE and FILE.sig)\n"
		 "  backup -o FILE\n"
		 "        consistent copy of the database, with FILE.checkpoint.json (+ .sig)\n"
		 "  conflict list | accept REPORT | reject REPORT\n"
		 "        identity conflicts and a coordinator's decision\n"
		 "  user add NAME --role ROLE | user passwd NAME\n"
		 "  user list | disable NAME | enable NAME | remove NAME\n"
		 "        web accounts (password on standard input); ROLE: admin, coordinator,\n"
		 "        volunteer, viewer; a new password, disabling, removing end its sessions\n"
		 "  pubkey\n"
		 "        the public key that verifies receipts and checkpoints\n"
		 "  serve [--listen ADDRESS:PORT] [--secure-cookies] [--trusted-proxy ADDRESS]...\n"
		 "        [--upload-timeout SECONDS] [--lang fr|en]\n"
		 "        web interface and upload API (default 127.0.0.1:8080)\n\n"
		 "CODE: faulty, beyond-repair, obsolete, not-needed, unsuitable, parts,\n"
		 "checked-by-hand, other.  TEXT is kept apart from the history, shown to\n"
		 "coordinators only, and purged.  STATE: received, tested, wiped, ready,\n"
		 "allocated, delivered, returned, recycled.\n\n"));
	printf(_("Options:\n"
		 "      --db PATH|URL      SQLite file, or postgresql://... (default\n"
		 "                         $RECO_REGISTRY_DB, else <data>/registry/registry.db,\n"
		 "                         which only 'init' creates)\n"
		 "      --data-dir DIR     keys, CA and CRL (default: the SQLite file's directory)\n"
		 "      --ca FILE          the association's CA certificate (default DIR/ca.pem)\n"
		 "      --crl FILE         its revocation list (default DIR/crl.pem if present)\n"
		 "      --actor NAME       who acts, in the history (default $SUDO_USER, $USER)\n"
		 "  -j, --json             JSON output\n"
		 "  -h, --help             this help\n"
		 "  -V, --version          version\n\n"));
	printf(_("Settings: /etc/reco/registry.conf, or the file $RECO_REGISTRY_CONF names\n"
		 "(reco-registry.conf(5)); the command line wins over it.\n\n"));
	fputs(cli_exit_codes_help(), stdout);
	exit(RECO_EXIT_OK);
}

static const struct {
	const char *name;
	int (*fn)(struct registry_control *, int, char **);
} commands[] = {
	{ "init", cmd_init },           { "import", cmd_import },       { "devices", cmd_devices },     { "show", cmd_show },
	{ "set-state", cmd_set_state }, { "ready", cmd_set_state },     { "audit", cmd_audit },
	{ "beneficiary", cmd_beneficiary }, { "allocate", cmd_allocate },
	{ "allocations", cmd_allocations }, { "deliver", cmd_deliver },
	{ "diag-override", cmd_diag_override }, { "accept-disk", cmd_accept_disk },
	{ "attestation", cmd_attestation },
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
	while ((c = cli_getopt(argc, argv, "+jhV", longopts)) != -1) {
		switch (c) {
		case OPT_DB: ctl.db = optarg; break;
		case OPT_DATA: ctl.data_dir = optarg; break;
		case OPT_CA: ctl.ca = optarg; break;
		case OPT_CRL: ctl.crl = optarg; break;
		case OPT_ACTOR: ctl.reg.actor = optarg; break;
		case 'j': ctl.json = 1; break;
		case 'h': usage();
		case 'V': cli_version();
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
		reg_conf_release(&ctl.conf);
		return ret;
	}
	cli_usage_error(_("unknown command '%s'"), cmd);
}
