/*
 * fw_select.c — the firmware method table, the sanitization category of
 * each method on each media type, and `--method auto`.
 *
 * Categories follow NIST SP 800-88 Rev. 2 (September 2025; Rev. 1 was
 * withdrawn that day), which defers sanitization techniques to IEEE
 * 2883-2022: Purge is the drive's own sanitize (block erase, cryptographic
 * erase; overwrite only on magnetic media), Clear is an overwrite through
 * the logical addresses.  Where the standards leave doubt, the weaker word:
 *   - an overwrite — even the drive's own sanitize overwrite — is Clear on
 *     flash and on media of unknown type, Purge only on an HDD;
 *   - a cryptographic erase is Purge, and says that it relies on the drive
 *     encrypting all user data with the key it changes;
 *   - ATA SECURITY ERASE UNIT is Purge only in enhanced mode on an HDD (it
 *     then reaches reallocated sectors, ACS-3 7.42); normal mode, and any
 *     mode on flash, is Clear;
 *   - NVMe Format NVM SES=1 (user data erase) promises the user data, not
 *     caches or spare blocks: Clear.
 * `--method auto` takes the first Purge method the drive offers:
 *   NVMe:  Sanitize crypto erase > Sanitize block erase > Format SES=2 >
 *          Sanitize overwrite (HDD)
 *   ATA:   SANITIZE CRYPTO SCRAMBLE > BLOCK ERASE > OVERWRITE (HDD) >
 *          SECURITY ERASE UNIT enhanced (HDD)
 *   SCSI:  SANITIZE crypto > block erase > overwrite (HDD)
 * and otherwise a verified overwrite (Clear), saying why.  USB bridges,
 * card readers and eMMC/SD: no firmware command is trusted through them.
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

const char *fw_media_name(enum fw_media m)
{
	static const char *const names[] = { "hdd", "ssd", "removable flash", "unknown" };
	return (unsigned)m < 4 ? names[m] : "unknown";
}

#define RELIES_ON_ENCRYPTION \
	"relies on the drive encrypting all user data with the key it changes; reco cannot check that"
#define OVERWRITE_ON_FLASH \
	"on flash, or media of unknown type, an overwrite (even the drive's own) may not reach every cell: Clear"

void fw_classify(enum fw_method m, enum fw_media media, struct fw_class *c)
{
	int hdd = media == MEDIA_HDD;
	c->category = "clear";
	c->note = NULL;
	switch (m) {
	case FW_ATA_SANITIZE_OVERWRITE:
	case FW_NVME_SANITIZE_OVERWRITE:
	case FW_SCSI_SANITIZE_OVERWRITE:
		c->technique = "sanitize overwrite";
		if (hdd)
			c->category = "purge";
		else
			c->note = OVERWRITE_ON_FLASH;
		return;
	case FW_ATA_SANITIZE_BLOCK:
	case FW_NVME_SANITIZE_BLOCK:
	case FW_SCSI_SANITIZE_BLOCK:
		c->technique = "sanitize block erase";
		c->category = "purge";
		return;
	case FW_ATA_SANITIZE_CRYPTO:
	case FW_NVME_SANITIZE_CRYPTO:
	case FW_SCSI_SANITIZE_CRYPTO:
	case FW_NVME_FORMAT_CRYPTO:
		c->technique = "cryptographic erase";
		c->category = "purge";
		c->note = RELIES_ON_ENCRYPTION;
		return;
	case FW_ATA_SECURE_ERASE_ENHANCED:
		c->technique = "ATA security erase (enhanced)";
		if (hdd) {
			c->category = "purge";
			c->note = "enhanced mode writes every user data area, reallocated sectors included (ACS-3)";
		} else {
			c->note = "on flash, ATA security erase does not promise spare blocks (IEEE 2883-2022 names "
				  "Sanitize for Purge): Clear";
		}
		return;
	case FW_ATA_SECURE_ERASE:
		c->technique = "ATA security erase (normal)";
		c->note = "normal mode writes the user data areas only, not reallocated or spare blocks: Clear";
		return;
	case FW_NVME_FORMAT_USER:
		c->technique = "NVMe format, user data erase";
		c->note = "Format NVM SES=1 promises the user data, not caches or spare blocks (IEEE 2883-2022 "
			  "names Sanitize and cryptographic erase for Purge): Clear";
		return;
	default:
		c->technique = "overwrite";
		c->note = "an overwrite through the host reaches only the addresses the drive shows: Clear";
		return;
	}
}

int fw_previous_end(struct fw_result *r, unsigned polls, const char *ended, int unreadable)
{
	if (ended) {
		snprintf(r->previous, sizeof(r->previous),
			 "a sanitize started before this run was in progress at start; reco waited for it (%u status "
			 "reads): it %s", polls, ended);
		return 0;
	}
	r->status = unreadable ? FW_IO : FW_TIMEOUT;
	snprintf(r->reason, sizeof(r->reason), "%s",
		 unreadable ? "a sanitize started before this run is in progress and its status cannot be read"
			    : "a sanitize started before this run was still running after 24 hours");
	return -1;
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

/* Chooses m when available and Purge on this media; otherwise notes
 * "<command>: <absent>" or why it is not Purge here. */
static int pick(struct fw_choice *c, enum fw_method m, int available, const char *absent, enum fw_media media)
{
	const struct fw_method_info *info = fw_method_info(m);
	char line[256];
	struct fw_class cls;
	fw_classify(m, media, &cls);
	if (available && strcmp(cls.category, "purge") != 0) {
		snprintf(line, sizeof(line), "%s: offered, but only Clear on %s media", info->command,
			 fw_media_name(media));
		why(c, line);
		return 0;
	}
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
			 "USB bridges and card readers, so a verified overwrite is used (Clear)", tr);
		why(c, line);
		c->category = "clear";
		return;
	}
	enum fw_media md = k->media;
	if (k->nvme) {
		const struct nvme_identity *n = k->nvme;
		if (pick(c, FW_NVME_SANITIZE_CRYPTO, n->san_crypto, "not offered (SANICAP)", md) ||
		    pick(c, FW_NVME_SANITIZE_BLOCK, n->san_block, "not offered (SANICAP)", md) ||
		    pick(c, FW_NVME_FORMAT_CRYPTO, n->format_supported && n->fna_crypto, "not offered (FNA bit 2)", md) ||
		    pick(c, FW_NVME_SANITIZE_OVERWRITE, n->san_overwrite, "not offered (SANICAP)", md)) {
			c->category = "purge";
			return;
		}
		if (n->format_supported)
			why(c, "NVMe Format NVM, SES=1 (user data erase): offered, but Clear only");
	} else if (k->ata) {
		const struct ata_identity *a = k->ata;
		const char *sec_block = NULL;
		if (a->sec_supported && a->sec_frozen)
			sec_block = "security is frozen by the BIOS (suspend and resume the computer to unfreeze it)";
		else if (a->sec_supported && (a->sec_locked || a->sec_enabled))
			sec_block = "the drive has a security password reco does not know";
		int sec_ok = a->sec_supported && !a->sec_frozen && !a->sec_locked && !a->sec_enabled &&
			     !a->sec_count_expired;
		if (pick(c, FW_ATA_SANITIZE_CRYPTO, a->sanitize_crypto, "not offered", md) ||
		    pick(c, FW_ATA_SANITIZE_BLOCK, a->sanitize_block, "not offered", md) ||
		    pick(c, FW_ATA_SANITIZE_OVERWRITE, a->sanitize_overwrite, "not offered", md) ||
		    pick(c, FW_ATA_SECURE_ERASE_ENHANCED, sec_ok && a->sec_enhanced_supported,
			 sec_block ? sec_block : "not offered", md)) {
			c->category = "purge";
			return;
		}
		if (sec_ok)
			why(c, "ATA SECURITY ERASE UNIT (normal): offered, but Clear only");
	} else if (strcmp(tr, "sas") == 0 || strcmp(tr, "scsi") == 0) {
		if (pick(c, FW_SCSI_SANITIZE_CRYPTO, k->scsi_sanitize_crypto, "not offered", md) ||
		    pick(c, FW_SCSI_SANITIZE_BLOCK, k->scsi_sanitize_block, "not offered", md) ||
		    pick(c, FW_SCSI_SANITIZE_OVERWRITE, k->scsi_sanitize_overwrite, "not offered", md)) {
			c->category = "purge";
			return;
		}
	} else {
		char line[256];
		snprintf(line, sizeof(line), "%s disk: no firmware erase command is known for this bus", tr);
		why(c, line);
	}
	why(c, "falling back to a verified overwrite with a cryptographic keystream (Clear)");
	c->category = "clear";
}
