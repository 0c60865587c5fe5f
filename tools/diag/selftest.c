/*
 * selftest.c — a drive's own self-test: read its state, start it, wait for
 * it, and say what came of it.
 *
 * State (smartmontools 7.x JSON): ATA "self-test execution status"
 * (ata_smart_data.self_test.status.value, ACS-4 SMART READ DATA byte 363:
 * high nibble 0 completed without error, 1 aborted by the host, 2
 * interrupted by a reset, 3 fatal or unknown error — the test could not
 * complete —, 4 to 8 completed with a failed element, 15 in progress with
 * the low nibble the tenths left); NVMe Device Self-test log (log page 6:
 * current operation, then 20 results newest first; result 0 completed, 1
 * aborted by a Device Self-test command, 2 by a controller reset, 3 by a
 * namespace removal, 4 by a Format NVM, 5 fatal or unknown error, 6 and 7
 * failed segments, 8 aborted for an unknown reason, 9 by a sanitize).
 *
 * The wait reads "in progress" (not the first log entry, which may be an
 * old test's), stops at the drive's own duration plus two minutes, and
 * reports a test still running then as such (NOT_TESTED), never as its
 * previous result.  An aborted test (something reset the drive, or started
 * another test) is no verdict on the drive: it is started once more.
 * `--full` asks for the long (extended) test when the drive's own duration
 * fits the time allowed; smartctl does not report an NVMe drive's extended
 * test time, so NVMe drives get the short test.
 */
#include "diag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/proc.h"
#include "lib/util.h"

static int get_int(const json_t *o, const char *key, int64_t *v)
{
	json_t *x = json_object_get(o, key);
	if (!json_is_integer(x))
		return 0;
	*v = json_integer_value(x);
	return 1;
}

static void copy_text(char *text, size_t size, const json_t *s)
{
	if (text && size)
		snprintf(text, size, "%s", json_is_string(s) ? json_string_value(s) : "");
}

int diag_selftest_status(const json_t *doc, const json_t *before, int *remaining_pct, char *text, size_t size)
{
	int64_t v;
	if (remaining_pct)
		*remaining_pct = 0;
	copy_text(text, size, NULL);
	json_t *ata = json_object_get(json_object_get(json_object_get(doc, "ata_smart_data"), "self_test"), "status");
	if (get_int(ata, "value", &v)) {
		copy_text(text, size, json_object_get(ata, "string"));
		switch ((v >> 4) & 0xf) {
		case 0x0: return DIAG_ST_PASSED;
		case 0x1: case 0x2: return DIAG_ST_ABORTED;
		case 0x3: return DIAG_ST_FATAL;
		case 0x4: case 0x5: case 0x6: case 0x7: case 0x8: return DIAG_ST_FAILED;
		case 0xf:
			if (remaining_pct)
				*remaining_pct = (int)(v & 0xf) * 10;
			return DIAG_ST_RUNNING;
		default: return DIAG_ST_NONE;
		}
	}
	json_t *log = json_object_get(doc, "nvme_self_test_log");
	if (!json_is_object(log))
		return DIAG_ST_NONE;
	json_t *op = json_object_get(log, "current_self_test_operation");
	if (get_int(op, "value", &v) && v != 0) {
		copy_text(text, size, json_object_get(op, "string"));
		if (remaining_pct && get_int(log, "current_self_test_completion_percent", &v))
			*remaining_pct = 100 - (int)v;
		return DIAG_ST_RUNNING;
	}
	json_t *t0 = json_array_get(json_object_get(log, "table"), 0);
	if (!t0 || (before && json_equal(t0, (json_t *)before)))
		return DIAG_ST_NONE;
	json_t *res = json_object_get(t0, "self_test_result");
	if (!get_int(res, "value", &v))
		return DIAG_ST_NONE;
	copy_text(text, size, json_object_get(res, "string"));
	switch (v) {
	case 0x0: return DIAG_ST_PASSED;
	case 0x1: case 0x2: case 0x3: case 0x4: case 0x8: case 0x9: return DIAG_ST_ABORTED;
	case 0x5: return DIAG_ST_FATAL;
	case 0x6: case 0x7: return DIAG_ST_FAILED;
	default: return DIAG_ST_NONE;
	}
}

/* The newest NVMe log entry (a copy), to tell a new result from an old. */
static json_t *newest_entry(const json_t *doc)
{
	json_t *t0 = json_array_get(json_object_get(json_object_get(doc, "nvme_self_test_log"), "table"), 0);
	return t0 ? json_deep_copy(t0) : NULL;
}

static int start(struct diag_selftest *st, const struct diag_selftest_ops *o, const json_t *doc)
{
	json_decref(st->before);
	st->before = newest_entry(doc);
	int rc = o->start(o->arg, st->kind);
	if (rc)
		return rc;
	st->started = 1;
	st->deadline_ms = o->now_ms(o->arg) + (uint64_t)(st->minutes + 2) * 60000;
	return 0;
}

int diag_selftest_begin(struct diag_selftest *st, const struct diag_selftest_ops *o, const char *want,
			int max_long_minutes)
{
	memset(st, 0, sizeof(*st));
	st->status = DIAG_ST_NONE;
	json_t *doc = o->query(o->arg);
	if (!doc) {
		snprintf(st->why_not, sizeof(st->why_not), "the drive's state could not be read");
		return -EIO;
	}
	const char *proto = json_string_value(json_object_get(json_object_get(doc, "device"), "protocol"));
	json_t *ata = json_object_get(doc, "ata_smart_data");
	json_t *poll = json_object_get(json_object_get(ata, "self_test"), "polling_minutes");
	int64_t m, oacs;
	int supported = json_is_true(json_object_get(json_object_get(ata, "capabilities"), "self_tests_supported"));
	/* NVMe: Optional Admin Command Support bit 4 = Device Self-test */
	if (get_int(doc, "nvme_optional_admin_commands", &oacs) ? (oacs & 0x10) : (proto && !strcmp(proto, "NVMe")))
		supported = 1;
	if (!supported) {
		snprintf(st->why_not, sizeof(st->why_not), "the drive has no self-test");
		json_decref(doc);
		return 0;
	}
	snprintf(st->kind, sizeof(st->kind), "short");
	st->minutes = get_int(poll, "short", &m) && m > 0 ? (int)m : 2;
	if (want && strcmp(want, "long") == 0) {
		if (get_int(poll, "extended", &m) && m > 0 && m <= max_long_minutes) {
			snprintf(st->kind, sizeof(st->kind), "long");
			st->minutes = (int)m;
		} else if (get_int(poll, "extended", &m) && m > 0) {
			snprintf(st->why_not, sizeof(st->why_not), "long test skipped: %d min, more than the %d allowed",
				 (int)m, max_long_minutes);
		} else {
			snprintf(st->why_not, sizeof(st->why_not), "long test skipped: its duration is unknown");
		}
	}
	int rc = start(st, o, doc);
	json_decref(doc);
	if (rc) {
		snprintf(st->why_not, sizeof(st->why_not), "the drive refused to start its self-test");
		return rc;
	}
	return 1;
}

void diag_selftest_wait(struct diag_selftest *st, const struct diag_selftest_ops *o, unsigned poll_ms,
			int (*tick)(void *arg, uint64_t elapsed_ms, uint64_t total_ms), void *tick_arg)
{
	if (!st->started)
		return;
	const uint64_t total = (uint64_t)(st->minutes + 2) * 60000;
	for (;;) {
		json_t *doc = o->query(o->arg);
		int left = 0;
		int s = doc ? diag_selftest_status(doc, st->before, &left, st->text, sizeof(st->text)) : DIAG_ST_NONE;
		uint64_t now = o->now_ms(o->arg);
		if (s == DIAG_ST_ABORTED && st->reruns == 0 && now < st->deadline_ms) {
			/* a reset, a format or another test stopped it: once more */
			st->reruns++;
			if (start(st, o, doc) != 0) {
				st->status = DIAG_ST_ABORTED;
				json_decref(doc);
				return;
			}
			json_decref(doc);
			continue;
		}
		json_decref(doc);
		/* ATA: the execution status is the running test's as soon as it
		 * starts; NVMe: NONE until the new entry is logged */
		if (s != DIAG_ST_RUNNING && s != DIAG_ST_NONE) {
			st->status = s;
			return;
		}
		if (now >= st->deadline_ms) {
			st->status = DIAG_ST_RUNNING; /* still running (or silent) at the limit */
			return;
		}
		if (tick)
			tick(tick_arg, total - (st->deadline_ms - now), total);
		o->sleep_ms(o->arg, poll_ms);
	}
}

void diag_selftest_part(const struct diag_selftest *st, struct diag_part *p)
{
	json_t *d = json_object();
	json_object_set_new(d, "kind", json_string(st->kind[0] ? st->kind : "none"));
	if (st->minutes)
		json_object_set_new(d, "expected_minutes", json_integer(st->minutes));
	json_object_set_new(d, "reruns", json_integer(st->reruns));
	if (st->why_not[0])
		json_object_set_new(d, "note", json_string(st->why_not));
	json_object_set_new(p->details, "self_test_run", d);
	if (!st->started)
		return;
	diag_selftest_metrics(p, st->status, st->text);
	if (st->status == DIAG_ST_ABORTED)
		diag_metric_set(p, "smart.selftest_aborted", 1);
	if (st->status == DIAG_ST_RUNNING || st->status == DIAG_ST_NONE)
		diag_metric_set(p, "smart.selftest_running", 1);
}

void diag_selftest_release(struct diag_selftest *st)
{
	json_decref(st->before);
	st->before = NULL;
}

/* ---- the real drive: smartctl ------------------------------------------ */

static json_t *sc_query(void *arg)
{
	char *argv[] = { "smartctl", "--json", "-x", arg, NULL };
	struct reco_proc pr;
	if (reco_proc_run(argv, 120000, 16 << 20, &pr) != 0)
		return NULL;
	json_t *doc = json_loadb(pr.out, pr.out_len, 0, NULL);
	reco_proc_release(&pr);
	return doc;
}

static int sc_start(void *arg, const char *kind)
{
	char *argv[] = { "smartctl", "-t", (char *)kind, arg, NULL };
	struct reco_proc pr;
	int rc = reco_proc_run(argv, 60000, 1 << 20, &pr);
	if (rc)
		return rc;
	rc = pr.status == 0 ? 0 : -EIO;
	reco_proc_release(&pr);
	return rc;
}

static uint64_t sc_now(void *arg)
{
	(void)arg;
	return reco_now_ns() / 1000000;
}

static void sc_sleep(void *arg, unsigned ms)
{
	(void)arg;
	usleep(ms * 1000);
}

void diag_selftest_smartctl_ops(struct diag_selftest_ops *o, const char *dev)
{
	*o = (struct diag_selftest_ops){ sc_query, sc_start, sc_now, sc_sleep, (void *)dev };
}
