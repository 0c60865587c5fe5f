/*
 * usb.c — the USB part: one per host controller.
 *
 * From sysfs (kernel Documentation/ABI/stable/sysfs-bus-usb and
 * testing/sysfs-bus-usb): a controller that enumerates has a root hub
 * "usbN" (xHCI has two: USB 2 and SuperSpeed) below its PCI device; the root
 * hub's interface N-0:1.0 holds one usbN-portM directory per root port,
 * with over_current_count and, for a USB 3 connector, a "peer" link between
 * its USB 2 and SuperSpeed halves.  Devices are N-P[.P...] entries (the
 * name is the port path), with their negotiated speed (Mb/s), bcdUSB
 * ("version") and a "port" link to the port they sit on.  A PCI USB host
 * controller (class 0x0c03, not 0xfe: a device-side controller) without a
 * root hub did not enumerate.
 *
 * A USB 3 device (bcdUSB >= 3.00) running at 480 Mb/s or less on a port
 * that has a SuperSpeed peer is stuck at USB 2: the connector's SuperSpeed
 * pins or the cable are bad.  The same device on a USB 2-only connector is
 * normal.
 *
 * Metrics: usb.no_driver, usb.no_root_hub, usb.root_ports, usb.devices,
 * usb.stuck_usb2, usb.over_current.
 */
#include "functions.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/sysroot.h"

#define MAX_HUBS 16
#define MAX_CTRL 16

unsigned diag_usb_bcd(const char *version)
{
	while (version && *version == ' ')
		version++;
	if (!version || !*version)
		return 0;
	unsigned maj = 0, min = 0;
	char *end;
	maj = (unsigned)strtoul(version, &end, 10);
	if (end == version || maj > 9)
		return 0;
	if (*end == '.') {
		const char *m = end + 1;
		/* "3.20" -> 0x20, "2.0" -> 0x00, "1.1" -> 0x10 */
		min = 0;
		for (int i = 0; i < 2; i++) {
			min <<= 4;
			if (m[0] >= '0' && m[0] <= '9')
				min |= (unsigned)(*m++ - '0');
		}
	}
	return maj << 8 | min;
}

int diag_usb_stuck_usb2(unsigned bcd, unsigned speed_mbps, int port_has_ss_peer)
{
	return bcd >= 0x300 && speed_mbps > 0 && speed_mbps <= 480 && port_has_ss_peer;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct ctrl {
	char id[64];          /* PCI address or parent device name */
	char driver[64];
	char hubs[MAX_HUBS][16];
	size_t n_hubs;
};

/* The parent device of a root hub: its id and driver. */
static void hub_parent(const char *root, const char *hub, char *id, size_t isz, char *drv, size_t dsz)
{
	char p[PATH_MAX], full[PATH_MAX], real[PATH_MAX];
	id[0] = drv[0] = '\0';
	snprintf(p, sizeof(p), "/sys/bus/usb/devices/%s/..", hub);
	if (reco_path(root, p, full, sizeof(full)) == 0 && realpath(full, real)) {
		const char *b = strrchr(real, '/');
		snprintf(id, isz, "%.63s", b ? b + 1 : real);
	}
	snprintf(p, sizeof(p), "/sys/bus/usb/devices/%s/../driver", hub);
	reco_read_link_base(root, p, drv, dsz);
}

/* The root ports of hub: count, over-current events; fills ports[]. */
static int hub_ports(const char *root, const char *hub, json_t *ports, int64_t *over)
{
	char dir[128];
	unsigned busn = (unsigned)atoi(hub + 3);
	snprintf(dir, sizeof(dir), "/sys/bus/usb/devices/%s/%u-0:1.0", hub, busn);
	DIR *d = reco_opendir(root, dir);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		char pre[32];
		snprintf(pre, sizeof(pre), "%s-port", hub);
		if (strncmp(de->d_name, pre, strlen(pre)) != 0)
			continue;
		char p[600];
		uint64_t oc = 0;
		json_t *o = json_pack("{s:s}", "port", de->d_name);
		snprintf(p, sizeof(p), "%s/%s/over_current_count", dir, de->d_name);
		if (reco_read_u64(root, p, &oc) == 0) {
			json_object_set_new(o, "over_current_count", json_integer((json_int_t)oc));
			*over += (int64_t)oc;
		}
		char v[64];
		snprintf(p, sizeof(p), "%s/%s/connect_type", dir, de->d_name);
		if (reco_read_str(root, p, v, sizeof(v)) == 0)
			reco_json_set_str(o, "connect_type", v);
		snprintf(p, sizeof(p), "%s/%s/peer", dir, de->d_name);
		if (reco_read_link_base(root, p, v, sizeof(v)) == 0)
			json_object_set_new(o, "peer", json_string(v));
		json_array_append_new(ports, o);
		n++;
	}
	closedir(d);
	return n;
}

/* 1 when the port device dev sits on has a SuperSpeed peer (its "port"
 * link, then that port's "peer" link). */
static int port_has_peer(const char *root, const char *dev)
{
	char p[300];
	snprintf(p, sizeof(p), "/sys/bus/usb/devices/%s/port/peer", dev);
	return reco_exists(root, p);
}

/* Devices on the buses of ctrl. */
static void devices(const char *root, const struct ctrl *c, struct diag_part *p, char *const *all, size_t n_all)
{
	json_t *list = json_array();
	int64_t count = 0, stuck = 0;
	for (size_t i = 0; i < n_all; i++) {
		const char *dev = all[i];
		if (!dev || strncmp(dev, "usb", 3) == 0 || strchr(dev, ':'))
			continue;
		unsigned bus = (unsigned)atoi(dev);
		int mine = 0;
		for (size_t h = 0; h < c->n_hubs; h++)
			mine |= (unsigned)atoi(c->hubs[h] + 3) == bus;
		if (!mine)
			continue;
		char path[300], v[64];
		json_t *o = json_pack("{s:s,s:i}", "port", dev, "bus", (int)bus);
		uint64_t speed = 0;
		snprintf(path, sizeof(path), "/sys/bus/usb/devices/%s/speed", dev);
		if (reco_read_str(root, path, v, sizeof(v)) == 0) {
			/* "1.5", "12", "480", "5000", "10000", "20000" */
			speed = strcmp(v, "1.5") == 0 ? 1 : strtoull(v, NULL, 10);
			json_object_set_new(o, "speed_mbps", json_integer((json_int_t)speed));
		}
		unsigned bcd = 0;
		snprintf(path, sizeof(path), "/sys/bus/usb/devices/%s/version", dev);
		if (reco_read_str(root, path, v, sizeof(v)) == 0) {
			bcd = diag_usb_bcd(v);
			json_object_set_new(o, "usb_bcd", json_integer(bcd));
		}
		char ven[16] = "", prod[16] = "", cls[8] = "";
		snprintf(path, sizeof(path), "/sys/bus/usb/devices/%s/idVendor", dev);
		reco_read_str(root, path, ven, sizeof(ven));
		snprintf(path, sizeof(path), "/sys/bus/usb/devices/%s/idProduct", dev);
		reco_read_str(root, path, prod, sizeof(prod));
		if (ven[0] && prod[0]) {
			snprintf(v, sizeof(v), "%.4s:%.4s", ven, prod);
			json_object_set_new(o, "ids", json_string(v));
		}
		snprintf(path, sizeof(path), "/sys/bus/usb/devices/%s/bDeviceClass", dev);
		if (reco_read_str(root, path, cls, sizeof(cls)) == 0 && strcmp(cls, "00") == 0) {
			snprintf(path, sizeof(path), "/sys/bus/usb/devices/%s/%s:1.0/bInterfaceClass", dev, dev);
			reco_read_str(root, path, cls, sizeof(cls));
		}
		reco_json_set_str(o, "class", cls);
		int peer = port_has_peer(root, dev);
		json_object_set_new(o, "usb3_connector", json_boolean(peer || speed >= 5000));
		if (diag_usb_stuck_usb2(bcd, (unsigned)speed, peer)) {
			json_object_set_new(o, "stuck_usb2", json_true());
			stuck++;
		}
		json_array_append_new(list, o);
		count++;
	}
	json_object_set_new(p->details, "devices", list);
	diag_metric_set(p, "usb.devices", count);
	diag_metric_set(p, "usb.stuck_usb2", stuck);
}

int diag_usb_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max)
{
	DIR *d = reco_opendir(c->root, "/sys/bus/usb/devices");
	char *all[512];
	size_t n_all = 0;
	if (d) {
		struct dirent *de;
		while ((de = readdir(d)) && n_all < 512)
			if (de->d_name[0] != '.')
				all[n_all++] = strdup(de->d_name);
		closedir(d);
	}
	qsort(all, n_all, sizeof(*all), cmp_str);
	/* group the root hubs by controller */
	struct ctrl ctrls[MAX_CTRL];
	size_t nc = 0;
	for (size_t i = 0; i < n_all; i++) {
		if (!all[i] || strncmp(all[i], "usb", 3) != 0)
			continue;
		char id[64], drv[64];
		hub_parent(c->root, all[i], id, sizeof(id), drv, sizeof(drv));
		size_t k = 0;
		while (k < nc && strcmp(ctrls[k].id, id) != 0)
			k++;
		if (k == nc) {
			if (nc >= MAX_CTRL)
				continue;
			memset(&ctrls[nc], 0, sizeof(ctrls[nc]));
			snprintf(ctrls[nc].id, sizeof(ctrls[nc].id), "%s", id);
			snprintf(ctrls[nc].driver, sizeof(ctrls[nc].driver), "%s", drv);
			nc++;
		}
		if (ctrls[k].n_hubs < MAX_HUBS)
			snprintf(ctrls[k].hubs[ctrls[k].n_hubs++], 16, "%.15s", all[i]);
	}
	int n = 0;
	for (size_t k = 0; k < nc && (size_t)n < max; k++) {
		struct diag_part *p = &out[n];
		if (diag_part_init(p, "usb", ctrls[k].id) != 0)
			break;
		n++;
		reco_json_set_str(p->details, "driver", ctrls[k].driver);
		json_t *hubs = json_array(), *ports = json_array();
		int64_t nports = 0, over = 0;
		for (size_t h = 0; h < ctrls[k].n_hubs; h++) {
			char path[128];
			uint64_t speed = 0, maxchild = 0;
			snprintf(path, sizeof(path), "/sys/bus/usb/devices/%s/speed", ctrls[k].hubs[h]);
			reco_read_u64(c->root, path, &speed);
			snprintf(path, sizeof(path), "/sys/bus/usb/devices/%s/maxchild", ctrls[k].hubs[h]);
			reco_read_u64(c->root, path, &maxchild);
			json_array_append_new(hubs, json_pack("{s:s,s:I,s:I}", "hub", ctrls[k].hubs[h], "speed_mbps",
							      (json_int_t)speed, "ports", (json_int_t)maxchild));
			int np = hub_ports(c->root, ctrls[k].hubs[h], ports, &over);
			nports += np ? np : (int64_t)maxchild;
		}
		json_object_set_new(p->details, "root_hubs", hubs);
		json_object_set_new(p->details, "root_ports", ports);
		diag_metric_set(p, "usb.root_ports", nports);
		diag_metric_set(p, "usb.over_current", over);
		diag_metric_set(p, "usb.no_root_hub", 0);
		devices(c->root, &ctrls[k], p, all, n_all);
	}
	/* PCI host controllers that did not enumerate */
	char ids[MAX_CTRL][64];
	size_t ni = diag_pci_class(c->root, "0x0c03", ids, MAX_CTRL);
	for (size_t i = 0; i < ni && (size_t)n < max; i++) {
		char path[128], cls[16] = "";
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/class", ids[i]);
		reco_read_str(c->root, path, cls, sizeof(cls));
		if (strlen(cls) == 8 && strcmp(cls + 6, "fe") == 0)
			continue; /* a USB device controller, not a host */
		int seen = 0;
		for (size_t k = 0; k < nc; k++)
			seen |= strcmp(ctrls[k].id, ids[i]) == 0;
		struct diag_part *p = &out[n];
		if (seen || diag_part_init(p, "usb", ids[i]) != 0)
			continue;
		n++;
		struct diag_sysdev sd;
		diag_pci_sysdev(c->root, ids[i], &sd);
		diag_sysdev_json(&sd, p);
		diag_metric_set(p, sd.driver[0] ? "usb.no_root_hub" : "usb.no_driver", 1);
	}
	for (size_t i = 0; i < n_all; i++)
		free(all[i]);
	return n;
}

const struct diag_part_desc diag_usb_desc = { "usb", 0, NULL, diag_fn_run_part,
						(const void *)(diag_fn_reader)diag_usb_read };
