/*
 * sensors.c — one reading of every sensor the kernel exposes, under a root
 * prefix so captured trees are test fixtures.
 *
 * Sources (Linux ABI documents): hwmon sysfs interface
 * (Documentation/hwmon/sysfs-interface.rst: tempN_input/_crit/_label in
 * millidegrees, fanN_input in RPM, one reading per fan); thermal zones (/sys/class/thermal,
 * temp and trip_point_N_{type,temp}); cpufreq (scaling_cur_freq,
 * cpuinfo_max_freq, scaling_max_freq, bios_limit, in kHz); x86
 * thermal_throttle counters; machine checks as the MCE row of
 * /proc/interrupts; EDAC memory controllers (mcN/ce_count, ue_count);
 * EarlyMemtestBad, MemTotal and SwapTotal in /proc/meminfo (kernel memtest=
 * at boot).  A temperature is the processor's when its hwmon driver or
 * thermal zone type is one of the processor sensors (diag_sensor_is_cpu()):
 * acpitz and the like measure the board, not the processor.
 */
#include "diag.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sysroot.h"


int diag_sensor_is_cpu(const char *chip)
{
	/* hwmon drivers of processor sensors, thermal zone types of packages */
	static const char *const names[] = { "coretemp", "k10temp", "k8temp", "zenpower", "via_cputemp",
					      "cpu_thermal", "cpu-thermal", "x86_pkg_temp", "cpu" };
	for (size_t i = 0; chip && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(chip, names[i]) == 0)
			return 1;
	return 0;
}

static void add_temp(struct diag_snapshot *s, const char *name, int64_t mc, int64_t crit, int cpu)
{
	if (s->n_temps >= DIAG_MAX_TEMPS || mc <= -40000 || mc >= 200000)
		return; /* absent or nonsense readings (-273 °C, 255 °C) */
	struct diag_temp *t = &s->temps[s->n_temps++];
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->mc = mc;
	t->crit_mc = crit > 0 && crit < 200000 ? crit : 0;
	t->cpu = cpu;
}

static void read_hwmon(const char *root, struct diag_snapshot *s)
{
	DIR *d = reco_opendir(root, "/sys/class/hwmon");
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char base[300], path[600], chip[64] = "hwmon", label[64];
		snprintf(base, sizeof(base), "/sys/class/hwmon/%s", de->d_name);
		snprintf(path, sizeof(path), "%s/name", base);
		reco_read_str(root, path, chip, sizeof(chip));
		for (int i = 1; i <= 32; i++) {
			int64_t v, crit = 0;
			snprintf(path, sizeof(path), "%s/temp%d_input", base, i);
			if (reco_read_i64(root, path, &v) == 0) {
				snprintf(path, sizeof(path), "%s/temp%d_crit", base, i);
				if (reco_read_i64(root, path, &crit) != 0) {
					snprintf(path, sizeof(path), "%s/temp%d_emergency", base, i);
					if (reco_read_i64(root, path, &crit) != 0)
						crit = 0;
				}
				snprintf(path, sizeof(path), "%s/temp%d_label", base, i);
				if (reco_read_str(root, path, label, sizeof(label)) != 0)
					snprintf(label, sizeof(label), "temp%d", i);
				char name[64];
				snprintf(name, sizeof(name), "%.24s %.38s", chip, label);
				add_temp(s, name, v, crit, diag_sensor_is_cpu(chip));
			}
			snprintf(path, sizeof(path), "%s/fan%d_input", base, i);
			if (reco_read_i64(root, path, &v) == 0 && v >= 0 && s->n_fans < DIAG_MAX_FANS) {
				struct diag_fan *f = &s->fans[s->n_fans++];
				snprintf(f->name, sizeof(f->name), "%.24s fan%d", chip, i);
				f->rpm = v;
			}
		}
	}
	closedir(d);
}

static void read_thermal_zones(const char *root, struct diag_snapshot *s)
{
	DIR *d = reco_opendir(root, "/sys/class/thermal");
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "thermal_zone", 12) != 0)
			continue;
		char base[300], path[600], type[48] = "zone", tt[32];
		int64_t v, crit = 0, tv;
		snprintf(base, sizeof(base), "/sys/class/thermal/%s", de->d_name);
		snprintf(path, sizeof(path), "%s/temp", base);
		if (reco_read_i64(root, path, &v) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/type", base);
		reco_read_str(root, path, type, sizeof(type));
		for (int i = 0; i < 16; i++) {
			snprintf(path, sizeof(path), "%s/trip_point_%d_type", base, i);
			if (reco_read_str(root, path, tt, sizeof(tt)) != 0)
				break;
			snprintf(path, sizeof(path), "%s/trip_point_%d_temp", base, i);
			if (strcmp(tt, "critical") == 0 && reco_read_i64(root, path, &tv) == 0)
				crit = tv;
		}
		char name[64];
		snprintf(name, sizeof(name), "%.14s %.40s", de->d_name, type);
		add_temp(s, name, v, crit, diag_sensor_is_cpu(type));
	}
	closedir(d);
}

static void read_cpus(const char *root, struct diag_snapshot *s)
{
	DIR *d = reco_opendir(root, "/sys/devices/system/cpu");
	if (!d)
		return;
	struct dirent *de;
	int64_t core_thr = 0, pkg_thr = 0;
	int have_thr = 0;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "cpu", 3) != 0 || !isdigit((unsigned char)de->d_name[3]))
			continue;
		int n = atoi(de->d_name + 3);
		char path[600];
		int64_t v;
		if (n < DIAG_MAX_CPUS) {
			if ((size_t)n + 1 > s->n_cpus) {
				for (size_t i = s->n_cpus; i <= (size_t)n; i++)
					s->freq_khz[i] = -1;
				s->n_cpus = (size_t)n + 1;
			}
			snprintf(path, sizeof(path), "/sys/devices/system/cpu/%s/cpufreq/scaling_cur_freq", de->d_name);
			if (reco_read_i64(root, path, &v) == 0)
				s->freq_khz[n] = v;
		}
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/%s/cpufreq/cpuinfo_max_freq", de->d_name);
		if (reco_read_i64(root, path, &v) == 0 && v > s->max_freq_khz)
			s->max_freq_khz = v;
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/%s/cpufreq/scaling_max_freq", de->d_name);
		if (reco_read_i64(root, path, &v) == 0 && (s->scaling_max_khz == 0 || v < s->scaling_max_khz))
			s->scaling_max_khz = v;
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/%s/cpufreq/bios_limit", de->d_name);
		if (reco_read_i64(root, path, &v) == 0 && v > 0 && (s->bios_limit_khz == 0 || v < s->bios_limit_khz))
			s->bios_limit_khz = v;
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/%s/thermal_throttle/core_throttle_count",
			 de->d_name);
		if (reco_read_i64(root, path, &v) == 0) {
			core_thr += v;
			have_thr = 1;
		}
		/* package counters repeat on every CPU of the package */
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/%s/thermal_throttle/package_throttle_count",
			 de->d_name);
		if (reco_read_i64(root, path, &v) == 0 && v > pkg_thr) {
			pkg_thr = v;
			have_thr = 1;
		}
	}
	closedir(d);
	s->throttle_events = have_thr ? core_thr + pkg_thr : -1;
}

static void read_mce(const char *root, struct diag_snapshot *s)
{
	char *text = NULL;
	size_t len;
	if (reco_read_file(root, "/proc/interrupts", &text, &len, 1 << 20) != 0)
		return;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		while (*line == ' ')
			line++;
		if (strncmp(line, "MCE:", 4) != 0)
			continue;
		int64_t sum = 0;
		char *p = line + 4, *end;
		for (;;) {
			long long v = strtoll(p, &end, 10);
			if (end == p)
				break;
			sum += v;
			p = end;
		}
		s->mce_count = sum;
	}
	free(text);
}

static void read_edac(const char *root, struct diag_snapshot *s)
{
	DIR *d = reco_opendir(root, "/sys/devices/system/edac/mc");
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "mc", 2) != 0 || !isdigit((unsigned char)de->d_name[2]))
			continue;
		char path[600];
		int64_t v;
		snprintf(path, sizeof(path), "/sys/devices/system/edac/mc/%s/ce_count", de->d_name);
		if (reco_read_i64(root, path, &v) == 0)
			s->edac_ce = (s->edac_ce < 0 ? 0 : s->edac_ce) + v;
		snprintf(path, sizeof(path), "/sys/devices/system/edac/mc/%s/ue_count", de->d_name);
		if (reco_read_i64(root, path, &v) == 0)
			s->edac_ue = (s->edac_ue < 0 ? 0 : s->edac_ue) + v;
	}
	closedir(d);
}

int diag_meminfo_read(const char *root, struct diag_meminfo *mi)
{
	char *text = NULL;
	size_t len;
	mi->total_kb = mi->available_kb = mi->swap_total_kb = mi->early_memtest_bad_kb = -1;
	int rc = reco_read_file(root, "/proc/meminfo", &text, &len, 1 << 16);
	if (rc != 0)
		return rc;
	const char *m = strstr(text, "EarlyMemtestBad:");
	if (m)
		mi->early_memtest_bad_kb = strtoll(m + 16, NULL, 10);
	if ((m = strstr(text, "MemTotal:")))
		mi->total_kb = strtoll(m + 9, NULL, 10);
	if ((m = strstr(text, "MemAvailable:")))
		mi->available_kb = strtoll(m + 13, NULL, 10);
	if ((m = strstr(text, "SwapTotal:")))
		mi->swap_total_kb = strtoll(m + 10, NULL, 10);
	free(text);
	return 0;
}

int diag_sensors_read(const char *root, struct diag_snapshot *s)
{
	struct diag_meminfo mi;
	diag_meminfo_read(root, &mi);
	return diag_sensors_sample(root, &mi, s);
}

int diag_sensors_sample(const char *root, const struct diag_meminfo *mi, struct diag_snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->mce_count = -1;
	s->mem_total_kb = s->swap_total_kb = -1;
	s->edac_ce = s->edac_ue = -1;
	s->early_memtest_bad = -1;
	s->throttle_events = -1;
	read_hwmon(root, s);
	read_thermal_zones(root, s);
	read_cpus(root, s);
	read_mce(root, s);
	read_edac(root, s);
	s->early_memtest_bad = mi->early_memtest_bad_kb;
	s->mem_total_kb = mi->total_kb;
	s->swap_total_kb = mi->swap_total_kb;
	return 0;
}
