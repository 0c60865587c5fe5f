/*
 * registry_cli.h — what the `reco registry` command files share: the
 * control struct and the helpers (cli_util.c) that turn library results
 * into messages and exit codes (they print and exit, so they are not in
 * registry.h); main.c only dispatches.
 */
#ifndef RECO_REGISTRY_CLI_H
#define RECO_REGISTRY_CLI_H

#include <getopt.h>
#include <stdnoreturn.h>

#include <jansson.h>

#include "lib/reco.h"
#include "conf.h"
#include "registry.h"

struct registry_control {
	const char *db;
	const char *data_dir;
	const char *ca, *crl;
	int json;
	int creating;         /* init: the default database may be created */
	struct registry reg;
	struct reg_conf conf; /* /etc/reco/registry.conf (conf.c) */
	char db_buf[4200], ca_buf[4200], crl_buf[4200];
};


/* Per-command options of argv (argv[0] is the command); --json and --help
 * added. */
#define CMD_OPTS(...) static const struct option longopts[] = { __VA_ARGS__ { "json", no_argument, NULL, 'j' }, \
	{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } }

int reg_exit_for(int rc);
/* "See 'reco registry --help' ..." and exit 0. */
noreturn void reg_cmd_help(const char *cmd);
/* The subcommand of a command that takes one (argv[1]): a usage error
 * saying `missing` when there is none, reg_cmd_help for -h or --help. */
const char *reg_subcommand(int argc, char **argv, const char *missing);
noreturn void reg_die_err(int rc, const struct reco_err *e);
void reg_print_json(json_t *v);
/* A list a library call returned (NULL: dies with e).  In JSON mode prints
 * {"schema": schema, key: list}, consumes the list and returns 1; else 0
 * and the caller prints it as text. */
int reg_list_json(struct registry_control *ctl, json_t *list, const struct reco_err *e,
		  const char *schema, const char *key);
/* Parses the command's options with getopt_long (-h/--help prints the
 * help and exits before anything is opened, -j/--json sets ctl->json, fn
 * takes the others: non-zero is a usage error), then opens the registry.
 * Returns the index of the first operand. */
int reg_parse(struct registry_control *ctl, int argc, char **argv, const struct option *lo,
	      int (*fn)(int, const char *, void *), void *arg);
/* Resolves the data directory and opens the registry (once). */
void reg_ctl_open(struct registry_control *ctl);
int reg_no_opts(int c, const char *a, void *x);
/* a when it is a day written YYYY-MM-DD; a usage error otherwise. */
const char *reg_day_arg(const char *a);
const char *reg_js(json_t *o, const char *k);

/* --reason / --note / --programme / -o, shared by the lifecycle commands. */
struct reason_opt { const char *reason, *note, *programme, *out; };
int reason_opt(int c, const char *a, void *x);

/* cli_util.c */
int cmd_init(struct registry_control *ctl, int argc, char **argv);

/* cmd_devices.c: reports and machines */
int cmd_import(struct registry_control *ctl, int argc, char **argv);
int cmd_devices(struct registry_control *ctl, int argc, char **argv);
int cmd_show(struct registry_control *ctl, int argc, char **argv);
int cmd_set_state(struct registry_control *ctl, int argc, char **argv);
/* cmd_serve.c */
int cmd_serve(struct registry_control *ctl, int argc, char **argv);

/* cmd_people.c: beneficiaries, allocations, figures, accounts */
int cmd_beneficiary(struct registry_control *ctl, int argc, char **argv);
int cmd_allocate(struct registry_control *ctl, int argc, char **argv);
int cmd_allocations(struct registry_control *ctl, int argc, char **argv);
int cmd_diag_override(struct registry_control *ctl, int argc, char **argv);
int cmd_deliver(struct registry_control *ctl, int argc, char **argv);
int cmd_attestation(struct registry_control *ctl, int argc, char **argv);
int cmd_return(struct registry_control *ctl, int argc, char **argv);
int cmd_stats(struct registry_control *ctl, int argc, char **argv);
int cmd_export(struct registry_control *ctl, int argc, char **argv);
int cmd_purge(struct registry_control *ctl, int argc, char **argv);
int cmd_user(struct registry_control *ctl, int argc, char **argv);
int cmd_pubkey(struct registry_control *ctl, int argc, char **argv);

/* cmd_trust.c: the audit, identity conflicts */
int cmd_audit(struct registry_control *ctl, int argc, char **argv);
int cmd_conflict(struct registry_control *ctl, int argc, char **argv);
int cmd_checkpoint(struct registry_control *ctl, int argc, char **argv);
int cmd_backup(struct registry_control *ctl, int argc, char **argv);

#endif
