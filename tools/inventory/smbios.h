/*
 * smbios.h — a bounds-checked parser for SMBIOS (DMI) tables.
 *
 * Format: DMTF DSP0134 "System Management BIOS Reference Specification"
 * (3.7.0): entry points in section 5.2 (`_SM_` 2.1, `_SM3_` 3.0, legacy
 * `_DMI_`), structure layout in 6.1, types 0/1/2/3/4/9/16/17 in 7.1–7.18.
 * Decoding rules follow dmidecode where the specification leaves room
 * (UUID byte order from 2.6, version fix-ups, memory sizes, core counts).
 *
 * Three inputs are understood:
 *   - Linux sysfs: /sys/firmware/dmi/tables/smbios_entry_point + DMI
 *     (smbios_parse with both buffers);
 *   - a `dmidecode --dump-bin` image: entry point at offset 0, table at the
 *     address the entry point names (0x20) — smbios_parse with table == NULL;
 *   - Windows GetSystemFirmwareTable('RSMB') RawSMBIOSData: 8-byte header
 *     (calling method, major, minor, DMI revision, u32 LE length), then the
 *     table — smbios_parse_raw.
 * smbios_parse_image() tells a dump image from RawSMBIOSData by its bytes.
 *
 * Every function here is pure (no I/O, no printing): what was wrong with the
 * input is recorded in out->issues as English sentences (msgids), and the
 * parser keeps whatever it could decode before the damage.
 *
 * Strings: every string in the result is a malloc'd copy owned by the
 * struct smbios, trimmed, with control bytes replaced by '.' (as dmidecode
 * shows them).  A string that is absent — index 0, an index past the
 * structure's strings (dmidecode's <BAD INDEX>), or a placeholder from the
 * table in smbios_parse.c ("To Be Filled By O.E.M.", ...) — is NULL.
 * Numbers that are unknown are 0.  smbios_free() releases everything.
 */
#ifndef RECO_SMBIOS_H
#define RECO_SMBIOS_H

#include <stddef.h>
#include <stdint.h>

enum smbios_source {
	SMBIOS_SRC_NONE = 0,
	SMBIOS_SRC_SM2,     /* _SM_ 2.x entry point (with _DMI_) */
	SMBIOS_SRC_SM3,     /* _SM3_ 64-bit entry point */
	SMBIOS_SRC_DMI,     /* legacy _DMI_ entry point alone */
	SMBIOS_SRC_RAW,     /* Windows RawSMBIOSData */
};

struct smbios_bios {
	char *vendor, *version, *release_date;
	uint64_t rom_size;          /* bytes, 0: unknown */
	uint8_t release_major, release_minor;  /* 0xFF/0xFF: not given */
	int present;
};

struct smbios_system {
	char *vendor, *product, *version, *serial, *sku, *family;
	char uuid[37];              /* "" when absent, all-0 or all-FF */
	int present;
};

struct smbios_baseboard {
	char *vendor, *product, *version, *serial, *asset_tag;
	int present;
};

struct smbios_chassis {
	char *vendor, *version, *serial, *asset_tag;
	const char *type;           /* dmidecode's name ("Notebook"), static; NULL unknown */
	const char *form;           /* laptop|desktop|server|tablet|other, static */
	uint8_t type_code;
	int present;
};

struct smbios_processor {
	char *socket, *manufacturer, *version, *serial, *part_number;
	const char *type;           /* "Central Processor", static or NULL */
	uint32_t max_speed_mhz, current_speed_mhz, external_clock_mhz;
	uint32_t core_count, core_enabled, thread_count;  /* 0: unknown */
	int populated;              /* socket populated (status bit 6) */
};

struct smbios_memdev {
	uint16_t handle, array_handle;
	char *locator, *bank_locator, *manufacturer, *part_number, *serial, *asset_tag;
	const char *form_factor;    /* "SODIMM", static or NULL */
	const char *type;           /* "DDR4", static or NULL */
	uint64_t size_bytes;        /* 0 with installed == 0: empty slot */
	int installed;              /* 1 module present, 0 empty, -1 size unknown */
	uint32_t speed_mts, configured_speed_mts;  /* MT/s, 0: unknown */
	uint8_t rank;               /* 0: unknown */
	uint16_t total_width, data_width;           /* bits, 0: unknown */
};

struct smbios_memarray {
	uint16_t handle;
	uint8_t use;                /* 3 = system memory */
	uint64_t max_capacity_bytes;  /* 0: unknown */
	uint16_t devices;           /* number of memory device slots */
};

struct smbios_slot {
	char *designation;
	const char *type;           /* "PCI Express x16", static or NULL */
	const char *usage;          /* "available", "in use", ... static or NULL */
};

#define SMBIOS_MAX_ISSUES 16

struct smbios {
	enum smbios_source source;
	uint8_t major, minor, docrev;  /* version after dmidecode's fix-ups */
	char version[16];              /* "2.7", "3.2.0" */
	uint32_t structures;           /* structures walked */
	struct smbios_bios bios;
	struct smbios_system system;
	struct smbios_baseboard board;
	struct smbios_chassis chassis;
	struct smbios_processor *procs;
	size_t n_procs;
	struct smbios_memdev *mem;
	size_t n_mem;
	struct smbios_memarray *arrays;
	size_t n_arrays;
	struct smbios_slot *slots;
	size_t n_slots;
	/* Problems met, English (translatable msgids with values filled in). */
	char issues[SMBIOS_MAX_ISSUES][160];
	unsigned n_issues;
	unsigned bad_string_refs;      /* string indexes past the strings */
};

/* Parses an entry point and its structure table.  ep holds the entry point
 * (a `_SM_`, `_SM3_` or `_DMI_` anchor at offset 0).  table/table_len hold
 * the structure table (the sysfs DMI file); when table is NULL the table is
 * taken from ep itself at the address the entry point gives (the
 * `dmidecode --dump-bin` layout).
 * Returns 0 when an entry point was found (out filled, problems in
 * out->issues), -EINVAL when there is no usable entry point or table
 * (out->issues says why), -ENOMEM.  out is always initialised: call
 * smbios_free() in every case. */
int smbios_parse(const uint8_t *ep, size_t ep_len, const uint8_t *table, size_t table_len,
		 struct smbios *out);

/* Parses Windows RawSMBIOSData (8-byte header, then the table).  Same
 * return values as smbios_parse. */
int smbios_parse_raw(const uint8_t *data, size_t len, struct smbios *out);

/* A file image: a `dmidecode --dump-bin` dump, or RawSMBIOSData when the
 * bytes look like one (no anchor at 0, header length == len - 8).  Same
 * return values as smbios_parse. */
int smbios_parse_image(const uint8_t *data, size_t len, struct smbios *out);

/* The `system` section of the inventory from a parsed table (keys in
 * README.md, "Inventory: SMBIOS"): a new JSON object, NULL on ENOMEM.
 * Declared with jansson's type so that smbios.h stays usable without it. */
struct json_t;
struct json_t *smbios_to_json(const struct smbios *s);

/* Releases every string and array held by s (s itself is not freed). */
void smbios_free(struct smbios *s);

/* 1 if s (already trimmed or not) is a placeholder that firmware vendors
 * leave in place of a real value ("To Be Filled By O.E.M.", "0123456789",
 * only spaces/zeros/X...), 0 otherwise.  NULL and "" count as placeholders. */
int smbios_is_placeholder(const char *s);

/* The placeholder table itself (NULL-terminated), for documentation/tests. */
extern const char *const smbios_placeholders[];

/* Static name tables (smbios_decode.c); NULL for codes out of range. */
const char *smbios_chassis_type_name(uint8_t code);
const char *smbios_chassis_form(uint8_t code);
const char *smbios_memory_type_name(uint8_t code);
const char *smbios_memory_form_factor_name(uint8_t code);

/* ---- internal: shared by smbios_parse.c and smbios_decode.c ---- */

/* One structure: formatted area [p, p+len), strings [str, str_end). */
struct smbios_struct {
	uint8_t type;
	uint8_t len;
	uint16_t handle;
	const uint8_t *p;
	const uint8_t *str;
	const uint8_t *str_end;
};

/* A new copy of string number idx of st (1-based), cleaned and trimmed; NULL
 * when absent, a bad index (counted in s->bad_string_refs) or a placeholder. */
char *smbios_string(struct smbios *s, const struct smbios_struct *st, uint8_t idx);

/* Records an issue (printf-style, English). */
void smbios_issue(struct smbios *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Decodes one structure into s; -ENOMEM on allocation failure. */
int smbios_decode_struct(struct smbios *s, const struct smbios_struct *st);

#endif
