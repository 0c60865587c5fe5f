/*
 * prepare.c — step 1 of reco wipe: every target identified, checked for
 * safety and opened (nothing is written if any is refused), the session
 * directory, the resume policy (a journal only says where to restart; a
 * fresh wipe refuses to start over an unfinished one), the method of each
 * target (--method auto) and what a firmware method reaches, the
 * classification printed in the plan, hidden areas read, the confirmation,
 * then the confirmed changes to hidden areas.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "identity.h"
#include "common/cli.h"
#include "fw_wipe.h"
#include "lib/json.h"
#include "lib/session.h"
#include "lib/util.h"

int wipe_refusal_exit(enum wipe_refusal r)
{
	switch (r) {
	case WIPE_OK: return RECO_EXIT_OK;
	case WIPE_REF_MISSING:
	case WIPE_REF_ACCESS: return RECO_EXIT_ENV;
	case WIPE_REF_KIND:
	case WIPE_REF_PARTITION: return RECO_EXIT_USAGE;
	default: return RECO_EXIT_FAIL;
	}
}

static void on_signal(int sig)
{
	(void)sig;
	atomic_store(&wipe_stop, 1);
}

/* Identifies, checks and opens every target; prints every refusal and
 * returns the exit code of the worst one (0 when all may be wiped). */
static int check_targets(struct wipe_control *ctl, char **paths, int n, struct wipe_job *jobs)
{
	int code = RECO_EXIT_OK;
	for (int i = 0; i < n; i++) {
		struct wipe_job *job = &jobs[i];
		struct reco_err e = { 0 };
		enum wipe_refusal r = wipe_target_identify(paths[i], &job->t, &e);
		if (r == WIPE_OK && job->t.is_partition && !ctl->o.allow_partition) {
			r = WIPE_REF_PARTITION;
			reco_err_set(&e, -EINVAL,
				     _("%s: is a partition of /dev/%s; give the whole disk, or --allow-partition to wipe only this partition"),
				     paths[i], job->t.parent);
		}
		if (r == WIPE_OK) {
			struct wipe_safety s;
			r = wipe_safety_check(&job->t, &s);
			if (r != WIPE_OK)
				reco_err_set(&e, -EBUSY, "%s: %s", paths[i], s.reason);
		}
		for (int k = 0; r == WIPE_OK && k < i; k++)
			if (jobs[k].t.kind == job->t.kind && !strcmp(jobs[k].t.path, job->t.path))
				cli_usage_error(_("%s: given twice"), paths[i]);
		if (r == WIPE_OK)
			r = wipe_target_open(&job->t, ctl->o.force, ctl->verify_only, &e);
		if (r == WIPE_OK) /* the disk confirmed is the disk held open (identity.c) */
			r = wipe_identity_verify(&job->t, i, n, &e);
		if (r != WIPE_OK) {
			cli_warn("%s", e.msg);
			int c = wipe_refusal_exit(r);
			/* the most serious class wins: environment > usage > refusal */
			if (c > code)
				code = c;
		} else if (ctl->o.force && !job->t.excl && job->t.kind == WIPE_KIND_BLOCK) {
			cli_warn(_("%s: opened without O_EXCL (--force)"), paths[i]);
		}
	}
	return code;
}

static void confirm(struct wipe_control *ctl, struct wipe_job *jobs, int n)
{
	if (ctl->yes)
		return;
	if (!isatty(STDIN_FILENO))
		cli_die(RECO_EXIT_USAGE, "%s",
			_("no terminal to confirm on; nothing was written (use --yes for unattended use)"));
	for (int i = 0; i < n; i++) {
		const struct wipe_target *t = &jobs[i].t;
		char desc[1024], want[64], line[256];
		wipe_cli_describe_target(t, desc, sizeof(desc));
		wipe_cli_print_scope(stderr, &jobs[i]);
		size_t sl = strlen(t->serial);
		if (t->kind == WIPE_KIND_BLOCK && sl >= 4) {
			snprintf(want, sizeof(want), "%s", t->serial + sl - 4);
			fprintf(stderr, _("%s\nEverything on it will be destroyed.\n"
					  "Type the last 4 characters of its serial number to confirm: "),
				desc);
		} else {
			snprintf(want, sizeof(want), "%llu", (unsigned long long)t->size);
			fprintf(stderr, _("%s\nEverything on it will be destroyed.\n"
					  "Type its size in bytes (%s) to confirm: "),
				desc, want);
		}
		fflush(stderr);
		if (!fgets(line, sizeof(line), stdin))
			cli_die(RECO_EXIT_FAIL, "%s", _("no confirmation; nothing was written"));
		reco_strtrim(line);
		if (strcasecmp(line, want) != 0)
			cli_die(RECO_EXIT_FAIL, _("%s: confirmation does not match; nothing was written"), t->path);
	}
}

/* Whether session/wipe.json records a result for the target at path. */
static int result_recorded(const char *session, const char *path)
{
	char f[PATH_MAX + 16];
	snprintf(f, sizeof(f), "%s/wipe.json", session);
	json_t *doc = json_load_file(f, 0, NULL), *t;
	size_t i;
	int found = 0;
	json_array_foreach(json_object_get(doc, "targets"), i, t) {
		const char *p = json_string_value(json_object_get(t, "path"));
		if (p && !strcmp(p, path) && json_string_value(json_object_get(t, "result")))
			found = 1;
	}
	json_decref(doc);
	return found;
}

/* Sets job i up: journal and resume policy, method (auto), what a firmware
 * method reaches, classification, hidden areas (read only), patterns and
 * plan, the state before the wipe.  RECO_EXIT_OK, or the exit code of a
 * refusal (prints it); dies on usage and environment errors. */
static int setup_job(struct wipe_run *run, int i, const struct wipe_method *method, int method_auto)
{
	struct wipe_job *jobs = run->jobs;
	struct wipe_job *job = &jobs[i];
	struct wipe_control *ctl = run->ctl;
	const char *session = run->session;
	struct reco_err e = { 0 };
	struct wipe_journal j;
	int have_journal = 0;
	if (*session) {
		wipe_journal_path_for(session, &job->t, job->s.journal, sizeof(job->s.journal));
		for (int k = 0; k < i; k++)
			if (!strcmp(jobs[k].s.journal, job->s.journal))
				cli_usage_error(_("%s and %s have the same name; wipe them in separate sessions"),
						jobs[k].t.path, job->t.path);
	}
	if (ctl->resume) {
		int rc = wipe_journal_load(job->s.journal, &j);
		if (rc)
			cli_die(RECO_EXIT_ENV, _("%s: no usable journal to resume (%s): %s"), job->t.path,
				job->s.journal, rc == -EINVAL ? _("malformed") : strerror(-rc));
		have_journal = 1;
		if (strcmp(j.path, job->t.path) != 0)
			cli_die(RECO_EXIT_FAIL, _("%s: the journal is for %s"), job->t.path, j.path);
		if (!strcmp(j.method, "verify-only"))
			cli_die(RECO_EXIT_USAGE, _("%s: a verify-only run cannot be resumed; run it again"),
				job->t.path);
		if (j.phase == WIPE_PHASE_DONE && result_recorded(session, job->t.path)) {
			wipe_journal_release(&j);
			cli_die(RECO_EXIT_OK, _("%s: nothing to resume, that wipe has finished (see %s/wipe.json)"),
				job->t.path, session);
		}
		/* finished but its result never written (killed in between):
		 * wipe_job_restore verifies again */
		method = wipe_method_find(j.method);
		if (!method)
			cli_die(RECO_EXIT_FAIL, _("%s: the journal names an unknown method '%s'"), job->t.path,
				j.method);
		if (method->run)
			cli_die(RECO_EXIT_USAGE, _("%s: a firmware erase cannot be resumed; run it again"),
				job->t.path);
	} else if (*job->s.journal && !ctl->verify_only && access(job->s.journal, F_OK) == 0) {
		struct wipe_journal old;
		if (wipe_journal_load(job->s.journal, &old) == 0 && old.phase != WIPE_PHASE_DONE) {
			wipe_journal_release(&old);
			cli_die(RECO_EXIT_USAGE,
				_("%s: an unfinished wipe of this target is journaled in %s; use --resume, or another --session"),
				job->t.path, session);
		}
	}
	job->s.m = ctl->verify_only ? NULL : method;
	if (method_auto) {
		job->s.m = wipe_method_find(fw_auto_choose(&job->t, job->s.auto_why, sizeof(job->s.auto_why)));
		if (!job->s.m)
			cli_die(RECO_EXIT_ENV, _("%s: no method could be chosen"), job->t.path);
	}
	job->s.verify_only = ctl->verify_only;
	if (!ctl->verify_only) {
		enum wipe_refusal r = wipe_fw_scope(job, &e);
		if (r != WIPE_OK) {
			cli_warn("%s", e.msg);
			return wipe_refusal_exit(r);
		}
	}
	if (ctl->verify_only) {
		job->s.npasses = 1;
		job->s.pats[0] = ctl->expect_pat;
	}
	wipe_classify(job); /* the plan and the result say the same */
	if (!ctl->verify_only)
		wipe_hidden_probe(job); /* reads only: changes wait for the confirmation */
	if (wipe_job_prepare(job, &ctl->o, &e) != 0)
		cli_die(RECO_EXIT_ENV, "%s: %s", job->t.path, e.msg);
	if (have_journal) {
		int rc = wipe_job_restore(job, &j, &e);
		wipe_journal_release(&j);
		if (rc)
			cli_die(RECO_EXIT_FAIL, "%s", e.msg);
	}
	/* what was on the disk: probed before the first write, kept beside
	 * the journal so that a resumed wipe still reports it */
	char before_path[PATH_MAX + 16] = "";
	if (*job->s.journal)
		snprintf(before_path, sizeof(before_path), "%.*s.before.json",
			 (int)(strlen(job->s.journal) - strlen(".journal")), job->s.journal);
	if (ctl->resume && *before_path) {
		job->res.before = json_load_file(before_path, 0, NULL);
	} else if (!ctl->verify_only && !ctl->o.dry_run) {
		job->res.before = wipe_before_probe(&job->t);
		if (job->res.before && *before_path)
			reco_json_write(before_path, job->res.before, 0);
	}
	return RECO_EXIT_OK;
}

int wipe_cli_prepare(struct wipe_run *run, char **paths)
{
	struct wipe_control *ctl = run->ctl;
	int n = run->n;
	int method_auto = !strcmp(ctl->o.method, "auto");
	const struct wipe_method *method = method_auto ? NULL : wipe_method_find(ctl->o.method);
	struct wipe_job *jobs = calloc((size_t)n, sizeof(*jobs));
	if (!jobs)
		cli_die(RECO_EXIT_ENV, "%s", _("out of memory"));
	run->jobs = jobs;
	for (int i = 0; i < n; i++)
		jobs[i].t.fd = -1;
	int code = check_targets(ctl, paths, n, jobs);
	if (code != RECO_EXIT_OK) {
		cli_warn("%s", _("nothing was written"));
		for (int i = 0; i < n; i++)
			wipe_target_close(&jobs[i].t);
		return code;
	}
	if (ctl->o.verify == WIPE_VERIFY_NONE && !ctl->o.dry_run)
		cli_warn("%s", _("--verify none: the result cannot be \"erased\" without verification"));

	/* the session directory */
	if (!ctl->o.dry_run && !(ctl->verify_only && !ctl->o.session && !getenv("RECO_SESSION"))) {
		int rc = reco_session_resolve(ctl->o.session, NULL, run->session, sizeof(run->session));
		if (rc)
			cli_die(RECO_EXIT_ENV, _("%s: cannot create the session directory: %s"),
				ctl->o.session ? ctl->o.session : "session", strerror(-rc));
	}

	int scope_code = RECO_EXIT_OK;
	for (int i = 0; i < n; i++) {
		int rc = setup_job(run, i, method, method_auto);
		if (rc > scope_code)
			scope_code = rc;
	}
	if (scope_code != RECO_EXIT_OK) {
		cli_warn("%s", _("nothing was written"));
		return scope_code;
	}
	if (ctl->o.dry_run) {
		for (int i = 0; i < n; i++)
			wipe_cli_print_plan(&jobs[i]);
		printf("%s\n", _("dry run: every check passed; nothing was written"));
		return WIPE_CLI_DONE;
	}
	if (!ctl->verify_only)
		confirm(ctl, jobs, n);

	/* confirmed: now the hidden areas may be changed (the capacity, and
	 * with it the sampling plan, may grow) */
	for (int i = 0; i < n && !ctl->verify_only; i++) {
		struct wipe_job *job = &jobs[i];
		uint64_t size = job->t.size;
		wipe_hidden_apply(job, ctl->o.remove_hpa, ctl->o.restore_dco);
		if (job->t.size != size && job->o.verify == WIPE_VERIFY_SAMPLE) {
			wipe_sample_plan_release(&job->s.plan);
			if (wipe_sample_plan_build(&job->s.plan, job->t.size, job->t.lss, job->o.sample_permille, job->s.sample_seed))
				cli_die(RECO_EXIT_ENV, "%s: %s", job->t.path, _("cannot build the sampling plan"));
		}
	}

	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	return RECO_EXIT_OK;
}
