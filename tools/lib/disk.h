/*
 * disk.h — identity of a block device from sysfs, shared by inventory and
 * wipe (which must agree on what a disk is): its bus and its serial number,
 * without udev (the test VM and early boot have none).
 */
#ifndef RECO_DISK_H
#define RECO_DISK_H

#include <stddef.h>

/* The bus of block device `name` from its resolved sysfs device path
 * (e.g. "/sys/devices/pci0000:00/.../host0/target0:0:0/0:0:0:0/block/sda"):
 * usb, nvme, mmc, sata, sas, scsi, virtio, loop, or unknown.  Order matters:
 * a SCSI disk behind virtio-scsi is "scsi", a virtio-blk disk is "virtio". */
const char *reco_disk_transport(const char *name, const char *syspath);

/* Serial number of a SCSI VPD page 0x80 (Unit Serial Number) blob: 4-byte
 * header, byte 3 = length, then ASCII.  0 or -ENOENT. */
int reco_vpd80_serial(const char *data, size_t len, char *out, size_t size);

/* Serial number of block device `name` under root, from the first of:
 * device/serial (NVMe, MMC, some SCSI), /sys/block/NAME/serial (virtio-blk),
 * device/vpd_pg80 (SCSI, SATA behind libata), the serial of the USB device
 * above it.  0, -ENOENT when none, -EACCES when only a root-readable source
 * exists (vpd_pg80). */
int reco_disk_serial(const char *root, const char *name, char *out, size_t size);

/* What a disk is to the machine being refurbished, from what sysfs says of
 * it: "virtual" (loop, ram, zram, dm, md, nbd: the live system's own or a
 * test's), "removable" (USB-attached, or the kernel's removable flag: a stick
 * or a card the volunteer plugged in), else "internal" (the machine's own
 * disk, which must be wiped).  Optical drives are "removable".  The wipe list
 * adds "boot-medium" and "live-system" from its own checks; inventory,
 * report coverage and registry share this rule, so they agree. */
const char *reco_disk_role(const char *name, const char *transport, int removable, int optical);

#endif
