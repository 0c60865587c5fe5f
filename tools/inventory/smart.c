/*
 * smart.c — SMART data through smartctl (smartmontools), which carries the
 * drive quirk database: `smartctl --json -x /dev/X`.  The whole smartctl
 * document is kept under the disk ("smart.raw") for later verdicts (reco
 * diag); inv_smart_summary() extracts the few numbers a volunteer needs.
 *
 * JSON format: smartmontools "smartctl --json" (json_format_version 1.0),
 * keys smart_status, power_on_time, temperature, ata_smart_attributes,
 * nvme_smart_health_information_log, scsi_grown_defect_list.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/proc.h"
#include "inventory.h"

static void copy_int(json_t *dst, const char *key, const json_t *v)
{
	if (json_is_integer(v) && json_integer_value(v) >= 0)
		json_object_set_new(dst, key, json_integer(json_integer_value(v)));
}

/* ATA attribute ids kept in the summary (raw values). */
static const struct { int id; const char *key; } ata_attrs[] = {
	{ 5, "reallocated_sectors" },
	{ 197, "pending_sectors" },
	{ 198, "offline_uncorrectable" },
};

json_t *inv_smart_summary(const json_t *s)
{
	json_t *sum = json_object();
	if (!sum || !json_is_object(s))
		return sum;
	const json_t *ctl = json_object_get(s, "smartctl");
	copy_int(sum, "smartctl_exit_status", json_object_get(ctl, "exit_status"));
	const json_t *msgs = json_object_get(ctl, "messages");
	size_t i;
	const json_t *m;
	json_array_foreach(msgs, i, m) {
		const char *sev = json_string_value(json_object_get(m, "severity"));
		const char *str = json_string_value(json_object_get(m, "string"));
		if (sev && str && !strcmp(sev, "error")) {
			json_object_set_new(sum, "error", reco_json_string_lossy(str));
			break;
		}
	}
	const json_t *st = json_object_get(s, "smart_status");
	const json_t *passed = json_object_get(st, "passed");
	if (json_is_boolean(passed))
		json_object_set_new(sum, "health", json_string(json_is_true(passed) ? "passed" : "failed"));
	copy_int(sum, "power_on_hours", json_object_get(json_object_get(s, "power_on_time"), "hours"));
	const json_t *temp = json_object_get(json_object_get(s, "temperature"), "current");
	if (json_is_integer(temp) && json_integer_value(temp) > 0)
		copy_int(sum, "temperature_c", temp);
	copy_int(sum, "power_cycles", json_object_get(s, "power_cycle_count"));

	const json_t *table = json_object_get(json_object_get(s, "ata_smart_attributes"), "table");
	json_t *failing = json_array();
	const json_t *a;
	json_array_foreach(table, i, a) {
		json_int_t id = json_integer_value(json_object_get(a, "id"));
		for (size_t k = 0; k < sizeof(ata_attrs) / sizeof(*ata_attrs); k++)
			if (id == ata_attrs[k].id)
				copy_int(sum, ata_attrs[k].key,
					 json_object_get(json_object_get(a, "raw"), "value"));
		const char *wf = json_string_value(json_object_get(a, "when_failed"));
		const char *name = json_string_value(json_object_get(a, "name"));
		if (wf && *wf && name)
			json_array_append_new(failing, json_pack("{s:s,s:s}", "name", name, "when", wf));
	}
	if (json_array_size(failing))
		json_object_set_new(sum, "failing_attributes", failing);
	else
		json_decref(failing);

	const json_t *nv = json_object_get(s, "nvme_smart_health_information_log");
	if (json_is_object(nv)) {
		copy_int(sum, "percentage_used", json_object_get(nv, "percentage_used"));
		copy_int(sum, "media_errors", json_object_get(nv, "media_errors"));
		copy_int(sum, "available_spare", json_object_get(nv, "available_spare"));
		copy_int(sum, "critical_warning", json_object_get(nv, "critical_warning"));
		copy_int(sum, "unsafe_shutdowns", json_object_get(nv, "unsafe_shutdowns"));
	}
	copy_int(sum, "grown_defects", json_object_get(s, "scsi_grown_defect_list"));
	return sum;
}

/* Runs smartctl on dev and attaches {"summary","raw"} to disk; notes why not. */
void inv_smart_attach(struct inv_ctx *ctx, json_t *disk, const char *dev)
{
	char *argv[] = { "smartctl", "--json", "-x", (char *)dev, NULL };
	struct reco_proc p;
	int rc = reco_proc_run(argv, 60000, 16 << 20, &p);
	if (rc == -ENOENT) {
		if (!ctx->smartctl_missing)
			inv_note(ctx, "storage", ENOENT, N_("smartctl not found: no SMART data (install smartmontools)"));
		ctx->smartctl_missing = 1;
		return;
	}
	if (rc) {
		inv_note_sys(ctx, "storage", -rc, N_("%s: cannot run smartctl"), dev);
		return;
	}
	if (p.timed_out) {
		inv_note(ctx, "storage", ETIMEDOUT, N_("%s: smartctl timed out"), dev);
		reco_proc_release(&p);
		return;
	}
	json_error_t jerr;
	json_t *raw = json_loadb(p.out, p.out_len, 0, &jerr);
	reco_proc_release(&p);
	if (!raw) {
		inv_note(ctx, "storage", 0, N_("%s: smartctl output is not JSON (%s)"), dev, jerr.text);
		return;
	}
	/* Reals cannot go into canonical reports: keep them as strings. */
	inv_json_reals_to_strings(raw);
	json_t *sum = inv_smart_summary(raw);
	const char *err = json_string_value(json_object_get(sum, "error"));
	if (err && strstr(err, "Permission denied"))
		inv_note(ctx, "storage", EACCES, N_("%s: SMART: permission denied (run as root)"), dev);
	json_object_set_new(disk, "smart", json_pack("{s:o,s:o}", "summary", sum, "raw", raw));
}

void inv_json_reals_to_strings(json_t *v)
{
	const char *key;
	json_t *child;
	void *tmp;
	size_t i;
	if (json_is_object(v)) {
		json_object_foreach_safe(v, tmp, key, child) {
			if (json_is_real(child)) {
				char buf[64];
				snprintf(buf, sizeof(buf), "%.17g", json_real_value(child));
				json_object_set_new(v, key, json_string(buf));
			} else {
				inv_json_reals_to_strings(child);
			}
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, child) {
			if (json_is_real(child)) {
				char buf[64];
				snprintf(buf, sizeof(buf), "%.17g", json_real_value(child));
				json_array_set_new(v, i, json_string(buf));
			} else {
				inv_json_reals_to_strings(child);
			}
		}
	}
}
