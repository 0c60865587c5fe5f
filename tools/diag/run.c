/*
 * run.c — a run of reco diag: the table of parts (table.c) run in order,
 * with what the parts share (the thermal watch of the processor load) and
 * the callbacks through which they report progress and warnings.
 *
 * Order: every kind's begin (the disks' self-tests start first and run
 * while the processor and memory are tested), then the kinds that need the
 * machine at rest (power: its runtime figure), then the others in the
 * table's order (the processor before the cooling that is judged on its
 * load).  /proc/meminfo is read once, at the start, for every part (the
 * memory test's size and coverage, the thermal watch's every sample).
 * Then every part is judged and the list completed: a kind left out of
 * the run is NOT_TESTED, a kind the machine lacks ABSENT.
 */
#include "diag.h"
#include "guided.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int diag_run_init(struct diag_run *r)
{
	memset(r, 0, sizeof(*r));
	r->root = "";
	r->duration_s = -1;
	r->inject_cpu = -1;
	r->excluded = json_array();
	struct diag_thermal_watch *w = calloc(1, sizeof(*w));
	if (!r->excluded || !w) {
		free(w);
		return -ENOMEM;
	}
	r->thermal = w;
	return 0;
}

void diag_run_release(struct diag_run *r)
{
	for (size_t i = 0; i < r->n_parts; i++)
		diag_part_release(&r->parts[i]);
	r->n_parts = 0;
	json_decref(r->excluded);
	r->excluded = NULL;
	free(r->thermal);
	r->thermal = NULL;
	free(r->selftests);
	r->selftests = NULL;
	free(r->fn);
	r->fn = NULL;
}

struct diag_part *diag_run_new_part(struct diag_run *r, const char *part, const char *id)
{
	if (r->n_parts >= DIAG_MAX_PARTS)
		return NULL;
	struct diag_part *p = &r->parts[r->n_parts];
	if (diag_part_init(p, part, id) != 0) {
		r->env_error = 1;
		return NULL;
	}
	r->n_parts++;
	return p;
}

void diag_run_progress(struct diag_run *r, const char *test, const char *title, uint64_t done, uint64_t total,
		       int final)
{
	if (r->progress)
		r->progress(r, test, title, done, total, final);
}

/* Formats and hands a message to one of the run's callbacks. */
static void say(struct diag_run *r, void (*cb)(struct diag_run *, const char *), const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static void say(struct diag_run *r, void (*cb)(struct diag_run *, const char *), const char *fmt, va_list ap)
{
	char msg[512];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (cb)
		cb(r, msg);
}

void diag_run_warn(struct diag_run *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say(r, r->warn, fmt, ap);
	va_end(ap);
}

void diag_run_note(struct diag_run *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say(r, r->note, fmt, ap);
	va_end(ap);
}

/* The --only bit of a descriptor: its kind's index in parts.c. */
static unsigned desc_bit(const struct diag_part_desc *d)
{
	size_t nk;
	const struct diag_part_kind *kinds = diag_part_kinds(&nk);
	for (size_t k = 0; k < nk; k++)
		if (strcmp(kinds[k].part, d->part) == 0)
			return 1u << k;
	return 0;
}

void diag_run_parts(struct diag_run *r, unsigned only)
{
	size_t n;
	const struct diag_part_desc *const *t = diag_part_table(&n);
	for (size_t i = 0; i < n; i++)
		if ((only & desc_bit(t[i])) && t[i]->begin)
			t[i]->begin(r);
	/* the shared facts, once: /proc/meminfo */
	diag_meminfo_read(r->root, &r->meminfo);
	diag_thermal_watch_start(r->thermal, r->root, &r->meminfo);
	/* at rest first, then the table's order */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			int idle = (t[i]->needs & DIAG_NEEDS_IDLE) != 0;
			if ((only & desc_bit(t[i])) && t[i]->run && idle == (pass == 0))
				t[i]->run(r, t[i]);
		}
	diag_thermal_watch_release(r->thermal);
	diag_guided_end(r);
	for (size_t i = 0; i < r->n_parts; i++)
		diag_part_judge(&r->parts[i]);
	r->n_parts = diag_parts_fill(r->parts, r->n_parts, DIAG_MAX_PARTS, only);
}
