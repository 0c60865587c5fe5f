/*
 * registry_cli.h — what the `reco registry` command files share: the
 * control struct and the helpers that turn library results into messages
 * and exit codes (they print and exit, so they are not in registry.h).
 */
#ifndef RECO_REGISTRY_CLI_H
#define RECO_REGISTRY_CLI_H

#include <getopt.h>
#include <stdnoreturn.h>

#include <jansson.h>

#include "lib/reco.h"
#include "registry.h"

struct registry_control {
	const char *db;
	const char *data_dir;
	const char *ca, *crl;
	int json;
	struct registry reg;
	char db_buf[4200], ca_buf[4200], crl_buf[4200];
};


/* Per-command options of argv (argv[0] is the command); --help added. */
#define CMD_OPTS(...) static const struct option longopts[] = { __VA_ARGS__ { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } }

int reg_exit_for(int rc);
noreturn void reg_die_err(int rc, const struct reco_err *e);
void reg_print_json(json_t *v);
int reg_parse(int argc, char **argv, const struct option *lo, int (*fn)(int, const char *, void *), void *arg);
int reg_no_opts(int c, const char *a, void *x);
const char *reg_js(json_t *o, const char *k);

/* --reason / --programme / -o, shared by the lifecycle commands. */
struct reason_opt { const char *reason, *programme, *out; };
int reason_opt(int c, const char *a, void *x);

/* cmd_people.c: beneficiaries, allocations, figures, accounts */
int cmd_beneficiary(struct registry_control *ctl, int argc, char **argv);
int cmd_allocate(struct registry_control *ctl, int argc, char **argv);
int cmd_diag_override(struct registry_control *ctl, int argc, char **argv);
int cmd_deliver(struct registry_control *ctl, int argc, char **argv);
int cmd_return(struct registry_control *ctl, int argc, char **argv);
int cmd_stats(struct registry_control *ctl, int argc, char **argv);
int cmd_export(struct registry_control *ctl, int argc, char **argv);
int cmd_purge(struct registry_control *ctl, int argc, char **argv);
int cmd_user(struct registry_control *ctl, int argc, char **argv);
int cmd_pubkey(struct registry_control *ctl, int argc, char **argv);

#endif
