/*
 * summary.c — what reco wipe shows and writes: the plan of a dry run, the
 * progress display while the jobs run, the provisional wipe.json a firmware
 * method needs before it sets an ATA password, then wipe.json and the
 * summaries (steps 2 and 3 of main.c).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "common/cli.h"
#include "common/progress.h"
#include "common/table.h"
#include "fw.h"
#include "fw_wipe.h"
#include "lib/l10n.h"
#include "lib/words.h"
#include "lib/json.h"
#include "lib/util.h"
#include "progress.h"

/* What job->s.persist writes: the job's journal checkpoint and a provisional
 * wipe.json of every job (unfinished ones "aborted"), so that what a
 * firmware method is about to set on the drive is on record first. */
struct persist_ctx {
	struct wipe_job *jobs;
	int n;
	const char *session;
	pthread_mutex_t lock;
};
static struct persist_ctx persist_ctx = { .lock = PTHREAD_MUTEX_INITIALIZER };

void wipe_cli_describe_target(const struct wipe_target *t, char *buf, size_t size)
{
	char hs[32];
	reco_fmt_size(NULL, t->size, hs, sizeof(hs));
	if (t->kind == WIPE_KIND_FILE)
		snprintf(buf, size, _("%s: image file, %s (%llu bytes)"), t->path, hs, (unsigned long long)t->size);
	else
		snprintf(buf, size, _("%s: %s, %s, %s, serial %s"), t->path, *t->model ? t->model : "?", hs,
			 t->transport, *t->serial ? t->serial : "-");
}

/* A firmware method that reaches other namespaces says which. */
void wipe_cli_print_scope(FILE *f, const struct wipe_job *job)
{
	if (job->s.scope.n <= 1)
		return;
	fprintf(f, _("  %s; it also erases:"), job->s.scope.why);
	for (int k = 0; k < job->s.scope.n; k++)
		if (strcmp(job->s.scope.path[k], job->t.path) != 0)
			fprintf(f, " %s", job->s.scope.path[k]);
	fputc('\n', f);
}

static const char *category_word(const char *c)
{
	return !c ? "-" : !strcmp(c, "purge") ? _("Purge") : !strcmp(c, "clear") ? _("Clear") : c;
}

/* What the plan says of the hidden areas of an ATA disk. */
static void print_hidden(const struct wipe_job *job)
{
	const struct wipe_hpa *h = &job->res.hpa;
	if (!h->ata)
		return;
	if (!h->checked) {
		printf(_("  hidden areas (HPA/DCO): not checked: %s\n"), h->not_checked);
		return;
	}
	uint64_t hpa = wipe_hidden_hpa(h), dco = wipe_hidden_dco(h);
	if (!hpa && !dco)
		printf(_("  hidden areas: none (%s)\n"), h->command);
	if (hpa)
		printf(job->o.remove_hpa ? _("  a Host Protected Area hides %llu sectors: it will be removed, then wiped\n")
					 : _("  a Host Protected Area hides %llu sectors: the result will be \"failed\" "
					     "unless --remove-hpa\n"),
		       (unsigned long long)hpa);
	if (dco)
		printf(job->o.restore_dco
			       ? _("  a Device Configuration Overlay hides %llu sectors: it will be restored, then wiped\n")
			       : _("  a Device Configuration Overlay hides %llu sectors: the result will be "
					      "\"failed\" unless --restore-dco\n"),
		       (unsigned long long)dco);
	if (!h->dco_checked)
		printf(_("  DCO not checked: %s\n"), h->dco_not_checked);
}

void wipe_cli_print_plan(const struct wipe_job *job)
{
	char desc[1024];
	wipe_cli_describe_target(&job->t, desc, sizeof(desc));
	printf("%s\n", desc);
	if (job->s.verify_only) {
		printf(_("  verify only: expected %s, verification %s\n"), wipe_pattern_name(&job->s.pats[0]),
		       wipe_verify_name(job->o.verify));
		return;
	}
	/* TRANSLATORS: method, category (Clear/Purge), technique, media */
	printf(_("  method %s: %s by %s on %s media (NIST SP 800-88 Rev. 2, IEEE 2883-2022)"), job->s.m->name,
	       category_word(job->s.cls.category), reco_word_technique(job->s.cls.technique),
	       reco_word_media(job->s.cls.media));
	if (job->s.m->run)
		printf("%s", _(", validation: a sample read before and after the command"));
	else
		printf(ngettext(", %d pass, validation: %s", ", %d passes, validation: %s", (unsigned long)job->s.npasses),
		       job->s.npasses, wipe_verify_name(job->o.verify));
	if (job->o.verify == WIPE_VERIFY_SAMPLE && !job->s.m->run)
		printf(_(" (%u.%u%% in %llu subsections)"), job->o.sample_permille / 10, job->o.sample_permille % 10,
		       (unsigned long long)job->s.plan.subsections);
	printf(_(", %s I/O, %llu KiB requests, %d in flight\n"), job->t.direct ? "O_DIRECT" : _("buffered"),
	       (unsigned long long)(job->o.io_size >> 10), job->live.nworkers);
	if (job->s.cls.note)
		printf("  %s\n", job->s.cls.note);
	wipe_cli_print_scope(stdout, job);
	print_hidden(job);
}

static void print_summary(const struct wipe_job *job, const char *wipe_json, const char *session)
{
	char dur[32], size[32];
	cli_format_duration(dur, sizeof(dur), job->res.active_ns / 1000000000ull);
	reco_fmt_size(NULL, job->t.size, size, sizeof(size));
	const char *res = job->res.result == WIPE_RESULT_ERASED ? _("erased") :
			  job->res.result == WIPE_RESULT_ABORTED ? _("aborted") : _("FAILED");
	printf("%s: %s — %s\n", job->t.path, res, job->res.reason);
	uint64_t ms = job->res.active_ns / 1000000;
	uint64_t bytes = atomic_load(&job->res.bytes_written) + atomic_load(&job->res.bytes_verified);
	char read[32], rate[32];
	reco_fmt_permille(NULL, (long long)(atomic_load(&job->res.bytes_verified) * 1000 / job->t.size), read, sizeof(read));
	reco_fmt_rate(NULL, ms ? bytes * 1000 / ms : 0, rate, sizeof(rate));
	/* TRANSLATORS: size, method in words, verification in words, percentage read, duration, rate */
	printf(_("  %s, method: %s, verification: %s (%s read), %s, %s\n"), size,
	       job->s.verify_only ? _("verification only") : reco_word_wipe_method(job->s.m->name),
	       reco_word_verify_mode(job->s.m && job->s.m->run ? "sample" : wipe_verify_name(job->o.verify)), read, dur,
	       rate);
	if (job->res.result == WIPE_RESULT_ERASED && job->s.cls.category)
		printf(_("  %s (%s on %s media; NIST SP 800-88 Rev. 2, IEEE 2883-2022)\n"),
		       category_word(job->s.cls.category), reco_word_technique(job->s.cls.technique),
		       reco_word_media(job->s.cls.media));
	pthread_mutex_lock((pthread_mutex_t *)&job->res.bad.lock);
	for (size_t i = 0; i < job->res.bad.n && i < 20; i++)
		printf(_("  bad %s: LBA %llu (+%llu)\n"), wipe_ranges_op_name(job->res.bad.v[i].op),
		       (unsigned long long)job->res.bad.v[i].first, (unsigned long long)job->res.bad.v[i].count);
	if (job->res.bad.n > 20)
		printf(_("  ... %zu ranges in all\n"), job->res.bad.n);
	pthread_mutex_unlock((pthread_mutex_t *)&job->res.bad.lock);
	if (job->res.fw && atomic_load((_Atomic int *)&job->res.fw->password_state) >= FW_PW_SET &&
	    atomic_load((_Atomic int *)&job->res.fw->password_state) != FW_PW_CLEARED)
		printf(_("  the drive still has the temporary ATA password: remove it with\n  reco wipe --unlock "
			 "--session %s %s\n"),
		       session, job->t.path);
	if (wipe_json)
		printf(_("  result: %s\n"), wipe_json);
}

void wipe_cli_print_list(json_t *doc, int json)
{
	if (json) {
		char *s = json_dumps(doc, JSON_SORT_KEYS | JSON_INDENT(2));
		if (s)
			puts(s);
		free(s);
		return;
	}
	json_t *disks = json_object_get(doc, "disks");
	size_t i;
	json_t *d;
	/* columns by display width ("PÉRIPHÉRIQUE", "N° DE SÉRIE"): the table helper */
	struct cli_table *tb = cli_table_new(6);
	if (!tb)
		return;
	cli_table_right(tb, 1);
	const char *head[] = { _("DEVICE"), _("SIZE"), _("TRANSPORT"), _("MODEL"), _("SERIAL"), _("WIPE") };
	cli_table_add(tb, head);
	json_array_foreach(disks, i, d) {
		char size[32];
		reco_fmt_size(NULL, (uint64_t)json_integer_value(json_object_get(d, "size_bytes")), size, sizeof(size));
		const char *reason = json_string_value(json_object_get(d, "reason"));
		char verdict[600];
		if (json_is_true(json_object_get(d, "eligible")))
			snprintf(verdict, sizeof(verdict), "%s", _("yes"));
		else
			snprintf(verdict, sizeof(verdict), _("no: %s"), reason ? reason : "?");
		const char *transport = json_string_value(json_object_get(d, "transport"));
		const char *row[] = { json_string_value(json_object_get(d, "path")), size,
				      transport ? reco_word_transport(transport) : NULL,
				      json_string_value(json_object_get(d, "model")),
				      json_string_value(json_object_get(d, "serial")), verdict };
		cli_table_add(tb, row);
	}
	if (json_array_size(disks))
		cli_table_print(tb, stdout);
	cli_table_free(tb);
	if (!json_array_size(disks))
		printf("%s\n", _("no disk found"));
}

static int persist_job(struct wipe_job *job)
{
	if (!*job->s.journal || !persist_ctx.session)
		return -ENOENT;
	pthread_mutex_lock(&persist_ctx.lock);
	int rc = wipe_job_checkpoint(job);
	if (rc == 0) {
		json_t *targets = json_array();
		for (int i = 0; i < persist_ctx.n; i++)
			json_array_append_new(targets, wipe_result_target(&persist_ctx.jobs[i]));
		json_t *doc = wipe_result_document(targets);
		char f[PATH_MAX + 16];
		snprintf(f, sizeof(f), "%s/wipe.json", persist_ctx.session);
		rc = reco_json_write(f, doc, 0);
		json_decref(doc);
	}
	pthread_mutex_unlock(&persist_ctx.lock);
	return rc;
}

/* The exact command that unlocks a drive a security erase may leave locked. */
static void print_unlock_line(const struct wipe_job *job, const char *session)
{
	fprintf(stderr, _("%s: if this erase is interrupted (power cut), the drive may stay locked with a "
			  "temporary password recorded in the session; unlock it with:\n  reco wipe --unlock "
			  "--session %s %s\n"),
		job->t.path, session, job->t.path);
}


static void on_progress(void *arg, int final)
{
	struct wipe_run *run = arg;
	struct wipe_job *jp[WIPE_MAX_TARGETS];
	for (int i = 0; i < run->n && i < WIPE_MAX_TARGETS; i++)
		jp[i] = &run->jobs[i];
	progress_update(jp, run->n, run->ctl->progress_json, final);
}

int wipe_cli_run(struct wipe_run *run)
{
	persist_ctx.jobs = run->jobs;
	persist_ctx.n = run->n;
	persist_ctx.session = *run->session ? run->session : NULL;
	for (int i = 0; i < run->n; i++) {
		run->jobs[i].s.persist = persist_job;
		if (run->jobs[i].s.m && (!strcmp(run->jobs[i].s.m->name, "ata-secure-erase") ||
				       !strcmp(run->jobs[i].s.m->name, "ata-secure-erase-enhanced")))
			print_unlock_line(&run->jobs[i], run->session);
	}
	if (wipe_run_jobs(run->jobs, run->n, on_progress, run) != 0)
		cli_die(RECO_EXIT_ENV, "%s", _("cannot start a worker thread"));
	return RECO_EXIT_OK;
}

int wipe_cli_write_result(struct wipe_run *run)
{
	json_t *targets = json_array();
	int exit_code = RECO_EXIT_OK;
	for (int i = 0; i < run->n; i++) {
		json_array_append_new(targets, wipe_result_target(&run->jobs[i]));
		if (run->jobs[i].res.result != WIPE_RESULT_ERASED)
			exit_code = RECO_EXIT_FAIL;
	}
	json_t *doc = wipe_result_document(targets);
	char wipe_json[PATH_MAX + 32] = "";
	if (*run->session) {
		snprintf(wipe_json, sizeof(wipe_json), "%s/%s", run->session,
			 run->ctl->verify_only ? "wipe-verify.json" : "wipe.json");
		int rc = reco_json_write(wipe_json, doc, 0);
		if (rc) {
			cli_warn(_("%s: cannot write the result: %s"), wipe_json, strerror(-rc));
			exit_code = RECO_EXIT_ENV;
			wipe_json[0] = '\0';
		}
	}
	if (run->ctl->json) {
		char *s = json_dumps(doc, JSON_SORT_KEYS | JSON_INDENT(2));
		if (s)
			puts(s);
		free(s);
	} else {
		for (int i = 0; i < run->n; i++)
			print_summary(&run->jobs[i], *wipe_json ? wipe_json : NULL, run->session);
	}
	json_decref(doc);
	return exit_code;
}

void wipe_cli_release(struct wipe_run *run)
{
	for (int i = 0; i < run->n; i++)
		wipe_job_release(&run->jobs[i]);
	free(run->jobs);
	run->jobs = NULL;
	run->n = 0;
}
