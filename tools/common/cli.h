/*
 * cli.h — the CLI house: what every reco-<tool> main shares.
 *
 * Unlike libreco (tools/lib), this code prints and exits: it is the thin
 * layer that turns library results into messages and exit codes, the same
 * way in every command.  Messages put the subject first, as util-linux does:
 *     reco wipe: /dev/sdb: device is mounted at /media/x
 */
#ifndef RECO_CLI_H
#define RECO_CLI_H

#include <stdint.h>
#include <stdnoreturn.h>

#include "../lib/i18n.h"
#include "../lib/reco.h"

/* Locale and text domain, program name ("wipe" gives "reco wipe: ..."), and
 * a check at exit that everything written to stdout reached its destination
 * (exit code 3 otherwise, as util-linux's close_stdout does). */
void cli_init(const char *tool);

/* "reco wipe" (or "reco" for the dispatcher). */
const char *cli_name(void);

/* Prints "reco <tool>: <message>" on stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* cli_warn then exit(code). */
noreturn void cli_die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The one-line misuse message: "reco <tool>: <message>" then
 * "Try 'reco <tool> --help' for more information." and exit 2. */
noreturn void cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "reco <tool> <version>" and exits 0. */
noreturn void cli_version(void);

/* Parses a size such as 256M or 2G; usage error naming what on failure. */
uint64_t cli_size_or_err(const char *s, const char *what);

/* Parses an unsigned integer in [min, max]; usage error naming what. */
long long cli_num_or_err(const char *s, long long min, long long max, const char *what);

/* The exit-code paragraph every --help ends with (translated). */
const char *cli_exit_codes_help(void);

/* The exit-status paragraph of one command's --help: 0, 1 with what it
 * means for this command (fail; NULL for a command that never returns 1),
 * 2 and 3, translated.  A static buffer. */
const char *cli_exit_status_help(const char *fail);

struct option;
/* getopt_long for a reco command's options, with the same contract, except
 * that a misuse never comes back: an unknown or ambiguous option, a value
 * missing or given to an option that takes none is a usage error (exit 2)
 * naming the option as the person typed it, in their language:
 *     reco wipe: unknown option '--bogus'
 * (glibc's own message would name the program "reco-wipe").  shortopts may
 * start with '+' (stop at the first operand); never with ':'. */
int cli_getopt(int argc, char *const argv[], const char *shortopts, const struct option *longopts);

/* --data DIR: the data directory this command and the tools it runs use
 * (exported as $RECO_DATA, which lib/session.h reads). */
void cli_set_data_dir(const char *dir);

#endif
