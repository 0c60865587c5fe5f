/*
 * coverage.h — every disk of the machine accounted for.
 *
 * The machine's disks are the internal block devices its inventory lists
 * (reco_disk_role() == "internal": not USB, not removable, not optical, not
 * virtual), less the one the station's wipe list recognised by identity as
 * its boot medium or live system (disks.json role "boot-medium" or
 * "live-system": a boot disk on a SATA port looks internal to sysfs).  A machine is wiped only when each of them has a wipe result
 * "erased" in the same report; a disk the wipe refused (busy, read-only,
 * cannot open) or never got is "not-wiped", with the reason the station gave
 * (its disks.json) when there is one.  Disks matched by serial number, else
 * by path and size.  The report's `coverage` section (written by reco report
 * seal), the certificate and the registry all come from this one function.
 */
#ifndef RECO_COVERAGE_H
#define RECO_COVERAGE_H

#include <jansson.h>

/* The coverage section: {"complete": bool, "internal": N, "erased": M,
 * "disks": [{"path","model","serial","size_bytes","transport","result",
 * "reason"?}...] for the machine's disks, "others": [...] for the disks that
 * are not the machine's (role, and result when one was wiped anyway)}.
 * inventory and wipe may be NULL; disks (the menu's disks.json,
 * reco-menu-disks/1) may be NULL.  complete is true only when there is at
 * least one internal disk and every one of them was erased.  New reference,
 * NULL only when out of memory. */
json_t *reco_coverage(const json_t *inventory, const json_t *wipe, const json_t *disks);

/* 1 when doc (a parsed reco-report/1) has every internal disk of its
 * inventory erased (recomputed from inventory and wipe, never trusting a
 * coverage section it may carry), else 0; why (may be NULL) gets the first
 * disk that is not, in English (registry event details are data). */
int reco_coverage_complete(const json_t *report, char *why, size_t size);

#endif
