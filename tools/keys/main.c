/*
 * reco keys — the association's certificate authority and station keys.
 *
 *   reco keys ca-init --org NAME --out DIR
 *   reco keys station-init --name NAME --out DIR [--org NAME]
 *   reco keys certify --ca DIR REQUEST [--days N] [--out FILE]
 *   reco keys revoke --ca DIR CERT [--days N]
 *   reco keys crl --ca DIR [--days N]
 *   reco keys show CERT [--json]
 *
 * The work is in tools/lib/x509.c; this file parses options and prints.
 * Private keys are never printed: only their paths.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdnoreturn.h>

#include "common/cli.h"
#include "lib/json.h"
#include "lib/sign.h"
#include "lib/sysroot.h"
#include "lib/util.h"
#include "lib/x509.h"

struct keys_control {
	const char *org, *name, *out, *ca;
	int days;
	int days_set;
	time_t not_before, not_after;
	int json;
};

static noreturn void usage(void)
{
	printf(_("Usage: reco keys ca-init --org NAME --out DIR\n"
		 "       reco keys station-init --name NAME --out DIR [--org NAME]\n"
		 "       reco keys certify --ca DIR REQUEST [--days N] [--out FILE]\n"
		 "       reco keys revoke --ca DIR CERT [--days N]\n"
		 "       reco keys crl --ca DIR [--days N]\n"
		 "       reco keys show CERT [--json]\n\n"
		 "The association's certificate authority (CA) certifies the key of each\n"
		 "station (a reco stick); reports sealed with a certified key can be checked\n"
		 "by anyone holding the CA certificate.  Keys are Ed25519, certificates X.509.\n\n"
		 "Commands:\n"
		 "  ca-init        create a CA in DIR: ca.key (private, 0600), ca.pem, serial,\n"
		 "                 crlnumber, index.txt, crl.pem\n"
		 "  station-init   create station.key (private, 0600) and station.csr in DIR\n"
		 "  certify        issue the certificate for a request (default: station.pem\n"
		 "                 beside the request)\n"
		 "  revoke         revoke an issued certificate and rewrite the CRL\n"
		 "  crl            rewrite DIR/crl.pem from the index\n"
		 "  show           print what a certificate says\n\n"
		 "Options:\n"
		 "      --org NAME          organisation (association) name\n"
		 "      --name NAME         station name (certificate common name)\n"
		 "  -o, --out DIR|FILE      where to write\n"
		 "      --ca DIR            the CA directory\n"
		 "      --days N            validity in days (CA 3650, station 730, CRL 30)\n"
		 "      --not-before TIME   explicit validity start (RFC 3339 UTC)\n"
		 "      --not-after TIME    explicit validity end (RFC 3339 UTC)\n"
		 "  -j, --json              machine-readable output\n"
		 "  -h, --help              this help\n"
		 "  -V, --version           version\n\n"
		 "A private key file is created exclusively with mode 0600 and never\n"
		 "overwritten: remove it yourself if you really mean to replace it.\n\n"));
	fputs(cli_exit_status_help(_("refused: the file exists already, or is not a valid key, request or certificate")), stdout);
	exit(RECO_EXIT_OK);
}

/* Prints a one-line canonical JSON object built by json_pack-style args. */
static void print_json(json_t *o)
{
	char *s = reco_json_canonical(o);
	puts(s ? s : "{}");
	free(s);
	json_decref(o);
}

static int exit_for(int rc)
{
	return rc == -ENOENT || rc == -EACCES || rc == -EPERM || rc == -EIO || rc == -ENOSPC ||
			       rc == -EROFS
		       ? RECO_EXIT_ENV
		       : RECO_EXIT_FAIL;
}

static time_t time_or_err(const char *s, const char *what)
{
	time_t t;
	if (reco_parse_rfc3339(s, &t) != 0)
		cli_usage_error(_("%s: invalid time '%s' (want 2026-11-28T18:00:00Z)"), what, s);
	return t;
}

static int print_cert(const char *path, int json)
{
	unsigned char *buf;
	size_t len;
	int rc = reco_read_file(NULL, path, (char **)&buf, &len, 1 << 20);
	if (rc)
		cli_die(RECO_EXIT_ENV, "%s: %s", path, strerror(-rc));
	struct reco_cert_info ci;
	rc = reco_cert_info((const char *)buf, len, &ci);
	free(buf);
	if (rc)
		cli_die(RECO_EXIT_FAIL, _("%s: not a PEM certificate"), path);
	char nb[32], na[32];
	reco_time_rfc3339(ci.not_before, nb, sizeof(nb));
	reco_time_rfc3339(ci.not_after, na, sizeof(na));
	if (json) {
		json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b}", "schema",
				      "reco-cert/1", "subject", ci.subject, "common_name",
				      ci.subject_cn, "issuer", ci.issuer, "serial", ci.serial_hex,
				      "sha256", ci.sha256, "not_before", nb, "not_after", na, "ca",
				      ci.is_ca, "ed25519", ci.is_ed25519);
		char *s = reco_json_canonical(o);
		puts(s ? s : "{}");
		free(s);
		json_decref(o);
	} else {
		printf(_("subject:     %s\n"), ci.subject);
		printf(_("issuer:      %s\n"), ci.issuer);
		printf(_("serial:      %s\n"), ci.serial_hex);
		printf(_("valid:       %s to %s\n"), nb, na);
		printf(_("SHA-256:     %s\n"), ci.sha256);
		printf(_("kind:        %s\n"), ci.is_ca ? _("certificate authority") : _("station"));
	}
	return RECO_EXIT_OK;
}

int main(int argc, char **argv)
{
	enum { OPT_ORG = 256, OPT_NAME, OPT_CA, OPT_DAYS, OPT_NB, OPT_NA };
	static const struct option longopts[] = {
		{ "org", required_argument, NULL, OPT_ORG },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "out", required_argument, NULL, 'o' },
		{ "ca", required_argument, NULL, OPT_CA },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "not-before", required_argument, NULL, OPT_NB },
		{ "not-after", required_argument, NULL, OPT_NA },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct keys_control ctl = { 0 };
	int c;

	cli_init("keys");
	while ((c = cli_getopt(argc, argv, "o:jhV", longopts)) != -1) {
		switch (c) {
		case OPT_ORG: ctl.org = optarg; break;
		case OPT_NAME: ctl.name = optarg; break;
		case 'o': ctl.out = optarg; break;
		case OPT_CA: ctl.ca = optarg; break;
		case OPT_DAYS:
			ctl.days = (int)cli_num_or_err(optarg, 1, 36500, _("invalid number of days"));
			ctl.days_set = 1;
			break;
		case OPT_NB: ctl.not_before = time_or_err(optarg, "--not-before"); break;
		case OPT_NA: ctl.not_after = time_or_err(optarg, "--not-after"); break;
		case 'j': ctl.json = 1; break;
		case 'h': usage();
		case 'V': cli_version();
		}
	}
	if (optind >= argc)
		cli_usage_error(_("a command is required (ca-init, station-init, certify, revoke, crl, show)"));
	const char *cmd = argv[optind++];
	int nargs = argc - optind;
	struct reco_err e = { 0 };
	int rc;

	if (strcmp(cmd, "ca-init") == 0) {
		if (!ctl.org || !*ctl.org || !ctl.out || nargs)
			cli_usage_error(_("ca-init needs --org NAME and --out DIR"));
		rc = reco_ca_init(ctl.out, ctl.org, ctl.days_set ? ctl.days : 3650, ctl.not_before, &e);
		if (rc)
			cli_die(exit_for(rc), "%s", e.msg);
		char cert_path[PATH_MAX];
		snprintf(cert_path, sizeof(cert_path), "%s/ca.pem", ctl.out);
		if (ctl.json)
			print_json(json_pack("{s:s,s:s,s:s}", "schema", "reco-keys/1", "ca_dir", ctl.out,
					     "certificate", cert_path));
		else
			printf(_("CA created in %s: certificate %s/ca.pem, private key %s/ca.key (keep it offline)\n"),
			       ctl.out, ctl.out, ctl.out);
	} else if (strcmp(cmd, "station-init") == 0) {
		if (!ctl.name || !*ctl.name || !ctl.out || nargs)
			cli_usage_error(_("station-init needs --name NAME and --out DIR"));
		rc = reco_station_init(ctl.out, ctl.name, ctl.org, &e);
		if (rc)
			cli_die(exit_for(rc), "%s", e.msg);
		if (ctl.json)
			print_json(json_pack("{s:s,s:s}", "schema", "reco-keys/1", "station_dir", ctl.out));
		else
			printf(_("station key %s/station.key created; send %s/station.csr to the CA\n"),
			       ctl.out, ctl.out);
	} else if (strcmp(cmd, "certify") == 0) {
		if (!ctl.ca || nargs != 1)
			cli_usage_error(_("certify needs --ca DIR and one REQUEST file"));
		const char *req = argv[optind];
		char out[PATH_MAX], serial[80];
		if (ctl.out) {
			snprintf(out, sizeof(out), "%s", ctl.out);
		} else {
			const char *slash = strrchr(req, '/');
			if (slash)
				snprintf(out, sizeof(out), "%.*s/station.pem", (int)(slash - req), req);
			else
				snprintf(out, sizeof(out), "station.pem");
		}
		if ((ctl.not_before != 0) != (ctl.not_after != 0))
			cli_usage_error(_("--not-before and --not-after go together"));
		struct reco_validity v = { .days = ctl.days_set ? ctl.days : 730,
					   .not_before = ctl.not_before,
					   .not_after = ctl.not_after };
		rc = reco_ca_certify(ctl.ca, req, &v, out, serial, sizeof(serial), &e);
		if (rc)
			cli_die(exit_for(rc), "%s", e.msg);
		if (ctl.json)
			print_json(json_pack("{s:s,s:s,s:s}", "schema", "reco-keys/1", "certificate", out,
					     "serial", serial));
		else
			printf(_("certificate %s issued (serial %s)\n"), out, serial);
	} else if (strcmp(cmd, "revoke") == 0) {
		if (!ctl.ca || nargs != 1)
			cli_usage_error(_("revoke needs --ca DIR and one CERT file"));
		rc = reco_ca_revoke(ctl.ca, argv[optind], ctl.days_set ? ctl.days : 30, &e);
		if (rc)
			cli_die(exit_for(rc), "%s", e.msg);
		printf(_("%s revoked; publish %s/crl.pem\n"), argv[optind], ctl.ca);
	} else if (strcmp(cmd, "crl") == 0) {
		if (!ctl.ca || nargs)
			cli_usage_error(_("crl needs --ca DIR"));
		int n = 0;
		rc = reco_ca_crl(ctl.ca, ctl.days_set ? ctl.days : 30, &n, &e);
		if (rc)
			cli_die(exit_for(rc), "%s", e.msg);
		if (ctl.json)
			print_json(json_pack("{s:s,s:s,s:i}", "schema", "reco-keys/1", "ca_dir", ctl.ca,
					     "revoked", n));
		else
			printf(ngettext("%s/crl.pem written (%d revoked certificate)\n",
					"%s/crl.pem written (%d revoked certificates)\n", (unsigned long)n),
			       ctl.ca, n);
	} else if (strcmp(cmd, "show") == 0) {
		if (nargs != 1)
			cli_usage_error(_("show needs one CERT file"));
		return print_cert(argv[optind], ctl.json);
	} else {
		cli_usage_error(_("unknown command '%s'"), cmd);
	}
	return RECO_EXIT_OK;
}
