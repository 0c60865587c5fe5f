/*
 * cli_util.c — what the `reco registry` command files share: exit codes for
 * library errors, JSON output, per-command option parsing (getopt_long over
 * the command's own table: a value stays a value, even "-j" or "--help"),
 * and opening the registry once the options are read.  Without --db nor
 * $RECO_REGISTRY_DB, the database is <data>/registry/registry.db, and it
 * is created only by `init`: any other command says where it would be
 * and asks for --db or init (a typo in a path or a forgotten option used
 * to create an empty registry silently).  This is the
 * command layer (it prints and exits), kept in libregistry so that the
 * command files do not depend on the program's main.c.
 */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/cli.h"
#include "lib/session.h"
#include "registry_cli.h"

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

noreturn void reg_cmd_help(const char *cmd)
{
	printf(_("See 'reco registry --help' for the arguments of '%s'.\n"), cmd);
	exit(RECO_EXIT_OK);
}

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
	if (!ctl->db) {
		snprintf(ctl->db_buf, sizeof(ctl->db_buf), "%s/registry.db", dd);
		ctl->db = ctl->db_buf;
		if (!ctl->creating && access(ctl->db_buf, F_OK) != 0)
			cli_usage_error(_("no database yet: it would be %s; give --db PATH|URL, or create it with "
					  "'reco registry init'"), ctl->db_buf);
	}
	int rc = reco_mkdir_p(dd, 0700);
	if (rc)
		cli_die(RECO_EXIT_ENV, "%s: %s", dd, strerror(-rc));
	snprintf(ctl->reg.data_dir, sizeof(ctl->reg.data_dir), "%s", dd);
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

void reg_ctl_open(struct registry_control *ctl)
{
	if (ctl->reg.db)
		return;
	reg_conf_apply(ctl); /* /etc/reco/registry.conf fills what is unset */
	resolve_paths(ctl);
	struct reco_err e = { 0 };
	if (reg_open(&ctl->reg, ctl->db, &e))
		cli_die(RECO_EXIT_ENV, "%s", e.msg);
	if (ctl->reg.notice[0])
		cli_warn("%s", ctl->reg.notice);
}

const char *reg_subcommand(int argc, char **argv, const char *missing)
{
	if (argc < 2)
		cli_usage_error("%s", missing);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		reg_cmd_help(argv[0]);
	return argv[1];
}

int reg_parse(struct registry_control *ctl, int argc, char **argv, const struct option *lo,
	      int (*fn)(int, const char *, void *), void *arg)
{
	/* short options: -h, -j, and -o when the command has an option for 'o' */
	char shorts[8] = "hj";
	for (const struct option *o = lo; o->name; o++)
		if (o->val == 'o' && o->has_arg == required_argument)
			strcpy(shorts, "hjo:");
	int c;
	optind = 0; /* glibc: full re-initialisation for a new vector */
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		if (c == 'h')
			reg_cmd_help(argv[0]);
		else if (c == 'j')
			ctl->json = 1;
		else if (c == '?' || c == ':')
			cli_usage_error(_("%s: bad option '%s'"), argv[0], argv[optind - 1]);
		else if (fn(c, optarg, arg))
			cli_usage_error(_("%s: bad option '%s'"), argv[0], argv[optind - 1]);
	}
	reg_ctl_open(ctl);
	return optind;
}

int reg_list_json(struct registry_control *ctl, json_t *list, const struct reco_err *e,
		  const char *schema, const char *key)
{
	if (!list)
		reg_die_err(e->code ? e->code : -EIO, e);
	if (!ctl->json)
		return 0;
	json_t *o = json_pack("{s:s,s:o}", "schema", schema, key, list);
	reg_print_json(o);
	json_decref(o);
	return 1;
}

const char *reg_day_arg(const char *a)
{
	if (!reg_day_valid(a))
		cli_usage_error(_("%s: a day is written YYYY-MM-DD"), a);
	return a;
}

int reg_no_opts(int c, const char *a, void *x)
{
	(void)c; (void)a; (void)x;
	return 1;
}

const char *reg_js(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "-";
}

int reason_opt(int c, const char *a, void *x)
{
	struct reason_opt *o = x;
	switch (c) {
	case 'r': o->reason = a; return 0;
	case 'n': o->note = a; return 0;
	case 'p': o->programme = a; return 0;
	case 'o': o->out = a; return 0;
	}
	return 1;
}

/* init: creates the database (the default one, or --db's) with its schema
 * and the registry's signing key; says where, and what is still missing. */
int cmd_init(struct registry_control *ctl, int argc, char **argv)
{
	CMD_OPTS();
	ctl->creating = 1;
	if (reg_parse(ctl, argc, argv, longopts, reg_no_opts, NULL) != argc)
		cli_usage_error(_("init takes no argument"));
	char *pem = NULL;
	struct reco_err e = { 0 };
	int rc = reg_key_public_pem(&ctl->reg, &pem, &e);
	if (rc)
		reg_die_err(rc, &e);
	free(pem);
	int created = ctl->reg.schema_found == 0;
	if (ctl->json) {
		json_t *o = json_pack("{s:s,s:s,s:s,s:b,s:b}", "schema", "reco-registry-init/1", "database", ctl->db,
				      "data_dir", ctl->reg.data_dir, "created", created, "ca", ctl->ca != NULL);
		reg_print_json(o);
		json_decref(o);
		return 0;
	}
	printf(created ? _("registry created: %s\n") : _("registry already there: %s\n"), ctl->db);
	printf(_("data directory (keys, CA): %s\n"), ctl->reg.data_dir);
	if (!ctl->ca)
		printf(_("still missing: the association's CA certificate, as %s/ca.pem (or --ca FILE)\n"),
		       ctl->reg.data_dir);
	return 0;
}
