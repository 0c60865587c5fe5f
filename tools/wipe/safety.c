/*
 * safety.c — may this block device be wiped?  Refuses the reco boot medium
 * (the marker file WIPE_BOOT_MARKER at the root of one of its mounted
 * filesystems, or the device named in WIPE_BOOT_DEVICE_FILE), the device
 * holding /, anything mounted (the device, one of its partitions, or a
 * device built on it: dm, md, listed in sysfs holders/), and swap in use.
 * Sources: /proc/self/mountinfo (proc(5): field 3 is major:minor, the source
 * follows " - fstype"), /proc/swaps, /sys/block/<disk>/<part>/ and holders/.
 */
#include "wipe.h"
#include "identity.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/sysroot.h"
#include "lib/util.h"

#define MAX_DEVS 256

struct devset {
	dev_t dev[MAX_DEVS];
	char name[MAX_DEVS][64];
	int n;
};

static int set_find(const struct devset *s, dev_t d)
{
	for (int i = 0; i < s->n; i++)
		if (s->dev[i] == d)
			return i;
	return -1;
}

static void set_add_sysdir(struct devset *s, const char *dir, const char *name, int depth)
{
	char p[PATH_MAX], v[32];
	unsigned ma, mi;
	if (s->n >= MAX_DEVS || depth > 8)
		return;
	snprintf(p, sizeof(p), "%s/dev", dir);
	if (reco_read_str("", p, v, sizeof(v)) != 0 || sscanf(v, "%u:%u", &ma, &mi) != 2)
		return;
	dev_t d = makedev(ma, mi);
	if (set_find(s, d) >= 0)
		return;
	s->dev[s->n] = d;
	snprintf(s->name[s->n], sizeof(s->name[0]), "%s", name);
	s->n++;
	/* devices built on this one (dm, md, bcache...) */
	snprintf(p, sizeof(p), "%s/holders", dir);
	DIR *h = opendir(p);
	if (!h)
		return;
	struct dirent *de;
	while ((de = readdir(h))) {
		if (de->d_name[0] == '.')
			continue;
		char hd[PATH_MAX];
		snprintf(hd, sizeof(hd), "/sys/class/block/%.200s", de->d_name);
		set_add_sysdir(s, hd, de->d_name, depth + 1);
	}
	closedir(h);
}

/* The disk, its partitions, and their holders. */
static void set_build(struct devset *s, const char *name, int with_partitions)
{
	char dir[PATH_MAX];
	s->n = 0;
	snprintf(dir, sizeof(dir), "/sys/class/block/%s", name);
	set_add_sysdir(s, dir, name, 0);
	if (!with_partitions)
		return;
	snprintf(dir, sizeof(dir), "/sys/block/%s", name);
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		char sub[PATH_MAX + 256], pf[PATH_MAX + 300];
		if (de->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%.200s", dir, de->d_name);
		snprintf(pf, sizeof(pf), "%s/partition", sub);
		if (access(pf, F_OK) == 0)
			set_add_sysdir(s, sub, de->d_name, 1); /* sub fits: names are short */
	}
	closedir(d);
}

/* Decodes the octal escapes of mountinfo (\040 for a space) in place. */
static void unescape(char *s)
{
	char *o = s;
	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

struct mount_hit {
	int idx;                    /* into the devset */
	char mountpoint[PATH_MAX];
};

/* Calls fn for every mount whose device is in the set; stops when fn
 * returns non-zero and returns that. */
static int each_mount(const struct devset *s, int (*fn)(const struct mount_hit *, void *), void *arg)
{
	char *data = NULL;
	size_t len;
	if (reco_read_file("", "/proc/self/mountinfo", &data, &len, 16 << 20) != 0)
		return 0;
	int rc = 0;
	for (char *line = data, *nl; line && *line && !rc; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		unsigned ma, mi;
		char mp[PATH_MAX], src[PATH_MAX];
		if (sscanf(line, "%*d %*d %u:%u %*s %4095s", &ma, &mi, mp) != 3)
			continue;
		int idx = set_find(s, makedev(ma, mi));
		const char *sep = strstr(line, " - ");
		if (idx < 0 && sep && sscanf(sep + 3, "%*s %4095s", src) == 1 && src[0] == '/') {
			struct stat st;
			unescape(src);
			if (stat(src, &st) == 0 && S_ISBLK(st.st_mode))
				idx = set_find(s, st.st_rdev);
		}
		if (idx < 0)
			continue;
		struct mount_hit h = { .idx = idx };
		unescape(mp);
		snprintf(h.mountpoint, sizeof(h.mountpoint), "%s", mp);
		rc = fn(&h, arg);
	}
	free(data);
	return rc;
}

struct ctx {
	const struct wipe_target *t;
	const struct devset *s;
	struct wipe_safety *out;
};

#define DESCRIBE(c, h, self_fmt, other_fmt)                                                    \
	do {                                                                                   \
		if ((h)->idx == 0)                                                             \
			snprintf((c)->out->reason, sizeof((c)->out->reason), self_fmt, (h)->mountpoint); \
		else                                                                           \
			snprintf((c)->out->reason, sizeof((c)->out->reason), other_fmt,        \
				 (c)->s->name[(h)->idx], (h)->mountpoint);                     \
		snprintf((c)->out->mountpoint, sizeof((c)->out->mountpoint), "%s", (h)->mountpoint); \
	} while (0)

static int boot_marker(const struct mount_hit *h, void *arg)
{
	struct ctx *c = arg;
	char p[PATH_MAX + 32];
	snprintf(p, sizeof(p), "%s/%s", h->mountpoint, WIPE_BOOT_MARKER);
	if (access(p, F_OK) != 0)
		return 0;
	c->out->refusal = WIPE_REF_BOOT;
	DESCRIBE(c, h, _("is the reco boot medium (marker file found on %s)"),
		 _("is the reco boot medium (marker file found on /dev/%s, mounted at %s)"));
	return 1;
}

static int holds_root(const struct mount_hit *h, void *arg)
{
	struct ctx *c = arg;
	if (strcmp(h->mountpoint, "/") != 0)
		return 0;
	c->out->refusal = WIPE_REF_SYSTEM;
	DESCRIBE(c, h, _("holds the running system (mounted at %s)"),
		 _("holds the running system (/dev/%s is mounted at %s)"));
	return 1;
}

static int mounted(const struct mount_hit *h, void *arg)
{
	struct ctx *c = arg;
	c->out->refusal = WIPE_REF_MOUNTED;
	DESCRIBE(c, h, _("device is mounted at %s"), _("/dev/%s on this device is mounted at %s"));
	return 1;
}

static int boot_device_file(const struct devset *s)
{
	const char *f = getenv("RECO_WIPE_BOOT_DEVICE_FILE");
	char p[PATH_MAX];
	if (!f || !*f)
		f = WIPE_BOOT_DEVICE_FILE;
	if (reco_read_str("", f, p, sizeof(p)) != 0 || !*p)
		return 0;
	struct stat st;
	if (stat(p, &st) != 0 || !S_ISBLK(st.st_mode))
		return 0;
	if (set_find(s, st.st_rdev) >= 0)
		return 1;
	/* a partition of the boot disk was named: compare the whole disk */
	char sys[128], real[PATH_MAX];
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u/partition", major(st.st_rdev), minor(st.st_rdev));
	if (access(sys, F_OK) == 0) {
		snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u/..", major(st.st_rdev), minor(st.st_rdev));
		if (realpath(sys, real)) {
			char dv[PATH_MAX + 8], v[32];
			unsigned ma, mi;
			snprintf(dv, sizeof(dv), "%s/dev", real);
			if (reco_read_str("", dv, v, sizeof(v)) == 0 && sscanf(v, "%u:%u", &ma, &mi) == 2)
				return set_find(s, makedev(ma, mi)) >= 0;
		}
	}
	return 0;
}

static int in_swap(const struct devset *s, char *which, size_t size)
{
	char *data = NULL;
	size_t len;
	if (reco_read_file("", "/proc/swaps", &data, &len, 1 << 20) != 0)
		return 0;
	int hit = 0;
	char *save = NULL;
	strtok_r(data, "\n", &save); /* header */
	for (char *line = strtok_r(NULL, "\n", &save); line && !hit; line = strtok_r(NULL, "\n", &save)) {
		char f[PATH_MAX];
		struct stat st;
		if (sscanf(line, "%4095s", f) != 1)
			continue;
		unescape(f);
		if (stat(f, &st) == 0 && S_ISBLK(st.st_mode) && set_find(s, st.st_rdev) >= 0) {
			snprintf(which, size, "%s", f);
			hit = 1;
		}
	}
	free(data);
	return hit;
}

enum wipe_refusal wipe_safety_check(const struct wipe_target *t, struct wipe_safety *out)
{
	static struct devset whole, self; /* large; callers are single-threaded */
	memset(out, 0, sizeof(*out));
	if (t->kind != WIPE_KIND_BLOCK)
		return WIPE_OK;
	struct ctx c = { t, NULL, out };

	/* the boot medium: the whole disk, even when one partition is named */
	set_build(&whole, t->is_partition ? t->parent : t->name, 1);
	c.s = &whole;
	if (boot_device_file(&whole)) {
		out->refusal = WIPE_REF_BOOT;
		snprintf(out->reason, sizeof(out->reason), _("is the reco boot medium (named in %s)"),
			 getenv("RECO_WIPE_BOOT_DEVICE_FILE") ? getenv("RECO_WIPE_BOOT_DEVICE_FILE")
							      : WIPE_BOOT_DEVICE_FILE);
		return out->refusal;
	}
	if (wipe_identity_protected(whole.n ? whole.dev[0] : t->rdev, t->is_partition ? t->parent : t->name,
				    out->reason, sizeof(out->reason)))
		return out->refusal = WIPE_REF_BOOT;
	if (each_mount(&whole, boot_marker, &c))
		return out->refusal;

	set_build(&self, t->name, !t->is_partition);
	c.s = &self;
	if (each_mount(&self, holds_root, &c))
		return out->refusal;
	if (each_mount(&self, mounted, &c))
		return out->refusal;
	char sw[PATH_MAX];
	if (in_swap(&self, sw, sizeof(sw))) {
		out->refusal = WIPE_REF_SWAP;
		snprintf(out->reason, sizeof(out->reason), _("is in use as swap (%s)"), sw);
		return out->refusal;
	}
	return WIPE_OK;
}
