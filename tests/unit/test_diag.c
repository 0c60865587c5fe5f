/*
 * test_diag.c — reco diag's library: the SMART verdict table against every
 * smartctl fixture, battery/thermal/cpufreq rules from captured sysfs trees,
 * RAM fault injection for every algorithm, CPU known answers and an injected
 * wrong result, the surface scan, the grade table and the Repair Café sheet.
 *
 * Run from the top of the tree (make unit does); $RECO_TOP overrides.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "diag/diag.h"

static char top[2048] = ".";

static void fixture(char *buf, size_t size, const char *rel)
{
	snprintf(buf, size, "%s/tests/fixtures/%s", top, rel);
}

/* ---- SMART ------------------------------------------------------------- */

struct smart_case {
	const char *file;
	enum diag_verdict verdict;
	const char *rule; /* the rule that explains it, NULL for PASS */
};

/* Expected verdicts, derived from the table in rules.c:
 * - failed-scrutiny: 199 UDMA_CRC_Error_Count raw 108 -> WARN (cable);
 * - fail: smartctl could not open the device (exit bit 1) -> unreadable,
 *   NOT_TESTED (a missing input is never a PASS, nor a mere WARN);
 * - raid: an Intel RAID volume, no health reported -> unreadable;
 * - scsi: grown defect list 56 -> WARN;
 * - megaraid0: 37787 power-on hours (< 43800), attributes clean -> PASS;
 * - sat: no smart_status, but attributes all zero -> PASS. */
static const struct smart_case smart_cases[] = {
	{ "smart/smart-ata-date.json", DIAG_PASS, NULL },
	{ "smart/smart-ata-failed-scrutiny.json", DIAG_WARN, "disk.crc_errors" },
	{ "smart/smart-ata.json", DIAG_PASS, NULL },
	{ "smart/smart-ata2.json", DIAG_PASS, NULL },
	{ "smart/smart-fail.json", DIAG_NOT_TESTED, "disk.unreadable" },
	{ "smart/smart-megaraid0.json", DIAG_PASS, NULL },
	{ "smart/smart-nvme.json", DIAG_PASS, NULL },
	{ "smart/smart-nvme2.json", DIAG_PASS, NULL },
	{ "smart/smart-pass.json", DIAG_PASS, NULL },
	{ "smart/smart-raid.json", DIAG_NOT_TESTED, "disk.unreadable" },
	{ "smart/smart-sat.json", DIAG_PASS, NULL },
	{ "smart/smart-scsi.json", DIAG_WARN, "disk.scsi_defects" },
	/* derived from the above (tests/fixtures/diag/README.md) */
	{ "diag/smart/ata-attribute-failing-now.json", DIAG_FAIL, "disk.attribute_failing" },
	{ "diag/smart/ata-health-failed.json", DIAG_FAIL, "disk.health_failed" },
	{ "diag/smart/ata-old-50000h.json", DIAG_WARN, "disk.old" },
	{ "diag/smart/ata-pending-sectors.json", DIAG_FAIL, "disk.pending_sectors" },
	{ "diag/smart/ata-reallocated-12.json", DIAG_WARN, "disk.reallocated" },
	{ "diag/smart/nvme-critical-warning.json", DIAG_FAIL, "disk.nvme_reliability" },
	/* disks judged by their kind (tests/fixtures/diag/README.md) */
	{ "diag/smart/ata-ssd-devstat-92.json", DIAG_WARN, "disk.ssd_worn" },
	{ "diag/smart/ata-ssd-devstat-104.json", DIAG_FAIL, "disk.ssd_worn" },
	{ "diag/smart/ata-ssd-177-12.json", DIAG_WARN, "disk.ssd_worn" },
	{ "diag/smart/ata-ssd-202-at-threshold.json", DIAG_FAIL, "disk.ssd_worn" },
	{ "diag/smart/ata-selftest-fatal.json", DIAG_WARN, "disk.selftest_not_completed" },
	{ "diag/smart/ata-selftest-read-failure.json", DIAG_FAIL, "disk.selftest_failed" },
	{ "diag/smart/ata-selftest-log-errors.json", DIAG_WARN, "disk.selftest_log_errors" },
	{ "diag/smart/nvme-cw-temperature.json", DIAG_WARN, "disk.nvme_temperature_now" },
	{ "diag/smart/nvme-cw-spare.json", DIAG_FAIL, "disk.nvme_spare_low" },
	{ "diag/smart/nvme-75c-wctemp80.json", DIAG_PASS, NULL },
	{ "diag/smart/nvme-82c-wctemp80.json", DIAG_WARN, "disk.hot" },
	{ "diag/smart/ata-ssd-60c-no-limits.json", DIAG_PASS, NULL },
	{ "diag/smart/ata-ssd-70c-sct-limit70.json", DIAG_FAIL, "disk.too_hot" },
	{ "diag/smart/ata-hdd-57c.json", DIAG_WARN, "disk.hot" },
	{ "diag/smart/ata-hdd-52c-attr190-limit50.json", DIAG_WARN, "disk.hot" },
	{ "diag/smart/nvme-media-errors.json", DIAG_FAIL, "disk.nvme_media_errors" },
	{ "diag/smart/nvme-spare-below-threshold.json", DIAG_FAIL, "disk.nvme_spare" },
	{ "diag/smart/nvme-worn-85.json", DIAG_WARN, "disk.nvme_worn" },
	{ "diag/smart/truncated.json", DIAG_NOT_TESTED, "disk.unreadable" },
};

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void test_smart_fixtures(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(smart_cases) / sizeof(smart_cases[0]); i++) {
		const struct smart_case *c = &smart_cases[i];
		char path[4096];
		size_t len;
		fixture(path, sizeof(path), c->file);
		char *text = slurp(path, &len);
		struct diag_part p;
		assert_int_equal(diag_part_init(&p, "disk", "sdx"), 0);
		diag_smart_eval_text(text, len, &p);
		diag_part_judge(&p);
		if (p.verdict != c->verdict || (c->rule && (!p.rule || strcmp(p.rule->code, c->rule) != 0)))
			fail_msg("%s: got %s (%s), want %s (%s)", c->file, diag_verdict_name(p.verdict),
				 p.rule ? p.rule->code : "-", diag_verdict_name(c->verdict), c->rule ? c->rule : "-");
		if (!c->rule)
			assert_null(p.rule);
		diag_part_release(&p);
		free(text);
	}
}

/* Every fixture file has an expectation above (a new file needs one). */
static void test_smart_every_fixture_listed(void **state)
{
	(void)state;
	const char *dirs[] = { "smart", "diag/smart" };
	for (size_t d = 0; d < 2; d++) {
		char path[4096];
		fixture(path, sizeof(path), dirs[d]);
		DIR *dir = opendir(path);
		assert_non_null(dir);
		struct dirent *de;
		while ((de = readdir(dir))) {
			size_t n = strlen(de->d_name);
			if (n < 5 || strcmp(de->d_name + n - 5, ".json") != 0)
				continue;
			char rel[512];
			snprintf(rel, sizeof(rel), "%s/%s", dirs[d], de->d_name);
			int found = 0;
			for (size_t i = 0; i < sizeof(smart_cases) / sizeof(smart_cases[0]); i++)
				found |= strcmp(smart_cases[i].file, rel) == 0;
			if (!found)
				fail_msg("%s has no expected verdict", rel);
		}
		closedir(dir);
	}
}

static void test_smart_details(void **state)
{
	(void)state;
	char path[4096];
	size_t len;
	fixture(path, sizeof(path), "smart/smart-nvme.json");
	char *text = slurp(path, &len);
	struct diag_part p;
	diag_part_init(&p, "disk", "nvme0n1");
	assert_int_equal(diag_smart_eval_text(text, len, &p), 0);
	int64_t v;
	assert_true(diag_metric_get(&p, "disk.power_on_hours", &v));
	assert_int_equal(v, 2401);
	assert_true(diag_metric_get(&p, "nvme.spare_margin", &v));
	assert_int_equal(v, 90);
	assert_string_equal(json_string_value(json_object_get(p.details, "model")), "INTEL SSDPEKNW010T8");
	diag_part_release(&p);
	free(text);
	/* not JSON at all */
	diag_part_init(&p, "disk", "x");
	assert_int_equal(diag_smart_eval_text("nope", 4, &p), -EINVAL);
	assert_true(diag_metric_get(&p, "smart.unreadable", &v));
	diag_part_release(&p);
}

/* ---- rules and grades ----------------------------------------------------- */

static void test_rule_table(void **state)
{
	(void)state;
	size_t n;
	const struct diag_rule *r = diag_rules(&n);
	assert_true(n > 20);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(r[i].reason);
		assert_non_null(r[i].action);
		assert_true(r[i].dir == DIAG_REQUIRED || r[i].warn_at != DIAG_NEVER || r[i].fail_at != DIAG_NEVER);
		for (size_t j = 0; j < i; j++)
			if (strcmp(r[i].code, r[j].code) == 0)
				fail_msg("duplicate rule %s", r[i].code);
	}
}

static void test_grades(void **state)
{
	(void)state;
	struct diag_part parts[3];
	diag_part_init(&parts[0], "cpu", "cpu");
	diag_part_init(&parts[1], "disk", "sda");
	diag_part_init(&parts[2], "battery", "BAT0");
	/* each with the measurements its kind requires */
	diag_metric_set(&parts[0], "cpu.min_rounds", 500);
	diag_metric_set(&parts[0], "cpu.errors", 0);
	diag_metric_set(&parts[1], "smart.read", 1);
	diag_metric_set(&parts[2], "battery.health_permille", 950);
	for (int i = 0; i < 3; i++)
		diag_part_judge(&parts[i]);
	assert_int_equal(diag_grade(parts, 3), 'A');
	diag_metric_set(&parts[2], "battery.cycles", 900);
	diag_part_judge(&parts[2]);
	assert_int_equal(parts[2].verdict, DIAG_WARN);
	assert_int_equal(diag_grade(parts, 3), 'B');
	diag_metric_set(&parts[1], "ata.197", 3);
	diag_part_judge(&parts[1]);
	assert_int_equal(diag_grade(parts, 3), 'C');
	diag_metric_set(&parts[0], "cpu.errors", 1);
	diag_part_judge(&parts[0]);
	assert_int_equal(diag_grade(parts, 3), 'D');
	/* reason text: value substituted, per mille as a percentage */
	char *reason = diag_part_reason(&parts[1], 0);
	assert_string_equal(reason, "3 places on the disk cannot be read any more.");
	free(reason);
	diag_metric_set(&parts[2], "battery.health_permille", 555);
	diag_part_judge(&parts[2]);
	reason = diag_part_reason(&parts[2], 0);
	assert_string_equal(reason, "The battery holds only 55.5% of its original charge.");
	free(reason);
	json_t *j = diag_part_json(&parts[2]);
	assert_string_equal(json_string_value(json_object_get(j, "verdict")), "FAIL");
	assert_string_equal(json_string_value(json_object_get(j, "rule")), "battery.worn");
	assert_int_equal(json_array_size(json_object_get(j, "findings")), 2);
	/* the text comes back from the code and the values alone */
	json_object_del(j, "reason");
	reason = diag_json_reason(j, 0);
	assert_string_equal(reason, "The battery holds only 55.5% of its original charge.");
	free(reason);
	json_decref(j);
	for (int i = 0; i < 3; i++)
		diag_part_release(&parts[i]);
}

/* ---- battery, thermal, cpufreq from captured trees ------------------------- */

static int read_batteries(const char *root_name, struct diag_part *out, size_t max)
{
	char root[4096];
	snprintf(root, sizeof(root), "%s/tests/fixtures/diag/roots/%s", top, root_name);
	int n = diag_battery_read(root, out, max);
	for (int i = 0; i < n; i++)
		diag_part_judge(&out[i]);
	return n;
}

static void test_battery_energy_units_cycle0(void **state)
{
	(void)state;
	struct diag_part b[4];
	assert_int_equal(read_batteries("laptop-good", b, 4), 1);
	int64_t v;
	assert_true(diag_metric_get(&b[0], "battery.health_permille", &v));
	assert_int_equal(v, 904);
	/* cycle_count 0 means "not reported": no cycles metric */
	assert_false(diag_metric_get(&b[0], "battery.cycles", &v));
	assert_int_equal(json_is_false(json_object_get(b[0].details, "cycle_count_reported")), 1);
	assert_string_equal(json_string_value(json_object_get(b[0].details, "unit")), "uWh");
	assert_int_equal(b[0].verdict, DIAG_PASS);
	diag_part_release(&b[0]);
}

static void test_battery_charge_units_55(void **state)
{
	(void)state;
	struct diag_part b[4];
	assert_int_equal(read_batteries("laptop-worn", b, 4), 1);
	assert_string_equal(b[0].id, "BAT1");
	assert_string_equal(json_string_value(json_object_get(b[0].details, "unit")), "uAh");
	assert_int_equal(b[0].verdict, DIAG_FAIL);
	assert_string_equal(b[0].rule->code, "battery.worn");
	assert_int_equal(b[0].rule_value, 550);
	diag_part_release(&b[0]);
}

static void test_battery_cycles_not_charging_mouse(void **state)
{
	(void)state;
	struct diag_part b[4];
	/* the mouse battery (scope Device) is skipped */
	assert_int_equal(read_batteries("laptop-slow", b, 4), 1);
	assert_int_equal(b[0].verdict, DIAG_WARN);
	assert_string_equal(b[0].rule->code, "battery.cycles");
	int64_t v;
	assert_true(diag_metric_get(&b[0], "battery.not_charging", &v));
	assert_int_equal(v, 1);
	assert_int_equal(json_array_size(b[0].findings), 2);
	diag_part_release(&b[0]);
}

static void test_no_battery(void **state)
{
	(void)state;
	struct diag_part b[4];
	assert_int_equal(read_batteries("desktop", b, 4), 0);
	assert_int_equal(read_batteries("does-not-exist", b, 4), 0);
}

static void thermal_of(const char *root_name, struct diag_part *p)
{
	char root[4096];
	snprintf(root, sizeof(root), "%s/tests/fixtures/diag/roots/%s", top, root_name);
	struct diag_thermal_watch w;
	diag_thermal_watch_init(&w, root);
	diag_thermal_watch_sample(&w, root, 1000); /* one sample under load */
	diag_part_init(p, "thermal", "thermal");
	diag_thermal_part(&w, 1, p);
	diag_thermal_watch_release(&w);
	diag_part_judge(p);
}

static void test_thermal_rules(void **state)
{
	(void)state;
	struct diag_part p;
	int64_t v;
	thermal_of("laptop-good", &p);
	assert_int_equal(p.verdict, DIAG_PASS);
	assert_true(diag_metric_get(&p, "thermal.margin_c", &v));
	assert_int_equal(v, 55);
	assert_true(diag_metric_get(&p, "thermal.fans_stopped_hot", &v));
	assert_int_equal(v, 0);
	diag_part_release(&p);

	thermal_of("laptop-worn", &p);
	assert_int_equal(p.verdict, DIAG_FAIL);
	assert_string_equal(p.rule->code, "thermal.near_critical");
	assert_int_equal(p.rule_value, 4);
	/* under load, the increase during the load counts (a still tree: 0) */
	assert_true(diag_metric_get(&p, "thermal.throttle_events", &v));
	assert_int_equal(v, 0);
	/* its fan header read 0 RPM in every sample: no fan connected, not a
	 * stopped fan */
	assert_true(diag_metric_get(&p, "thermal.fans_stopped_hot", &v));
	assert_int_equal(v, 0);
	assert_false(json_is_true(json_object_get(json_array_get(json_object_get(p.details, "fans"), 0), "connected")));
	/* hot, so "slow while cool" does not apply */
	assert_false(diag_metric_get(&p, "thermal.slow_while_cool_permille", &v));
	diag_part_release(&p);

	thermal_of("laptop-slow", &p);
	assert_int_equal(p.verdict, DIAG_WARN);
	assert_string_equal(p.rule->code, "thermal.slow_while_cool");
	assert_int_equal(p.rule_value, 333);
	assert_string_equal(json_string_value(json_object_get(p.details, "speed_limited_by")), "bios_limit");
	diag_part_release(&p);

	/* acpitz measures the board, not the processor: not tested */
	thermal_of("desktop", &p);
	assert_int_equal(p.verdict, DIAG_NOT_TESTED);
	assert_string_equal(p.rule->code, "thermal.no_cpu_sensor");
	assert_true(diag_metric_get(&p, "thermal.margin_c", &v));
	assert_int_equal(v, 55);
	diag_part_release(&p);
}

static void test_sensors_mce_edac_memtest(void **state)
{
	(void)state;
	char root[4096];
	struct diag_snapshot s;
	snprintf(root, sizeof(root), "%s/tests/fixtures/diag/roots/desktop", top);
	diag_sensors_read(root, &s);
	assert_int_equal(s.edac_ce, 3);
	assert_int_equal(s.edac_ue, 0);
	assert_int_equal(s.early_memtest_bad, 12);
	assert_int_equal(s.mce_count, -1);
	/* the ram part takes EarlyMemtestBad and the EDAC counters */
	struct diag_ram_result r = { .size = 1 << 20, .threads = 1, .loops = 1 };
	struct diag_part p;
	diag_part_init(&p, "ram", "ram");
	diag_ram_part(&r, &s, &s, &p);
	diag_part_judge(&p);
	assert_int_equal(p.verdict, DIAG_FAIL);
	assert_string_equal(p.rule->code, "ram.early_memtest");
	diag_part_release(&p);

	snprintf(root, sizeof(root), "%s/tests/fixtures/diag/roots/laptop-good", top);
	diag_sensors_read(root, &s);
	assert_int_equal(s.mce_count, 0);
	assert_int_equal(s.n_cpus, 2);
	assert_int_equal(s.freq_khz[1], 1800000);
	assert_int_equal(s.max_freq_khz, 2400000);
	assert_int_equal(s.n_fans, 1);
	assert_int_equal(s.fans[0].rpm, 2100);
	assert_string_equal(s.fans[0].name, "thinkpad fan1");
	snprintf(root, sizeof(root), "%s/tests/fixtures/diag/roots/laptop-worn", top);
	diag_sensors_read(root, &s);
	assert_int_equal(s.throttle_events, 4 * 3 + 9); /* core counts summed, package once */
}

/* ---- RAM fault injection ----------------------------------------------------- */

static void inject_case(uint64_t size, unsigned threads, uint64_t offset, unsigned bit)
{
	static struct diag_ram_result r;
	struct diag_ram_opts o = {
		.size = size, .full = 1, .threads = threads, .loops = 1, .no_mlock = 1,
		.inject = { 1, -1, offset, bit },
	};
	struct reco_err err = { 0 };
	assert_int_equal(diag_ram_run(&o, &r, &err), 0);
	size_t n_algos;
	const struct ram_algo *prof = ram_profile(1, &n_algos);
	assert_true(n_algos <= DIAG_RAM_MAX_ERRORS);
	/* exactly one error per algorithm, at the right word and bit */
	assert_int_equal(r.error_count, n_algos);
	assert_int_equal(r.bitmask, 1ULL << bit);
	assert_int_equal(r.n_errors, n_algos);
	for (size_t a = 0; a < n_algos; a++) {
		if (r.errors_per_algo[a] != 1)
			fail_msg("%s: %llu errors for one flipped bit", prof[a].name,
				 (unsigned long long)r.errors_per_algo[a]);
		int seen = 0;
		for (size_t i = 0; i < r.n_errors; i++) {
			const struct ram_error *e = &r.errors[i];
			if (e->algo != a)
				continue;
			seen = 1;
			if (e->offset != (offset & ~7ULL) || (e->expected ^ e->actual) != 1ULL << bit)
				fail_msg("%s: error at offset %llu mask %llx, want %llu mask %llx", prof[a].name,
					 (unsigned long long)e->offset, (unsigned long long)(e->expected ^ e->actual),
					 (unsigned long long)offset, 1ULL << bit);
		}
		if (!seen)
			fail_msg("%s did not report the flipped bit", prof[a].name);
	}
}

static void test_ram_clean(void **state)
{
	(void)state;
	static struct diag_ram_result r;
	struct diag_ram_opts o = { .size = 1 << 20, .full = 1, .threads = 2, .no_mlock = 1 };
	assert_int_equal(diag_ram_run(&o, &r, NULL), 0);
	assert_int_equal(r.error_count, 0);
	assert_int_equal(r.sweeps, ram_profile_sweeps(1));
	assert_int_equal(r.bytes_moved, (uint64_t)ram_profile_accesses(1) * (1 << 20));
	/* quick is a prefix of full with a few dozen passes */
	assert_true(ram_profile_sweeps(0) >= 12);
	assert_true(ram_profile_sweeps(1) > ram_profile_sweeps(0));
}

static void test_ram_inject_every_algorithm(void **state)
{
	(void)state;
	inject_case(1 << 20, 2, 3 * 4096 + 40, 37);      /* first thread's slice */
	inject_case(1 << 20, 2, (1 << 20) - 8, 63);      /* last word, second thread */
	inject_case(1 << 20, 1, 0, 0);                   /* first word */
	inject_case(3 << 20, 3, (2 << 20) + 4096 * 7 + 16, 12); /* middle thread */
}

static void test_ram_quick_inject(void **state)
{
	(void)state;
	static struct diag_ram_result r;
	struct diag_ram_opts o = { .size = 1 << 20, .full = 0, .threads = 2, .no_mlock = 1,
				   .inject = { 1, 1, 777 * 8, 5 } };
	assert_int_equal(diag_ram_run(&o, &r, NULL), 0);
	assert_int_equal(r.error_count, 1); /* only algorithm 1 was targeted */
	assert_int_equal(r.errors[0].algo, 1);
	assert_int_equal(r.errors[0].offset, 777 * 8);
	assert_int_equal(r.errors[0].expected ^ r.errors[0].actual, 1ULL << 5);
	assert_int_equal(r.errors[0].vaddr % 8, 0);
	struct diag_part p;
	diag_part_init(&p, "ram", "ram");
	diag_ram_part(&r, NULL, NULL, &p);
	diag_part_judge(&p);
	assert_int_equal(p.verdict, DIAG_FAIL);
	json_t *e0 = json_array_get(json_object_get(p.details, "error_list"), 0);
	assert_string_equal(json_string_value(json_object_get(e0, "bit_mask")), "0x0000000000000020");
	assert_string_equal(json_string_value(json_object_get(e0, "test")), "intra-word-55-33");
	diag_part_release(&p);
}

static void test_ram_patterns(void **state)
{
	(void)state;
	struct ram_pat walk = { PAT_WALK, 0, 0 }, bf = { PAT_BITFLIP, 0, 0 }, bs = { PAT_BYTESEQ, 0, 0 };
	assert_int_equal(ram_pat_value(&walk, 5, 0), 1ULL << 5);
	assert_int_equal(ram_pat_value(&walk, 64 + 3, 0), 1ULL << 3);
	assert_int_equal(ram_pat_value(&bf, 2, 0), 1ULL << 1);
	assert_int_equal(ram_pat_value(&bf, 3, 0), ~(1ULL << 1));
	assert_int_equal(ram_pat_value(&bs, 0x1ab, 0), 0xababababababababULL);
}

/* ---- CPU ---------------------------------------------------------------------- */

static void test_sha256(void **state)
{
	(void)state;
	unsigned char d[32];
	diag_sha256("abc", 3, d);
	static const unsigned char want[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
		0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
	};
	assert_memory_equal(d, want, 32);
	/* 56 bytes: the padding spills into a second block */
	diag_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, d);
	assert_int_equal(d[0], 0x24);
	assert_int_equal(d[31], 0xc1);
}

static void test_cpu_known_answers(void **state)
{
	(void)state;
	assert_int_equal(diag_cpu_selftest(-1), 0);
	for (int k = 0; k < CPU_K_COUNT; k++)
		assert_int_equal(diag_cpu_selftest(k), k + 1);
}

static void test_cpu_run_injected(void **state)
{
	(void)state;
	static struct diag_cpu_result r;
	struct diag_cpu_opts o = { .threads = 2, .duration_ms = 300, .inject_kernel = CPU_K_SHA256 };
	assert_int_equal(diag_cpu_run(&o, &r), 0);
	assert_int_equal(r.errors, 1);
	assert_int_equal(r.first_error_kernel, CPU_K_SHA256);
	assert_int_equal(r.first_error_thread, 0);
	assert_true(r.ops[0] > 3 && r.ops[1] > 0);
	struct diag_part p;
	diag_part_init(&p, "cpu", "cpu");
	diag_cpu_part(&r, NULL, &p);
	diag_part_judge(&p);
	assert_int_equal(p.verdict, DIAG_FAIL);
	assert_string_equal(p.rule->code, "cpu.wrong_results");
	diag_part_release(&p);

	o.inject_kernel = -1;
	assert_int_equal(diag_cpu_run(&o, &r), 0);
	assert_int_equal(r.errors, 0);
	assert_true(r.ops_per_s[0] > 0);
}

/* ---- surface ------------------------------------------------------------------ */

static void test_surface_file_and_wipe(void **state)
{
	(void)state;
	char path[] = "/tmp/reco-diag-surface.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 4 << 20), 0);
	close(fd);
	struct diag_part p;
	diag_part_init(&p, "disk", "file");
	struct diag_surface_opts o = { .max_samples = 40, .sample_bytes = 65536 };
	struct reco_err err = { 0 };
	int rc = diag_surface_scan(path, &o, &p, &err);
	unlink(path);
	assert_int_equal(rc, 0);
	json_t *h = json_object_get(json_object_get(p.details, "surface"), "latency_histogram");
	json_int_t sum = 0;
	const char *k;
	json_t *v;
	json_object_foreach(h, k, v) sum += json_integer_value(v);
	assert_int_equal(sum, 40);
	int64_t m;
	assert_true(diag_metric_get(&p, "surface.read_errors", &m));
	assert_int_equal(m, 0);
	diag_part_release(&p);

	assert_int_equal(diag_surface_scan("/nonexistent/disk", &o, &p, &err), -ENOENT);

	json_t *wipe = json_loads("{\"schema\":\"reco-wipe/1\",\"targets\":[{\"path\":\"/dev/sdb\","
				  "\"bad_ranges\":[{\"first_lba\":100,\"count\":8}],"
				  "\"surface\":{\"latency_histogram\":{\"lt5ms\":900,\"lt20ms\":50,\"lt50ms\":10,"
				  "\"lt150ms\":5,\"lt500ms\":20,\"ge500ms\":15},\"slowest\":[{\"lba\":5,\"ms\":900}]}}]}",
				  0, NULL);
	assert_non_null(wipe);
	diag_part_init(&p, "disk", "sdb");
	assert_int_equal(diag_surface_from_wipe(wipe, "/dev/sda", &p), 0);
	assert_int_equal(diag_surface_from_wipe(wipe, "/dev/sdb", &p), 1);
	diag_part_judge(&p);
	assert_int_equal(p.verdict, DIAG_FAIL);
	assert_string_equal(p.rule->code, "disk.read_errors");
	assert_int_equal(p.rule_value, 8);
	assert_true(diag_metric_get(&p, "surface.ge500ms", &m));
	assert_int_equal(m, 15);
	assert_true(diag_metric_get(&p, "surface.slow_permille", &m));
	assert_int_equal(m, 40);
	diag_part_release(&p);
	json_decref(wipe);
}

/* ---- sheet ---------------------------------------------------------------------- */

static void test_sheet(void **state)
{
	(void)state;
	struct diag_part parts[3];
	diag_part_init(&parts[0], "cpu", "cpu");
	diag_metric_set(&parts[0], "cpu.min_rounds", 500);
	diag_part_init(&parts[1], "disk", "sda");
	json_object_set_new(parts[1].details, "model", json_string("WDC WD5000"));
	diag_metric_set(&parts[1], "smart.read", 1);
	diag_metric_set(&parts[1], "smart.health_failed", 1);
	diag_part_init(&parts[2], "ram", "ram");
	diag_part_state(&parts[2], "ram.could_not_run", "Cannot allocate memory");
	for (int i = 0; i < 3; i++)
		diag_part_judge(&parts[i]);
	json_t *doc = json_pack("{s:[o,o,o]}", "parts", diag_part_json(&parts[0]), diag_part_json(&parts[1]),
				diag_part_json(&parts[2]));
	diag_summary_json(doc, parts, 3);
	assert_string_equal(json_string_value(json_object_get(doc, "grade")), "C");
	assert_false(json_is_true(json_object_get(doc, "complete")));
	char *s = diag_sheet_text(doc, "Dell Latitude E6440", "2026-11-28", 0);
	assert_non_null(s);
	/* a read-only session: the sheet may say nothing was changed */
	assert_non_null(strstr(s, "Nothing was erased or changed on your computer"));
	assert_null(strstr(s, "were wiped"));
	assert_non_null(strstr(s, "Dell Latitude E6440"));
	assert_non_null(strstr(s, "[ XX ] Disk sda (WDC WD5000): faulty."));
	assert_non_null(strstr(s, "save your photos"));
	assert_non_null(strstr(s, "[ OK ] Processor: good."));
	/* the memory is listed as not tested, with its reason */
	assert_non_null(strstr(s, "[ ?? ] Memory: not tested."));
	assert_non_null(strstr(s, "The memory test could not run. (Cannot allocate memory)"));
	assert_non_null(strstr(s, "Diagnosis incomplete: Memory not tested.")); /* grade C already */
	/* the failing part comes first, then the untested one */
	assert_true(strstr(s, "[ XX ]") < strstr(s, "[ ?? ]"));
	assert_true(strstr(s, "[ ?? ]") < strstr(s, "[ OK ]"));
	for (char *line = s; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		size_t chars = 0;
		for (char *c = line; *c && *c != '\n'; c++)
			chars += ((unsigned char)*c & 0xC0) != 0x80;
		assert_true(chars <= 72);
	}
	free(s);
	/* a wipe ran in the session: never "nothing was changed" */
	s = diag_sheet_text(doc, "Dell Latitude E6440", "2026-11-28", 1);
	assert_non_null(s);
	assert_null(strstr(s, "Nothing was erased"));
	assert_non_null(strstr(s, "Disks of your computer were wiped during this session"));
	free(s);
	json_decref(doc);
	for (int i = 0; i < 3; i++)
		diag_part_release(&parts[i]);
}

int main(void)
{
	const char *t = getenv("RECO_TOP");
	if (t && *t)
		snprintf(top, sizeof(top), "%s", t);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_smart_fixtures),
		cmocka_unit_test(test_smart_every_fixture_listed),
		cmocka_unit_test(test_smart_details),
		cmocka_unit_test(test_rule_table),
		cmocka_unit_test(test_grades),
		cmocka_unit_test(test_battery_energy_units_cycle0),
		cmocka_unit_test(test_battery_charge_units_55),
		cmocka_unit_test(test_battery_cycles_not_charging_mouse),
		cmocka_unit_test(test_no_battery),
		cmocka_unit_test(test_thermal_rules),
		cmocka_unit_test(test_sensors_mce_edac_memtest),
		cmocka_unit_test(test_ram_clean),
		cmocka_unit_test(test_ram_inject_every_algorithm),
		cmocka_unit_test(test_ram_quick_inject),
		cmocka_unit_test(test_ram_patterns),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_cpu_known_answers),
		cmocka_unit_test(test_cpu_run_injected),
		cmocka_unit_test(test_surface_file_and_wipe),
		cmocka_unit_test(test_sheet),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
