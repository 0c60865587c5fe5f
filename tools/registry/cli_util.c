/*
 * cli_util.c — what the `reco registry` command files share: exit codes for
 * library errors, JSON output, per-command option parsing.  This is the
 * command layer (it prints and exits), kept in libregistry so that the
 * command files do not depend on the program's main.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cli.h"
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

int reg_parse(int argc, char **argv, const struct option *lo, int (*fn)(int, const char *, void *), void *arg)
{
	int c;
	optind = 0; /* glibc: full re-initialisation for a new vector */
	while ((c = getopt_long(argc, argv, "hjo:", lo, NULL)) != -1) {
		if (c == 'h')
			reg_cmd_help(argv[0]);
		if (c == '?')
			cli_usage_error(_("%s: bad option"), argv[0]);
		if (fn(c, optarg, arg))
			cli_usage_error(_("%s: bad option"), argv[0]);
	}
	return optind;
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
