/*
 * inventory.h — `reco inventory`: the sections of the inventory document
 * (schema reco-inventory/1, documented in reports/README.md).
 *
 * Each section reader returns a new JSON value (object or array) or NULL when
 * the machine has nothing of that kind; it never prints.  When something
 * could not be read, it adds a note (inv_note) saying why — permission
 * problems in particular, so that "missing" and "not allowed" differ.
 */
#ifndef RECO_INVENTORY_H
#define RECO_INVENTORY_H

#include <jansson.h>

struct inv_ctx {
	const char *root;      /* "" for this machine, or a captured tree */
	const char *dmi_dump;  /* a `dmidecode --dump-bin` file, or NULL */
	int no_smart;          /* 1: do not run smartctl */
	int all_disks;         /* 1: include loop/ram/zram devices */
	json_t *notes;         /* array of {"section","message","errno"?} */
	int readable;          /* number of sections that produced data */
};

/* Appends a note to ctx->notes: section name, message (English, stable:
 * the human output translates it at print time), and errno (0: none). */
void inv_note(struct inv_ctx *ctx, const char *section, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

json_t *inv_system(struct inv_ctx *ctx);    /* smbios.c: bios, system, baseboard, chassis, processors, memory_devices, slots */
json_t *inv_cpu(struct inv_ctx *ctx);       /* cpu.c */
json_t *inv_memory(struct inv_ctx *ctx);    /* cpu.c: /proc/meminfo */
json_t *inv_storage(struct inv_ctx *ctx);   /* storage.c */
json_t *inv_pci(struct inv_ctx *ctx);       /* pci.c */
json_t *inv_usb(struct inv_ctx *ctx);       /* usb.c */
json_t *inv_battery(struct inv_ctx *ctx);   /* battery.c */
json_t *inv_displays(struct inv_ctx *ctx);  /* displays.c (EDID in edid.c) */
json_t *inv_network(struct inv_ctx *ctx);   /* network.c */

/* The stable device id from a finished inventory document (deviceid.c). */
char *inv_device_id(const json_t *inventory);

/* Builds the whole document (collect.c). */
json_t *inv_collect(struct inv_ctx *ctx);

/* Prints the volunteer's summary of a document on stdout (human.c). */
void inv_print_human(const json_t *inventory);

#endif
