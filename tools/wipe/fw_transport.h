/*
 * fw_transport.h — constructors for the transports behind struct
 * fw_transport (fw.h): the real ones (fw_transport.c) and the simulated
 * drive used by the tests (fw_sim.c).
 */
#ifndef RECO_WIPE_FW_TRANSPORT_H
#define RECO_WIPE_FW_TRANSPORT_H

#include <stddef.h>
#include <stdint.h>

#include "fw.h"

/* One CDB through SG_IO (or the simulated drive): 0 when the command was
 * carried, with the SCSI status in *status (0 GOOD, 2 CHECK CONDITION),
 * sense data and the residue (bytes not transferred); -ETIMEDOUT or -errno
 * when it was not. */
typedef int (*fw_sg_fn)(void *ctx, const uint8_t *cdb, size_t cdb_len, enum fw_dir dir, void *buf, size_t len,
			uint8_t *sense, size_t *sense_len, unsigned timeout_s, int *status, int *resid);

/* An ATA command through the SCSI/ATA Translation layer: ATA PASS-THROUGH
 * (16), the returned registers parsed from descriptor or fixed sense
 * (fw_ata_parse_sense), a data transfer checked whole (residue 0).  0;
 * -EIO when the drive aborted it; -EPROTONOSUPPORT when the bridge refused the
 * CDB (ILLEGAL REQUEST); other -errno. */
int fw_sat_ata(fw_sg_fn sg, void *ctx, struct fw_ata_tf *tf, int ext, enum fw_dir dir, void *buf, size_t len,
	       unsigned timeout_s);

/* SG_IO on an open /dev/sdX (ATA through SAT, or SCSI).  fd must outlive t. */
void fw_transport_sg(struct fw_transport *t, int *fd);
/* libnvme admin pass-through on an open /dev/nvmeXnY or /dev/nvmeX. */
void fw_transport_nvme(struct fw_transport *t, int *fd);

/* ---- the simulated drive ---------------------------------------------- */

enum fw_sim_kind { FW_SIM_ATA, FW_SIM_NVME, FW_SIM_SCSI };

/* Knobs: what the drive supports, what state it is in, and how it
 * misbehaves.  Media is a small byte array standing for the user data. */
struct fw_sim_drive {
	enum fw_sim_kind kind;
	uint8_t media[4096];
	uint64_t max_lba, native_max;  /* ATA HPA: sectors */
	uint64_t dco_max;             /* factory capacity (DCO IDENTIFY); 0: native_max */
	uint64_t nv_max;              /* max kept over a power cycle (SET MAX with VV) */
	int amac;                     /* Accessible Max Address Configuration instead of HPA */
	int nohpa;                    /* neither: the native max cannot be read */
	int dco_frozen;               /* DEVICE CONFIGURATION FREEZE LOCK in effect */
	uint16_t last_set_max_count;  /* COUNT of the last SET MAX ADDRESS EXT */
	int rotational;
	/* ATA security */
	int sec_supported, sec_enhanced, sec_enabled, sec_locked, sec_frozen;
	int attempts_left;            /* 5 wrong passwords: count expired */
	char password[33];
	unsigned erase_units;         /* word 89 value (2-minute units) */
	/* ATA / NVMe / SCSI sanitize */
	int san_block, san_crypto, san_overwrite, san_frozen;
	int san_state;                /* 0 idle, 1 running, 2 done, 3 failed */
	unsigned san_polls_needed;    /* status polls before completion */
	unsigned san_polls;
	unsigned san_action;          /* ATA feature / SCSI service action started */
	int san_clearable;            /* the failed sanitize had FAILURE MODE / AUSE set */
	int dlfeat;                   /* NVMe DLFEAT read behaviour: 1 zeros, 2 FFh, 0 undefined */
	int poll_errors;              /* the next N status reads fail (transport errors) */
	int unit_attention;           /* the next REQUEST SENSE during a sanitize reports UNIT ATTENTION 29h/00h */
	int dco;                      /* DCO feature supported */
	int prepared;                 /* SECURITY ERASE PREPARE seen */
	/* NVMe */
	int format_supported, fna_crypto, fna_all_ns, ndi;
	uint32_t last_format_cdw10, last_format_nsid, last_sanitize_cdw10;
	/* When media_fd >= 0, the erase acts on that file or device instead of
	 * media[] (the integration tests wipe image files this way). */
	int media_fd;
	uint64_t media_size;
	/* SAT: ATA commands go through the SCSI/ATA translation (fw_sat_ata),
	 * replies as sense data */
	int sat;
	int sense_fixed;              /* fixed-format sense (70h) instead of descriptor (72h) */
	int sat_refused;              /* a bridge without ATA PASS-THROUGH: ILLEGAL REQUEST */
	int short_identify;           /* IDENTIFY transfers nothing (residue 512) */
	int empty_identify;           /* IDENTIFY "succeeds" without data */
	int log_fd;                   /* >= 0: one line per ATA command (tests) */
	char state_file[256];         /* "": none; else the ATA security state is kept there between runs */
	/* failure injection */
	int lie;                      /* reports success, leaves the media as it was */
	int garbage;                  /* leaves garbage where the command defines zeros */
	int hpa;                      /* a quarter of the media hidden by a Host Protected Area */
	int fail_erase;               /* the erase itself fails */
	int timeout_erase;            /* the erase times out */
	int fail_disable;             /* SECURITY DISABLE PASSWORD aborts */
	int refuse_all;               /* every command aborted (an odd bridge) */
	/* record */
	unsigned commands;
	uint8_t last_ata_command;
	uint16_t last_ata_feature;
	uint64_t last_ata_lba;
	uint8_t last_cdb[16];
};

/* Sets up t to drive d (instant sleeps). */
void fw_transport_sim(struct fw_transport *t, struct fw_sim_drive *d);
/* A power cycle: volatile settings are lost (SET MAX without VV), and a
 * drive with a security password comes up locked. */
void fw_sim_power_cycle(struct fw_sim_drive *d);
/* The ATA security state (enabled, locked, password, attempts) kept in a
 * file between processes ($RECO_WIPE_SIM_STATE, integration tests of
 * --unlock).  Load: 0, or -errno when the file exists but is unreadable. */
int fw_sim_state_load(struct fw_sim_drive *d, const char *file);
void fw_sim_state_save(const struct fw_sim_drive *d);

/* A drive of that kind with sane defaults: 8 sectors of media filled with
 * a non-zero pattern, every feature supported, nothing frozen or locked. */
void fw_sim_init(struct fw_sim_drive *d, enum fw_sim_kind kind);

/* Configures a simulated drive from a spec such as "ata", "nvme,lie",
 * "ata,frozen", "scsi,fail", "ata,hdd" ($RECO_WIPE_SIMULATE, tests only).
 * Words: ata|nvme|scsi, then lie, garbage, hpa, fail, frozen, hdd, nosanitize,
 * nocrypto, nosecurity, fna_all (NVMe Format reaches every namespace), amac
 * (GET NATIVE MAX instead of READ NATIVE MAX), nohpa (neither), dco (a DCO
 * hides an eighth of the factory capacity), sat (ATA through SAT with
 * descriptor sense), fixedsense (SAT, fixed-format sense), bridge (SAT
 * refused, as a USB bridge without pass-through), emptyid (IDENTIFY
 * without data), inprogress (a sanitize is running when reco starts),
 * nodisable (SECURITY DISABLE PASSWORD aborts).
 * 0 or -EINVAL. */
int fw_sim_from_spec(struct fw_sim_drive *d, const char *spec);


#endif
