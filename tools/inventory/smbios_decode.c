/*
 * smbios_decode.c — decoding of the SMBIOS structure types reco reports:
 * 0 BIOS (DSP0134 7.1), 1 System (7.2), 2 Baseboard (7.3), 3 Chassis (7.4),
 * 4 Processor (7.5), 9 System Slots (7.10), 16 Physical Memory Array (7.17),
 * 17 Memory Device (7.18).  Names of enumerated values are dmidecode's, so
 * that reco's output and `dmidecode` agree word for word.
 *
 * Each decoder reads a field only when the structure's length covers it:
 * a field beyond st->len is "not given", exactly as for an older SMBIOS
 * version that did not define it.
 */
#include "smbios.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static uint16_t w16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t w32(const uint8_t *p) { return (uint32_t)w16(p) | (uint32_t)w16(p + 2) << 16; }
static uint64_t w64(const uint8_t *p) { return (uint64_t)w32(p) | (uint64_t)w32(p + 4) << 32; }

/* ---- name tables (DSP0134 7.4.1, 7.18.1, 7.18.2, 7.5.1, 7.10.1) ---- */

static const char *const chassis_types[] = {
	[0x01] = "Other", [0x02] = "Unknown", [0x03] = "Desktop",
	[0x04] = "Low Profile Desktop", [0x05] = "Pizza Box", [0x06] = "Mini Tower",
	[0x07] = "Tower", [0x08] = "Portable", [0x09] = "Laptop", [0x0A] = "Notebook",
	[0x0B] = "Hand Held", [0x0C] = "Docking Station", [0x0D] = "All In One",
	[0x0E] = "Sub Notebook", [0x0F] = "Space-saving", [0x10] = "Lunch Box",
	[0x11] = "Main Server Chassis", [0x12] = "Expansion Chassis", [0x13] = "Sub Chassis",
	[0x14] = "Bus Expansion Chassis", [0x15] = "Peripheral Chassis",
	[0x16] = "RAID Chassis", [0x17] = "Rack Mount Chassis", [0x18] = "Sealed-case PC",
	[0x19] = "Multi-system", [0x1A] = "CompactPCI", [0x1B] = "AdvancedTCA",
	[0x1C] = "Blade", [0x1D] = "Blade Enclosing", [0x1E] = "Tablet",
	[0x1F] = "Convertible", [0x20] = "Detachable", [0x21] = "IoT Gateway",
	[0x22] = "Embedded PC", [0x23] = "Mini PC", [0x24] = "Stick PC",
};

/* The coarse form a refurbisher sorts machines by. */
static const char *const chassis_forms[] = {
	[0x03] = "desktop", [0x04] = "desktop", [0x05] = "desktop", [0x06] = "desktop",
	[0x07] = "desktop", [0x08] = "laptop", [0x09] = "laptop", [0x0A] = "laptop",
	[0x0B] = "tablet", [0x0D] = "desktop", [0x0E] = "laptop", [0x0F] = "desktop",
	[0x10] = "desktop", [0x11] = "server", [0x17] = "server", [0x18] = "desktop",
	[0x19] = "server", [0x1C] = "server", [0x1D] = "server", [0x1E] = "tablet",
	[0x1F] = "laptop", [0x20] = "laptop", [0x22] = "desktop", [0x23] = "desktop",
	[0x24] = "desktop",
};

static const char *const memory_types[] = {
	[0x01] = "Other", [0x03] = "DRAM", [0x04] = "EDRAM", [0x05] = "VRAM",
	[0x06] = "SRAM", [0x07] = "RAM", [0x08] = "ROM", [0x09] = "Flash",
	[0x0A] = "EEPROM", [0x0B] = "FEPROM", [0x0C] = "EPROM", [0x0D] = "CDRAM",
	[0x0E] = "3DRAM", [0x0F] = "SDRAM", [0x10] = "SGRAM", [0x11] = "RDRAM",
	[0x12] = "DDR", [0x13] = "DDR2", [0x14] = "DDR2 FB-DIMM", [0x18] = "DDR3",
	[0x19] = "FBD2", [0x1A] = "DDR4", [0x1B] = "LPDDR", [0x1C] = "LPDDR2",
	[0x1D] = "LPDDR3", [0x1E] = "LPDDR4", [0x1F] = "Logical non-volatile device",
	[0x20] = "HBM", [0x21] = "HBM2", [0x22] = "DDR5", [0x23] = "LPDDR5", [0x24] = "HBM3",
};

static const char *const memory_form_factors[] = {
	[0x01] = "Other", [0x03] = "SIMM", [0x04] = "SIP", [0x05] = "Chip", [0x06] = "DIP",
	[0x07] = "ZIP", [0x08] = "Proprietary Card", [0x09] = "DIMM", [0x0A] = "TSOP",
	[0x0B] = "Row Of Chips", [0x0C] = "RIMM", [0x0D] = "SODIMM", [0x0E] = "SRIMM",
	[0x0F] = "FB-DIMM", [0x10] = "Die", [0x11] = "CAMM",
};

static const char *const processor_types[] = {
	[0x01] = "Other", [0x03] = "Central Processor", [0x04] = "Math Processor",
	[0x05] = "DSP Processor", [0x06] = "Video Processor",
};

static const char *const slot_types[] = {
	[0x01] = "Other", [0x03] = "ISA", [0x04] = "MCA", [0x05] = "EISA", [0x06] = "PCI",
	[0x07] = "PC Card (PCMCIA)", [0x08] = "VLB", [0x09] = "Proprietary",
	[0x0A] = "Processor Card", [0x0B] = "Proprietary Memory Card", [0x0C] = "I/O Riser Card",
	[0x0D] = "NuBus", [0x0E] = "PCI-66", [0x0F] = "AGP", [0x10] = "AGP 2x",
	[0x11] = "AGP 4x", [0x12] = "PCI-X", [0x13] = "AGP 8x", [0x14] = "M.2 Socket 1-DP",
	[0x15] = "M.2 Socket 1-SD", [0x16] = "M.2 Socket 2", [0x17] = "M.2 Socket 3",
	[0x18] = "MXM Type I", [0x19] = "MXM Type II", [0x1A] = "MXM Type III",
	[0x1B] = "MXM Type III-HE", [0x1C] = "MXM Type IV", [0x1D] = "MXM 3.0 Type A",
	[0x1E] = "MXM 3.0 Type B", [0x1F] = "PCI Express 2 SFF-8639 (U.2)",
	[0x20] = "PCI Express 3 SFF-8639 (U.2)",
	[0x21] = "PCI Express Mini 52-pin with bottom-side keep-outs",
	[0x22] = "PCI Express Mini 52-pin without bottom-side keep-outs",
	[0x23] = "PCI Express Mini 76-pin", [0x24] = "PCI Express 4 SFF-8639 (U.2)",
	[0x25] = "PCI Express 5 SFF-8639 (U.2)", [0x26] = "OCP NIC 3.0 Small Form Factor (SFF)",
	[0x27] = "OCP NIC 3.0 Large Form Factor (LFF)", [0x28] = "OCP NIC Prior to 3.0",
	[0x30] = "CXL Flexbus 1.0",
	[0xA0] = "PC-98/C20", [0xA1] = "PC-98/C24", [0xA2] = "PC-98/E",
	[0xA3] = "PC-98/Local Bus", [0xA4] = "PC-98/Card", [0xA5] = "PCI Express",
	[0xA6] = "PCI Express x1", [0xA7] = "PCI Express x2", [0xA8] = "PCI Express x4",
	[0xA9] = "PCI Express x8", [0xAA] = "PCI Express x16", [0xAB] = "PCI Express 2",
	[0xAC] = "PCI Express 2 x1", [0xAD] = "PCI Express 2 x2", [0xAE] = "PCI Express 2 x4",
	[0xAF] = "PCI Express 2 x8", [0xB0] = "PCI Express 2 x16", [0xB1] = "PCI Express 3",
	[0xB2] = "PCI Express 3 x1", [0xB3] = "PCI Express 3 x2", [0xB4] = "PCI Express 3 x4",
	[0xB5] = "PCI Express 3 x8", [0xB6] = "PCI Express 3 x16", [0xB7] = "PCI Express 4",
	[0xB8] = "PCI Express 4 x1", [0xB9] = "PCI Express 4 x2", [0xBA] = "PCI Express 4 x4",
	[0xBB] = "PCI Express 4 x8", [0xBC] = "PCI Express 4 x16", [0xBD] = "PCI Express 5",
	[0xBE] = "PCI Express 5 x1", [0xBF] = "PCI Express 5 x2", [0xC0] = "PCI Express 5 x4",
	[0xC1] = "PCI Express 5 x8", [0xC2] = "PCI Express 5 x16", [0xC3] = "PCI Express 6+",
	[0xC4] = "EDSFF E1", [0xC5] = "EDSFF E3",
};

static const char *const slot_usages[] = {
	[0x01] = "other", [0x03] = "available", [0x04] = "in use", [0x05] = "unavailable",
};

#define LOOKUP(table, code) ((size_t)(code) < ARRAY_LEN(table) ? (table)[code] : NULL)

const char *smbios_chassis_type_name(uint8_t code) { return LOOKUP(chassis_types, code & 0x7F); }
const char *smbios_memory_type_name(uint8_t code) { return LOOKUP(memory_types, code); }
const char *smbios_memory_form_factor_name(uint8_t code) { return LOOKUP(memory_form_factors, code); }

const char *smbios_chassis_form(uint8_t code)
{
	const char *f = LOOKUP(chassis_forms, code & 0x7F);
	return f ? f : "other";
}

/* ---- decoders ---- */

#define STR(idx) smbios_string(s, st, (idx))

static void decode_bios(struct smbios *s, const struct smbios_struct *st)
{
	const uint8_t *d = st->p;
	if (st->len < 0x12 || s->bios.present)
		return;
	s->bios.present = 1;
	s->bios.vendor = STR(d[0x04]);
	s->bios.version = STR(d[0x05]);
	s->bios.release_date = STR(d[0x08]);
	if (d[0x09] != 0xFF)
		s->bios.rom_size = ((uint64_t)d[0x09] + 1) << 16;
	else if (st->len >= 0x1A) {
		uint16_t ext = w16(d + 0x18);
		uint64_t unit = (ext >> 14) == 0 ? 1ULL << 20 : (ext >> 14) == 1 ? 1ULL << 30 : 0;
		s->bios.rom_size = (uint64_t)(ext & 0x3FFF) * unit;
	}
	if (st->len >= 0x18) {
		s->bios.release_major = d[0x14];
		s->bios.release_minor = d[0x15];
	}
}

static void decode_uuid(struct smbios *s, const uint8_t *p)
{
	int all00 = 1, allff = 1;
	for (int i = 0; i < 16; i++) {
		if (p[i] != 0x00)
			all00 = 0;
		if (p[i] != 0xFF)
			allff = 0;
	}
	if (all00 || allff)
		return;
	/* From SMBIOS 2.6 the first three fields are little-endian (dmidecode). */
	static const int le_order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	static const int be_order[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
	const int *o = (s->major > 2 || (s->major == 2 && s->minor >= 6)) ? le_order : be_order;
	char *u = s->system.uuid;
	for (int i = 0, k = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			u[k++] = '-';
		snprintf(u + k, 3, "%02x", p[o[i]]);
		k += 2;
	}
}

static void decode_system(struct smbios *s, const struct smbios_struct *st)
{
	const uint8_t *d = st->p;
	if (st->len < 0x08 || s->system.present)
		return;
	s->system.present = 1;
	s->system.vendor = STR(d[0x04]);
	s->system.product = STR(d[0x05]);
	s->system.version = STR(d[0x06]);
	s->system.serial = STR(d[0x07]);
	if (st->len >= 0x19)
		decode_uuid(s, d + 0x08);
	if (st->len >= 0x1B) {
		s->system.sku = STR(d[0x19]);
		s->system.family = STR(d[0x1A]);
	}
}

static void decode_board(struct smbios *s, const struct smbios_struct *st)
{
	const uint8_t *d = st->p;
	if (st->len < 0x08 || s->board.present)
		return;
	s->board.present = 1;
	s->board.vendor = STR(d[0x04]);
	s->board.product = STR(d[0x05]);
	s->board.version = STR(d[0x06]);
	s->board.serial = STR(d[0x07]);
	if (st->len >= 0x09)
		s->board.asset_tag = STR(d[0x08]);
}

static void decode_chassis(struct smbios *s, const struct smbios_struct *st)
{
	const uint8_t *d = st->p;
	if (st->len < 0x09 || s->chassis.present)
		return;
	s->chassis.present = 1;
	s->chassis.vendor = STR(d[0x04]);
	s->chassis.type_code = d[0x05] & 0x7F;
	s->chassis.type = smbios_chassis_type_name(d[0x05]);
	if (s->chassis.type_code == 0x02) /* "Unknown" */
		s->chassis.type = NULL;
	s->chassis.form = smbios_chassis_form(d[0x05]);
	s->chassis.version = STR(d[0x06]);
	s->chassis.serial = STR(d[0x07]);
	s->chassis.asset_tag = STR(d[0x08]);
}

/* Grows an array of n elements of size sz by one zeroed element (capacity
 * doubles at powers of two, so a huge table stays linear); NULL on ENOMEM,
 * base then still valid. */
static void *grow(void *base, size_t *n, size_t sz)
{
	void *nb = base;
	if ((*n & (*n - 1)) == 0) {
		nb = realloc(base, (*n ? *n * 2 : 1) * sz);
		if (!nb)
			return NULL;
	}
	memset((char *)nb + *n * sz, 0, sz);
	(*n)++;
	return nb;
}

/* A count byte, or its 3.0 word when the byte says 0xFF (dmidecode). */
static uint32_t count_field(const struct smbios_struct *st, size_t off8, size_t off16)
{
	uint8_t b = st->p[off8];
	if (b == 0xFF && st->len >= off16 + 2)
		return w16(st->p + off16);
	return b;
}

static int decode_processor(struct smbios *s, const struct smbios_struct *st)
{
	const uint8_t *d = st->p;
	if (st->len < 0x1A)
		return 0;
	struct smbios_processor *v = grow(s->procs, &s->n_procs, sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->procs = v;
	struct smbios_processor *p = &v[s->n_procs - 1];
	p->socket = STR(d[0x04]);
	p->type = LOOKUP(processor_types, d[0x05]);
	p->manufacturer = STR(d[0x07]);
	p->version = STR(d[0x10]);
	p->external_clock_mhz = w16(d + 0x12);
	p->max_speed_mhz = w16(d + 0x14);
	p->current_speed_mhz = w16(d + 0x16);
	p->populated = (d[0x18] >> 6) & 1;
	if (st->len >= 0x23) {
		p->serial = STR(d[0x20]);
		p->part_number = STR(d[0x22]);
	}
	if (st->len >= 0x28) {
		p->core_count = count_field(st, 0x23, 0x2A);
		p->core_enabled = count_field(st, 0x24, 0x2C);
		p->thread_count = count_field(st, 0x25, 0x2E);
	}
	return 0;
}

static int decode_slot(struct smbios *s, const struct smbios_struct *st)
{
	const uint8_t *d = st->p;
	if (st->len < 0x0C)
		return 0;
	struct smbios_slot *v = grow(s->slots, &s->n_slots, sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->slots = v;
	struct smbios_slot *sl = &v[s->n_slots - 1];
	sl->designation = STR(d[0x04]);
	sl->type = LOOKUP(slot_types, d[0x05]);
	sl->usage = LOOKUP(slot_usages, d[0x07]);
	return 0;
}

static int decode_memarray(struct smbios *s, const struct smbios_struct *st)
{
	const uint8_t *d = st->p;
	if (st->len < 0x0F)
		return 0;
	struct smbios_memarray *v = grow(s->arrays, &s->n_arrays, sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->arrays = v;
	struct smbios_memarray *a = &v[s->n_arrays - 1];
	a->handle = st->handle;
	a->use = d[0x05];
	uint32_t cap = w32(d + 0x07);
	if (cap == 0x80000000u) {
		if (st->len >= 0x17)
			a->max_capacity_bytes = w64(d + 0x0F);
	} else {
		a->max_capacity_bytes = (uint64_t)cap << 10;
	}
	a->devices = w16(d + 0x0D);
	return 0;
}

/* A speed word, or its 3.3 dword when the word says 0xFFFF (dmidecode). */
static uint32_t speed_field(const struct smbios_struct *st, size_t off16, size_t off32)
{
	uint16_t v = w16(st->p + off16);
	if (v == 0xFFFF)
		return st->len >= off32 + 4 ? w32(st->p + off32) : 0;
	return v;
}

static int decode_memdev(struct smbios *s, const struct smbios_struct *st)
{
	const uint8_t *d = st->p;
	if (st->len < 0x15)
		return 0;
	struct smbios_memdev *v = grow(s->mem, &s->n_mem, sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->mem = v;
	struct smbios_memdev *m = &v[s->n_mem - 1];
	m->handle = st->handle;
	m->array_handle = w16(d + 0x04);
	uint16_t tw = w16(d + 0x08), dw = w16(d + 0x0A);
	m->total_width = tw == 0xFFFF ? 0 : tw;
	m->data_width = dw == 0xFFFF ? 0 : dw;
	uint16_t size = w16(d + 0x0C);
	if (size == 0) {
		m->installed = 0;
	} else if (size == 0xFFFF) {
		m->installed = -1;
	} else if (size == 0x7FFF && st->len >= 0x20) {
		m->installed = 1;
		m->size_bytes = (uint64_t)(w32(d + 0x1C) & 0x7FFFFFFFu) << 20;
	} else {
		m->installed = 1;
		m->size_bytes = (size & 0x8000) ? (uint64_t)(size & 0x7FFF) << 10
						: (uint64_t)size << 20;
	}
	m->form_factor = smbios_memory_form_factor_name(d[0x0E]);
	m->locator = STR(d[0x10]);
	m->bank_locator = STR(d[0x11]);
	m->type = smbios_memory_type_name(d[0x12]);
	/* An empty slot's other fields are meaningless (firmware leaves
	 * defaults there); dmidecode stops here too. */
	if (m->installed == 0)
		return 0;
	if (st->len >= 0x17)
		m->speed_mts = speed_field(st, 0x15, 0x54);
	if (st->len >= 0x1B) {
		m->manufacturer = STR(d[0x17]);
		m->serial = STR(d[0x18]);
		m->asset_tag = STR(d[0x19]);
		m->part_number = STR(d[0x1A]);
	}
	if (st->len >= 0x1C)
		m->rank = d[0x1B] & 0x0F;
	if (st->len >= 0x22)
		m->configured_speed_mts = speed_field(st, 0x20, 0x58);
	return 0;
}

int smbios_decode_struct(struct smbios *s, const struct smbios_struct *st)
{
	switch (st->type) {
	case 0: decode_bios(s, st); return 0;
	case 1: decode_system(s, st); return 0;
	case 2: decode_board(s, st); return 0;
	case 3: decode_chassis(s, st); return 0;
	case 4: return decode_processor(s, st);
	case 9: return decode_slot(s, st);
	case 16: return decode_memarray(s, st);
	case 17: return decode_memdev(s, st);
	default: return 0;
	}
}
