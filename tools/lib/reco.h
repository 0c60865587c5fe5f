/*
 * reco.h — libreco, the shared core of every reco tool.
 *
 * Rules for everything under tools/lib/: nothing here prints or exits.
 * Functions return 0 (or a count) on success and a negative errno value on
 * failure; where a human explanation helps, they fill a caller-provided
 * struct reco_err.  The tools decide what to print and which exit code to use.
 */
#ifndef RECO_H
#define RECO_H

#include <stddef.h>
#include <stdint.h>

/* Exit codes shared by every command (documented in README.md and --help). */
enum reco_exit {
	RECO_EXIT_OK = 0,    /* success */
	RECO_EXIT_FAIL = 1,  /* a check or a wipe failed */
	RECO_EXIT_USAGE = 2, /* usage error */
	RECO_EXIT_ENV = 3,   /* environment: permission, device gone, missing tool */
};

/* A message for the person, filled by library functions that can fail in ways
 * worth explaining.  msg is empty when nothing was said. */
struct reco_err {
	int code;       /* negative errno, or 0 */
	char msg[512];  /* already translated, subject first */
};

/* Fills e (when not NULL) with a printf-style message and code; returns code. */
int reco_err_set(struct reco_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The package version ("0.1.0"), from debian/changelog at build time. */
const char *reco_version(void);

#endif
