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

#include "common/cli.h"
#include "lib/json.h"
#include "lib/session.h"
#include "lib/util.h"
#include "registry.h"
#include "web.h"

struct registry_control {
	const char *db;
	const char *data_dir;
	const char *ca, *crl;
	int json;
	struct registry reg;
	char db_buf[4200], ca_buf[4200], crl_buf[4200];
};

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

static int exit_for(int rc)
{
	switch (rc) {
	case 0: return RECO_EXIT_OK;
	case -EPERM: case -EEXIST: case -EBADMSG: case -EACCES: return RECO_EXIT_FAIL;
	case -ENOENT: case -EINVAL: return RECO_EXIT_FAIL; /* unknown or refused input */
	default: return RECO_EXIT_ENV;
	}
}

static noreturn void die_err(int rc, const struct reco_err *e)
{
	cli_die(exit_for(rc), "%s", e->msg[0] ? e->msg : strerror(-rc));
}

static void print_json(json_t *v)
{
	char *s = json_dumps(v, JSON_SORT_KEYS | JSON_INDENT(2));
	if (s)
		puts(s);
	free(s);
}

/* Parses the per-command options of argv (argv[0] is the command). */
#define CMD_OPTS(...) static const struct option longopts[] = { __VA_ARGS__ { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } }

static void cmd_help(const char *cmd)
{
	printf(_("See 'reco registry --help' for the arguments of '%s'.\n"), cmd);
	exit(RECO_EXIT_OK);
}

static int parse(int argc, char **argv, const struct option *lo, int (*fn)(int, const char *, void *), void *arg)
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

static int no_opts(int c, const char *a, void *x)
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
	int i = parse(argc, argv, longopts, import_opt, &ctl->reg);
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
		print_json(o);
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
	int i = parse(argc, argv, longopts, devices_opt, &f);
	if (i < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[i]);
	if (f.state && !reg_state_valid(f.state))
		cli_usage_error(_("%s: unknown state"), f.state);
	struct reco_err e = { 0 };
	json_t *list = reg_devices_list(&ctl->reg, &f, &e);
	if (!list)
		die_err(e.code ? e.code : -EIO, &e);
	if (ctl->json) {
		json_t *o = json_pack("{s:s,s:o}", "schema", "reco-registry-devices/1", "devices", list);
		print_json(o);
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

static const char *js(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "-";
}

static int cmd_show(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS();
	int i = parse(argc, argv, longopts, no_opts, NULL);
	if (argc - i != 1)
		cli_usage_error(_("show: which device?"));
	struct reco_err e = { 0 };
	char id[256];
	int rc = reg_device_resolve(&ctl->reg, argv[i], id, sizeof(id), &e);
	if (rc)
		die_err(rc, &e);
	json_t *d = reg_device_show(&ctl->reg, id, &e);
	if (!d)
		die_err(e.code ? e.code : -EIO, &e);
	if (ctl->json) {
		print_json(d);
		json_decref(d);
		return 0;
	}
	printf(_("Device %s\n  %s %s, serial %s\n  state: %s, grade: %s\n"), js(d, "id"),
	       js(d, "vendor"), js(d, "product"), js(d, "serial"), js(d, "state"), js(d, "grade"));
	size_t k, m;
	json_t *rep, *x;
	json_array_foreach(json_object_get(d, "reports"), k, rep) {
		printf(_("Report %s (%s) from %s: %s\n"), js(rep, "report_id"), js(rep, "created"),
		       js(rep, "station"), js(rep, "verification"));
		json_array_foreach(json_object_get(rep, "disks_detail"), m, x)
			printf(_("  disk %s %s (serial %s): %s %s\n"), js(x, "path"), js(x, "model"),
			       js(x, "serial"), js(x, "result"), js(x, "method"));
		json_array_foreach(json_object_get(rep, "diag_parts"), m, x)
			printf(_("  %s %s: %s %s\n"), js(x, "part"), js(x, "part_id"), js(x, "verdict"),
			       strcmp(js(x, "reason"), "-") ? js(x, "reason") : "");
	}
	printf(_("History:\n"));
	json_array_foreach(json_object_get(d, "history"), k, x)
		printf("  %s %-8s %s %s→%s %s\n", js(x, "at"), js(x, "actor"), js(x, "kind"),
		       js(x, "from_state"), js(x, "to_state"), strcmp(js(x, "detail"), "-") ? js(x, "detail") : "");
	json_decref(d);
	return 0;
}

/* ---- lifecycle ---- */

struct reason_opt { const char *reason, *programme, *out; };

static int reason_opt(int c, const char *a, void *x)
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
	int i = parse(argc, argv, longopts, reason_opt, &o);
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
		die_err(rc, &e);
	if (!ctl->json)
		printf(_("%s: now %s\n"), id, to);
	return 0;
}

static int cmd_audit(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS();
	if (parse(argc, argv, longopts, no_opts, NULL) != argc)
		cli_usage_error(_("audit takes no argument"));
	long long n = 0;
	struct reco_err e = { 0 };
	int rc = reg_audit(&ctl->reg, &n, &e);
	if (ctl->json) {
		json_t *o = json_pack("{s:s,s:b,s:I}", "schema", "reco-registry-audit/1", "intact", rc == 0,
				      "events_checked", (json_int_t)n);
		if (rc)
			json_object_set_new(o, "error", json_string(e.msg));
		print_json(o);
		json_decref(o);
	}
	if (rc == -EBADMSG) {
		cli_warn(_("event chain broken: %s"), e.msg);
		return RECO_EXIT_FAIL;
	}
	if (rc)
		die_err(rc, &e);
	if (!ctl->json)
		printf(_("event chain intact: %lld events\n"), n);
	return 0;
}

/* ---- beneficiaries ---- */

static int benef_opt(int c, const char *a, void *x)
{
	struct reg_beneficiary *b = x;
	switch (c) {
	case 'r': b->ref = a; return 0;
	case 'n': b->household_size = (int)cli_num_or_err(a, 1, 99, _("household size")); return 0;
	case 'o': b->referrer = a; return 0;
	case 'q': b->quota = (int)cli_num_or_err(a, 1, 10, _("quota")); return 0;
	case 'N': b->contact_name = a; return 0;
	case 'P': b->contact_phone = a; return 0;
	case 'E': b->contact_email = a; return 0;
	case 'A': b->contact_address = a; return 0;
	case 'c': b->quota = -1; return 0; /* --contacts for list */
	}
	return 1;
}

static int cmd_beneficiary(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "ref", required_argument, NULL, 'r' }, { "household-size", required_argument, NULL, 'n' },
		 { "referrer", required_argument, NULL, 'o' }, { "quota", required_argument, NULL, 'q' },
		 { "name", required_argument, NULL, 'N' }, { "phone", required_argument, NULL, 'P' },
		 { "email", required_argument, NULL, 'E' }, { "address", required_argument, NULL, 'A' },
		 { "contacts", no_argument, NULL, 'c' },);
	if (argc < 2)
		cli_usage_error(_("beneficiary: add, list or delete-contact?"));
	const char *sub = argv[1];
	struct reg_beneficiary b = { 0 };
	int i = parse(argc - 1, argv + 1, longopts, benef_opt, &b) + 1;
	struct reco_err e = { 0 };
	if (!strcmp(sub, "add")) {
		if (i < argc)
			cli_usage_error(_("unexpected argument '%s'"), argv[i]);
		char ref[128];
		int rc = reg_beneficiary_add(&ctl->reg, &b, ref, sizeof(ref), &e);
		if (rc)
			die_err(rc, &e);
		if (ctl->json) {
			json_t *o = json_pack("{s:s,s:s}", "schema", "reco-registry-beneficiary/1", "ref", ref);
			print_json(o);
			json_decref(o);
		} else {
			printf("%s\n", ref);
		}
		return 0;
	}
	if (!strcmp(sub, "list")) {
		json_t *l = reg_beneficiary_list(&ctl->reg, b.quota == -1, &e);
		if (!l)
			die_err(e.code ? e.code : -EIO, &e);
		if (ctl->json) {
			json_t *o = json_pack("{s:s,s:o}", "schema", "reco-registry-beneficiaries/1",
					      "beneficiaries", l);
			print_json(o);
			json_decref(o);
			return 0;
		}
		size_t k;
		json_t *x;
		json_array_foreach(l, k, x)
			printf("%-16s %s=%lld %s=%lld/%lld %s %s\n", js(x, "ref"), _("household"),
			       (long long)json_integer_value(json_object_get(x, "household_size")),
			       _("machines"), (long long)json_integer_value(json_object_get(x, "allocations")),
			       (long long)json_integer_value(json_object_get(x, "quota")), js(x, "referrer"),
			       json_object_get(x, "purged") ? _("(purged)") : "");
		json_decref(l);
		return 0;
	}
	if (!strcmp(sub, "delete-contact")) {
		if (argc - i != 1)
			cli_usage_error(_("delete-contact: which beneficiary?"));
		int rc = reg_beneficiary_delete_contact(&ctl->reg, argv[i], &e);
		if (rc < 0)
			die_err(rc, &e);
		if (!ctl->json)
			printf(rc ? _("%s: contact details deleted\n") : _("%s: no contact details were kept\n"),
			       argv[i]);
		return 0;
	}
	cli_usage_error(_("beneficiary: unknown command '%s'"), sub);
}

/* ---- allocation ---- */

static int cmd_allocate(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "programme", required_argument, NULL, 'p' },);
	struct reason_opt o = { 0 };
	int i = parse(argc, argv, longopts, reason_opt, &o);
	if (argc - i != 2)
		cli_usage_error(_("allocate: DEVICE BENEFICIARY"));
	struct reco_err e = { 0 };
	char id[64];
	int rc = reg_allocate(&ctl->reg, argv[i], argv[i + 1], o.programme, id, sizeof(id), &e);
	if (rc)
		die_err(rc, &e);
	if (ctl->json) {
		json_t *j = json_pack("{s:s,s:s}", "schema", "reco-registry-allocation/1", "allocation_id", id);
		print_json(j);
		json_decref(j);
	} else {
		printf("%s\n", id);
	}
	return 0;
}

static int cmd_deliver(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "out", required_argument, NULL, 'o' },);
	struct reason_opt o = { 0 };
	int i = parse(argc, argv, longopts, reason_opt, &o);
	if (argc - i != 1)
		cli_usage_error(_("deliver: which allocation?"));
	struct reco_err e = { 0 };
	struct reg_receipt_files f;
	int rc = reg_deliver(&ctl->reg, argv[i], o.out ? o.out : ".", &f, &e);
	reg_pdf_cleanup();
	if (rc)
		die_err(rc, &e);
	if (ctl->json) {
		json_t *j = json_pack("{s:s,s:s,s:s,s:s}", "schema", "reco-registry-delivery/1", "receipt",
				      f.json, "signature", f.sig, "attestation", f.pdf);
		print_json(j);
		json_decref(j);
	} else {
		printf(_("receipt: %s\nsignature: %s\nattestation: %s\n"), f.json, f.sig, f.pdf);
	}
	return 0;
}

static int cmd_return(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "reason", required_argument, NULL, 'r' },);
	struct reason_opt o = { 0 };
	int i = parse(argc, argv, longopts, reason_opt, &o);
	int recycle = !strcmp(argv[0], "recycle");
	if (argc - i != 1)
		cli_usage_error(recycle ? _("recycle: which device?") : _("return: which allocation?"));
	if (recycle && !o.reason)
		cli_usage_error(_("recycle: --reason is required"));
	struct reco_err e = { 0 };
	int rc = recycle ? reg_recycle(&ctl->reg, argv[i], o.reason, &e)
			 : reg_return(&ctl->reg, argv[i], o.reason, &e);
	if (rc)
		die_err(rc, &e);
	if (!ctl->json)
		printf(recycle ? _("%s: recycled\n") : _("%s: returned\n"), argv[i]);
	return 0;
}

/* ---- stats / export / purge ---- */

struct stats_opt { const char *from, *to, *output; int csv, dry; const char *older; };

static int stats_opt(int c, const char *a, void *x)
{
	struct stats_opt *o = x;
	switch (c) {
	case 'f': o->from = a; return 0;
	case 't': o->to = a; return 0;
	case 'c': o->csv = 1; return 0;
	case 'o': o->output = a; return 0;
	case 'n': o->dry = 1; return 0;
	case 'a': o->older = a; return 0;
	}
	return 1;
}

static int cmd_stats(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "from", required_argument, NULL, 'f' }, { "to", required_argument, NULL, 't' },
		 { "csv", no_argument, NULL, 'c' },);
	struct stats_opt o = { 0 };
	int i = parse(argc, argv, longopts, stats_opt, &o);
	if (i < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[i]);
	struct reco_err e = { 0 };
	json_t *s = reg_stats(&ctl->reg, o.from, o.to, &e);
	if (!s)
		die_err(e.code ? e.code : -EIO, &e);
	if (o.csv) {
		reg_stats_csv(s, stdout);
	} else if (ctl->json) {
		print_json(s);
	} else {
		printf("%-8s %9s %11s %9s %9s %8s %8s\n", _("MONTH"), _("RECEIVED"), _("REFURBISHED"),
		       _("ALLOCATED"), _("DELIVERED"), _("RETURNED"), _("RECYCLED"));
		size_t k;
		json_t *m;
		json_array_foreach(json_object_get(s, "months"), k, m) {
#define N(x) (long long)json_integer_value(json_object_get(m, x))
			printf("%-8s %9lld %11lld %9lld %9lld %8lld %8lld\n", js(m, "month"), N("received"),
			       N("refurbished"), N("allocated"), N("delivered"), N("returned"), N("recycled"));
#undef N
		}
	}
	json_decref(s);
	return 0;
}

static int cmd_export(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "csv", no_argument, NULL, 'c' }, { "output", required_argument, NULL, 'o' },);
	struct stats_opt o = { 0 };
	int i = parse(argc, argv, longopts, stats_opt, &o);
	if (i < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[i]);
	FILE *out = stdout;
	if (o.output && !(out = fopen(o.output, "we")))
		cli_die(RECO_EXIT_ENV, "%s: %s", o.output, strerror(errno));
	struct reco_err e = { 0 };
	int rc = reg_export_csv(&ctl->reg, out, &e);
	if (out != stdout && fclose(out) && !rc)
		rc = reco_err_set(&e, -errno, "%s: %s", o.output, strerror(errno));
	if (rc)
		die_err(rc, &e);
	return 0;
}

/* "2y", "18m", "30d" before now (or $RECO_REGISTRY_NOW) → RFC 3339 */
static void cutoff_from_age(const char *age, char out[32])
{
	char *end;
	long n = strtol(age, &end, 10);
	if (n <= 0 || n > 100000 || (strcmp(end, "y") && strcmp(end, "m") && strcmp(end, "d")))
		cli_usage_error(_("%s: an age is a number followed by y, m or d"), age);
	char now[32];
	reg_now(now);
	struct tm tm = { 0 };
	if (!strptime(now, "%Y-%m-%dT%H:%M:%SZ", &tm))
		cli_die(RECO_EXIT_ENV, _("%s: bad current time"), now);
	if (*end == 'y')
		tm.tm_year -= (int)n;
	else if (*end == 'm')
		tm.tm_mon -= (int)n;
	else
		tm.tm_mday -= (int)n;
	time_t t = timegm(&tm);
	reco_time_rfc3339(t, out, 32);
}

static int cmd_purge(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "older-than", required_argument, NULL, 'a' }, { "dry-run", no_argument, NULL, 'n' },);
	struct stats_opt o = { 0 };
	int i = parse(argc, argv, longopts, stats_opt, &o);
	if (i < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[i]);
	if (!o.older)
		cli_usage_error(_("purge: --older-than is required (e.g. 2y)"));
	char cutoff[32];
	cutoff_from_age(o.older, cutoff);
	struct reco_err e = { 0 };
	json_t *l = reg_purge(&ctl->reg, cutoff, o.dry, &e);
	if (!l)
		die_err(e.code ? e.code : -EIO, &e);
	if (ctl->json) {
		json_t *j = json_pack("{s:s,s:s,s:b,s:O}", "schema", "reco-registry-purge/1", "cutoff", cutoff,
				      "dry_run", o.dry, "purged", l);
		print_json(j);
		json_decref(j);
	} else {
		size_t k;
		json_t *x;
		json_array_foreach(l, k, x)
			printf(o.dry ? _("would purge %s\n") : _("purged %s\n"), js(x, "ref"));
		printf(_("%zu beneficiaries without activity since %s\n"), json_array_size(l), cutoff);
	}
	json_decref(l);
	return 0;
}

/* ---- users, key, serve ---- */

static int user_opt(int c, const char *a, void *x)
{
	if (c != 'r')
		return 1;
	*(const char **)x = a;
	return 0;
}

static int cmd_user(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS({ "role", required_argument, NULL, 'r' },);
	const char *role = NULL;
	if (argc < 2 || strcmp(argv[1], "add"))
		cli_usage_error(_("user: only 'add' is known"));
	int i = parse(argc - 1, argv + 1, longopts, user_opt, &role) + 1;
	if (argc - i != 1 || !role)
		cli_usage_error(_("user add NAME --role ROLE"));
	char pw[256];
	if (isatty(STDIN_FILENO))
		fprintf(stderr, _("Password for %s: "), argv[i]);
	if (!fgets(pw, sizeof(pw), stdin))
		cli_die(RECO_EXIT_USAGE, _("no password given on standard input"));
	pw[strcspn(pw, "\r\n")] = '\0';
	struct reco_err e = { 0 };
	int rc = reg_user_add(&ctl->reg, argv[i], role, pw, &e);
	explicit_bzero(pw, sizeof(pw));
	if (rc)
		die_err(rc, &e);
	if (!ctl->json)
		printf(_("%s: account saved (%s)\n"), argv[i], role);
	return 0;
}

static int cmd_pubkey(struct registry_control *ctl, int argc, char **argv)
{
	(void)argc; (void)argv;
	char *pem = NULL;
	struct reco_err e = { 0 };
	int rc = reg_key_public_pem(&ctl->reg, &pem, &e);
	if (rc)
		die_err(rc, &e);
	fputs(pem, stdout);
	free(pem);
	return 0;
}

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
	int i = parse(argc, argv, longopts, serve_opt, &o);
	if (i < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[i]);
	struct web_config wc = { .listen = o.listen, .db_spec = ctl->db, .secure_cookies = o.secure,
				 .on_ready = on_ready };
	struct reco_err e = { 0 };
	int rc = web_serve(&ctl->reg, &wc, &e);
	if (rc)
		die_err(rc, &e);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct registry_control *, int, char **);
} commands[] = {
	{ "import", cmd_import },       { "devices", cmd_devices },     { "show", cmd_show },
	{ "set-state", cmd_set_state }, { "ready", cmd_set_state },     { "audit", cmd_audit },
	{ "beneficiary", cmd_beneficiary }, { "allocate", cmd_allocate }, { "deliver", cmd_deliver },
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
