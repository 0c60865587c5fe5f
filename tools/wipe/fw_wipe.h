/*
 * fw_wipe.h — how the wipe engine runs firmware methods (fw_wipe.c), and
 * what it records of them in wipe.json.
 */
#ifndef RECO_WIPE_FW_WIPE_H
#define RECO_WIPE_FW_WIPE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "fw.h"

struct wipe_job;
struct wipe_hpa;
struct wipe_target;
struct fw_transport;
struct fw_sim_drive;

struct wipe_fw_outcome {
	_Atomic int stage;      /* 0 sampling before, 1 the command, 2 re-reading */
	char method[40];
	char command[256];      /* exact command and parameters */
	char status[24];
	char fw_reason[512];
	char remedy[512];
	char simulated[64];     /* $RECO_WIPE_SIMULATE spec when simulated */
	char error[512];        /* what kept the method from running or being checked (translated) */
	char previous[256];     /* a sanitize found running at start, and how it ended */
	char ata_password[40];  /* the temporary ATA password of this run; wiped once cleared */
	_Atomic int password_state; /* enum fw_password */
	uint64_t planned_units; /* units of the sample plan */
	int expect_byte;        /* content the command defines (every byte); -1: none */
	uint64_t sampled_units, changed_units, unchanged_units, wrong_content_units, inconclusive_units;
};

/* The transport for a target: the simulated drive when $RECO_WIPE_SIMULATE
 * is set (tests), libnvme for NVMe, SG_IO for SATA/SAS/SCSI.  0 or -ENOTSUP. */
int fw_target_transport(struct wipe_target *t, struct fw_transport *tr, struct fw_sim_drive *sim);

/* The media type of t for the classification: removable flash behind USB
 * or a card reader, HDD or SSD from the kernel's rotational flag (the
 * simulated drive's own), unknown for image files. */
enum fw_media fw_target_media(struct wipe_target *t);

/* --method auto: the --method name to use on t ("random" when no purge
 * method is usable), and why, in English. */
const char *fw_auto_choose(struct wipe_target *t, char *why, size_t size);

/* hidden.c — ATA hidden areas (HPA, AMAC, DCO).  wipe_hidden_probe only
 * reads (before the confirmation): job->res.hpa says whether the disk may be
 * ATA, whether the native max and the DCO could be read and what they
 * hide, or why they were not checked.  wipe_hidden_apply changes the drive
 * (after the confirmation): --restore-dco, then --remove-hpa, then makes
 * the kernel re-read the capacity and updates job->t.size.  Disks that
 * cannot be ATA: nothing (job->res.hpa.ata stays 0). */
void wipe_hidden_probe(struct wipe_job *job);
void wipe_hidden_apply(struct wipe_job *job, int remove_hpa, int restore_dco);
/* Sectors a checked HPA / DCO still hides (0 when none or not checked). */
uint64_t wipe_hidden_hpa(const struct wipe_hpa *h);
uint64_t wipe_hidden_dco(const struct wipe_hpa *h);
json_t *fw_hpa_json(const struct wipe_hpa *h);

/* The run() of every firmware entry of the method table: sample, command,
 * re-read; records what happened in job->res.fw (allocated here) and the bytes
 * read back in job->res.bytes_verified; wipe_decide() decides from them. */
int fw_job_run(struct wipe_job *job);

/* The "firmware" object of a wipe.json target. */
json_t *fw_outcome_json(const struct wipe_fw_outcome *o);

#endif
