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
	json_t *st = json_object_get(json_object_get(json_object_get(doc, "ata_smart_data"), "self_test"), "status");
	json_t *passed = json_object_get(st, "passed");
	if (json_is_boolean(passed)) {
		diag_metric_set(p, "smart.selftest_failed", !json_is_true(passed));
		json_object_set_new(p->details, "self_test", json_string(json_is_true(passed) ? "passed" : "failed"));
	}
}

static void eval_nvme(const json_t *doc, struct diag_part *p)
{
	json_t *log = json_object_get(doc, "nvme_smart_health_information_log");
	int64_t v, spare, thr;
	if (!json_is_object(log))
		return;
	if (get_int(log, "critical_warning", &v))
		diag_metric_set(p, "nvme.critical_warning", v);
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
	/* Most recent self-test: table[0].self_test_result.value 0 = passed. */
	json_t *t0 = json_array_get(json_object_get(json_object_get(doc, "nvme_self_test_log"), "table"), 0);
	if (get_int(json_object_get(t0, "self_test_result"), "value", &v) && v != 0xf) {
		diag_metric_set(p, "smart.selftest_failed", v != 0);
		json_object_set_new(p->details, "self_test", json_string(v == 0 ? "passed" : "failed"));
	}
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
	if (get_int(json_object_get(doc, "temperature"), "current", &v) && v > 0) {
		diag_metric_set(p, "disk.temperature_c", v);
		json_object_set_new(d, "temperature_c", json_integer(v));
	}
	json_t *status = json_object_get(doc, "smart_status");
	json_t *passed = json_object_get(status, "passed");
	int health_known = json_is_boolean(passed);
	if (health_known) {
		diag_metric_set(p, "smart.health_failed", !json_is_true(passed));
		json_object_set_new(d, "health", json_string(json_is_true(passed) ? "PASSED" : "FAILED"));
	}
	if (exit_status & 8) /* "SMART status check returned DISK FAILING" */
		diag_metric_set(p, "smart.health_failed", 1);

	if (proto && strcmp(proto, "ATA") == 0)
		eval_ata(doc, p);
	else if (proto && strcmp(proto, "NVMe") == 0)
		eval_nvme(doc, p);
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

int diag_smart_selftest_start(const char *dev, int *minutes)
{
	char *argv[] = { "smartctl", "--json", "-c", (char *)dev, NULL };
	struct reco_proc pr;
	*minutes = 2;
	int rc = reco_proc_run(argv, 60000, 4 << 20, &pr);
	if (rc != 0)
		return rc;
	json_t *doc = json_loadb(pr.out, pr.out_len, 0, NULL);
	reco_proc_release(&pr);
	if (!doc)
		return 0;
	int supported = 0;
	int64_t m;
	json_t *ata = json_object_get(doc, "ata_smart_data");
	if (json_is_true(json_object_get(json_object_get(ata, "capabilities"), "self_tests_supported"))) {
		supported = 1;
		if (get_int(json_object_get(json_object_get(ata, "self_test"), "polling_minutes"), "short", &m))
			*minutes = (int)m;
	}
	/* NVMe: Optional Admin Command Support bit 4 = Device Self-test. */
	if (get_int(doc, "nvme_optional_admin_commands", &m) && (m & 0x10))
		supported = 1;
	/* smartctl 7.3 may not describe it: let the drive answer. */
	const char *proto = json_string_value(json_object_get(json_object_get(doc, "device"), "protocol"));
	if (proto && strcmp(proto, "NVMe") == 0)
		supported = 1;
	json_decref(doc);
	if (!supported)
		return 0;
	char *targv[] = { "smartctl", "-t", "short", (char *)dev, NULL };
	rc = reco_proc_run(targv, 60000, 1 << 20, &pr);
	if (rc != 0)
		return rc;
	int ok = pr.status == 0;
	reco_proc_release(&pr);
	return ok ? 1 : 0;
}
