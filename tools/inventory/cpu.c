/*
 * cpu.c — the cpu and memory sections.
 *
 * cpu: /proc/cpuinfo (x86 keys: vendor_id, model name, cpu family, model,
 * stepping, microcode, flags, physical id, core id) completed by sysfs
 * topology (/sys/devices/system/cpu/cpuN/topology) where cpuinfo lacks it,
 * and cpufreq limits (cpuinfo_min_freq/cpuinfo_max_freq, kHz).
 * memory: /proc/meminfo MemTotal, MemAvailable, EarlyMemtestBad (kB).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/sysroot.h"
#include "lib/util.h"
#include "inventory.h"

/* Flags worth a line in an inventory: crypto, vector units, virtualisation. */
static const char *const interesting_flags[] = {
	"aes", "avx", "avx2", "avx512f", "sha_ni", "sse4_2", "vmx", "svm", "lm", "nx", "hypervisor",
};

#define MAX_IDS 1024

struct cpu_count {
	int threads;
	unsigned long long pkg[MAX_IDS];
	int npkg;
	unsigned long long core[MAX_IDS]; /* package << 20 | core id */
	int ncore;
};

static void add_unique(unsigned long long *set, int *n, unsigned long long v)
{
	for (int i = 0; i < *n; i++)
		if (set[i] == v)
			return;
	if (*n < MAX_IDS)
		set[(*n)++] = v;
}

/* Splits "key\t: value" into trimmed key and value; 0 when not such a line. */
static int split_kv(char *line, char **key, char **val)
{
	char *colon = strchr(line, ':');
	if (!colon)
		return 0;
	*colon = '\0';
	*key = reco_strtrim(line);
	*val = reco_strtrim(colon + 1);
	return **key != '\0';
}

static int parse_ll(const char *s, long long *v)
{
	char *end;
	errno = 0;
	long long x = strtoll(s, &end, 0);
	if (errno || end == s || *end)
		return -EINVAL;
	*v = x;
	return 0;
}

json_t *inv_cpu_parse(const char *cpuinfo)
{
	if (!cpuinfo)
		return NULL;
	char *text = strdup(cpuinfo);
	if (!text)
		return NULL;
	json_t *cpu = json_object();
	struct cpu_count *cc = calloc(1, sizeof(*cc));
	unsigned long long cur_pkg = 0;
	int first = 1, have_phys = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *k, *v;
		if (!split_kv(line, &k, &v))
			continue;
		long long n;
		if (!strcmp(k, "processor")) {
			if (parse_ll(v, &n) == 0) {
				cc->threads++;
				if (cc->threads > 1)
					first = 0;
			}
			continue;
		}
		if (!strcmp(k, "physical id") && parse_ll(v, &n) == 0) {
			cur_pkg = (unsigned long long)n;
			have_phys = 1;
			add_unique(cc->pkg, &cc->npkg, cur_pkg);
			continue;
		}
		if (!strcmp(k, "core id") && parse_ll(v, &n) == 0) {
			add_unique(cc->core, &cc->ncore, (cur_pkg << 20) | ((unsigned long long)n & 0xfffff));
			continue;
		}
		if (!first)
			continue; /* identity fields from the first processor only */
		if (!strcmp(k, "vendor_id") || !strcmp(k, "CPU implementer"))
			reco_json_set_str(cpu, "vendor", v);
		else if (!strcmp(k, "model name") || !strcmp(k, "Processor"))
			reco_json_set_str(cpu, "model_name", v);
		else if (!strcmp(k, "cpu family") && parse_ll(v, &n) == 0 && n >= 0)
			json_object_set_new(cpu, "family", json_integer(n));
		else if (!strcmp(k, "model") && parse_ll(v, &n) == 0 && n >= 0)
			json_object_set_new(cpu, "model", json_integer(n));
		else if (!strcmp(k, "stepping") && parse_ll(v, &n) == 0 && n >= 0)
			json_object_set_new(cpu, "stepping", json_integer(n));
		else if (!strcmp(k, "microcode"))
			reco_json_set_str(cpu, "microcode", v);
		else if (!strcmp(k, "flags") || !strcmp(k, "Features")) {
			json_t *flags = json_array();
			for (size_t i = 0; i < sizeof(interesting_flags) / sizeof(*interesting_flags); i++) {
				const char *f = interesting_flags[i];
				size_t fl = strlen(f);
				for (const char *p = v; (p = strstr(p, f)); p += fl) {
					if ((p == v || isspace((unsigned char)p[-1])) &&
					    (p[fl] == '\0' || isspace((unsigned char)p[fl]))) {
						json_array_append_new(flags, json_string(f));
						break;
					}
				}
			}
			json_object_set_new(cpu, "flags", flags);
		}
	}
	if (cc->threads > 0) {
		json_object_set_new(cpu, "threads", json_integer(cc->threads));
		if (have_phys) {
			json_object_set_new(cpu, "sockets", json_integer(cc->npkg));
			if (cc->ncore > 0)
				json_object_set_new(cpu, "cores", json_integer(cc->ncore));
		}
	}
	free(cc);
	free(text);
	if (json_object_size(cpu) == 0) {
		json_decref(cpu);
		return NULL;
	}
	return cpu;
}

/* Sockets and cores from sysfs topology, when cpuinfo had no "physical id". */
static void topology_from_sysfs(struct inv_ctx *ctx, json_t *cpu)
{
	DIR *d = reco_opendir(ctx->root, "/sys/devices/system/cpu");
	if (!d)
		return;
	struct cpu_count *cc = calloc(1, sizeof(*cc));
	struct dirent *de;
	while (cc && (de = readdir(d))) {
		if (strncmp(de->d_name, "cpu", 3) || !isdigit((unsigned char)de->d_name[3]))
			continue;
		char p[300];
		uint64_t pkg, core;
		if (inv_path(p, sizeof(p), "/sys/devices/system/cpu/%s/topology/physical_package_id", de->d_name) ||
		    reco_read_u64(ctx->root, p, &pkg))
			continue;
		if (inv_path(p, sizeof(p), "/sys/devices/system/cpu/%s/topology/core_id", de->d_name) ||
		    reco_read_u64(ctx->root, p, &core))
			continue;
		cc->threads++;
		add_unique(cc->pkg, &cc->npkg, pkg);
		add_unique(cc->core, &cc->ncore, (pkg << 20) | (core & 0xfffff));
	}
	closedir(d);
	if (cc && cc->threads > 0) {
		json_object_set_new(cpu, "sockets", json_integer(cc->npkg));
		json_object_set_new(cpu, "cores", json_integer(cc->ncore));
		if (!json_object_get(cpu, "threads"))
			json_object_set_new(cpu, "threads", json_integer(cc->threads));
	}
	free(cc);
}

json_t *inv_cpu(struct inv_ctx *ctx)
{
	char *text = NULL;
	int rc = reco_read_file(ctx->root, "/proc/cpuinfo", &text, NULL, 8 << 20);
	json_t *cpu = NULL;
	if (rc) {
		inv_note_sys(ctx, "cpu", -rc, "%s", "/proc/cpuinfo");
	} else {
		cpu = inv_cpu_parse(text);
		free(text);
		if (!cpu)
			inv_note(ctx, "cpu", 0, N_("%s: nothing recognisable in it"), "/proc/cpuinfo");
	}
	if (!cpu)
		cpu = json_object();
	if (!json_object_get(cpu, "sockets"))
		topology_from_sysfs(ctx, cpu);
	unsigned long long khz;
	if (inv_read_u64(ctx, "cpu", "/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_min_freq", &khz) == 0)
		json_object_set_new(cpu, "min_mhz", json_integer((json_int_t)(khz / 1000)));
	if (inv_read_u64(ctx, "cpu", "/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq", &khz) == 0)
		json_object_set_new(cpu, "max_mhz", json_integer((json_int_t)(khz / 1000)));
	return cpu;
}

json_t *inv_meminfo_parse(const char *meminfo)
{
	static const struct { const char *key, *field; } keys[] = {
		{ "MemTotal", "total_bytes" },
		{ "MemAvailable", "available_bytes" },
		{ "SwapTotal", "swap_total_bytes" },
		{ "EarlyMemtestBad", "early_memtest_bad_bytes" },
	};
	if (!meminfo)
		return NULL;
	json_t *mem = json_object();
	const char *line = meminfo;
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
			size_t kl = strlen(keys[i].key);
			if (len > kl && !strncmp(line, keys[i].key, kl) && line[kl] == ':') {
				char buf[64];
				size_t vl = len - kl - 1 < sizeof(buf) - 1 ? len - kl - 1 : sizeof(buf) - 1;
				memcpy(buf, line + kl + 1, vl);
				buf[vl] = '\0';
				char *end;
				errno = 0;
				unsigned long long v = strtoull(buf, &end, 10);
				while (*end == ' ' || *end == '\t')
					end++;
				if (errno || end == buf || strchr(buf, '-'))
					break;
				unsigned long long mult = 1;
				if (!strcmp(end, "kB"))
					mult = 1024;
				else if (*end)
					break;
				if (v > (unsigned long long)INT64_MAX / mult)
					break;
				json_object_set_new(mem, keys[i].field, json_integer((json_int_t)(v * mult)));
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	if (!json_object_get(mem, "total_bytes")) {
		json_decref(mem);
		return NULL;
	}
	return mem;
}

json_t *inv_memory(struct inv_ctx *ctx)
{
	char *text = NULL;
	int rc = reco_read_file(ctx->root, "/proc/meminfo", &text, NULL, 1 << 20);
	if (rc) {
		inv_note_sys(ctx, "memory", -rc, "%s", "/proc/meminfo");
		return NULL;
	}
	json_t *mem = inv_meminfo_parse(text);
	free(text);
	if (!mem)
		inv_note(ctx, "memory", 0, N_("%s: no MemTotal line"), "/proc/meminfo");
	return mem;
}
