/*
 * cli.h — the command-line side of reco wipe, shared by main.c (options and
 * the three steps), prepare.c (targets, journals and resume policy,
 * refusals, confirmation), summary.c (plan, progress, wipe.json and the
 * summary) and unlock.c (--unlock).  These print and exit with the
 * documented codes; the modules of wipe.h underneath do neither.
 */
#ifndef RECO_WIPE_CLI_H
#define RECO_WIPE_CLI_H

#include <limits.h>
#include <stdio.h>

#include "wipe.h"

/* Parsed options: one control struct, as util-linux does. */
struct wipe_control {
	struct wipe_opts o;
	int list, json, yes, resume, verify_only, progress_json, unlock;
	const char *expect;               /* --expect as given; NULL without it */
	struct wipe_pattern expect_pat;   /* --expect parsed */
};

/* One invocation: its jobs and its session directory. */
struct wipe_run {
	struct wipe_control *ctl;
	struct wipe_job *jobs;
	int n;
	char session[PATH_MAX];           /* "": none (dry run, or verify-only without --session) */
};

/* wipe_cli_prepare's answer when a dry run has printed its plan. */
#define WIPE_CLI_DONE (-1)

/* Step 1 (prepare.c): identifies, checks and opens every target, applies the
 * resume policy of the journals, chooses the methods and checks what they
 * reach, probes hidden areas (reading only), asks for the confirmation,
 * then makes the confirmed changes to hidden areas and installs the signal
 * handlers.  RECO_EXIT_OK to go on, WIPE_CLI_DONE after a dry run, or the
 * exit code of a refusal (nothing written).  Dies on usage and environment
 * errors, as the CLI does. */
int wipe_cli_prepare(struct wipe_run *run, char **paths);
/* Step 2 (summary.c): runs every job in parallel (run.c) with the progress
 * display.  RECO_EXIT_OK, or dies when a thread cannot start. */
int wipe_cli_run(struct wipe_run *run);
/* Step 3 (summary.c): wipe.json (wipe-verify.json for --verify-only), then
 * the JSON or the human summaries.  The exit code: 0 when every target is
 * erased, 1 otherwise, 3 when the result could not be written. */
int wipe_cli_write_result(struct wipe_run *run);
void wipe_cli_release(struct wipe_run *run);

/* summary.c: what the CLI prints. */
void wipe_cli_describe_target(const struct wipe_target *t, char *buf, size_t size);
void wipe_cli_print_scope(FILE *f, const struct wipe_job *job);
void wipe_cli_print_plan(const struct wipe_job *job);
void wipe_cli_print_list(json_t *doc, int json);
/* The exit code of a refusal class (prepare.c). */
int wipe_refusal_exit(enum wipe_refusal r);

/* unlock.c: reco wipe --unlock --session DIR DISK.  The exit code. */
int wipe_cli_unlock(struct wipe_control *ctl, int n, char **targets);

#endif
