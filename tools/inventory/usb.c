/*
 * usb.c — the usb section from sysfs (/sys/bus/usb/devices, see the kernel's
 * Documentation/ABI/stable/sysfs-bus-usb): one entry per device ("1-2",
 * "3-1.4"), not per interface ("1-2:1.0"); root hubs ("usb1") are left out.
 * Names are the device's own manufacturer/product strings.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/sysroot.h"
#include "inventory.h"

/* USB-IF base class codes (usb.org "Defined Class Codes"). */
static const struct { unsigned code; const char *name; } usb_classes[] = {
	{ 0x01, "audio" }, { 0x02, "communications" }, { 0x03, "hid" }, { 0x05, "physical" },
	{ 0x06, "image" }, { 0x07, "printer" }, { 0x08, "mass-storage" }, { 0x09, "hub" },
	{ 0x0a, "cdc-data" }, { 0x0b, "smart-card" }, { 0x0d, "content-security" },
	{ 0x0e, "video" }, { 0x0f, "personal-healthcare" }, { 0x10, "audio-video" },
	{ 0x11, "billboard" }, { 0x12, "usb-c-bridge" }, { 0xdc, "diagnostic" },
	{ 0xe0, "wireless" }, { 0xef, "miscellaneous" }, { 0xfe, "application-specific" },
	{ 0xff, "vendor-specific" },
};

static const char *class_name(unsigned c)
{
	for (size_t i = 0; i < sizeof(usb_classes) / sizeof(*usb_classes); i++)
		if (usb_classes[i].code == c)
			return usb_classes[i].name;
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

json_t *inv_usb(struct inv_ctx *ctx)
{
	DIR *d = reco_opendir(ctx->root, "/sys/bus/usb/devices");
	if (!d) {
		if (errno != ENOENT)
			inv_note_sys(ctx, "usb", errno, "%s", "/sys/bus/usb/devices");
		return NULL;
	}
	char *names[1024];
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < 1024) {
		if (de->d_name[0] == '.' || strchr(de->d_name, ':') || !strncmp(de->d_name, "usb", 3))
			continue;
		names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		char base[PATH_MAX], p[PATH_MAX], v[256];
		json_t *u = json_object();
		if (inv_path(base, sizeof(base), "/sys/bus/usb/devices/%s", names[i]))
			goto next;
		json_object_set_new(u, "port", json_string(names[i]));
#define A(attr) (inv_path(p, sizeof(p), "%s/" attr, base) == 0 ? p : "/nonexistent")
		inv_put_u64(ctx, u, "bus", "usb", A("busnum"));
		inv_put_u64(ctx, u, "device_number", "usb", A("devnum"));
		inv_put_str(ctx, u, "vendor_id", "usb", A("idVendor"));
		inv_put_str(ctx, u, "product_id", "usb", A("idProduct"));
		inv_put_str(ctx, u, "manufacturer", "usb", A("manufacturer"));
		inv_put_str(ctx, u, "product", "usb", A("product"));
		inv_put_str(ctx, u, "serial", "usb", A("serial"));
		inv_put_str(ctx, u, "usb_version", "usb", A("version"));
		if (inv_read_str(ctx, "usb", A("speed"), v, sizeof(v)) == 0 && *v) {
			json_object_set_new(u, "speed", json_string(v));
			char *end;
			unsigned long long mbps = strtoull(v, &end, 10);
			if (end != v && *end == '\0')
				json_object_set_new(u, "speed_mbps", json_integer((json_int_t)mbps));
		}
		unsigned cls = 0;
		if (inv_read_str(ctx, "usb", A("bDeviceClass"), v, sizeof(v)) == 0)
			cls = (unsigned)strtoul(v, NULL, 16);
		if (cls == 0) {
			/* class defined per interface: take the first interface's */
			char ip[PATH_MAX];
			if (inv_path(ip, sizeof(ip), "%s/%s:1.0/bInterfaceClass", base, names[i]) == 0 &&
			    reco_read_str(ctx->root, ip, v, sizeof(v)) == 0)
				cls = (unsigned)strtoul(v, NULL, 16);
		}
		if (cls) {
			snprintf(v, sizeof(v), "%02x", cls & 0xff);
			json_object_set_new(u, "class_id", json_string(v));
			reco_json_set_str(u, "class", class_name(cls));
		}
#undef A
		if (json_object_get(u, "vendor_id")) {
			json_array_append_new(list, u);
			u = NULL;
		}
next:
		json_decref(u);
		free(names[i]);
	}
	return list;
}
