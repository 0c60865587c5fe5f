/*
 * conf.h — the registry's settings file, /etc/reco/registry.conf
 * (reco-registry.conf(5); the packaged, commented copy is
 * contrib/registry.conf).  Lines are `key = value`; a key is the long
 * option it stands for, without its dashes: db, data-dir, ca, crl for
 * every command, and serve's own options (listen, secure-cookies,
 * trusted-proxy, upload-timeout, lang; trusted-proxy takes several
 * addresses, separated by spaces or commas).
 *
 * Precedence: command line > environment ($RECO_REGISTRY_DB) > this file
 * > built-in defaults.  The global keys fill only what the command line
 * and the environment left unset; serve's keys become option words put
 * before the command line's own, so a later option on the command line
 * wins.  To make a new serve option settable here, add a row to
 * conf_keys[] in conf.c and a commented line to contrib/registry.conf
 * (tests/integration/registry-conf.t checks both against `--help`).
 */
#ifndef RECO_REGISTRY_CONF_H
#define RECO_REGISTRY_CONF_H

#include <stddef.h>

#include "lib/reco.h"

#define REG_CONF_MAX_SERVE 24

struct reg_conf {
	int applied;                     /* reg_conf_apply ran */
	char path[4096];                 /* the file read; "" when none */
	char *db, *data_dir, *ca, *crl;  /* NULL when the file leaves them unset */
	int serve_argc;                  /* option words for `serve` */
	char *serve_argv[REG_CONF_MAX_SERVE]; /* "--listen=127.0.0.1:8080", "--secure-cookies" */
};

/* Which file to read: $RECO_REGISTRY_CONF when it is set (set and empty:
 * none), else SYSCONFDIR/reco/registry.conf when that exists.  Returns 1
 * with the path in buf, 0 when there is no file to read, -ENAMETOOLONG. */
int reg_conf_path(char *buf, size_t size);

/* Parses the text of a settings file; name prefixes the messages
 * ("/etc/reco/registry.conf: line 3: unknown key 'port'").  0, or -EINVAL
 * with the message in e (c then holds what came before the bad line).
 * Whatever c holds is released by reg_conf_release. */
int reg_conf_parse(struct reg_conf *c, const char *name, const char *text, struct reco_err *e);

/* reg_conf_path + reg_conf_parse.  0, also when there is no file; -errno
 * when the file cannot be read (e names it), -EINVAL when it is malformed. */
int reg_conf_load(struct reg_conf *c, struct reco_err *e);

void reg_conf_release(struct reg_conf *c);

struct registry_control;

/* The hook of reg_ctl_open, after the global options, before the data
 * directory is resolved (once; later calls do nothing): loads the file into ctl->conf
 * (exits 2 when it is malformed, 3 when it cannot be read), fills the
 * global settings the command line left unset, and refuses to run as root
 * over a data directory the file names and another user owns (the files
 * root would create there could not be read by the service). */
void reg_conf_apply(struct registry_control *ctl);

/* serve's hook, before its options are parsed: reg_conf_apply (when it
 * has not run), then *argv becomes argv[0], the file's serve option words,
 * then the command line's argv[1..] (a vector that lives until the process
 * ends). */
void reg_conf_serve_args(struct registry_control *ctl, int *argc, char ***argv);

#endif
