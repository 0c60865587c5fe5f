/*
 * fw_scsi.c — SCSI/SAS SANITIZE (overwrite, block erase, cryptographic
 * erase) with progress from REQUEST SENSE.
 *
 * Specifications: SBC-4 5.30 SANITIZE command (48h), 5.30.2 OVERWRITE
 * parameter list; SPC-5 4.4.2.4.x sense-key specific progress indication,
 * 6.39 REQUEST SENSE; ASC/ASCQ 04h/1Bh "sanitize in progress", 31h/03h
 * "sanitize command failed".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fw.h"

int fw_scsi_sanitize_cdb(enum scsi_sanitize_sa sa, int immed, int ause, uint16_t param_len,
			 uint8_t cdb[10])
{
	memset(cdb, 0, 10);
	cdb[0] = 0x48;
	cdb[1] = (uint8_t)((immed ? 0x80 : 0) | (ause ? 0x20 : 0) | (sa & 0x1f));
	cdb[7] = (uint8_t)(param_len >> 8);
	cdb[8] = (uint8_t)param_len;
	return 10;
}

int fw_scsi_overwrite_params(unsigned count, int invert, uint32_t pattern, uint8_t out[8])
{
	memset(out, 0, 8);
	out[0] = (uint8_t)((invert ? 0x80 : 0) | (count & 0x1f)); /* TEST = 00b */
	out[2] = 0;
	out[3] = 4; /* initialization pattern length */
	out[4] = (uint8_t)(pattern >> 24);
	out[5] = (uint8_t)(pattern >> 16);
	out[6] = (uint8_t)(pattern >> 8);
	out[7] = (uint8_t)pattern;
	return 8;
}

int fw_scsi_sense_progress(const uint8_t *s, size_t len, uint8_t *key, uint8_t *asc,
			   uint8_t *ascq, uint32_t *progress)
{
	*key = *asc = *ascq = 0;
	*progress = 0;
	if (len < 8)
		return 0;
	uint8_t rc = s[0] & 0x7f;
	if (rc == 0x70 || rc == 0x71) {
		*key = s[2] & 0x0f;
		if (len >= 14) {
			*asc = s[12];
			*ascq = s[13];
		}
		if (len >= 18 && (s[15] & 0x80)) {
			*progress = (uint32_t)(s[16] << 8 | s[17]);
			return 1;
		}
		return 0;
	}
	if (rc == 0x72 || rc == 0x73) {
		*key = s[1] & 0x0f;
		*asc = s[2];
		*ascq = s[3];
		size_t total = 8 + (size_t)s[7];
		if (total > len)
			total = len;
		for (size_t off = 8; off + 2 <= total;) {
			uint8_t code = s[off], alen = s[off + 1];
			if (off + 2 + alen > total)
				break;
			/* 02h: sense key specific; 0Ah: progress indication. */
			if (code == 0x02 && alen >= 6 && (s[off + 4] & 0x80)) {
				*progress = (uint32_t)(s[off + 5] << 8 | s[off + 6]);
				return 1;
			}
			if (code == 0x0a && alen >= 6) {
				*progress = (uint32_t)(s[off + 6] << 8 | s[off + 7]);
				return 1;
			}
			off += 2 + (size_t)alen;
		}
	}
	return 0;
}

/* REQUEST SENSE: 1 while a sanitize is in progress (NOT READY, 04h/1Bh),
 * 0 otherwise, -errno when it cannot be sent; progress in *prog. */
static int scsi_in_progress(const struct fw_transport *t, uint8_t *key, uint8_t *asc, uint8_t *ascq, uint32_t *prog,
			    int *has)
{
	static const uint8_t req_sense[6] = { 0x03, 0, 0, 0, 252, 0 };
	uint8_t data[252], sense[64];
	size_t dl = sizeof(sense);
	memset(data, 0, sizeof(data));
	int rc = t->scsi(t->ctx, req_sense, sizeof(req_sense), FW_DIR_IN, data, sizeof(data), sense, &dl, 30);
	if (rc < 0)
		return rc;
	*has = fw_scsi_sense_progress(data, sizeof(data), key, asc, ascq, prog);
	return *key == 0x02 && *asc == 0x04 && *ascq == 0x1b;
}

/* A sanitize running when reco starts is waited for and reported, never
 * restarted over.  0 to go on, or -1 with r filled. */
static int scsi_wait_previous(const struct fw_job *job, struct fw_result *r)
{
	const struct fw_transport *t = job->t;
	uint8_t key, asc, ascq;
	uint32_t prog;
	int has;
	if (scsi_in_progress(t, &key, &asc, &ascq, &prog, &has) != 1)
		return 0;
	unsigned polls = 0, errors = 0;
	for (unsigned waited = 0; waited < FW_PREVIOUS_WAIT_S; waited += 2) {
		t->sleep_ms(t->ctx, 2000);
		polls++;
		int rc = scsi_in_progress(t, &key, &asc, &ascq, &prog, &has);
		if (rc < 0) {
			if (++errors > FW_POLL_ERRORS)
				break;
			continue;
		}
		errors = 0;
		if (rc == 1 || key == 0x06) { /* in progress, or a UNIT ATTENTION to read again */
			if (rc == 1 && has && job->progress)
				job->progress(job->progress_arg, prog);
			continue;
		}
		return fw_previous_end(r, polls, asc == 0x31 && ascq == 0x03 ? "failed" : "ended", 0);
	}
	return fw_previous_end(r, polls, NULL, errors > FW_POLL_ERRORS);
}

void fw_scsi_run(const struct fw_job *job, struct fw_result *r)
{
	const struct fw_transport *t = job->t;
	if (scsi_wait_previous(job, r) != 0)
		return;
	enum scsi_sanitize_sa sa;
	const char *what;
	switch (job->method) {
	case FW_SCSI_SANITIZE_CRYPTO:
		sa = SCSI_SANITIZE_CRYPTO_ERASE, what = "CRYPTOGRAPHIC ERASE";
		break;
	case FW_SCSI_SANITIZE_BLOCK:
		sa = SCSI_SANITIZE_BLOCK_ERASE, what = "BLOCK ERASE";
		break;
	default:
		sa = SCSI_SANITIZE_OVERWRITE, what = "OVERWRITE";
		break;
	}
	uint8_t cdb[10], params[8], sense[64];
	size_t plen = 0, slen = sizeof(sense);
	if (sa == SCSI_SANITIZE_OVERWRITE) {
		uint32_t p = job->overwrite_pattern;
		plen = (size_t)fw_scsi_overwrite_params(1, 0, p, params);
		r->expect_byte = p == (p & 0xff) * 0x01010101u ? (int)(p & 0xff) : -1;
	}
	/* AUSE: a failed sanitize may be left with EXIT FAILURE MODE */
	fw_scsi_sanitize_cdb(sa, 1, 1, (uint16_t)plen, cdb);
	snprintf(r->command, sizeof(r->command), "SCSI SANITIZE (48h) service action %02xh %s, IMMED=1, AUSE=1",
		 sa, what);

	int rc = t->scsi(t->ctx, cdb, sizeof(cdb), plen ? FW_DIR_OUT : FW_DIR_NONE, plen ? params : NULL,
			 plen, sense, &slen, 60);
	if (rc < 0) {
		r->status = FW_IO;
		snprintf(r->reason, sizeof(r->reason), "SANITIZE could not be sent: %s", strerror(-rc));
		return;
	}
	if (rc == 1) {
		uint8_t key, asc, ascq;
		uint32_t prog;
		fw_scsi_sense_progress(sense, slen, &key, &asc, &ascq, &prog);
		r->status = key == 0x05 ? FW_UNSUPPORTED : FW_REFUSED;
		snprintf(r->reason, sizeof(r->reason), "SANITIZE %s was refused (sense key %xh, ASC/ASCQ %02xh/%02xh)",
			 what, key, asc, ascq);
		return;
	}

	unsigned limit_s = job->timeout_s ? job->timeout_s : 24 * 3600;
	unsigned errors = 0;
	for (unsigned waited = 0;; waited += 2) {
		uint8_t key, asc, ascq;
		uint32_t prog;
		int has;
		rc = scsi_in_progress(t, &key, &asc, &ascq, &prog, &has);
		r->polls++;
		if (rc < 0) {
			/* one REQUEST SENSE that fails is not the sanitize failing */
			if (++errors > FW_POLL_ERRORS) {
				r->status = FW_IO;
				snprintf(r->reason, sizeof(r->reason), "REQUEST SENSE failed %u times in a row: %s", errors,
					 strerror(-rc));
				return;
			}
		} else if (asc == 0x31 && ascq == 0x03) {
			r->status = FW_FAILED;
			snprintf(r->reason, sizeof(r->reason), "the drive reports SANITIZE %s failed", what);
			/* leave the failure mode (allowed by AUSE) and check */
			uint8_t ex[10];
			size_t el = sizeof(sense);
			fw_scsi_sanitize_cdb(SCSI_SANITIZE_EXIT_FAILURE, 0, 0, 0, ex);
			if (t->scsi(t->ctx, ex, sizeof(ex), FW_DIR_NONE, NULL, 0, sense, &el, 60) != 0 ||
			    scsi_in_progress(t, &key, &asc, &ascq, &prog, &has) < 0 || (asc == 0x31 && ascq == 0x03))
				snprintf(r->remedy, sizeof(r->remedy),
					 "The drive stays in sanitize failure mode; run the wipe again, or send SANITIZE "
					 "with the EXIT FAILURE MODE service action (sg_sanitize --early).");
			return;
		} else if (rc == 1) {
			errors = 0;
			if (has && job->progress)
				job->progress(job->progress_arg, prog);
		} else if (key == 0x06) {
			/* UNIT ATTENTION (a reset, a power-on): it reports an event,
			 * not the end of the sanitize, which resumes by itself:
			 * read again */
			errors = 0;
		} else if (key == 0x00 || key == 0x01) {
			if (job->progress)
				job->progress(job->progress_arg, 65536);
			r->status = FW_OK;
			return;
		} else {
			r->status = FW_FAILED;
			snprintf(r->reason, sizeof(r->reason),
				 "unexpected sense during SANITIZE %s (key %xh, ASC/ASCQ %02xh/%02xh)", what, key,
				 asc, ascq);
			return;
		}
		if (waited >= limit_s) {
			r->status = FW_TIMEOUT;
			snprintf(r->reason, sizeof(r->reason), "SANITIZE %s still running after %u minutes", what,
				 limit_s / 60);
			return;
		}
		t->sleep_ms(t->ctx, 2000);
	}
}

int fw_scsi_supports(const struct fw_transport *t, unsigned sa)
{
	/* REPORT SUPPORTED OPERATION CODES (SPC-5 6.35), reporting options
	 * 010b: one command, with its service action. */
	uint8_t cdb[12] = { 0xa3, 0x0c, 0x02, 0x48, (uint8_t)(sa >> 8), (uint8_t)sa, 0, 0, 0, 64, 0, 0 };
	uint8_t data[64], sense[64];
	size_t slen = sizeof(sense);
	memset(data, 0, sizeof(data));
	int rc = t->scsi(t->ctx, cdb, sizeof(cdb), FW_DIR_IN, data, sizeof(data), sense, &slen, 15);
	if (rc < 0)
		return rc;
	if (rc == 1)
		return 0; /* the command itself is not supported */
	unsigned support = data[1] & 0x07;
	return support == 3 || support == 5;
}
