/*
 * disks.c — which disks are this machine's own.
 *
 * The disks reco diag judges are the machine's internal disks.  Not judged:
 * the reco boot medium (the live stick: the marker file on one of its
 * mounted filesystems, or the device named in /run/reco/boot-device — the
 * same test as reco wipe's, wipe_safety_check()), and removable or USB disks
 * plugged in for the session (a stick for reports, a donor's external disk
 * being wiped); they are listed in diag.json's `excluded_disks` with the
 * reason.  A disk named with --disk is judged even when it is external,
 * never when it is the boot medium.  Virtual and stacked block devices
 * (loop, ram, zram, optical, dm, md, nbd) are not disks of the machine.
 */
#include "diag.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/disk.h"
#include "lib/sysroot.h"
#include "wipe/wipe.h"

static int virtual_block(const char *name)
{
	static const char *const prefixes[] = { "loop", "ram", "zram", "sr", "dm-", "md", "fd", "nbd", "zd" };
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

/* 1 when /dev/name is the reco boot medium (only on the running system). */
static int boot_medium(const char *root, const char *name)
{
	if (root && *root)
		return 0; /* a captured tree has no mounts to look at */
	struct wipe_target t = { .kind = WIPE_KIND_BLOCK };
	snprintf(t.name, sizeof(t.name), "%s", name);
	struct wipe_safety s;
	return wipe_safety_check(&t, &s) == WIPE_REF_BOOT;
}

const char *diag_disk_exclusion(const char *root, const char *name, int named)
{
	if (boot_medium(root, name))
		return "boot medium";
	if (named)
		return NULL;
	char link[PATH_MAX], real[PATH_MAX], full[PATH_MAX + 16];
	snprintf(link, sizeof(link), "/sys/block/%s", name);
	snprintf(full, sizeof(full), "%s%s", root ? root : "", link);
	const char *transport = realpath(full, real) ? reco_disk_transport(name, real) : "unknown";
	if (strcmp(transport, "usb") == 0)
		return "external (usb)";
	uint64_t removable = 0;
	snprintf(full, sizeof(full), "%s/removable", link);
	if (reco_read_u64(root, full, &removable) == 0 && removable)
		return "removable";
	return NULL;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

size_t diag_disks_list(const char *root, char (*names)[64], size_t max, json_t *excluded)
{
	DIR *d = reco_opendir(root, "/sys/block");
	if (!d)
		return 0;
	struct dirent *de;
	size_t n = 0;
	while ((de = readdir(d)) && n < max) {
		char path[300];
		uint64_t sectors = 0;
		if (de->d_name[0] == '.' || virtual_block(de->d_name) || strlen(de->d_name) >= 64)
			continue;
		snprintf(path, sizeof(path), "/sys/block/%s/size", de->d_name);
		if (reco_read_u64(root, path, &sectors) != 0 || sectors == 0)
			continue;
		snprintf(names[n++], 64, "%.63s", de->d_name); /* shorter: checked above */
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_names);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		const char *why = diag_disk_exclusion(root, names[i], 0);
		if (why) {
			if (excluded)
				json_array_append_new(excluded, json_pack("{s:s,s:s}", "disk", names[i], "reason", why));
			continue;
		}
		if (kept != i)
			memcpy(names[kept], names[i], sizeof(names[0]));
		kept++;
	}
	return kept;
}
