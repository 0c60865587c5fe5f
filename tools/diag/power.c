/*
 * power.c — the power part: the charger and what the battery gives.
 *
 * From the power_supply class (Documentation/ABI/testing/sysfs-class-power):
 * chargers are supplies of type Mains or USB with an "online" attribute;
 * system batteries are type Battery without scope Device (a mouse's).  On
 * battery (no charger online, status Discharging) the discharge rate is
 * power_now (µW), or current_now (µA) × voltage_now (µV); the runtime
 * estimate is energy_now / power_now, or charge_now / current_now.  The
 * battery's own wear is the battery part's (battery.c); this part is about
 * whether the machine can be charged and how long it lasts unplugged.
 * reco diag measures it before the processor is loaded: it is a figure at
 * rest.
 *
 * Metrics: power.charger_present, power.charger_online, power.on_battery,
 * power.discharge_mw, power.runtime_min (both only on battery, when the
 * firmware reports a rate).
 */
#include "functions.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/sysroot.h"

#define PS "/sys/class/power_supply"

int64_t diag_power_runtime_min(int64_t now, int64_t rate)
{
	if (now < 0 || rate <= 0)
		return -1;
	/* µWh / µW (or µAh / µA) = hours; ×60, rounded down */
	return now * 60 / rate;
}

static int rd(const char *root, const char *dev, const char *attr, int64_t *v)
{
	char p[512];
	snprintf(p, sizeof(p), PS "/%s/%s", dev, attr);
	return reco_read_i64(root, p, v);
}

static int rds(const char *root, const char *dev, const char *attr, char *buf, size_t size)
{
	char p[512];
	snprintf(p, sizeof(p), PS "/%s/%s", dev, attr);
	return reco_read_str(root, p, buf, size);
}

int diag_power_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max)
{
	DIR *d = reco_opendir(c->root, PS);
	if (!d || max == 0) {
		if (d)
			closedir(d);
		return 0;
	}
	int chargers = 0, online = 0, batteries = 0, discharging = 0;
	int64_t rate_uw = -1, energy_uwh = -1, charge_uah = -1, current_ua = -1;
	json_t *ch = json_array(), *bats = json_array();
	struct dirent *de;
	while ((de = readdir(d))) {
		char type[32] = "", scope[32] = "", status[32] = "";
		int64_t v;
		if (de->d_name[0] == '.' || rds(c->root, de->d_name, "type", type, sizeof(type)) != 0)
			continue;
		if (strcmp(type, "Mains") == 0 || strncmp(type, "USB", 3) == 0) {
			if (rd(c->root, de->d_name, "online", &v) != 0)
				continue;
			chargers++;
			online |= v > 0;
			json_array_append_new(ch, json_pack("{s:s,s:s,s:b}", "name", de->d_name, "type", type, "online",
							    v > 0));
		} else if (strcmp(type, "Battery") == 0) {
			if (rds(c->root, de->d_name, "scope", scope, sizeof(scope)) == 0 && strcmp(scope, "Device") == 0)
				continue;
			if (rd(c->root, de->d_name, "present", &v) == 0 && v == 0)
				continue;
			batteries++;
			rds(c->root, de->d_name, "status", status, sizeof(status));
			json_t *b = json_pack("{s:s}", "name", de->d_name);
			reco_json_set_str(b, "status", status);
			json_array_append_new(bats, b);
			if (strcmp(status, "Discharging") != 0)
				continue;
			discharging = 1;
			int64_t pw, cu, vo, en, chg;
			if (rd(c->root, de->d_name, "power_now", &pw) == 0 && pw > 0)
				rate_uw = (rate_uw > 0 ? rate_uw : 0) + pw;
			else if (rd(c->root, de->d_name, "current_now", &cu) == 0 && cu != 0 &&
				 rd(c->root, de->d_name, "voltage_now", &vo) == 0 && vo > 0) {
				cu = cu < 0 ? -cu : cu; /* some firmwares report a negative current */
				rate_uw = (rate_uw > 0 ? rate_uw : 0) + cu * (vo / 1000) / 1000;
				current_ua = (current_ua > 0 ? current_ua : 0) + cu;
			}
			if (rd(c->root, de->d_name, "energy_now", &en) == 0)
				energy_uwh = (energy_uwh > 0 ? energy_uwh : 0) + en;
			else if (rd(c->root, de->d_name, "charge_now", &chg) == 0)
				charge_uah = (charge_uah > 0 ? charge_uah : 0) + chg;
		}
	}
	closedir(d);
	if (!chargers && !batteries) {
		json_decref(ch);
		json_decref(bats);
		return 0;
	}
	struct diag_part *p = &out[0];
	if (diag_part_init(p, "power", "power") != 0) {
		json_decref(ch);
		json_decref(bats);
		return 0;
	}
	json_object_set_new(p->details, "chargers", ch);
	json_object_set_new(p->details, "batteries", bats);
	diag_metric_set(p, "power.charger_present", chargers > 0);
	if (chargers)
		diag_metric_set(p, "power.charger_online", online);
	int on_batt = batteries && discharging && !online;
	diag_metric_set(p, "power.on_battery", on_batt);
	if (on_batt && rate_uw > 0) {
		diag_metric_set(p, "power.discharge_mw", rate_uw / 1000);
		json_object_set_new(p->details, "discharge_mw", json_integer(rate_uw / 1000));
		int64_t rt = energy_uwh >= 0 ? diag_power_runtime_min(energy_uwh, rate_uw)
					     : diag_power_runtime_min(charge_uah, current_ua);
		if (rt >= 0) {
			diag_metric_set(p, "power.runtime_min", rt);
			json_object_set_new(p->details, "runtime_min", json_integer(rt));
		}
	}
	return 1;
}

const struct diag_part_desc diag_power_desc = { "power", DIAG_NEEDS_IDLE, NULL, diag_fn_run_part,
						(const void *)(diag_fn_reader)diag_power_read };
