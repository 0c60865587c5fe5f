/*
 * smbios.c — the `system` section of the inventory: reads the SMBIOS tables
 * (Linux sysfs under ctx->root, or a `dmidecode --dump-bin` / RawSMBIOSData
 * file given with --dmi-dump), parses them with smbios_parse*() and turns
 * the result into JSON.  The parser itself is in smbios_parse.c and
 * smbios_decode.c; the JSON keys are documented in README.md
 * ("Inventory: SMBIOS").
 */
#include "smbios.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inventory.h"
#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/sysroot.h"

#define SMBIOS_EP_PATH "/sys/firmware/dmi/tables/smbios_entry_point"
#define SMBIOS_DMI_PATH "/sys/firmware/dmi/tables/DMI"
#define SMBIOS_MAX_BYTES (16u << 20)  /* far above any real table */

/* A note saying why `what` (a path) could not be read. */
static void note_read_error(struct inv_ctx *ctx, const char *what, int rc, int sysfs)
{
	int e = rc < 0 ? -rc : rc;
	if (e == ENOENT && sysfs)
		inv_note(ctx, "system", e, N_("%s does not exist: no SMBIOS tables on this machine "
					      "(a virtual machine without SMBIOS, or firmware without DMI)"),
			 what);
	else if (e == ENOENT)
		inv_note(ctx, "system", e, N_("%s: no such file"), what);
	else if ((e == EACCES || e == EPERM) && sysfs)
		inv_note(ctx, "system", e, N_("%s: permission denied (the SMBIOS tables are readable "
					      "by root only: run as root, or use --dmi-dump)"), what);
	else if (e == EACCES || e == EPERM)
		inv_note(ctx, "system", e, N_("%s: permission denied"), what);
	else if (e == EFBIG)
		inv_note(ctx, "system", e, N_("%s: larger than 16 MiB, not an SMBIOS table"), what);
	else
		inv_note(ctx, "system", e, N_("%s: cannot be read (%s)"), what, strerror(e));
}

static json_t *obj_or_null(json_t *o)
{
	if (o && json_object_size(o) == 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static void set_obj(json_t *parent, const char *key, json_t *o)
{
	o = obj_or_null(o);
	if (o)
		json_object_set_new(parent, key, o);
}

static void set_pos(json_t *o, const char *key, unsigned long long v)
{
	if (v)
		reco_json_set_int(o, key, (long long)v);
}

static json_t *bios_json(const struct smbios_bios *b)
{
	json_t *o = json_object();
	reco_json_set_str(o, "vendor", b->vendor);
	reco_json_set_str(o, "version", b->version);
	reco_json_set_str(o, "release_date", b->release_date);
	set_pos(o, "rom_size_bytes", b->rom_size);
	if (b->release_major != 0xFF && b->release_minor != 0xFF) {
		char r[8];
		snprintf(r, sizeof(r), "%u.%u", b->release_major, b->release_minor);
		reco_json_set_str(o, "revision", r);
	}
	return o;
}

static json_t *system_json(const struct smbios_system *y)
{
	json_t *o = json_object();
	reco_json_set_str(o, "vendor", y->vendor);
	reco_json_set_str(o, "product", y->product);
	reco_json_set_str(o, "version", y->version);
	reco_json_set_str(o, "serial", y->serial);
	reco_json_set_str(o, "uuid", y->uuid);
	reco_json_set_str(o, "sku", y->sku);
	reco_json_set_str(o, "family", y->family);
	return o;
}

static json_t *board_json(const struct smbios_baseboard *b)
{
	json_t *o = json_object();
	reco_json_set_str(o, "vendor", b->vendor);
	reco_json_set_str(o, "product", b->product);
	reco_json_set_str(o, "version", b->version);
	reco_json_set_str(o, "serial", b->serial);
	reco_json_set_str(o, "asset_tag", b->asset_tag);
	return o;
}

static json_t *chassis_json(const struct smbios_chassis *c)
{
	json_t *o = json_object();
	if (!c->present)
		return o;
	reco_json_set_str(o, "vendor", c->vendor);
	reco_json_set_str(o, "type", c->type);
	reco_json_set_str(o, "form", c->form);
	reco_json_set_str(o, "version", c->version);
	reco_json_set_str(o, "serial", c->serial);
	reco_json_set_str(o, "asset_tag", c->asset_tag);
	return o;
}

static json_t *processors_json(const struct smbios *s)
{
	json_t *a = json_array();
	for (size_t i = 0; i < s->n_procs; i++) {
		const struct smbios_processor *p = &s->procs[i];
		json_t *o = json_object();
		reco_json_set_str(o, "socket", p->socket);
		reco_json_set_str(o, "type", p->type);
		reco_json_set_str(o, "manufacturer", p->manufacturer);
		reco_json_set_str(o, "version", p->version);
		reco_json_set_str(o, "serial", p->serial);
		reco_json_set_str(o, "part_number", p->part_number);
		set_pos(o, "max_speed_mhz", p->max_speed_mhz);
		set_pos(o, "current_speed_mhz", p->current_speed_mhz);
		set_pos(o, "external_clock_mhz", p->external_clock_mhz);
		set_pos(o, "cores", p->core_count);
		set_pos(o, "cores_enabled", p->core_enabled);
		set_pos(o, "threads", p->thread_count);
		json_object_set_new(o, "populated", json_boolean(p->populated));
		json_array_append_new(a, o);
	}
	return a;
}

/* 1 if memory device m belongs to a system-memory array (or to no known
 * array: then it is counted rather than lost). */
static int system_memory(const struct smbios *s, const struct smbios_memdev *m)
{
	for (size_t i = 0; i < s->n_arrays; i++)
		if (s->arrays[i].handle == m->array_handle)
			return s->arrays[i].use == 0x03;
	return 1;
}

static json_t *memdevs_json(const struct smbios *s)
{
	json_t *a = json_array();
	for (size_t i = 0; i < s->n_mem; i++) {
		const struct smbios_memdev *m = &s->mem[i];
		json_t *o = json_object();
		reco_json_set_str(o, "locator", m->locator);
		reco_json_set_str(o, "bank_locator", m->bank_locator);
		if (m->installed >= 0)
			json_object_set_new(o, "installed", json_boolean(m->installed));
		set_pos(o, "size_bytes", m->size_bytes);
		reco_json_set_str(o, "form_factor", m->form_factor);
		reco_json_set_str(o, "type", m->type);
		set_pos(o, "speed_mts", m->speed_mts);
		set_pos(o, "configured_speed_mts", m->configured_speed_mts);
		reco_json_set_str(o, "manufacturer", m->manufacturer);
		reco_json_set_str(o, "part_number", m->part_number);
		reco_json_set_str(o, "serial", m->serial);
		reco_json_set_str(o, "asset_tag", m->asset_tag);
		set_pos(o, "rank", m->rank);
		set_pos(o, "total_width_bits", m->total_width);
		set_pos(o, "data_width_bits", m->data_width);
		if (!system_memory(s, m))
			reco_json_set_str(o, "use", "other");
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *memslots_json(const struct smbios *s)
{
	json_t *o = json_object();
	unsigned long long total = 0, populated = 0, installed = 0, cap = 0, declared = 0;
	for (size_t i = 0; i < s->n_mem; i++) {
		if (!system_memory(s, &s->mem[i]))
			continue;
		total++;
		if (s->mem[i].installed == 1) {
			populated++;
			installed += s->mem[i].size_bytes;
		}
	}
	for (size_t i = 0; i < s->n_arrays; i++) {
		if (s->arrays[i].use != 0x03)
			continue;
		cap += s->arrays[i].max_capacity_bytes;
		declared += s->arrays[i].devices;
	}
	if (total) {
		reco_json_set_int(o, "total", (long long)total);
		reco_json_set_int(o, "populated", (long long)populated);
		set_pos(o, "installed_bytes", installed);
	}
	set_pos(o, "max_capacity_bytes", cap);
	set_pos(o, "declared", declared);
	return o;
}

static json_t *slots_json(const struct smbios *s)
{
	json_t *a = json_array();
	for (size_t i = 0; i < s->n_slots; i++) {
		json_t *o = json_object();
		reco_json_set_str(o, "designation", s->slots[i].designation);
		reco_json_set_str(o, "type", s->slots[i].type);
		reco_json_set_str(o, "usage", s->slots[i].usage);
		json_array_append_new(a, o);
	}
	return a;
}

static void set_arr(json_t *parent, const char *key, json_t *a)
{
	if (a && json_array_size(a))
		json_object_set_new(parent, key, a);
	else
		json_decref(a);
}

json_t *smbios_to_json(const struct smbios *s)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	reco_json_set_str(o, "smbios_version", s->version);
	set_obj(o, "bios", bios_json(&s->bios));
	set_obj(o, "system", system_json(&s->system));
	set_obj(o, "baseboard", board_json(&s->board));
	set_obj(o, "chassis", chassis_json(&s->chassis));
	set_arr(o, "processors", processors_json(s));
	set_arr(o, "memory_devices", memdevs_json(s));
	set_obj(o, "memory_slots", memslots_json(s));
	set_arr(o, "slots", slots_json(s));
	return o;
}

json_t *inv_system(struct inv_ctx *ctx)
{
	struct smbios s;
	char *ep = NULL, *table = NULL;
	size_t ep_len = 0, table_len = 0;
	int rc;

	if (ctx->dmi_dump) {
		rc = reco_read_file(NULL, ctx->dmi_dump, &ep, &ep_len, SMBIOS_MAX_BYTES);
		if (rc) {
			note_read_error(ctx, ctx->dmi_dump, rc, 0);
			return NULL;
		}
		rc = smbios_parse_image((const uint8_t *)ep, ep_len, &s);
	} else {
		rc = reco_read_file(ctx->root, SMBIOS_EP_PATH, &ep, &ep_len, 4096);
		if (!rc)
			rc = reco_read_file(ctx->root, SMBIOS_DMI_PATH, &table, &table_len,
					    SMBIOS_MAX_BYTES);
		if (rc) {
			/* Paths in notes are the machine's own (relative to --root),
			 * like every other section's, so captured trees give stable
			 * documents wherever they are checked out. */
			note_read_error(ctx, ep ? SMBIOS_DMI_PATH : SMBIOS_EP_PATH, rc, 1);
			free(ep);
			return NULL;
		}
		rc = smbios_parse((const uint8_t *)ep, ep_len, (const uint8_t *)table, table_len, &s);
	}
	const char *src = ctx->dmi_dump ? ctx->dmi_dump : SMBIOS_DMI_PATH;
	for (unsigned i = 0; i < s.n_issues; i++)
		inv_note(ctx, "system", 0, "%s: %s", src, s.issues[i]);
	if (s.bad_string_refs)
		inv_note(ctx, "system", 0, N_("%s: %u string references point past their structure's "
					      "strings (shown as absent, as dmidecode's <BAD INDEX>)"),
			 src, s.bad_string_refs);
	json_t *o = NULL;
	if (rc == 0)
		o = smbios_to_json(&s);
	else if (rc == -EINVAL)
		inv_note(ctx, "system", 0, N_("%s: no usable SMBIOS data"), src);
	smbios_free(&s);
	free(ep);
	free(table);
	return o;
}
