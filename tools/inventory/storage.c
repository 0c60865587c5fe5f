/*
 * storage.c — the storage section: every disk in /sys/block.
 *
 * Identity from sysfs (Documentation/ABI/testing/sysfs-block, the SCSI,
 * NVMe, virtio and MMC device attributes), completed by udev's database
 * (/run/udev/data/b<major>:<minor>, "E:KEY=value" lines) when present;
 * partition table and filesystems from libblkid probing the /dev node;
 * SMART through smartctl (smart.c).  Partitions, loop, ram, zram, dm, md
 * and nbd devices are not disks here unless --all-disks.
 */
#include <blkid.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/disk.h"
#include "lib/json.h"
#include "lib/sysroot.h"
#include "lib/util.h"
#include "inventory.h"

static const char *const virtual_prefixes[] = { "loop", "ram", "zram", "dm-", "md", "nbd", "fd" };

const char *inv_transport_from_path(const char *p)
{
	return reco_disk_transport(NULL, p);
}

/* The value of "E:key=" in a udev database file, or 0 / -ENOENT. */
static int udev_prop(const char *db, const char *key, char *out, size_t size)
{
	if (!db)
		return -ENOENT;
	size_t kl = strlen(key);
	for (const char *l = db; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (l[0] == 'E' && l[1] == ':' && !strncmp(l + 2, key, kl) && l[2 + kl] == '=') {
			const char *v = l + 3 + kl;
			size_t n = strcspn(v, "\n");
			if (n >= size)
				n = size - 1;
			memcpy(out, v, n);
			out[n] = '\0';
			return n ? 0 : -ENOENT;
		}
	}
	return -ENOENT;
}

static void put_udev(json_t *obj, const char *key, const char *db, const char *prop)
{
	char v[256];
	if (!json_object_get(obj, key) && udev_prop(db, prop, v, sizeof(v)) == 0)
		reco_json_set_str(obj, key, v);
}

/* The udev database text for a block device ("/sys/block/sda" or a partition
 * directory), NULL if absent. */
static char *udev_db(struct inv_ctx *ctx, const char *sysdir)
{
	char p[PATH_MAX], dev[32];
	if (inv_path(p, sizeof(p), "%s/dev", sysdir) || reco_read_str(ctx->root, p, dev, sizeof(dev)))
		return NULL;
	char *text = NULL;
	if (inv_path(p, sizeof(p), "/run/udev/data/b%s", dev) ||
	    reco_read_file(ctx->root, p, &text, NULL, 1 << 20))
		return NULL;
	return text;
}

/* Serial number from a SCSI VPD page 0x80; a refused read is noted. */
static int vpd80_serial(struct inv_ctx *ctx, const char *path, char *out, size_t size)
{
	char *data;
	size_t len;
	int rc = reco_read_file(ctx->root, path, &data, &len, 4096);
	if (rc) {
		if (rc == -EACCES || rc == -EPERM)
			inv_note(ctx, "storage", -rc, N_("%s: permission denied (serial number needs root)"), path);
		return rc;
	}
	rc = reco_vpd80_serial(data, len, out, size);
	free(data);
	return rc;
}

static void put_bool(struct inv_ctx *ctx, json_t *obj, const char *key, const char *path)
{
	unsigned long long v;
	if (inv_read_u64(ctx, "storage", path, &v) == 0)
		json_object_set_new(obj, key, json_boolean(v != 0));
}

static void identity(struct inv_ctx *ctx, json_t *disk, const char *name, const char *transport, const char *db)
{
	char p[PATH_MAX], v[256];
#define SYS(fmt) (inv_path(p, sizeof(p), fmt, name) == 0 ? p : "/nonexistent")
	inv_put_str(ctx, disk, "model", "storage", SYS("/sys/block/%s/device/model"));
	if (!strcmp(transport, "mmc"))
		inv_put_str(ctx, disk, "model", "storage", SYS("/sys/block/%s/device/name"));
	if (inv_read_str(ctx, "storage", SYS("/sys/block/%s/device/vendor"), v, sizeof(v)) == 0 &&
	    strcmp(v, "ATA") && strncmp(v, "0x", 2))
		reco_json_set_str(disk, "vendor", v);
	/* serial: NVMe controller / MMC attribute, virtio, SCSI VPD 0x80, udev */
	inv_put_str(ctx, disk, "serial", "storage", SYS("/sys/block/%s/device/serial"));
	if (!json_object_get(disk, "serial"))
		inv_put_str(ctx, disk, "serial", "storage", SYS("/sys/block/%s/serial"));
	if (!json_object_get(disk, "serial") && vpd80_serial(ctx, SYS("/sys/block/%s/device/vpd_pg80"), v, sizeof(v)) == 0)
		reco_json_set_str(disk, "serial", v);
	/* USB disks: the serial of the USB device above (no udev needed) */
	if (!json_object_get(disk, "serial") && !strcmp(transport, "usb") &&
	    reco_disk_serial(ctx->root, name, v, sizeof(v)) == 0)
		reco_json_set_str(disk, "serial", v);
	put_udev(disk, "serial", db, "ID_SERIAL_SHORT");
	put_udev(disk, "model", db, "ID_MODEL");
	/* WWN */
	inv_put_str(ctx, disk, "wwn", "storage", SYS("/sys/block/%s/wwid"));
	if (!json_object_get(disk, "wwn"))
		inv_put_str(ctx, disk, "wwn", "storage", SYS("/sys/block/%s/device/wwid"));
	put_udev(disk, "wwn", db, "ID_WWN");
	/* firmware */
	inv_put_str(ctx, disk, "firmware_revision", "storage", SYS("/sys/block/%s/device/firmware_rev"));
	if (!json_object_get(disk, "firmware_revision"))
		inv_put_str(ctx, disk, "firmware_revision", "storage", SYS("/sys/block/%s/device/rev"));
	if (!json_object_get(disk, "firmware_revision"))
		inv_put_str(ctx, disk, "firmware_revision", "storage", SYS("/sys/block/%s/device/fwrev"));
	put_udev(disk, "firmware_revision", db, "ID_REVISION");

	unsigned long long sectors, u;
	if (inv_read_u64(ctx, "storage", SYS("/sys/block/%s/size"), &sectors) == 0 && sectors <= (1ULL << 54))
		json_object_set_new(disk, "size_bytes", json_integer((json_int_t)(sectors * 512)));
	if (inv_read_u64(ctx, "storage", SYS("/sys/block/%s/queue/logical_block_size"), &u) == 0)
		json_object_set_new(disk, "logical_sector_size", json_integer((json_int_t)u));
	if (inv_read_u64(ctx, "storage", SYS("/sys/block/%s/queue/physical_block_size"), &u) == 0)
		json_object_set_new(disk, "physical_sector_size", json_integer((json_int_t)u));
	put_bool(ctx, disk, "rotational", SYS("/sys/block/%s/queue/rotational"));
	put_bool(ctx, disk, "removable", SYS("/sys/block/%s/removable"));
	put_bool(ctx, disk, "read_only", SYS("/sys/block/%s/ro"));
	/* SCSI peripheral type 5: CD/DVD drive */
	uint64_t scsi_type;
	if (reco_read_u64(ctx->root, SYS("/sys/block/%s/device/type"), &scsi_type) == 0 && scsi_type == 5)
		json_object_set_new(disk, "optical", json_true());
#undef SYS
}

/* Filesystem type/label/UUID of one /dev node through libblkid. */
static int probe_fs(const char *devnode, json_t *obj)
{
	blkid_probe pr = blkid_new_probe_from_filename(devnode);
	if (!pr)
		return errno ? -errno : -EIO;
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_LABEL | BLKID_SUBLKS_UUID | BLKID_SUBLKS_TYPE);
	blkid_probe_enable_partitions(pr, 0);
	if (blkid_do_safeprobe(pr) == 0) {
		const char *v;
		if (blkid_probe_lookup_value(pr, "TYPE", &v, NULL) == 0)
			reco_json_set_str(obj, "fs_type", v);
		if (blkid_probe_lookup_value(pr, "LABEL", &v, NULL) == 0)
			reco_json_set_str(obj, "label", v);
		if (blkid_probe_lookup_value(pr, "UUID", &v, NULL) == 0)
			reco_json_set_str(obj, "uuid", v);
	}
	blkid_free_probe(pr);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted names of the entries of a directory under the root that pass keep(). */
static char **list_dir(struct inv_ctx *ctx, const char *path, size_t *n, int *err)
{
	DIR *d = reco_opendir(ctx->root, path);
	*n = 0;
	if (!d) {
		*err = -errno;
		return NULL;
	}
	char **names = NULL;
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			char **nn = realloc(names, cap * sizeof(*names));
			if (!nn)
				break;
			names = nn;
		}
		names[(*n)++] = strdup(de->d_name);
	}
	closedir(d);
	if (names)
		qsort(names, *n, sizeof(*names), cmp_str);
	*err = 0;
	return names;
}

static void free_list(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Partitions from sysfs (every /sys/block/X/X* holding a "partition" file),
 * completed by libblkid (when the dev node can be opened) or udev data. */
static void partitions(struct inv_ctx *ctx, json_t *disk, const char *name, const char *db)
{
	char p[PATH_MAX], devnode[PATH_MAX];
	int can_probe = 0;
	blkid_probe pr = NULL;
	blkid_partlist pl = NULL;

	if (inv_path(p, sizeof(p), "/dev/%s", name) == 0 &&
	    reco_path(ctx->root, p, devnode, sizeof(devnode)) == 0 &&
	    (!*ctx->root || reco_exists(ctx->root, p))) {
		errno = 0;
		pr = blkid_new_probe_from_filename(devnode);
		if (!pr) {
			int e = errno ? errno : EIO;
			if (e == EACCES || e == EPERM)
				inv_note(ctx, "storage", e, geteuid() ? N_("%s: permission denied: partitions and filesystems not probed (run as root)")
						  : N_("%s: access refused: partitions and filesystems not probed"), p);
			else if (e != ENOENT && e != ENOMEDIUM)
				inv_note_sys(ctx, "storage", e, N_("%s: cannot probe"), p);
		} else {
			can_probe = 1;
			blkid_probe_enable_partitions(pr, 1);
			blkid_probe_set_partitions_flags(pr, BLKID_PARTS_ENTRY_DETAILS);
			blkid_probe_enable_superblocks(pr, 1);
			blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_LABEL | BLKID_SUBLKS_UUID | BLKID_SUBLKS_TYPE);
			if (blkid_do_safeprobe(pr) == 0) {
				const char *v;
				if (blkid_probe_lookup_value(pr, "PTTYPE", &v, NULL) == 0)
					reco_json_set_str(disk, "partition_table", v);
				if (blkid_probe_lookup_value(pr, "PTUUID", &v, NULL) == 0)
					reco_json_set_str(disk, "partition_table_uuid", v);
				if (blkid_probe_lookup_value(pr, "TYPE", &v, NULL) == 0)
					reco_json_set_str(disk, "fs_type", v); /* filesystem on the whole disk */
				if (blkid_probe_lookup_value(pr, "LABEL", &v, NULL) == 0)
					reco_json_set_str(disk, "label", v);
				if (blkid_probe_lookup_value(pr, "UUID", &v, NULL) == 0)
					reco_json_set_str(disk, "uuid", v);
			}
			pl = blkid_probe_get_partitions(pr);
		}
	}
	put_udev(disk, "partition_table", db, "ID_PART_TABLE_TYPE");
	put_udev(disk, "partition_table_uuid", db, "ID_PART_TABLE_UUID");

	size_t n;
	int err;
	if (inv_path(p, sizeof(p), "/sys/block/%s", name))
		goto out;
	char **names = list_dir(ctx, p, &n, &err);
	json_t *parts = json_array();
	for (size_t i = 0; i < n; i++) {
		char sp[PATH_MAX];
		uint64_t num, start, size;
		if (strncmp(names[i], name, strlen(name)) ||
		    inv_path(sp, sizeof(sp), "/sys/block/%s/%s/partition", name, names[i]) ||
		    reco_read_u64(ctx->root, sp, &num))
			continue;
		json_t *part = json_object();
		json_object_set_new(part, "name", json_string(names[i]));
		char dp[PATH_MAX];
		if (inv_path(dp, sizeof(dp), "/dev/%s", names[i]) == 0)
			json_object_set_new(part, "path", json_string(dp));
		json_object_set_new(part, "number", json_integer((json_int_t)num));
		if (inv_path(sp, sizeof(sp), "/sys/block/%s/%s/start", name, names[i]) == 0 &&
		    reco_read_u64(ctx->root, sp, &start) == 0 && start < (1ULL << 54))
			json_object_set_new(part, "start_bytes", json_integer((json_int_t)(start * 512)));
		if (inv_path(sp, sizeof(sp), "/sys/block/%s/%s/size", name, names[i]) == 0 &&
		    reco_read_u64(ctx->root, sp, &size) == 0 && size < (1ULL << 54))
			json_object_set_new(part, "size_bytes", json_integer((json_int_t)(size * 512)));
		if (pl) {
			int np = blkid_partlist_numof_partitions(pl);
			for (int k = 0; k < np; k++) {
				blkid_partition bp = blkid_partlist_get_partition(pl, k);
				if (!bp || (uint64_t)blkid_partition_get_partno(bp) != num)
					continue;
				const char *t = blkid_partition_get_type_string(bp);
				char hex[8];
				if (!t) {
					snprintf(hex, sizeof(hex), "0x%x", blkid_partition_get_type(bp) & 0xff);
					t = hex;
				}
				reco_json_set_str(part, "part_type", t);
				reco_json_set_str(part, "part_uuid", blkid_partition_get_uuid(bp));
				reco_json_set_str(part, "part_name", blkid_partition_get_name(bp));
			}
		}
		char pnode[PATH_MAX];
		if (can_probe && reco_path(ctx->root, dp, pnode, sizeof(pnode)) == 0 &&
		    (!*ctx->root || reco_exists(ctx->root, dp)))
			probe_fs(pnode, part);
		if (inv_path(sp, sizeof(sp), "/sys/block/%s/%s", name, names[i]) == 0) {
			char *pdb = udev_db(ctx, sp);
			put_udev(part, "fs_type", pdb, "ID_FS_TYPE");
			put_udev(part, "label", pdb, "ID_FS_LABEL");
			put_udev(part, "uuid", pdb, "ID_FS_UUID");
			put_udev(part, "part_type", pdb, "ID_PART_ENTRY_TYPE");
			put_udev(part, "part_uuid", pdb, "ID_PART_ENTRY_UUID");
			put_udev(part, "part_name", pdb, "ID_PART_ENTRY_NAME");
			free(pdb);
		}
		json_array_append_new(parts, part);
	}
	free_list(names, n);
	if (json_array_size(parts))
		json_object_set_new(disk, "partitions", parts);
	else
		json_decref(parts);
out:
	if (pr)
		blkid_free_probe(pr);
}

json_t *inv_storage(struct inv_ctx *ctx)
{
	size_t n;
	int err;
	char **names = list_dir(ctx, "/sys/block", &n, &err);
	if (!names && err) {
		inv_note_sys(ctx, "storage", -err, "%s", "/sys/block");
		return NULL;
	}
	if (!ctx->no_smart && *ctx->root && n > 0)
		inv_note(ctx, "storage", 0, N_("SMART not read: the disks of a captured tree (--root) are not attached here"));
	json_t *disks = json_array();
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i];
		int skip = 0;
		for (size_t k = 0; k < sizeof(virtual_prefixes) / sizeof(*virtual_prefixes); k++)
			if (!strncmp(name, virtual_prefixes[k], strlen(virtual_prefixes[k])))
				skip = 1;
		char p[PATH_MAX], devpath[PATH_MAX];
		uint64_t hidden = 0;
		/* NVMe multipath paths (nvme0c0n1) are hidden: the namespace is the disk */
		if (inv_path(p, sizeof(p), "/sys/block/%s/hidden", name) == 0 &&
		    reco_read_u64(ctx->root, p, &hidden) == 0 && hidden)
			skip = 1;
		if (skip && !ctx->all_disks)
			continue;
		json_t *disk = json_object();
		json_object_set_new(disk, "name", json_string(name));
		if (inv_path(p, sizeof(p), "/dev/%s", name) == 0)
			json_object_set_new(disk, "path", json_string(p));
		const char *transport = "unknown";
		if (inv_path(p, sizeof(p), "/sys/block/%s", name) == 0 &&
		    inv_resolve(ctx->root, p, devpath, sizeof(devpath)) == 0)
			transport = inv_transport_from_path(devpath);
		if (!strcmp(transport, "unknown") && skip)
			transport = !strncmp(name, "loop", 4) ? "loop" : "unknown";
		json_object_set_new(disk, "transport", json_string(transport));
		char *db = udev_db(ctx, p);
		identity(ctx, disk, name, transport, db);
		partitions(ctx, disk, name, db);
		free(db);
		if (!ctx->no_smart && !*ctx->root && !skip && !json_is_true(json_object_get(disk, "optical"))) {
			char dev[PATH_MAX];
			if (inv_path(dev, sizeof(dev), "/dev/%s", name) == 0)
				inv_smart_attach(ctx, disk, dev);
			/* fill identity gaps from smartctl */
			json_t *raw = json_object_get(json_object_get(disk, "smart"), "raw");
			const char *sv = json_string_value(json_object_get(raw, "serial_number"));
			if (sv && !json_object_get(disk, "serial"))
				reco_json_set_str(disk, "serial", sv);
			const char *fw = json_string_value(json_object_get(raw, "firmware_version"));
			if (fw && !json_object_get(disk, "firmware_revision"))
				reco_json_set_str(disk, "firmware_revision", fw);
		}
		json_array_append_new(disks, disk);
	}
	free_list(names, n);
	return disks;
}
