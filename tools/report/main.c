/*
 * reco report — seal a session into a signed report, verify a report,
 * render it as a PDF certificate.
 *
 *   reco report seal SESSION_DIR [--key KEY --cert CERT] [--operator NAME]
 *   reco report verify REPORT --ca CA_CERT [--crl CRL] [--json]
 *   reco report render REPORT --pdf OUT.pdf [--lang fr|en] [--kind certificate|repair-cafe]
 *
 * The format and the signature scheme: reports/README.md.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdnoreturn.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/cli.h"
#include "lib/json.h"
#include "lib/session.h"
#include "lib/sign.h"
#include "lib/sysroot.h"
#include "lib/util.h"
#include "report.h"

struct report_control {
	const char *key, *cert, *operator_, *created;
	const char *ca, *crl, *sig;
	const char *pdf, *lang, *kind;
	const char *session; /* -s DIR: seal's session */
	int json, force, no_pdf, uncertified;
};

static noreturn void usage(void)
{
	printf(_("Usage: reco report seal DIR [--key FILE --cert FILE] [--operator NAME]\n"
		 "       reco report verify REPORT --ca FILE [--crl FILE] [--json]\n"
		 "       reco report render REPORT --pdf FILE [--lang fr|en] [--kind KIND]\n\n"
		 "seal     assemble the inventory.json, diag.json and wipe.json of session DIR\n"
		 "         (or of -s DIR, or $RECO_SESSION) into report.json, sign it with\n"
		 "         the station key (report.json.sig, raw Ed25519), copy the station\n"
		 "         certificate (station.pem) beside it and print the certificate\n"
		 "         (certificate.pdf).  Without a station key the report is marked\n"
		 "         \"uncertified\" and not signed.\n"
		 "verify   check the signature, the certificate chain to the CA, validity at\n"
		 "         the report's creation time and revocation (with --crl); exit 0 only\n"
		 "         when all of it holds, 1 with the reason otherwise.\n"
		 "render   the erasure certificate (certificate) or the Repair Café diagnosis\n"
		 "         sheet (repair-cafe) as an A4 PDF, in French (default) or English.\n\n"
		 "Options:\n"
		 "  -s, --session DIR      seal: the session directory\n"
		 "      --data DIR         data directory (default $RECO_DATA), whose keys/\n"
		 "                         holds the station key\n"
		 "  -k, --key FILE         station private key (default: station.key in the\n"
		 "                         keys directory, $RECO_KEYS or <data dir>/keys)\n"
		 "  -c, --cert FILE        station certificate (seal: default station.pem in\n"
		 "                         the keys directory; verify: station.pem beside REPORT)\n"
		 "      --uncertified      do not sign, even if a station key is there\n"
		 "      --operator NAME    operator pseudonym (never a real name)\n"
		 "      --created TIME     creation time to record (RFC 3339 UTC; default now)\n"
		 "      --force            seal again over an existing report\n"
		 "      --no-pdf           seal without printing certificate.pdf\n"
		 "      --ca FILE          the association's CA certificate (ca.pem)\n"
		 "      --crl FILE         the CA's revocation list (crl.pem)\n"
		 "      --sig FILE         signature file (default REPORT.sig)\n"
		 "      --pdf FILE         where to write the PDF\n"
		 "      --lang fr|en       language of the document (default fr)\n"
		 "      --kind KIND        certificate (default) or repair-cafe\n"
		 "  -j, --json             machine-readable output\n"
		 "  -h, --help             this help\n"
		 "  -V, --version          version\n\n"));
	fputs(cli_exit_status_help(_("verify: the report does not verify; seal: a report is already there, or a session file is not valid; render: the report is not valid")), stdout);
	exit(RECO_EXIT_OK);
}

static int env_exit(int rc)
{
	return rc == -ENOENT || rc == -EACCES || rc == -EPERM || rc == -EIO || rc == -ENOSPC ||
			       rc == -EROFS || rc == -ENOTDIR || rc == -EISDIR
		       ? RECO_EXIT_ENV
		       : RECO_EXIT_FAIL;
}

static int do_render(const char *report, const char *pdf, const char *lang, const char *kind);

/* The stick's own key: $RECO_KEYS, else <data dir>/keys, when both
 * station.key and station.pem are there. */
static void default_station_key(struct report_control *ctl, char *key, char *cert, size_t size)
{
	char dir[PATH_MAX];
	const char *env = getenv("RECO_KEYS");
	if (env && *env)
		snprintf(dir, sizeof(dir), "%s", env);
	else if (reco_data_dir(dir, sizeof(dir) - 8) == 0)
		strcat(dir, "/keys");
	else
		return;
	if (snprintf(key, size, "%s/station.key", dir) >= (int)size ||
	    snprintf(cert, size, "%s/station.pem", dir) >= (int)size)
		return;
	if (access(key, F_OK) == 0 && access(cert, F_OK) == 0) {
		ctl->key = key;
		ctl->cert = cert;
	}
}

static int cmd_seal(struct report_control *ctl, const char *session)
{
	char dkey[PATH_MAX], dcert[PATH_MAX];
	if ((ctl->key != NULL) != (ctl->cert != NULL))
		cli_usage_error(_("--key and --cert go together"));
	if (ctl->uncertified && ctl->key)
		cli_usage_error(_("--uncertified and --key exclude each other"));
	if (!ctl->key && !ctl->uncertified)
		default_station_key(ctl, dkey, dcert, sizeof(dkey));
	struct seal_opts o = { .session = session, .key = ctl->key, .cert = ctl->cert,
			       .operator_ = ctl->operator_ ? ctl->operator_ : getenv("RECO_OPERATOR"),
			       .created = ctl->created, .force = ctl->force };
	struct seal_result r;
	struct reco_err e = { 0 };
	int rc = report_seal(&o, &r, &e);
	if (rc)
		cli_die(rc == -EEXIST || rc == -EINVAL ? RECO_EXIT_FAIL : env_exit(rc), "%s", e.msg);
	if (r.reals_converted)
		cli_warn(ngettext("%s: %d real number in the session files kept as a string",
				  "%s: %d real numbers in the session files kept as strings", (unsigned long)r.reals_converted),
			 session,
			 r.reals_converted);
	if (r.cert_not_valid_now)
		cli_warn(_("%s: the certificate is not valid now; the report will not verify"), ctl->cert);
	char pdf[PATH_MAX];
	snprintf(pdf, sizeof(pdf), "%s/certificate.pdf", session);
	int prc = RECO_EXIT_OK;
	if (!ctl->no_pdf) {
		prc = do_render(r.report, pdf, ctl->lang, "certificate");
		report_render_cleanup();
	}
	if (ctl->json) {
		json_t *o2 = json_pack("{s:s,s:s,s:s,s:s,s:b}", "schema", "reco-seal/1", "report",
				       r.report, "sha256", r.sha256, "station",
				       r.signed_ ? "certified" : "uncertified", "signed", r.signed_);
		if (r.signed_) {
			json_object_set_new(o2, "signature", json_string(r.sig));
			json_object_set_new(o2, "certificate", json_string(r.cert));
		}
		if (!ctl->no_pdf && prc == RECO_EXIT_OK)
			json_object_set_new(o2, "pdf", json_string(pdf));
		char *s = reco_json_canonical(o2);
		puts(s ? s : "{}");
		free(s);
		json_decref(o2);
	} else {
		printf(_("report:      %s\n"), r.report);
		if (r.signed_) {
			printf(_("signature:   %s\n"), r.sig);
			printf(_("certificate: %s\n"), r.cert);
		} else {
			printf(_("signature:   none (uncertified station: the report is not signed)\n"));
		}
		if (!ctl->no_pdf && prc == RECO_EXIT_OK)
			printf(_("PDF:         %s\n"), pdf);
		printf(_("SHA-256:     %s\n"), r.sha256);
	}
	return prc;
}

/* The session files left beside a report, against the SHA-256 the report
 * sealed ("sources"): {"inventory.json": "match"|"differs"|"absent"}.
 * Informational: the signed report is the proof, the files are copies.
 * NULL when the report cannot be read. */
static json_t *check_sources(const char *report, int *differs)
{
	unsigned char *buf;
	size_t len;
	*differs = 0;
	if (reco_read_file(NULL, report, (char **)&buf, &len, 64u << 20) != 0)
		return NULL;
	json_error_t je;
	json_t *doc = json_loadb((const char *)buf, len, 0, &je);
	free(buf);
	json_t *sources = json_object_get(doc, "sources"), *out = json_object();
	const char *name;
	json_t *v;
	const char *slash = strrchr(report, '/');
	json_object_foreach(sources, name, v) {
		char p[PATH_MAX], hex[65];
		unsigned char *f;
		size_t flen;
		if (strchr(name, '/') || !json_is_string(v))
			continue;
		snprintf(p, sizeof(p), "%.*s%s", slash ? (int)(slash - report + 1) : 0, report, name);
		if (reco_read_file(NULL, p, (char **)&f, &flen, 64u << 20) != 0) {
			json_object_set_new(out, name, json_string("absent"));
			continue;
		}
		reco_sha256_hex(f, flen, hex);
		free(f);
		int same = strcmp(hex, json_string_value(v)) == 0;
		json_object_set_new(out, name, json_string(same ? "match" : "differs"));
		if (!same) {
			(*differs)++;
			cli_warn(_("%s: %s differs from the copy sealed in the report (the report is what counts)"),
				 report, name);
		}
	}
	json_decref(doc);
	return out;
}

/* The first of the files a verification reads that cannot be read (the
 * report, its signature sig, the station certificate cert, the CA, the
 * CRL), with errno set; the report when each can be opened (errno EIO).
 * For naming what failed. */
static const char *unreadable_file(const struct report_control *ctl, const char *report, const char *sig,
				   const char *cert)
{
	const char *files[] = { report, sig, cert, ctl->ca, ctl->crl };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (!files[i])
			continue;
		FILE *f = fopen(files[i], "re");
		if (!f)
			return files[i];
		fclose(f);
	}
	errno = EIO;
	return report;
}

/* The verdict under --json, also when a file could not be read (status
 * "unreadable"): a script always gets one document. */
static void print_verdict_json(const char *report, const char *status, const char *reason, const struct reco_verify *v,
			       json_t *srcs)
{
	json_t *o = json_pack("{s:s,s:s,s:s,s:s}", "schema", "reco-verify/1", "report", report, "status", status,
			      "reason", reason);
	if (v) {
		reco_json_set_str(o, "report_sha256", v->report_sha256);
		reco_json_set_str(o, "station", v->station);
		reco_json_set_str(o, "certificate_sha256", v->cert_sha256);
	}
	if (srcs)
		json_object_set(o, "session_files", srcs);
	char *s = reco_json_canonical(o);
	puts(s ? s : "{}");
	free(s);
	json_decref(o);
}

static int cmd_verify(struct report_control *ctl, const char *report)
{
	if (!ctl->ca)
		cli_usage_error(_("verify needs --ca FILE"));
	struct reco_verify v;
	int rc;
	/* the signature and the certificate: the options, else beside the report */
	char certp[PATH_MAX], sigp[PATH_MAX];
	const char *slash = strrchr(report, '/');
	snprintf(certp, sizeof(certp), "%.*sstation.pem", slash ? (int)(slash - report + 1) : 0, report);
	snprintf(sigp, sizeof(sigp), "%s.sig", report);
	const char *sig_file = ctl->sig ? ctl->sig : sigp, *cert_file = ctl->cert ? ctl->cert : certp;
	if (ctl->sig || ctl->cert) {
		unsigned char *rep = NULL, *sig = NULL, *cert = NULL;
		size_t rl = 0, sl = 0, cl = 0;
		rc = reco_read_file(NULL, report, (char **)&rep, &rl, 64u << 20);
		if (!rc)
			rc = reco_read_file(NULL, sig_file, (char **)&sig, &sl, 4096);
		if (!rc)
			rc = reco_read_file(NULL, cert_file, (char **)&cert, &cl, 1 << 20);
		if (!rc)
			rc = reco_report_verify_mem(rep, rl, sig, sl, (const char *)cert, cl, ctl->ca, ctl->crl, &v);
		free(rep);
		free(sig);
		free(cert);
	} else {
		rc = reco_report_verify_files(report, ctl->ca, ctl->crl, &v);
	}
	if (rc) {
		/* say which file, once; under --json the verdict still comes */
		const char *file = unreadable_file(ctl, report, sig_file, cert_file);
		int err = errno;
		char *reason = reco_asprintf("%s: %s", file, strerror(err ? err : -rc));
		if (ctl->json)
			print_verdict_json(report, "unreadable", reason ? reason : "", NULL, NULL);
		if (file == report) /* the report itself: named once */
			cli_warn("%s", reason ? reason : strerror(-rc));
		else
			cli_warn(_("%s: cannot verify: %s"), report, reason ? reason : strerror(-rc));
		free(reason);
		return RECO_EXIT_ENV;
	}
	int differs = 0;
	json_t *srcs = v.status == RECO_VERIFY_OK ? check_sources(report, &differs) : NULL;
	if (ctl->json)
		print_verdict_json(report, reco_verify_status_name(v.status), v.reason, &v, srcs);
	else if (v.status == RECO_VERIFY_OK)
		printf(_("%s: OK — signed by station %s (certificate SHA-256 %s)\n"), report, v.station,
		       v.cert_sha256);
	else /* the reason names its subject ("signature: ..."): said once */
		cli_warn("%s: %s", report, v.reason);
	json_decref(srcs);
	return v.status == RECO_VERIFY_OK ? RECO_EXIT_OK : RECO_EXIT_FAIL;
}

static int do_render(const char *report, const char *pdf, const char *lang, const char *kind)
{
	unsigned char *buf;
	size_t len;
	int rc = reco_read_file(NULL, report, (char **)&buf, &len, 64u << 20);
	if (rc) {
		cli_warn("%s: %s", report, strerror(-rc));
		return RECO_EXIT_ENV;
	}
	struct reco_err e = { 0 };
	json_t *doc = reco_report_parse(buf, len, &e);
	if (!doc) {
		free(buf);
		cli_warn("%s: %s", report, e.msg);
		return RECO_EXIT_FAIL;
	}
	enum render_kind k = kind && strcmp(kind, "repair-cafe") == 0 ? RENDER_REPAIR_CAFE
								     : RENDER_CERTIFICATE;
	rc = report_render_pdf(buf, len, doc, pdf, k, lang ? lang : "fr", &e);
	json_decref(doc);
	free(buf);
	if (rc) {
		cli_warn("%s", e.msg);
		return RECO_EXIT_ENV;
	}
	return RECO_EXIT_OK;
}

int main(int argc, char **argv)
{
	enum { OPT_OPERATOR = 256, OPT_CREATED, OPT_FORCE, OPT_NO_PDF, OPT_CA, OPT_CRL, OPT_SIG,
	       OPT_PDF, OPT_LANG, OPT_KIND, OPT_UNCERTIFIED, OPT_DATA };
	static const struct option longopts[] = {
		{ "session", required_argument, NULL, 's' },
		{ "data", required_argument, NULL, OPT_DATA },
		{ "key", required_argument, NULL, 'k' },
		{ "cert", required_argument, NULL, 'c' },
		{ "operator", required_argument, NULL, OPT_OPERATOR },
		{ "created", required_argument, NULL, OPT_CREATED },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "no-pdf", no_argument, NULL, OPT_NO_PDF },
		{ "uncertified", no_argument, NULL, OPT_UNCERTIFIED },
		{ "ca", required_argument, NULL, OPT_CA },
		{ "crl", required_argument, NULL, OPT_CRL },
		{ "sig", required_argument, NULL, OPT_SIG },
		{ "pdf", required_argument, NULL, OPT_PDF },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "kind", required_argument, NULL, OPT_KIND },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_control ctl = { 0 };
	int c;

	cli_init("report");
	while ((c = cli_getopt(argc, argv, "s:k:c:jhV", longopts)) != -1) {
		switch (c) {
		case 's': ctl.session = optarg; break;
		case OPT_DATA: cli_set_data_dir(optarg); break;
		case 'k': ctl.key = optarg; break;
		case 'c': ctl.cert = optarg; break;
		case OPT_OPERATOR: ctl.operator_ = optarg; break;
		case OPT_CREATED: ctl.created = optarg; break;
		case OPT_FORCE: ctl.force = 1; break;
		case OPT_NO_PDF: ctl.no_pdf = 1; break;
		case OPT_UNCERTIFIED: ctl.uncertified = 1; break;
		case OPT_CA: ctl.ca = optarg; break;
		case OPT_CRL: ctl.crl = optarg; break;
		case OPT_SIG: ctl.sig = optarg; break;
		case OPT_PDF: ctl.pdf = optarg; break;
		case OPT_LANG:
			if (strcmp(optarg, "fr") != 0 && strcmp(optarg, "en") != 0)
				cli_usage_error(_("--lang: '%s' is not fr or en"), optarg);
			ctl.lang = optarg;
			break;
		case OPT_KIND:
			if (strcmp(optarg, "certificate") != 0 && strcmp(optarg, "repair-cafe") != 0)
				cli_usage_error(_("--kind: '%s' is not certificate or repair-cafe"), optarg);
			ctl.kind = optarg;
			break;
		case 'j': ctl.json = 1; break;
		case 'h': usage();
		case 'V': cli_version();
		}
	}
	if (optind >= argc)
		cli_usage_error(_("a command is required (seal, verify, render)"));
	const char *cmd = argv[optind++];
	if (strcmp(cmd, "seal") == 0) {
		/* the session: the operand, -s DIR, or $RECO_SESSION (one of them) */
		const char *env = getenv("RECO_SESSION");
		const char *dir = argc - optind == 1 ? argv[optind] : ctl.session ? ctl.session : env && *env ? env : NULL;
		if (argc - optind > 1 || (argc - optind == 1 && ctl.session))
			cli_usage_error(_("seal takes one session directory"));
		if (!dir)
			cli_usage_error(_("seal needs a session directory (DIR, --session DIR or $RECO_SESSION)"));
		return cmd_seal(&ctl, dir);
	}
	if (argc - optind != 1)
		cli_usage_error(_("%s needs exactly one report file"), cmd);
	const char *arg = argv[optind];
	if (strcmp(cmd, "verify") == 0)
		return cmd_verify(&ctl, arg);
	if (strcmp(cmd, "render") == 0) {
		if (!ctl.pdf)
			cli_usage_error(_("render needs --pdf FILE"));
		int rc = do_render(arg, ctl.pdf, ctl.lang, ctl.kind);
		report_render_cleanup();
		return rc;
	}
	cli_usage_error(_("unknown command '%s'"), cmd);
}
