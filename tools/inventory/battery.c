/*
 * battery.c — the battery and ac_adapters sections from
 * /sys/class/power_supply (kernel Documentation/ABI/testing/sysfs-class-power).
 *
 * Units in sysfs: energy_* in µWh, charge_* in µAh, voltage_* in µV.  The
 * document carries mWh (energy_*_mwh) or mAh (charge_*_mah); with charge
 * units and voltage_min_design, mWh are computed too.  cycle_count 0 means
 * "unknown" for most firmwares and is left out.  Wear is per mille:
 * 1000 - full * 1000 / design.  Batteries of peripherals (scope "Device":
 * a wireless mouse) are not the machine's and are skipped.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/sysroot.h"
#include "inventory.h"

int inv_wear_permille(unsigned long long full, unsigned long long design)
{
	if (design == 0 || full == 0)
		return -1;
	if (full >= design)
		return 0;
	unsigned long long pm = 1000 - full * 1000 / design;
	return pm > 1000 ? 1000 : (int)pm;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted power_supply names whose type file equals type. */
static size_t supplies(struct inv_ctx *ctx, const char *type, char **names, size_t max)
{
	DIR *d = reco_opendir(ctx->root, "/sys/class/power_supply");
	if (!d)
		return 0;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < max) {
		char p[PATH_MAX], t[64];
		if (de->d_name[0] == '.' ||
		    inv_path(p, sizeof(p), "/sys/class/power_supply/%s/type", de->d_name) ||
		    reco_read_str(ctx->root, p, t, sizeof(t)) || strcmp(t, type))
			continue;
		if (inv_path(p, sizeof(p), "/sys/class/power_supply/%s/scope", de->d_name) == 0 &&
		    reco_read_str(ctx->root, p, t, sizeof(t)) == 0 && !strcmp(t, "Device"))
			continue;
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	return n;
}

static int get(struct inv_ctx *ctx, const char *name, const char *attr, unsigned long long *v)
{
	char p[PATH_MAX];
	if (inv_path(p, sizeof(p), "/sys/class/power_supply/%s/%s", name, attr))
		return -ENAMETOOLONG;
	return inv_read_u64(ctx, "battery", p, v);
}

static void put_milli(json_t *o, const char *key, unsigned long long micro)
{
	json_object_set_new(o, key, json_integer((json_int_t)(micro / 1000)));
}

json_t *inv_battery(struct inv_ctx *ctx)
{
	char *names[64];
	size_t n = supplies(ctx, "Battery", names, 64);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i];
		char p[PATH_MAX];
		json_t *b = json_object();
		json_object_set_new(b, "name", json_string(name));
#define A(attr) (inv_path(p, sizeof(p), "/sys/class/power_supply/%s/" attr, name) == 0 ? p : "/nonexistent")
		inv_put_str(ctx, b, "manufacturer", "battery", A("manufacturer"));
		inv_put_str(ctx, b, "model", "battery", A("model_name"));
		inv_put_str(ctx, b, "serial", "battery", A("serial_number"));
		inv_put_str(ctx, b, "technology", "battery", A("technology"));
		inv_put_str(ctx, b, "status", "battery", A("status"));
		inv_put_u64(ctx, b, "capacity_percent", "battery", A("capacity"));
#undef A
		unsigned long long present;
		if (get(ctx, name, "present", &present) == 0)
			json_object_set_new(b, "present", json_boolean(present != 0));
		unsigned long long cycles;
		if (get(ctx, name, "cycle_count", &cycles) == 0 && cycles > 0)
			json_object_set_new(b, "cycle_count", json_integer((json_int_t)cycles));

		unsigned long long full = 0, design = 0, now = 0, vmin = 0;
		int have_full, have_design, have_now;
		char ep[PATH_MAX];
		int energy = 0;
		static const char *const eattrs[] = { "energy_full_design", "energy_full", "energy_now" };
		for (size_t k = 0; k < 3; k++)
			if (inv_path(ep, sizeof(ep), "/sys/class/power_supply/%s/%s", name, eattrs[k]) == 0 &&
			    reco_exists(ctx->root, ep))
				energy = 1;
		if (energy) {
			have_design = get(ctx, name, "energy_full_design", &design) == 0;
			have_full = get(ctx, name, "energy_full", &full) == 0;
			have_now = get(ctx, name, "energy_now", &now) == 0;
			json_object_set_new(b, "unit", json_string("mWh"));
			if (have_full)
				put_milli(b, "energy_full_mwh", full);
			if (have_design)
				put_milli(b, "energy_full_design_mwh", design);
			if (have_now)
				put_milli(b, "energy_now_mwh", now);
		} else {
			have_design = get(ctx, name, "charge_full_design", &design) == 0;
			have_full = get(ctx, name, "charge_full", &full) == 0;
			have_now = get(ctx, name, "charge_now", &now) == 0;
			if (have_design || have_full)
				json_object_set_new(b, "unit", json_string("mAh"));
			if (have_full)
				put_milli(b, "charge_full_mah", full);
			if (have_design)
				put_milli(b, "charge_full_design_mah", design);
			if (have_now)
				put_milli(b, "charge_now_mah", now);
			if (get(ctx, name, "voltage_min_design", &vmin) == 0 && vmin > 0) {
				put_milli(b, "voltage_min_design_mv", vmin);
				/* µAh * µV = 1e-12 Wh; / 1e9 gives mWh */
				if (have_full && full < (1ULL << 40))
					json_object_set_new(b, "energy_full_mwh", json_integer((json_int_t)(full * vmin / 1000000000ULL)));
				if (have_design && design < (1ULL << 40))
					json_object_set_new(b, "energy_full_design_mwh", json_integer((json_int_t)(design * vmin / 1000000000ULL)));
				if (have_now && now < (1ULL << 40))
					json_object_set_new(b, "energy_now_mwh", json_integer((json_int_t)(now * vmin / 1000000000ULL)));
			}
		}
		if (have_full && have_design) {
			int w = inv_wear_permille(full, design);
			if (w >= 0)
				json_object_set_new(b, "wear_permille", json_integer(w));
			if (full > design)
				json_object_set_new(b, "full_above_design", json_true());
		}
		json_array_append_new(list, b);
		free(names[i]);
	}
	return list;
}

json_t *inv_ac_adapters(struct inv_ctx *ctx)
{
	char *names[64];
	size_t n = supplies(ctx, "Mains", names, 64);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *a = json_object();
		json_object_set_new(a, "name", json_string(names[i]));
		unsigned long long online;
		char p[PATH_MAX];
		if (inv_path(p, sizeof(p), "/sys/class/power_supply/%s/online", names[i]) == 0 &&
		    inv_read_u64(ctx, "battery", p, &online) == 0)
			json_object_set_new(a, "online", json_boolean(online != 0));
		json_array_append_new(list, a);
		free(names[i]);
	}
	return list;
}
