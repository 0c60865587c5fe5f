/*
 * reco registry — the coordinators' registry: import signed reports,
 * follow each machine's lifecycle, allocate machines to beneficiaries,
 * hand them over with a signed receipt, report figures; web UI and API.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "accept.h"
#include "common/cli.h"
#include "lib/json.h"
#include "lib/session.h"
#include "lib/util.h"
#include "registry.h"
#include "registry_cli.h"
#include "web.h"

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
		 "  set-state DEVICE STATE [--reason TEXT]\n"
		 "  ready DEVICE                    mark a wiped machine ready for allocation\n"
		 "  audit                           check the hash chain of the event log\n"
		 "  beneficiary add [--ref REF] [--household-size N] [--referrer ORG] [--quota N]\n"
		 "                  [--name N] [--phone P] [--email E] [--address A]\n"
		 "  beneficiary list [--contacts]\n"
		 "  beneficiary delete-contact REF\n"
		 "  allocate DEVICE BENEFICIARY [--programme P]\n"
		 "  diag-override DEVICE --reason TEXT  allow allocating despite an incomplete diagnosis\n"
		 "  accept-disk DEVICE DISK --reason TEXT  accept a disk that was not erased\n"
		 "                                  (dead, removed: coverage complete, an event)\n"
		 "  deliver ALLOCATION [--out DIR]  signed receipt + PDF handover attestation\n"
		 "  return ALLOCATION [--reason TEXT]\n"
		 "  recycle DEVICE --reason TEXT\n"
		 "  stats [--from YYYY-MM] [--to YYYY-MM] [--csv]\n"
		 "  export --csv [--output FILE]    devices, serials as keyed HMACs\n"
		 "  purge --older-than AGE [--dry-run]   e.g. 2y, 18m, 30d\n"
		 "  user add NAME --role ROLE       web account (password on stdin)\n"
		 "  pubkey                          the registry's receipt-signing public key\n"
		 "  serve [--listen ADDR:PORT] [--secure-cookies]\n"
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

int reg_exit_for(int rc)
{
	switch (rc) {
	case 0: return RECO_EXIT_OK;
	case -EPERM: case -EEXIST: case -EBADMSG: case -EACCES: return RECO_EXIT_FAIL;
	case -ENOENT: case -EINVAL: return RECO_EXIT_FAIL; /* unknown or refused input */
	default: return RECO_EXIT_ENV;
	}
}

noreturn void reg_die_err(int rc, const struct reco_err *e)
{
	cli_die(reg_exit_for(rc), "%s", e->msg[0] ? e->msg : strerror(-rc));
}

void reg_print_json(json_t *v)
{
	char *s = json_dumps(v, JSON_SORT_KEYS | JSON_INDENT(2));
	if (s)
		puts(s);
	free(s);
}

/* Parses the per-command options of argv (argv[0] is the command). */

static void cmd_help(const char *cmd)
{
	printf(_("See 'reco registry --help' for the arguments of '%s'.\n"), cmd);
	exit(RECO_EXIT_OK);
}

int reg_parse(int argc, char **argv, const struct option *lo, int (*fn)(int, const char *, void *), void *arg)
{
	int c;
	optind = 0; /* glibc: full re-initialisation for a new vector */
	while ((c = getopt_long(argc, argv, "hjo:", lo, NULL)) != -1) {
		if (c == 'h')
			cmd_help(argv[0]);
		if (c == '?')
			cli_usage_error(_("%s: bad option"), argv[0]);
		if (fn(c, optarg, arg))
			cli_usage_error(_("%s: bad option"), argv[0]);
	}
	return optind;
}

/* ---- import ---- */

struct import_ctx {
	struct registry_control *ctl;
	int stored, dup, refused;
	json_t *results;
	char **paths;
	size_t npaths, cap;
};

static void import_result(const char *path, int rc, const struct reg_import_info *info,
			  const struct reco_err *e, void *arg)
{
	struct import_ctx *ic = arg;
	json_t *r = json_pack("{s:s}", "path", path);
	if (rc) {
		ic->refused++;
		json_object_set_new(r, "result", json_string("refused"));
		json_object_set_new(r, "reason", json_string(e->msg));
		if (!ic->ctl->json)
			cli_warn("%s: %s", path, e->msg);
	} else {
		int dup = info->result == REG_IMPORT_DUPLICATE;
		dup ? ic->dup++ : ic->stored++;
		json_object_set_new(r, "result", json_string(dup ? "duplicate" : "stored"));
		json_object_set_new(r, "device_id", json_string(info->device_id));
		json_object_set_new(r, "report_sha256", json_string(info->report_sha256));
		if (!ic->ctl->json)
			printf(dup ? _("%s: already imported (device %s)\n") : _("%s: stored (device %s)\n"),
			       path, info->device_id);
	}
	json_array_append_new(ic->results, r);
}

static void import_add(struct import_ctx *ic, const char *path)
{
	if (ic->npaths == ic->cap) {
		ic->cap = ic->cap ? ic->cap * 2 : 64;
		char **np = realloc(ic->paths, ic->cap * sizeof(char *));
		if (!np)
			cli_die(RECO_EXIT_ENV, _("out of memory"));
		ic->paths = np;
	}
	ic->paths[ic->npaths] = strdup(path);
	if (!ic->paths[ic->npaths])
		cli_die(RECO_EXIT_ENV, _("out of memory"));
	ic->npaths++;
}

static void import_dir(struct import_ctx *ic, const char *dir, int depth)
{
	struct dirent **list = NULL;
	int n = scandir(dir, &list, NULL, alphasort);
	if (n < 0) {
		cli_warn("%s: %s", dir, strerror(errno));
		ic->refused++;
		return;
	}
	for (int i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		if (name[0] != '.') {
			char *p = reco_asprintf("%s/%s", dir, name);
			struct stat st;
			if (p && lstat(p, &st) == 0) {
				if (S_ISDIR(st.st_mode) && depth < 8)
					import_dir(ic, p, depth + 1);
				else if (S_ISREG(st.st_mode) && !strcmp(name, "report.json"))
					import_add(ic, p);
			}
			free(p);
		}
		free(list[i]);
	}
	free(list);
}

int reg_no_opts(int c, const char *a, void *x)
{
	(void)c; (void)a; (void)x;
	return 1;
}

static int import_opt(int c, const char *a, void *x)
{
	struct registry *r = x;
	if (c == 'c')
		r->ca_path = a;
	else if (c == 'r')
		r->crl_path = a;
	else
		return 1;
	return 0;
}

static int cmd_import(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "ca", required_argument, NULL, 'c' }, { "crl", required_argument, NULL, 'r' },);
	int i = reg_parse(argc, argv, longopts, import_opt, &ctl->reg);
	if (i >= argc)
		cli_usage_error(_("import: which report or directory?"));
	struct import_ctx ic = { .ctl = ctl, .results = json_array() };
	for (; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			import_dir(&ic, argv[i], 0);
		else
			import_add(&ic, argv[i]);
	}
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct reco_err e = { 0 };
	int rc = reg_import_files(&ctl->reg, (const char *const *)ic.paths, ic.npaths,
				  cpus > 1 ? (int)cpus : 1, 200, import_result, &ic, &e);
	for (size_t k = 0; k < ic.npaths; k++)
		free(ic.paths[k]);
	free(ic.paths);
	if (rc)
		cli_die(RECO_EXIT_ENV, _("cannot commit the import: %s"), e.msg);
	if (ctl->json) {
		json_t *o = json_pack("{s:s,s:i,s:i,s:i,s:o}", "schema", "reco-registry-import/1",
				      "stored", ic.stored, "duplicates", ic.dup, "refused", ic.refused,
				      "results", ic.results);
		reg_print_json(o);
		json_decref(o);
	} else {
		printf(_("%d stored, %d already imported, %d refused\n"), ic.stored, ic.dup, ic.refused);
		json_decref(ic.results);
	}
	return ic.refused ? RECO_EXIT_FAIL : RECO_EXIT_OK;
}

/* ---- devices / show ---- */

static int devices_opt(int c, const char *a, void *x)
{
	struct reg_device_filter *f = x;
	switch (c) {
	case 's': f->state = a; return 0;
	case 'g': f->grade = a; return 0;
	case 'q': f->search = a; return 0;
	}
	return 1;
}

static int cmd_devices(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "state", required_argument, NULL, 's' }, { "grade", required_argument, NULL, 'g' },
		 { "search", required_argument, NULL, 'q' },);
	struct reg_device_filter f = { 0 };
	int i = reg_parse(argc, argv, longopts, devices_opt, &f);
	if (i < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[i]);
	if (f.state && !reg_state_valid(f.state))
		cli_usage_error(_("%s: unknown state"), f.state);
	struct reco_err e = { 0 };
	json_t *list = reg_devices_list(&ctl->reg, &f, &e);
	if (!list)
		reg_die_err(e.code ? e.code : -EIO, &e);
	if (ctl->json) {
		json_t *o = json_pack("{s:s,s:o}", "schema", "reco-registry-devices/1", "devices", list);
		reg_print_json(o);
		json_decref(o);
		return 0;
	}
	size_t k;
	json_t *d;
	printf("%-20s %-10s %-5s %-24s %s\n", _("DEVICE"), _("STATE"), _("GRADE"), _("MODEL"), _("SERIAL"));
	json_array_foreach(list, k, d) {
		char model[200];
		snprintf(model, sizeof(model), "%s %s",
			 json_string_value(json_object_get(d, "vendor")) ?: "",
			 json_string_value(json_object_get(d, "product")) ?: "");
		printf("%-20s %-10s %-5s %-24s %s\n", json_string_value(json_object_get(d, "id")),
		       json_string_value(json_object_get(d, "state")),
		       json_string_value(json_object_get(d, "grade")) ?: "-", reco_strtrim(model),
		       json_string_value(json_object_get(d, "serial")) ?: "-");
	}
	json_decref(list);
	return 0;
}

const char *reg_js(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "-";
}

static int cmd_show(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS();
	int i = reg_parse(argc, argv, longopts, reg_no_opts, NULL);
	if (argc - i != 1)
		cli_usage_error(_("show: which device?"));
	struct reco_err e = { 0 };
	char id[256];
	int rc = reg_device_resolve(&ctl->reg, argv[i], id, sizeof(id), &e);
	if (rc)
		reg_die_err(rc, &e);
	json_t *d = reg_device_show(&ctl->reg, id, &e);
	if (!d)
		reg_die_err(e.code ? e.code : -EIO, &e);
	if (ctl->json) {
		reg_print_json(d);
		json_decref(d);
		return 0;
	}
	printf(_("Device %s\n  %s %s, serial %s\n  state: %s, grade: %s\n"), reg_js(d, "id"),
	       reg_js(d, "vendor"), reg_js(d, "product"), reg_js(d, "serial"), reg_js(d, "state"), reg_js(d, "grade"));
	size_t k, m;
	json_t *rep, *x;
	json_array_foreach(json_object_get(d, "reports"), k, rep) {
		printf(_("Report %s (%s) from %s: %s\n"), reg_js(rep, "report_id"), reg_js(rep, "created"),
		       reg_js(rep, "station"), reg_js(rep, "verification"));
		json_array_foreach(json_object_get(rep, "disks_detail"), m, x)
			printf(_("  disk %s %s (serial %s): %s %s\n"), reg_js(x, "path"), reg_js(x, "model"),
			       reg_js(x, "serial"), reg_js(x, "result"), reg_js(x, "method"));
		json_array_foreach(json_object_get(rep, "diag_parts"), m, x)
			printf(_("  %s %s: %s %s\n"), reg_js(x, "part"), reg_js(x, "part_id"), reg_js(x, "verdict"),
			       strcmp(reg_js(x, "reason"), "-") ? reg_js(x, "reason") : "");
	}
	printf(_("History:\n"));
	json_array_foreach(json_object_get(d, "history"), k, x)
		printf("  %s %-8s %s %s→%s %s\n", reg_js(x, "at"), reg_js(x, "actor"), reg_js(x, "kind"),
		       reg_js(x, "from_state"), reg_js(x, "to_state"), strcmp(reg_js(x, "detail"), "-") ? reg_js(x, "detail") : "");
	json_decref(d);
	return 0;
}

/* ---- lifecycle ---- */

int reason_opt(int c, const char *a, void *x)
{
	struct reason_opt *o = x;
	switch (c) {
	case 'r': o->reason = a; return 0;
	case 'p': o->programme = a; return 0;
	case 'o': o->out = a; return 0;
	}
	return 1;
}

static int cmd_set_state(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "reason", required_argument, NULL, 'r' },);
	struct reason_opt o = { 0 };
	int i = reg_parse(argc, argv, longopts, reason_opt, &o);
	int ready = !strcmp(argv[0], "ready");
	if (argc - i != (ready ? 1 : 2))
		cli_usage_error(ready ? _("ready: which device?") : _("set-state: DEVICE STATE"));
	const char *to = ready ? "ready" : argv[i + 1];
	if (!reg_state_valid(to))
		cli_usage_error(_("%s: unknown state"), to);
	if (!strcmp(to, "allocated") || !strcmp(to, "delivered"))
		cli_usage_error(_("use 'allocate' and 'deliver' for these states"));
	struct reco_err e = { 0 };
	char id[256];
	int rc = reg_device_resolve(&ctl->reg, argv[i], id, sizeof(id), &e);
	if (!rc)
		rc = reg_transition(&ctl->reg, id, to, o.reason, &e);
	if (rc)
		reg_die_err(rc, &e);
	if (!ctl->json)
		printf(_("%s: now %s\n"), id, to);
	return 0;
}

static int cmd_audit(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS();
	if (reg_parse(argc, argv, longopts, reg_no_opts, NULL) != argc)
		cli_usage_error(_("audit takes no argument"));
	long long n = 0;
	struct reco_err e = { 0 };
	int rc = reg_audit(&ctl->reg, &n, &e);
	if (ctl->json) {
		json_t *o = json_pack("{s:s,s:b,s:I}", "schema", "reco-registry-audit/1", "intact", rc == 0,
				      "events_checked", (json_int_t)n);
		if (rc)
			json_object_set_new(o, "error", json_string(e.msg));
		reg_print_json(o);
		json_decref(o);
	}
	if (rc == -EBADMSG) {
		cli_warn(_("event chain broken: %s"), e.msg);
		return RECO_EXIT_FAIL;
	}
	if (rc)
		reg_die_err(rc, &e);
	if (!ctl->json)
		printf(_("event chain intact: %lld events\n"), n);
	return 0;
}

/* ---- beneficiaries ---- */


struct serve_opt { const char *listen; int secure; };

static int serve_opt(int c, const char *a, void *x)
{
	struct serve_opt *o = x;
	if (c == 'l')
		o->listen = a;
	else if (c == 's')
		o->secure = 1;
	else
		return 1;
	return 0;
}

static void on_ready(const char *listen)
{
	printf(_("listening on http://%s/ (Ctrl-C to stop)\n"), listen);
	fflush(stdout);
}

static int cmd_serve(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "listen", required_argument, NULL, 'l' }, { "secure-cookies", no_argument, NULL, 's' },);
	struct serve_opt o = { .listen = "127.0.0.1:8080" };
	int i = reg_parse(argc, argv, longopts, serve_opt, &o);
	if (i < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[i]);
	struct web_config wc = { .listen = o.listen, .db_spec = ctl->db, .secure_cookies = o.secure,
				 .on_ready = on_ready };
	struct reco_err e = { 0 };
	int rc = web_serve(&ctl->reg, &wc, &e);
	if (rc)
		reg_die_err(rc, &e);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct registry_control *, int, char **);
} commands[] = {
	{ "import", cmd_import },       { "devices", cmd_devices },     { "show", cmd_show },
	{ "set-state", cmd_set_state }, { "ready", cmd_set_state },     { "audit", cmd_audit },
	{ "beneficiary", cmd_beneficiary }, { "allocate", cmd_allocate }, { "deliver", cmd_deliver },
	{ "diag-override", cmd_diag_override }, { "accept-disk", cmd_accept_disk },
	{ "return", cmd_return },       { "recycle", cmd_return },      { "stats", cmd_stats },
	{ "export", cmd_export },       { "purge", cmd_purge },         { "user", cmd_user },
	{ "pubkey", cmd_pubkey },       { "serve", cmd_serve },
};

static void resolve_paths(struct registry_control *ctl)
{
	static char dd[4096];
	int is_pg = ctl->db && (!strncmp(ctl->db, "postgres", 8) || !strncmp(ctl->db, "pg:", 3));
	if (ctl->data_dir) {
		snprintf(dd, sizeof(dd), "%s", ctl->data_dir);
	} else if (ctl->db && !is_pg) {
		char tmp[4096];
		snprintf(tmp, sizeof(tmp), "%s", ctl->db);
		snprintf(dd, sizeof(dd), "%s", dirname(tmp));
	} else {
		char base[4000];
		int rc = reco_data_dir(base, sizeof(base));
		if (rc)
			cli_die(RECO_EXIT_ENV, _("cannot find a data directory: %s"), strerror(-rc));
		snprintf(dd, sizeof(dd), "%s/registry", base);
	}
	int rc = reco_mkdir_p(dd, 0700);
	if (rc)
		cli_die(RECO_EXIT_ENV, "%s: %s", dd, strerror(-rc));
	snprintf(ctl->reg.data_dir, sizeof(ctl->reg.data_dir), "%s", dd);
	if (!ctl->db) {
		snprintf(ctl->db_buf, sizeof(ctl->db_buf), "%s/registry.db", dd);
		ctl->db = ctl->db_buf;
	}
	if (!ctl->ca) {
		snprintf(ctl->ca_buf, sizeof(ctl->ca_buf), "%s/ca.pem", dd);
		if (access(ctl->ca_buf, R_OK) == 0)
			ctl->ca = ctl->ca_buf;
	}
	if (!ctl->crl) {
		snprintf(ctl->crl_buf, sizeof(ctl->crl_buf), "%s/crl.pem", dd);
		if (access(ctl->crl_buf, R_OK) == 0)
			ctl->crl = ctl->crl_buf;
	}
	ctl->reg.ca_path = ctl->ca;
	ctl->reg.crl_path = ctl->crl;
}

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
	if (optind >= argc)
		cli_usage_error(_("which command?"));
	const char *cmd = argv[optind];
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++) {
		if (strcmp(commands[k].name, cmd))
			continue;
		/* per-command --json too */
		for (int a = optind + 1; a < argc; a++)
			if (!strcmp(argv[a], "--json") || !strcmp(argv[a], "-j")) {
				ctl.json = 1;
				memmove(argv + a, argv + a + 1, (size_t)(argc - a) * sizeof(char *));
				argc--;
				a--;
			}
		for (int a = optind + 1; a < argc; a++)
			if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h"))
				cmd_help(cmd);
		resolve_paths(&ctl);
		struct reco_err e = { 0 };
		int rc = reg_open(&ctl.reg, ctl.db, &e);
		if (rc)
			cli_die(RECO_EXIT_ENV, "%s", e.msg);
		int ret = commands[k].fn(&ctl, argc - optind, argv + optind);
		reg_close(&ctl.reg);
		return ret;
	}
	cli_usage_error(_("unknown command '%s'"), cmd);
}
