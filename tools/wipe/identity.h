/*
 * identity.h — who a wipe target really is (identity.c): the identity the
 * person confirmed, checked again once the device is held open; the devices
 * the live image protects by identity (boot medium, data stick); the role a
 * disk plays for `reco wipe --list`.
 */
#ifndef RECO_WIPE_IDENTITY_H
#define RECO_WIPE_IDENTITY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "wipe.h"

/* The disk held open is not the one confirmed: exit 1, like every refusal
 * that protects a disk (main.c's refusal_exit maps unknown classes to 1). */
#define WIPE_REF_IDENTITY ((enum wipe_refusal)64)

/* Records one --expect-serial (kind 's') or --expect-diskseq (kind 'q')
 * value; the k-th of each kind belongs to the k-th target.  0, or -EINVAL
 * for a diskseq that is not a positive integer. */
int wipe_expect_add(int kind, const char *value);

/* After target t (index idx of n targets) was opened: when expectations
 * were given, its serial and diskseq, read again through the open file
 * descriptor, must be the ones expected.  WIPE_OK, WIPE_REF_KIND when the
 * number of expectations does not match the targets (usage), or
 * WIPE_REF_IDENTITY with e->msg naming what differs. */
enum wipe_refusal wipe_identity_verify(const struct wipe_target *t, int idx, int n, struct reco_err *e);

/* The kernel's sequence number of whole disk `name` (/sys/block/NAME/diskseq,
 * Linux 5.15+), 0 when unknown.  A disk plugged again, or a loop device
 * attached again, gets a new one. */
uint64_t wipe_diskseq(const char *name);

/* 1 when the whole disk (dev_t `dev`, sysfs name `name`) is one of the
 * devices recorded at boot in $RECO_WIPE_BOOT_DEVICE_FILE (default
 * /run/reco/boot-device), lines "dev=M:m serial=S diskseq=N role=R" (the
 * legacy form, a plain path, is safety.c's): the same dev_t and diskseq, or
 * the same serial (the stick plugged again).  why gets the reason. */
int wipe_identity_protected(dev_t dev, const char *name, char *why, size_t size);

/* The role of a listed disk: boot-medium, live-system, removable, virtual
 * or internal (see reco_disk_role), from its identity and its refusal. */
const char *wipe_disk_role(const struct wipe_target *t, enum wipe_refusal ref);

/* Prints the help of the identity options (reco wipe --help). */
void wipe_identity_usage(void);

#endif
