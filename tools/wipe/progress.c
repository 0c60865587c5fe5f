/*
 * progress.c — the progress display of `reco wipe` (CLI side: it prints).
 * Human: one line per target on stderr (percent, MB/s, ETA, pass, phase,
 * errors), redrawn in place on a terminal, every 10 s otherwise.  Machine:
 * --progress=json prints one JSON object per target and update on stderr
 * (schema reco-wipe-progress/1), as reco diag does: stdout keeps the
 * result (--json).
 */
#include "progress.h"
#include "fw_wipe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/progress.h"
#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/l10n.h"
#include "lib/util.h"
#include "lib/words.h"

struct rate {
	uint64_t last_done, last_ns, bps;
};
static struct rate rates[WIPE_MAX_TARGETS];
static int lines_drawn;

/* Work of the whole job in bytes and how much of it is done. */
static void overall(struct wipe_job *job, uint64_t *total, uint64_t *done)
{
	if (job->s.m && job->s.m->run) {
		/* Firmware method: sample 10 %, the drive's own work 70 %, the
		 * re-read 20 %, in per mille. */
		uint64_t pt = atomic_load(&job->live.phase_total), d = atomic_load(&job->live.done);
		uint64_t frac = pt ? (d >= pt ? 1000 : d * 1000 / pt) : 0;
		int stage = job->res.fw ? atomic_load(&job->res.fw->stage) : 0;
		*total = 1000;
		*done = atomic_load(&job->live.finished) ? 1000 : stage == 0 ? frac / 10 :
			stage == 1 ? 100 + frac * 7 / 10 : 800 + frac / 5;
		return;
	}
	uint64_t vbytes = job->o.verify == WIPE_VERIFY_NONE ? 0 :
			  job->o.verify == WIPE_VERIFY_SAMPLE ? job->s.plan.bytes : job->t.size;
	int writes = job->s.verify_only ? 0 : job->s.npasses;
	*total = (uint64_t)writes * job->t.size + vbytes;
	int ph = atomic_load(&job->live.phase), pass = atomic_load(&job->live.pass);
	uint64_t d = atomic_load(&job->live.done);
	if (ph == WIPE_PHASE_WRITE)
		*done = (uint64_t)pass * job->t.size + d;
	else if (ph == WIPE_PHASE_VERIFY)
		*done = (uint64_t)writes * job->t.size + d;
	else
		*done = *total;
	if (*done > *total)
		*done = *total;
}

static uint64_t tick_rate(int i, struct wipe_job *job, uint64_t done_all)
{
	struct rate *r = &rates[i];
	uint64_t now = reco_now_ns();
	if (!r->last_ns || done_all < r->last_done) {
		r->last_ns = now;
		r->last_done = done_all;
		return r->bps;
	}
	uint64_t dt = now - r->last_ns;
	if (dt >= 500000000ull) {
		uint64_t inst = (done_all - r->last_done) * 1000000000ull / dt;
		r->bps = r->bps ? (r->bps * 2 + inst) / 3 : inst;
		r->last_ns = now;
		r->last_done = done_all;
	}
	(void)job;
	return r->bps;
}

void progress_update(struct wipe_job **jobs, int n, int json, int final)
{
	static uint64_t last_plain;
	int tty = isatty(STDERR_FILENO);
	uint64_t now = reco_now_ns();
	if (!json && !tty && !final && now - last_plain < 10000000000ull)
		return;
	last_plain = now;
	if (!json && tty && lines_drawn)
		fprintf(stderr, "\033[%dA", lines_drawn);
	for (int i = 0; i < n && i < WIPE_MAX_TARGETS; i++) {
		struct wipe_job *job = jobs[i];
		uint64_t total, done;
		overall(job, &total, &done);
		uint64_t bps = tick_rate(i, job, done);
		uint64_t eta = bps ? (total - done) / bps : 0;
		unsigned permille = total ? (unsigned)(done * 1000 / total) : 1000;
		int ph = atomic_load(&job->live.phase);
		const char *phase = atomic_load(&job->live.finished) ? wipe_result_name(job->res.result) : wipe_phase_name(ph);
		int firmware = job->s.m && job->s.m->run;
		if (firmware) {
			static const char *const stages[] = { "sample", "firmware", "verify" };
			int st = job->res.fw ? atomic_load(&job->res.fw->stage) : 0;
			if (!atomic_load(&job->live.finished))
				phase = stages[st < 0 || st > 2 ? 0 : st];
			bps = 0; /* the drive works inside: no meaningful rate */
		}
		int passes = job->s.npasses ? job->s.npasses : 1;
		if (json) {
			json_t *o = json_object();
			json_object_set_new(o, "schema", json_string("reco-wipe-progress/1"));
			json_object_set_new(o, "target", json_string(job->t.path));
			json_object_set_new(o, "permille", json_integer(permille));
			json_object_set_new(o, "bytes_done", json_integer((json_int_t)done));
			json_object_set_new(o, "bytes_total", json_integer((json_int_t)total));
			json_object_set_new(o, "bytes_per_s", json_integer((json_int_t)bps));
			json_object_set_new(o, "eta_s", json_integer((json_int_t)eta));
			json_object_set_new(o, "pass", json_integer(atomic_load(&job->live.pass) + 1));
			json_object_set_new(o, "passes", json_integer(passes));
			json_object_set_new(o, "phase", json_string(phase));
			json_object_set_new(o, "errors", json_integer((json_int_t)atomic_load(&job->live.errors)));
			char *s = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
			if (s)
				fprintf(stderr, "%s\n", s);
			free(s);
			json_decref(o);
			continue;
		}
		/* the phase's code is for programs (JSON above); people read a word */
		const char *word = atomic_load(&job->live.finished) ? reco_word_wipe_result(phase)
								    : reco_word_wipe_phase(phase);
		char etas[32] = "-", bar[64], rate[32], ratep[48], wordp[96];
		reco_fmt_rate(NULL, bps, rate, sizeof(rate));
		reco_str_pad(rate, 9, 1, ratep, sizeof(ratep));
		reco_str_pad(word, 12, 0, wordp, sizeof(wordp));
		if (bps && !atomic_load(&job->live.finished))
			cli_format_duration(etas, sizeof(etas), eta);
		cli_progress_bar(bar, sizeof(bar), 20, done, total);
		/* TRANSLATORS: progress line: device, bar and percent, rate, time left, pass x/y, phase, errors */
		fprintf(stderr, _("%-10s %s %s  ETA %-8s pass %d/%d  %s errors %llu"),
			job->t.name, bar, ratep, etas,
			atomic_load(&job->live.pass) + 1, passes, wordp,
			(unsigned long long)atomic_load(&job->live.errors));
		fputs(tty ? "\033[K\n" : "\n", stderr);
	}
	if (json)
		fflush(stderr);
	lines_drawn = json ? 0 : n;
	if (!tty)
		lines_drawn = 0;
}
