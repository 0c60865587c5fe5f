/*
 * test_smbios.c — the SMBIOS parser (tools/inventory/smbios*.c).
 *
 * 1. Every dump in tests/fixtures/smbios/ is parsed and compared with the
 *    dmidecode 3.4 text beside it (<dump>.dmidecode.txt), which this file
 *    parses itself: nothing expected is copied by hand.
 * 2. Damaged input built in memory: truncation at every length, a table
 *    length past the buffer, structure length < 4, bad string indexes,
 *    missing terminators, garbage and checksum-broken entry points.
 * 3. Field rules: extended memory size and speed, KB granularity, 3.0 core
 *    counts, UUID byte order before/after 2.6, end-of-table type 127.
 * 4. The placeholder table, and inv_system() on sysfs trees under --root.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "inventory/inventory.h"
#include "inventory/smbios.h"
#include "lib/json.h"
#include "lib/sysroot.h"

#define FIXTURES "tests/fixtures/smbios"

/* ---- reading files ---- */

static uint8_t *slurp(const char *path, size_t *len)
{
	char *data = NULL;
	int rc = reco_read_file(NULL, path, &data, len, 16u << 20);
	if (rc)
		fail_msg("%s: %s", path, strerror(-rc));
	return (uint8_t *)data;
}

/* ---- the dmidecode text, parsed ---- */

#define MAX_KV 64
struct rec {
	int type;
	int nkv;
	char *key[MAX_KV], *val[MAX_KV];
};

struct decode {
	char version[16];
	struct rec *recs;
	size_t n;
};

static void decode_load(const char *path, struct decode *d)
{
	memset(d, 0, sizeof(*d));
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[1024];
	struct rec *cur = NULL;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		unsigned a, b;
		int t;
		if (sscanf(line, "SMBIOS %u.%u", &a, &b) == 2 && strstr(line, "present")) {
			sscanf(line, "SMBIOS %15s", d->version);
		} else if (sscanf(line, "Handle 0x%x, DMI type %d,", &a, &t) == 2) {
			d->recs = realloc(d->recs, (d->n + 1) * sizeof(*d->recs));
			assert_non_null(d->recs);
			cur = &d->recs[d->n++];
			memset(cur, 0, sizeof(*cur));
			cur->type = t;
		} else if (line[0] == '\0') {
			cur = NULL;
		} else if (cur && line[0] == '\t' && line[1] != '\t') {
			char *colon = strstr(line, ": ");
			if (!colon || cur->nkv == MAX_KV)
				continue;
			*colon = '\0';
			cur->key[cur->nkv] = strdup(line + 1);
			cur->val[cur->nkv] = strdup(colon + 2);
			cur->nkv++;
		}
	}
	fclose(f);
}

static void decode_free(struct decode *d)
{
	for (size_t i = 0; i < d->n; i++)
		for (int k = 0; k < d->recs[i].nkv; k++) {
			free(d->recs[i].key[k]);
			free(d->recs[i].val[k]);
		}
	free(d->recs);
}

static const char *get(const struct rec *r, const char *key)
{
	for (int k = 0; r && k < r->nkv; k++)
		if (!strcmp(r->key[k], key))
			return r->val[k];
	return NULL;
}

static const struct rec *first(const struct decode *d, int type)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->recs[i].type == type)
			return &d->recs[i];
	return NULL;
}

/* What reco should report for a dmidecode string value: NULL for "Not
 * Specified", <BAD INDEX>, <OUT OF SPEC> and placeholders, else the value
 * trimmed (dmidecode keeps trailing spaces). */
static char *expect_str(const char *v, char *buf, size_t size)
{
	if (!v || !strcmp(v, "Not Specified") || v[0] == '<')
		return NULL;
	snprintf(buf, size, "%s", v);
	size_t n = strlen(buf);
	while (n && buf[n - 1] == ' ')
		buf[--n] = '\0';
	char *b = buf;
	while (*b == ' ')
		b++;
	return smbios_is_placeholder(b) ? NULL : b;
}

static void check_str(const char *file, const char *what, const char *dmi, const char *got)
{
	char buf[512];
	const char *want = expect_str(dmi, buf, sizeof(buf));
	if (!want && !got)
		return;
	if (!want || !got || strcmp(want, got))
		fail_msg("%s: %s: dmidecode '%s' -> want '%s', reco '%s'", file, what,
			 dmi ? dmi : "(none)", want ? want : "(absent)", got ? got : "(absent)");
}

/* "8 GB" -> bytes; "No Module Installed" -> 0 with *installed 0. */
static uint64_t dmi_size(const char *v, int *installed)
{
	unsigned long long n;
	char unit[8];
	if (!strcmp(v, "No Module Installed")) {
		*installed = 0;
		return 0;
	}
	if (!strcmp(v, "Unknown")) {
		*installed = -1;
		return 0;
	}
	*installed = 1;
	if (sscanf(v, "%llu %7s", &n, unit) != 2)
		fail_msg("size '%s'", v);
	int shift = !strcmp(unit, "bytes") ? 0 : !strcmp(unit, "kB") ? 10 : !strcmp(unit, "MB") ? 20 :
		    !strcmp(unit, "GB") ? 30 : !strcmp(unit, "TB") ? 40 : -1;
	assert_true(shift >= 0);
	return (uint64_t)n << shift;
}

static uint32_t dmi_speed(const char *v)
{
	unsigned u = 0;
	if (!v || !strcmp(v, "Unknown"))
		return 0;
	if (sscanf(v, "%u", &u) != 1)
		fail_msg("speed '%s'", v);
	return u;
}

static void check_dump(const char *path)
{
	char txt[1100];
	size_t len;
	struct decode d;
	struct smbios s;
	snprintf(txt, sizeof(txt), "%s.dmidecode.txt", path);
	decode_load(txt, &d);
	uint8_t *data = slurp(path, &len);
	int rc = smbios_parse_image(data, len, &s);
	if (rc)
		fail_msg("%s: parse failed %d (%s)", path, rc, s.n_issues ? s.issues[0] : "");

	assert_string_equal(s.version, d.version);

	const struct rec *r = first(&d, 0);
	assert_non_null(r);
	check_str(path, "BIOS vendor", get(r, "Vendor"), s.bios.vendor);
	check_str(path, "BIOS version", get(r, "Version"), s.bios.version);
	check_str(path, "BIOS release date", get(r, "Release Date"), s.bios.release_date);

	r = first(&d, 1);
	assert_non_null(r);
	check_str(path, "system manufacturer", get(r, "Manufacturer"), s.system.vendor);
	check_str(path, "system product", get(r, "Product Name"), s.system.product);
	check_str(path, "system version", get(r, "Version"), s.system.version);
	check_str(path, "system serial", get(r, "Serial Number"), s.system.serial);
	check_str(path, "system SKU", get(r, "SKU Number"), s.system.sku);
	check_str(path, "system family", get(r, "Family"), s.system.family);
	const char *uuid = get(r, "UUID");
	if (!uuid || !strncmp(uuid, "Not ", 4))
		assert_string_equal(s.system.uuid, "");
	else if (strcasecmp(uuid, s.system.uuid))
		fail_msg("%s: UUID dmidecode %s, reco %s", path, uuid, s.system.uuid);

	r = first(&d, 2);
	if (r) {
		check_str(path, "board manufacturer", get(r, "Manufacturer"), s.board.vendor);
		check_str(path, "board product", get(r, "Product Name"), s.board.product);
		check_str(path, "board serial", get(r, "Serial Number"), s.board.serial);
	}

	r = first(&d, 3);
	assert_non_null(r);
	const char *ct = get(r, "Type");
	assert_non_null(ct);
	if (!strcmp(ct, "Unknown"))
		assert_null(s.chassis.type);
	else {
		assert_non_null(s.chassis.type);
		assert_string_equal(s.chassis.type, ct);
	}
	check_str(path, "chassis manufacturer", get(r, "Manufacturer"), s.chassis.vendor);
	check_str(path, "chassis serial", get(r, "Serial Number"), s.chassis.serial);
	check_str(path, "chassis asset tag", get(r, "Asset Tag"), s.chassis.asset_tag);

	/* Processors: count, version, max speed, cores and threads. */
	size_t np = 0;
	for (size_t i = 0; i < d.n; i++) {
		if (d.recs[i].type != 4)
			continue;
		assert_true(np < s.n_procs);
		const struct smbios_processor *p = &s.procs[np++];
		check_str(path, "processor version", get(&d.recs[i], "Version"), p->version);
		check_str(path, "processor socket", get(&d.recs[i], "Socket Designation"), p->socket);
		assert_int_equal(p->max_speed_mhz, dmi_speed(get(&d.recs[i], "Max Speed")));
		const char *cc = get(&d.recs[i], "Core Count"), *tc = get(&d.recs[i], "Thread Count");
		if (cc)
			assert_int_equal(p->core_count, strtoul(cc, NULL, 10));
		if (tc)
			assert_int_equal(p->thread_count, strtoul(tc, NULL, 10));
	}
	assert_int_equal(np, s.n_procs);

	/* Memory devices: every one, in order. */
	size_t nm = 0, populated = 0;
	for (size_t i = 0; i < d.n; i++) {
		const struct rec *m = &d.recs[i];
		if (m->type != 17)
			continue;
		assert_true(nm < s.n_mem);
		const struct smbios_memdev *g = &s.mem[nm++];
		char what[160];
		int inst;
		uint64_t size = dmi_size(get(m, "Size"), &inst);
		if (g->installed != inst || g->size_bytes != size)
			fail_msg("%s: memory device %zu: size '%s', reco %d/%llu", path, nm,
				 get(m, "Size"), g->installed, (unsigned long long)g->size_bytes);
		populated += inst == 1;
		const char *t = get(m, "Type");
		if (!strcmp(t, "Unknown"))
			assert_null(g->type);
		else {
			assert_non_null(g->type);
			assert_string_equal(g->type, t);
		}
		if (g->speed_mts != dmi_speed(get(m, "Speed")))
			fail_msg("%s: memory device %zu: speed '%s', reco %u", path, nm,
				 get(m, "Speed") ? get(m, "Speed") : "(none)", g->speed_mts);
		const char *cs = get(m, "Configured Memory Speed");
		if (!cs)
			cs = get(m, "Configured Clock Speed");
		if (g->configured_speed_mts != dmi_speed(cs))
			fail_msg("%s: memory device %zu: configured speed '%s', reco %u", path, nm,
				 cs ? cs : "(none)", g->configured_speed_mts);
		snprintf(what, sizeof(what), "memory device %zu part number", nm);
		check_str(path, what, get(m, "Part Number"), g->part_number);
		snprintf(what, sizeof(what), "memory device %zu locator", nm);
		check_str(path, what, get(m, "Locator"), g->locator);
		snprintf(what, sizeof(what), "memory device %zu manufacturer", nm);
		check_str(path, what, get(m, "Manufacturer"), g->manufacturer);
		snprintf(what, sizeof(what), "memory device %zu serial", nm);
		check_str(path, what, get(m, "Serial Number"), g->serial);
		const char *ff = get(m, "Form Factor");
		if (ff && strcmp(ff, "Unknown"))
			assert_string_equal(g->form_factor, ff);
	}
	assert_int_equal(nm, s.n_mem);
	assert_true(nm > 0);
	(void)populated;

	/* Memory arrays: maximum capacity and number of devices. */
	size_t na = 0;
	for (size_t i = 0; i < d.n; i++) {
		if (d.recs[i].type != 16)
			continue;
		assert_true(na < s.n_arrays);
		const struct smbios_memarray *a = &s.arrays[na++];
		int inst;
		const char *mc = get(&d.recs[i], "Maximum Capacity");
		if (mc && strcmp(mc, "Unknown"))
			assert_int_equal(a->max_capacity_bytes, dmi_size(mc, &inst));
		assert_int_equal(a->devices, strtoul(get(&d.recs[i], "Number Of Devices"), NULL, 10));
	}
	assert_int_equal(na, s.n_arrays);

	/* System slots: the designations. */
	size_t ns = 0;
	for (size_t i = 0; i < d.n; i++) {
		if (d.recs[i].type != 9)
			continue;
		assert_true(ns < s.n_slots);
		check_str(path, "slot designation", get(&d.recs[i], "Designation"),
			  s.slots[ns++].designation);
	}
	assert_int_equal(ns, s.n_slots);

	/* Structures walked = Handle lines. */
	assert_int_equal(s.structures, d.n);

	/* The JSON: integers and strings only, and no placeholder as a value. */
	json_t *j = smbios_to_json(&s);
	assert_non_null(j);
	char *canon = reco_json_canonical(j);
	assert_non_null(canon);
	for (size_t i = 0; smbios_placeholders[i]; i++) {
		char q[128];
		snprintf(q, sizeof(q), "\"%s\"", smbios_placeholders[i]);
		if (strstr(canon, q))
			fail_msg("%s: placeholder %s in the JSON", path, q);
	}
	assert_string_equal(json_string_value(json_object_get(j, "smbios_version")), d.version);
	free(canon);
	json_decref(j);

	smbios_free(&s);
	free(data);
	decode_free(&d);
}

static void test_every_fixture(void **state)
{
	(void)state;
	static const char *const dirs[] = { "python-dmidecode", "u-root", "smbios-lib" };
	int n = 0;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char dir[512];
		snprintf(dir, sizeof(dir), "%s/%s", FIXTURES, dirs[i]);
		DIR *dp = opendir(dir);
		assert_non_null(dp);
		struct dirent *e;
		while ((e = readdir(dp))) {
			const char *nm = e->d_name;
			size_t l = strlen(nm);
			if (nm[0] == '.' || !strcmp(nm, "LICENSE") ||
			    (l > 4 && (!strcmp(nm + l - 4, ".txt") || !strcmp(nm + l - 3, ".md"))))
				continue;
			char path[1024];
			snprintf(path, sizeof(path), "%s/%s", dir, nm);
			check_dump(path);
			n++;
		}
		closedir(dp);
	}
	assert_int_equal(n, 16);
}

/* ---- synthetic tables ---- */

struct tb {
	uint8_t b[4096];
	size_t n;
};

static void tb_struct(struct tb *t, uint8_t type, const uint8_t *fmt, size_t len, const char *const *strs)
{
	uint8_t *p = t->b + t->n;
	memset(p, 0, len);
	if (fmt)
		memcpy(p, fmt, len);
	p[0] = type;
	p[1] = (uint8_t)len;
	p[2] = (uint8_t)t->n;
	t->n += len;
	int any = 0;
	for (; strs && *strs; strs++, any = 1) {
		size_t l = strlen(*strs) + 1;
		memcpy(t->b + t->n, *strs, l);
		t->n += l;
	}
	if (!any)
		t->b[t->n++] = 0;
	t->b[t->n++] = 0;
}

static void csum(uint8_t *p, size_t n, size_t at)
{
	uint8_t s = 0;
	p[at] = 0;
	for (size_t i = 0; i < n; i++)
		s = (uint8_t)(s + p[i]);
	p[at] = (uint8_t)(0x100 - s);
}

/* A --dump-bin image: _SM3_ entry point (version maj.min) then the table at 0x20. */
static size_t image_sm3(uint8_t *img, const struct tb *t, uint8_t maj, uint8_t min, uint32_t announce)
{
	memset(img, 0, 0x20);
	memcpy(img, "_SM3_", 5);
	img[6] = 0x18;
	img[7] = maj;
	img[8] = min;
	img[0x0A] = 1;
	uint32_t n = announce ? announce : (uint32_t)t->n;
	memcpy(img + 0x0C, &n, 4);
	img[0x10] = 0x20;
	csum(img, 0x18, 5);
	memcpy(img + 0x20, t->b, t->n);
	return 0x20 + t->n;
}

/* A --dump-bin image with a _SM_ 2.x entry point. */
static size_t image_sm2(uint8_t *img, const struct tb *t, uint8_t maj, uint8_t min, uint16_t count)
{
	memset(img, 0, 0x20);
	memcpy(img, "_SM_", 4);
	img[5] = 0x1F;
	img[6] = maj;
	img[7] = min;
	memcpy(img + 0x10, "_DMI_", 5);
	uint16_t n = (uint16_t)t->n;
	memcpy(img + 0x16, &n, 2);
	img[0x18] = 0x20;
	memcpy(img + 0x1C, &count, 2);
	csum(img + 0x10, 0x0F, 5);
	csum(img, 0x1F, 4);
	memcpy(img + 0x20, t->b, t->n);
	return 0x20 + t->n;
}

static void sys_struct(struct tb *t, const uint8_t uuid[16], uint8_t product_idx)
{
	uint8_t f[0x1B] = { 0 };
	f[4] = 1; f[5] = product_idx; f[6] = 0; f[7] = 3;
	if (uuid)
		memcpy(f + 8, uuid, 16);
	static const char *const s[] = { "Acme", "Rocket 3000", "To Be Filled By O.E.M.", NULL };
	tb_struct(t, 1, f, sizeof(f), s);
}

static void test_bad_string_index(void **state)
{
	(void)state;
	struct tb t = { .n = 0 };
	uint8_t img[8192];
	struct smbios s;
	sys_struct(&t, NULL, 9);  /* product -> string 9 of 3 */
	tb_struct(&t, 127, NULL, 4, NULL);
	size_t n = image_sm3(img, &t, 3, 0, 0);
	assert_int_equal(smbios_parse_image(img, n, &s), 0);
	assert_string_equal(s.system.vendor, "Acme");
	assert_null(s.system.product);      /* <BAD INDEX> */
	assert_null(s.system.serial);       /* placeholder */
	assert_null(s.system.version);      /* index 0 */
	assert_int_equal(s.bad_string_refs, 1);
	assert_int_equal(s.n_issues, 0);
	smbios_free(&s);
}

static void test_uuid_order(void **state)
{
	(void)state;
	static const uint8_t u[16] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
				       0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF };
	static const uint8_t zero[16], ff[16] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
						  0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };
	struct tb t = { .n = 0 };
	uint8_t img[8192];
	struct smbios s;
	sys_struct(&t, u, 2);
	size_t n = image_sm2(img, &t, 2, 5, 1);
	assert_int_equal(smbios_parse_image(img, n, &s), 0);
	assert_string_equal(s.version, "2.5");
	assert_string_equal(s.system.uuid, "00112233-4455-6677-8899-aabbccddeeff");
	smbios_free(&s);
	n = image_sm2(img, &t, 2, 6, 1);
	assert_int_equal(smbios_parse_image(img, n, &s), 0);
	assert_string_equal(s.system.uuid, "33221100-5544-7766-8899-aabbccddeeff");
	assert_string_equal(s.system.product, "Rocket 3000");
	smbios_free(&s);
	for (int k = 0; k < 2; k++) {
		t.n = 0;
		sys_struct(&t, k ? ff : zero, 2);
		n = image_sm3(img, &t, 3, 4, 0);
		assert_int_equal(smbios_parse_image(img, n, &s), 0);
		assert_string_equal(s.system.uuid, "");
		smbios_free(&s);
	}
}

static void memdev(struct tb *t, uint16_t size, uint32_t ext_size, uint16_t speed, uint32_t ext_speed,
		   uint8_t type)
{
	uint8_t f[0x5C] = { 0 };
	memcpy(f + 0x0C, &size, 2);
	f[0x0E] = 0x0D; /* SODIMM */
	f[0x10] = 1;
	f[0x12] = type;
	memcpy(f + 0x15, &speed, 2);
	memcpy(f + 0x1C, &ext_size, 4);
	memcpy(f + 0x20, &speed, 2);
	memcpy(f + 0x54, &ext_speed, 4);
	memcpy(f + 0x58, &ext_speed, 4);
	static const char *const s[] = { "DIMM A", NULL };
	tb_struct(t, 17, f, sizeof(f), s);
}

static void test_memory_fields(void **state)
{
	(void)state;
	struct tb t = { .n = 0 };
	uint8_t img[8192];
	struct smbios s;
	memdev(&t, 0x7FFF, 65536, 0xFFFF, 6400, 0x22);  /* 64 GiB DDR5 6400 */
	memdev(&t, 0x8000 | 512, 0, 1600, 0, 0x1E);     /* 512 KiB LPDDR4 */
	memdev(&t, 0, 0, 0, 0, 0x02);                   /* empty slot */
	memdev(&t, 0xFFFF, 0, 0, 0, 0x23);              /* unknown size LPDDR5 */
	memdev(&t, 2048, 0, 0xFFFF, 0, 0x18);           /* 2 GiB DDR3, speed 0xFFFF + 0 */
	size_t n = image_sm3(img, &t, 3, 7, 0);
	assert_int_equal(smbios_parse_image(img, n, &s), 0);
	assert_int_equal(s.n_mem, 5);
	assert_int_equal(s.mem[0].size_bytes, 64ULL << 30);
	assert_int_equal(s.mem[0].installed, 1);
	assert_string_equal(s.mem[0].type, "DDR5");
	assert_string_equal(s.mem[0].form_factor, "SODIMM");
	assert_int_equal(s.mem[0].speed_mts, 6400);
	assert_int_equal(s.mem[0].configured_speed_mts, 6400);
	assert_int_equal(s.mem[1].size_bytes, 512ULL << 10);
	assert_string_equal(s.mem[1].type, "LPDDR4");
	assert_int_equal(s.mem[1].speed_mts, 1600);
	assert_int_equal(s.mem[2].installed, 0);
	assert_null(s.mem[2].type);
	assert_int_equal(s.mem[3].installed, -1);
	assert_string_equal(s.mem[3].type, "LPDDR5");
	assert_int_equal(s.mem[4].size_bytes, 2ULL << 30);
	assert_int_equal(s.mem[4].speed_mts, 0);
	assert_string_equal(s.mem[4].locator, "DIMM A");
	smbios_free(&s);
}

static void test_processor_counts(void **state)
{
	(void)state;
	struct tb t = { .n = 0 };
	uint8_t img[8192];
	struct smbios s;
	uint8_t f[0x32] = { 0 };
	f[4] = 1; f[5] = 3; f[7] = 2; f[0x10] = 3;
	uint16_t mx = 5000, cur = 3000, c2 = 300, e2 = 290, t2 = 600;
	memcpy(f + 0x14, &mx, 2);
	memcpy(f + 0x16, &cur, 2);
	f[0x18] = 0x41;
	f[0x23] = 0xFF; f[0x24] = 0xFF; f[0x25] = 0xFF;
	memcpy(f + 0x2A, &c2, 2);
	memcpy(f + 0x2C, &e2, 2);
	memcpy(f + 0x2E, &t2, 2);
	static const char *const str[] = { "CPU0", "AMD", "EPYC 9999", NULL };
	tb_struct(&t, 4, f, sizeof(f), str);
	f[0x23] = 8; f[0x24] = 8; f[0x25] = 16; f[0x18] = 0;
	tb_struct(&t, 4, f, 0x28, str);  /* 2.5-sized: no extended counts */
	size_t n = image_sm3(img, &t, 3, 0, 0);
	assert_int_equal(smbios_parse_image(img, n, &s), 0);
	assert_int_equal(s.n_procs, 2);
	assert_int_equal(s.procs[0].core_count, 300);
	assert_int_equal(s.procs[0].core_enabled, 290);
	assert_int_equal(s.procs[0].thread_count, 600);
	assert_int_equal(s.procs[0].max_speed_mhz, 5000);
	assert_int_equal(s.procs[0].populated, 1);
	assert_string_equal(s.procs[0].version, "EPYC 9999");
	assert_string_equal(s.procs[0].type, "Central Processor");
	assert_int_equal(s.procs[1].core_count, 8);
	assert_int_equal(s.procs[1].thread_count, 16);
	assert_int_equal(s.procs[1].populated, 0);
	smbios_free(&s);
}

static int has_issue(const struct smbios *s, const char *needle)
{
	for (unsigned i = 0; i < s->n_issues; i++)
		if (strstr(s->issues[i], needle))
			return 1;
	return 0;
}

static void test_end_of_table(void **state)
{
	(void)state;
	struct tb t = { .n = 0 };
	uint8_t img[8192];
	struct smbios s;
	sys_struct(&t, NULL, 2);
	tb_struct(&t, 127, NULL, 4, NULL);
	uint8_t c[0x09] = { 0 };
	c[5] = 0x0A;
	tb_struct(&t, 3, c, sizeof(c), NULL);  /* after the end: ignored */
	size_t n = image_sm3(img, &t, 3, 0, 0);
	assert_int_equal(smbios_parse_image(img, n, &s), 0);
	assert_int_equal(s.structures, 2);
	assert_int_equal(s.chassis.present, 0);
	smbios_free(&s);
	/* Without the end marker the chassis is read: a Notebook, form laptop. */
	t.n = 0;
	sys_struct(&t, NULL, 2);
	tb_struct(&t, 3, c, sizeof(c), NULL);
	n = image_sm3(img, &t, 3, 0, 0);
	assert_int_equal(smbios_parse_image(img, n, &s), 0);
	assert_string_equal(s.chassis.type, "Notebook");
	assert_string_equal(s.chassis.form, "laptop");
	smbios_free(&s);
}

static void test_truncated_everywhere(void **state)
{
	(void)state;
	size_t len;
	uint8_t *data = slurp(FIXTURES "/u-root/smbios_table.bin", &len);
	struct smbios s;
	uint32_t last = 0;
	for (size_t cut = 0; cut <= len; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);  /* exact size: ASan sees overreads */
		memcpy(copy, data, cut);
		int rc = smbios_parse_image(copy, cut, &s);
		if (cut < 0x18)
			assert_int_equal(rc, -EINVAL);
		else if (cut > 0x20 && cut < len)
			assert_true(s.n_issues > 0);
		if (cut > 0x20)
			assert_true(s.structures >= last);
		last = s.structures;
		smbios_free(&s);
		free(copy);
	}
	assert_int_equal(smbios_parse_image(data, len, &s), 0);
	assert_int_equal(s.n_issues, 0);
	assert_int_equal(s.structures, last);
	smbios_free(&s);
	free(data);
}

static void test_length_past_buffer(void **state)
{
	(void)state;
	struct tb t = { .n = 0 };
	uint8_t img[8192];
	struct smbios s;
	sys_struct(&t, NULL, 2);
	size_t n = image_sm3(img, &t, 3, 0, 100000);
	assert_int_equal(smbios_parse_image(img, n, &s), 0);
	assert_true(has_issue(&s, "announces a 100000-byte table"));
	assert_string_equal(s.system.product, "Rocket 3000");
	smbios_free(&s);
	/* 2.x: more structures announced than present. */
	n = image_sm2(img, &t, 2, 8, 5);
	assert_int_equal(smbios_parse_image(img, n, &s), 0);
	assert_true(has_issue(&s, "after 1 of the 5 structures"));
	smbios_free(&s);
	/* Table address past the end of the dump. */
	n = image_sm3(img, &t, 3, 0, 0);
	img[0x10] = 0xF0;
	img[0x11] = 0xFF;
	csum(img, 0x18, 5);
	assert_int_equal(smbios_parse_image(img, n, &s), -EINVAL);
	assert_true(has_issue(&s, "table address"));
	smbios_free(&s);
}

static void test_short_struct_length(void **state)
{
	(void)state;
	struct tb t = { .n = 0 };
	uint8_t img[8192];
	struct smbios s;
	sys_struct(&t, NULL, 2);
	size_t at = t.n;
	tb_struct(&t, 3, NULL, 4, NULL);
	t.b[at + 1] = 2;  /* length 2 < 4 */
	size_t n = image_sm3(img, &t, 3, 0, 0);
	assert_int_equal(smbios_parse_image(img, n, &s), 0);
	assert_true(has_issue(&s, "invalid length 2"));
	assert_int_equal(s.structures, 1);
	assert_string_equal(s.system.vendor, "Acme");
	smbios_free(&s);
	/* A formatted area longer than the table. */
	t.b[at + 1] = 200;
	n = image_sm3(img, &t, 3, 0, 0);
	assert_int_equal(smbios_parse_image(img, n, &s), 0);
	assert_true(has_issue(&s, "cut short"));
	smbios_free(&s);
}

static void test_missing_terminator(void **state)
{
	(void)state;
	struct tb t = { .n = 0 };
	uint8_t img[8192];
	struct smbios s;
	sys_struct(&t, NULL, 2);
	t.n -= 1;               /* drop the second NUL */
	t.b[t.n - 1] = 'X';     /* and the last string's NUL */
	size_t n = image_sm3(img, &t, 3, 0, 0);
	uint8_t *exact = malloc(n);
	memcpy(exact, img, n);
	assert_int_equal(smbios_parse_image(exact, n, &s), 0);
	assert_true(has_issue(&s, "no string terminator"));
	assert_string_equal(s.system.vendor, "Acme");
	smbios_free(&s);
	free(exact);
}

static void test_bad_entry_points(void **state)
{
	(void)state;
	struct smbios s;
	uint8_t junk[64];
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)(i * 37 + 11);
	assert_int_equal(smbios_parse_image(junk, sizeof(junk), &s), -EINVAL);
	assert_true(has_issue(&s, "no SMBIOS entry point"));
	smbios_free(&s);
	assert_int_equal(smbios_parse_image(NULL, 0, &s), -EINVAL);
	smbios_free(&s);
	assert_int_equal(smbios_parse(junk, 0, NULL, 0, &s), -EINVAL);
	assert_true(has_issue(&s, "empty"));
	smbios_free(&s);
	/* _SM_ without _DMI_ */
	struct tb t = { .n = 0 };
	uint8_t img[8192];
	sys_struct(&t, NULL, 2);
	size_t n = image_sm2(img, &t, 2, 4, 1);
	img[0x10] = 'X';
	assert_int_equal(smbios_parse_image(img, n, &s), -EINVAL);
	assert_true(has_issue(&s, "_DMI_"));
	smbios_free(&s);
	/* Empty table announced. */
	n = image_sm3(img, &t, 3, 0, 0);
	memset(img + 0x0C, 0, 4);
	csum(img, 0x18, 5);
	assert_int_equal(smbios_parse_image(img, n, &s), -EINVAL);
	smbios_free(&s);
}

static void test_checksums(void **state)
{
	(void)state;
	struct tb t = { .n = 0 };
	uint8_t img[8192];
	struct smbios s;
	sys_struct(&t, NULL, 2);
	size_t n = image_sm2(img, &t, 2, 7, 1);
	img[4] ^= 0x55;                 /* entry point checksum */
	img[0x15] ^= 0x55;              /* intermediate checksum */
	assert_int_equal(smbios_parse_image(img, n, &s), 0);
	assert_true(has_issue(&s, "SMBIOS 2 entry point checksum is wrong"));
	assert_true(has_issue(&s, "_DMI_ intermediate checksum is wrong"));
	assert_string_equal(s.system.product, "Rocket 3000");  /* noted, not fatal */
	smbios_free(&s);
	n = image_sm3(img, &t, 3, 0, 0);
	img[5] ^= 1;
	assert_int_equal(smbios_parse_image(img, n, &s), 0);
	assert_true(has_issue(&s, "SMBIOS 3 entry point checksum is wrong"));
	smbios_free(&s);
}

static void test_raw_smbios_data(void **state)
{
	(void)state;
	size_t len;
	uint8_t *data = slurp(FIXTURES "/smbios-lib/jeffgerlap_3_2_0.dat", &len);
	struct smbios s;
	assert_int_equal(smbios_parse_raw(data, len, &s), 0);
	assert_int_equal(s.source, SMBIOS_SRC_RAW);
	assert_string_equal(s.version, "3.2.0");
	assert_string_equal(s.system.product, "Surface Laptop 3");
	smbios_free(&s);
	/* Header claims more than there is. */
	data[4] = 0xFF;
	data[5] = 0xFF;
	assert_int_equal(smbios_parse_raw(data, len, &s), 0);
	assert_true(has_issue(&s, "announces"));
	smbios_free(&s);
	assert_int_equal(smbios_parse_raw(data, 5, &s), -EINVAL);
	smbios_free(&s);
	free(data);
}

static void test_placeholders(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"To Be Filled By O.E.M.", "to be filled by o.e.m.", "Default string",
		"System Serial Number", "0123456789", "Not Specified", "None", "OEM", "O.E.M.",
		"Chassis Serial Number", "Base Board Serial Number", "System Product Name",
		"xxxxx", "XXXXXXXXXX", "00000000", "   ", "", "  Default string  ", "00", "-",
		"FFFFFFFF", "........", "N/A", "Type1ProductConfigId", "System manufacturer",
	};
	static const char *const no[] = {
		"LENOVO", "ThinkPad T490", "PF1NKFHN", "1.0", "X1", "F", "FF", "0x1A", "0", "x",
		"Default string 2", "None of these", "HP", "035B8851", "Dell Inc.",
	};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!smbios_is_placeholder(yes[i]))
			fail_msg("'%s' should be a placeholder", yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (smbios_is_placeholder(no[i]))
			fail_msg("'%s' should not be a placeholder", no[i]);
	assert_true(smbios_is_placeholder(NULL));
	for (size_t i = 0; smbios_placeholders[i]; i++)
		assert_true(smbios_is_placeholder(smbios_placeholders[i]));
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(smbios_chassis_type_name(0x0A), "Notebook");
	assert_string_equal(smbios_chassis_type_name(0x8A), "Notebook");  /* lock bit */
	assert_string_equal(smbios_chassis_form(0x09), "laptop");
	assert_string_equal(smbios_chassis_form(0x07), "desktop");
	assert_string_equal(smbios_chassis_form(0x17), "server");
	assert_string_equal(smbios_chassis_form(0x1E), "tablet");
	assert_string_equal(smbios_chassis_form(0x7F), "other");
	assert_null(smbios_chassis_type_name(0x60));
	assert_string_equal(smbios_memory_type_name(0x1A), "DDR4");
	assert_string_equal(smbios_memory_type_name(0x22), "DDR5");
	assert_null(smbios_memory_type_name(0x15));
	assert_null(smbios_memory_type_name(0xF0));
	assert_string_equal(smbios_memory_form_factor_name(0x09), "DIMM");
}

/* ---- inv_system on sysfs trees ---- */

static char tmpdir[64];

static void rm_tree(const char *root)
{
	static const char *const files[] = {
		"/sys/firmware/dmi/tables/smbios_entry_point", "/sys/firmware/dmi/tables/DMI",
		"/sys/firmware/dmi/tables", "/sys/firmware/dmi", "/sys/firmware", "/sys", "",
	};
	char p[512];
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(p, sizeof(p), "%s%s", root, files[i]);
		if (remove(p) && errno != ENOENT)
			fail_msg("%s: %s", p, strerror(errno));
	}
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static const char *note_message(const json_t *notes, size_t i)
{
	return json_string_value(json_object_get(json_array_get(notes, i), "message"));
}

static void test_inv_system_sysfs(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/reco-smbios.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	struct inv_ctx ctx = { .root = tmpdir, .notes = json_array() };

	/* No tables: NULL and a plain note. */
	json_t *o = inv_system(&ctx);
	assert_null(o);
	assert_int_equal(json_array_size(ctx.notes), 1);
	assert_non_null(strstr(note_message(ctx.notes, 0), "no SMBIOS tables on this machine"));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(ctx.notes, 0), "errno")),
			 ENOENT);

	/* A tree made from a dump: entry point and table as the kernel shows them. */
	char p[512];
	static const char *const dirs[] = { "/sys", "/sys/firmware", "/sys/firmware/dmi",
					    "/sys/firmware/dmi/tables" };
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", tmpdir, dirs[i]);
		assert_int_equal(mkdir(p, 0755), 0);
	}
	size_t len;
	uint8_t *data = slurp(FIXTURES "/python-dmidecode/DellPrecisionWorkStation-490.dmp", &len);
	snprintf(p, sizeof(p), "%s/sys/firmware/dmi/tables/smbios_entry_point", tmpdir);
	write_file(p, data, 0x1F);
	snprintf(p, sizeof(p), "%s/sys/firmware/dmi/tables/DMI", tmpdir);
	write_file(p, data + 0x20, len - 0x20);
	free(data);
	json_array_clear(ctx.notes);
	o = inv_system(&ctx);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(json_object_get(o, "system"), "product")),
			    "Precision WorkStation 490");
	assert_string_equal(json_string_value(json_object_get(o, "smbios_version")), "2.3");
	assert_string_equal(json_string_value(json_object_get(json_object_get(o, "chassis"), "form")),
			    "desktop");
	json_t *slots = json_object_get(o, "memory_slots");
	assert_int_equal(json_integer_value(json_object_get(slots, "total")), 8);
	assert_int_equal(json_array_size(ctx.notes), 0);
	json_decref(o);

	/* Unreadable (only meaningful when not root). */
	if (geteuid() != 0) {
		assert_int_equal(chmod(p, 0), 0);
		o = inv_system(&ctx);
		assert_null(o);
		assert_non_null(strstr(note_message(ctx.notes, 0), "permission denied"));
	}
	rm_tree(tmpdir);
	json_decref(ctx.notes);
}

static void test_inv_system_dump_errors(void **state)
{
	(void)state;
	struct inv_ctx ctx = { .root = "", .notes = json_array(),
			       .dmi_dump = FIXTURES "/does-not-exist.bin" };
	assert_null(inv_system(&ctx));
	assert_non_null(strstr(note_message(ctx.notes, 0), "no such file"));
	json_array_clear(ctx.notes);
	ctx.dmi_dump = FIXTURES "/README.md";  /* not SMBIOS */
	assert_null(inv_system(&ctx));
	assert_true(json_array_size(ctx.notes) >= 2);
	assert_non_null(strstr(note_message(ctx.notes, json_array_size(ctx.notes) - 1),
			       "no usable SMBIOS data"));
	json_decref(ctx.notes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_fixture),
		cmocka_unit_test(test_bad_string_index),
		cmocka_unit_test(test_uuid_order),
		cmocka_unit_test(test_memory_fields),
		cmocka_unit_test(test_processor_counts),
		cmocka_unit_test(test_end_of_table),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_length_past_buffer),
		cmocka_unit_test(test_short_struct_length),
		cmocka_unit_test(test_missing_terminator),
		cmocka_unit_test(test_bad_entry_points),
		cmocka_unit_test(test_checksums),
		cmocka_unit_test(test_raw_smbios_data),
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_inv_system_sysfs),
		cmocka_unit_test(test_inv_system_dump_errors),
	};
	return cmocka_run_group_tests_name("smbios", tests, NULL, NULL);
}
