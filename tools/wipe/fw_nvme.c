/*
 * fw_nvme.c — NVMe firmware erasure: Format NVM with Secure Erase Settings
 * (SES=1 user data erase, SES=2 cryptographic erase) and Sanitize (block
 * erase, crypto erase, overwrite) with progress from the Sanitize Status log
 * page.
 *
 * Specification: NVM Express Base Specification 2.0 — 5.15 Identify
 * (Controller: OACS bytes 257:256, SANICAP 331:328, NN 519:516, FNA 524;
 * Namespace: NSZE, NLBAF 25, FLBAS 26, LBAF table from byte 128),
 * 5.14.1.9.x Sanitize Status log page (81h), 5.23 Format NVM (80h),
 * 5.24 Sanitize (84h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fw.h"

#define NVME_ADMIN_GET_LOG 0x02
#define NVME_ADMIN_IDENTIFY 0x06
#define NVME_ADMIN_FORMAT 0x80
#define NVME_ADMIN_SANITIZE 0x84
#define NVME_LOG_SANITIZE 0x81
#define NVME_NSID_ALL 0xffffffffu

uint32_t fw_nvme_format_cdw10(unsigned lbaf, enum nvme_ses ses)
{
	/* LBAF bits 3:0 and, for formats 16-63, LBAFU in bits 13:12.
	 * MSET, PI and PIL stay 0: no metadata, no protection information. */
	return (lbaf & 0x0f) | ((uint32_t)(lbaf >> 4) & 0x3) << 12 | ((uint32_t)ses & 0x7) << 9;
}

uint32_t fw_nvme_sanitize_cdw10(enum nvme_sanact act, int ause, unsigned owpass, int oipbp, int ndas)
{
	return ((uint32_t)act & 0x7) | (ause ? 1u << 3 : 0) | ((owpass & 0xf) << 4) |
	       (oipbp ? 1u << 8 : 0) | (ndas ? 1u << 9 : 0);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void nvme_string(const uint8_t *p, size_t n, char *out)
{
	memcpy(out, p, n);
	out[n] = '\0';
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\0'))
		out[--n] = '\0';
}

int fw_nvme_parse_id_ctrl(const uint8_t id[4096], struct nvme_identity *o)
{
	memset(o, 0, sizeof(*o));
	nvme_string(id + 4, 20, o->serial);
	nvme_string(id + 24, 40, o->model);
	nvme_string(id + 64, 8, o->firmware);
	uint16_t oacs = (uint16_t)(id[256] | id[257] << 8);
	o->format_supported = !!(oacs & (1 << 1));
	uint32_t sanicap = le32(id + 328);
	o->san_crypto = !!(sanicap & 1);
	o->san_block = !!(sanicap & 2);
	o->san_overwrite = !!(sanicap & 4);
	o->san_ndi = !!(sanicap & (1u << 29));
	o->nn = le32(id + 516);
	uint8_t fna = id[524];
	o->fna_all_ns_format = !!(fna & 1);
	o->fna_all_ns_erase = !!(fna & 2);
	o->fna_crypto = !!(fna & 4);
	return 0;
}

int fw_nvme_parse_id_ns(const uint8_t id[4096], struct nvme_ns_identity *o)
{
	memset(o, 0, sizeof(*o));
	for (int i = 7; i >= 0; i--)
		o->nsze = o->nsze << 8 | id[i];
	unsigned nlbaf = id[25];
	o->flbas = (id[26] & 0x0f) | ((unsigned)(id[26] >> 5) & 0x3) << 4;
	if (o->flbas > nlbaf || o->flbas >= 64)
		return -EINVAL;
	o->lba_shift = id[128 + 4 * o->flbas + 2];
	if (o->lba_shift < 9 || o->lba_shift > 16)
		return -EINVAL;
	/* DLFEAT (byte 33) bits 2:0: what a deallocated block reads as */
	unsigned dl = id[33] & 0x7;
	o->dealloc_byte = dl == 1 ? 0x00 : dl == 2 ? 0xff : -1;
	return 0;
}

int fw_nvme_parse_sanitize_log(const uint8_t *log, size_t len, struct nvme_sanitize_status *o)
{
	if (len < 20)
		return -EINVAL;
	memset(o, 0, sizeof(*o));
	o->sprog = (uint16_t)(log[0] | log[1] << 8);
	uint16_t sstat = (uint16_t)(log[2] | log[3] << 8);
	o->state = sstat & 0x7;
	o->passes = (sstat >> 3) & 0x1f;
	o->global_erased = !!(sstat & (1 << 8));
	o->est_overwrite_s = le32(log + 8);
	o->est_block_s = le32(log + 12);
	o->est_crypto_s = le32(log + 16);
	return 0;
}

static int identify(const struct fw_transport *t, uint32_t nsid, unsigned cns, uint8_t buf[4096])
{
	struct fw_nvme_cmd c = { .opcode = NVME_ADMIN_IDENTIFY, .nsid = nsid, .cdw10 = cns };
	int rc = t->nvme_admin(t->ctx, &c, buf, 4096, 15, NULL);
	return rc > 0 ? -EIO : rc;
}

int fw_nvme_identify(const struct fw_transport *t, struct nvme_identity *id)
{
	uint8_t buf[4096];
	int rc = identify(t, 0, 1, buf);
	if (rc)
		return rc;
	return fw_nvme_parse_id_ctrl(buf, id);
}

static int sanitize_log(const struct fw_transport *t, struct nvme_sanitize_status *st)
{
	uint8_t buf[512];
	uint32_t numd = sizeof(buf) / 4 - 1;
	struct fw_nvme_cmd c = { .opcode = NVME_ADMIN_GET_LOG, .nsid = NVME_NSID_ALL,
				 .cdw10 = NVME_LOG_SANITIZE | (numd & 0xffff) << 16,
				 .cdw11 = numd >> 16 };
	memset(buf, 0, sizeof(buf));
	int rc = t->nvme_admin(t->ctx, &c, buf, sizeof(buf), 15, NULL);
	if (rc)
		return rc > 0 ? -EIO : rc;
	return fw_nvme_parse_sanitize_log(buf, sizeof(buf), st);
}

static void nvme_format(const struct fw_job *job, struct fw_result *r, const struct nvme_identity *id)
{
	const struct fw_transport *t = job->t;
	enum nvme_ses ses = job->method == FW_NVME_FORMAT_CRYPTO ? NVME_SES_CRYPTO : NVME_SES_USER_DATA;
	if (!id->format_supported) {
		r->status = FW_UNSUPPORTED;
		snprintf(r->reason, sizeof(r->reason), "the controller does not support Format NVM");
		return;
	}
	if (ses == NVME_SES_CRYPTO && !id->fna_crypto) {
		r->status = FW_UNSUPPORTED;
		snprintf(r->reason, sizeof(r->reason),
			 "the controller does not support cryptographic erase (FNA bit 2 clear)");
		return;
	}
	uint32_t nsid = job->nsid ? job->nsid : 1;
	uint8_t buf[4096];
	struct nvme_ns_identity ns;
	if (identify(t, nsid, 0, buf) != 0 || fw_nvme_parse_id_ns(buf, &ns) != 0) {
		r->status = FW_IO;
		snprintf(r->reason, sizeof(r->reason), "Identify Namespace %u failed", nsid);
		return;
	}
	/* When the secure erase reaches every namespace anyway (FNA bit 1),
	 * say so by addressing all of them. */
	uint32_t target = (id->fna_all_ns_erase || id->fna_all_ns_format) ? NVME_NSID_ALL : nsid;
	struct fw_nvme_cmd c = { .opcode = NVME_ADMIN_FORMAT, .nsid = target,
				 .cdw10 = fw_nvme_format_cdw10(ns.flbas, ses) };
	unsigned timeout_s = job->timeout_s ? job->timeout_s : 3600;
	char nsdesc[32];
	if (target == NVME_NSID_ALL)
		snprintf(nsdesc, sizeof(nsdesc), "all namespaces");
	else
		snprintf(nsdesc, sizeof(nsdesc), "namespace %u", target);
	snprintf(r->command, sizeof(r->command),
		 "NVMe Format NVM, SES=%d (%s), LBAF=%u (%u-byte blocks), %s, CDW10=%08xh",
		 ses, ses == NVME_SES_CRYPTO ? "cryptographic erase" : "user data erase", ns.flbas,
		 1u << ns.lba_shift, nsdesc, c.cdw10);
	int rc = t->nvme_admin(t->ctx, &c, NULL, 0, timeout_s, NULL);
	if (rc == 0) {
		r->status = FW_OK;
		if (job->progress)
			job->progress(job->progress_arg, 65536);
	} else if (rc > 0) {
		r->status = FW_REFUSED;
		snprintf(r->reason, sizeof(r->reason), "the controller refused Format NVM (status %03xh)", rc);
	} else {
		r->status = rc == -ETIMEDOUT ? FW_TIMEOUT : FW_IO;
		snprintf(r->reason, sizeof(r->reason), "Format NVM did not complete: %s", strerror(-rc));
	}
}

static void nvme_sanitize(const struct fw_job *job, struct fw_result *r, const struct nvme_identity *id)
{
	const struct fw_transport *t = job->t;
	enum nvme_sanact act;
	int ok;
	const char *what;
	switch (job->method) {
	case FW_NVME_SANITIZE_CRYPTO:
		act = NVME_SANACT_CRYPTO_ERASE, ok = id->san_crypto, what = "crypto erase";
		break;
	case FW_NVME_SANITIZE_BLOCK:
		act = NVME_SANACT_BLOCK_ERASE, ok = id->san_block, what = "block erase";
		break;
	default:
		act = NVME_SANACT_OVERWRITE, ok = id->san_overwrite, what = "overwrite";
		break;
	}
	if (!ok) {
		r->status = FW_UNSUPPORTED;
		snprintf(r->reason, sizeof(r->reason), "the controller does not support sanitize %s (SANICAP)", what);
		return;
	}
	/* No-Deallocate After Sanitize.  After an overwrite, deallocated blocks
	 * would read back as whatever the namespace's DLFEAT says, not as the
	 * pattern: ask for no deallocation unless the controller inhibits it
	 * (SANICAP NDI), and then expect the documented deallocated value. */
	int ndas = (act == NVME_SANACT_OVERWRITE || job->ndas) && !id->san_ndi;
	if (act == NVME_SANACT_OVERWRITE) {
		uint32_t p = job->overwrite_pattern;
		r->expect_byte = p == (p & 0xff) * 0x01010101u ? (int)(p & 0xff) : -1;
		if (!ndas) {
			uint8_t buf[4096];
			struct nvme_ns_identity ns;
			uint32_t nsid = job->nsid ? job->nsid : 1;
			r->expect_byte = identify(t, nsid, 0, buf) == 0 && fw_nvme_parse_id_ns(buf, &ns) == 0
						 ? ns.dealloc_byte : -1;
		}
	}
	/* AUSE: unrestricted completion, so that a failed sanitize can be left
	 * with Exit Failure Mode instead of keeping the drive unusable. */
	struct fw_nvme_cmd c = { .opcode = NVME_ADMIN_SANITIZE, .nsid = 0,
				 .cdw10 = fw_nvme_sanitize_cdw10(act, 1, act == NVME_SANACT_OVERWRITE ? 1 : 0, 0, ndas),
				 .cdw11 = act == NVME_SANACT_OVERWRITE ? job->overwrite_pattern : 0 };
	char deall[96] = "";
	if (act == NVME_SANACT_OVERWRITE && !ndas)
		snprintf(deall, sizeof(deall), ", deallocated blocks expected to read %s",
			 r->expect_byte < 0 ? "undefined" : r->expect_byte ? "FFh" : "00h");
	snprintf(r->command, sizeof(r->command), "NVMe Sanitize, SANACT=%d (%s), AUSE=1, NDAS=%d, CDW10=%08xh%s%s",
		 act, what, ndas, c.cdw10,
		 (job->ndas || act == NVME_SANACT_OVERWRITE) && id->san_ndi ? " (no-deallocate inhibited by the controller)" : "",
		 deall);

	struct nvme_sanitize_status st;
	int rc = t->nvme_admin(t->ctx, &c, NULL, 0, 30, NULL);
	if (rc > 0) {
		r->status = FW_REFUSED;
		snprintf(r->reason, sizeof(r->reason), "the controller refused Sanitize (status %03xh)", rc);
		return;
	} else if (rc < 0) {
		r->status = FW_IO;
		snprintf(r->reason, sizeof(r->reason), "Sanitize could not be sent: %s", strerror(-rc));
		return;
	}
	unsigned limit_s = job->timeout_s ? job->timeout_s : 24 * 3600;
	unsigned errors = 0, seen = 0;
	for (unsigned waited = 0;; waited++) {
		rc = sanitize_log(t, &st);
		r->polls++;
		if (rc) {
			/* one log read that fails is not the sanitize failing */
			if (++errors > FW_POLL_ERRORS) {
				r->status = FW_IO;
				snprintf(r->reason, sizeof(r->reason),
					 "reading the Sanitize Status log failed %u times in a row", errors);
				return;
			}
		} else if (st.state == NVME_SSTAT_DONE || st.state == NVME_SSTAT_DONE_NO_DEALLOC) {
			if (job->progress)
				job->progress(job->progress_arg, 65536);
			r->status = FW_OK;
			return;
		} else if (st.state == NVME_SSTAT_FAILED) {
			r->status = FW_FAILED;
			snprintf(r->reason, sizeof(r->reason), "the controller reports that sanitize %s failed", what);
			/* leave the failure mode (allowed by AUSE) and check */
			struct fw_nvme_cmd ex = { .opcode = NVME_ADMIN_SANITIZE,
						  .cdw10 = fw_nvme_sanitize_cdw10(NVME_SANACT_EXIT_FAILURE, 0, 0, 0, 0) };
			if (t->nvme_admin(t->ctx, &ex, NULL, 0, 30, NULL) != 0 || sanitize_log(t, &st) != 0 ||
			    st.state == NVME_SSTAT_FAILED)
				snprintf(r->remedy, sizeof(r->remedy),
					 "The drive stays in sanitize failure mode until a sanitize completes; run the "
					 "wipe again (or another sanitize action).");
			return;
		} else {
			errors = 0;
			if (st.state == NVME_SSTAT_IN_PROGRESS)
				seen = 1;
			else if (!seen && waited > 2) {
				r->status = FW_FAILED;
				snprintf(r->reason, sizeof(r->reason),
					 "the controller accepted Sanitize but its status log never showed it running");
				return;
			}
			if (job->progress && st.state == NVME_SSTAT_IN_PROGRESS)
				job->progress(job->progress_arg, st.sprog);
		}
		if (waited >= limit_s) {
			r->status = FW_TIMEOUT;
			snprintf(r->reason, sizeof(r->reason), "sanitize %s still running after %u minutes",
				 what, limit_s / 60);
			return;
		}
		t->sleep_ms(t->ctx, 1000);
	}
}

/* A sanitize running when reco starts (it resumes by itself after a power
 * cut) is waited for and reported, never restarted over.  0 to go on, or
 * -1 with r filled. */
static int nvme_wait_previous(const struct fw_job *job, struct fw_result *r, const struct nvme_identity *id)
{
	const struct fw_transport *t = job->t;
	struct nvme_sanitize_status st;
	if (!(id->san_crypto || id->san_block || id->san_overwrite) || sanitize_log(t, &st) != 0)
		return 0;
	if (st.state == NVME_SSTAT_FAILED) {
		snprintf(r->previous, sizeof(r->previous),
			 "the Sanitize Status log reports that an earlier sanitize failed (the controller stays in "
			 "sanitize failure mode until a sanitize completes)");
		return 0;
	}
	if (st.state != NVME_SSTAT_IN_PROGRESS)
		return 0;
	unsigned polls = 0, errors = 0;
	for (unsigned waited = 0; waited < FW_PREVIOUS_WAIT_S; waited++) {
		t->sleep_ms(t->ctx, 1000);
		polls++;
		if (sanitize_log(t, &st) != 0) {
			if (++errors > FW_POLL_ERRORS)
				break;
			continue;
		}
		errors = 0;
		if (st.state == NVME_SSTAT_IN_PROGRESS) {
			if (job->progress)
				job->progress(job->progress_arg, st.sprog);
			continue;
		}
		return fw_previous_end(r, polls,
				       st.state == NVME_SSTAT_DONE || st.state == NVME_SSTAT_DONE_NO_DEALLOC ? "completed"
													       : "failed",
				       0);
	}
	return fw_previous_end(r, polls, NULL, errors > FW_POLL_ERRORS);
}

void fw_nvme_run(const struct fw_job *job, struct fw_result *r)
{
	struct nvme_identity id;
	if (fw_nvme_identify(job->t, &id) != 0) {
		r->status = FW_IO;
		snprintf(r->reason, sizeof(r->reason), "Identify Controller failed");
		return;
	}
	if (nvme_wait_previous(job, r, &id) != 0)
		return;
	if (job->method == FW_NVME_FORMAT_USER || job->method == FW_NVME_FORMAT_CRYPTO)
		nvme_format(job, r, &id);
	else
		nvme_sanitize(job, r, &id);
}
