/*
 * test_diag_disk.c — disks judged by their kind, through a scripted drive:
 * the self-test driver (selftest.c) against sequences of `smartctl --json
 * -x` documents made from the real captures of tests/fixtures/smart (a
 * WD140EDFZ hard disk, a Samsung 850 PRO SSD, an Intel 660p NVMe drive)
 * with the self-test fields a drive shows while testing (ATA ACS-4 self-test
 * execution status, NVMe Device Self-test log in smartmontools 7.4's JSON).
 * The clock is the script's: no test waits for real.
 *
 * Run from the top of the tree (make unit does); $RECO_TOP overrides.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag/diag.h"

static char top[2048] = ".";

static json_t *capture(const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/tests/fixtures/smart/%s", top, name);
	json_t *doc = json_load_file(path, 0, NULL);
	assert_non_null(doc);
	return doc;
}

/* ---- a scripted drive -------------------------------------------------- */

#define MAX_STEPS 16

struct drive {
	json_t *docs[MAX_STEPS]; /* what each query returns, the last one repeats */
	size_t n, next;
	int starts;
	char kinds[4][8];
	uint64_t now;
	/* when set, the nth start moves the script to docs[jump[n]] */
	int jump[4];
};

static json_t *d_query(void *arg)
{
	struct drive *d = arg;
	size_t i = d->next < d->n ? d->next : d->n - 1;
	if (d->next < d->n)
		d->next++;
	return json_incref(d->docs[i]);
}

static int d_start(void *arg, const char *kind)
{
	struct drive *d = arg;
	if (d->starts < 4) {
		snprintf(d->kinds[d->starts], sizeof(d->kinds[0]), "%s", kind);
		if (d->jump[d->starts])
			d->next = (size_t)d->jump[d->starts];
	}
	d->starts++;
	return 0;
}

static uint64_t d_now(void *arg)
{
	return ((struct drive *)arg)->now;
}

static void d_sleep(void *arg, unsigned ms)
{
	((struct drive *)arg)->now += ms;
}

static void drive_ops(struct drive *d, struct diag_selftest_ops *o)
{
	*o = (struct diag_selftest_ops){ d_query, d_start, d_now, d_sleep, d };
}

static void drive_release(struct drive *d)
{
	for (size_t i = 0; i < d->n; i++)
		json_decref(d->docs[i]);
}

/* An ATA document with the self-test execution status `value`. */
static json_t *ata_status(const char *capture_name, int value, const char *string)
{
	json_t *doc = capture(capture_name);
	json_t *st = json_object_get(json_object_get(doc, "ata_smart_data"), "self_test");
	json_object_set_new(st, "status", json_pack("{s:i,s:s}", "value", value, "string", string));
	return doc;
}

/* An NVMe document: current operation op (0 none), newest entries. */
static json_t *nvme_log(int op, const int *results, const int *hours, size_t n)
{
	json_t *doc = capture("smart-nvme.json");
	json_t *table = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(table, json_pack("{s:{s:i,s:s},s:{s:i,s:s},s:i}", "self_test_code", "value", 1,
						       "string", "Short", "self_test_result", "value", results[i],
						       "string", "result", "power_on_hours", hours[i]));
	json_t *log = json_pack("{s:i,s:{s:i,s:s},s:o}", "nsid", -1, "current_self_test_operation", "value", op,
				"string", op ? "Short self-test in progress" : "No self-test in progress", "table",
				table);
	if (op)
		json_object_set_new(log, "current_self_test_completion_percent", json_integer(40));
	json_object_set_new(doc, "nvme_self_test_log", log);
	json_object_set_new(doc, "nvme_optional_admin_commands", json_integer(0x17));
	return doc;
}

static void judge(struct diag_selftest *st, struct diag_part *p)
{
	diag_part_init(p, "disk", "sdx");
	diag_metric_set(p, "smart.read", 1);
	diag_selftest_part(st, p);
	diag_part_judge(p);
}

/* ATA: the wait reads "in progress" until the test ends, whatever the
 * log's first (old) entry says. */
static void test_ata_wait_reads_in_progress(void **state)
{
	(void)state;
	struct drive d = { 0 };
	d.docs[d.n++] = ata_status("smart-ata.json", 0x00, "completed without error"); /* before: an old pass */
	d.docs[d.n++] = ata_status("smart-ata.json", 0xf9, "in progress, 90% remaining");
	d.docs[d.n++] = ata_status("smart-ata.json", 0xf3, "in progress, 30% remaining");
	d.docs[d.n++] = ata_status("smart-ata.json", 0x70, "completed with error (read test element)");
	struct diag_selftest_ops o;
	drive_ops(&d, &o);
	struct diag_selftest st;
	assert_int_equal(diag_selftest_begin(&st, &o, "short", 120), 1);
	assert_string_equal(d.kinds[0], "short");
	assert_int_equal(st.minutes, 2);
	diag_selftest_wait(&st, &o, 10000, NULL, NULL);
	assert_int_equal(st.status, DIAG_ST_FAILED);
	assert_int_equal(d.now, 20000); /* two polls while in progress */
	struct diag_part p;
	judge(&st, &p);
	assert_string_equal(diag_verdict_name(p.verdict), "FAIL");
	assert_string_equal(p.rule->code, "disk.selftest_failed");
	diag_part_release(&p);
	diag_selftest_release(&st);
	drive_release(&d);
}

/* A test still running at the limit is NOT_TESTED, not the last result. */
static void test_still_running_at_limit(void **state)
{
	(void)state;
	struct drive d = { 0 };
	d.docs[d.n++] = ata_status("smart-ata.json", 0x00, "completed without error");
	d.docs[d.n++] = ata_status("smart-ata.json", 0xf9, "in progress, 90% remaining");
	struct diag_selftest_ops o;
	drive_ops(&d, &o);
	struct diag_selftest st;
	assert_int_equal(diag_selftest_begin(&st, &o, "short", 120), 1);
	diag_selftest_wait(&st, &o, 10000, NULL, NULL);
	assert_int_equal(st.status, DIAG_ST_RUNNING);
	assert_true(d.now >= (uint64_t)(2 + 2) * 60000);
	struct diag_part p;
	judge(&st, &p);
	assert_string_equal(diag_verdict_name(p.verdict), "NOT_TESTED");
	assert_string_equal(p.rule->code, "disk.selftest_running");
	diag_part_release(&p);
	diag_selftest_release(&st);
	drive_release(&d);
}

/* "could not complete" (fatal or unknown error) is no PASS */
static void test_ata_could_not_complete(void **state)
{
	(void)state;
	struct drive d = { 0 };
	d.docs[d.n++] = ata_status("smart-ata2.json", 0x00, "completed without error");
	d.docs[d.n++] = ata_status("smart-ata2.json", 0x30, "could not complete due to a fatal or unknown error");
	struct diag_selftest_ops o;
	drive_ops(&d, &o);
	struct diag_selftest st;
	assert_int_equal(diag_selftest_begin(&st, &o, "short", 120), 1);
	diag_selftest_wait(&st, &o, 10000, NULL, NULL);
	assert_int_equal(st.status, DIAG_ST_FATAL);
	struct diag_part p;
	judge(&st, &p);
	assert_string_equal(diag_verdict_name(p.verdict), "WARN");
	assert_string_equal(p.rule->code, "disk.selftest_not_completed");
	diag_part_release(&p);
	diag_selftest_release(&st);
	drive_release(&d);
}

/* NVMe: a test aborted by a controller reset is run once more; the new
 * result is told from the old one by the log's newest entry. */
static void test_nvme_aborted_rerun_once(void **state)
{
	(void)state;
	struct drive d = { 0 };
	const int old[] = { 0 }, old_h[] = { 2300 };
	const int ab[] = { 2, 0 }, ab_h[] = { 2401, 2300 };
	const int ok[] = { 0, 2, 0 }, ok_h[] = { 2401, 2401, 2300 };
	d.docs[d.n++] = nvme_log(0, old, old_h, 1);    /* 0: before the start */
	d.docs[d.n++] = nvme_log(1, old, old_h, 1);    /* 1: running */
	d.docs[d.n++] = nvme_log(0, old, old_h, 1);    /* 2: between: nothing new yet */
	d.docs[d.n++] = nvme_log(0, ab, ab_h, 2);      /* 3: aborted by a reset */
	d.docs[d.n++] = nvme_log(1, ab, ab_h, 2);      /* 4: the rerun, running */
	d.docs[d.n++] = nvme_log(0, ok, ok_h, 3);      /* 5: passed */
	struct diag_selftest_ops o;
	drive_ops(&d, &o);
	struct diag_selftest st;
	assert_int_equal(diag_selftest_begin(&st, &o, "short", 120), 1);
	diag_selftest_wait(&st, &o, 10000, NULL, NULL);
	assert_int_equal(d.starts, 2);
	assert_int_equal(st.reruns, 1);
	assert_int_equal(st.status, DIAG_ST_PASSED);
	struct diag_part p;
	judge(&st, &p);
	assert_string_equal(diag_verdict_name(p.verdict), "PASS");
	diag_part_release(&p);
	diag_selftest_release(&st);
	drive_release(&d);

	/* aborted twice: no result, NOT_TESTED (never a FAIL of the drive) */
	struct drive d2 = { 0 };
	const int ab2[] = { 8, 2, 0 }, ab2_h[] = { 2401, 2401, 2300 };
	d2.docs[d2.n++] = nvme_log(0, old, old_h, 1);
	d2.docs[d2.n++] = nvme_log(0, ab, ab_h, 2);
	d2.docs[d2.n++] = nvme_log(0, ab2, ab2_h, 3);
	drive_ops(&d2, &o);
	assert_int_equal(diag_selftest_begin(&st, &o, "short", 120), 1);
	diag_selftest_wait(&st, &o, 10000, NULL, NULL);
	assert_int_equal(d2.starts, 2);
	assert_int_equal(st.status, DIAG_ST_ABORTED);
	judge(&st, &p);
	assert_string_equal(diag_verdict_name(p.verdict), "NOT_TESTED");
	assert_string_equal(p.rule->code, "disk.selftest_aborted");
	diag_part_release(&p);
	diag_selftest_release(&st);
	drive_release(&d2);
}

/* --full: the long test with the drive's own duration, when it fits */
static void test_long_test_duration_from_drive(void **state)
{
	(void)state;
	struct drive d = { 0 };
	d.docs[d.n++] = capture("smart-ata2.json"); /* extended: 68 min */
	struct diag_selftest_ops o;
	drive_ops(&d, &o);
	struct diag_selftest st;
	assert_int_equal(diag_selftest_begin(&st, &o, "long", 120), 1);
	assert_string_equal(d.kinds[0], "long");
	assert_int_equal(st.minutes, 68);
	assert_int_equal(st.deadline_ms, (uint64_t)(68 + 2) * 60000);
	diag_selftest_release(&st);
	drive_release(&d);

	struct drive d2 = { 0 };
	d2.docs[d2.n++] = capture("smart-ata.json"); /* 14 TB: extended 1479 min */
	drive_ops(&d2, &o);
	assert_int_equal(diag_selftest_begin(&st, &o, "long", 120), 1);
	assert_string_equal(d2.kinds[0], "short");
	assert_non_null(strstr(st.why_not, "1479 min"));
	diag_selftest_release(&st);
	drive_release(&d2);
}

/* The machine's own disks: a USB stick plugged in is not one of them. */
static void test_disks_of_the_machine(void **state)
{
	(void)state;
	char root[4096];
	snprintf(root, sizeof(root), "%s/tests/fixtures/diag/roots/disks", top);
	char names[8][64];
	json_t *excluded = json_array();
	size_t n = diag_disks_list(root, names, 8, excluded);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "nvme0n1");
	assert_string_equal(names[1], "sda");
	assert_int_equal(json_array_size(excluded), 1);
	json_t *x = json_array_get(excluded, 0);
	assert_string_equal(json_string_value(json_object_get(x, "disk")), "sdb");
	assert_string_equal(json_string_value(json_object_get(x, "reason")), "external (usb)");
	json_decref(excluded);
	/* named with --disk, an external disk is judged */
	assert_null(diag_disk_exclusion(root, "sdb", 1));
	assert_null(diag_disk_exclusion(root, "sda", 0));
}

int main(void)
{
	const char *t = getenv("RECO_TOP");
	if (t && *t)
		snprintf(top, sizeof(top), "%s", t);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ata_wait_reads_in_progress),
		cmocka_unit_test(test_still_running_at_limit),
		cmocka_unit_test(test_ata_could_not_complete),
		cmocka_unit_test(test_nvme_aborted_rerun_once),
		cmocka_unit_test(test_long_test_duration_from_drive),
		cmocka_unit_test(test_disks_of_the_machine),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
