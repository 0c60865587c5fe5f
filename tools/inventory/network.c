/*
 * network.c — the network section from /sys/class/net (kernel
 * Documentation/ABI/testing/sysfs-class-net): physical interfaces only
 * (loopback and devices under /sys/devices/virtual are left out), with MAC
 * address, driver, bus, wired/wireless, link speed and state.
 *
 * permanent_mac: the burnt-in address.  When addr_assign_type is 0
 * (NET_ADDR_PERM) it is the current address; otherwise, on the running
 * system, it is asked with ETHTOOL_GPERMADDR; with --root it is left out.
 */
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

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/sysroot.h"
#include "inventory.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int perm_addr_ioctl(const char *ifname, char *out, size_t size)
{
	/* struct ethtool_perm_addr ends in a flexible array: room after it */
	_Alignas(8) unsigned char buf[sizeof(struct ethtool_perm_addr) + 32];
	struct ethtool_perm_addr *req = (struct ethtool_perm_addr *)buf;
	struct ifreq ifr;
	memset(buf, 0, sizeof(buf));
	memset(&ifr, 0, sizeof(ifr));
	req->cmd = ETHTOOL_GPERMADDR;
	req->size = 32;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = (void *)buf;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	int rc = ioctl(fd, SIOCETHTOOL, &ifr) < 0 ? -errno : 0;
	close(fd);
	if (rc)
		return rc;
	if (req->size != 6)
		return -ENODATA;
	int zero = 1;
	for (int i = 0; i < 6; i++)
		if (req->data[i])
			zero = 0;
	if (zero)
		return -ENODATA;
	snprintf(out, size, "%02x:%02x:%02x:%02x:%02x:%02x", req->data[0], req->data[1], req->data[2],
		 req->data[3], req->data[4], req->data[5]);
	return 0;
}

json_t *inv_network(struct inv_ctx *ctx)
{
	DIR *d = reco_opendir(ctx->root, "/sys/class/net");
	if (!d) {
		inv_note_sys(ctx, "network", errno, "%s", "/sys/class/net");
		return NULL;
	}
	char *names[256];
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < 256)
		if (de->d_name[0] != '.' && strcmp(de->d_name, "lo"))
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i];
		char p[PATH_MAX], real[PATH_MAX], v[256];
		if (inv_path(p, sizeof(p), "/sys/class/net/%s", name) ||
		    (inv_resolve(ctx->root, p, real, sizeof(real)) == 0 && strstr(real, "/devices/virtual/")) ||
		    (inv_path(p, sizeof(p), "/sys/class/net/%s/device", name) == 0 && !reco_exists(ctx->root, p))) {
			free(names[i]);
			continue;
		}
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(name));
#define A(attr) (inv_path(p, sizeof(p), "/sys/class/net/%s/" attr, name) == 0 ? p : "/nonexistent")
		inv_put_str(ctx, o, "mac", "network", A("address"));
		unsigned long long assign = 99, type = 0, speed;
		inv_read_u64(ctx, "network", A("addr_assign_type"), &assign);
		const char *mac = json_string_value(json_object_get(o, "mac"));
		if (assign == 0 && mac)
			json_object_set_new(o, "permanent_mac", json_string(mac));
		else if (!*ctx->root && perm_addr_ioctl(name, v, sizeof(v)) == 0)
			json_object_set_new(o, "permanent_mac", json_string(v));
		if (reco_read_link_base(ctx->root, A("device/driver"), v, sizeof(v)) == 0)
			json_object_set_new(o, "driver", json_string(v));
		if (reco_read_link_base(ctx->root, A("device/subsystem"), v, sizeof(v)) == 0)
			json_object_set_new(o, "bus", json_string(v));
		inv_read_u64(ctx, "network", A("type"), &type);
		const char *kind = "other";
		if (reco_exists(ctx->root, A("wireless")) || reco_exists(ctx->root, A("phy80211")))
			kind = "wireless";
		else if (type == 1) /* ARPHRD_ETHER */
			kind = "wired";
		json_object_set_new(o, "kind", json_string(kind));
		inv_put_str(ctx, o, "operstate", "network", A("operstate"));
		char sp[64];
		if (reco_read_str(ctx->root, A("speed"), sp, sizeof(sp)) == 0 && sp[0] != '-') {
			speed = strtoull(sp, NULL, 10);
			if (speed > 0 && speed < 10000000)
				json_object_set_new(o, "speed_mbps", json_integer((json_int_t)speed));
		}
#undef A
		json_array_append_new(list, o);
		free(names[i]);
	}
	return list;
}
