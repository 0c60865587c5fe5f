/*
 * pci.c — the pci section through libpci (pciutils), with names from the
 * pci.ids database, and the gpu summary (display-class devices, 0x03xx).
 *
 * libpci's sysfs back end reads /sys/bus/pci/devices/<slot>/{config,vendor,
 * device,class,...}; with --root it is pointed at <root>/sys/bus/pci, so a
 * captured tree works the same way.  Names come from pci.ids only (never
 * udev's hwdb nor DNS) so that the output depends on the data, not on the
 * machine reading it.  libpci's error callback must not return: it jumps
 * back here instead of exiting the program.
 */
#include <errno.h>
#include <limits.h>
#include <pci/pci.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/sysroot.h"
#include "inventory.h"

static jmp_buf pci_jmp;
static char pci_errmsg[256];

static void __attribute__((noreturn, format(printf, 1, 2))) pci_error(char *msg, ...)
{
	va_list ap;
	va_start(ap, msg);
	vsnprintf(pci_errmsg, sizeof(pci_errmsg), msg, ap);
	va_end(ap);
	longjmp(pci_jmp, 1);
}

static void __attribute__((format(printf, 1, 2))) pci_quiet(char *msg, ...)
{
	(void)msg;
}

static void set_name(json_t *obj, const char *key, struct pci_access *pacc, int flags, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, flags);
	/* pci_lookup_name is variadic; pass up to four ids through. */
	int a = va_arg(ap, int), b = va_arg(ap, int), c = va_arg(ap, int), d = va_arg(ap, int);
	va_end(ap);
	const char *n = pci_lookup_name(pacc, buf, sizeof(buf),
					flags | PCI_LOOKUP_NO_NUMBERS | PCI_LOOKUP_NO_HWDB, a, b, c, d);
	if (n)
		reco_json_set_str(obj, key, n);
}

static void hex_id(json_t *obj, const char *key, unsigned v, int digits)
{
	char buf[16];
	snprintf(buf, sizeof(buf), "%0*x", digits, v);
	json_object_set_new(obj, key, json_string(buf));
}

static int cmp_slot(const void *a, const void *b)
{
	const char *sa = json_string_value(json_object_get(*(json_t *const *)a, "slot"));
	const char *sb = json_string_value(json_object_get(*(json_t *const *)b, "slot"));
	return strcmp(sa ? sa : "", sb ? sb : "");
}

json_t *inv_pci(struct inv_ctx *ctx)
{
	char dir[PATH_MAX];
	if (reco_path(ctx->root, "/sys/bus/pci", dir, sizeof(dir)))
		return NULL;
	if (!reco_exists(ctx->root, "/sys/bus/pci/devices")) {
		inv_note(ctx, "pci", ENOENT, N_("%s: no PCI bus visible"), "/sys/bus/pci/devices");
		return NULL;
	}
	struct pci_access *volatile pacc = pci_alloc();
	if (!pacc)
		return NULL;
	pacc->method = PCI_ACCESS_SYS_BUS_PCI;
	pacc->error = pci_error;
	pacc->warning = pci_quiet;
	pacc->debug = pci_quiet;
	json_t *volatile list = json_array();
	if (setjmp(pci_jmp)) {
		inv_note(ctx, "pci", 0, N_("libpci: %s"), pci_errmsg);
		pci_cleanup(pacc);
		return list;
	}
	pci_set_param(pacc, "sysfs.path", dir);
	pci_init(pacc);
	pci_scan_bus(pacc);
	for (struct pci_dev *d = pacc->devices; d; d = d->next) {
		pci_fill_info(d, PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_CLASS_EXT |
				 PCI_FILL_SUBSYS | PCI_FILL_DRIVER);
		json_t *o = json_object();
		char slot[32];
		snprintf(slot, sizeof(slot), "%04x:%02x:%02x.%d", d->domain & 0xffff, d->bus, d->dev, d->func);
		json_object_set_new(o, "slot", json_string(slot));
		hex_id(o, "class_id", d->device_class, 4);
		set_name(o, "class", pacc, PCI_LOOKUP_CLASS, d->device_class, 0, 0, 0);
		hex_id(o, "vendor_id", d->vendor_id, 4);
		hex_id(o, "device_id", d->device_id, 4);
		set_name(o, "vendor", pacc, PCI_LOOKUP_VENDOR, d->vendor_id, 0, 0, 0);
		set_name(o, "device", pacc, PCI_LOOKUP_DEVICE, d->vendor_id, d->device_id, 0, 0);
		if (d->known_fields & PCI_FILL_CLASS_EXT) {
			hex_id(o, "revision", d->rev_id, 2);
			hex_id(o, "prog_if", d->prog_if, 2);
		}
		if ((d->known_fields & PCI_FILL_SUBSYS) && d->subsys_vendor_id && d->subsys_vendor_id != 0xffff) {
			hex_id(o, "subsystem_vendor_id", d->subsys_vendor_id, 4);
			hex_id(o, "subsystem_id", d->subsys_id, 4);
			set_name(o, "subsystem_vendor", pacc, PCI_LOOKUP_SUBSYSTEM | PCI_LOOKUP_VENDOR,
				 d->subsys_vendor_id, 0, 0, 0);
			set_name(o, "subsystem", pacc, PCI_LOOKUP_SUBSYSTEM | PCI_LOOKUP_DEVICE,
				 d->vendor_id, d->device_id, d->subsys_vendor_id, d->subsys_id);
		}
		const char *drv = pci_get_string_property(d, PCI_FILL_DRIVER);
		if (drv)
			reco_json_set_str(o, "driver", drv);
		json_array_append_new(list, o);
	}
	pci_cleanup(pacc);
	/* libpci lists in bus scan order; sort by slot for stable output */
	size_t n = json_array_size(list);
	json_t **items = calloc(n ? n : 1, sizeof(*items));
	for (size_t i = 0; items && i < n; i++)
		items[i] = json_incref(json_array_get(list, i));
	if (items) {
		qsort(items, n, sizeof(*items), cmp_slot);
		json_array_clear(list);
		for (size_t i = 0; i < n; i++)
			json_array_append_new(list, items[i]);
		free(items);
	}
	return list;
}

json_t *inv_gpu_from_pci(const json_t *pci)
{
	json_t *gpus = json_array();
	size_t i;
	const json_t *d;
	json_array_foreach(pci, i, d) {
		const char *cls = json_string_value(json_object_get(d, "class_id"));
		if (!cls || strncmp(cls, "03", 2))
			continue;
		json_t *g = json_object();
		static const char *const keys[] = { "slot", "vendor", "device", "vendor_id", "device_id", "driver",
						    "subsystem_vendor", "subsystem" };
		for (size_t k = 0; k < sizeof(keys) / sizeof(*keys); k++) {
			json_t *v = json_object_get(d, keys[k]);
			if (v)
				json_object_set(g, keys[k], v);
		}
		json_array_append_new(gpus, g);
	}
	return gpus;
}
