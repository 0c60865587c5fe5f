/*
 * test_diag_verdict.c — reco diag's verdict model: a part starts NOT_TESTED
 * and becomes PASS only when every measurement its rules require is there
 * and within limits; the grade is capped by what was not tested.  Each case
 * is a defect found by review (a PASS or an A for something not measured),
 * with captured-style sysfs trees under tests/fixtures/diag/roots.
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

static void root_of(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/tests/fixtures/diag/roots/%s", top, name);
}

#define assert_verdict(p, name) assert_string_equal(diag_verdict_name((p)->verdict), name)

/* A part with no measurement at all is not a PASS. */
static void test_empty_parts_not_tested(void **state)
{
	(void)state;
	static const char *const kinds[] = { "cpu", "ram", "disk", "battery", "thermal" };
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct diag_part p;
		diag_part_init(&p, kinds[i], kinds[i]);
		diag_part_judge(&p);
		if (p.verdict == DIAG_PASS)
			fail_msg("%s with no measurement judged PASS", kinds[i]);
		assert_verdict(&p, "NOT_TESTED");
		diag_part_release(&p);
	}
}

/* The cooling of a captured tree: one sample under the CPU load (loaded)
 * or none; the verdict's name. */
static const char *cooling(const char *name, int loaded)
{
	static char out[16];
	char root[4096];
	root_of(root, sizeof(root), name);
	struct diag_thermal_watch w;
	diag_thermal_watch_init(&w, root);
	if (loaded)
		diag_thermal_watch_sample(&w, root, 1000);
	struct diag_part p;
	diag_part_init(&p, "thermal", "thermal");
	diag_thermal_part(&w, loaded, &p);
	diag_thermal_watch_release(&w);
	diag_part_judge(&p);
	snprintf(out, sizeof(out), "%s", diag_verdict_name(p.verdict));
	diag_part_release(&p);
	return out;
}

/* No readable sensor: the cooling was not checked. */
static void test_thermal_no_sensor(void **state)
{
	(void)state;
	assert_string_equal(cooling("no-sensor", 1), "NOT_TESTED");
}

/* A temperature that is not the processor's (acpitz), or one read without
 * load, does not make the cooling tested. */
static void test_thermal_needs_cpu_sensor_under_load(void **state)
{
	(void)state;
	assert_string_equal(cooling("desktop", 1), "NOT_TESTED");     /* acpitz only */
	assert_string_equal(cooling("laptop-good", 0), "NOT_TESTED"); /* coretemp, no load */
	/* the same machine under load is tested and sound */
	assert_string_equal(cooling("laptop-good", 1), "PASS");
}

static void battery_of(const char *name, struct diag_part *p)
{
	char root[4096];
	root_of(root, sizeof(root), name);
	assert_int_equal(diag_battery_read(root, p, 1), 1);
	diag_part_judge(p);
}

/* design capacity 0: the wear is unknown, not fine */
static void test_battery_design_zero(void **state)
{
	(void)state;
	struct diag_part p;
	battery_of("battery-design0", &p);
	assert_verdict(&p, "NOT_TESTED");
	diag_part_release(&p);
}

/* 115 % of the design capacity is an implausible reading, not a PASS */
static void test_battery_implausible_ratio(void **state)
{
	(void)state;
	struct diag_part p;
	battery_of("battery-implausible", &p);
	assert_verdict(&p, "NOT_TESTED");
	diag_part_release(&p);
}

/* --duration 0: no verified round, no PASS */
static void test_cpu_zero_rounds(void **state)
{
	(void)state;
	struct diag_cpu_opts o = { .threads = 1, .duration_ms = 0, .inject_kernel = -1 };
	struct diag_cpu_result *r = calloc(1, sizeof(*r));
	assert_int_equal(diag_cpu_run(&o, r), 0);
	struct diag_part p;
	diag_part_init(&p, "cpu", "cpu");
	diag_cpu_part(r, NULL, &p);
	diag_part_judge(&p);
	assert_verdict(&p, "NOT_TESTED");
	diag_part_release(&p);
	free(r);
}

/* A header reading 0 RPM while another fan turns is an unconnected header,
 * not a stopped fan. */
static void test_fan_unconnected_header(void **state)
{
	(void)state;
	assert_string_equal(cooling("fan-unconnected", 1), "PASS");
}

/* Each fan judged at the moment the processor was hot. */
static void snap(struct diag_snapshot *s, int64_t cpu_mc, int64_t rpm)
{
	memset(s, 0, sizeof(*s));
	s->throttle_events = s->mce_count = -1;
	s->n_temps = 1;
	snprintf(s->temps[0].name, sizeof(s->temps[0].name), "coretemp Package id 0");
	s->temps[0].mc = cpu_mc;
	s->temps[0].crit_mc = 100000;
	s->temps[0].cpu = 1;
	s->n_fans = 1;
	snprintf(s->fans[0].name, sizeof(s->fans[0].name), "nct6775 fan2");
	s->fans[0].rpm = rpm;
}

static const char *fan_verdict(const int64_t (*series)[2], size_t n)
{
	static char out[16];
	struct diag_thermal_watch w;
	struct diag_snapshot s;
	memset(&w, 0, sizeof(w));
	w.max_mc = w.max_cpu_mc = -273000;
	w.series = json_array();
	snap(&s, series[0][0], series[0][1]);
	w.first = s;
	for (size_t i = 0; i < n; i++) {
		snap(&s, series[i][0], series[i][1]);
		diag_thermal_watch_add(&w, &s, 1000 * (i + 1));
	}
	struct diag_part p;
	diag_part_init(&p, "thermal", "thermal");
	diag_thermal_part(&w, 1, &p);
	diag_thermal_watch_release(&w);
	diag_part_judge(&p);
	snprintf(out, sizeof(out), "%s", diag_verdict_name(p.verdict));
	diag_part_release(&p);
	return out;
}

static void test_fan_at_the_moment_it_was_hot(void **state)
{
	(void)state;
	/* turned while cool, stood still once hot: a stopped fan */
	const int64_t stopped[][2] = { { 45000, 2000 }, { 55000, 2200 }, { 72000, 0 }, { 75000, 0 } };
	assert_string_equal(fan_verdict(stopped, 4), "WARN");
	/* still while cool (a laptop's silent mode), turning once hot: fine */
	const int64_t idle_stop[][2] = { { 40000, 0 }, { 50000, 0 }, { 70000, 2500 }, { 74000, 3100 } };
	assert_string_equal(fan_verdict(idle_stop, 4), "PASS");
	/* 0 RPM all along: no fan on that header, not a stopped fan */
	const int64_t none[][2] = { { 50000, 0 }, { 72000, 0 }, { 75000, 0 } };
	assert_string_equal(fan_verdict(none, 3), "PASS");
}

/* RAM coverage: the size tested against the memory installed, and a
 * buffer that may have gone to swap. */
static void test_ram_coverage(void **state)
{
	(void)state;
	struct diag_ram_result r = { .size = 16 << 20, .threads = 1, .loops = 1, .locked = 1 };
	struct diag_snapshot s;
	memset(&s, 0, sizeof(s));
	s.early_memtest_bad = s.edac_ce = s.edac_ue = -1;
	s.mem_total_kb = 4000000;
	s.swap_total_kb = 0;
	struct diag_part p;
	diag_part_init(&p, "ram", "ram");
	diag_ram_part(&r, &s, &s, &p);
	diag_part_judge(&p);
	assert_verdict(&p, "NOT_TESTED");
	assert_string_equal(p.rule->code, "ram.coverage");
	diag_part_release(&p);
	r.size = 3000ULL << 20; /* 77 % */
	diag_part_init(&p, "ram", "ram");
	diag_ram_part(&r, &s, &s, &p);
	diag_part_judge(&p);
	assert_verdict(&p, "PASS");
	diag_part_release(&p);
	/* not locked while swap is active: not tested either */
	r.locked = 0;
	s.swap_total_kb = 1 << 20;
	diag_part_init(&p, "ram", "ram");
	diag_ram_part(&r, &s, &s, &p);
	diag_part_judge(&p);
	assert_verdict(&p, "NOT_TESTED");
	assert_string_equal(p.rule->code, "ram.not_locked");
	diag_part_release(&p);
}

/* Grade A only when every part was tested and passed. */
static void test_grade_capped_by_not_tested(void **state)
{
	(void)state;
	struct diag_part parts[2];
	diag_part_init(&parts[0], "battery", "BAT0");
	diag_metric_set(&parts[0], "battery.health_permille", 950);
	diag_part_init(&parts[1], "ram", "ram"); /* could not run: nothing measured */
	for (int i = 0; i < 2; i++)
		diag_part_judge(&parts[i]);
	assert_int_equal(diag_grade(parts, 2), 'B');
	for (int i = 0; i < 2; i++)
		diag_part_release(&parts[i]);
}

/* ---- the CPU load: vector FMA, verified; turbo told from throttling ---- */

static void test_fma_every_level(void **state)
{
	(void)state;
	int best = diag_fma_level();
	assert_true(best == 2 || best == 3 || best == 5);
	/* every level up to this CPU's own gives the known answer, and a
	 * corrupted lane is caught */
	for (int level = 2; level <= best; level += level == 2 ? 1 : 2) {
		assert_int_equal(diag_fma_round(level, 0), 0);
		assert_int_equal(diag_fma_round(level, 1), 1);
	}
	/* the CPU test runs it, and says which unit */
	struct diag_cpu_opts o = { .threads = 1, .duration_ms = 200, .inject_kernel = -1 };
	struct diag_cpu_result *r = calloc(1, sizeof(*r));
	assert_int_equal(diag_cpu_run(&o, r), 0);
	assert_int_equal(r->fma_level, best);
	o.inject_kernel = CPU_K_FMA;
	assert_int_equal(diag_cpu_run(&o, r), 0);
	assert_int_equal(r->errors, 1);
	assert_int_equal(r->first_error_kernel, CPU_K_FMA);
	free(r);
}

/* 60 s of a run: rates per second, the throttle counters before/after. */
static void cpu_series(struct diag_part *p, const uint64_t *rate_at, size_t changes, int64_t thr_before,
		       int64_t thr_after)
{
	struct diag_cpu_result *r = calloc(1, sizeof(*r));
	r->threads = 1;
	r->elapsed_ms = 60000;
	r->ops[0] = 100000;
	r->n_seconds = 60;
	for (size_t s = 0; s < 60; s++) {
		size_t k = 0;
		while (k + 1 < changes && s >= rate_at[2 * (k + 1)])
			k++;
		r->per_second[s] = rate_at[2 * k + 1];
	}
	/* the old per-thread figures: first and last second */
	r->first_ops_per_s[0] = r->per_second[0];
	r->last_ops_per_s[0] = r->per_second[59];
	r->ops_per_s[0] = r->min_ops_per_s[0] = r->per_second[59];
	struct diag_thermal_watch w;
	memset(&w, 0, sizeof(w));
	w.first.throttle_events = thr_before;
	w.last.throttle_events = thr_after;
	w.first.mce_count = w.last.mce_count = -1;
	diag_part_init(p, "cpu", "cpu");
	diag_cpu_part(r, &w, p);
	diag_part_judge(p);
	free(r);
}

static void test_cpu_turbo_is_not_throttling(void **state)
{
	(void)state;
	struct diag_part p;
	/* 1000 rounds/s for 10 s (turbo), then 650 for good, counters still:
	 * the first-vs-last-second rule called that a 35 % slowdown */
	const uint64_t turbo[] = { 0, 1000, 10, 650 };
	cpu_series(&p, turbo, 2, 5, 5);
	assert_verdict(&p, "PASS");
	assert_string_equal(json_string_value(json_object_get(json_object_get(p.details, "rate"), "drop_is")),
			    "turbo to sustained");
	diag_part_release(&p);
	/* the same drop with the throttle counters rising: throttling */
	cpu_series(&p, turbo, 2, 5, 40);
	assert_verdict(&p, "WARN");
	assert_string_equal(p.rule->code, "cpu.throttled");
	diag_part_release(&p);
	/* settled, then kept declining: a slowdown even without counters */
	const uint64_t decline[] = { 0, 1000, 10, 800, 40, 700, 50, 500, 55, 400 };
	cpu_series(&p, decline, 5, -1, -1);
	assert_verdict(&p, "WARN");
	assert_string_equal(p.rule->code, "cpu.slowdown");
	diag_part_release(&p);
}

int main(void)
{
	const char *t = getenv("RECO_TOP");
	if (t && *t)
		snprintf(top, sizeof(top), "%s", t);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_parts_not_tested),
		cmocka_unit_test(test_thermal_no_sensor),
		cmocka_unit_test(test_thermal_needs_cpu_sensor_under_load),
		cmocka_unit_test(test_battery_design_zero),
		cmocka_unit_test(test_battery_implausible_ratio),
		cmocka_unit_test(test_cpu_zero_rounds),
		cmocka_unit_test(test_fan_unconnected_header),
		cmocka_unit_test(test_fan_at_the_moment_it_was_hot),
		cmocka_unit_test(test_ram_coverage),
		cmocka_unit_test(test_grade_capped_by_not_tested),
		cmocka_unit_test(test_fma_every_level),
		cmocka_unit_test(test_cpu_turbo_is_not_throttling),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
