/*
 * inventory.h — `reco inventory`: the sections of the inventory document
 * (schema reco-inventory/1, documented in README.md, "Inventory").
 *
 * Each section reader returns a new JSON value (object or array) or NULL when
 * the machine has nothing of that kind; it never prints.  When something
 * could not be read, it adds a note (inv_note) saying why — permission
 * problems in particular, so that "missing" and "not allowed" differ.
 */
#ifndef RECO_INVENTORY_H
#define RECO_INVENTORY_H

#include <jansson.h>
#include <stddef.h>

struct inv_ctx {
	const char *root;      /* "" for this machine, or a captured tree */
	const char *dmi_dump;  /* a `dmidecode --dump-bin` file, or NULL */
	int no_smart;          /* 1: do not run smartctl */
	int all_disks;         /* 1: include loop/ram/zram/dm/md/nbd and hidden devices */
	json_t *notes;         /* array of {"section","message","errno"?} */
	int readable;          /* number of sections that produced data */
	json_t *local_notes;   /* NULL, or an array the notes are also appended to,
				* translated (for the human summary) */
	int smartctl_missing;  /* set once "smartctl not found" was noted */
};

/* Appends a note to ctx->notes: section name, message and errno (0: none).
 * The message is English whatever the locale (inv_collect runs with
 * LC_MESSAGES=C), so the document is the same everywhere; when
 * ctx->local_notes is not NULL the note is also appended there translated
 * with gettext(fmt): mark fmt with N_(). */
void inv_note(struct inv_ctx *ctx, const char *section, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The same, followed by ": <strerror(err)>". */
void inv_note_sys(struct inv_ctx *ctx, const char *section, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

json_t *inv_system(struct inv_ctx *ctx);    /* smbios.c: bios, system, baseboard, chassis, processors, memory_devices, slots */
json_t *inv_cpu(struct inv_ctx *ctx);       /* cpu.c */
json_t *inv_memory(struct inv_ctx *ctx);    /* cpu.c: /proc/meminfo */
json_t *inv_storage(struct inv_ctx *ctx);   /* storage.c */
json_t *inv_pci(struct inv_ctx *ctx);       /* pci.c */
json_t *inv_gpu_from_pci(const json_t *pci); /* pci.c: display-class (0x03xx) devices */
json_t *inv_ac_adapters(struct inv_ctx *ctx); /* battery.c: mains power supplies */
json_t *inv_usb(struct inv_ctx *ctx);       /* usb.c */
json_t *inv_battery(struct inv_ctx *ctx);   /* battery.c */
json_t *inv_displays(struct inv_ctx *ctx);  /* displays.c (EDID in edid.c) */
json_t *inv_network(struct inv_ctx *ctx);   /* network.c */

/* The stable device id from a finished inventory document (deviceid.c):
 * "reco1-" + the first 20 hex digits of SHA-256 over the present fields
 * (README.md, "Device id").  malloc'd, NULL when no field is present.
 * *sources (if not NULL) receives a new array naming the fields used. */
char *inv_device_id(const json_t *inventory);
char *inv_device_id_sources(const json_t *inventory, json_t **sources);

/* ---- pure parsers (unit-tested) ---- */

/* /proc/cpuinfo text -> the cpu object (without sysfs frequencies); NULL when
 * nothing recognisable is in it. */
json_t *inv_cpu_parse(const char *cpuinfo);

/* /proc/meminfo text -> the memory object; NULL without MemTotal. */
json_t *inv_meminfo_parse(const char *meminfo);

/* The SMART summary of a `smartctl --json -x` document (never NULL except
 * on allocation failure; an empty object when smartctl said nothing useful). */
json_t *inv_smart_summary(const json_t *smartctl);

/* Runs `smartctl --json -x dev` and sets disk["smart"] = {"summary","raw"}
 * (smart.c); notes when smartctl is missing, fails or is not allowed. */
void inv_smart_attach(struct inv_ctx *ctx, json_t *disk, const char *dev);

/* Replaces every JSON real below v by its decimal string (reports carry
 * integers and strings only). */
void inv_json_reals_to_strings(json_t *v);

/* Transport of a block device from its resolved sysfs device path
 * ("/sys/devices/pci0000:00/.../ata1/host0/..."): "nvme", "usb", "virtio",
 * "sata", "sas", "mmc", "scsi" or "unknown". */
const char *inv_transport_from_path(const char *devpath);

/* Battery wear per mille from full and design capacities (same unit);
 * -1 when unknown.  Clamped to 0..1000. */
int inv_wear_permille(unsigned long long full, unsigned long long design);

/* ---- small sysfs helpers (sysfs.c) ----
 * Read root+path; on EACCES/EPERM a note names the file under section. */
int inv_read_str(struct inv_ctx *ctx, const char *section, const char *path, char *buf, size_t size);
int inv_read_u64(struct inv_ctx *ctx, const char *section, const char *path, unsigned long long *v);
/* Sets obj[key] to the trimmed string in the file, when present and not empty. */
void inv_put_str(struct inv_ctx *ctx, json_t *obj, const char *key, const char *section, const char *path);
/* Sets obj[key] to the integer in the file, when present. */
void inv_put_u64(struct inv_ctx *ctx, json_t *obj, const char *key, const char *section, const char *path);
/* snprintf of a path; -ENAMETOOLONG (and an empty buf) when it does not fit. */
int inv_path(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Resolves a symlink under the root to its absolute path relative to the
 * root ("/sys/devices/..."); 0 or -errno. */
int inv_resolve(const char *root, const char *path, char *out, size_t size);

/* Builds the whole document (collect.c). */
json_t *inv_collect(struct inv_ctx *ctx);

/* Prints the volunteer's summary of a document on stdout (human.c).
 * local_notes (may be NULL): the notes translated, in document order. */
void inv_print_human(const json_t *inventory, const json_t *local_notes);

#endif
