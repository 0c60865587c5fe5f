/*
 * test_fw.c — firmware sanitize: command encodings byte by byte against the
 * specifications, and every branch of every method against the simulated
 * drive (tools/wipe/fw_sim.c).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "wipe/fw.h"
#include "wipe/fw_transport.h"

static void assert_bytes(const uint8_t *got, const uint8_t *want, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (got[i] != want[i])
			fail_msg("byte %zu: got %02x, want %02x", i, got[i], want[i]);
	}
}

/* ---- encodings -------------------------------------------------------- */

static void test_pt16_identify(void **s)
{
	(void)s;
	/* SAT-3: IDENTIFY DEVICE, PIO Data-In, 1 block from the COUNT field. */
	static const uint8_t want[16] = { 0x85, 0x08, 0x0e, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0xec, 0 };
	struct fw_ata_tf tf = { .command = 0xec, .count = 1 };
	uint8_t cdb[16];
	assert_int_equal(fw_ata_pt16_cdb(&tf, 0, ATA_PROT_PIO_IN, FW_DIR_IN, cdb), 16);
	assert_bytes(cdb, want, 16);
}

static void test_pt16_security_erase(void **s)
{
	(void)s;
	/* SECURITY ERASE UNIT: PIO Data-Out (5 << 1), T_DIR=0, BYT_BLOK, COUNT. */
	static const uint8_t want[16] = { 0x85, 0x0a, 0x06, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0xf4, 0 };
	struct fw_ata_tf tf = { .command = 0xf4, .count = 1 };
	uint8_t cdb[16];
	fw_ata_pt16_cdb(&tf, 0, ATA_PROT_PIO_OUT, FW_DIR_OUT, cdb);
	assert_bytes(cdb, want, 16);
}

static void test_pt16_sanitize_crypto(void **s)
{
	(void)s;
	/* SANITIZE CRYPTO SCRAMBLE EXT: non-data + EXTEND (0x07), CK_COND,
	 * FEATURE 0011h, LBA 'Cryp' = 43727970h spread over bytes 7..12. */
	static const uint8_t want[16] = { 0x85, 0x07, 0x20, 0x00, 0x11, 0, 0, 0x43, 0x70, 0x00, 0x79, 0x00, 0x72, 0x40,
					  0xb4, 0 };
	struct fw_ata_tf tf = { .command = 0xb4, .feature = 0x0011, .lba = 0x43727970, .device = 0x40 };
	uint8_t cdb[16];
	fw_ata_pt16_cdb(&tf, 1, ATA_PROT_NON_DATA, FW_DIR_NONE, cdb);
	assert_bytes(cdb, want, 16);
}

static void test_pt16_overwrite_48bit(void **s)
{
	(void)s;
	/* OVERWRITE EXT: LBA 47:32 = 'OW' (4F57h), 31:0 = pattern. */
	struct fw_ata_tf tf = { .command = 0xb4, .feature = 0x0014, .lba = 0x4f57ULL << 32 | 0xdeadbeef,
				.count = 1, .device = 0x40 };
	uint8_t cdb[16];
	fw_ata_pt16_cdb(&tf, 1, ATA_PROT_NON_DATA, FW_DIR_NONE, cdb);
	assert_int_equal(cdb[7], 0xde);  /* 31:24 */
	assert_int_equal(cdb[8], 0xef);  /* 7:0 */
	assert_int_equal(cdb[9], 0x57);  /* 39:32 */
	assert_int_equal(cdb[10], 0xbe); /* 15:8 */
	assert_int_equal(cdb[11], 0x4f); /* 47:40 */
	assert_int_equal(cdb[12], 0xad); /* 23:16 */
	assert_int_equal(cdb[6], 0x01);
}

static void test_pt16_read_native_max(void **s)
{
	(void)s;
	static const uint8_t want[16] = { 0x85, 0x07, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x27, 0 };
	struct fw_ata_tf tf = { .command = 0x27, .device = 0x40 };
	uint8_t cdb[16];
	fw_ata_pt16_cdb(&tf, 1, ATA_PROT_NON_DATA, FW_DIR_NONE, cdb);
	assert_bytes(cdb, want, 16);
}

static void test_pt16_28bit_lba(void **s)
{
	(void)s;
	/* 28-bit command: LBA 27:24 travels in DEVICE 3:0, no ext bytes. */
	struct fw_ata_tf tf = { .command = 0xc8, .lba = 0x0abcdef1, .count = 1, .device = 0x40 };
	uint8_t cdb[16];
	fw_ata_pt16_cdb(&tf, 0, ATA_PROT_PIO_IN, FW_DIR_IN, cdb);
	assert_int_equal(cdb[13], 0x4a);
	assert_int_equal(cdb[7], 0);
	assert_int_equal(cdb[8], 0xf1);
	assert_int_equal(cdb[10], 0xde);
	assert_int_equal(cdb[12], 0xbc);
}

static void test_ata_sense_descriptor(void **s)
{
	(void)s;
	/* Descriptor sense with an ATA Status Return descriptor (09h):
	 * READ NATIVE MAX returned LBA 0x0001_2345_6789 (extend set). */
	uint8_t sense[22] = { 0x72, 0x01, 0x00, 0x1d, 0, 0, 0, 14,
			      0x09, 0x0c, 0x01, 0x00, 0x00, 0x00, 0x23, 0x89, 0x01, 0x67, 0x00, 0x45, 0x40, 0x50 };
	struct fw_ata_tf tf = { 0 };
	assert_int_equal(fw_ata_parse_sense(sense, sizeof(sense), &tf), 0);
	assert_int_equal(tf.status, 0x50);
	assert_int_equal(tf.error, 0);
	assert_int_equal(tf.out_lba, 0x000123456789ULL);
	/* truncated descriptor: refused, not read past the end */
	assert_int_equal(fw_ata_parse_sense(sense, 12, &tf), -EINVAL);
	assert_int_equal(fw_ata_parse_sense(sense, 4, &tf), -EINVAL);
}

static void test_ata_sense_fixed(void **s)
{
	(void)s;
	uint8_t sense[18] = { 0x70, 0, 0x01, 0x04, 0x51, 0x40, 0x02, 10, 0, 0x11, 0x22, 0x33, 0, 0x1d };
	struct fw_ata_tf tf = { 0 };
	assert_int_equal(fw_ata_parse_sense(sense, sizeof(sense), &tf), 0);
	assert_int_equal(tf.error, 0x04);
	assert_int_equal(tf.status, 0x51);
	assert_int_equal(tf.out_count, 2);
	assert_int_equal(tf.out_lba, 0x332211);
	assert_true(tf.regs);
	assert_false(tf.lba_truncated);
	/* EXTEND with LBA UPPER NONZERO: bits 47:24 exist but are not here */
	sense[8] = 0x80 | 0x20;
	assert_int_equal(fw_ata_parse_sense(sense, sizeof(sense), &tf), 0);
	assert_true(tf.lba_truncated);
	sense[8] = 0x80; /* EXTEND, upper bytes zero: the value is whole */
	assert_int_equal(fw_ata_parse_sense(sense, sizeof(sense), &tf), 0);
	assert_false(tf.lba_truncated);
	/* fixed sense without ATA PASS-THROUGH INFORMATION AVAILABLE (00/1Dh)
	 * carries no registers: say so, do not read bytes 3-11 as them */
	sense[13] = 0x00;
	memset(&tf, 0, sizeof(tf));
	assert_int_equal(fw_ata_parse_sense(sense, sizeof(sense), &tf), -EINVAL);
	assert_false(tf.regs);
}

static void test_nvme_cdw10(void **s)
{
	(void)s;
	assert_int_equal(fw_nvme_format_cdw10(0, NVME_SES_USER_DATA), 0x00000200);
	assert_int_equal(fw_nvme_format_cdw10(1, NVME_SES_CRYPTO), 0x00000401);
	assert_int_equal(fw_nvme_format_cdw10(17, NVME_SES_NONE), 0x00001001);
	assert_int_equal(fw_nvme_sanitize_cdw10(NVME_SANACT_CRYPTO_ERASE, 0, 0, 0, 0), 0x4);
	assert_int_equal(fw_nvme_sanitize_cdw10(NVME_SANACT_BLOCK_ERASE, 0, 0, 0, 1), 0x202);
	assert_int_equal(fw_nvme_sanitize_cdw10(NVME_SANACT_OVERWRITE, 1, 1, 1, 0), 0x11b);
}

static void test_scsi_cdb(void **s)
{
	(void)s;
	uint8_t cdb[10], params[8];
	static const uint8_t crypto[10] = { 0x48, 0x83, 0, 0, 0, 0, 0, 0, 0, 0 };
	fw_scsi_sanitize_cdb(SCSI_SANITIZE_CRYPTO_ERASE, 1, 0, 0, cdb);
	assert_bytes(cdb, crypto, 10);
	static const uint8_t ow[10] = { 0x48, 0x81, 0, 0, 0, 0, 0, 0x00, 0x08, 0 };
	fw_scsi_sanitize_cdb(SCSI_SANITIZE_OVERWRITE, 1, 0, 8, cdb);
	assert_bytes(cdb, ow, 10);
	static const uint8_t p[8] = { 0x01, 0, 0, 4, 0x12, 0x34, 0x56, 0x78 };
	assert_int_equal(fw_scsi_overwrite_params(1, 0, 0x12345678, params), 8);
	assert_bytes(params, p, 8);
}

static void test_scsi_sense_progress(void **s)
{
	(void)s;
	uint8_t key, asc, ascq;
	uint32_t prog;
	uint8_t fixed[18] = { 0x70, 0, 0x02, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x04, 0x1b, 0, 0x80, 0x40, 0x00 };
	assert_int_equal(fw_scsi_sense_progress(fixed, sizeof(fixed), &key, &asc, &ascq, &prog), 1);
	assert_int_equal(key, 2);
	assert_int_equal(asc, 0x04);
	assert_int_equal(ascq, 0x1b);
	assert_int_equal(prog, 0x4000);
	uint8_t desc[16] = { 0x72, 0x02, 0x04, 0x1b, 0, 0, 0, 8, 0x02, 0x06, 0, 0, 0x80, 0x80, 0x00, 0 };
	assert_int_equal(fw_scsi_sense_progress(desc, sizeof(desc), &key, &asc, &ascq, &prog), 1);
	assert_int_equal(prog, 0x8000);
	fixed[15] = 0; /* SKSV clear: no progress */
	assert_int_equal(fw_scsi_sense_progress(fixed, sizeof(fixed), &key, &asc, &ascq, &prog), 0);
}

/* ---- IDENTIFY decoding ------------------------------------------------ */

static struct fw_sim_drive drive;
static struct fw_transport tr;

static void ata_drive(void)
{
	fw_sim_init(&drive, FW_SIM_ATA);
	fw_transport_sim(&tr, &drive);
}

static void test_identify(void **s)
{
	(void)s;
	ata_drive();
	drive.sec_frozen = 1;
	drive.san_block = 0;
	struct ata_identity id;
	assert_int_equal(fw_ata_identify(&tr, &id), 0);
	assert_string_equal(id.model, "reco simulated ATA");
	assert_string_equal(id.serial, "SIM0001");
	assert_int_equal(id.max_lba, 2000000);
	assert_true(id.lba48);
	assert_true(id.sec_supported);
	assert_true(id.sec_frozen);
	assert_false(id.sec_enabled);
	assert_true(id.sec_enhanced_supported);
	assert_int_equal(id.erase_minutes, 60);
	assert_true(id.sanitize_supported);
	assert_true(id.sanitize_crypto);
	assert_false(id.sanitize_block);
	assert_false(id.rotational);
}

static void test_identify_bad_checksum(void **s)
{
	(void)s;
	uint8_t id[512] = { 0 };
	id[510] = 0xa5;
	id[511] = 0x01; /* sum != 0 */
	struct ata_identity out;
	assert_int_equal(fw_ata_parse_identify(id, &out), -EINVAL);
}

/* ---- ATA security erase ------------------------------------------------ */

static int media_is(uint8_t v)
{
	for (size_t i = 0; i < sizeof(drive.media); i++)
		if (drive.media[i] != v)
			return 0;
	return 1;
}

/* Every byte differs from the initial pattern and the media is not zeros:
 * what a cryptographic erase leaves. */
static int media_scrambled(void)
{
	size_t same = 0;
	for (size_t i = 0; i < sizeof(drive.media); i++)
		same += drive.media[i] == (uint8_t)(0x5a ^ (i * 7));
	return same < sizeof(drive.media) / 64 && !media_is(0);
}

/* The password callback: where the erase records its temporary password
 * before the drive gets it. */
#define TEST_PW "reco0123456789abcdef01234567"
static int recorded, record_fails;
static unsigned commands_when_recorded;
static char recorded_pw[40];
static int record_cb(void *arg, const char *pw)
{
	(void)arg;
	recorded++;
	commands_when_recorded = drive.commands;
	snprintf(recorded_pw, sizeof(recorded_pw), "%s", pw);
	return record_fails ? -1 : 0;
}

static void run(enum fw_method m, struct fw_result *r)
{
	struct fw_job job = { .t = &tr, .method = m, .nsid = 1, .password = TEST_PW, .before_password = record_cb };
	recorded = 0;
	fw_run(&job, r);
}

static void test_secure_erase_ok(void **s)
{
	(void)s;
	ata_drive();
	struct fw_result r;
	run(FW_ATA_SECURE_ERASE, &r);
	assert_int_equal(r.status, FW_OK);
	assert_true(media_is(0));
	assert_false(drive.sec_enabled);
	assert_non_null(strstr(r.command, "normal"));
	assert_non_null(strstr(r.command, "timeout 100 min")); /* 60 * 1.5 + 10 */
}

static void test_secure_erase_enhanced(void **s)
{
	(void)s;
	ata_drive();
	struct fw_result r;
	run(FW_ATA_SECURE_ERASE_ENHANCED, &r);
	assert_int_equal(r.status, FW_OK);
	assert_true(media_is(0xa5));
	drive.sec_enhanced = 0;
	run(FW_ATA_SECURE_ERASE_ENHANCED, &r);
	assert_int_equal(r.status, FW_UNSUPPORTED);
}

static void test_secure_erase_frozen(void **s)
{
	(void)s;
	ata_drive();
	drive.sec_frozen = 1;
	uint8_t before[sizeof(drive.media)];
	memcpy(before, drive.media, sizeof(before));
	struct fw_result r;
	run(FW_ATA_SECURE_ERASE, &r);
	assert_int_equal(r.status, FW_FROZEN);
	assert_non_null(strstr(r.remedy, "sleep"));
	assert_memory_equal(drive.media, before, sizeof(before));
	assert_false(drive.sec_enabled); /* no password was set */
}

static void test_secure_erase_locked_or_enabled(void **s)
{
	(void)s;
	ata_drive();
	drive.sec_enabled = drive.sec_locked = 1;
	strcpy(drive.password, "owner");
	struct fw_result r;
	run(FW_ATA_SECURE_ERASE, &r);
	assert_int_equal(r.status, FW_LOCKED);
	assert_non_null(strstr(r.remedy, "security-disable"));
	drive.sec_locked = 0; /* enabled, unknown password */
	run(FW_ATA_SECURE_ERASE, &r);
	assert_int_equal(r.status, FW_LOCKED);
	assert_string_equal(drive.password, "owner");
}

static void test_secure_erase_count_expired(void **s)
{
	(void)s;
	ata_drive();
	drive.attempts_left = 0;
	struct fw_result r;
	run(FW_ATA_SECURE_ERASE, &r);
	assert_int_equal(r.status, FW_LOCKED);
	assert_non_null(strstr(r.remedy, "Power"));
}

static void test_secure_erase_fails_password_cleared(void **s)
{
	(void)s;
	ata_drive();
	drive.fail_erase = 1;
	struct fw_result r;
	run(FW_ATA_SECURE_ERASE, &r);
	assert_int_equal(r.status, FW_FAILED);
	assert_false(drive.sec_enabled); /* the temporary password was removed */
	assert_int_equal(r.remedy[0], '\0');
}

static void test_secure_erase_password_left(void **s)
{
	(void)s;
	ata_drive();
	drive.fail_erase = 1;
	drive.fail_disable = 1;
	struct fw_result r;
	run(FW_ATA_SECURE_ERASE, &r);
	assert_int_equal(r.status, FW_FAILED);
	assert_true(drive.sec_enabled);
	assert_int_equal(r.password, FW_PW_LEFT);
	assert_non_null(strstr(r.remedy, "reco wipe --unlock"));
	assert_string_equal(drive.password, TEST_PW);
}

static void test_secure_erase_timeout(void **s)
{
	(void)s;
	ata_drive();
	drive.timeout_erase = 1;
	struct fw_result r;
	run(FW_ATA_SECURE_ERASE, &r);
	assert_int_equal(r.status, FW_TIMEOUT);
	assert_false(drive.sec_enabled);
}

static void test_secure_erase_lying_drive(void **s)
{
	(void)s;
	/* The drive says it erased and leaves the data: the firmware step alone
	 * reports OK — only the read-back verification can catch this, which
	 * is why reco always verifies after a firmware method. */
	ata_drive();
	drive.lie = 1;
	uint8_t before[sizeof(drive.media)];
	memcpy(before, drive.media, sizeof(before));
	struct fw_result r;
	run(FW_ATA_SECURE_ERASE, &r);
	assert_int_equal(r.status, FW_OK);
	assert_memory_equal(drive.media, before, sizeof(before));
}

static void test_security_unsupported(void **s)
{
	(void)s;
	ata_drive();
	drive.sec_supported = 0;
	struct fw_result r;
	run(FW_ATA_SECURE_ERASE, &r);
	assert_int_equal(r.status, FW_UNSUPPORTED);
	drive.refuse_all = 1;
	run(FW_ATA_SECURE_ERASE, &r);
	assert_int_equal(r.status, FW_IO);
}

/* The password is recorded before SECURITY SET PASSWORD, or nothing is
 * sent; no fixed default password exists any more. */
static void test_secure_erase_password_recorded_first(void **s)
{
	(void)s;
	ata_drive();
	struct fw_result r;
	run(FW_ATA_SECURE_ERASE_ENHANCED, &r);
	assert_int_equal(r.status, FW_OK);
	assert_int_equal(recorded, 1);
	assert_string_equal(recorded_pw, TEST_PW);
	assert_int_equal(r.password, FW_PW_CLEARED);

	ata_drive(); /* recording fails: the drive never gets a password */
	record_fails = 1;
	run(FW_ATA_SECURE_ERASE_ENHANCED, &r);
	record_fails = 0;
	assert_int_equal(r.status, FW_IO);
	assert_false(drive.sec_enabled);
	assert_int_equal(drive.password[0], '\0');
	assert_non_null(strstr(r.reason, "nothing was sent"));

	ata_drive(); /* no password given: refused, not a default one */
	struct fw_job job = { .t = &tr, .method = FW_ATA_SECURE_ERASE, .before_password = record_cb };
	fw_run(&job, &r);
	assert_int_equal(r.status, FW_IO);
	assert_false(drive.sec_enabled);
}

/* A power cut after SET PASSWORD leaves a locked drive; --unlock's path. */
static void test_unlock(void **s)
{
	(void)s;
	char why[256];
	ata_drive();
	drive.sec_enabled = drive.sec_locked = 1;
	strcpy(drive.password, TEST_PW);
	assert_int_equal(fw_ata_unlock(&tr, "wrongwrongwrong", why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "not the drive's"));
	assert_int_equal(drive.attempts_left, 4);
	assert_int_equal(fw_ata_unlock(&tr, TEST_PW, why, sizeof(why)), 0);
	assert_false(drive.sec_enabled);
	assert_false(drive.sec_locked);
	assert_int_equal(fw_ata_unlock(&tr, TEST_PW, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "nothing to remove"));
	drive.sec_enabled = drive.sec_frozen = 1;
	assert_int_equal(fw_ata_unlock(&tr, TEST_PW, why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why, "frozen"));
}

/* IDENTIFY words 89/90: 255 (short form) and 32767 (extended form) mean
 * "longer than the field holds": open-ended, with a capacity floor. */
static void test_erase_timeouts(void **s)
{
	(void)s;
	assert_int_equal(fw_ata_erase_timeout(60, 0, 1000000000ull), 60 * 90 + 600);
	assert_int_equal(fw_ata_erase_timeout(0, 0, 1000000000ull), 12 * 3600);
	/* 4 TB at 40 MB/s, +10 min: above 1.5 x 508 min + 10 min */
	assert_int_equal(fw_ata_erase_timeout(508, 1, 4000000000000ull), 100000 + 600);
	/* a drive that says 2 minutes for 4 TB gets the floor too */
	assert_int_equal(fw_ata_erase_timeout(2, 0, 4000000000000ull), 100000 + 600);
	struct ata_identity id;
	ata_drive();
	drive.erase_units = 0x00ff; /* short form, open-ended */
	assert_int_equal(fw_ata_identify(&tr, &id), 0);
	assert_true(id.erase_open);
	assert_int_equal(id.erase_minutes, 508);
	drive.erase_units = 0x8000 | 0x7fff; /* extended form, open-ended */
	assert_int_equal(fw_ata_identify(&tr, &id), 0);
	assert_true(id.erase_open);
	assert_int_equal(id.erase_minutes, 65532);
	drive.erase_units = 0x8000 | 300; /* extended form, 600 minutes */
	assert_int_equal(fw_ata_identify(&tr, &id), 0);
	assert_false(id.erase_open);
	assert_int_equal(id.erase_minutes, 600);
	/* through a run: an 8 TiB drive saying "over 508 minutes" */
	ata_drive();
	drive.erase_units = 0x00ff;
	drive.max_lba = drive.native_max = 1ull << 34;
	struct fw_result r;
	run(FW_ATA_SECURE_ERASE, &r);
	assert_int_equal(r.status, FW_OK);
	assert_non_null(strstr(r.command, "timeout 3675 min (drive estimate over 508 min)"));
}

/* A sanitize still running at start (power cut during an earlier one) is
 * waited for and reported; nothing is sent over it. */
static void test_sanitize_in_progress_at_start(void **s)
{
	(void)s;
	static const struct { enum fw_sim_kind kind; enum fw_method m; } cases[] = {
		{ FW_SIM_ATA, FW_ATA_SANITIZE_CRYPTO },
		{ FW_SIM_ATA, FW_ATA_SECURE_ERASE_ENHANCED },
		{ FW_SIM_NVME, FW_NVME_SANITIZE_CRYPTO },
		{ FW_SIM_NVME, FW_NVME_FORMAT_CRYPTO },
		{ FW_SIM_SCSI, FW_SCSI_SANITIZE_CRYPTO },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fw_sim_init(&drive, cases[i].kind);
		fw_transport_sim(&tr, &drive);
		drive.san_state = 1;
		drive.san_action = cases[i].kind == FW_SIM_SCSI ? 2 : 0x12;
		drive.last_sanitize_cdw10 = 2;
		struct fw_result r;
		run(cases[i].m, &r);
		if (r.status != FW_OK)
			fail_msg("case %zu: %s", i, r.reason);
		assert_non_null(strstr(r.previous, "in progress at start"));
		assert_non_null(strstr(r.previous, "completed") ? r.previous : strstr(r.previous, "ended"));
		assert_true(media_scrambled()); /* then the method itself ran */
	}
}

/* ---- ATA sanitize --------------------------------------------------- */

static unsigned progress_calls;
static uint32_t last_progress;
static void on_progress(void *arg, uint32_t p)
{
	(void)arg;
	progress_calls++;
	last_progress = p;
}

static void test_ata_sanitize(void **s)
{
	(void)s;
	static const enum fw_method ms[] = { FW_ATA_SANITIZE_BLOCK, FW_ATA_SANITIZE_CRYPTO,
					     FW_ATA_SANITIZE_OVERWRITE };
	for (size_t i = 0; i < 3; i++) {
		ata_drive();
		progress_calls = 0;
		struct fw_job job = { .t = &tr, .method = ms[i], .progress = on_progress };
		struct fw_result r;
		uint8_t before[sizeof(drive.media)];
		memcpy(before, drive.media, sizeof(before));
		fw_run(&job, &r);
		assert_int_equal(r.status, FW_OK);
		if (ms[i] == FW_ATA_SANITIZE_CRYPTO) /* unreadable garbage, not zeros */
			assert_true(memcmp(before, drive.media, sizeof(before)) != 0 && !media_is(0));
		else
			assert_true(media_is(0));
		assert_true(progress_calls >= 2);
		assert_int_equal(last_progress, 65536);
		assert_true(r.polls >= 3);
	}
}

static void test_ata_sanitize_unsupported_frozen_failed(void **s)
{
	(void)s;
	struct fw_result r;
	ata_drive();
	drive.san_crypto = 0;
	run(FW_ATA_SANITIZE_CRYPTO, &r);
	assert_int_equal(r.status, FW_UNSUPPORTED);

	ata_drive();
	drive.san_frozen = 1;
	run(FW_ATA_SANITIZE_BLOCK, &r);
	assert_int_equal(r.status, FW_FROZEN);
	assert_non_null(strstr(r.remedy, "power"));

	ata_drive();
	drive.fail_erase = 1;
	run(FW_ATA_SANITIZE_BLOCK, &r);
	assert_int_equal(r.status, FW_FAILED);
	assert_int_equal(drive.san_state, 0); /* failure state cleared */
}

/* ---- HPA / DCO ---------------------------------------------------------- */

static void test_hpa_dco(void **s)
{
	(void)s;
	ata_drive();
	drive.max_lba = 1500000; /* 500000 sectors hidden */
	uint64_t cur, native, dco;
	const char *how;
	assert_int_equal(fw_ata_hpa(&tr, &cur, &native, &how), 0);
	assert_string_equal(how, "READ NATIVE MAX ADDRESS EXT (27h)");
	assert_int_equal(cur, 1500000);
	assert_int_equal(native, 2000000);
	assert_int_equal(fw_ata_remove_hpa(&tr, native), 0);
	assert_int_equal(drive.max_lba, 2000000);
	assert_int_equal(fw_ata_dco_max(&tr, &dco), 0);
	assert_int_equal(dco, 2000000);
	drive.dco = 0;
	assert_int_equal(fw_ata_dco_max(&tr, &dco), -ENOTSUP);
	assert_int_equal(fw_ata_remove_hpa(&tr, 0), -EINVAL);
}

/* SET MAX ADDRESS EXT keeps the native max over a power cycle (COUNT bit 0,
 * VV, set), as the README promises for --remove-hpa. */
static void test_hpa_removal_is_permanent(void **s)
{
	(void)s;
	ata_drive();
	drive.max_lba = 1500000;
	assert_int_equal(fw_ata_remove_hpa(&tr, 2000000), 0);
	assert_int_equal(drive.last_set_max_count & 1, 1);
	fw_sim_power_cycle(&drive);
	assert_int_equal(drive.max_lba, 2000000);
}

/* ACS-3 drives: Accessible Max Address Configuration, not READ NATIVE MAX. */
static void test_hpa_amac(void **s)
{
	(void)s;
	ata_drive();
	drive.amac = 1;
	drive.max_lba = 1600000;
	uint64_t cur, native;
	const char *how;
	assert_int_equal(fw_ata_hpa(&tr, &cur, &native, &how), 0);
	assert_string_equal(how, "GET NATIVE MAX ADDRESS EXT (78h/0000h)");
	assert_int_equal(drive.last_ata_command, 0x78);
	assert_int_equal(native, 2000000);
	assert_int_equal(cur, 1600000);
	assert_int_equal(fw_ata_remove_hpa(&tr, native), 0);
	assert_int_equal(drive.max_lba, 2000000);
	fw_sim_power_cycle(&drive);
	assert_int_equal(drive.max_lba, 2000000);
}

/* Neither feature set: the hidden area cannot be checked — never "0". */
static void test_hpa_not_checkable(void **s)
{
	(void)s;
	ata_drive();
	drive.nohpa = 1;
	drive.max_lba = 1500000;
	uint64_t cur = 0, native = 0;
	const char *how;
	assert_int_equal(fw_ata_hpa(&tr, &cur, &native, &how), -ENOTSUP);
	assert_int_equal(native, 0);
}

/* The same commands through the SCSI/ATA translation, with descriptor and
 * with fixed-format sense. */
static void test_sat_sense_formats(void **s)
{
	(void)s;
	for (int fixed = 0; fixed < 2; fixed++) {
		ata_drive();
		drive.sat = 1;
		drive.sense_fixed = fixed;
		fw_transport_sim(&tr, &drive);
		drive.max_lba = 1500000;
		uint64_t cur, native;
		const char *how;
		assert_int_equal(fw_ata_hpa(&tr, &cur, &native, &how), 0);
		assert_int_equal(cur, 1500000);
		assert_int_equal(native, 2000000);
		assert_int_equal(fw_ata_remove_hpa(&tr, native), 0);
		assert_int_equal(drive.max_lba, 2000000);
		struct fw_result r;
		run(FW_ATA_SANITIZE_BLOCK, &r); /* status polling reads COUNT 15:14 from the sense */
		if (fixed) { /* fixed format cannot carry them: unknown, never "done" */
			assert_int_equal(r.status, FW_IO);
			assert_non_null(strstr(r.reason, "fixed-format sense"));
		} else {
			assert_int_equal(r.status, FW_OK);
			assert_true(media_is(0));
		}
		/* over 2^24 sectors: fixed format loses LBA 47:24 — not checked */
		drive.san_state = 0;
		drive.native_max = (1ull << 32) + 5;
		drive.max_lba = 1ull << 32;
		int rc = fw_ata_hpa(&tr, &cur, &native, &how);
		if (fixed) {
			assert_int_equal(rc, -ERANGE);
		} else {
			assert_int_equal(rc, 0);
			assert_int_equal(native, (1ull << 32) + 5);
		}
	}
}

static void test_sat_bridge_and_empty_identify(void **s)
{
	(void)s;
	struct ata_identity id;
	ata_drive();
	drive.sat = drive.sat_refused = 1;
	fw_transport_sim(&tr, &drive);
	assert_int_equal(fw_ata_identify(&tr, &id), -EPROTONOSUPPORT);
	ata_drive();
	drive.sat = drive.empty_identify = 1; /* success, but no data */
	fw_transport_sim(&tr, &drive);
	assert_int_equal(fw_ata_identify(&tr, &id), -EIO);
	ata_drive();
	drive.sat = drive.short_identify = 1; /* SG_IO residue 512 */
	fw_transport_sim(&tr, &drive);
	assert_int_equal(fw_ata_identify(&tr, &id), -EIO);
}

/* A DCO that hid capacity: seen, and restored only after the HPA is gone. */
static void test_dco_restore(void **s)
{
	(void)s;
	ata_drive();
	drive.dco_max = 2000000;
	drive.native_max = 1750000;
	drive.max_lba = 1500000;
	uint64_t dco, cur, native;
	const char *how;
	assert_int_equal(fw_ata_dco_max(&tr, &dco), 0);
	assert_int_equal(dco, 2000000);
	assert_int_equal(fw_ata_dco_restore(&tr), -EIO); /* HPA set: aborted */
	assert_int_equal(fw_ata_remove_hpa(&tr, 1750000), 0);
	assert_int_equal(fw_ata_dco_restore(&tr), 0);
	assert_int_equal(fw_ata_hpa(&tr, &cur, &native, &how), 0);
	assert_int_equal(native, 2000000);
	assert_int_equal(cur, 2000000);
}

/* ---- NVMe ------------------------------------------------------------- */

static void nvme_drive(void)
{
	fw_sim_init(&drive, FW_SIM_NVME);
	fw_transport_sim(&tr, &drive);
}

static void test_nvme_format(void **s)
{
	(void)s;
	struct fw_result r;
	nvme_drive();
	run(FW_NVME_FORMAT_USER, &r);
	assert_int_equal(r.status, FW_OK);
	assert_int_equal(drive.last_format_cdw10, 0x200);
	assert_int_equal(drive.last_format_nsid, 1);
	assert_true(media_is(0));
	assert_non_null(strstr(r.command, "SES=1"));

	nvme_drive();
	run(FW_NVME_FORMAT_CRYPTO, &r);
	assert_int_equal(r.status, FW_OK);
	assert_int_equal(drive.last_format_cdw10, 0x400);
	assert_true(media_scrambled());

	nvme_drive();
	drive.fna_crypto = 0;
	unsigned before = drive.commands;
	run(FW_NVME_FORMAT_CRYPTO, &r);
	assert_int_equal(r.status, FW_UNSUPPORTED);
	assert_int_equal(drive.last_format_cdw10, 0); /* never sent */
	assert_true(drive.commands > before);

	nvme_drive();
	drive.fna_all_ns = 1;
	run(FW_NVME_FORMAT_USER, &r);
	assert_int_equal(drive.last_format_nsid, 0xffffffffu);
	assert_non_null(strstr(r.command, "all namespaces"));

	nvme_drive();
	drive.format_supported = 0;
	run(FW_NVME_FORMAT_USER, &r);
	assert_int_equal(r.status, FW_UNSUPPORTED);

	nvme_drive();
	drive.fail_erase = 1;
	run(FW_NVME_FORMAT_USER, &r);
	assert_int_equal(r.status, FW_REFUSED);

	nvme_drive();
	drive.timeout_erase = 1;
	run(FW_NVME_FORMAT_USER, &r);
	assert_int_equal(r.status, FW_TIMEOUT);
}

static void test_nvme_sanitize(void **s)
{
	(void)s;
	struct fw_result r;
	nvme_drive();
	progress_calls = 0;
	struct fw_job job = { .t = &tr, .method = FW_NVME_SANITIZE_CRYPTO, .progress = on_progress };
	fw_run(&job, &r);
	assert_int_equal(r.status, FW_OK);
	assert_int_equal(drive.last_sanitize_cdw10, 0xc); /* crypto erase, AUSE */
	assert_true(media_scrambled());
	assert_true(progress_calls >= 2);

	nvme_drive();
	drive.san_crypto = 0;
	run(FW_NVME_SANITIZE_CRYPTO, &r);
	assert_int_equal(r.status, FW_UNSUPPORTED);
	assert_non_null(strstr(r.reason, "SANICAP"));

	/* No-deallocate requested but inhibited by the controller: dropped. */
	nvme_drive();
	drive.ndi = 1;
	job = (struct fw_job){ .t = &tr, .method = FW_NVME_SANITIZE_BLOCK, .ndas = 1 };
	fw_run(&job, &r);
	assert_int_equal(r.status, FW_OK);
	assert_int_equal(drive.last_sanitize_cdw10, 0xa);
	assert_non_null(strstr(r.command, "inhibited"));

	nvme_drive();
	job = (struct fw_job){ .t = &tr, .method = FW_NVME_SANITIZE_BLOCK, .ndas = 1 };
	fw_run(&job, &r);
	assert_int_equal(drive.last_sanitize_cdw10, 0x20a);

	nvme_drive();
	drive.fail_erase = 1;
	run(FW_NVME_SANITIZE_OVERWRITE, &r);
	assert_int_equal(r.status, FW_FAILED);
}

/* ---- SCSI ----------------------------------------------------------- */

static void test_scsi_sanitize(void **s)
{
	(void)s;
	struct fw_result r;
	fw_sim_init(&drive, FW_SIM_SCSI);
	fw_transport_sim(&tr, &drive);
	progress_calls = 0;
	struct fw_job job = { .t = &tr, .method = FW_SCSI_SANITIZE_CRYPTO, .progress = on_progress };
	fw_run(&job, &r);
	assert_int_equal(r.status, FW_OK);
	assert_true(media_scrambled());
	assert_true(progress_calls >= 2);
	assert_int_equal(fw_scsi_supports(&tr, 3), 1);
	drive.san_block = 0;
	assert_int_equal(fw_scsi_supports(&tr, 2), 0);

	fw_sim_init(&drive, FW_SIM_SCSI);
	drive.san_block = 0;
	run(FW_SCSI_SANITIZE_BLOCK, &r);
	assert_int_equal(r.status, FW_UNSUPPORTED);

	fw_sim_init(&drive, FW_SIM_SCSI);
	drive.fail_erase = 1;
	run(FW_SCSI_SANITIZE_OVERWRITE, &r);
	assert_int_equal(r.status, FW_FAILED);
	assert_int_equal(drive.last_cdb[0], 0x03); /* polled with REQUEST SENSE */
}

/* A failed sanitize is started so that it can be left (ATA FAILURE MODE,
 * NVMe/SCSI AUSE), and reco leaves it: the drive is usable again. */
static void test_sanitize_failure_cleared(void **s)
{
	(void)s;
	static const struct { enum fw_sim_kind kind; enum fw_method m; } cases[] = {
		{ FW_SIM_ATA, FW_ATA_SANITIZE_BLOCK },
		{ FW_SIM_NVME, FW_NVME_SANITIZE_BLOCK },
		{ FW_SIM_SCSI, FW_SCSI_SANITIZE_BLOCK },
	};
	for (size_t i = 0; i < 3; i++) {
		fw_sim_init(&drive, cases[i].kind);
		fw_transport_sim(&tr, &drive);
		drive.fail_erase = 1;
		struct fw_result r;
		run(cases[i].m, &r);
		assert_int_equal(r.status, FW_FAILED);
		if (drive.san_state != 0)
			fail_msg("case %zu: the drive stays in sanitize failure mode", i);
		assert_int_equal(r.remedy[0], '\0');
	}
}

/* One status read that fails while polling is not the sanitize failing. */
static void test_transient_poll_error(void **s)
{
	(void)s;
	static const struct { enum fw_sim_kind kind; enum fw_method m; } cases[] = {
		{ FW_SIM_ATA, FW_ATA_SANITIZE_CRYPTO },
		{ FW_SIM_NVME, FW_NVME_SANITIZE_CRYPTO },
		{ FW_SIM_SCSI, FW_SCSI_SANITIZE_CRYPTO },
	};
	for (size_t i = 0; i < 3; i++) {
		fw_sim_init(&drive, cases[i].kind);
		fw_transport_sim(&tr, &drive);
		struct fw_result r;
		/* one status read fails at the check at start, one while the
		 * sanitize runs */
		drive.poll_errors = 2;
		run(cases[i].m, &r);
		if (r.status != FW_OK)
			fail_msg("case %zu: %s", i, r.reason);
		assert_true(media_scrambled());
		/* but a status that never comes back is not "done" either */
		fw_sim_init(&drive, cases[i].kind);
		fw_transport_sim(&tr, &drive);
		drive.poll_errors = 100;
		run(cases[i].m, &r);
		assert_int_equal(r.status, FW_IO);
	}
}

/* SCSI: a UNIT ATTENTION while polling reports a reset, not the end. */
static void test_scsi_unit_attention(void **s)
{
	(void)s;
	fw_sim_init(&drive, FW_SIM_SCSI);
	fw_transport_sim(&tr, &drive);
	drive.san_polls_needed = 4;
	drive.unit_attention = 1;
	struct fw_result r;
	run(FW_SCSI_SANITIZE_CRYPTO, &r);
	assert_int_equal(r.status, FW_OK);
	assert_int_equal(drive.san_state, 2); /* it really completed */
	assert_true(media_scrambled());
}

/* NVMe sanitize overwrite: no deallocation afterwards (NDAS), so the
 * pattern is what reads back; when the controller inhibits NDAS, the
 * namespace's documented deallocated value (DLFEAT) is expected. */
static void test_nvme_overwrite_dealloc(void **s)
{
	(void)s;
	struct fw_result r;
	nvme_drive(); /* DLFEAT: deallocated blocks read FFh */
	run(FW_NVME_SANITIZE_OVERWRITE, &r);
	assert_int_equal(r.status, FW_OK);
	assert_true(drive.last_sanitize_cdw10 & (1u << 9));
	assert_int_equal(r.expect_byte, 0x00);
	assert_true(media_is(0x00));

	nvme_drive();
	drive.ndi = 1;
	run(FW_NVME_SANITIZE_OVERWRITE, &r);
	assert_int_equal(r.status, FW_OK);
	assert_false(drive.last_sanitize_cdw10 & (1u << 9));
	assert_int_equal(r.expect_byte, 0xff);
	assert_true(media_is(0xff));
	assert_non_null(strstr(r.command, "deallocated blocks expected to read FFh"));

	nvme_drive();
	drive.ndi = 1;
	drive.dlfeat = 0; /* not documented: no content to expect */
	run(FW_NVME_SANITIZE_OVERWRITE, &r);
	assert_int_equal(r.expect_byte, -1);
}

/* ---- --method auto -------------------------------------------------- */

static void test_choose(void **s)
{
	(void)s;
	struct fw_choice c;
	struct nvme_identity n = { .format_supported = 1, .fna_crypto = 1, .san_crypto = 1, .san_block = 1 };
	struct fw_caps k = { .transport = "nvme", .media = MEDIA_SSD, .nvme = &n };
	fw_choose(&k, &c);
	assert_int_equal(c.method, FW_NVME_SANITIZE_CRYPTO);
	assert_string_equal(c.category, "purge");

	n.san_crypto = n.san_block = 0;
	fw_choose(&k, &c);
	assert_int_equal(c.method, FW_NVME_FORMAT_CRYPTO);
	n.fna_crypto = 0; /* Format SES=1 only: Clear, so an overwrite */
	fw_choose(&k, &c);
	assert_int_equal(c.method, FW_NONE);
	assert_non_null(strstr(c.why, "FNA"));
	assert_non_null(strstr(c.why, "SES=1 (user data erase): offered, but Clear only"));
	n.san_overwrite = 1; /* sanitize overwrite on an SSD: Clear too */
	fw_choose(&k, &c);
	assert_int_equal(c.method, FW_NONE);
	assert_non_null(strstr(c.why, "only Clear on ssd media"));
	k.media = MEDIA_HDD;
	fw_choose(&k, &c);
	assert_int_equal(c.method, FW_NVME_SANITIZE_OVERWRITE);
	k.media = MEDIA_SSD;
	n.format_supported = n.san_overwrite = 0;
	fw_choose(&k, &c);
	assert_int_equal(c.method, FW_NONE);
	assert_string_equal(c.category, "clear");

	struct ata_identity a = { .sec_supported = 1, .sec_enhanced_supported = 1 };
	k = (struct fw_caps){ .transport = "sata", .media = MEDIA_SSD, .ata = &a };
	fw_choose(&k, &c); /* SSD with security erase only: Clear on flash */
	assert_int_equal(c.method, FW_NONE);
	assert_non_null(strstr(c.why, "(enhanced): offered, but only Clear on ssd media"));
	a.sanitize_supported = a.sanitize_block = 1;
	fw_choose(&k, &c);
	assert_int_equal(c.method, FW_ATA_SANITIZE_BLOCK);
	a.sanitize_supported = a.sanitize_block = 0;
	k.media = MEDIA_HDD;
	fw_choose(&k, &c);
	assert_int_equal(c.method, FW_ATA_SECURE_ERASE_ENHANCED);
	a.sec_enhanced_supported = 0; /* normal erase only: Clear even on an HDD */
	fw_choose(&k, &c);
	assert_int_equal(c.method, FW_NONE);
	assert_non_null(strstr(c.why, "(normal): offered, but Clear only"));
	a.sec_enhanced_supported = 1;
	a.sec_frozen = 1;
	fw_choose(&k, &c);
	assert_int_equal(c.method, FW_NONE);
	assert_non_null(strstr(c.why, "frozen"));

	k = (struct fw_caps){ .transport = "usb", .media = MEDIA_SSD, .ata = &a };
	fw_choose(&k, &c);
	assert_int_equal(c.method, FW_NONE);
	assert_non_null(strstr(c.why, "USB"));

	k = (struct fw_caps){ .transport = "sas", .media = MEDIA_HDD, .scsi_sanitize_overwrite = 1,
			      .scsi_sanitize_crypto = 1 };
	fw_choose(&k, &c);
	assert_int_equal(c.method, FW_SCSI_SANITIZE_CRYPTO);

	k = (struct fw_caps){ .transport = "virtio", .media = MEDIA_UNKNOWN };
	fw_choose(&k, &c);
	assert_int_equal(c.method, FW_NONE);
	assert_string_equal(c.category, "clear");
}

static void test_sim_spec(void **s)
{
	(void)s;
	struct fw_sim_drive d;
	assert_int_equal(fw_sim_from_spec(&d, "nvme,lie,nocrypto"), 0);
	assert_int_equal(d.kind, FW_SIM_NVME);
	assert_true(d.lie);
	assert_false(d.fna_crypto);
	assert_int_equal(fw_sim_from_spec(&d, "ata,frozen,hdd"), 0);
	assert_true(d.sec_frozen && d.rotational);
	assert_int_equal(fw_sim_from_spec(&d, "floppy"), -EINVAL);
	assert_int_equal(fw_sim_from_spec(&d, "ata,bogus"), -EINVAL);
	assert_int_equal(fw_sim_from_spec(&d, NULL), -EINVAL);
}

static void test_categories_and_names(void **s)
{
	(void)s;
	/* NIST SP 800-88 Rev. 2 / IEEE 2883-2022, the weaker word in doubt */
	static const struct { enum fw_method m; enum fw_media media; const char *cat; } t[] = {
		{ FW_NONE, MEDIA_HDD, "clear" },                   /* any host overwrite */
		{ FW_ATA_SANITIZE_OVERWRITE, MEDIA_HDD, "purge" },
		{ FW_ATA_SANITIZE_OVERWRITE, MEDIA_SSD, "clear" }, /* overwrite on flash */
		{ FW_NVME_SANITIZE_OVERWRITE, MEDIA_SSD, "clear" },
		{ FW_SCSI_SANITIZE_OVERWRITE, MEDIA_UNKNOWN, "clear" },
		{ FW_NVME_SANITIZE_BLOCK, MEDIA_SSD, "purge" },
		{ FW_ATA_SANITIZE_CRYPTO, MEDIA_SSD, "purge" },
		{ FW_NVME_FORMAT_CRYPTO, MEDIA_SSD, "purge" },
		{ FW_NVME_FORMAT_USER, MEDIA_SSD, "clear" },
		{ FW_ATA_SECURE_ERASE, MEDIA_HDD, "clear" },
		{ FW_ATA_SECURE_ERASE_ENHANCED, MEDIA_HDD, "purge" },
		{ FW_ATA_SECURE_ERASE_ENHANCED, MEDIA_SSD, "clear" },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct fw_class c;
		fw_classify(t[i].m, t[i].media, &c);
		if (strcmp(c.category, t[i].cat))
			fail_msg("%zu: %s, want %s", i, c.category, t[i].cat);
		assert_non_null(c.technique);
	}
	struct fw_class c;
	fw_classify(FW_NVME_SANITIZE_CRYPTO, MEDIA_SSD, &c);
	assert_non_null(strstr(c.note, "relies on the drive encrypting all user data"));
	fw_classify(FW_ATA_SANITIZE_OVERWRITE, MEDIA_SSD, &c);
	assert_non_null(strstr(c.note, "Clear"));
	assert_int_equal(fw_method_by_name("nvme-format-crypto")->method, FW_NVME_FORMAT_CRYPTO);
	assert_null(fw_method_by_name("nvme-format-bogus"));
	for (int m = FW_ATA_SECURE_ERASE; m < FW_METHOD_COUNT; m++)
		assert_non_null(fw_method_info((enum fw_method)m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pt16_identify),
		cmocka_unit_test(test_pt16_security_erase),
		cmocka_unit_test(test_pt16_sanitize_crypto),
		cmocka_unit_test(test_pt16_overwrite_48bit),
		cmocka_unit_test(test_pt16_read_native_max),
		cmocka_unit_test(test_pt16_28bit_lba),
		cmocka_unit_test(test_ata_sense_descriptor),
		cmocka_unit_test(test_ata_sense_fixed),
		cmocka_unit_test(test_nvme_cdw10),
		cmocka_unit_test(test_scsi_cdb),
		cmocka_unit_test(test_scsi_sense_progress),
		cmocka_unit_test(test_identify),
		cmocka_unit_test(test_identify_bad_checksum),
		cmocka_unit_test(test_secure_erase_ok),
		cmocka_unit_test(test_secure_erase_enhanced),
		cmocka_unit_test(test_secure_erase_frozen),
		cmocka_unit_test(test_secure_erase_locked_or_enabled),
		cmocka_unit_test(test_secure_erase_count_expired),
		cmocka_unit_test(test_secure_erase_fails_password_cleared),
		cmocka_unit_test(test_secure_erase_password_left),
		cmocka_unit_test(test_secure_erase_timeout),
		cmocka_unit_test(test_secure_erase_lying_drive),
		cmocka_unit_test(test_security_unsupported),
		cmocka_unit_test(test_secure_erase_password_recorded_first),
		cmocka_unit_test(test_unlock),
		cmocka_unit_test(test_erase_timeouts),
		cmocka_unit_test(test_sanitize_in_progress_at_start),
		cmocka_unit_test(test_ata_sanitize),
		cmocka_unit_test(test_ata_sanitize_unsupported_frozen_failed),
		cmocka_unit_test(test_hpa_dco),
		cmocka_unit_test(test_hpa_removal_is_permanent),
		cmocka_unit_test(test_hpa_amac),
		cmocka_unit_test(test_hpa_not_checkable),
		cmocka_unit_test(test_sat_sense_formats),
		cmocka_unit_test(test_sat_bridge_and_empty_identify),
		cmocka_unit_test(test_dco_restore),
		cmocka_unit_test(test_nvme_format),
		cmocka_unit_test(test_nvme_sanitize),
		cmocka_unit_test(test_scsi_sanitize),
		cmocka_unit_test(test_sanitize_failure_cleared),
		cmocka_unit_test(test_transient_poll_error),
		cmocka_unit_test(test_scsi_unit_attention),
		cmocka_unit_test(test_nvme_overwrite_dealloc),
		cmocka_unit_test(test_choose),
		cmocka_unit_test(test_sim_spec),
		cmocka_unit_test(test_categories_and_names),
	};
	return cmocka_run_group_tests_name("firmware sanitize", tests, NULL, NULL);
}
