/*
 * identity.c — the disk confirmed is the disk wiped (identity.h).
 *
 * Between the list a person reads, the confirmation and the wipe, disks can
 * be plugged, removed or renamed: /dev/sdb may be another disk by then.  The
 * menu passes what the person confirmed (--expect-serial, --expect-diskseq,
 * one of each per target, in the targets' order); once reco wipe holds the
 * device open with O_EXCL, the serial is read again from sysfs for the
 * dev_t behind the file descriptor (fstat) and the diskseq from the
 * descriptor itself (BLKGETDISKSEQ, Linux 5.15; sysfs diskseq otherwise).
 * The kernel gives every disk it attaches a new diskseq, so a disk removed
 * and another plugged under the same name is told apart even without serial.
 *
 * The live image records the devices it must never wipe (its boot medium,
 * the data stick) by identity in /run/reco/boot-device, one per line:
 *   dev=8:16 serial=4C530001 diskseq=7 role=boot-medium path=/dev/sdb
 */
#include "identity.h"
#include "progress.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lib/disk.h"
#include "lib/i18n.h"
#include "lib/sysroot.h"
#include "lib/util.h"

#define MAX_EXPECT WIPE_MAX_TARGETS

static struct {
	char serial[MAX_EXPECT][128];
	uint64_t diskseq[MAX_EXPECT];
	int nserial, nseq;
} expect;

int wipe_expect_add(int kind, const char *value)
{
	if (kind == 's') {
		if (expect.nserial >= MAX_EXPECT || strlen(value) >= sizeof(expect.serial[0]))
			return -EINVAL;
		snprintf(expect.serial[expect.nserial++], sizeof(expect.serial[0]), "%s", value);
		return 0;
	}
	char *end;
	errno = 0;
	unsigned long long v = strtoull(value, &end, 10);
	if (kind != 'q' || expect.nseq >= MAX_EXPECT || errno || end == value || *end || v == 0 || *value == '-')
		return -EINVAL;
	expect.diskseq[expect.nseq++] = v;
	return 0;
}

uint64_t wipe_diskseq(const char *name)
{
	char p[PATH_MAX], v[32];
	snprintf(p, sizeof(p), "/sys/block/%s/diskseq", name);
	if (reco_read_str("", p, v, sizeof(v)) != 0)
		return 0;
	return strtoull(v, NULL, 10);
}

/* The whole disk's sysfs name for a block dev_t ("sdb" for 8:17 too). */
static int whole_name(dev_t rdev, char *name, size_t size)
{
	char sys[96], real[PATH_MAX], pf[PATH_MAX + 16];
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u", major(rdev), minor(rdev));
	if (!realpath(sys, real))
		return -errno;
	snprintf(pf, sizeof(pf), "%s/partition", real);
	if (access(pf, F_OK) == 0) {
		char *slash = strrchr(real, '/');
		if (slash)
			*slash = '\0';
	}
	snprintf(name, size, "%s", basename(real));
	return 0;
}

/* Serial and diskseq of the device behind fd, read now. */
static void read_now(int fd, char *serial, size_t size, uint64_t *seq)
{
	struct stat st;
	serial[0] = '\0';
	*seq = 0;
	char name[64];
	if (fstat(fd, &st) != 0 || !S_ISBLK(st.st_mode) || whole_name(st.st_rdev, name, sizeof(name)))
		return;
	struct wipe_target now;
	memset(&now, 0, sizeof(now));
	wipe_target_sysfs_identity(&now, name);
	snprintf(serial, size, "%s", now.serial);
	uint64_t s = 0;
#ifdef BLKGETDISKSEQ
	if (ioctl(fd, BLKGETDISKSEQ, &s) != 0)
		s = 0;
#endif
	*seq = s ? s : wipe_diskseq(name);
}

enum wipe_refusal wipe_identity_verify(const struct wipe_target *t, int idx, int n, struct reco_err *e)
{
	if (!expect.nserial && !expect.nseq)
		return WIPE_OK;
	if ((expect.nserial && expect.nserial != n) || (expect.nseq && expect.nseq != n)) {
		reco_err_set(e, -EINVAL,
			     _("%s: %d --expect-serial and %d --expect-diskseq for %d targets: give one of each per target, in order"),
			     t->path, expect.nserial, expect.nseq, n);
		return WIPE_REF_KIND;
	}
	char serial[128] = "";
	uint64_t seq = 0;
	if (t->fd >= 0)
		read_now(t->fd, serial, sizeof(serial), &seq);
	if (expect.nserial && strcmp(serial, expect.serial[idx]) != 0) {
		reco_err_set(e, -ESTALE,
			     _("%s: is not the disk that was confirmed: serial %s, expected %s (a disk was plugged, removed or renamed)"),
			     t->path, *serial ? serial : _("(none)"),
			     *expect.serial[idx] ? expect.serial[idx] : _("(none)"));
		return WIPE_REF_IDENTITY;
	}
	if (expect.nseq && seq != expect.diskseq[idx]) {
		if (!seq)
			reco_err_set(e, -ESTALE, _("%s: the kernel gives no disk sequence number to compare with %llu"),
				     t->path, (unsigned long long)expect.diskseq[idx]);
		else
			reco_err_set(e, -ESTALE,
				     _("%s: is not the disk that was confirmed: disk sequence %llu, expected %llu (the disk was attached again since)"),
				     t->path, (unsigned long long)seq, (unsigned long long)expect.diskseq[idx]);
		return WIPE_REF_IDENTITY;
	}
	return WIPE_OK;
}

/* The value of key in a "k=v k=v" record, "" when absent. */
static void field(const char *line, const char *key, char *out, size_t size)
{
	size_t kl = strlen(key);
	out[0] = '\0';
	for (const char *p = line; *p;) {
		while (*p == ' ' || *p == '\t')
			p++;
		size_t wl = strcspn(p, " \t");
		if (wl > kl && !strncmp(p, key, kl) && p[kl] == '=') {
			size_t vl = wl - kl - 1;
			if (vl >= size)
				vl = size - 1;
			memcpy(out, p + kl + 1, vl);
			out[vl] = '\0';
			return;
		}
		p += wl;
	}
}

int wipe_identity_protected(dev_t dev, const char *name, char *why, size_t size)
{
	const char *f = getenv("RECO_WIPE_BOOT_DEVICE_FILE");
	if (!f || !*f)
		f = WIPE_BOOT_DEVICE_FILE;
	char *data = NULL;
	size_t len;
	if (reco_read_file("", f, &data, &len, 1 << 20) != 0)
		return 0;
	struct wipe_target cur;
	memset(&cur, 0, sizeof(cur));
	wipe_target_sysfs_identity(&cur, name);
	uint64_t seq = wipe_diskseq(name);
	int hit = 0;
	char *save = NULL;
	for (char *line = strtok_r(data, "\n", &save); line && !hit; line = strtok_r(NULL, "\n", &save)) {
		char devs[32], serial[128], sq[32], role[32];
		field(line, "dev", devs, sizeof(devs));
		if (!*devs)
			continue; /* a plain path: the legacy form, safety.c reads it */
		field(line, "serial", serial, sizeof(serial));
		field(line, "diskseq", sq, sizeof(sq));
		field(line, "role", role, sizeof(role));
		unsigned ma, mi;
		uint64_t rseq = strtoull(sq, NULL, 10);
		int same_dev = sscanf(devs, "%u:%u", &ma, &mi) == 2 && makedev(ma, mi) == dev &&
			       (!rseq || !seq || rseq == seq);
		int same_serial = *serial && *cur.serial && !strcmp(serial, cur.serial);
		if (!same_dev && !same_serial)
			continue;
		hit = 1;
		if (!strcmp(role, "data-stick"))
			snprintf(why, size, _("is the reco data stick (recorded in %s: serial %s)"), f,
				 *serial ? serial : "-");
		else
			snprintf(why, size, _("is the reco boot medium (recorded in %s: serial %s)"), f,
				 *serial ? serial : "-");
	}
	free(data);
	return hit;
}

const char *wipe_disk_role(const struct wipe_target *t, enum wipe_refusal ref)
{
	if (ref == WIPE_REF_BOOT)
		return "boot-medium";
	if (ref == WIPE_REF_SYSTEM)
		return "live-system";
	const char *name = t->is_partition ? t->parent : t->name;
	char p[PATH_MAX], v[16];
	int removable = 0, optical = 0;
	snprintf(p, sizeof(p), "/sys/block/%s/removable", name);
	if (reco_read_str("", p, v, sizeof(v)) == 0)
		removable = atoi(v) != 0;
	snprintf(p, sizeof(p), "/sys/block/%s/device/type", name);
	if (reco_read_str("", p, v, sizeof(v)) == 0)
		optical = atoi(v) == 5;
	const char *role = reco_disk_role(name, t->transport, removable, optical);
	/* a loop device that holds something mounted is the live system's
	 * (the squashfs of the live image) */
	if (!strcmp(role, "virtual") && ref == WIPE_REF_MOUNTED)
		return "live-system";
	return role;
}

void wipe_identity_usage(void)
{
	fputs(_("\nIdentity (what the person confirmed, checked again once the disk is held\n"
		"open; the k-th of each option belongs to the k-th target):\n"
		"      --expect-serial S    its serial number (\"\" for a disk without one)\n"
		"      --expect-diskseq N   the kernel's disk sequence number (a disk plugged\n"
		"                           or attached again gets a new one)\n"), stdout);
}
