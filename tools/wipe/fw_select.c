/*
 * fw_select.c — the firmware method table, `--method auto`, and the NIST
 * SP 800-88 category of each method.
 *
 * Choice order (strongest Purge first), from NIST SP 800-88 Rev.1 Appendix A
 * (tables A-8 ATA SSD/HDD, A-9 SCSI, A-10 NVMe) and IEEE 2883-2022 clause 6:
 *   NVMe:  Sanitize crypto erase > Sanitize block erase > Format SES=2 >
 *          Format SES=1 > Sanitize overwrite
 *   ATA:   SANITIZE CRYPTO SCRAMBLE > BLOCK ERASE > OVERWRITE (HDD only) >
 *          SECURITY ERASE UNIT enhanced > normal (HDD only: on an SSD the
 *          normal erase need not reach spare blocks, so it is not Purge)
 *   SCSI:  SANITIZE crypto > block erase > overwrite
 * USB bridges, card readers and eMMC/SD: no firmware command is trusted
 * through them; a verified cryptographic overwrite (Clear) is used and said.
 */
#include <stdio.h>
#include <string.h>

#include "fw.h"

static const struct fw_method_info methods[] = {
	{ FW_ATA_SECURE_ERASE, "ata-secure-erase", "ATA SECURITY ERASE UNIT (normal)", "ata" },
	{ FW_ATA_SECURE_ERASE_ENHANCED, "ata-secure-erase-enhanced", "ATA SECURITY ERASE UNIT (enhanced)", "ata" },
	{ FW_ATA_SANITIZE_BLOCK, "ata-sanitize-block", "ATA SANITIZE BLOCK ERASE EXT", "ata" },
	{ FW_ATA_SANITIZE_CRYPTO, "ata-sanitize-crypto", "ATA SANITIZE CRYPTO SCRAMBLE EXT", "ata" },
	{ FW_ATA_SANITIZE_OVERWRITE, "ata-sanitize-overwrite", "ATA SANITIZE OVERWRITE EXT", "ata" },
	{ FW_NVME_FORMAT_USER, "nvme-format", "NVMe Format NVM, SES=1 (user data erase)", "nvme" },
	{ FW_NVME_FORMAT_CRYPTO, "nvme-format-crypto", "NVMe Format NVM, SES=2 (cryptographic erase)", "nvme" },
	{ FW_NVME_SANITIZE_BLOCK, "nvme-sanitize-block", "NVMe Sanitize, block erase", "nvme" },
	{ FW_NVME_SANITIZE_CRYPTO, "nvme-sanitize-crypto", "NVMe Sanitize, crypto erase", "nvme" },
	{ FW_NVME_SANITIZE_OVERWRITE, "nvme-sanitize-overwrite", "NVMe Sanitize, overwrite", "nvme" },
	{ FW_SCSI_SANITIZE_BLOCK, "scsi-sanitize-block", "SCSI SANITIZE, BLOCK ERASE", "scsi" },
	{ FW_SCSI_SANITIZE_CRYPTO, "scsi-sanitize-crypto", "SCSI SANITIZE, CRYPTOGRAPHIC ERASE", "scsi" },
	{ FW_SCSI_SANITIZE_OVERWRITE, "scsi-sanitize-overwrite", "SCSI SANITIZE, OVERWRITE", "scsi" },
};

const struct fw_method_info *fw_method_info(enum fw_method m)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (methods[i].method == m)
			return &methods[i];
	return NULL;
}

const struct fw_method_info *fw_method_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++)
		if (strcmp(methods[i].name, name) == 0)
			return &methods[i];
	return NULL;
}

const char *fw_nist_category(enum fw_method m, enum fw_media media)
{
	if (m == FW_NONE)
		return "clear";
	if (m == FW_ATA_SECURE_ERASE && media != MEDIA_HDD)
		return "clear";
	return "purge";
}

void fw_run(const struct fw_job *job, struct fw_result *res)
{
	memset(res, 0, sizeof(*res));
	res->expect_byte = -1;
	const struct fw_method_info *info = fw_method_info(job->method);
	if (!info) {
		res->status = FW_UNSUPPORTED;
		snprintf(res->reason, sizeof(res->reason), "not a firmware method");
		return;
	}
	snprintf(res->command, sizeof(res->command), "%s", info->command);
	if (strcmp(info->family, "ata") == 0)
		fw_ata_run(job, res);
	else if (strcmp(info->family, "nvme") == 0)
		fw_nvme_run(job, res);
	else
		fw_scsi_run(job, res);
}

/* Appends "; text" to the explanation. */
static void why(struct fw_choice *c, const char *text)
{
	size_t n = strlen(c->why);
	if (n < sizeof(c->why))
		snprintf(c->why + n, sizeof(c->why) - n, "%s%s", n ? "; " : "", text);
}

/* Chooses m when available; otherwise notes "<command>: <absent>". */
static int pick(struct fw_choice *c, enum fw_method m, int available, const char *absent)
{
	const struct fw_method_info *info = fw_method_info(m);
	char line[256];
	if (available) {
		c->method = m;
		snprintf(line, sizeof(line), "chose %s, the strongest purge method this drive offers",
			 info->command);
		why(c, line);
		return 1;
	}
	if (absent) {
		snprintf(line, sizeof(line), "%s: %s", info->command, absent);
		why(c, line);
	}
	return 0;
}

void fw_choose(const struct fw_caps *k, struct fw_choice *c)
{
	memset(c, 0, sizeof(*c));
	c->method = FW_NONE;
	const char *tr = k->transport ? k->transport : "unknown";

	if (strcmp(tr, "usb") == 0 || strcmp(tr, "mmc") == 0 || k->media == MEDIA_FLASH_REMOVABLE) {
		char line[256];
		snprintf(line, sizeof(line), "%s storage: firmware erase commands are not trusted through "
			 "USB bridges and card readers, so a verified overwrite is used (NIST SP 800-88: Clear)", tr);
		why(c, line);
		c->category = "clear";
		return;
	}
	if (k->nvme) {
		const struct nvme_identity *n = k->nvme;
		if (pick(c, FW_NVME_SANITIZE_CRYPTO, n->san_crypto, "not offered (SANICAP)") ||
		    pick(c, FW_NVME_SANITIZE_BLOCK, n->san_block, "not offered (SANICAP)") ||
		    pick(c, FW_NVME_FORMAT_CRYPTO, n->format_supported && n->fna_crypto,
			 "not offered (FNA bit 2)") ||
		    pick(c, FW_NVME_FORMAT_USER, n->format_supported, "not offered (OACS)") ||
		    pick(c, FW_NVME_SANITIZE_OVERWRITE, n->san_overwrite, "not offered (SANICAP)")) {
			c->category = "purge";
			return;
		}
	} else if (k->ata) {
		const struct ata_identity *a = k->ata;
		int hdd = k->media == MEDIA_HDD;
		const char *sec_block = NULL;
		if (a->sec_supported && a->sec_frozen)
			sec_block = "security is frozen by the BIOS (suspend and resume the computer to unfreeze it)";
		else if (a->sec_supported && (a->sec_locked || a->sec_enabled))
			sec_block = "the drive has a security password reco does not know";
		int sec_ok = a->sec_supported && !a->sec_frozen && !a->sec_locked && !a->sec_enabled &&
			     !a->sec_count_expired;
		if (pick(c, FW_ATA_SANITIZE_CRYPTO, a->sanitize_crypto, "not offered") ||
		    pick(c, FW_ATA_SANITIZE_BLOCK, a->sanitize_block, "not offered") ||
		    (hdd && pick(c, FW_ATA_SANITIZE_OVERWRITE, a->sanitize_overwrite, "not offered")) ||
		    pick(c, FW_ATA_SECURE_ERASE_ENHANCED, sec_ok && a->sec_enhanced_supported,
			 sec_block ? sec_block : "not offered") ||
		    (hdd && pick(c, FW_ATA_SECURE_ERASE, sec_ok, sec_block ? sec_block : "not offered"))) {
			c->category = "purge";
			return;
		}
		if (!hdd && sec_ok)
			why(c, "ATA SECURITY ERASE UNIT (normal): offered, but not Purge on flash media");
	} else if (strcmp(tr, "sas") == 0 || strcmp(tr, "scsi") == 0) {
		if (pick(c, FW_SCSI_SANITIZE_CRYPTO, k->scsi_sanitize_crypto, "not offered") ||
		    pick(c, FW_SCSI_SANITIZE_BLOCK, k->scsi_sanitize_block, "not offered") ||
		    pick(c, FW_SCSI_SANITIZE_OVERWRITE, k->scsi_sanitize_overwrite, "not offered")) {
			c->category = "purge";
			return;
		}
	} else {
		char line[256];
		snprintf(line, sizeof(line), "%s disk: no firmware erase command is known for this bus", tr);
		why(c, line);
	}
	why(c, "falling back to a verified cryptographic overwrite (NIST SP 800-88: Clear)");
	c->category = "clear";
}
