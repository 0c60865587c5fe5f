/*
 * thermal.c — heat under load: sampled once a second while the CPU test
 * runs (or once, for --only thermal), then turned into metrics:
 *   thermal.cpu_sensors       processor sensors read (0: the cooling cannot
 *                             be judged: NOT_TESTED)
 *   thermal.loaded_samples    samples of a processor sensor taken under load
 *                             (0: NOT_TESTED, the cooling was not loaded)
 *   thermal.margin_c          least distance to a critical trip point
 *   thermal.throttle_events   throttle counters (increase during the load;
 *                             the count since boot when nothing was loaded)
 *   thermal.fans_stopped_hot  fans that turned at some point of the watch
 *                             but stood at 0 RPM in a sample where a
 *                             processor sensor read >= 60 °C; each fan is
 *                             judged on its own, and a header that reads
 *                             0 RPM all the time has no fan connected
 *   thermal.slow_while_cool_permille  top speed reached (or allowed by the
 *                             firmware's bios_limit) per mille of the CPU's
 *                             maximum, only while every sensor is under 60 °C:
 *                             slow and cool is the signature of a charger the
 *                             laptop does not recognise or a dead battery,
 *                             not of heat.
 */
#include "diag.h"

#include <stdio.h>
#include <string.h>

#define HOT_MC 60000

static void absorb(struct diag_thermal_watch *w, const struct diag_snapshot *s, int loaded)
{
	int64_t cpu_mc = -273000;
	for (size_t i = 0; i < s->n_temps; i++) {
		const struct diag_temp *t = &s->temps[i];
		if (t->mc > w->max_mc) {
			w->max_mc = t->mc;
			snprintf(w->hottest, sizeof(w->hottest), "%s", t->name);
		}
		if (t->cpu && t->mc > cpu_mc)
			cpu_mc = t->mc;
		if (t->crit_mc > 0) {
			int64_t margin = t->crit_mc - t->mc;
			if (w->max_crit_mc == 0 || margin < w->min_margin_mc) {
				w->min_margin_mc = margin;
				w->max_crit_mc = t->crit_mc;
			}
		}
	}
	if (cpu_mc > w->max_cpu_mc)
		w->max_cpu_mc = cpu_mc;
	if (loaded && cpu_mc > -273000)
		w->cpu_samples++;
	for (size_t c = 0; c < s->n_cpus; c++)
		if (s->freq_khz[c] > w->max_freq_seen_khz)
			w->max_freq_seen_khz = s->freq_khz[c];
	/* each fan on its own, and what it did while the processor was hot */
	for (size_t i = 0; i < s->n_fans; i++) {
		struct diag_fan_watch *f = NULL;
		for (size_t k = 0; k < w->n_fans && !f; k++)
			if (strcmp(w->fans[k].name, s->fans[i].name) == 0)
				f = &w->fans[k];
		if (!f && w->n_fans < DIAG_MAX_FANS) {
			f = &w->fans[w->n_fans++];
			snprintf(f->name, sizeof(f->name), "%s", s->fans[i].name);
			f->max_rpm = 0;
			f->min_rpm_hot = -1;
		}
		if (!f)
			continue;
		if (s->fans[i].rpm > f->max_rpm)
			f->max_rpm = s->fans[i].rpm;
		if (cpu_mc >= HOT_MC && (f->min_rpm_hot < 0 || s->fans[i].rpm < f->min_rpm_hot))
			f->min_rpm_hot = s->fans[i].rpm;
	}
}

/* A snapshot, with the run's meminfo when the watch has it. */
static void snapshot(const struct diag_thermal_watch *w, const char *root, struct diag_snapshot *s)
{
	if (w->meminfo)
		diag_sensors_sample(root, w->meminfo, s);
	else
		diag_sensors_read(root, s);
}

void diag_thermal_watch_init(struct diag_thermal_watch *w, const char *root)
{
	diag_thermal_watch_start(w, root, NULL);
}

void diag_thermal_watch_start(struct diag_thermal_watch *w, const char *root, const struct diag_meminfo *mi)
{
	memset(w, 0, sizeof(*w));
	w->meminfo = mi;
	w->max_mc = w->max_cpu_mc = -273000;
	w->series = json_array();
	snapshot(w, root, &w->first);
	w->last = w->first;
	absorb(w, &w->first, 0);
}

void diag_thermal_watch_add(struct diag_thermal_watch *w, const struct diag_snapshot *s, uint64_t t_ms)
{
	if (s != &w->last)
		w->last = *s;
	absorb(w, &w->last, 1);
	w->samples++;
	int64_t hot = -273000, fmax = 0, fan_min = -1;
	for (size_t i = 0; i < w->last.n_temps; i++)
		if (w->last.temps[i].mc > hot)
			hot = w->last.temps[i].mc;
	for (size_t c = 0; c < w->last.n_cpus; c++)
		if (w->last.freq_khz[c] > fmax)
			fmax = w->last.freq_khz[c];
	for (size_t i = 0; i < w->last.n_fans; i++)
		if (fan_min < 0 || w->last.fans[i].rpm < fan_min)
			fan_min = w->last.fans[i].rpm;
	json_t *o = json_pack("{s:I}", "t_ms", (json_int_t)t_ms);
	if (w->last.n_temps)
		json_object_set_new(o, "max_temp_mc", json_integer(hot));
	if (fmax > 0)
		json_object_set_new(o, "max_freq_khz", json_integer(fmax));
	if (fan_min >= 0)
		json_object_set_new(o, "fan_min_rpm", json_integer(fan_min));
	if (json_array_size(w->series) < 7200)
		json_array_append_new(w->series, o);
	else
		json_decref(o);
}

void diag_thermal_watch_sample(struct diag_thermal_watch *w, const char *root, uint64_t t_ms)
{
	snapshot(w, root, &w->last);
	diag_thermal_watch_add(w, &w->last, t_ms);
}

void diag_thermal_watch_release(struct diag_thermal_watch *w)
{
	json_decref(w->series);
	w->series = NULL;
}

void diag_thermal_part(const struct diag_thermal_watch *w, int loaded, struct diag_part *p)
{
	json_t *d = p->details;
	const struct diag_snapshot *s = &w->last;

	json_t *temps = json_array();
	for (size_t i = 0; i < s->n_temps; i++) {
		json_t *o = json_pack("{s:s,s:I}", "sensor", s->temps[i].name, "temp_mc", (json_int_t)s->temps[i].mc);
		if (s->temps[i].crit_mc)
			json_object_set_new(o, "crit_mc", json_integer(s->temps[i].crit_mc));
		json_array_append_new(temps, o);
	}
	json_object_set_new(d, "sensors", temps);
	json_object_set_new(d, "under_load", json_boolean(loaded));
	json_object_set_new(d, "samples", json_integer((json_int_t)w->samples));
	if (w->series && json_array_size(w->series))
		json_object_set_new(d, "series", json_incref(w->series));
	if (w->max_mc > -273000) {
		json_object_set_new(d, "max_temp_mc", json_integer(w->max_mc));
		json_object_set_new(d, "hottest", json_string(w->hottest));
	}
	if (w->max_crit_mc > 0) {
		diag_metric_set(p, "thermal.margin_c", w->min_margin_mc / 1000);
		json_object_set_new(d, "min_margin_mc", json_integer(w->min_margin_mc));
	}
	if (s->throttle_events >= 0) {
		int64_t ev = loaded && w->first.throttle_events >= 0 ? s->throttle_events - w->first.throttle_events
								      : s->throttle_events;
		diag_metric_set(p, "thermal.throttle_events", ev);
		json_object_set_new(d, "throttle_events", json_integer(ev));
	}
	size_t cpu_sensors = 0;
	for (size_t i = 0; i < s->n_temps; i++)
		cpu_sensors += s->temps[i].cpu != 0;
	diag_metric_set(p, "thermal.cpu_sensors", (int64_t)cpu_sensors);
	diag_metric_set(p, "thermal.loaded_samples", loaded ? (int64_t)w->cpu_samples : 0);
	if (w->max_cpu_mc > -273000)
		json_object_set_new(d, "max_cpu_temp_mc", json_integer(w->max_cpu_mc));
	json_t *fans = json_array();
	int64_t stopped = 0;
	for (size_t i = 0; i < w->n_fans; i++) {
		const struct diag_fan_watch *f = &w->fans[i];
		json_t *o = json_pack("{s:s,s:I,s:b}", "fan", f->name, "max_rpm", (json_int_t)f->max_rpm,
				      "connected", f->max_rpm > 0);
		if (f->min_rpm_hot >= 0)
			json_object_set_new(o, "min_rpm_while_hot", json_integer(f->min_rpm_hot));
		json_array_append_new(fans, o);
		stopped += f->max_rpm > 0 && f->min_rpm_hot == 0;
	}
	json_object_set_new(d, "fans", fans);
	if (loaded)
		diag_metric_set(p, "thermal.fans_stopped_hot", stopped);
	if (s->max_freq_khz > 0) {
		json_object_set_new(d, "cpuinfo_max_freq_khz", json_integer(s->max_freq_khz));
		int64_t allowed = s->max_freq_khz;
		const char *why = NULL;
		if (s->bios_limit_khz > 0 && s->bios_limit_khz < allowed) {
			allowed = s->bios_limit_khz;
			why = "bios_limit";
		}
		if (s->scaling_max_khz > 0 && s->scaling_max_khz < allowed) {
			allowed = s->scaling_max_khz;
			why = "scaling_max_freq";
		}
		if (loaded && w->max_freq_seen_khz > 0 && w->max_freq_seen_khz < allowed) {
			allowed = w->max_freq_seen_khz;
			why = "reached_under_load";
		}
		if (w->max_freq_seen_khz > 0)
			json_object_set_new(d, "max_freq_seen_khz", json_integer(w->max_freq_seen_khz));
		if (s->bios_limit_khz > 0)
			json_object_set_new(d, "bios_limit_khz", json_integer(s->bios_limit_khz));
		int64_t permille = allowed * 1000 / s->max_freq_khz;
		json_object_set_new(d, "speed_permille", json_integer(permille));
		if (why)
			json_object_set_new(d, "speed_limited_by", json_string(why));
		/* only meaningful while cool, and when a temperature is known */
		if (w->max_mc > -273000 && w->max_mc < HOT_MC)
			diag_metric_set(p, "thermal.slow_while_cool_permille", permille);
	}
}

static void diag_thermal_run_part(struct diag_run *r, const struct diag_part_desc *d)
{
	(void)d;
	if (!r->loaded)
		diag_thermal_watch_sample(r->thermal, r->root, 0);
	struct diag_part *p = diag_run_new_part(r, "thermal", "thermal");
	if (p)
		diag_thermal_part(r->thermal, r->loaded, p);
}

const struct diag_part_desc diag_thermal_desc = { "thermal", DIAG_NEEDS_LOAD, NULL, diag_thermal_run_part, NULL };
