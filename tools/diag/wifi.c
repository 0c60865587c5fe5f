/*
 * wifi.c — the Wi-Fi part: one per wireless adapter.
 *
 * Found from /sys/class/ieee80211 (one phyN per radio that a driver brought
 * up; its interfaces are the /sys/class/net entries whose phy80211 link
 * points at it) and from the PCI bus: a network controller of class 0x0280
 * with no phy is an adapter whose driver is missing or whose firmware did
 * not load (the kernel log names the file).  Then, live: the radio's rfkill
 * state, the interface brought up when it was down (put back down after),
 * an nl80211 scan (wifi_scan.c) and, when reco.conf names the workshop's
 * network, an association (wifi_assoc.c).
 *
 * Metrics (the rules in rules.c read them): wifi.no_driver,
 * wifi.no_interface, wifi.firmware_failed, wifi.rfkill_soft,
 * wifi.rfkill_hard, wifi.scan_failed, wifi.networks (only when a scan
 * completed), wifi.best_signal_dbm, wifi.associated, wifi.address,
 * wifi.gateway_reached.
 */
#include "functions.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/sysroot.h"
#include "lib/util.h"

#define WIFI_SCAN_MS 15000

/* The first interface of phy (a /sys/class/net entry whose phy80211 link
 * is phy).  0 and ifname, or -ENOENT. */
static int phy_interface(const char *root, const char *phy, char *ifname, size_t size)
{
	DIR *d = reco_opendir(root, "/sys/class/net");
	if (!d)
		return -ENOENT;
	struct dirent *de;
	char best[IFNAMSIZ + 1] = "";
	while ((de = readdir(d))) {
		char p[512], v[64];
		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "/sys/class/net/%s/phy80211", de->d_name);
		if (reco_read_link_base(root, p, v, sizeof(v)) == 0 && strcmp(v, phy) == 0 &&
		    strlen(de->d_name) <= IFNAMSIZ && (!best[0] || strcmp(de->d_name, best) < 0))
			snprintf(best, sizeof(best), "%.16s", de->d_name);
	}
	closedir(d);
	if (!best[0])
		return -ENOENT;
	snprintf(ifname, size, "%s", best);
	return 0;
}

static void scan_json(struct diag_part *p, const struct diag_wifi_scan *s, const char *ssid)
{
	json_t *o = json_object();
	json_object_set_new(o, "ms", json_integer((json_int_t)s->ms));
	if (s->done) {
		json_object_set_new(o, "networks", json_integer(s->networks));
		if (s->networks && s->best_mbm != INT32_MIN)
			json_object_set_new(o, "best_signal_mbm", json_integer(s->best_mbm));
		json_t *bands = json_array();
		if (s->bands & 1)
			json_array_append_new(bands, json_integer(2400));
		if (s->bands & 2)
			json_array_append_new(bands, json_integer(5000));
		if (s->bands & 4)
			json_array_append_new(bands, json_integer(6000));
		json_object_set_new(o, "bands_mhz", bands);
		if (ssid && *ssid)
			json_object_set_new(o, "workshop_network_seen", json_boolean(s->ssid_seen));
	} else {
		json_object_set_new(o, "errno", json_integer(-s->err));
	}
	json_object_set_new(p->details, "scan", o);
}

/* The live half: rfkill, interface up, scan, association. */
static void measure(const struct diag_fn_ctx *c, struct diag_part *p, const char *phy, const char *ifname)
{
	if (diag_fn_radio_blocked(c, p, "wlan", phy, "wifi.rfkill_soft", "wifi.rfkill_hard"))
		return;
	if (!c->live) {
		diag_fn_skip(p, DIAG_SKIP_NO_LIVE, NULL, 0);
		return;
	}
	/* read-only (Repair Café): a radio that is down stays down */
	char fp[300];
	uint64_t flags = 1;
	snprintf(fp, sizeof(fp), "/sys/class/net/%s/flags", ifname);
	if (c->read_only && reco_read_u64(c->root, fp, &flags) == 0 && !(flags & IFF_UP)) {
		diag_fn_skip(p, DIAG_SKIP_READ_ONLY, NULL, 0);
		return;
	}
	int was_up = 1;
	int rc = diag_if_set_up(ifname, 1, &was_up);
	if (rc == -ERFKILL) {
		/* blocked between the sysfs read and now */
		diag_metric_set(p, "wifi.rfkill_soft", 1);
		diag_fn_skip(p, DIAG_SKIP_RADIO_SOFT, NULL, rc);
		return;
	}
	if (rc) {
		diag_metric_set(p, "wifi.scan_failed", 1);
		diag_fn_skip(p, rc == -EPERM ? DIAG_SKIP_PERMISSION : DIAG_SKIP_ERROR, NULL, rc);
		return;
	}
	struct diag_wifi_scan s;
	unsigned idx = if_nametoindex(ifname);
	rc = idx ? diag_wifi_scan_run((int)idx, c->budget_ms ? c->budget_ms : WIFI_SCAN_MS, c->wifi_ssid, &s)
		 : -ENODEV;
	if (rc == 0) {
		diag_metric_set(p, "wifi.networks", s.networks);
		if (s.networks && s.best_mbm != INT32_MIN)
			diag_metric_set(p, "wifi.best_signal_dbm", s.best_mbm / 100);
	} else if (rc == -EPERM || rc == -EACCES) {
		diag_fn_skip(p, DIAG_SKIP_PERMISSION, NULL, rc);
	} else if (rc == -EPROTONOSUPPORT) {
		diag_fn_skip(p, DIAG_SKIP_ERROR, NULL, rc);
	} else {
		diag_metric_set(p, "wifi.scan_failed", 1);
	}
	if (rc == 0 || rc != -ENODEV)
		scan_json(p, &s, c->wifi_ssid);
	if (rc == 0 && c->wifi_ssid && *c->wifi_ssid) {
		if (c->read_only)
			json_object_set_new(p->details, "association_skipped", json_string(DIAG_SKIP_READ_ONLY));
		else
			diag_wifi_associate(c, ifname, p);
	}
	if (!was_up)
		diag_if_set_up(ifname, 0, NULL);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* PCI network controllers of class 0x0280 (IEEE 802.11 adapters on most
 * laptops report "network controller, other") that have no phy. */
static int pci_orphans(const struct diag_fn_ctx *c, const char phys_dev[][64], size_t n_phys,
		       struct diag_part *out, size_t max)
{
	char ids[32][64];
	size_t nid = diag_pci_class(c->root, "0x0280", ids, 32);
	int n = 0;
	for (size_t i = 0; i < nid && (size_t)n < max; i++) {
		int claimed = 0;
		for (size_t k = 0; k < n_phys; k++) {
			char cp[300];
			snprintf(cp, sizeof(cp), "/sys/class/ieee80211/%.63s", phys_dev[k]);
			claimed |= phys_dev[k][0] && diag_sysfs_below(c->root, cp, ids[i]);
		}
		struct diag_part *pt = &out[n];
		if (claimed || diag_part_init(pt, "wifi", ids[i]) != 0)
			continue;
		n++;
		struct diag_sysdev sd;
		diag_pci_sysdev(c->root, ids[i], &sd);
		diag_sysdev_json(&sd, pt);
		diag_fn_fw_failures(c, pt, ids[i], "wifi.firmware_failed");
		diag_metric_set(pt, sd.driver[0] ? "wifi.no_interface" : "wifi.no_driver", 1);
	}
	return n;
}

int diag_wifi_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max)
{
	DIR *d = reco_opendir(c->root, "/sys/class/ieee80211");
	char *phys[32];
	size_t np = 0;
	if (d) {
		struct dirent *de;
		while ((de = readdir(d)) && np < 32)
			if (de->d_name[0] != '.')
				phys[np++] = strdup(de->d_name);
		closedir(d);
	}
	qsort(phys, np, sizeof(*phys), cmp_str);
	char phys_dev[32][64];
	int n = 0;
	for (size_t i = 0; i < np; i++) {
		phys_dev[i][0] = '\0';
		if (!phys[i] || (size_t)n >= max) {
			free(phys[i]);
			continue;
		}
		char cp[300], ifname[IFNAMSIZ + 1] = "";
		snprintf(cp, sizeof(cp), "/sys/class/ieee80211/%s", phys[i]);
		struct diag_sysdev sd;
		diag_sysdev_read(c->root, cp, &sd);
		snprintf(phys_dev[i], sizeof(phys_dev[i]), "%s", phys[i]);
		struct diag_part *p = &out[n];
		if (diag_part_init(p, "wifi", phys[i]) != 0) {
			free(phys[i]);
			continue;
		}
		n++;
		diag_sysdev_json(&sd, p);
		diag_fn_fw_failures(c, p, sd.id, "wifi.firmware_failed");
		if (phy_interface(c->root, phys[i], ifname, sizeof(ifname)) != 0) {
			diag_metric_set(p, "wifi.no_interface", 1);
		} else {
			json_object_set_new(p->details, "interface", json_string(ifname));
			measure(c, p, phys[i], ifname);
		}
		free(phys[i]);
	}
	if ((size_t)n < max)
		n += pci_orphans(c, (const char(*)[64])phys_dev, np, out + n, max - (size_t)n);
	return n;
}

const struct diag_part_desc diag_wifi_desc = { "wifi", DIAG_NEEDS_MACHINE | DIAG_NEEDS_ADMIN, NULL, diag_fn_run_part,
						(const void *)(diag_fn_reader)diag_wifi_read };
