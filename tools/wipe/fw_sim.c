/*
 * fw_sim.c — a simulated drive behind struct fw_transport, for the tests of
 * the firmware methods: the ATA security state machine (disabled, enabled,
 * locked, frozen, password mismatch, attempt counter expired), ATA/NVMe/SCSI
 * sanitize with progress and failure, NVMe SANICAP/FNA combinations, format
 * with and without crypto support, HPA/DCO, and drives that time out, refuse
 * or lie (report success and leave the data).
 *
 * It answers the same commands, encoded the same way, as a real drive would
 * (IDENTIFY blocks, status registers, NVMe status codes, sense data), so the
 * procedures in fw_ata.c / fw_nvme.c / fw_scsi.c run unchanged on it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

#include "fw_transport.h"

void fw_sim_init(struct fw_sim_drive *d, enum fw_sim_kind kind)
{
	memset(d, 0, sizeof(*d));
	d->kind = kind;
	for (size_t i = 0; i < sizeof(d->media); i++)
		d->media[i] = (uint8_t)(0x5a ^ (i * 7));
	d->max_lba = d->native_max = 2000000;
	d->sec_supported = d->sec_enhanced = 1;
	d->attempts_left = 5;
	d->erase_units = 30; /* 60 minutes */
	d->san_block = d->san_crypto = d->san_overwrite = 1;
	d->san_polls_needed = 3;
	d->dco = 1;
	d->format_supported = d->fna_crypto = 1;
	d->media_fd = -1;
	d->log_fd = -1;
	d->dlfeat = 2; /* deallocated blocks read FFh: an overwrite must not deallocate */
}

int fw_sim_state_load(struct fw_sim_drive *d, const char *file)
{
	snprintf(d->state_file, sizeof(d->state_file), "%s", file);
	FILE *f = fopen(file, "r");
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	char line[128];
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "enabled=", 8))
			d->sec_enabled = atoi(line + 8);
		else if (!strncmp(line, "locked=", 7))
			d->sec_locked = atoi(line + 7);
		else if (!strncmp(line, "attempts=", 9))
			d->attempts_left = atoi(line + 9);
		else if (!strncmp(line, "password=", 9))
			snprintf(d->password, sizeof(d->password), "%.32s", line + 9);
	}
	fclose(f);
	return 0;
}

void fw_sim_state_save(const struct fw_sim_drive *d)
{
	if (!d->state_file[0])
		return;
	FILE *f = fopen(d->state_file, "w");
	if (!f)
		return;
	fprintf(f, "enabled=%d\nlocked=%d\nattempts=%d\npassword=%s\n", d->sec_enabled, d->sec_locked,
		d->attempts_left, d->password);
	fclose(f);
}

void fw_sim_power_cycle(struct fw_sim_drive *d)
{
	if (d->nv_max)
		d->max_lba = d->nv_max;
	d->prepared = 0;
	if (d->sec_enabled)
		d->sec_locked = 1; /* ATA security: a drive with a password comes up locked */
}

int fw_sim_from_spec(struct fw_sim_drive *d, const char *spec)
{
	char buf[128];
	if (!spec || strlen(spec) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, spec);
	char *save = NULL, *tok = strtok_r(buf, ",", &save);
	if (!tok)
		return -EINVAL;
	if (!strcmp(tok, "ata"))
		fw_sim_init(d, FW_SIM_ATA);
	else if (!strcmp(tok, "nvme"))
		fw_sim_init(d, FW_SIM_NVME);
	else if (!strcmp(tok, "scsi"))
		fw_sim_init(d, FW_SIM_SCSI);
	else
		return -EINVAL;
	while ((tok = strtok_r(NULL, ",", &save))) {
		if (!strcmp(tok, "lie"))
			d->lie = 1;
		else if (!strcmp(tok, "fail"))
			d->fail_erase = 1;
		else if (!strcmp(tok, "frozen"))
			d->sec_frozen = d->san_frozen = 1;
		else if (!strcmp(tok, "hpa"))
			d->hpa = 1;
		else if (!strcmp(tok, "garbage"))
			d->garbage = 1;
		else if (!strcmp(tok, "hdd"))
			d->rotational = 1;
		else if (!strcmp(tok, "nosanitize"))
			d->san_block = d->san_crypto = d->san_overwrite = 0;
		else if (!strcmp(tok, "nocrypto"))
			d->san_crypto = d->fna_crypto = 0;
		else if (!strcmp(tok, "nosecurity"))
			d->sec_supported = 0;
		else if (!strcmp(tok, "fna_all"))
			d->fna_all_ns = 1;
		else if (!strcmp(tok, "amac"))
			d->amac = 1;
		else if (!strcmp(tok, "nohpa"))
			d->nohpa = 1;
		else if (!strcmp(tok, "dco"))
			d->dco_max = 1; /* sized by the caller: see fw_target_transport */
		else if (!strcmp(tok, "sat"))
			d->sat = 1;
		else if (!strcmp(tok, "fixedsense"))
			d->sat = d->sense_fixed = 1;
		else if (!strcmp(tok, "bridge"))
			d->sat = d->sat_refused = 1;
		else if (!strcmp(tok, "emptyid"))
			d->sat = d->empty_identify = 1;
		else if (!strcmp(tok, "nodisable"))
			d->fail_disable = 1;
		else if (!strcmp(tok, "inprogress")) {
			d->san_state = 1;
			d->san_action = d->kind == FW_SIM_SCSI ? 2 : 0x12; /* a block erase */
			d->last_sanitize_cdw10 = 2;
		}
		else
			return -EINVAL;
	}
	return 0;
}

static void put_w(uint8_t *id, unsigned n, uint16_t v)
{
	id[2 * n] = (uint8_t)v;
	id[2 * n + 1] = (uint8_t)(v >> 8);
}

static void put_ata_string(uint8_t *id, unsigned first, unsigned words, const char *s)
{
	size_t n = strlen(s);
	for (unsigned i = 0; i < words * 2; i++) {
		char c = i < n ? s[i] : ' ';
		/* high byte of each word first */
		id[2 * first + (i ^ 1)] = (uint8_t)c;
	}
}

static void ata_identify(const struct fw_sim_drive *d, uint8_t id[512])
{
	memset(id, 0, 512);
	put_ata_string(id, 10, 10, "SIM0001");
	put_ata_string(id, 23, 4, "1.0");
	put_ata_string(id, 27, 20, "reco simulated ATA");
	put_w(id, 59, (uint16_t)((d->san_block || d->san_crypto || d->san_overwrite ? 1 << 12 : 0) |
				 (d->san_crypto ? 1 << 13 : 0) | (d->san_overwrite ? 1 << 14 : 0) |
				 (d->san_block ? 1 << 15 : 0)));
	put_w(id, 60, (uint16_t)(d->max_lba > 0x0fffffff ? 0xffff : d->max_lba));
	put_w(id, 61, (uint16_t)(d->max_lba > 0x0fffffff ? 0x0fff : d->max_lba >> 16));
	put_w(id, 82, (uint16_t)((d->sec_supported ? 1 << 1 : 0) | (d->amac || d->nohpa ? 0 : 1 << 10)));
	put_w(id, 119, (uint16_t)(1 << 14 | (d->amac ? 1 << 8 : 0)));
	put_w(id, 83, (uint16_t)(1 << 14 | 1 << 10 | (d->dco ? 1 << 11 : 0)));
	put_w(id, 85, (uint16_t)(d->sec_enabled ? 1 << 1 : 0));
	put_w(id, 89, (uint16_t)d->erase_units);
	put_w(id, 90, (uint16_t)(d->sec_enhanced ? d->erase_units : 0));
	for (int i = 0; i < 4; i++)
		put_w(id, 100 + (unsigned)i, (uint16_t)(d->max_lba >> (16 * i)));
	put_w(id, 128, (uint16_t)(d->sec_supported ? (1 | (d->sec_enabled ? 2 : 0) | (d->sec_locked ? 4 : 0) |
						      (d->sec_frozen ? 8 : 0) | (d->attempts_left <= 0 ? 16 : 0) |
						      (d->sec_enhanced ? 32 : 0))
						 : 0));
	put_w(id, 169, 1);
	put_w(id, 217, (uint16_t)(d->rotational ? 7200 : 1));
	id[510] = 0xa5;
	uint8_t sum = 0;
	for (int i = 0; i < 511; i++)
		sum = (uint8_t)(sum + id[i]);
	id[511] = (uint8_t)(0 - sum);
}

/* value 0x00 or 0xa5 fills; ERASE_SCRAMBLE leaves unreadable garbage, as a
 * cryptographic erase does. */
#define ERASE_SCRAMBLE 0x100
static void erase_media(struct fw_sim_drive *d, unsigned value)
{
	if (d->lie)
		return;
	if (d->garbage)
		value = ERASE_SCRAMBLE;
	uint32_t x = 0x12345678u ^ (uint32_t)d->commands;
	if (d->media_fd < 0) {
		for (size_t i = 0; i < sizeof(d->media); i++) {
			x = x * 1103515245u + 12345u;
			d->media[i] = value == ERASE_SCRAMBLE ? (uint8_t)(x >> 16) : (uint8_t)value;
		}
		return;
	}
	unsigned char *buf;
	/* aligned: the target may be open with O_DIRECT */
	if (posix_memalign((void **)&buf, 4096, 1 << 20))
		return;
	for (uint64_t off = 0; off < d->media_size; off += 1 << 20) {
		size_t n = d->media_size - off < (1 << 20) ? (size_t)(d->media_size - off) : (size_t)(1 << 20);
		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			buf[i] = value == ERASE_SCRAMBLE ? (uint8_t)(x >> 16) : (uint8_t)value;
		}
		if (pwrite(d->media_fd, buf, n, (off_t)off) != (ssize_t)n)
			break;
	}
	fdatasync(d->media_fd);
	free(buf);
}

static int pw_matches(const struct fw_sim_drive *d, const uint8_t *blk)
{
	char pw[33];
	memcpy(pw, blk + 2, 32);
	pw[32] = '\0';
	return strncmp(pw, d->password, 32) == 0;
}

static int sim_ata_cmd(struct fw_sim_drive *d, struct fw_ata_tf *tf, enum fw_dir dir, uint8_t *blk, size_t len);

static int sim_ata(void *ctx, struct fw_ata_tf *tf, int ext, enum fw_dir dir, void *buf, size_t len,
		   unsigned timeout_s)
{
	struct fw_sim_drive *d = ctx;
	(void)ext;
	(void)timeout_s;
	d->commands++;
	d->last_ata_command = tf->command;
	d->last_ata_feature = tf->feature;
	d->last_ata_lba = tf->lba;
	if (d->log_fd >= 0)
		dprintf(d->log_fd, "ata %02x feature %04x count %04x lba %llx\n", tf->command, tf->feature, tf->count,
			(unsigned long long)tf->lba);
	tf->status = 0x50;
	tf->error = 0;
	tf->regs = 1;
	tf->lba_truncated = tf->count_truncated = 0;
	if (d->kind != FW_SIM_ATA || d->refuse_all)
		goto abort;
	uint8_t *blk = buf;
	/* while a sanitize runs, the drive aborts everything but IDENTIFY and
	 * SANITIZE STATUS EXT */
	if (d->san_state == 1 && tf->command != 0xec && !(tf->command == 0xb4 && tf->feature == 0))
		goto abort;
	int rc = sim_ata_cmd(d, tf, dir, blk, len);
	fw_sim_state_save(d);
	return rc;
abort:
	tf->status = 0x51;
	tf->error = 0x04; /* ABRT */
	return -EIO;
}

static int sim_ata_cmd(struct fw_sim_drive *d, struct fw_ata_tf *tf, enum fw_dir dir, uint8_t *blk, size_t len)
{

	switch (tf->command) {
	case 0xec:
		if (dir != FW_DIR_IN || len < 512)
			goto abort;
		ata_identify(d, blk);
		return 0;
	case 0xf1: /* SET PASSWORD */
		if (!d->sec_supported || d->sec_frozen || d->sec_locked || len < 512)
			goto abort;
		memcpy(d->password, blk + 2, 32);
		d->password[32] = '\0';
		d->sec_enabled = 1;
		return 0;
	case 0xf2: /* UNLOCK */
		if (!d->sec_locked || d->sec_frozen)
			goto abort;
		if (!pw_matches(d, blk)) {
			d->attempts_left--;
			goto abort;
		}
		d->sec_locked = 0;
		return 0;
	case 0xf3:
		if (!d->sec_supported || d->sec_frozen)
			goto abort;
		d->prepared = 1;
		return 0;
	case 0xf4: /* ERASE UNIT */
		if (!d->prepared || d->sec_frozen || !d->sec_enabled || d->attempts_left <= 0) {
			d->prepared = 0;
			goto abort;
		}
		d->prepared = 0;
		if ((blk[0] & 2) && !d->sec_enhanced)
			goto abort;
		if (!pw_matches(d, blk)) {
			d->attempts_left--;
			goto abort;
		}
		if (d->timeout_erase)
			return -ETIMEDOUT;
		if (d->fail_erase)
			goto abort;
		erase_media(d, (blk[0] & 2) ? 0xa5 : 0x00);
		d->sec_enabled = 0;
		d->sec_locked = 0;
		memset(d->password, 0, sizeof(d->password));
		return 0;
	case 0xf6: /* DISABLE PASSWORD */
		if (d->fail_disable || d->sec_locked || d->sec_frozen || !pw_matches(d, blk))
			goto abort;
		d->sec_enabled = 0;
		memset(d->password, 0, sizeof(d->password));
		return 0;
	case 0xb4: /* SANITIZE */
		if (tf->feature == 0x0000) {
			uint16_t out = 0;
			if (d->poll_errors > 0) {
				d->poll_errors--;
				return -EIO; /* a transport error, not an abort */
			}
			/* CLEAR SANITIZE OPERATION FAILED: only with FAILURE MODE */
			if (tf->count & 1 && d->san_state == 3 && d->san_clearable)
				d->san_state = 0;
			if (d->san_state == 1 && ++d->san_polls >= d->san_polls_needed) {
				d->san_state = d->fail_erase ? 3 : 2;
				if (!d->fail_erase)
					erase_media(d, d->san_action == 0x11 ? ERASE_SCRAMBLE : 0x00);
			}
			if (d->san_state == 2)
				out |= 1 << 15;
			if (d->san_state == 1)
				out |= 1 << 14;
			if (d->san_frozen)
				out |= 1 << 13;
			tf->out_count = out;
			tf->out_lba = d->san_state == 1 ? (uint64_t)(d->san_polls * 65535 / d->san_polls_needed) : 0;
			d->last_ata_feature = 0;
			return 0;
		}
		if (d->san_frozen)
			goto abort;
		if ((tf->feature == 0x0011 && (!d->san_crypto || tf->lba != 0x43727970ULL)) ||
		    (tf->feature == 0x0012 && (!d->san_block || tf->lba != 0x426b4572ULL)) ||
		    (tf->feature == 0x0014 && (!d->san_overwrite || tf->lba >> 32 != 0x4f57)))
			goto abort;
		if (tf->feature != 0x0011 && tf->feature != 0x0012 && tf->feature != 0x0014)
			goto abort;
		d->san_state = 1;
		d->san_polls = 0;
		d->san_action = tf->feature;
		d->san_clearable = !!(tf->count & 0x10);
		return 0;
	case 0x27: /* READ NATIVE MAX ADDRESS EXT */
		if (d->amac || d->nohpa)
			goto abort;
		tf->out_lba = d->native_max - 1;
		tf->regs = 1;
		return 0;
	case 0x37: /* SET MAX ADDRESS EXT; COUNT bit 0 = VV */
		if (d->amac || d->nohpa || tf->lba + 1 > d->native_max)
			goto abort;
		d->max_lba = tf->lba + 1;
		d->last_set_max_count = tf->count;
		if (tf->count & 1)
			d->nv_max = d->max_lba;
		else if (!d->nv_max)
			d->nv_max = d->max_lba == d->native_max ? 0 : d->native_max; /* reverts */
		return 0;
	case 0x78: /* ACCESSIBLE MAX ADDRESS CONFIGURATION */
		if (!d->amac)
			goto abort;
		if (tf->feature == 0x0000) {
			tf->out_lba = d->native_max - 1;
			tf->regs = 1;
			return 0;
		}
		if (tf->feature == 0x0001 && tf->lba + 1 <= d->native_max) {
			d->max_lba = d->nv_max = tf->lba + 1;
			return 0;
		}
		goto abort;
	case 0xb1: /* DCO */
		if (!d->dco)
			goto abort;
		if (tf->feature == 0xc2) {
			uint64_t top = d->dco_max ? d->dco_max : d->native_max;
			memset(blk, 0, 512);
			put_w(blk, 0, 2);
			for (int i = 0; i < 4; i++)
				put_w(blk, 3 + (unsigned)i, (uint16_t)((top - 1) >> (16 * i)));
			return 0;
		}
		if (tf->feature == 0xc0) {
			/* RESTORE: aborted while an HPA is set or the DCO is frozen */
			if (d->dco_frozen || d->max_lba < d->native_max)
				goto abort;
			if (d->dco_max)
				d->native_max = d->max_lba = d->dco_max;
			d->nv_max = 0;
			return 0;
		}
		goto abort;
	default:
		goto abort;
	}
abort:
	tf->status = 0x51;
	tf->error = 0x04; /* ABRT */
	return -EIO;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

static int sim_nvme(void *ctx, const struct fw_nvme_cmd *c, void *buf, size_t len, unsigned timeout_s,
		    uint32_t *result)
{
	struct fw_sim_drive *d = ctx;
	uint8_t *b = buf;
	(void)timeout_s;
	d->commands++;
	if (result)
		*result = 0;
	if (d->kind != FW_SIM_NVME || d->refuse_all)
		return 0x1; /* invalid command opcode */
	switch (c->opcode) {
	case 0x06:
		if (len < 4096)
			return 0x2;
		memset(b, 0, 4096);
		if ((c->cdw10 & 0xff) == 1) {
			memcpy(b + 4, "SIMNVME0001         ", 20);
			memcpy(b + 24, "reco simulated NVMe                     ", 40);
			memcpy(b + 64, "1.0     ", 8);
			b[256] = d->format_supported ? 0x02 : 0;
			put_le32(b + 328, (uint32_t)((d->san_crypto ? 1 : 0) | (d->san_block ? 2 : 0) |
						     (d->san_overwrite ? 4 : 0)) | (d->ndi ? 1u << 29 : 0));
			put_le32(b + 516, 1);
			b[524] = (uint8_t)((d->fna_all_ns ? 3 : 0) | (d->fna_crypto ? 4 : 0));
		} else if ((c->cdw10 & 0xff) == 0) {
			if (c->nsid != 1)
				return 0x0b; /* invalid namespace */
			for (int i = 0; i < 8; i++)
				b[i] = (uint8_t)(d->max_lba >> (8 * i));
			b[25] = 1;  /* two formats */
			b[33] = (uint8_t)d->dlfeat;
			b[26] = 0;  /* format 0 in use */
			b[128 + 2] = 9;
			b[132 + 2] = 12;
		} else {
			return 0x2;
		}
		return 0;
	case 0x80: /* Format NVM */
		if (d->san_state == 1)
			return 0x1d; /* Sanitize In Progress */
		d->last_format_cdw10 = c->cdw10;
		d->last_format_nsid = c->nsid;
		if (!d->format_supported)
			return 0x1;
		if (((c->cdw10 >> 9) & 7) == 2 && !d->fna_crypto)
			return 0x2;
		if (d->timeout_erase)
			return -ETIMEDOUT;
		if (d->fail_erase)
			return 0x6; /* internal error */
		erase_media(d, ((c->cdw10 >> 9) & 7) == 2 ? ERASE_SCRAMBLE : 0);
		return 0;
	case 0x84: { /* Sanitize */
		unsigned act = c->cdw10 & 7;
		if (d->san_state == 1)
			return 0x1d; /* Sanitize In Progress */
		d->last_sanitize_cdw10 = c->cdw10;
		if (act == 1) { /* Exit Failure Mode: unrestricted completion only */
			if (d->san_state != 3 || !d->san_clearable)
				return 0x1c; /* Sanitize Failed */
			d->san_state = 0;
			return 0;
		}
		if ((act == 2 && !d->san_block) || (act == 3 && !d->san_overwrite) || (act == 4 && !d->san_crypto) ||
		    act == 0 || act > 4)
			return 0x2;
		d->san_clearable = !!(c->cdw10 & (1u << 3)); /* AUSE */
		if ((c->cdw10 & (1u << 9)) && d->ndi)
			return 0x2;
		d->san_state = 1;
		d->san_polls = 0;
		return 0;
	}
	case 0x02: /* Get Log Page */
		if ((c->cdw10 & 0xff) != 0x81 || len < 20)
			return 0x2;
		if (d->poll_errors > 0) {
			d->poll_errors--;
			return -EIO;
		}
		memset(b, 0, len);
		if (d->san_state == 1 && ++d->san_polls >= d->san_polls_needed) {
			d->san_state = d->fail_erase ? 3 : 2;
			unsigned act = d->last_sanitize_cdw10 & 7;
			int dealloc = !(d->last_sanitize_cdw10 & (1u << 9));
			if (d->fail_erase)
				;
			else if (act == 3 && dealloc) /* overwritten, then deallocated */
				erase_media(d, d->dlfeat == 1 ? 0x00 : d->dlfeat == 2 ? 0xff : ERASE_SCRAMBLE);
			else
				erase_media(d, act == 4 ? ERASE_SCRAMBLE : 0);
		}
		if (d->san_state == 1) {
			unsigned prog = d->san_polls * 65535 / d->san_polls_needed;
			b[0] = (uint8_t)prog, b[1] = (uint8_t)(prog >> 8);
		}
		b[2] = (uint8_t)(d->san_state == 1 ? 2 : d->san_state == 2 ? ((d->last_sanitize_cdw10 & (1u << 9)) ? 4 : 1)
								: d->san_state == 3 ? 3 : 0);
		return 0;
	default:
		return 0x1;
	}
}

static void fixed_sense(uint8_t *s, size_t *len, uint8_t key, uint8_t asc, uint8_t ascq, int prog, unsigned p)
{
	memset(s, 0, 18);
	s[0] = 0x70;
	s[2] = key;
	s[7] = 10;
	s[12] = asc;
	s[13] = ascq;
	if (prog) {
		s[15] = 0x80;
		s[16] = (uint8_t)(p >> 8);
		s[17] = (uint8_t)p;
	}
	*len = 18;
}

static int sim_scsi(void *ctx, const uint8_t *cdb, size_t cdb_len, enum fw_dir dir, void *buf, size_t len,
		    uint8_t *sense, size_t *sense_len, unsigned timeout_s)
{
	struct fw_sim_drive *d = ctx;
	(void)dir;
	(void)timeout_s;
	d->commands++;
	memcpy(d->last_cdb, cdb, cdb_len > 16 ? 16 : cdb_len);
	if (d->kind != FW_SIM_SCSI || d->refuse_all) {
		fixed_sense(sense, sense_len, 0x05, 0x20, 0x00, 0, 0);
		return 1;
	}
	if (cdb[0] == 0x48) {
		unsigned sa = cdb[1] & 0x1f;
		if (d->san_state == 1) {
			fixed_sense(sense, sense_len, 0x02, 0x04, 0x1b, 0, 0);
			return 1;
		}
		if (sa == 0x1f) { /* EXIT FAILURE MODE: only after an AUSE sanitize */
			if (d->san_state != 3 || !d->san_clearable) {
				fixed_sense(sense, sense_len, 0x05, 0x24, 0x00, 0, 0);
				return 1;
			}
			d->san_state = 0;
			return 0;
		}
		if ((sa == 1 && !d->san_overwrite) || (sa == 2 && !d->san_block) || (sa == 3 && !d->san_crypto) ||
		    sa == 0 || (sa > 3 && sa != 0x1f)) {
			fixed_sense(sense, sense_len, 0x05, 0x24, 0x00, 0, 0);
			return 1;
		}
		d->san_state = 1;
		d->san_polls = 0;
		d->san_action = sa;
		d->san_clearable = !!(cdb[1] & 0x20); /* AUSE */
		return 0;
	}
	if (cdb[0] == 0xa3 && (cdb[1] & 0x1f) == 0x0c && cdb[3] == 0x48) {
		unsigned sa = (unsigned)(cdb[4] << 8 | cdb[5]);
		int ok = (sa == 1 && d->san_overwrite) || (sa == 2 && d->san_block) || (sa == 3 && d->san_crypto);
		uint8_t *b = buf;
		memset(b, 0, len);
		if (len >= 2)
			b[1] = ok ? 3 : 1;
		return 0;
	}
	if (cdb[0] == 0x03) {
		size_t l = len;
		if (d->poll_errors > 0) {
			d->poll_errors--;
			return -EIO;
		}
		if (d->unit_attention && d->san_state == 1) { /* a reset while sanitizing */
			d->unit_attention = 0;
			fixed_sense(buf, &l, 0x06, 0x29, 0x00, 0, 0); /* POWER ON, RESET */
			return 0;
		}
		if (d->san_state == 1 && ++d->san_polls >= d->san_polls_needed) {
			d->san_state = d->fail_erase ? 3 : 2;
			if (!d->fail_erase)
				erase_media(d, d->san_action == 3 ? ERASE_SCRAMBLE : 0);
		}
		if (d->san_state == 1)
			fixed_sense(buf, &l, 0x02, 0x04, 0x1b, 1, d->san_polls * 65535 / d->san_polls_needed);
		else if (d->san_state == 3)
			fixed_sense(buf, &l, 0x03, 0x31, 0x03, 0, 0);
		else
			fixed_sense(buf, &l, 0x00, 0x00, 0x00, 0, 0);
		return 0;
	}
	fixed_sense(sense, sense_len, 0x05, 0x20, 0x00, 0, 0);
	return 1;
}

/* ---- the SCSI/ATA translation layer of a simulated ATA drive ----------- */

/* Sense data carrying the ATA registers, as a SATL returns them. */
static size_t sat_sense(const struct fw_sim_drive *d, uint8_t *s, uint8_t key, uint8_t asc, uint8_t ascq,
			const struct fw_ata_tf *tf, int ext)
{
	if (d->sense_fixed) {
		memset(s, 0, 18);
		s[0] = 0x70;
		s[2] = key;
		s[3] = tf->error;
		s[4] = tf->status;
		s[5] = tf->device;
		s[6] = (uint8_t)tf->out_count;
		s[7] = 10;
		s[8] = (uint8_t)((ext ? 0x80 : 0) | (tf->out_count >> 8 ? 0x40 : 0) | (tf->out_lba >> 24 ? 0x20 : 0));
		s[9] = (uint8_t)tf->out_lba;
		s[10] = (uint8_t)(tf->out_lba >> 8);
		s[11] = (uint8_t)(tf->out_lba >> 16);
		s[12] = asc;
		s[13] = ascq;
		return 18;
	}
	memset(s, 0, 22);
	s[0] = 0x72;
	s[1] = key;
	s[2] = asc;
	s[3] = ascq;
	s[7] = 14;
	uint8_t *q = s + 8;
	q[0] = 0x09;
	q[1] = 0x0c;
	q[2] = ext ? 1 : 0;
	q[3] = tf->error;
	q[4] = (uint8_t)(tf->out_count >> 8);
	q[5] = (uint8_t)tf->out_count;
	q[6] = (uint8_t)(tf->out_lba >> 24);
	q[7] = (uint8_t)tf->out_lba;
	q[8] = (uint8_t)(tf->out_lba >> 32);
	q[9] = (uint8_t)(tf->out_lba >> 8);
	q[10] = (uint8_t)(tf->out_lba >> 40);
	q[11] = (uint8_t)(tf->out_lba >> 16);
	q[12] = tf->device;
	q[13] = tf->status;
	return 22;
}

/* Decodes ATA PASS-THROUGH (16) as a SATL would and runs the taskfile on
 * the drive; answers with status, sense and residue. */
static int sim_sg(void *ctx, const uint8_t *cdb, size_t cdb_len, enum fw_dir dir, void *buf, size_t len,
		  uint8_t *sense, size_t *sense_len, unsigned timeout_s, int *status, int *resid)
{
	struct fw_sim_drive *d = ctx;
	*resid = 0;
	*status = 0;
	if (cdb_len != 16 || cdb[0] != 0x85 || d->sat_refused) {
		/* ILLEGAL REQUEST, INVALID COMMAND OPERATION CODE */
		memset(sense, 0, 18);
		sense[0] = 0x70, sense[2] = 0x05, sense[7] = 10, sense[12] = 0x20;
		*sense_len = 18;
		*status = 2;
		return 0;
	}
	int ext = cdb[1] & 1, ck_cond = !!(cdb[2] & 0x20);
	struct fw_ata_tf tf = {
		.feature = (uint16_t)(cdb[3] << 8 | cdb[4]),
		.count = (uint16_t)(cdb[5] << 8 | cdb[6]),
		.lba = (uint64_t)cdb[8] | (uint64_t)cdb[10] << 8 | (uint64_t)cdb[12] << 16 | (uint64_t)cdb[7] << 24 |
		       (uint64_t)cdb[9] << 32 | (uint64_t)cdb[11] << 40,
		.device = cdb[13],
		.command = cdb[14],
	};
	if (!ext) {
		tf.feature &= 0xff, tf.count &= 0xff;
		tf.lba = (tf.lba & 0xffffff) | (uint64_t)(cdb[13] & 0x0f) << 24;
	}
	uint8_t scratch[512];
	void *data = buf;
	int identify = tf.command == 0xec;
	if (identify && (d->short_identify || d->empty_identify))
		data = scratch; /* nothing reaches the caller's buffer */
	int rc = sim_ata(d, &tf, ext, dir, data, len, timeout_s);
	if (rc == -ETIMEDOUT)
		return rc;
	if (identify && d->short_identify)
		*resid = (int)len;
	if (rc == -EIO) {
		*status = 2;
		*sense_len = sat_sense(d, sense, 0x0b, 0x00, 0x00, &tf, ext); /* ABORTED COMMAND */
		return 0;
	}
	if (rc)
		return rc;
	if (ck_cond) {
		*status = 2;
		*sense_len = sat_sense(d, sense, 0x01, 0x00, 0x1d, &tf, ext); /* ATA PASS THROUGH INFORMATION AVAILABLE */
	} else {
		*sense_len = 0;
	}
	return 0;
}

static int sim_sat_ata(void *ctx, struct fw_ata_tf *tf, int ext, enum fw_dir dir, void *buf, size_t len,
		       unsigned timeout_s)
{
	return fw_sat_ata(sim_sg, ctx, tf, ext, dir, buf, len, timeout_s);
}

static void sim_sleep(void *ctx, unsigned ms)
{
	(void)ctx;
	(void)ms;
}

void fw_transport_sim(struct fw_transport *t, struct fw_sim_drive *d)
{
	memset(t, 0, sizeof(*t));
	t->ctx = d;
	t->name = "sim";
	t->ata = d->sat ? sim_sat_ata : sim_ata;
	t->nvme_admin = sim_nvme;
	t->scsi = sim_scsi;
	t->sleep_ms = sim_sleep;
}
