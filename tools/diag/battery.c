/*
 * battery.c — battery wear, cycles and charging, from the power_supply
 * class (Documentation/ABI/testing/sysfs-class-power).
 *
 * Capacity comes either as energy (energy_full / energy_full_design, µWh)
 * or as charge (charge_full / charge_full_design, µAh), depending on the
 * firmware; both give the same ratio.  A design capacity of 0 (or a full
 * capacity of 0) is no measurement, and a ratio above 105 % is not a
 * plausible one: neither is a PASS (rules.c).  cycle_count 0 means "not reported"
 * on most laptops, not a new battery.  A battery that says "Not charging"
 * while the charger is online and it is not nearly full (nor held at a
 * charge_control_end_threshold on purpose) does not charge.
 */
#include "diag.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/sysroot.h"

#define PS "/sys/class/power_supply"

static int rd_i64(const char *root, const char *dev, const char *attr, int64_t *v)
{
	char path[512];
	snprintf(path, sizeof(path), PS "/%s/%s", dev, attr);
	return reco_read_i64(root, path, v);
}

static int rd_str(const char *root, const char *dev, const char *attr, char *buf, size_t size)
{
	char path[600];
	snprintf(path, sizeof(path), PS "/%s/%s", dev, attr);
	return reco_read_str(root, path, buf, size);
}

/* 1 when a mains or USB charger reports online. */
static int charger_online(const char *root)
{
	DIR *d = reco_opendir(root, PS);
	if (!d)
		return 0;
	struct dirent *de;
	int online = 0;
	while ((de = readdir(d))) {
		char type[32];
		int64_t v;
		if (de->d_name[0] == '.' || rd_str(root, de->d_name, "type", type, sizeof(type)) != 0)
			continue;
		if ((strcmp(type, "Mains") == 0 || strncmp(type, "USB", 3) == 0) &&
		    rd_i64(root, de->d_name, "online", &v) == 0 && v > 0)
			online = 1;
	}
	closedir(d);
	return online;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int diag_battery_read(const char *root, struct diag_part *out, size_t max)
{
	DIR *d = reco_opendir(root, PS);
	if (!d)
		return 0; /* no power_supply class: no battery */
	char *names[64];
	size_t n_names = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n_names < 64)
		if (de->d_name[0] != '.')
			names[n_names++] = strdup(de->d_name);
	closedir(d);
	qsort(names, n_names, sizeof(names[0]), cmp_names);

	const int ac = charger_online(root);
	size_t n = 0;
	for (size_t i = 0; i < n_names; i++) {
		const char *dev = names[i];
		char type[32] = "", scope[32] = "", status[32] = "", s[128];
		int64_t v, full = -1, design = -1, cycles = -1, capacity = -1, present = 1;
		if (!dev || rd_str(root, dev, "type", type, sizeof(type)) != 0 || strcmp(type, "Battery") != 0)
			continue;
		if (rd_str(root, dev, "scope", scope, sizeof(scope)) == 0 && strcmp(scope, "Device") == 0)
			continue; /* a mouse or a headset */
		if (rd_i64(root, dev, "present", &v) == 0)
			present = v;
		if (n >= max || !present)
			continue;
		struct diag_part *p = &out[n];
		if (diag_part_init(p, "battery", dev) != 0)
			break;
		n++;
		json_t *dj = p->details;
		const char *unit = NULL;
		if (rd_i64(root, dev, "energy_full", &full) == 0 && rd_i64(root, dev, "energy_full_design", &design) == 0)
			unit = "uWh";
		else if (rd_i64(root, dev, "charge_full", &full) == 0 &&
			 rd_i64(root, dev, "charge_full_design", &design) == 0)
			unit = "uAh";
		if (unit) {
			json_object_set_new(dj, "unit", json_string(unit));
			json_object_set_new(dj, "full", json_integer(full));
			json_object_set_new(dj, "full_design", json_integer(design));
		}
		/* design 0 or a full charge of 0 is no reading: the REQUIRED row of
		 * rules.c then makes the battery NOT_TESTED; above 105 % of the
		 * design, the implausible-reading row does */
		if (unit && design > 0 && full > 0) {
			int64_t health = full * 1000 / design;
			diag_metric_set(p, "battery.health_permille", health);
			json_object_set_new(dj, "health_permille", json_integer(health));
			json_object_set_new(dj, "wear_permille", json_integer(health >= 1000 ? 0 : 1000 - health));
		}
		if (rd_i64(root, dev, "cycle_count", &cycles) == 0) {
			json_object_set_new(dj, "cycle_count", json_integer(cycles));
			if (cycles > 0)
				diag_metric_set(p, "battery.cycles", cycles);
			else
				json_object_set_new(dj, "cycle_count_reported", json_false());
		}
		if (rd_str(root, dev, "status", status, sizeof(status)) == 0)
			json_object_set_new(dj, "status", json_string(status));
		if (rd_i64(root, dev, "capacity", &capacity) == 0)
			json_object_set_new(dj, "capacity_percent", json_integer(capacity));
		json_object_set_new(dj, "charger_online", json_boolean(ac));
		int64_t end_thr = 100;
		if (rd_i64(root, dev, "charge_control_end_threshold", &v) == 0 && v > 0 && v <= 100)
			end_thr = v;
		int not_charging = ac && strcmp(status, "Not charging") == 0 && capacity >= 0 &&
				   capacity < end_thr - 5 && capacity < 95;
		if (ac && capacity >= 0)
			diag_metric_set(p, "battery.not_charging", not_charging);
		json_object_set_new(dj, "charging", json_boolean(strcmp(status, "Charging") == 0));
		if (rd_str(root, dev, "manufacturer", s, sizeof(s)) == 0)
			reco_json_set_str(dj, "manufacturer", s);
		if (rd_str(root, dev, "model_name", s, sizeof(s)) == 0)
			reco_json_set_str(dj, "model", s);
		if (rd_str(root, dev, "technology", s, sizeof(s)) == 0)
			reco_json_set_str(dj, "technology", s);
	}
	for (size_t i = 0; i < n_names; i++)
		free(names[i]);
	return (int)n;
}

static void diag_battery_run_part(struct diag_run *r, const struct diag_part_desc *d)
{
	(void)d;
	if (r->n_parts >= DIAG_MAX_PARTS)
		return;
	int n = diag_battery_read(r->root, &r->parts[r->n_parts], DIAG_MAX_PARTS - r->n_parts);
	if (n > 0)
		r->n_parts += (size_t)n;
}

const struct diag_part_desc diag_battery_desc = { "battery", 0, NULL, diag_battery_run_part, NULL };
