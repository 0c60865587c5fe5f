/*
 * ethernet.c — the Ethernet part: one per wired port.
 *
 * Ports are the physical /sys/class/net entries of type 1 (ARPHRD_ETHER)
 * that are not wireless (kernel Documentation/ABI/testing/sysfs-class-net),
 * plus every PCI Ethernet controller (class 0x0200) that has no interface
 * (no driver).  With a cable plugged, carrier is 1 and speed/duplex give the
 * negotiated link; the best speed the port supports comes from
 * ETHTOOL_GLINKSETTINGS (linux/ethtool.h, the supported link-mode bitmap).
 * A port that is down cannot see a cable: it is brought up for the test,
 * given a few seconds to negotiate, and put back down.
 *
 * Metrics: eth.no_driver, eth.up_failed, eth.carrier (when measured),
 * eth.speed_mbps, eth.max_speed_mbps, eth.slow_link (1 when the link
 * negotiated below what the port supports).
 */
#include "functions.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lib/json.h"
#include "lib/sysroot.h"
#include "lib/util.h"

#define CARRIER_MS 5000 /* autonegotiation takes 2-3 s on real ports */

/* Copper link modes and their speed (linux/ethtool.h link-mode bits). */
static const struct {
	unsigned bit;
	uint32_t mbps;
} modes[] = {
	{ ETHTOOL_LINK_MODE_10baseT_Half_BIT, 10 },      { ETHTOOL_LINK_MODE_10baseT_Full_BIT, 10 },
	{ ETHTOOL_LINK_MODE_100baseT_Half_BIT, 100 },    { ETHTOOL_LINK_MODE_100baseT_Full_BIT, 100 },
	{ ETHTOOL_LINK_MODE_1000baseT_Half_BIT, 1000 },  { ETHTOOL_LINK_MODE_1000baseT_Full_BIT, 1000 },
	{ ETHTOOL_LINK_MODE_2500baseT_Full_BIT, 2500 },  { ETHTOOL_LINK_MODE_5000baseT_Full_BIT, 5000 },
	{ ETHTOOL_LINK_MODE_10000baseT_Full_BIT, 10000 },
};

uint32_t diag_eth_max_speed(const uint32_t *m, size_t nwords)
{
	uint32_t best = 0;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		unsigned b = modes[i].bit;
		if (b / 32 < nwords && (m[b / 32] >> (b % 32) & 1) && modes[i].mbps > best)
			best = modes[i].mbps;
	}
	return best;
}

/* The supported link modes of ifname through ETHTOOL_GLINKSETTINGS (the
 * two-step handshake: the kernel first answers with the bitmap size). */
static uint32_t supported_max(const char *ifname)
{
	struct {
		struct ethtool_link_settings s;
		uint32_t maps[3 * 127];
	} req;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 0;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	memset(&req, 0, sizeof(req));
	req.s.cmd = ETHTOOL_GLINKSETTINGS;
	ifr.ifr_data = (void *)&req;
	uint32_t best = 0;
	if (ioctl(fd, SIOCETHTOOL, &ifr) == 0 && req.s.link_mode_masks_nwords < 0 &&
	    -req.s.link_mode_masks_nwords <= 127) {
		int8_t nw = (int8_t)-req.s.link_mode_masks_nwords;
		memset(&req, 0, sizeof(req));
		req.s.cmd = ETHTOOL_GLINKSETTINGS;
		req.s.link_mode_masks_nwords = nw;
		if (ioctl(fd, SIOCETHTOOL, &ifr) == 0 && req.s.link_mode_masks_nwords == nw)
			best = diag_eth_max_speed(req.s.link_mode_masks, (size_t)nw); /* supported: first map */
	}
	close(fd);
	return best;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when /sys/class/net/name is a physical wired port. */
static int wired_port(const char *root, const char *name)
{
	char p[PATH_MAX], full[PATH_MAX], real[PATH_MAX];
	uint64_t type = 0;
	snprintf(p, sizeof(p), "/sys/class/net/%s/device", name);
	if (!reco_exists(root, p))
		return 0;
	snprintf(p, sizeof(p), "/sys/class/net/%s", name);
	if (reco_path(root, p, full, sizeof(full)) == 0 && realpath(full, real) && strstr(real, "/devices/virtual/"))
		return 0;
	snprintf(p, sizeof(p), "/sys/class/net/%s/wireless", name);
	if (reco_exists(root, p))
		return 0;
	snprintf(p, sizeof(p), "/sys/class/net/%s/phy80211", name);
	if (reco_exists(root, p))
		return 0;
	snprintf(p, sizeof(p), "/sys/class/net/%s/type", name);
	return reco_read_u64(root, p, &type) == 0 && type == 1;
}

static void measure(const struct diag_fn_ctx *c, struct diag_part *p, const char *name)
{
	char path[512], v[32];
	int was_up = 1, brought_up = 0;
	if (c->live) {
		uint64_t t0 = reco_now_ns();
		int rc = diag_if_set_up(name, 1, &was_up);
		if (rc != 0) {
			diag_metric_set(p, "eth.up_failed", 1);
			diag_fn_skip(p, rc == -EPERM ? DIAG_SKIP_PERMISSION : DIAG_SKIP_ERROR, NULL, rc);
			return;
		}
		brought_up = !was_up;
		json_object_set_new(p->details, "brought_up", json_boolean(brought_up));
		/* wait for a carrier */
		int64_t carrier = 0;
		snprintf(path, sizeof(path), "/sys/class/net/%s/carrier", name);
		while ((reco_read_i64("", path, &carrier) != 0 || carrier != 1) &&
		       (reco_now_ns() - t0) / 1000000 < (brought_up ? CARRIER_MS : 0))
			usleep(100000);
		json_object_set_new(p->details, "wait_ms", json_integer((json_int_t)((reco_now_ns() - t0) / 1000000)));
		uint32_t mx = supported_max(name);
		if (mx) {
			diag_metric_set(p, "eth.max_speed_mbps", mx);
			json_object_set_new(p->details, "max_speed_mbps", json_integer(mx));
		}
	}
	int64_t carrier = -1, speed = -1;
	snprintf(path, sizeof(path), "/sys/class/net/%s/carrier", name);
	if (reco_read_i64(c->root, path, &carrier) != 0)
		carrier = 0; /* EINVAL on a port that is down */
	diag_metric_set(p, "eth.carrier", carrier == 1);
	json_object_set_new(p->details, "carrier", json_boolean(carrier == 1));
	if (carrier == 1) {
		snprintf(path, sizeof(path), "/sys/class/net/%s/speed", name);
		if (reco_read_i64(c->root, path, &speed) == 0 && speed > 0 && speed < 1000000) {
			diag_metric_set(p, "eth.speed_mbps", speed);
			json_object_set_new(p->details, "speed_mbps", json_integer(speed));
		}
		snprintf(path, sizeof(path), "/sys/class/net/%s/duplex", name);
		if (reco_read_str(c->root, path, v, sizeof(v)) == 0 && (!strcmp(v, "full") || !strcmp(v, "half")))
			json_object_set_new(p->details, "duplex", json_string(v));
		int64_t mx;
		if (speed > 0 && diag_metric_get(p, "eth.max_speed_mbps", &mx))
			diag_metric_set(p, "eth.slow_link", speed < mx);
	}
	if (brought_up)
		diag_if_set_up(name, 0, NULL);
}

int diag_ethernet_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max)
{
	DIR *d = reco_opendir(c->root, "/sys/class/net");
	char *names[64];
	size_t nn = 0;
	if (d) {
		struct dirent *de;
		while ((de = readdir(d)) && nn < 64)
			if (de->d_name[0] != '.' && strcmp(de->d_name, "lo") && strlen(de->d_name) <= IFNAMSIZ &&
			    wired_port(c->root, de->d_name))
				names[nn++] = strdup(de->d_name);
		closedir(d);
	}
	qsort(names, nn, sizeof(*names), cmp_str);
	int n = 0;
	for (size_t i = 0; i < nn; i++) {
		if (!names[i] || (size_t)n >= max)
			continue;
		struct diag_part *p = &out[n];
		if (diag_part_init(p, "ethernet", names[i]) != 0)
			continue;
		n++;
		char cp[300];
		snprintf(cp, sizeof(cp), "/sys/class/net/%s", names[i]);
		struct diag_sysdev sd;
		if (diag_sysdev_read(c->root, cp, &sd) == 0)
			diag_sysdev_json(&sd, p);
		json_object_set_new(p->details, "interface", json_string(names[i]));
		/* a port that is down is brought up only when changes are allowed */
		char path[300];
		snprintf(path, sizeof(path), "/sys/class/net/%s/flags", names[i]);
		uint64_t flags = 0;
		int down = reco_read_u64(c->root, path, &flags) == 0 && !(flags & IFF_UP);
		if (c->live && c->read_only && down)
			diag_fn_skip(p, DIAG_SKIP_READ_ONLY, NULL, 0);
		else
			measure(c, p, names[i]);
	}
	/* Ethernet controllers without an interface: no driver */
	char ids[16][64];
	size_t nid = diag_pci_class(c->root, "0x0200", ids, 16);
	for (size_t i = 0; i < nid && (size_t)n < max; i++) {
		int taken = 0;
		for (size_t k = 0; k < nn; k++) {
			char cp[300];
			snprintf(cp, sizeof(cp), "/sys/class/net/%s", names[k] ? names[k] : "");
			taken |= names[k] && diag_sysfs_below(c->root, cp, ids[i]);
		}
		struct diag_part *p = &out[n];
		if (taken || diag_part_init(p, "ethernet", ids[i]) != 0)
			continue;
		n++;
		struct diag_sysdev sd;
		diag_pci_sysdev(c->root, ids[i], &sd);
		diag_sysdev_json(&sd, p);
		diag_fn_fw_failures(c, p, ids[i], NULL);
		diag_metric_set(p, sd.driver[0] ? "eth.up_failed" : "eth.no_driver", 1);
	}
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	return n;
}

const struct diag_part_desc diag_ethernet_desc = { "ethernet", DIAG_NEEDS_MACHINE | DIAG_NEEDS_ADMIN, NULL, diag_fn_run_part,
						(const void *)(diag_fn_reader)diag_ethernet_read };
