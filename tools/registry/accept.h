/*
 * accept.h — a coordinator's word for a disk that was not wiped
 * (accept.c): the event, what it changes in the registry (coverage,
 * state, allocation), the command, the web action and the device page's
 * section.  Kept apart from the rest of the registry on purpose.
 */
#ifndef RECO_REGISTRY_ACCEPT_H
#define RECO_REGISTRY_ACCEPT_H

#include "registry.h"

struct registry_control;
struct web_req;

/* Records that a coordinator (r->actor) accepts `disk` (a serial, or the
 * path of a disk without one) of the device's latest report as not erased,
 * with a reason code (notes.c) and an optional note: an event
 * "disk_accept", detail "<sha256> disk=<disk> reason=<code>", the note in
 * `notes`.  When every disk that report leaves unerased is then accepted
 * and the device is tested, it moves to wiped.  *left (may be NULL) gets how
 * many disks are still neither erased nor accepted.  -EINVAL without a
 * reason or with an unknown one, -ENOENT unknown device or no report,
 * -EPERM a disk the report does not leave unerased, -EEXIST already
 * accepted. */
int reg_disk_accept(struct registry *r, const char *device, const char *disk, const char *code, const char *note,
		    int *left, struct reco_err *e);

/* 1 when the report (sha, its body) leaves at least one disk unerased and
 * every such disk was accepted for that very report; 0 when not; -errno. */
int reg_coverage_accepted(struct registry *r, const char *device_id, const char *sha, const char *body,
			  struct reco_err *e);

/* What coordinators allowed for report sha of device dev, for the handover
 * attestation: a line per disk accepted as not erased (the "disk_accept"
 * events above) and one for an override of an incomplete diagnosis
 * ("diag_override", reg_diag_override), each with its reason in words,
 * joined by newlines into *text (malloc'd, "" when none); *disks gets how
 * many disks were accepted.  0, or -errno with e set. */
int reg_handover_exceptions(struct registry *r, const char *dev, const char *sha, char **text, int *disks,
			    struct reco_err *e);

/* accept-disk DEVICE DISK --reason CODE [--note TEXT] */
int cmd_accept_disk(struct registry_control *ctl, int argc, char **argv);
/* POST /device/accept-disk (id, disk, reason, note): coordinators only. */
void action_accept_disk(struct web_req *q);
/* The device page's "Disks not erased" section for the latest report of
 * device_id (nothing when every disk was erased); a coordinator gets a form
 * per disk not accepted yet. */
void page_device_coverage(struct web_req *q, const char *device_id);

#endif
