/*
 * method.c — the method table.  An overwrite method is a list of passes the
 * engine writes (verification follows the last pass); firmware methods
 * (ATA/NVMe/SCSI sanitize, fw_*.c) are entries with their own run().  The
 * category (Clear or Purge) depends on the media, not on the method alone:
 * classify.c and fw_select.c.
 *
 * Sources: DoD 5220.22-M (3-pass short form: 0x00, 0xFF, random), HMG
 * Infosec Standard 5 Enhanced (0x00, 0xFF, random), P. Gutmann, "Secure
 * Deletion of Data from Magnetic and Solid-State Memory", 1996 (35 passes).
 */
#include "wipe.h"

#include <string.h>

#include "fw_wipe.h"
#include "lib/i18n.h"

#define B1(x) { WIPE_PASS_BYTES, { x, 0, 0 }, 1 }
#define B3(a, b, c) { WIPE_PASS_BYTES, { a, b, c }, 3 }
#define RND { WIPE_PASS_RANDOM, { 0, 0, 0 }, 0 }

static const struct wipe_pass_spec p_zero[] = { B1(0x00) };
static const struct wipe_pass_spec p_one[] = { B1(0xff) };
static const struct wipe_pass_spec p_random[] = { RND };
static const struct wipe_pass_spec p_dod3[] = { B1(0x00), B1(0xff), RND };
static const struct wipe_pass_spec p_hmg[] = { B1(0x00), B1(0xff), RND };
static const struct wipe_pass_spec p_gutmann[] = {
	RND, RND, RND, RND,
	B1(0x55), B1(0xaa), B3(0x92, 0x49, 0x24), B3(0x49, 0x24, 0x92), B3(0x24, 0x92, 0x49),
	B1(0x00), B1(0x11), B1(0x22), B1(0x33), B1(0x44), B1(0x55), B1(0x66), B1(0x77),
	B1(0x88), B1(0x99), B1(0xaa), B1(0xbb), B1(0xcc), B1(0xdd), B1(0xee), B1(0xff),
	B3(0x92, 0x49, 0x24), B3(0x49, 0x24, 0x92), B3(0x24, 0x92, 0x49),
	B3(0x6d, 0xb6, 0xdb), B3(0xb6, 0xdb, 0x6d), B3(0xdb, 0x6d, 0xb6),
	RND, RND, RND, RND,
};

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct wipe_method methods[] = {
	{ "zero", N_("one pass of zeros"), N(p_zero), p_zero, NULL },
	{ "one", N_("one pass of 0xFF bytes"), N(p_one), p_one, NULL },
	{ "random", N_("one pass of AES-128-CTR keystream (default)"), N(p_random), p_random, NULL },
	{ "dod3", N_("DoD 5220.22-M short: zeros, ones, random"), N(p_dod3), p_dod3, NULL },
	{ "hmg-is5", N_("HMG IS5 enhanced: zeros, ones, random"), N(p_hmg), p_hmg, NULL },
	{ "gutmann", N_("Gutmann: 35 passes (for old MFM/RLL disks; pointless today)"),
	  N(p_gutmann), p_gutmann, NULL },
	/* Firmware methods (fw_*.c): the drive erases itself; reco checks a
	 * NIST sample before and after.  The category is decided per media
	 * (fw_classify). */
	{ "ata-secure-erase", N_("ATA SECURITY ERASE UNIT, normal (Clear)"), 0, NULL, fw_job_run },
	{ "ata-secure-erase-enhanced", N_("ATA SECURITY ERASE UNIT, enhanced (Purge on an HDD)"), 0, NULL, fw_job_run },
	{ "ata-sanitize-block", N_("ATA SANITIZE BLOCK ERASE"), 0, NULL, fw_job_run },
	{ "ata-sanitize-crypto", N_("ATA SANITIZE CRYPTO SCRAMBLE"), 0, NULL, fw_job_run },
	{ "ata-sanitize-overwrite", N_("ATA SANITIZE OVERWRITE (zeros)"), 0, NULL, fw_job_run },
	{ "nvme-format", N_("NVMe Format NVM, user data erase (SES=1)"), 0, NULL, fw_job_run },
	{ "nvme-format-crypto", N_("NVMe Format NVM, cryptographic erase (SES=2)"), 0, NULL, fw_job_run },
	{ "nvme-sanitize-block", N_("NVMe Sanitize, block erase"), 0, NULL, fw_job_run },
	{ "nvme-sanitize-crypto", N_("NVMe Sanitize, crypto erase"), 0, NULL, fw_job_run },
	{ "nvme-sanitize-overwrite", N_("NVMe Sanitize, overwrite (zeros)"), 0, NULL, fw_job_run },
	{ "scsi-sanitize-block", N_("SCSI SANITIZE, block erase"), 0, NULL, fw_job_run },
	{ "scsi-sanitize-crypto", N_("SCSI SANITIZE, cryptographic erase"), 0, NULL, fw_job_run },
	{ "scsi-sanitize-overwrite", N_("SCSI SANITIZE, overwrite (zeros)"), 0, NULL, fw_job_run },
};

const struct wipe_method *wipe_method_find(const char *name)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (!strcmp(methods[i].name, name))
			return &methods[i];
	return NULL;
}

const struct wipe_method *wipe_method_table(size_t *n)
{
	*n = sizeof(methods) / sizeof(methods[0]);
	return methods;
}
