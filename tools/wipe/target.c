/*
 * target.c — what a wipe target is: kind (block device or regular file),
 * size and sector sizes (BLKGETSIZE64, BLKSSZGET, BLKPBSZGET, BLKROGET),
 * identity (sysfs, then the udev database /run/udev/data/bM:m for the
 * serial and WWN of SATA/SCSI disks), and how it is opened (O_EXCL,
 * O_DIRECT, falling back to buffered I/O where O_DIRECT is refused, e.g.
 * files on tmpfs).
 */
#include "wipe.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/disk.h"
#include "lib/sysroot.h"
#include "lib/util.h"

static void read_sys(const char *dir, const char *file, char *buf, size_t size)
{
	char p[PATH_MAX + 64];
	snprintf(p, sizeof(p), "%s/%s", dir, file);
	if (reco_read_str("", p, buf, size) != 0)
		buf[0] = '\0';
	reco_strtrim(buf);
}

static void udev_prop(dev_t dev, const char *key, char *buf, size_t size)
{
	char p[128], *data = NULL;
	size_t len;
	snprintf(p, sizeof(p), "/run/udev/data/b%u:%u", major(dev), minor(dev));
	if (reco_read_file("", p, &data, &len, 1 << 20) != 0)
		return;
	size_t kl = strlen(key);
	for (char *line = data; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (!strncmp(line, "E:", 2) && !strncmp(line + 2, key, kl) && line[2 + kl] == '=') {
			snprintf(buf, size, "%s", line + 3 + kl);
			break;
		}
		line = nl ? nl + 1 : NULL;
	}
	free(data);
}

void wipe_target_sysfs_identity(struct wipe_target *t, const char *name)
{
	char dir[PATH_MAX], real[PATH_MAX], devno[32], vendor[64] = "";
	snprintf(dir, sizeof(dir), "/sys/block/%s", name);
	read_sys(dir, "device/model", t->model, sizeof(t->model));
	read_sys(dir, "device/vendor", vendor, sizeof(vendor));
	snprintf(t->vendor, sizeof(t->vendor), "%.31s", vendor);
	if (*vendor && strcmp(vendor, "ATA") && strncmp(vendor, "0x", 2) && !strstr(t->model, vendor)) {
		char m[sizeof(t->model) + sizeof(vendor) + 2];
		snprintf(m, sizeof(m), "%s %s", vendor, t->model);
		snprintf(t->model, sizeof(t->model), "%.127s", m);
	}
	if (reco_disk_serial("", name, t->serial, sizeof(t->serial)) != 0)
		t->serial[0] = '\0';
	read_sys(dir, "device/wwid", t->wwn, sizeof(t->wwn));
	read_sys(dir, "dev", devno, sizeof(devno));
	unsigned ma, mi;
	if (sscanf(devno, "%u:%u", &ma, &mi) == 2) {
		dev_t d = makedev(ma, mi);
		if (!*t->serial)
			udev_prop(d, "ID_SERIAL_SHORT", t->serial, sizeof(t->serial));
		if (!*t->wwn)
			udev_prop(d, "ID_WWN", t->wwn, sizeof(t->wwn));
		if (!*t->model)
			udev_prop(d, "ID_MODEL", t->model, sizeof(t->model));
	}
	char v[32];
	read_sys(dir, "queue/rotational", v, sizeof(v));
	t->rotational = atoi(v);
	read_sys(dir, "queue/discard_max_bytes", v, sizeof(v));
	t->discard = strtoull(v, NULL, 10) > 0;
	read_sys(dir, "ro", v, sizeof(v));
	if (atoi(v))
		t->readonly = 1;

	if (!realpath(dir, real))
		real[0] = '\0';
	const char *tr = reco_disk_transport(name, real);
	if (!strcmp(tr, "loop") && !*t->model) {
		char bf[PATH_MAX - 16];
		read_sys(dir, "loop/backing_file", bf, sizeof(bf));
		snprintf(t->model, sizeof(t->model), "loop: %.120s", bf);
	}
	snprintf(t->transport, sizeof(t->transport), "%s", tr);
}

enum wipe_refusal wipe_target_identify(const char *path, struct wipe_target *t, struct reco_err *e)
{
	struct stat st;
	memset(t, 0, sizeof(*t));
	t->fd = -1;
	snprintf(t->path, sizeof(t->path), "%s", path);
	if (stat(path, &st) != 0) {
		int err = errno;
		reco_err_set(e, -err, "%s: %s", path,
			     err == ENOENT ? _("no such file or directory") : strerror(err));
		return err == ENOENT || err == ENOTDIR ? WIPE_REF_MISSING : WIPE_REF_ACCESS;
	}
	if (S_ISDIR(st.st_mode)) {
		reco_err_set(e, -EISDIR, _("%s: is a directory, not a disk or an image file"), path);
		return WIPE_REF_KIND;
	}
	if (S_ISCHR(st.st_mode)) {
		reco_err_set(e, -ENOTBLK, _("%s: is a character device, not a disk or an image file"), path);
		return WIPE_REF_KIND;
	}
	if (S_ISREG(st.st_mode)) {
		t->kind = WIPE_KIND_FILE;
		char tmp[PATH_MAX];
		snprintf(tmp, sizeof(tmp), "%s", path);
		snprintf(t->name, sizeof(t->name), "%s", basename(tmp));
		t->size = (uint64_t)st.st_size;
		t->lss = 512;
		t->pss = st.st_blksize >= 512 ? (unsigned)st.st_blksize : 512;
		snprintf(t->transport, sizeof(t->transport), "file");
		if (t->size < 512 || t->size % 512) {
			reco_err_set(e, -EINVAL,
				     _("%s: the file size (%llu bytes) is not a positive multiple of 512"),
				     path, (unsigned long long)t->size);
			return WIPE_REF_KIND;
		}
		return WIPE_OK;
	}
	if (!S_ISBLK(st.st_mode)) {
		reco_err_set(e, -EINVAL, _("%s: is not a block device or a regular file"), path);
		return WIPE_REF_KIND;
	}
	t->kind = WIPE_KIND_BLOCK;
	t->rdev = st.st_rdev;
	snprintf(t->sysdir, sizeof(t->sysdir), "/sys/dev/block/%u:%u", major(st.st_rdev),
		 minor(st.st_rdev));
	char real[PATH_MAX], tmp[PATH_MAX];
	if (!realpath(t->sysdir, real)) {
		reco_err_set(e, -errno, _("%s: not known to the kernel (%s)"), path, t->sysdir);
		return WIPE_REF_MISSING;
	}
	snprintf(tmp, sizeof(tmp), "%s", real);
	snprintf(t->name, sizeof(t->name), "%s", basename(tmp));
	char pfile[PATH_MAX + 16];
	snprintf(pfile, sizeof(pfile), "%s/partition", real);
	if (access(pfile, F_OK) == 0) {
		t->is_partition = 1;
		snprintf(tmp, sizeof(tmp), "%s", real);
		snprintf(t->parent, sizeof(t->parent), "%s", basename(dirname(tmp)));
	}
	wipe_target_sysfs_identity(t, t->is_partition ? t->parent : t->name);

	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		int err = errno;
		reco_err_set(e, -err, "%s: %s", path, strerror(err));
		return err == ENOENT || err == ENXIO || err == ENODEV ? WIPE_REF_MISSING : WIPE_REF_ACCESS;
	}
	int ro = 0, lss = 512;
	unsigned pss = 512;
	uint64_t size = 0;
	if (ioctl(fd, BLKGETSIZE64, &size) != 0 || ioctl(fd, BLKSSZGET, &lss) != 0) {
		int err = errno;
		close(fd);
		reco_err_set(e, -err, "%s: %s", path, strerror(err));
		return WIPE_REF_ACCESS;
	}
	if (ioctl(fd, BLKPBSZGET, &pss) != 0)
		pss = (unsigned)lss;
	if (ioctl(fd, BLKROGET, &ro) == 0 && ro)
		t->readonly = 1;
	close(fd);
	t->size = size;
	t->lss = (unsigned)lss;
	t->pss = pss;
	if (!size) {
		reco_err_set(e, -ENOMEDIUM, _("%s: has a size of 0 (no medium, or a loop device with nothing attached)"),
			     path);
		return WIPE_REF_MISSING;
	}
	return WIPE_OK;
}

enum wipe_refusal wipe_target_open(struct wipe_target *t, int force, int readonly, struct reco_err *e)
{
	if (t->readonly && !readonly) {
		reco_err_set(e, -EROFS, _("%s: device is read-only"), t->path);
		return WIPE_REF_READONLY;
	}
	int flags = (readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC;
	if (t->kind == WIPE_KIND_BLOCK && !force)
		flags |= O_EXCL;
	t->direct = 1;
	int fd = open(t->path, flags | O_DIRECT);
	if (fd < 0 && errno == EINVAL) {
		t->direct = 0; /* tmpfs and some FUSE filesystems refuse O_DIRECT */
		fd = open(t->path, flags);
	}
	if (fd < 0) {
		int err = errno;
		if (err == EBUSY) {
			reco_err_set(e, -err, _("%s: device is in use by another process (exclusive open failed: %s)"),
				     t->path, strerror(err));
			return WIPE_REF_BUSY;
		}
		if (err == EROFS || (err == EACCES && t->kind == WIPE_KIND_BLOCK && geteuid() == 0)) {
			reco_err_set(e, -err, t->kind == WIPE_KIND_FILE ? _("%s: file is read-only")
									 : _("%s: device is read-only"),
				     t->path);
			return WIPE_REF_READONLY;
		}
		reco_err_set(e, -err, "%s: %s", t->path, strerror(err));
		return err == ENOENT || err == ENXIO ? WIPE_REF_MISSING : WIPE_REF_ACCESS;
	}
	t->excl = !(flags & O_EXCL) ? 0 : 1;
	if (t->kind == WIPE_KIND_FILE) {
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			int err = errno;
			close(fd);
			reco_err_set(e, -err, _("%s: file is in use by another process (locked)"), t->path);
			return WIPE_REF_BUSY;
		}
		t->excl = 1;
	}
	t->fd = fd;
	return WIPE_OK;
}

void wipe_target_close(struct wipe_target *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}
