/*
 * smart.c — disk health from `smartctl --json -x` (smartmontools 7.x JSON
 * output; smartctl carries the drive quirk database, so SMART is read, not
 * re-implemented).  This file only extracts metrics; the thresholds are rows
 * of the table in rules.c.
 *
 * Fields read: smartctl.exit_status (bit 1: device open failed, bit 3: disk
 * failing, bit 4: prefail attribute <= threshold, bit 5: attribute was <=
 * threshold in the past, bit 7: self-test log has errors), smart_status.passed,
 * power_on_time.hours, temperature.current; ATA: ata_smart_attributes.table[]
 * {id, value, thresh, when_failed, raw.value}, ata_smart_data.self_test.status;
 * NVMe: nvme_smart_health_information_log {critical_warning, media_errors,
 * percentage_used, available_spare, available_spare_threshold},
 * nvme_self_test_log; SCSI: scsi_grown_defect_list,
 * scsi_error_counter_log.{read,write,verify}.total_uncorrected_errors.
 *
 * Judged by kind (the media type: NVMe; ATA/SCSI with rotation_rate 0 is
 * an SSD, otherwise a hard disk):
 * - SATA SSD wear: ATA device statistics page 7 "Percentage Used Endurance
 *   Indicator" (ACS-4 §9.10), and the makers' wear attributes 177 (Samsung
 *   Wear_Leveling_Count), 202 (Crucial/Micron Percent_Lifetime_Remain), 231
 *   (SSD_Life_Left), 233 (Intel Media_Wearout_Indicator): their normalised
 *   value runs from 100 (new) down, so 100 - value is the life used; a value
 *   at or below its non-zero threshold counts as 100 % used.
 * - Temperature against the drive's own limits: temperature.op_limit_max
 *   (NVMe WCTEMP, ATA device statistics or SCT) as the warning level,
 *   critical_limit_max (NVMe CCTEMP) or limit_max (SCT) as the critical one;
 *   else attribute 190's threshold (its value is 100 - temperature, so the
 *   maker's limit is 100 - threshold); else the defaults of the media type
 *   (diag_temp_defaults()).
 * - NVMe critical warning bit by bit: 0 spare below threshold, 1
 *   temperature out of its limits now, 2 reliability degraded, 3 read-only,
 *   4 volatile memory backup failed; the smart_status smartctl derives from
 *   it is not read again as a health failure.
 * - Self-tests: diag_selftest_status() (selftest.c) reads the last result;
 *   smartctl's exit bit 7 (the self-test log records errors) is a warning.
 */
#include "diag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/proc.h"

static int get_int(const json_t *o, const char *key, int64_t *v)
{
	json_t *x = json_object_get(o, key);
	if (!json_is_integer(x))
		return 0;
	*v = json_integer_value(x);
	return 1;
}

/* ATA attribute ids the table reads, as metric names (static strings). */
static const struct { int id; const char *metric; } ata_ids[] = {
	{ 5, "ata.5" }, { 10, "ata.10" }, { 187, "ata.187" }, { 188, "ata.188" },
	{ 197, "ata.197" }, { 198, "ata.198" }, { 199, "ata.199" },
};

/* Wear attributes of SATA SSDs: normalised value 100 = new. */
static const int wear_ids[] = { 177, 202, 231, 233 };

static void life_used(struct diag_part *p, int64_t used, const char *source)
{
	int64_t cur;
	if (used < 0)
		return;
	if (!diag_metric_get(p, "ssd.life_used_pct", &cur) || used > cur) {
		diag_metric_set(p, "ssd.life_used_pct", used);
		json_object_set_new(p->details, "life_used_source", json_string(source));
	}
}

static void eval_ssd_wear(const json_t *doc, struct diag_part *p)
{
	size_t i, k;
	json_t *pg, *e, *a;
	json_array_foreach(json_object_get(json_object_get(doc, "ata_device_statistics"), "pages"), i, pg) {
		int64_t num, off, v;
		if (!get_int(pg, "number", &num) || num != 7)
			continue;
		json_array_foreach(json_object_get(pg, "table"), k, e)
			if (get_int(e, "offset", &off) && off == 8 && get_int(e, "value", &v) &&
			    json_is_true(json_object_get(json_object_get(e, "flags"), "valid")))
				life_used(p, v, "device_statistics");
	}
	json_array_foreach(json_object_get(json_object_get(doc, "ata_smart_attributes"), "table"), i, a) {
		int64_t id, value, thresh = 0;
		if (!get_int(a, "id", &id) || !get_int(a, "value", &value))
			continue;
		get_int(a, "thresh", &thresh);
		for (k = 0; k < sizeof(wear_ids) / sizeof(wear_ids[0]); k++) {
			if (wear_ids[k] != id || value > 100)
				continue;
			char src[16];
			snprintf(src, sizeof(src), "ata.%d", (int)id);
			life_used(p, thresh > 0 && value <= thresh ? 100 : 100 - value, src);
		}
	}
	int64_t v;
	if (diag_metric_get(p, "ssd.life_used_pct", &v))
		json_object_set_new(p->details, "life_used_percent", json_integer(v));
}

static void eval_ata(const json_t *doc, struct diag_part *p)
{
	json_t *table = json_object_get(json_object_get(doc, "ata_smart_attributes"), "table");
	size_t i;
	json_t *a;
	int64_t failing_now = 0, failed_past = 0;
	json_t *attrs = json_object();
	json_array_foreach(table, i, a) {
		int64_t id, raw;
		if (!get_int(a, "id", &id))
			continue;
		const char *wf = json_string_value(json_object_get(a, "when_failed"));
		if (wf && strcmp(wf, "now") == 0)
			failing_now++;
		else if (wf && strcmp(wf, "past") == 0)
			failed_past++;
		if (!get_int(json_object_get(a, "raw"), "value", &raw))
			continue;
		for (size_t k = 0; k < sizeof(ata_ids) / sizeof(ata_ids[0]); k++) {
			if (ata_ids[k].id != id)
				continue;
			/* 188 Command_Timeout packs three 16-bit counters on
			 * some drives: the low word is the total. */
			int64_t v = id == 188 ? (raw & 0xffff) : raw;
			diag_metric_set(p, ata_ids[k].metric, v);
			char key[8];
			snprintf(key, sizeof(key), "%d", (int)id);
			json_object_set_new(attrs, key, json_integer(v));
		}
	}
	json_object_set_new(p->details, "ata_attributes", attrs);
	if (json_array_size(table)) {
		diag_metric_set(p, "smart.attrs_failing_now", failing_now);
		diag_metric_set(p, "smart.attrs_failed_past", failed_past);
	}
}

static void eval_nvme(const json_t *doc, struct diag_part *p)
{
	json_t *log = json_object_get(doc, "nvme_smart_health_information_log");
	int64_t v, spare, thr;
	if (!json_is_object(log))
		return;
	if (get_int(log, "critical_warning", &v)) {
		diag_metric_set(p, "nvme.critical_warning", v);
		diag_metric_set(p, "nvme.cw_spare", !!(v & 0x01));
		diag_metric_set(p, "nvme.cw_temperature", !!(v & 0x02));
		diag_metric_set(p, "nvme.cw_reliability", !!(v & 0x04));
		diag_metric_set(p, "nvme.cw_read_only", !!(v & 0x08));
		diag_metric_set(p, "nvme.cw_backup", !!(v & 0x10));
		diag_metric_set(p, "nvme.cw_other", v & ~0x1f);
	}
	if (get_int(log, "media_errors", &v))
		diag_metric_set(p, "nvme.media_errors", v);
	if (get_int(log, "percentage_used", &v))
		diag_metric_set(p, "nvme.percentage_used", v);
	/* Both 0: the controller does not report its spare (emulated and some
	 * low-end drives); a worn-out drive shows it in critical_warning bit 0. */
	if (get_int(log, "available_spare", &spare) && get_int(log, "available_spare_threshold", &thr) &&
	    (spare || thr)) {
		diag_metric_set(p, "nvme.spare_margin", spare - thr);
		json_object_set_new(p->details, "available_spare", json_integer(spare));
		json_object_set_new(p->details, "available_spare_threshold", json_integer(thr));
	}
	json_object_set_new(p->details, "nvme_health", json_deep_copy(log));
}

const char *diag_media_type(const json_t *doc)
{
	const char *proto = json_string_value(json_object_get(json_object_get(doc, "device"), "protocol"));
	json_t *rot = json_object_get(doc, "rotation_rate");
	if (proto && strcmp(proto, "NVMe") == 0)
		return "nvme";
	if (json_is_integer(rot) && json_integer_value(rot) == 0)
		return "ssd";
	return "hdd";
}

void diag_temp_defaults(const char *media, int64_t *warning_c, int64_t *critical_c)
{
	/* hard disks: 55/60 (most 3.5" and 2.5" drives are rated 0-60 °C);
	 * SATA SSDs 70/80 (rated 0-70 °C); NVMe 70/80 (a common WCTEMP and
	 * CCTEMP when the controller reports none) */
	int hdd = !media || strcmp(media, "hdd") == 0;
	*warning_c = hdd ? 55 : 70;
	*critical_c = hdd ? 60 : 80;
}

static void eval_temperature(const json_t *doc, struct diag_part *p)
{
	json_t *t = json_object_get(doc, "temperature");
	int64_t cur, warn = 0, crit = 0;
	if (!get_int(t, "current", &cur) || cur <= 0)
		return;
	const char *media = diag_media_type(doc), *source = "drive";
	get_int(t, "op_limit_max", &warn);
	if (!get_int(t, "critical_limit_max", &crit))
		get_int(t, "limit_max", &crit);
	get_int(json_object_get(doc, "nvme_composite_temperature_threshold"), "warning", &warn);
	get_int(json_object_get(doc, "nvme_composite_temperature_threshold"), "critical", &crit);
	/* Attribute 190 (Airflow_Temperature_Cel) reports 100 - temperature as
	 * its normalised value: its threshold is the maker's limit, 100 - it. */
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(json_object_get(doc, "ata_smart_attributes"), "table"), i, a) {
		int64_t id, value, thresh, raw;
		if (warn <= 0 && crit <= 0 && get_int(a, "id", &id) && id == 190 && get_int(a, "value", &value) &&
		    get_int(a, "thresh", &thresh) && thresh > 0 && thresh < 100 &&
		    get_int(json_object_get(a, "raw"), "value", &raw) && value + (raw & 0xff) == 100) {
			warn = 100 - thresh;
			source = "attribute 190";
		}
	}
	int64_t dw, dc;
	diag_temp_defaults(media, &dw, &dc);
	if (warn <= 0 && crit <= 0)
		source = "default";
	if (warn <= 0 || warn > 150)
		warn = crit > 0 && crit < dw ? crit : dw;
	if (crit <= 0 || crit > 150)
		crit = warn > dc ? warn : dc;
	diag_metric_set(p, "disk.temperature_c", cur);
	diag_metric_set(p, "disk.temp_warning_c", warn);
	diag_metric_set(p, "disk.temp_critical_c", crit);
	diag_metric_set(p, "disk.temp_over_warning_c", cur - warn);
	diag_metric_set(p, "disk.temp_over_critical_c", cur - crit);
	json_object_set_new(p->details, "temperature_c", json_integer(cur));
	json_object_set_new(p->details, "temperature_limits",
			    json_pack("{s:I,s:I,s:s}", "warning_c", (json_int_t)warn, "critical_c", (json_int_t)crit,
				      "source", source));
}

/* The last self-test's result as metrics (a saved document, or the end of
 * a test this run waited for). */
void diag_selftest_metrics(struct diag_part *p, int status, const char *text)
{
	static const char *const names[] = { [DIAG_ST_NONE] = "none", [DIAG_ST_RUNNING] = "in progress",
					     [DIAG_ST_PASSED] = "passed", [DIAG_ST_FAILED] = "failed",
					     [DIAG_ST_FATAL] = "could not complete", [DIAG_ST_ABORTED] = "aborted" };
	if (status < 0 || status > DIAG_ST_ABORTED)
		return;
	json_object_set_new(p->details, "self_test", json_string(names[status]));
	if (text && *text)
		json_object_set_new(p->details, "self_test_status", reco_json_string_lossy(text));
	if (status == DIAG_ST_PASSED || status == DIAG_ST_FAILED)
		diag_metric_set(p, "smart.selftest_failed", status == DIAG_ST_FAILED);
	if (status == DIAG_ST_FATAL)
		diag_metric_set(p, "smart.selftest_fatal", 1);
}

static void eval_scsi(const json_t *doc, struct diag_part *p)
{
	int64_t v, unc = 0;
	int have = 0;
	if (get_int(doc, "scsi_grown_defect_list", &v))
		diag_metric_set(p, "scsi.grown_defects", v);
	json_t *log = json_object_get(doc, "scsi_error_counter_log");
	static const char *const dirs[] = { "read", "write", "verify" };
	for (size_t i = 0; i < 3; i++)
		if (get_int(json_object_get(log, dirs[i]), "total_uncorrected_errors", &v)) {
			unc += v;
			have = 1;
		}
	if (have)
		diag_metric_set(p, "scsi.uncorrected_errors", unc);
}

static void set_str(json_t *o, const char *key, const json_t *v)
{
	if (json_is_string(v) && json_string_length(v))
		json_object_set_new(o, key, reco_json_string_lossy(json_string_value(v)));
}

int diag_smart_eval(const json_t *doc, struct diag_part *p)
{
	if (!json_is_object(doc)) {
		diag_metric_set(p, "smart.unreadable", 1);
		return -EINVAL;
	}
	json_t *d = p->details;
	json_t *dev = json_object_get(doc, "device");
	const char *proto = json_string_value(json_object_get(dev, "protocol"));
	int64_t v, exit_status = 0;
	get_int(json_object_get(doc, "smartctl"), "exit_status", &exit_status);
	set_str(d, "model", json_object_get(doc, "model_name"));
	if (!json_object_get(d, "model"))
		set_str(d, "model", json_object_get(doc, "scsi_model_name"));
	set_str(d, "serial", json_object_get(doc, "serial_number"));
	set_str(d, "firmware", json_object_get(doc, "firmware_version"));
	set_str(d, "protocol", json_object_get(dev, "protocol"));
	set_str(d, "device_type", json_object_get(dev, "type"));
	json_object_set_new(d, "smartctl_exit_status", json_integer(exit_status));
	if (get_int(json_object_get(doc, "user_capacity"), "bytes", &v))
		json_object_set_new(d, "size_bytes", json_integer(v));
	if (get_int(json_object_get(doc, "power_on_time"), "hours", &v)) {
		diag_metric_set(p, "disk.power_on_hours", v);
		json_object_set_new(d, "power_on_hours", json_integer(v));
	}
	eval_temperature(doc, p);
	json_object_set_new(d, "media", json_string(diag_media_type(doc)));
	json_t *status = json_object_get(doc, "smart_status");
	json_t *passed = json_object_get(status, "passed");
	int health_known = json_is_boolean(passed);
	/* NVMe: smartctl's verdict is "critical warning != 0", told apart below */
	if (health_known && !(proto && strcmp(proto, "NVMe") == 0)) {
		diag_metric_set(p, "smart.health_failed", !json_is_true(passed));
		json_object_set_new(d, "health", json_string(json_is_true(passed) ? "PASSED" : "FAILED"));
	}
	if (exit_status & 8) /* "SMART status check returned DISK FAILING" */
		diag_metric_set(p, "smart.health_failed", 1);

	if (exit_status & 128) /* the self-test log records errors */
		diag_metric_set(p, "smart.selftest_log_errors", 1);
	char text[96];
	diag_selftest_metrics(p, diag_selftest_status(doc, NULL, NULL, text, sizeof(text)), text);
	if (proto && strcmp(proto, "ATA") == 0) {
		eval_ata(doc, p);
		if (strcmp(diag_media_type(doc), "ssd") == 0)
			eval_ssd_wear(doc, p);
	} else if (proto && strcmp(proto, "NVMe") == 0) {
		eval_nvme(doc, p);
	}
	else if (proto && strcmp(proto, "SCSI") == 0)
		eval_scsi(doc, p);

	/* Nothing to judge on: the device could not be opened (exit bit 1),
	 * or it hides its health (a RAID volume, some USB bridges). */
	int64_t dummy;
	int has_data = health_known || diag_metric_get(p, "ata.5", &dummy) || diag_metric_get(p, "ata.197", &dummy) ||
		       diag_metric_get(p, "nvme.critical_warning", &dummy) ||
		       diag_metric_get(p, "scsi.grown_defects", &dummy);
	if (has_data && !(exit_status & 2))
		diag_metric_set(p, "smart.read", 1);
	if ((exit_status & 2) || !has_data) {
		diag_metric_set(p, "smart.unreadable", 1);
		json_t *msgs = json_object_get(json_object_get(doc, "smartctl"), "messages");
		json_t *m0 = json_array_get(msgs, 0);
		set_str(d, "smartctl_message", json_object_get(m0, "string"));
	}
	return 0;
}

int diag_smart_eval_text(const char *text, size_t len, struct diag_part *p)
{
	json_error_t je;
	json_t *doc = json_loadb(text, len, 0, &je);
	if (!doc) {
		diag_metric_set(p, "smart.unreadable", 1);
		json_object_set_new(p->details, "smartctl_message", reco_json_string_lossy(je.text));
		return -EINVAL;
	}
	int rc = diag_smart_eval(doc, p);
	json_decref(doc);
	return rc;
}

int diag_smart_query(const char *dev, struct diag_part *p)
{
	char *argv[] = { "smartctl", "--json", "-x", (char *)dev, NULL };
	struct reco_proc pr;
	int rc = reco_proc_run(argv, 120000, 16 << 20, &pr);
	if (rc != 0) {
		diag_metric_set(p, "smart.unreadable", 1);
		return rc;
	}
	rc = diag_smart_eval_text(pr.out, pr.out_len, p);
	reco_proc_release(&pr);
	return rc;
}
