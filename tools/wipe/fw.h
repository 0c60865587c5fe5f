/*
 * fw.h — firmware sanitize for reco wipe: ATA (SECURITY ERASE UNIT, SANITIZE,
 * HPA/DCO), NVMe (Format NVM, Sanitize) and SCSI (SANITIZE).
 *
 * References:
 *   ATA/ATAPI Command Set (ACS-3/ACS-4): IDENTIFY DEVICE words 59, 60-61,
 *     69, 82-90, 100-103, 128; SECURITY feature set (F1h-F6h); SANITIZE
 *     DEVICE (B4h) with BLOCK ERASE EXT, CRYPTO SCRAMBLE EXT, OVERWRITE EXT,
 *     SANITIZE STATUS EXT; READ NATIVE MAX ADDRESS EXT (27h), SET MAX
 *     ADDRESS EXT (37h); DEVICE CONFIGURATION OVERLAY (B1h).
 *   SCSI/ATA Translation (SAT-3) 12.2.2: ATA PASS-THROUGH (16), opcode 85h.
 *   NVM Express Base 1.4/2.0: Format NVM (80h) CDW10, Sanitize (84h) CDW10,
 *     Identify Controller OACS/FNA/SANICAP, Sanitize Status log page (81h).
 *   SBC-4 4.11 / 5.30: SANITIZE (48h); SPC-5 REQUEST SENSE progress.
 *   NIST SP 800-88 Rev. 2 (September 2025) and IEEE 2883-2022, to which it
 *     defers for techniques per media type: Clear/Purge (fw_select.c).
 *
 * Every device command goes through struct fw_transport, so the procedures
 * run unchanged against a real disk (SG_IO, libnvme: fw_transport.c) or the
 * simulated drive the tests use (fw_sim.c).  Nothing here prints: progress
 * goes through a callback and failures come back as fw_result.reason.
 */
#ifndef RECO_WIPE_FW_H
#define RECO_WIPE_FW_H

#include <stddef.h>
#include <stdint.h>

/* ---- transport ------------------------------------------------------- */

enum fw_dir { FW_DIR_NONE = 0, FW_DIR_IN, FW_DIR_OUT };

/* An ATA taskfile: inputs, and after the command the returned registers
 * (status, error, count, lba) as the ATA Status Return descriptor gives them. */
struct fw_ata_tf {
	uint16_t feature;
	uint16_t count;
	uint64_t lba;     /* 48 bits */
	uint8_t device;
	uint8_t command;
	/* outputs */
	uint8_t status;
	uint8_t error;
	uint16_t out_count;
	uint64_t out_lba;
	int regs;         /* 1: the outputs above came back from the device */
	int lba_truncated;/* 1: fixed-format sense: LBA 47:24 non-zero, not returned */
	int count_truncated; /* 1: fixed-format sense: COUNT 15:8 non-zero, not returned */
};

/* An NVMe admin command (the fields reco uses). */
struct fw_nvme_cmd {
	uint8_t opcode;
	uint32_t nsid;
	uint32_t cdw10, cdw11, cdw12, cdw13, cdw14, cdw15;
};

struct fw_transport {
	void *ctx;
	const char *name; /* "sg", "nvme", "sim" */
	/* 0: command completed; -EIO: the device aborted it (tf status/error
	 * filled); other -errno: transport failure; -ETIMEDOUT. */
	int (*ata)(void *ctx, struct fw_ata_tf *tf, int ext, enum fw_dir dir,
		   void *buf, size_t len, unsigned timeout_s);
	/* 0 or the NVMe status code (> 0), or -errno. */
	int (*nvme_admin)(void *ctx, const struct fw_nvme_cmd *cmd, void *buf, size_t len,
			  unsigned timeout_s, uint32_t *result);
	/* 0: GOOD; 1: CHECK CONDITION (sense filled); -errno otherwise. */
	int (*scsi)(void *ctx, const uint8_t *cdb, size_t cdb_len, enum fw_dir dir,
		    void *buf, size_t len, uint8_t *sense, size_t *sense_len, unsigned timeout_s);
	/* Waits between status polls; the simulated drive makes it instant. */
	void (*sleep_ms)(void *ctx, unsigned ms);
};

/* ---- command encodings (pure; checked byte by byte in tests) ---------- */

enum ata_protocol {
	ATA_PROT_NON_DATA = 3,
	ATA_PROT_PIO_IN = 4,
	ATA_PROT_PIO_OUT = 5,
};

/* Builds the 16-byte ATA PASS-THROUGH (16) CDB for tf (SAT-3 12.2.2).
 * ext: 48-bit command (EXTEND bit); data transfers are in 512-byte blocks
 * counted in the COUNT field; CK_COND is set for non-data commands so the
 * device returns its registers.  Returns 16. */
int fw_ata_pt16_cdb(const struct fw_ata_tf *tf, int ext, enum ata_protocol prot,
		    enum fw_dir dir, uint8_t cdb[16]);

/* Parses the returned ATA registers from sense data into tf's outputs
 * (tf->regs = 1): descriptor format (72h/73h) with the ATA Status Return
 * descriptor (09h), or fixed format (70h/71h) with ASC/ASCQ 00h/1Dh "ATA
 * PASS-THROUGH INFORMATION AVAILABLE" (SAT-3 12.2.2.6: ERROR, STATUS,
 * DEVICE, COUNT 7:0 in INFORMATION; EXTEND, COUNT UPPER NONZERO, LBA UPPER
 * NONZERO and LBA 23:0 in COMMAND-SPECIFIC INFORMATION).  Fixed format
 * cannot carry LBA 47:24 nor COUNT 15:8: when the device says they are
 * not zero, tf->lba_truncated / tf->count_truncated is set.  0 or -EINVAL
 * (no registers in it). */
int fw_ata_parse_sense(const uint8_t *sense, size_t len, struct fw_ata_tf *tf);

enum nvme_ses { NVME_SES_NONE = 0, NVME_SES_USER_DATA = 1, NVME_SES_CRYPTO = 2 };
enum nvme_sanact {
	NVME_SANACT_EXIT_FAILURE = 1,
	NVME_SANACT_BLOCK_ERASE = 2,
	NVME_SANACT_OVERWRITE = 3,
	NVME_SANACT_CRYPTO_ERASE = 4,
};

/* Format NVM CDW10: LBAF (bits 3:0, upper bits 13:12), MSET 4, PI 7:5,
 * PIL 8, SES 11:9. */
uint32_t fw_nvme_format_cdw10(unsigned lbaf, enum nvme_ses ses);
/* Sanitize CDW10: SANACT 2:0, AUSE 3, OWPASS 7:4, OIPBP 8, NDAS 9. */
uint32_t fw_nvme_sanitize_cdw10(enum nvme_sanact act, int ause, unsigned owpass, int oipbp, int ndas);

enum scsi_sanitize_sa {
	SCSI_SANITIZE_OVERWRITE = 0x01,
	SCSI_SANITIZE_BLOCK_ERASE = 0x02,
	SCSI_SANITIZE_CRYPTO_ERASE = 0x03,
	SCSI_SANITIZE_EXIT_FAILURE = 0x1f,
};
/* SANITIZE (48h) 10-byte CDB; param_len is the parameter list length
 * (OVERWRITE only).  Returns 10. */
int fw_scsi_sanitize_cdb(enum scsi_sanitize_sa sa, int immed, int ause, uint16_t param_len,
			 uint8_t cdb[10]);
/* OVERWRITE parameter list with a 4-byte pattern: returns its length (8). */
int fw_scsi_overwrite_params(unsigned count, int invert, uint32_t pattern, uint8_t out[8]);
/* From sense data: sense key, ASC/ASCQ and, when the sense-key-specific
 * field is valid, progress in 1/65536.  Returns 1 if progress was found. */
int fw_scsi_sense_progress(const uint8_t *sense, size_t len, uint8_t *key, uint8_t *asc,
			   uint8_t *ascq, uint32_t *progress);

/* ---- what a drive says it can do ------------------------------------- */

struct ata_identity {
	char model[41], serial[21], firmware[9];
	int rotational;              /* word 217: 1 = non-rotating → 0 */
	uint64_t max_lba;            /* current user-addressable sectors */
	int lba48;
	/* SECURITY feature set (word 82 bit 1, word 128) */
	int sec_supported, sec_enabled, sec_locked, sec_frozen, sec_count_expired;
	int sec_enhanced_supported, sec_master_max;
	unsigned erase_minutes, enhanced_erase_minutes; /* 0: not reported */
	int erase_open, enhanced_erase_open; /* words 89/90 say "longer than the field holds"
						(> 508 min short form, > 65532 min extended): erase_minutes is then a floor */
	/* SANITIZE feature set (word 59 bits 12-15) */
	int sanitize_supported, sanitize_crypto, sanitize_overwrite, sanitize_block;
	int hpa_supported;           /* word 82 bit 10: READ NATIVE MAX / SET MAX */
	int amac_supported;          /* word 119 bit 8: Accessible Max Address Configuration */
	int dco_supported;           /* word 83 bit 11 */
	int trim_supported;          /* word 169 bit 0 */
};

/* Decodes a 512-byte IDENTIFY DEVICE block.  -EINVAL when the checksum
 * (word 255, signature A5h) is wrong. */
int fw_ata_parse_identify(const uint8_t id[512], struct ata_identity *out);

struct nvme_identity {
	char model[41], serial[21], firmware[9];
	int format_supported;        /* OACS bit 1 */
	int fna_all_ns_format, fna_all_ns_erase, fna_crypto;  /* FNA bits 0-2 */
	int san_crypto, san_block, san_overwrite;             /* SANICAP bits 0-2 */
	int san_ndi;                 /* SANICAP bit 29: no-deallocate inhibited */
	unsigned nn;                 /* number of namespaces */
};
int fw_nvme_parse_id_ctrl(const uint8_t id[4096], struct nvme_identity *out);

struct nvme_ns_identity {
	uint64_t nsze;
	unsigned flbas;              /* index of the formatted LBA format */
	unsigned lba_shift;          /* log2 of its block size */
	int dealloc_byte;            /* DLFEAT: a deallocated block reads as 00h or FFh; -1 not said */
};
int fw_nvme_parse_id_ns(const uint8_t id[4096], struct nvme_ns_identity *out);

/* Sanitize Status log page (81h), first 20 bytes. */
struct nvme_sanitize_status {
	uint16_t sprog;              /* progress, /65536 */
	unsigned state;              /* SSTAT 2:0 */
	unsigned passes;             /* SSTAT 7:3 */
	int global_erased;           /* SSTAT bit 8 */
	uint32_t est_overwrite_s, est_block_s, est_crypto_s;
};
enum {
	NVME_SSTAT_NEVER = 0, NVME_SSTAT_DONE = 1, NVME_SSTAT_IN_PROGRESS = 2,
	NVME_SSTAT_FAILED = 3, NVME_SSTAT_DONE_NO_DEALLOC = 4,
};
int fw_nvme_parse_sanitize_log(const uint8_t *log, size_t len, struct nvme_sanitize_status *out);

/* ---- procedures ----------------------------------------------------- */

enum fw_method {
	FW_NONE = 0,
	FW_ATA_SECURE_ERASE,
	FW_ATA_SECURE_ERASE_ENHANCED,
	FW_ATA_SANITIZE_BLOCK,
	FW_ATA_SANITIZE_CRYPTO,
	FW_ATA_SANITIZE_OVERWRITE,
	FW_NVME_FORMAT_USER,       /* SES=1 */
	FW_NVME_FORMAT_CRYPTO,     /* SES=2 */
	FW_NVME_SANITIZE_BLOCK,
	FW_NVME_SANITIZE_CRYPTO,
	FW_NVME_SANITIZE_OVERWRITE,
	FW_SCSI_SANITIZE_BLOCK,
	FW_SCSI_SANITIZE_CRYPTO,
	FW_SCSI_SANITIZE_OVERWRITE,
	FW_METHOD_COUNT
};

/* Static facts about a method (table in fw_select.c). */
struct fw_method_info {
	enum fw_method method;
	const char *name;       /* the --method value, e.g. "nvme-sanitize-crypto" */
	const char *command;    /* the command as the standard names it */
	const char *family;     /* "ata", "nvme", "scsi" */
};
const struct fw_method_info *fw_method_info(enum fw_method m);
/* By --method name; NULL when unknown. */
const struct fw_method_info *fw_method_by_name(const char *name);

enum fw_status {
	FW_OK = 0,
	FW_UNSUPPORTED,     /* the drive does not offer it */
	FW_FROZEN,          /* ATA security frozen / sanitize frozen */
	FW_LOCKED,          /* ATA security locked / password set by someone else */
	FW_REFUSED,         /* the drive aborted the command */
	FW_FAILED,          /* the operation ran and reported failure */
	FW_TIMEOUT,
	FW_IO,              /* transport error */
	FW_PASSWORD_LEFT,   /* erased, but the temporary password could not be cleared */
};

/* What became of the temporary ATA password. */
enum fw_password { FW_PW_NONE = 0, FW_PW_SET, FW_PW_CLEARED, FW_PW_LEFT };

struct fw_result {
	enum fw_status status;
	char command[256];  /* exact command and parameters used */
	char reason[512];   /* English, stable; translated by the caller */
	char remedy[512];   /* what the person can do (frozen, password left...) */
	uint64_t max_lba_before, max_lba_after; /* ATA HPA, 0 when not applicable */
	unsigned polls;
	enum fw_password password;
	int expect_byte;    /* the content the command defines (every byte), -1: none */
	char previous[256]; /* a sanitize found in progress at start, and how it ended ("" none) */
};

/* Status reads that may fail in a row while polling before the outcome is
 * called unknown (a single transient error is not a failure). */
#define FW_POLL_ERRORS 5

/* Progress in 1/65536 of the operation, or one of the events below. */
typedef void (*fw_progress_fn)(void *arg, uint32_t done_65536);
#define FW_PROGRESS_PASSWORD_SET 0xffffffffu /* the drive now has the temporary password */

struct fw_job {
	const struct fw_transport *t;
	enum fw_method method;
	uint32_t nsid;             /* NVMe namespace (Format) */
	unsigned timeout_s;        /* 0: derived from the drive's estimate */
	int ndas;                  /* NVMe sanitize: no-deallocate after sanitize */
	uint32_t overwrite_pattern;
	fw_progress_fn progress;
	void *progress_arg;
	const char *password;      /* ATA temporary password: random per run (required for security erase) */
	/* Called with the password before SECURITY SET PASSWORD; it must have
	 * recorded it where the person can find it (journal, wipe.json): a
	 * non-zero return stops the erase before the drive is touched. */
	int (*before_password)(void *arg, const char *password);
	void *password_arg;
	uint64_t capacity_bytes;   /* the drive's capacity: a floor for erase timeouts (0: from IDENTIFY) */
};

/* Timeout for SECURITY ERASE UNIT from the drive's estimate (IDENTIFY word
 * 89 or 90) and its capacity: 1.5 x the estimate + 10 min, never less
 * than the capacity written at 40 MB/s + 10 min; an open-ended estimate
 * ("longer than 508 minutes") counts from its bound; no estimate: the
 * larger of 12 h and the capacity floor.  Seconds. */
unsigned fw_ata_erase_timeout(unsigned est_minutes, int open_ended, uint64_t capacity_bytes);


/* Runs the method and waits for completion (polling status and reporting
 * progress).  A sanitize already running when it starts (a power cut during
 * an earlier one) is waited for and reported in res->previous, never
 * restarted over.  For ATA security erase: records the password
 * (before_password), sets it as a temporary user password, runs SECURITY
 * ERASE PREPARE + UNIT, and clears the password whatever happens
 * (FW_PASSWORD_LEFT with an unlock recipe in remedy when it cannot). */
void fw_run(const struct fw_job *job, struct fw_result *res);

/* How long a sanitize found running at start is waited for. */
#define FW_PREVIOUS_WAIT_S (24 * 3600)
/* The end of that wait: how the sanitize ended (ended != NULL: noted in
 * r->previous, returns 0), or why reco stopped waiting (its status could
 * not be read, or FW_PREVIOUS_WAIT_S passed: r->status and r->reason set,
 * returns -1).  Shared by the families. */
int fw_previous_end(struct fw_result *r, unsigned polls, const char *ended, int unreadable);

/* Per-family runners behind fw_run (fw_ata.c, fw_nvme.c, fw_scsi.c). */
void fw_ata_run(const struct fw_job *job, struct fw_result *res);
void fw_nvme_run(const struct fw_job *job, struct fw_result *res);
void fw_scsi_run(const struct fw_job *job, struct fw_result *res);

/* ATA hidden capacity: the native max address against the current max, in
 * sectors (hidden = native - current).  The native max comes from GET
 * NATIVE MAX ADDRESS EXT (78h/0000h) when IDENTIFY word 119 bit 8 says the
 * Accessible Max Address Configuration feature set is there (ACS-3 and
 * later), else READ NATIVE MAX ADDRESS EXT (27h) when word 82 bit 10 says
 * the HPA feature set is.  *how names the command used.  0; -ENOTSUP when
 * the drive has neither (the hidden area cannot be checked); -ERANGE when
 * the reply lost the upper LBA bits (fixed-format sense); -EPROTO when the
 * transport returned no registers; other -errno. */
int fw_ata_hpa(const struct fw_transport *t, uint64_t *current_max, uint64_t *native_max, const char **how);
/* Makes the native max addressable, non-volatile (kept over power cycles,
 * as the README says): SET ACCESSIBLE MAX ADDRESS EXT (78h/0001h) on AMAC
 * drives, else READ NATIVE MAX ADDRESS EXT then SET MAX ADDRESS EXT (37h)
 * with COUNT bit 0 (VV, "value volatile": 1 = keep over power-on) set.
 * Checks IDENTIFY afterwards.  0 or -errno. */
int fw_ata_remove_hpa(const struct fw_transport *t, uint64_t native_max);
/* DEVICE CONFIGURATION IDENTIFY: the largest capacity the DCO allows, in
 * sectors (words 3-6 hold the maximum LBA).  0, -ENOTSUP (no DCO), or
 * -errno. */
int fw_ata_dco_max(const struct fw_transport *t, uint64_t *dco_max);
/* DEVICE CONFIGURATION RESTORE (only on explicit request, --restore-dco):
 * the drive is back to its factory capacity.  The drive aborts it while a
 * Host Protected Area is set or the DCO is frozen. */
int fw_ata_dco_restore(const struct fw_transport *t);

int fw_ata_identify(const struct fw_transport *t, struct ata_identity *id);
/* reco wipe --unlock: SECURITY UNLOCK (when locked) then SECURITY DISABLE
 * PASSWORD with the user password, checked with IDENTIFY.  0 (no password
 * left, also when there was none), -EPERM (refused: wrong password, or
 * frozen: see *why), or -errno.  why gets an English explanation. */
int fw_ata_unlock(const struct fw_transport *t, const char *password, char *why, size_t size);
/* SCSI: whether SANITIZE service action sa is supported (REPORT SUPPORTED
 * OPERATION CODES).  1, 0, or -errno. */
int fw_scsi_supports(const struct fw_transport *t, unsigned sa);
int fw_nvme_identify(const struct fw_transport *t, struct nvme_identity *id);

/* ---- --method auto ---------------------------------------------------- */

enum fw_media { MEDIA_HDD, MEDIA_SSD, MEDIA_FLASH_REMOVABLE, MEDIA_UNKNOWN };

/* What is known of a disk when choosing (filled from the identities and the
 * transport: USB bridges and card readers carry no trustworthy commands). */
struct fw_caps {
	const char *transport;   /* "sata", "nvme", "sas", "scsi", "usb", "mmc", ... */
	enum fw_media media;
	const struct ata_identity *ata;   /* NULL unless ATA */
	const struct nvme_identity *nvme; /* NULL unless NVMe */
	int scsi_sanitize_block, scsi_sanitize_crypto, scsi_sanitize_overwrite;
};

struct fw_choice {
	enum fw_method method;     /* FW_NONE: overwrite instead */
	const char *category;      /* "purge" or "clear" */
	char why[512];             /* English, stable */
};

/* The strongest Purge method the drive offers, or FW_NONE with the reason
 * to fall back to a verified cryptographic overwrite (Clear). */
void fw_choose(const struct fw_caps *caps, struct fw_choice *out);

/* The sanitization category of a method on a media type (NIST SP 800-88
 * Rev. 2 / IEEE 2883-2022, the weaker word where they leave doubt: see
 * fw_select.c).  FW_NONE is reco's own overwrite. */
struct fw_class {
	const char *category;   /* "purge" or "clear" */
	const char *technique;  /* "sanitize block erase", "cryptographic erase", "overwrite"... */
	const char *note;       /* what Purge relies on, or why it is only Clear; NULL */
};
void fw_classify(enum fw_method m, enum fw_media media, struct fw_class *out);
const char *fw_media_name(enum fw_media m);

#endif
