/*
 * words.c — codes into words (see words.h).  Each lookup is a chain of
 * literal pgettext() calls, because xgettext extracts nothing else; the
 * French lives in po/words.fr.po.  The codes are those of the report
 * schemas (reports/schema) and of the tools that write them (wipe's
 * method table, diag's parts).
 */
#include "words.h"

#include <string.h>

#include "i18n.h"

#define IS(x) (!strcmp(c, (x)))

const char *reco_word_wipe_result(const char *c)
{
	if (!c)
		return "";
	if (IS("erased"))
		return pgettext("wipe result", "erased");
	if (IS("failed"))
		return pgettext("wipe result", "failed");
	if (IS("aborted"))
		return pgettext("wipe result", "interrupted");
	return c;
}

const char *reco_word_wipe_phase(const char *c)
{
	if (!c)
		return "";
	if (IS("write"))
		return pgettext("wipe phase", "writing");
	if (IS("verify"))
		return pgettext("wipe phase", "verifying");
	if (IS("finish"))
		return pgettext("wipe phase", "finishing");
	if (IS("sample"))
		return pgettext("wipe phase", "sampling");
	if (IS("firmware"))
		return pgettext("wipe phase", "drive at work");
	return c;
}

const char *reco_word_wipe_method(const char *c)
{
	if (!c)
		return "";
	if (IS("zero"))
		return pgettext("wipe method", "zeros, 1 pass");
	if (IS("one"))
		return pgettext("wipe method", "0xFF bytes, 1 pass");
	if (IS("random"))
		return pgettext("wipe method", "random data, 1 pass");
	if (IS("dod3"))
		return pgettext("wipe method", "DoD 5220.22-M, 3 passes");
	if (IS("hmg-is5"))
		return pgettext("wipe method", "HMG IS5, 3 passes");
	if (IS("gutmann"))
		return pgettext("wipe method", "Gutmann, 35 passes");
	if (IS("ata-secure-erase"))
		return pgettext("wipe method", "ATA Secure Erase");
	if (IS("ata-secure-erase-enhanced"))
		return pgettext("wipe method", "ATA Secure Erase, enhanced");
	if (IS("ata-sanitize") || IS("ata-sanitize-block"))
		return pgettext("wipe method", "ATA Sanitize, block erase");
	if (IS("ata-sanitize-crypto"))
		return pgettext("wipe method", "ATA Sanitize, cryptographic erase");
	if (IS("ata-sanitize-overwrite"))
		return pgettext("wipe method", "ATA Sanitize, overwrite");
	if (IS("nvme-format"))
		return pgettext("wipe method", "NVMe Format, user data erase");
	if (IS("nvme-format-crypto"))
		return pgettext("wipe method", "NVMe Format, cryptographic erase");
	if (IS("nvme-sanitize-block"))
		return pgettext("wipe method", "NVMe Sanitize, block erase");
	if (IS("nvme-sanitize-crypto"))
		return pgettext("wipe method", "NVMe Sanitize, cryptographic erase");
	if (IS("nvme-sanitize-overwrite"))
		return pgettext("wipe method", "NVMe Sanitize, overwrite");
	if (IS("scsi-sanitize-block"))
		return pgettext("wipe method", "SCSI Sanitize, block erase");
	if (IS("scsi-sanitize-crypto"))
		return pgettext("wipe method", "SCSI Sanitize, cryptographic erase");
	if (IS("scsi-sanitize-overwrite"))
		return pgettext("wipe method", "SCSI Sanitize, overwrite");
	if (IS("none"))
		return pgettext("wipe method", "none");
	return c;
}

const char *reco_word_verify_mode(const char *c)
{
	if (!c)
		return "";
	if (IS("full"))
		return pgettext("verification", "full");
	if (IS("sample"))
		return pgettext("verification", "by samples");
	if (IS("none"))
		return pgettext("verification", "none");
	return c;
}

const char *reco_word_nist(const char *c)
{
	if (!c)
		return "";
	if (IS("clear"))
		return pgettext("NIST category", "Clear");
	if (IS("purge"))
		return pgettext("NIST category", "Purge");
	if (IS("none"))
		return pgettext("NIST category", "none");
	return c;
}

const char *reco_word_verdict(const char *c)
{
	if (!c)
		return "";
	if (IS("PASS"))
		return pgettext("verdict", "good");
	if (IS("WARN"))
		return pgettext("verdict", "to watch");
	if (IS("FAIL"))
		return pgettext("verdict", "faulty");
	if (IS("ABSENT"))
		return pgettext("verdict", "absent");
	if (IS("NOT_TESTED"))
		return pgettext("verdict", "not tested");
	return c;
}

const char *reco_word_part(const char *c)
{
	if (!c)
		return "";
	if (IS("cpu"))
		return pgettext("part", "Processor");
	if (IS("ram"))
		return pgettext("part", "Memory");
	if (IS("disk"))
		return pgettext("part", "Disk");
	if (IS("battery"))
		return pgettext("part", "Battery");
	if (IS("thermal"))
		return pgettext("part", "Cooling");
	if (IS("power"))
		return pgettext("part", "Power");
	if (IS("wifi"))
		return pgettext("part", "Wi-Fi");
	if (IS("bluetooth"))
		return pgettext("part", "Bluetooth");
	if (IS("ethernet"))
		return pgettext("part", "Ethernet");
	if (IS("sound"))
		return pgettext("part", "Sound");
	if (IS("camera"))
		return pgettext("part", "Camera");
	if (IS("usb"))
		return pgettext("part", "USB ports");
	if (IS("screen"))
		return pgettext("part", "Screen");
	if (IS("keyboard"))
		return pgettext("part", "Keyboard");
	if (IS("touchpad"))
		return pgettext("part", "Touchpad");
	/* the guided tests' parts, named as reco diag names them */
	if (IS("display"))
		return pgettext("part", "Screen, seen");
	if (IS("webcam"))
		return pgettext("part", "Camera, seen");
	if (IS("speakers"))
		return pgettext("part", "Speakers");
	if (IS("microphone"))
		return pgettext("part", "Microphone");
	if (IS("usbports"))
		return pgettext("part", "USB ports, tried");
	if (IS("media"))
		return pgettext("part", "Optical drive / card reader");
	return c;
}

const char *reco_word_diag_profile(const char *c)
{
	if (!c)
		return "";
	if (IS("quick"))
		return pgettext("diag profile", "quick");
	if (IS("full"))
		return pgettext("diag profile", "full");
	if (IS("repair-cafe"))
		return pgettext("diag profile", "Repair Café");
	return c;
}

const char *reco_word_transport(const char *c)
{
	static const char *const names[][2] = {
		{ "sata", "SATA" }, { "ata", "ATA" }, { "nvme", "NVMe" }, { "usb", "USB" }, { "scsi", "SCSI" },
		{ "sas", "SAS" }, { "mmc", "MMC" }, { "virtio", "virtio" }, { "ieee1394", "FireWire" },
	};
	if (!c)
		return "";
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (IS(names[i][0]))
			return names[i][1];
	return c;
}

const char *reco_word_technique(const char *c)
{
	if (!c)
		return "";
	if (IS("overwrite"))
		return pgettext("wipe technique", "overwrite");
	if (IS("sanitize overwrite"))
		return pgettext("wipe technique", "sanitize overwrite (firmware)");
	if (IS("sanitize block erase"))
		return pgettext("wipe technique", "sanitize block erase (firmware)");
	if (IS("cryptographic erase"))
		return pgettext("wipe technique", "cryptographic erase");
	if (IS("ATA security erase (enhanced)"))
		return pgettext("wipe technique", "ATA security erase (enhanced)");
	if (IS("ATA security erase (normal)"))
		return pgettext("wipe technique", "ATA security erase (normal)");
	if (IS("NVMe format, user data erase"))
		return pgettext("wipe technique", "NVMe format, user data erase");
	return c;
}

const char *reco_word_media(const char *c)
{
	if (!c)
		return "";
	if (IS("hdd"))
		return pgettext("media", "hard disk");
	if (IS("ssd"))
		return pgettext("media", "solid-state drive");
	if (IS("removable flash"))
		return pgettext("media", "removable flash memory");
	if (IS("image file"))
		return pgettext("media", "disk image file");
	if (IS("unknown"))
		return pgettext("media", "unknown");
	return c;
}
