/*
 * disk.c — block device identity from sysfs (see disk.h).
 *
 * Sources: Documentation/ABI/testing/sysfs-block, sysfs-bus-usb (serial),
 * SPC-5 7.7.18 Unit Serial Number VPD page (80h).
 */
#include "disk.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sysroot.h"
#include "util.h"

const char *reco_disk_transport(const char *name, const char *p)
{
	if (name && !strncmp(name, "loop", 4))
		return "loop";
	if (!p || !*p)
		return "unknown";
	if (strstr(p, "/usb"))
		return "usb";
	if (strstr(p, "/nvme"))
		return "nvme";
	if (strstr(p, "/mmc"))
		return "mmc";
	if (strstr(p, "/ata"))
		return "sata";
	if (strstr(p, "/end_device-") || strstr(p, "/expander-") || strstr(p, "/sas_"))
		return "sas";
	if (strstr(p, "/host") && strstr(p, "/target"))
		return "scsi";
	if (strstr(p, "/virtio"))
		return "virtio";
	return "unknown";
}

const char *reco_disk_role(const char *name, const char *transport, int removable, int optical)
{
	static const char *const virt[] = { "loop", "ram", "zram", "dm-", "md", "nbd" };
	for (size_t i = 0; name && i < sizeof(virt) / sizeof(virt[0]); i++)
		if (!strncmp(name, virt[i], strlen(virt[i])))
			return "virtual";
	if (transport && (!strcmp(transport, "loop") || !strcmp(transport, "file")))
		return "virtual";
	if (optical || removable || (transport && !strcmp(transport, "usb")))
		return "removable";
	return "internal";
}

int reco_vpd80_serial(const char *data, size_t len, char *out, size_t size)
{
	if (len <= 4 || (unsigned char)data[1] != 0x80 || size == 0)
		return -ENOENT;
	size_t n = (unsigned char)data[3];
	if (n > len - 4)
		n = len - 4;
	if (n >= size)
		n = size - 1;
	size_t o = 0;
	for (size_t i = 0; i < n; i++)
		if (isprint((unsigned char)data[4 + i]))
			out[o++] = data[4 + i];
	out[o] = '\0';
	reco_strtrim(out);
	return *out ? 0 : -ENOENT;
}

static int try_file(const char *root, const char *path, char *out, size_t size)
{
	if (reco_read_str(root, path, out, size) != 0)
		return -ENOENT;
	reco_strtrim(out);
	return *out ? 0 : -ENOENT;
}

/* The USB device (a directory with idVendor) above the disk. */
static int usb_serial(const char *root, const char *name, char *out, size_t size)
{
	char rel[PATH_MAX], full[PATH_MAX], real[PATH_MAX], top[PATH_MAX];
	snprintf(rel, sizeof(rel), "/sys/block/%s/device", name);
	if (reco_path(root, rel, full, sizeof(full)) || !realpath(full, real))
		return -ENOENT;
	if (reco_path(root, "/sys/devices", full, sizeof(full)) || !realpath(full, top))
		return -ENOENT;
	size_t tl = strlen(top);
	while (strlen(real) > tl && !strncmp(real, top, tl)) {
		char f[PATH_MAX + 16];
		snprintf(f, sizeof(f), "%s/idVendor", real);
		if (reco_exists(NULL, f)) {
			snprintf(f, sizeof(f), "%s/serial", real);
			return try_file(NULL, f, out, size);
		}
		char *slash = strrchr(real, '/');
		if (!slash)
			break;
		*slash = '\0';
	}
	return -ENOENT;
}

int reco_disk_serial(const char *root, const char *name, char *out, size_t size)
{
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "/sys/block/%s/device/serial", name);
	if (try_file(root, p, out, size) == 0)
		return 0;
	snprintf(p, sizeof(p), "/sys/block/%s/serial", name);
	if (try_file(root, p, out, size) == 0)
		return 0;
	snprintf(p, sizeof(p), "/sys/block/%s/device/vpd_pg80", name);
	char *data;
	size_t len;
	int vrc = reco_read_file(root, p, &data, &len, 4096);
	if (vrc == 0) {
		int rc = reco_vpd80_serial(data, len, out, size);
		free(data);
		if (rc == 0)
			return 0;
	}
	if (usb_serial(root, name, out, size) == 0)
		return 0;
	*out = '\0';
	return vrc == -EACCES || vrc == -EPERM ? -EACCES : -ENOENT;
}
