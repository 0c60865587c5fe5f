/*
 * rules.c — the verdict table and the grade table (data, not branches).
 *
 * A check reports metrics; each row below reads one metric and says at what
 * value the part becomes WARN or FAIL, why (in words a Repair Café visitor
 * understands) and what to do.  The worst row decides the part's verdict;
 * the grade table then maps part verdicts to the machine's grade.  The
 * README's "Diagnostics" section prints the same table.
 *
 * Sources for the thresholds: smartctl's own health verdicts; Backblaze's
 * drive statistics (SMART 5, 187, 188, 197, 198 non-zero are the strongest
 * failure predictors; failure rates climb after about five years of power-on
 * time); NVMe 1.4 SMART/Health log (critical warning, available spare vs its
 * threshold, percentage used); hw-probe for battery wear.
 */
#include "diag.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/util.h"

#define H DIAG_HIGH_IS_BAD
#define L DIAG_LOW_IS_BAD
#define NEVER DIAG_NEVER

static const struct diag_rule rules[] = {
	/* ---- CPU ---- */
	{ "cpu.wrong_results", "cpu", "cpu.errors", H, NEVER, 1,
	  N_("The processor gave wrong results under load ({n})."),
	  N_("Do not give this computer away as is: the processor or the motherboard is faulty.") },
	{ "cpu.machine_checks", "cpu", "cpu.mce_new", H, 1, NEVER,
	  N_("The processor reported {n} hardware errors (machine checks) during the test."),
	  N_("Run the test again; if it happens again, the processor, memory or motherboard is faulty.") },
	{ "cpu.slowdown", "cpu", "cpu.slowdown_permille", H, 300, NEVER,
	  /* xgettext:no-c-format */
	  N_("The processor slowed down by {n}% during the test."),
	  N_("Clean the fans and air vents and check the cooling."), 1 },
	/* ---- RAM ---- */
	{ "ram.errors", "ram", "ram.errors", H, NEVER, 1,
	  N_("The memory test found errors ({n})."),
	  N_("Replace the faulty memory module (test the modules one at a time to find it).") },
	{ "ram.early_memtest", "ram", "ram.early_memtest_bad_kb", H, NEVER, 1,
	  N_("The memory test at start-up found {n} KiB of bad memory."),
	  N_("Replace the faulty memory module (test the modules one at a time to find it).") },
	{ "ram.ecc_uncorrected", "ram", "ram.ecc_uncorrected", H, NEVER, 1,
	  N_("The memory reported {n} errors it could not correct."),
	  N_("Replace the faulty memory module (test the modules one at a time to find it).") },
	{ "ram.ecc_corrected", "ram", "ram.ecc_corrected_new", H, 1, NEVER,
	  N_("The memory corrected {n} errors during the test."),
	  N_("The memory still works but a module is weakening: plan to replace it.") },
	{ "ram.small", "ram", "ram.size_mib", L, 2047, NEVER,
	  N_("This computer has only {n} MiB of memory."),
	  N_("Add memory if possible: 4 GiB or more makes a current system comfortable.") },
	/* ---- disks (SMART) ---- */
	{ "disk.unreadable", "disk", "smart.unreadable", H, 1, NEVER,
	  N_("The health of this disk could not be read."),
	  N_("Check the disk another way (a disk behind a RAID controller or a USB adapter hides its health).") },
	{ "disk.health_failed", "disk", "smart.health_failed", H, NEVER, 1,
	  N_("The disk itself reports that it is failing."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.attribute_failing", "disk", "smart.attrs_failing_now", H, NEVER, 1,
	  N_("Health indicators of the disk are below the maker's failure threshold (count: {n})."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.attribute_failed_past", "disk", "smart.attrs_failed_past", H, 1, NEVER,
	  N_("Health indicators of the disk were below the maker's failure threshold in the past (count: {n})."),
	  N_("Keep a backup of your data and watch this disk.") },
	{ "disk.pending_sectors", "disk", "ata.197", H, NEVER, 1,
	  N_("{n} places on the disk cannot be read any more."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.offline_uncorrectable", "disk", "ata.198", H, NEVER, 1,
	  N_("{n} places on the disk could not be read during its own check."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.reallocated", "disk", "ata.5", H, 1, 100,
	  N_("The disk has replaced {n} damaged places with spare ones."),
	  N_("Keep a backup of your data; replace the disk if the number grows.") },
	{ "disk.reported_uncorrect", "disk", "ata.187", H, 1, 10,
	  N_("The disk could not correct {n} read errors."),
	  N_("Keep a backup of your data; replace the disk if the number grows.") },
	{ "disk.command_timeout", "disk", "ata.188", H, 1, NEVER,
	  N_("The disk did not answer in time {n} times."),
	  N_("Check the cable and the power supply; replace the disk if it goes on.") },
	{ "disk.spin_retry", "disk", "ata.10", H, 1, NEVER,
	  N_("The disk needed {n} attempts to spin up."),
	  N_("The motor of this disk is weakening: keep a backup and plan to replace it.") },
	{ "disk.crc_errors", "disk", "ata.199", H, 1, NEVER,
	  N_("{n} transfer errors between the disk and the computer."),
	  N_("Replace the disk cable (SATA); the disk itself may be fine.") },
	{ "disk.old", "disk", "disk.power_on_hours", H, 43800, NEVER,
	  N_("The disk has been running for {n} hours (more than five years)."),
	  N_("Old disks fail more often: keep a backup and plan to replace it.") },
	{ "disk.nvme_critical_warning", "disk", "nvme.critical_warning", H, NEVER, 1,
	  N_("The disk raises a critical warning (code {n})."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.nvme_media_errors", "disk", "nvme.media_errors", H, NEVER, 1,
	  N_("The disk lost data {n} times (media errors)."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.nvme_worn", "disk", "nvme.percentage_used", H, 80, 100,
	  /* xgettext:no-c-format */
	  N_("The disk has used {n}% of its rated life."),
	  N_("Keep a backup of your data and plan to replace the disk.") },
	{ "disk.nvme_spare", "disk", "nvme.spare_margin", L, 10, 0,
	  N_("The disk's reserve of spare blocks is at or near its limit (margin: {n} points)."),
	  N_("Your disk is wearing out: save your photos and documents now and plan to replace the disk.") },
	{ "disk.scsi_defects", "disk", "scsi.grown_defects", H, 1, 100,
	  N_("The disk has {n} damaged places found since it was made."),
	  N_("Keep a backup of your data; replace the disk if the number grows.") },
	{ "disk.scsi_uncorrected", "disk", "scsi.uncorrected_errors", H, NEVER, 1,
	  N_("The disk could not correct {n} errors."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.selftest_failed", "disk", "smart.selftest_failed", H, NEVER, 1,
	  N_("The disk failed its own self-test."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.hot", "disk", "disk.temperature_c", H, 55, 65,
	  N_("The disk is very hot ({n} °C)."),
	  N_("Check the fans and the air flow around the disk.") },
	/* ---- disks (surface scan) ---- */
	{ "disk.read_errors", "disk", "surface.read_errors", H, NEVER, 1,
	  N_("{n} places on the disk could not be read during the scan."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.very_slow_reads", "disk", "surface.ge500ms", H, 1, 10,
	  N_("{n} reads took more than half a second."),
	  N_("The disk struggles to read some places: keep a backup and plan to replace it.") },
	{ "disk.slow_reads", "disk", "surface.slow_permille", H, 10, NEVER,
	  /* xgettext:no-c-format */
	  N_("{n}% of the reads were slow (150 ms or more)."),
	  N_("The disk struggles to read some places: keep a backup and plan to replace it."), 1 },
	/* ---- battery ---- */
	{ "battery.worn", "battery", "battery.health_permille", L, 799, 599,
	  /* xgettext:no-c-format */
	  N_("The battery holds only {n}% of its original charge."),
	  N_("Replace the battery (or use the computer plugged in)."), 1 },
	{ "battery.cycles", "battery", "battery.cycles", H, 751, NEVER,
	  N_("The battery has been charged {n} times."),
	  N_("The battery is ageing: plan to replace it.") },
	{ "battery.not_charging", "battery", "battery.not_charging", H, 1, NEVER,
	  N_("The battery does not charge although the charger is plugged in."),
	  N_("Try another charger; if it still does not charge, replace the battery.") },
	/* ---- thermal ---- */
	{ "thermal.near_critical", "thermal", "thermal.margin_c", L, 15, 5,
	  N_("The computer got within {n} °C of its emergency shutdown temperature."),
	  N_("Clean the fans and air vents; renew the thermal paste if it continues.") },
	{ "thermal.throttling", "thermal", "thermal.throttle_events", H, 1, NEVER,
	  N_("The processor slowed itself down {n} times to cool off."),
	  N_("Clean the fans and air vents; renew the thermal paste if it continues.") },
	{ "thermal.fan_stopped", "thermal", "thermal.fan_stopped", H, 1, NEVER,
	  N_("A fan stayed at 0 RPM while the computer was hot."),
	  N_("Check that the fan turns; clean or replace it.") },
	{ "thermal.slow_while_cool", "thermal", "thermal.slow_while_cool_permille", L, 700, NEVER,
	  /* xgettext:no-c-format */
	  N_("The processor runs at only {n}% of its speed although it is cool."),
	  N_("Often a charger the computer does not recognise, or a dead battery: try the original charger."), 1 },
};

static const struct diag_grade_rule grades[] = {
	{ "cpu", DIAG_FAIL, 'D', N_("not usable: the processor or the motherboard is faulty") },
	{ "ram", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "disk", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "battery", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "thermal", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "*", DIAG_WARN, 'B', N_("works, with a weakness to mention to whoever receives it") },
	{ "*", DIAG_PASS, 'A', N_("everything tested is sound") },
};

const struct diag_rule *diag_rules(size_t *count)
{
	*count = sizeof(rules) / sizeof(rules[0]);
	return rules;
}

const struct diag_grade_rule *diag_grade_rules(size_t *count)
{
	*count = sizeof(grades) / sizeof(grades[0]);
	return grades;
}

const char *diag_grade_meaning(char grade)
{
	for (size_t i = 0; i < sizeof(grades) / sizeof(grades[0]); i++)
		if (grades[i].grade == grade)
			return grades[i].meaning;
	return "";
}

const char *diag_verdict_name(enum diag_verdict v)
{
	return v == DIAG_FAIL ? "FAIL" : v == DIAG_WARN ? "WARN" : "PASS";
}

int diag_part_init(struct diag_part *p, const char *part, const char *id)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->part, sizeof(p->part), "%s", part);
	snprintf(p->id, sizeof(p->id), "%s", id ? id : part);
	p->details = json_object();
	return p->details ? 0 : -12;
}

void diag_part_release(struct diag_part *p)
{
	json_decref(p->details);
	json_decref(p->findings);
	p->details = p->findings = NULL;
}

void diag_metric_set(struct diag_part *p, const char *name, int64_t value)
{
	for (size_t i = 0; i < p->n_metrics; i++)
		if (strcmp(p->metrics[i].name, name) == 0) {
			p->metrics[i].value = value;
			return;
		}
	if (p->n_metrics < DIAG_MAX_METRICS)
		p->metrics[p->n_metrics++] = (struct diag_metric){ name, value };
}

int diag_metric_get(const struct diag_part *p, const char *name, int64_t *value)
{
	for (size_t i = 0; i < p->n_metrics; i++)
		if (strcmp(p->metrics[i].name, name) == 0) {
			*value = p->metrics[i].value;
			return 1;
		}
	return 0;
}

static enum diag_verdict rule_level(const struct diag_rule *r, int64_t v)
{
	if (r->dir == DIAG_HIGH_IS_BAD) {
		if (r->fail_at != NEVER && v >= r->fail_at) return DIAG_FAIL;
		if (r->warn_at != NEVER && v >= r->warn_at) return DIAG_WARN;
	} else {
		if (r->fail_at != NEVER && v <= r->fail_at) return DIAG_FAIL;
		if (r->warn_at != NEVER && v <= r->warn_at) return DIAG_WARN;
	}
	return DIAG_PASS;
}

void diag_part_judge(struct diag_part *p)
{
	json_decref(p->findings);
	p->findings = json_array();
	p->verdict = DIAG_PASS;
	p->rule = NULL;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		const struct diag_rule *r = &rules[i];
		int64_t v;
		if (strcmp(r->part, p->part) != 0 || !diag_metric_get(p, r->metric, &v))
			continue;
		enum diag_verdict lv = rule_level(r, v);
		if (lv == DIAG_PASS)
			continue;
		json_array_append_new(p->findings, json_pack("{s:s,s:s,s:I}", "rule", r->code, "verdict",
							     diag_verdict_name(lv), "value", (json_int_t)v));
		/* the first row at the worst level explains the verdict */
		if (!p->rule || lv > p->verdict) {
			p->verdict = lv;
			p->rule = r;
			p->rule_value = v;
		}
	}
}

/* The template with "{n}" replaced by v (per mille shown as a percentage
 * with one decimal when it has one: 55.5). */
static char *subst(const char *tmpl, int64_t v, int per_mille, int localised)
{
	const char *at = strstr(tmpl, "{n}");
	char num[32];
	if (!at)
		return strdup(tmpl);
	/* the locale's decimal separator for people ("33,3 %"), '.' in JSON */
	const char *dp = localised ? localeconv()->decimal_point : ".";
	if (per_mille && v % 10)
		snprintf(num, sizeof(num), "%lld%s%lld", (long long)(v / 10), dp && *dp ? dp : ".",
			 (long long)(v < 0 ? -v : v) % 10);
	else
		snprintf(num, sizeof(num), "%lld", (long long)(per_mille ? v / 10 : v));
	return reco_asprintf("%.*s%s%s", (int)(at - tmpl), tmpl, num, at + 3);
}

char *diag_part_reason(const struct diag_part *p, int translated)
{
	if (!p->rule)
		return strdup(translated ? _("No problem found.") : "No problem found.");
	return subst(translated ? _(p->rule->reason) : p->rule->reason, p->rule_value, p->rule->per_mille, translated);
}

char *diag_part_action(const struct diag_part *p, int translated)
{
	if (!p->rule)
		return strdup(translated ? _("Nothing to do.") : "Nothing to do.");
	return subst(translated ? _(p->rule->action) : p->rule->action, p->rule_value, p->rule->per_mille, translated);
}

json_t *diag_part_json(const struct diag_part *p)
{
	json_t *o = json_deep_copy(p->details);
	if (!o)
		return NULL;
	char *reason = diag_part_reason(p, 0), *action = diag_part_action(p, 0);
	json_object_set_new(o, "part", json_string(p->part));
	json_object_set_new(o, "id", reco_json_string_lossy(p->id));
	json_object_set_new(o, "verdict", json_string(diag_verdict_name(p->verdict)));
	json_object_set_new(o, "reason", json_string(reason ? reason : ""));
	json_object_set_new(o, "action", json_string(action ? action : ""));
	if (p->rule)
		json_object_set_new(o, "rule", json_string(p->rule->code));
	json_object_set_new(o, "findings", p->findings ? json_incref(p->findings) : json_array());
	free(reason);
	free(action);
	return o;
}

char diag_grade(const struct diag_part *parts, size_t n)
{
	char worst = 'A';
	for (size_t i = 0; i < n; i++)
		for (size_t g = 0; g < sizeof(grades) / sizeof(grades[0]); g++) {
			const struct diag_grade_rule *r = &grades[g];
			if ((strcmp(r->part, "*") == 0 || strcmp(r->part, parts[i].part) == 0) &&
			    parts[i].verdict >= r->at_least) {
				if (r->grade > worst)
					worst = r->grade;
				break;
			}
		}
	return worst;
}
