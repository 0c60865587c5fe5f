/*
 * fw_ata.c — ATA firmware erasure through ATA PASS-THROUGH (16):
 * IDENTIFY DEVICE decoding, SECURITY ERASE UNIT (normal/enhanced) with a
 * temporary password that is always cleared, SANITIZE DEVICE (block erase,
 * crypto scramble, overwrite) with status polling, and HPA/DCO.
 *
 * Specifications: ACS-3 (T13/2161-D) 7.x and IDENTIFY DEVICE table 45;
 * SAT-3 (T10/BSR INCITS 517) 12.2.2 for the CDB and 12.2.2.6/ 4.x for the
 * ATA Status Return sense descriptor (09h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fw.h"

/* ---- encodings ---------------------------------------------------------- */

int fw_ata_pt16_cdb(const struct fw_ata_tf *tf, int ext, enum ata_protocol prot,
		    enum fw_dir dir, uint8_t cdb[16])
{
	memset(cdb, 0, 16);
	cdb[0] = 0x85;
	cdb[1] = (uint8_t)((prot & 0x0f) << 1) | (ext ? 1 : 0);
	if (prot == ATA_PROT_NON_DATA) {
		cdb[2] = 0x20; /* CK_COND: return the registers; T_LENGTH 0 */
	} else {
		/* BYT_BLOK=1 (blocks), T_TYPE=0 (512-byte), T_LENGTH=2 (COUNT) */
		cdb[2] = 0x04 | 0x02 | (dir == FW_DIR_IN ? 0x08 : 0);
	}
	cdb[3] = (uint8_t)(tf->feature >> 8);
	cdb[4] = (uint8_t)tf->feature;
	cdb[5] = (uint8_t)(tf->count >> 8);
	cdb[6] = (uint8_t)tf->count;
	cdb[7] = (uint8_t)(tf->lba >> 24);
	cdb[8] = (uint8_t)tf->lba;
	cdb[9] = (uint8_t)(tf->lba >> 32);
	cdb[10] = (uint8_t)(tf->lba >> 8);
	cdb[11] = (uint8_t)(tf->lba >> 40);
	cdb[12] = (uint8_t)(tf->lba >> 16);
	cdb[13] = tf->device;
	cdb[14] = tf->command;
	cdb[15] = 0;
	if (!ext) {
		/* 28-bit commands carry LBA 27:24 in DEVICE bits 3:0. */
		cdb[13] = (uint8_t)((tf->device & 0xf0) | ((tf->lba >> 24) & 0x0f));
		cdb[3] = cdb[5] = cdb[7] = cdb[9] = cdb[11] = 0;
	}
	return 16;
}

int fw_ata_parse_sense(const uint8_t *s, size_t len, struct fw_ata_tf *tf)
{
	if (len < 8)
		return -EINVAL;
	uint8_t rc = s[0] & 0x7f;
	if (rc == 0x72 || rc == 0x73) {
		size_t total = 8 + (size_t)s[7];
		if (total > len)
			total = len;
		for (size_t off = 8; off + 2 <= total;) {
			uint8_t code = s[off], alen = s[off + 1];
			if (off + 2 + alen > total)
				break;
			if (code == 0x09 && alen >= 12) {
				const uint8_t *d = s + off;
				tf->error = d[3];
				tf->out_count = (uint16_t)((d[4] << 8) | d[5]);
				tf->out_lba = (uint64_t)d[7] | (uint64_t)d[9] << 8 |
					      (uint64_t)d[11] << 16 | (uint64_t)d[6] << 24 |
					      (uint64_t)d[8] << 32 | (uint64_t)d[10] << 40;
				if (!(d[2] & 1)) /* not EXTEND: 28-bit values */
					tf->out_lba &= 0xffffff, tf->out_count &= 0xff;
				tf->status = d[13];
				tf->regs = 1;
				tf->lba_truncated = tf->count_truncated = 0;
				return 0;
			}
			off += 2 + (size_t)alen;
		}
		return -EINVAL;
	}
	if ((rc == 0x70 || rc == 0x71) && len >= 14 && s[12] == 0x00 && s[13] == 0x1d) {
		/* Fixed format (SAT-3 12.2.2.6): INFORMATION holds ERROR,
		 * STATUS, DEVICE, COUNT 7:0; COMMAND-SPECIFIC INFORMATION
		 * byte 8 the EXTEND / COUNT UPPER NONZERO / LBA UPPER NONZERO
		 * bits, bytes 9-11 LBA 23:0.  The upper bytes are not there. */
		tf->error = s[3];
		tf->status = s[4];
		tf->out_count = s[6];
		tf->out_lba = (uint64_t)s[9] | (uint64_t)s[10] << 8 | (uint64_t)s[11] << 16;
		tf->lba_truncated = (s[8] & 0x80) && (s[8] & 0x20);
		tf->count_truncated = (s[8] & 0x80) && (s[8] & 0x40);
		tf->regs = 1;
		return 0;
	}
	return -EINVAL;
}

/* ---- IDENTIFY DEVICE ------------------------------------------------------ */

static uint16_t w(const uint8_t *id, unsigned n)
{
	return (uint16_t)(id[2 * n] | id[2 * n + 1] << 8);
}

/* ATA strings: two characters per word, high byte first; trailing spaces. */
static void ata_string(const uint8_t *id, unsigned first, unsigned words, char *out)
{
	size_t j = 0;
	for (unsigned i = 0; i < words; i++) {
		uint16_t v = w(id, first + i);
		out[j++] = (char)(v >> 8);
		out[j++] = (char)(v & 0xff);
	}
	out[j] = '\0';
	while (j > 0 && (out[j - 1] == ' ' || out[j - 1] == '\0'))
		out[--j] = '\0';
	size_t k = 0;
	while (out[k] == ' ')
		k++;
	memmove(out, out + k, j - k + 1);
}

/* IDENTIFY words 89/90 (ACS-3 7.12.7.40-41): bit 15 selects the extended
 * format (bits 14:0) over the short one (bits 7:0); the value counts
 * 2-minute units, 0 is "not reported", and the largest value of each form
 * (255: > 508 minutes; 32767: > 65532 minutes) is open-ended: the minutes
 * returned are then only a lower bound (*open set). */
static unsigned erase_minutes(uint16_t v, int *open)
{
	unsigned units = (v & 0x8000) ? (v & 0x7fffu) : (v & 0xffu);
	unsigned top = (v & 0x8000) ? 0x7fffu : 0xffu;
	*open = units == top;
	return *open ? (units - 1) * 2 : units * 2;
}

unsigned fw_ata_erase_timeout(unsigned est_minutes, int open_ended, uint64_t capacity_bytes)
{
	uint64_t floor_s = capacity_bytes / 40000000u + 600;
	uint64_t t = est_minutes ? (uint64_t)est_minutes * 60 * 3 / 2 + 600 : 12 * 3600;
	if (open_ended || !est_minutes || t < floor_s)
		t = t > floor_s ? t : floor_s;
	return t > 4000000 ? 4000000 : (unsigned)t; /* SG_IO counts ms in 32 bits */
}

int fw_ata_parse_identify(const uint8_t id[512], struct ata_identity *o)
{
	memset(o, 0, sizeof(*o));
	if (id[510] == 0xa5) {
		uint8_t sum = 0;
		for (int i = 0; i < 512; i++)
			sum = (uint8_t)(sum + id[i]);
		if (sum != 0)
			return -EINVAL;
	}
	ata_string(id, 27, 20, o->model);
	ata_string(id, 10, 10, o->serial);
	ata_string(id, 23, 4, o->firmware);

	uint16_t w82 = w(id, 82), w83 = w(id, 83), w128 = w(id, 128), w59 = w(id, 59);
	o->rotational = w(id, 217) != 1;
	o->lba48 = (w83 & 0xc000) == 0x4000 && (w83 & (1 << 10));
	if (o->lba48)
		o->max_lba = (uint64_t)w(id, 100) | (uint64_t)w(id, 101) << 16 |
			     (uint64_t)w(id, 102) << 32 | (uint64_t)w(id, 103) << 48;
	else
		o->max_lba = (uint64_t)w(id, 60) | (uint64_t)w(id, 61) << 16;
	/* ACS-4: word 69 bit 3 — extended number of user addressable sectors. */
	if ((w(id, 69) & (1 << 3))) {
		uint64_t ext = (uint64_t)w(id, 230) | (uint64_t)w(id, 231) << 16 |
			       (uint64_t)w(id, 232) << 32 | (uint64_t)w(id, 233) << 48;
		if (ext)
			o->max_lba = ext;
	}

	int w82_valid = w82 != 0 && w82 != 0xffff;
	o->sec_supported = w82_valid && (w82 & (1 << 1)) && (w128 & 1);
	o->hpa_supported = w82_valid && (w82 & (1 << 10));
	uint16_t w119 = w(id, 119);
	o->amac_supported = (w119 & 0xc000) == 0x4000 && (w119 & (1 << 8));
	o->dco_supported = (w83 & 0xc000) == 0x4000 && (w83 & (1 << 11));
	if (o->sec_supported) {
		o->sec_enabled = !!(w128 & (1 << 1));
		o->sec_locked = !!(w128 & (1 << 2));
		o->sec_frozen = !!(w128 & (1 << 3));
		o->sec_count_expired = !!(w128 & (1 << 4));
		o->sec_enhanced_supported = !!(w128 & (1 << 5));
		o->sec_master_max = !!(w128 & (1 << 8));
		o->erase_minutes = erase_minutes(w(id, 89), &o->erase_open);
		o->enhanced_erase_minutes = erase_minutes(w(id, 90), &o->enhanced_erase_open);
	}
	o->sanitize_supported = !!(w59 & (1 << 12));
	if (o->sanitize_supported) {
		o->sanitize_crypto = !!(w59 & (1 << 13));
		o->sanitize_overwrite = !!(w59 & (1 << 14));
		o->sanitize_block = !!(w59 & (1 << 15));
	}
	o->trim_supported = !!(w(id, 169) & 1);
	return 0;
}

/* ---- commands ----------------------------------------------------------- */

#define ATA_IDENTIFY 0xec
#define ATA_SEC_SET_PASS 0xf1
#define ATA_SEC_UNLOCK 0xf2
#define ATA_SEC_ERASE_PREP 0xf3
#define ATA_SEC_ERASE_UNIT 0xf4
#define ATA_SEC_DISABLE 0xf6
#define ATA_SANITIZE 0xb4
#define ATA_READ_NATIVE_MAX_EXT 0x27
#define ATA_SET_MAX_EXT 0x37
#define ATA_AMAC 0x78 /* feature 0000h GET NATIVE MAX, 0001h SET ACCESSIBLE MAX */
#define ATA_DCO 0xb1

#define SAN_STATUS 0x0000
#define SAN_FAILURE_MODE 0x0010 /* COUNT bit 4 */
#define SAN_CLEAR_FAILED 0x0001 /* SANITIZE STATUS EXT COUNT bit 0 */
#define SAN_CRYPTO 0x0011
#define SAN_BLOCK 0x0012
#define SAN_OVERWRITE 0x0014
/* Signatures in the LBA field (ACS-3 7.33): ASCII 'Cryp', 'BkEr', 'OW'. */
#define SAN_CRYPTO_KEY 0x43727970ULL       /* 'Cryp' */
#define SAN_BLOCK_KEY 0x0000426b4572ULL     /* 'BkEr' */
#define SAN_OVERWRITE_KEY 0x4f57ULL          /* 'OW' in LBA 47:32 */

static int ata_cmd(const struct fw_transport *t, struct fw_ata_tf *tf, int ext,
		   enum fw_dir dir, void *buf, size_t len, unsigned timeout_s)
{
	return t->ata(t->ctx, tf, ext, dir, buf, len, timeout_s);
}

int fw_ata_identify(const struct fw_transport *t, struct ata_identity *id)
{
	/* zeroed first: a transport that reports success without data must
	 * not leave stack garbage to be read as capabilities */
	uint8_t buf[512] = { 0 };
	struct fw_ata_tf tf = { .command = ATA_IDENTIFY, .count = 1 };
	int rc = ata_cmd(t, &tf, 0, FW_DIR_IN, buf, sizeof(buf), 15);
	if (rc)
		return rc;
	/* Word 0 bit 15 is 0 for an ATA device, and an ATA device fills the
	 * model and serial: an all-zero block is no answer. */
	int empty = 1;
	for (size_t i = 0; i < sizeof(buf) && empty; i++)
		empty = buf[i] == 0;
	if (empty || (buf[1] & 0x80))
		return -EIO;
	return fw_ata_parse_identify(buf, id);
}

/* The 512-byte data block of the SECURITY commands (ACS-3 7.41-7.45):
 * word 0 bit 0 = master (1) / user (0); bit 1 = enhanced erase; words 1-16
 * the 32-byte password. */
static void sec_block(uint8_t blk[512], const char *password, int enhanced)
{
	memset(blk, 0, 512);
	blk[0] = enhanced ? 0x02 : 0x00;
	size_t n = strlen(password);
	memcpy(blk + 2, password, n > 32 ? 32 : n);
}

static int sec_disable(const struct fw_transport *t, const char *pw)
{
	uint8_t blk[512];
	struct fw_ata_tf tf = { .command = ATA_SEC_UNLOCK, .count = 1 };
	sec_block(blk, pw, 0);
	/* UNLOCK first when the drive came back locked (after a reset); an
	 * abort here is expected when it is not locked. */
	struct ata_identity id;
	if (fw_ata_identify(t, &id) == 0 && id.sec_locked)
		ata_cmd(t, &tf, 0, FW_DIR_OUT, blk, sizeof(blk), 15);
	tf = (struct fw_ata_tf){ .command = ATA_SEC_DISABLE, .count = 1 };
	int rc = ata_cmd(t, &tf, 0, FW_DIR_OUT, blk, sizeof(blk), 15);
	explicit_bzero(blk, sizeof(blk));
	if (rc)
		return rc;
	if (fw_ata_identify(t, &id) != 0)
		return -EIO;
	return id.sec_enabled ? -EIO : 0;
}

static const char frozen_remedy[] =
	"The drive's security is frozen: the BIOS froze it at boot. Put the computer "
	"to sleep and wake it up (rtcwake -m mem -s 5), or, on a hot-plug bay, unplug "
	"and replug the drive's power, then run reco wipe again.";

static void ata_security_erase(const struct fw_job *job, struct fw_result *r)
{
	const struct fw_transport *t = job->t;
	int enhanced = job->method == FW_ATA_SECURE_ERASE_ENHANCED;
	const char *pw = job->password;
	struct ata_identity id;

	if (!pw || strlen(pw) < 8) {
		r->status = FW_IO;
		snprintf(r->reason, sizeof(r->reason), "no temporary password was given (one is drawn per run)");
		return;
	}

	if (fw_ata_identify(t, &id) != 0) {
		r->status = FW_IO;
		snprintf(r->reason, sizeof(r->reason), "IDENTIFY DEVICE failed");
		return;
	}
	if (!id.sec_supported || (enhanced && !id.sec_enhanced_supported)) {
		r->status = FW_UNSUPPORTED;
		snprintf(r->reason, sizeof(r->reason), "the drive does not support %s",
			 enhanced ? "enhanced security erase" : "the ATA security feature set");
		return;
	}
	if (id.sec_frozen) {
		r->status = FW_FROZEN;
		snprintf(r->reason, sizeof(r->reason), "ATA security is frozen");
		snprintf(r->remedy, sizeof(r->remedy), "%s", frozen_remedy);
		return;
	}
	if (id.sec_locked || id.sec_enabled) {
		r->status = FW_LOCKED;
		snprintf(r->reason, sizeof(r->reason), "%s",
			 id.sec_locked ? "the drive is locked with a password reco does not know"
				       : "the drive already has a security password reco does not know");
		snprintf(r->remedy, sizeof(r->remedy),
			 "Unlock it with its password (hdparm --user-master u --security-disable "
			 "PASSWORD /dev/sdX), or use the overwrite method.");
		return;
	}
	if (id.sec_count_expired) {
		r->status = FW_LOCKED;
		snprintf(r->reason, sizeof(r->reason), "the password attempt counter has expired");
		snprintf(r->remedy, sizeof(r->remedy), "Power the drive off and on again, then retry.");
		return;
	}

	unsigned est = enhanced ? id.enhanced_erase_minutes : id.erase_minutes;
	int open = enhanced ? id.enhanced_erase_open : id.erase_open;
	uint64_t cap = job->capacity_bytes ? job->capacity_bytes : id.max_lba * 512;
	unsigned timeout_s = job->timeout_s ? job->timeout_s : fw_ata_erase_timeout(est, open, cap);
	char estimate[64];
	if (!est)
		snprintf(estimate, sizeof(estimate), "no drive estimate");
	else
		snprintf(estimate, sizeof(estimate), "drive estimate %s%u min", open ? "over " : "", est);
	snprintf(r->command, sizeof(r->command),
		 "ATA SECURITY ERASE UNIT (%s), temporary user password, timeout %u min (%s)",
		 enhanced ? "enhanced" : "normal", timeout_s / 60, estimate);

	/* The password is recorded where the person can find it before the
	 * drive knows it: a power cut from here on leaves a drive that
	 * `reco wipe --unlock` can open. */
	if (!job->before_password || job->before_password(job->password_arg, pw) != 0) {
		r->status = FW_IO;
		snprintf(r->reason, sizeof(r->reason),
			 "the temporary password could not be recorded in the session; nothing was sent to the drive");
		return;
	}
	uint8_t blk[512];
	sec_block(blk, pw, 0);
	struct fw_ata_tf tf = { .command = ATA_SEC_SET_PASS, .count = 1 };
	int rc = ata_cmd(t, &tf, 0, FW_DIR_OUT, blk, sizeof(blk), 15);
	if (rc) {
		explicit_bzero(blk, sizeof(blk));
		r->status = rc == -EIO ? FW_REFUSED : FW_IO;
		snprintf(r->reason, sizeof(r->reason), "SECURITY SET PASSWORD was refused (status %02x error %02x)",
			 tf.status, tf.error);
		return;
	}
	r->password = FW_PW_SET;
	if (fw_ata_identify(t, &id) != 0 || !id.sec_enabled) {
		explicit_bzero(blk, sizeof(blk));
		r->status = FW_FAILED;
		snprintf(r->reason, sizeof(r->reason), "the temporary password was not accepted by the drive");
		/* Nothing to clear if it did not take; try anyway. */
		r->password = sec_disable(t, pw) == 0 || (fw_ata_identify(t, &id) == 0 && !id.sec_enabled)
				      ? FW_PW_CLEARED : FW_PW_LEFT;
		return;
	}
	if (job->progress)
		job->progress(job->progress_arg, FW_PROGRESS_PASSWORD_SET);

	tf = (struct fw_ata_tf){ .command = ATA_SEC_ERASE_PREP };
	rc = ata_cmd(t, &tf, 0, FW_DIR_NONE, NULL, 0, 15);
	if (rc == 0) {
		sec_block(blk, pw, enhanced);
		tf = (struct fw_ata_tf){ .command = ATA_SEC_ERASE_UNIT, .count = 1 };
		rc = ata_cmd(t, &tf, 0, FW_DIR_OUT, blk, sizeof(blk), timeout_s);
	}
	explicit_bzero(blk, sizeof(blk));
	if (rc == 0) {
		r->status = FW_OK;
	} else {
		r->status = rc == -ETIMEDOUT ? FW_TIMEOUT : rc == -EIO ? FW_FAILED : FW_IO;
		snprintf(r->reason, sizeof(r->reason),
			 rc == -ETIMEDOUT ? "SECURITY ERASE UNIT did not complete within %u minutes"
					  : "SECURITY ERASE UNIT failed (timeout was %u minutes)",
			 timeout_s / 60);
	}

	/* A successful erase clears the user password; make sure, and clear it
	 * ourselves after a failure. */
	r->password = FW_PW_CLEARED;
	if (fw_ata_identify(t, &id) != 0 || id.sec_enabled) {
		if (sec_disable(t, pw) != 0) {
			r->password = FW_PW_LEFT;
			if (r->status == FW_OK)
				r->status = FW_PASSWORD_LEFT;
			snprintf(r->remedy, sizeof(r->remedy),
				 "The drive still has the temporary user password recorded in the session. Remove it "
				 "with: reco wipe --unlock DISK --session DIR (or hdparm --user-master u "
				 "--security-unlock PASSWORD, then --security-disable PASSWORD).");
			if (!r->reason[0])
				snprintf(r->reason, sizeof(r->reason),
					 "the temporary password could not be cleared");
		}
	}
}

int fw_ata_unlock(const struct fw_transport *t, const char *pw, char *why, size_t size)
{
	struct ata_identity id;
	int rc = fw_ata_identify(t, &id);
	if (rc) {
		snprintf(why, size, "IDENTIFY DEVICE failed: %s", strerror(-rc));
		return rc;
	}
	if (!id.sec_supported || !id.sec_enabled) {
		snprintf(why, size, "the drive has no security password: nothing to remove");
		return 0;
	}
	if (id.sec_frozen) {
		snprintf(why, size, "ATA security is frozen. %s", frozen_remedy);
		return -EPERM;
	}
	if (id.sec_count_expired) {
		snprintf(why, size, "the password attempt counter has expired: power the drive off and on again, then retry");
		return -EPERM;
	}
	uint8_t blk[512];
	sec_block(blk, pw, 0);
	if (id.sec_locked) {
		struct fw_ata_tf tf = { .command = ATA_SEC_UNLOCK, .count = 1 };
		rc = ata_cmd(t, &tf, 0, FW_DIR_OUT, blk, sizeof(blk), 15);
		if (rc) {
			explicit_bzero(blk, sizeof(blk));
			snprintf(why, size, "SECURITY UNLOCK was refused: the password in the session is not the drive's");
			return rc == -EIO ? -EPERM : rc;
		}
	}
	struct fw_ata_tf tf = { .command = ATA_SEC_DISABLE, .count = 1 };
	rc = ata_cmd(t, &tf, 0, FW_DIR_OUT, blk, sizeof(blk), 15);
	explicit_bzero(blk, sizeof(blk));
	if (rc) {
		snprintf(why, size, "SECURITY DISABLE PASSWORD was refused");
		return rc == -EIO ? -EPERM : rc;
	}
	if ((rc = fw_ata_identify(t, &id)) != 0 || id.sec_enabled) {
		snprintf(why, size, "the drive still reports a security password after SECURITY DISABLE PASSWORD");
		return rc ? rc : -EIO;
	}
	snprintf(why, size, "the temporary password was removed: the drive is unlocked");
	return 0;
}

static void ata_sanitize(const struct fw_job *job, struct fw_result *r)
{
	const struct fw_transport *t = job->t;
	struct ata_identity id;
	if (fw_ata_identify(t, &id) != 0) {
		r->status = FW_IO;
		snprintf(r->reason, sizeof(r->reason), "IDENTIFY DEVICE failed");
		return;
	}
	struct fw_ata_tf tf = { .command = ATA_SANITIZE };
	int ok;
	const char *what;
	switch (job->method) {
	case FW_ATA_SANITIZE_BLOCK:
		ok = id.sanitize_block;
		what = "BLOCK ERASE EXT";
		tf.feature = SAN_BLOCK;
		tf.lba = SAN_BLOCK_KEY;
		break;
	case FW_ATA_SANITIZE_CRYPTO:
		ok = id.sanitize_crypto;
		what = "CRYPTO SCRAMBLE EXT";
		tf.feature = SAN_CRYPTO;
		tf.lba = SAN_CRYPTO_KEY;
		break;
	default:
		ok = id.sanitize_overwrite;
		what = "OVERWRITE EXT";
		tf.feature = SAN_OVERWRITE;
		tf.lba = SAN_OVERWRITE_KEY << 32 | job->overwrite_pattern;
		tf.count = 1; /* one pass, no invert */
		r->expect_byte = job->overwrite_pattern == (job->overwrite_pattern & 0xff) * 0x01010101u
					 ? (int)(job->overwrite_pattern & 0xff) : -1;
		break;
	}
	/* FAILURE MODE (COUNT bit 4): a failed sanitize may then be cleared
	 * with SANITIZE STATUS EXT / CLEAR SANITIZE OPERATION FAILED; without
	 * it only a later successful sanitize clears the failure. */
	tf.count |= SAN_FAILURE_MODE;
	tf.device = 0x40;
	if (!id.sanitize_supported || !ok) {
		r->status = FW_UNSUPPORTED;
		snprintf(r->reason, sizeof(r->reason), "the drive does not support SANITIZE %s", what);
		return;
	}
	snprintf(r->command, sizeof(r->command), "ATA SANITIZE %s (feature %04xh, LBA %012llxh, count %u)",
		 what, tf.feature, (unsigned long long)tf.lba, tf.count);

	int rc = ata_cmd(t, &tf, 1, FW_DIR_NONE, NULL, 0, 30);
	if (rc) {
		/* Aborted at once: frozen (SANITIZE FREEZE LOCK) or refused. */
		struct fw_ata_tf st = { .command = ATA_SANITIZE, .feature = SAN_STATUS, .device = 0x40 };
		if (ata_cmd(t, &st, 1, FW_DIR_NONE, NULL, 0, 30) == 0 && (st.out_count & (1 << 13))) {
			r->status = FW_FROZEN;
			snprintf(r->reason, sizeof(r->reason), "sanitize is frozen (SANITIZE FREEZE LOCK)");
			snprintf(r->remedy, sizeof(r->remedy),
				 "Sanitize freeze lock lasts until the drive is power-cycled: power the "
				 "computer off completely, then run reco wipe again.");
		} else {
			r->status = rc == -EIO ? FW_REFUSED : FW_IO;
			snprintf(r->reason, sizeof(r->reason), "SANITIZE %s was refused (status %02x error %02x)",
				 what, tf.status, tf.error);
		}
		return;
	}

	unsigned limit_s = job->timeout_s ? job->timeout_s : 24 * 3600;
	unsigned errors = 0;
	for (unsigned waited = 0;; waited += 2) {
		struct fw_ata_tf st = { .command = ATA_SANITIZE, .feature = SAN_STATUS, .device = 0x40 };
		rc = ata_cmd(t, &st, 1, FW_DIR_NONE, NULL, 0, 30);
		r->polls++;
		if (rc == 0 && st.count_truncated) {
			r->status = FW_IO;
			snprintf(r->reason, sizeof(r->reason),
				 "SANITIZE STATUS EXT: the SCSI/ATA translation answers in fixed-format sense, which does "
				 "not carry the status bits (COUNT 15:8): the outcome of SANITIZE %s cannot be read", what);
			return;
		}
		if (rc != 0) {
			/* one status read that fails is not the sanitize failing */
			if (++errors > FW_POLL_ERRORS) {
				r->status = FW_IO;
				snprintf(r->reason, sizeof(r->reason),
					 "SANITIZE STATUS EXT failed %u times in a row: the outcome of SANITIZE %s is unknown",
					 errors, what);
				return;
			}
		} else if (st.out_count & (1 << 15)) {
			if (job->progress)
				job->progress(job->progress_arg, 65536);
			r->status = FW_OK;
			return;
		} else if (st.out_count & (1 << 14)) {
			errors = 0;
			if (job->progress)
				job->progress(job->progress_arg, (uint32_t)(st.out_lba & 0xffff));
		} else {
			/* Neither in progress nor completed: the operation failed.
			 * Clear the failure state (allowed by FAILURE MODE) so the
			 * drive becomes usable, and check that it was. */
			struct fw_ata_tf clr = { .command = ATA_SANITIZE, .feature = SAN_STATUS,
						 .count = SAN_CLEAR_FAILED, .device = 0x40 };
			int cleared = ata_cmd(t, &clr, 1, FW_DIR_NONE, NULL, 0, 30) == 0;
			r->status = FW_FAILED;
			snprintf(r->reason, sizeof(r->reason), "the drive reports SANITIZE %s failed", what);
			if (!cleared)
				snprintf(r->remedy, sizeof(r->remedy),
					 "The drive stays in sanitize failure mode (media access is refused) until a "
					 "sanitize completes: run the wipe again.");
			return;
		}
		if (waited >= limit_s) {
			r->status = FW_TIMEOUT;
			snprintf(r->reason, sizeof(r->reason), "SANITIZE %s still running after %u minutes",
				 what, limit_s / 60);
			return;
		}
		t->sleep_ms(t->ctx, 2000);
	}
}

/* A sanitize running when reco starts (a power cut during an earlier run:
 * sanitize resumes by itself after power-on) is waited for and reported;
 * no command is sent over it.  0 to go on, or -1 with r filled. */
static int ata_wait_previous(const struct fw_job *job, struct fw_result *r)
{
	const struct fw_transport *t = job->t;
	struct fw_ata_tf st = { .command = ATA_SANITIZE, .feature = SAN_STATUS, .device = 0x40 };
	if (ata_cmd(t, &st, 1, FW_DIR_NONE, NULL, 0, 30) != 0 || st.count_truncated || !(st.out_count & (1 << 14)))
		return 0;
	unsigned polls = 0, errors = 0;
	for (unsigned waited = 0; waited < FW_PREVIOUS_WAIT_S; waited += 2) {
		t->sleep_ms(t->ctx, 2000);
		st = (struct fw_ata_tf){ .command = ATA_SANITIZE, .feature = SAN_STATUS, .device = 0x40 };
		int rc = ata_cmd(t, &st, 1, FW_DIR_NONE, NULL, 0, 30);
		polls++;
		if (rc != 0 || st.count_truncated) {
			if (++errors > FW_POLL_ERRORS)
				break;
			continue;
		}
		errors = 0;
		if (st.out_count & (1 << 14)) {
			if (job->progress)
				job->progress(job->progress_arg, (uint32_t)(st.out_lba & 0xffff));
			continue;
		}
		return fw_previous_end(r, polls, (st.out_count & (1 << 15)) ? "completed" : "did not complete successfully",
				       0);
	}
	return fw_previous_end(r, polls, NULL, errors > FW_POLL_ERRORS);
}

void fw_ata_run(const struct fw_job *job, struct fw_result *r)
{
	if (ata_wait_previous(job, r) != 0)
		return;
	if (job->method == FW_ATA_SECURE_ERASE || job->method == FW_ATA_SECURE_ERASE_ENHANCED)
		ata_security_erase(job, r);
	else
		ata_sanitize(job, r);
}

/* ---- HPA / DCO ------------------------------------------------------------- */

/* The reply of READ / GET NATIVE MAX ADDRESS EXT: the last LBA. */
static int native_reply(int rc, const struct fw_ata_tf *tf, uint64_t *native_max)
{
	if (rc)
		return rc;
	if (!tf->regs)
		return -EPROTO;
	if (tf->lba_truncated)
		return -ERANGE;
	*native_max = tf->out_lba + 1;
	return 0;
}

int fw_ata_hpa(const struct fw_transport *t, uint64_t *current_max, uint64_t *native_max, const char **how)
{
	struct ata_identity id;
	int rc = fw_ata_identify(t, &id);
	if (rc)
		return rc;
	*current_max = id.max_lba;
	struct fw_ata_tf tf = { .device = 0x40 };
	if (id.amac_supported) {
		*how = "GET NATIVE MAX ADDRESS EXT (78h/0000h)";
		tf.command = ATA_AMAC;
		tf.feature = 0x0000;
	} else if (id.hpa_supported) {
		*how = "READ NATIVE MAX ADDRESS EXT (27h)";
		tf.command = ATA_READ_NATIVE_MAX_EXT;
	} else {
		*how = "IDENTIFY DEVICE words 82 and 119";
		return -ENOTSUP;
	}
	rc = ata_cmd(t, &tf, 1, FW_DIR_NONE, NULL, 0, 15);
	return native_reply(rc, &tf, native_max);
}

int fw_ata_remove_hpa(const struct fw_transport *t, uint64_t native_max)
{
	if (native_max == 0)
		return -EINVAL;
	struct ata_identity id;
	int rc = fw_ata_identify(t, &id);
	if (rc)
		return rc;
	struct fw_ata_tf tf = { .device = 0x40 };
	if (id.amac_supported) {
		/* SET ACCESSIBLE MAX ADDRESS EXT: always non-volatile */
		tf = (struct fw_ata_tf){ .command = ATA_AMAC, .feature = 0x0001, .device = 0x40,
					 .lba = native_max - 1 };
	} else {
		/* SET MAX ADDRESS EXT must follow READ NATIVE MAX ADDRESS EXT. */
		tf.command = ATA_READ_NATIVE_MAX_EXT;
		rc = ata_cmd(t, &tf, 1, FW_DIR_NONE, NULL, 0, 15);
		if (rc)
			return rc;
		tf = (struct fw_ata_tf){ .command = ATA_SET_MAX_EXT, .device = 0x40,
					 .lba = native_max - 1, .count = 0x01 /* VV: keep over power cycles */ };
	}
	rc = ata_cmd(t, &tf, 1, FW_DIR_NONE, NULL, 0, 15);
	if (rc)
		return rc;
	rc = fw_ata_identify(t, &id);
	if (rc)
		return rc;
	return id.max_lba == native_max ? 0 : -EIO;
}

int fw_ata_dco_max(const struct fw_transport *t, uint64_t *dco_max)
{
	struct ata_identity id;
	int rc = fw_ata_identify(t, &id);
	if (rc)
		return rc;
	if (!id.dco_supported)
		return -ENOTSUP;
	uint8_t buf[512];
	struct fw_ata_tf tf = { .command = ATA_DCO, .feature = 0xc2, .count = 1, .device = 0x40 };
	rc = ata_cmd(t, &tf, 0, FW_DIR_IN, buf, sizeof(buf), 15);
	if (rc)
		return rc;
	*dco_max = (uint64_t)w(buf, 3) | (uint64_t)w(buf, 4) << 16 |
		   (uint64_t)w(buf, 5) << 32 | (uint64_t)w(buf, 6) << 48;
	*dco_max += 1; /* words 3-6 give the maximum LBA */
	return 0;
}

int fw_ata_dco_restore(const struct fw_transport *t)
{
	struct fw_ata_tf tf = { .command = ATA_DCO, .feature = 0xc0, .device = 0x40 };
	return ata_cmd(t, &tf, 0, FW_DIR_NONE, NULL, 0, 15);
}
