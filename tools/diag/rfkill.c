/*
 * rfkill.c — radio switches, from /sys/class/rfkill (kernel
 * Documentation/ABI/stable/sysfs-class-rfkill: name, type, soft, hard).
 *
 * A radio has its own switch (named after it: "phy0", "hci0") and may also
 * sit behind platform switches of the same type or of type "all" (a
 * laptop's Wi-Fi key or slider: "hp-wifi", "dell-wifi", "ideapad_wlan",
 * "tpacpi_bluetooth_sw").  A soft block is the system's (`rfkill unblock`
 * lifts it); a hard block is a physical switch or key, which the volunteer
 * must find: the report names it.
 */
#include "functions.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/sysroot.h"

static int cmp_rf(const void *a, const void *b)
{
	return strcmp(((const struct diag_rfkill *)a)->name, ((const struct diag_rfkill *)b)->name);
}

size_t diag_rfkill_read(const char *root, struct diag_rfkill *out, size_t max)
{
	DIR *d = reco_opendir(root, "/sys/class/rfkill");
	if (!d)
		return 0;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < max) {
		if (strncmp(de->d_name, "rfkill", 6) != 0)
			continue;
		char p[512];
		uint64_t v;
		struct diag_rfkill *r = &out[n];
		memset(r, 0, sizeof(*r));
		snprintf(p, sizeof(p), "/sys/class/rfkill/%s/name", de->d_name);
		if (reco_read_str(root, p, r->name, sizeof(r->name)) != 0)
			continue;
		snprintf(p, sizeof(p), "/sys/class/rfkill/%s/type", de->d_name);
		reco_read_str(root, p, r->type, sizeof(r->type));
		snprintf(p, sizeof(p), "/sys/class/rfkill/%s/device", de->d_name);
		reco_read_link_base(root, p, r->owner, sizeof(r->owner));
		snprintf(p, sizeof(p), "/sys/class/rfkill/%s/soft", de->d_name);
		if (reco_read_u64(root, p, &v) == 0)
			r->soft = v != 0;
		snprintf(p, sizeof(p), "/sys/class/rfkill/%s/hard", de->d_name);
		if (reco_read_u64(root, p, &v) == 0)
			r->hard = v != 0;
		n++;
	}
	closedir(d);
	qsort(out, n, sizeof(*out), cmp_rf);
	return n;
}

int diag_rfkill_state(const struct diag_rfkill *list, size_t n, const char *type, const char *own,
		      int *soft, int *hard, char *sw, size_t sw_size)
{
	int found = 0;
	const char *own_hard = NULL, *plat_hard = NULL;
	*soft = *hard = 0;
	if (sw_size)
		sw[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const struct diag_rfkill *r = &list[i];
		int mine = own && (strcmp(r->name, own) == 0 || strcmp(r->owner, own) == 0);
		/* another radio's own switch (phy1, hci1) does not block this one */
		int other_radio = !mine && (strncmp(r->name, "phy", 3) == 0 || strncmp(r->name, "hci", 3) == 0);
		int same_type = strcmp(r->type, type) == 0 || strcmp(r->type, "all") == 0;
		if (!mine && (other_radio || !same_type))
			continue;
		found |= mine;
		*soft |= r->soft;
		*hard |= r->hard;
		if (r->hard) {
			if (mine && !own_hard)
				own_hard = r->name;
			if (!mine && !plat_hard)
				plat_hard = r->name;
		}
	}
	const char *name = plat_hard ? plat_hard : own_hard;
	if (name && sw_size)
		snprintf(sw, sw_size, "%s", name);
	return found;
}
