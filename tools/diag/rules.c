/*
 * rules.c — the verdict table and the grade table (data, not branches).
 *
 * A check reports metrics; each row below reads one metric and says at what
 * value the part becomes WARN or FAIL, why (in words a Repair Café visitor
 * understands) and what to do.  DIAG_REQUIRED rows name the measurements a
 * part needs before it can PASS (a missing one makes it NOT_TESTED), and
 * rows with `.gives = DIAG_NOT_TESTED` are coverage floors.  The worst row
 * decides the part's verdict (verdict.c); the grade table then maps part
 * verdicts to the machine's grade.  The README's "Diagnostics" section
 * prints the same tables.
 *
 * Sources for the thresholds: smartctl's own health verdicts; Backblaze's
 * drive statistics (SMART 5, 187, 188, 197, 198 non-zero are the strongest
 * failure predictors; failure rates climb after about five years of power-on
 * time); NVMe 1.4 SMART/Health log (critical warning, available spare vs its
 * threshold, percentage used, critical warning bits); ATA ACS-4 device
 * statistics (page 7, "Percentage Used Endurance Indicator") and the SSD
 * makers' wear attributes (177 Samsung, 202 Crucial/Micron, 231 and 233
 * Intel/Kingston and others: a normalised value from 100 new down to 0);
 * hw-probe for battery wear.
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
#define NT .gives = DIAG_NOT_TESTED
#define REQ(code, part, metric, reason, action) { code, part, metric, DIAG_REQUIRED, NEVER, NEVER, reason, action }

static const struct diag_rule rules[] = {
	/* ---- CPU: every worker must complete 50 verified rounds ---- */
	REQ("cpu.no_rounds", "cpu", "cpu.min_rounds", N_("The processor test did not run."),
	    N_("Run the diagnosis again.")),
	{ "cpu.too_short", "cpu", "cpu.min_rounds", L, 49, NEVER,
	  N_("The processor test was too short: {n} verified rounds per worker, 50 needed."),
	  N_("Run the diagnosis again with a longer processor test."), 0, NT },
	{ "cpu.wrong_results", "cpu", "cpu.errors", H, NEVER, 1,
	  N_("The processor gave wrong results under load ({n})."),
	  N_("Do not give this computer away as is: the processor or the motherboard is faulty.") },
	{ "cpu.machine_checks", "cpu", "cpu.mce_new", H, 1, NEVER,
	  N_("The processor reported {n} hardware errors (machine checks) during the test."),
	  N_("Run the test again; if it happens again, the processor, memory or motherboard is faulty.") },
	/* a turbo-to-sustained drop is normal; a decline after the rate settled,
	 * or a drop with the throttle counters rising, is not (cpu.c) */
	{ "cpu.slowdown", "cpu", "cpu.decline_permille", H, 200, NEVER,
	  /* xgettext:no-c-format */
	  N_("The processor kept slowing down during the test: {n}% slower at the end than once it had settled."),
	  N_("Clean the fans and air vents and check the cooling."), 1 },
	{ "cpu.throttled", "cpu", "cpu.throttle_drop_permille", H, 100, NEVER,
	  /* xgettext:no-c-format */
	  N_("The processor overheated and slowed itself down by {n}% under load."),
	  N_("Clean the fans and air vents; renew the thermal paste if it continues."), 1 },
	/* ---- RAM: at least half of the installed memory, held in RAM ---- */
	REQ("ram.coverage_unknown", "ram", "ram.coverage_permille",
	    N_("The memory test did not run, or the installed memory could not be read."),
	    N_("Run the diagnosis again.")),
	{ "ram.coverage", "ram", "ram.coverage_permille", L, 499, NEVER,
	  /* xgettext:no-c-format */
	  N_("Only {n}% of the memory could be tested; at least 50% is needed."),
	  N_("Close other programs, or test at start-up (memory test boot entry)."), 1, NT },
	{ "ram.not_locked", "ram", "ram.unlocked_with_swap", H, 1, NEVER,
	  N_("The memory under test could not be kept in RAM while swap was active."),
	  N_("Run the diagnosis from the reco stick (no swap) or as root."), 0, NT },
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
	  N_("Check the disk another way (a disk behind a RAID controller or a USB adapter hides its health)."), 0, NT },
	REQ("disk.no_health", "disk", "smart.read", N_("The health of this disk was not read."),
	    N_("Install smartmontools and run the diagnosis again.")),
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
	/* NVMe critical warning, bit by bit (NVMe base spec, SMART / Health log) */
	{ "disk.nvme_spare_low", "disk", "nvme.cw_spare", H, NEVER, 1,
	  N_("The disk has used up its reserve of spare blocks."),
	  N_("Your disk is wearing out: save your photos and documents now and plan to replace the disk.") },
	{ "disk.nvme_temperature_now", "disk", "nvme.cw_temperature", H, 1, NEVER,
	  N_("The disk reports that it is outside its temperature limits right now."),
	  N_("Check the fans and the air flow around the disk, then check again.") },
	{ "disk.nvme_reliability", "disk", "nvme.cw_reliability", H, NEVER, 1,
	  N_("The disk reports that its reliability is degraded."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.nvme_read_only", "disk", "nvme.cw_read_only", H, NEVER, 1,
	  N_("The disk has put itself in read-only mode."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.nvme_backup_failed", "disk", "nvme.cw_backup", H, NEVER, 1,
	  N_("The disk's power-loss backup has failed."),
	  N_("Replace the disk: data written just before a power cut may be lost.") },
	{ "disk.nvme_critical_other", "disk", "nvme.cw_other", H, NEVER, 1,
	  N_("The disk raises a critical warning (code {n})."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.nvme_media_errors", "disk", "nvme.media_errors", H, NEVER, 1,
	  N_("The disk lost data {n} times (media errors)."),
	  N_("Your disk is failing: save your photos and documents now, then replace the disk.") },
	{ "disk.ssd_worn", "disk", "ssd.life_used_pct", H, 80, 100,
	  /* xgettext:no-c-format */
	  N_("The SSD has used {n}% of its rated life."),
	  N_("Keep a backup of your data and plan to replace the disk.") },
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
	{ "disk.selftest_not_completed", "disk", "smart.selftest_fatal", H, 1, NEVER,
	  N_("The disk could not complete its own self-test (fatal or unknown error)."),
	  N_("Keep a backup of your data and test the disk again; replace it if this happens again.") },
	{ "disk.selftest_log_errors", "disk", "smart.selftest_log_errors", H, 1, NEVER,
	  N_("The disk's self-test log records failed tests."),
	  N_("Keep a backup of your data and plan to replace the disk.") },
	{ "disk.selftest_aborted", "disk", "smart.selftest_aborted", H, 1, NEVER,
	  N_("The disk's self-test was interrupted twice and gave no result."),
	  N_("Run the diagnosis again without using the disk meanwhile."), 0, NT },
	{ "disk.selftest_running", "disk", "smart.selftest_running", H, 1, NEVER,
	  N_("The disk's self-test was still running when the time allowed for it ran out."),
	  N_("Run the diagnosis again, or the disk's long test on its own."), 0, NT },
	/* against the drive's own limits (NVMe WCTEMP/CCTEMP, ATA SCT), else
	 * the defaults per media type (smart.c) */
	{ "disk.too_hot", "disk", "disk.temp_over_critical_c", H, NEVER, 0,
	  N_("The disk is at {disk.temperature_c} °C, at or above its critical limit of {disk.temp_critical_c} °C."),
	  N_("Stop using the disk until the cooling is fixed: check the fans and the air flow around it.") },
	{ "disk.hot", "disk", "disk.temp_over_warning_c", H, 0, NEVER,
	  N_("The disk is at {disk.temperature_c} °C, at or above its limit of {disk.temp_warning_c} °C."),
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
	/* ---- battery: design and full capacities, plausible ---- */
	REQ("battery.no_capacity", "battery", "battery.health_permille",
	    N_("The battery does not report plausible capacities (design and full charge), so its wear is unknown."),
	    N_("Check the battery with the maker's tool, or measure a full discharge.")),
	{ "battery.implausible", "battery", "battery.health_permille", H, 1051, NEVER,
	  /* xgettext:no-c-format */
	  N_("The battery claims {n}% of its original capacity: not a plausible reading."),
	  N_("Check the battery with the maker's tool, or measure a full discharge."), 1, NT },
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
	/* ---- thermal: a processor temperature read under load ---- */
	REQ("thermal.no_sensor", "thermal", "thermal.cpu_sensors",
	    N_("No processor temperature sensor could be read."),
	    N_("Check the cooling by hand: fans turning, air vents clean.")),
	{ "thermal.no_cpu_sensor", "thermal", "thermal.cpu_sensors", L, 0, NEVER,
	  N_("No processor temperature sensor could be read."),
	  N_("Check the cooling by hand: fans turning, air vents clean."), 0, NT },
	REQ("thermal.not_loaded", "thermal", "thermal.loaded_samples",
	    N_("The processor temperature was not measured under load."),
	    N_("Run the diagnosis with the processor test.")),
	{ "thermal.no_load_sample", "thermal", "thermal.loaded_samples", L, 0, NEVER,
	  N_("The processor temperature was not measured under load."),
	  N_("Run the diagnosis with the processor test."), 0, NT },
	{ "thermal.near_critical", "thermal", "thermal.margin_c", L, 15, 5,
	  N_("The computer got within {n} °C of its emergency shutdown temperature."),
	  N_("Clean the fans and air vents; renew the thermal paste if it continues.") },
	{ "thermal.throttling", "thermal", "thermal.throttle_events", H, 1, NEVER,
	  N_("The processor slowed itself down {n} times to cool off."),
	  N_("Clean the fans and air vents; renew the thermal paste if it continues.") },
	{ "thermal.fan_stopped", "thermal", "thermal.fans_stopped_hot", H, 1, NEVER,
	  N_("A fan that turns at other times stood at 0 RPM while the computer was hot ({n})."),
	  N_("Check that the fan turns; clean or replace it.") },
	{ "thermal.slow_while_cool", "thermal", "thermal.slow_while_cool_permille", L, 700, NEVER,
	  /* xgettext:no-c-format */
	  N_("The processor runs at only {n}% of its speed although it is cool."),
	  N_("Often a charger the computer does not recognise, or a dead battery: try the original charger."), 1 },
};


/* Reasons no metric row gives (the check sets them: diag_part_state()). */
static const struct diag_state states[] = {
	{ "skipped", DIAG_NOT_TESTED, N_("Not tested: left out of this run."),
	  N_("Run the whole diagnosis to test it.") },
	{ "not_in_mode", DIAG_NOT_TESTED, N_("Not tested in this mode."),
	  N_("Run the whole diagnosis to test it.") },
	{ "cpu.could_not_run", DIAG_NOT_TESTED, N_("The processor test could not run."),
	  N_("Run the diagnosis again.") },
	{ "ram.could_not_run", DIAG_NOT_TESTED, N_("The memory test could not run."),
	  N_("Test the memory at start-up (memory test boot entry), or run the diagnosis again.") },
	{ "disk.surface_failed", DIAG_NOT_TESTED, N_("The disk could not be read for the surface check."),
	  N_("Check the cable and the power supply, then run the diagnosis again.") },
	{ "disk.none", DIAG_ABSENT, N_("No internal disk was found."), N_("Nothing to do.") },
	{ "battery.none", DIAG_ABSENT, N_("This computer has no battery."), N_("Nothing to do.") },
};

static const struct diag_grade_rule grades[] = {
	{ "cpu", DIAG_FAIL, 'D', N_("not usable: the processor or the motherboard is faulty") },
	{ "ram", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "disk", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "battery", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "thermal", DIAG_FAIL, 'C', N_("usable after replacing a part") },
	{ "*", DIAG_WARN, 'B', N_("works, with a weakness to mention to whoever receives it") },
	{ "*", DIAG_PASS, 'A', N_("every part was tested and is sound") },
};

const struct diag_rule *diag_rules(size_t *count)
{
	*count = sizeof(rules) / sizeof(rules[0]);
	return rules;
}

const struct diag_state *diag_states(size_t *count)
{
	*count = sizeof(states) / sizeof(states[0]);
	return states;
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

