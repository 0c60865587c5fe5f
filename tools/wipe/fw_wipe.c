/*
 * fw_wipe.c — firmware methods as entries of the wipe method table, and
 * `--method auto`.
 *
 * A firmware method is never trusted on its word (NIST SP 800-88 Rev.1 4.7,
 * IEEE 2883-2022 clause 7): before the command, a NIST sample of the disk
 * (the same plan as --verify sample: at least 1000 subsections, first and
 * last block) is read and hashed per 4 KiB unit; after it, the same units are
 * read again and each must differ from what it held, and hold the defined
 * content (zeros) where the command defines one.  A unit that held exactly
 * the expected content before cannot show a change; it is counted apart
 * ("inconclusive") and reported, never counted as a success or a failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <unistd.h>

#include <nvme/ioctl.h>
#include <openssl/evp.h>

#include "fw.h"
#include "fw_transport.h"
#include "fw_wipe.h"
#include "lib/i18n.h"
#include "lib/json.h"
#include "wipe.h"

#define UNIT 4096u
#define FW_SAMPLE_PERMILLE 10 /* 1 % of the disk, on top of first/last block */

/* ---- opening the right transport -------------------------------------- */

int fw_target_transport(struct wipe_target *t, struct fw_transport *tr, struct fw_sim_drive *sim)
{
	const char *spec = getenv("RECO_WIPE_SIMULATE");
	if (spec && *spec) {
		if (fw_sim_from_spec(sim, spec) != 0)
			return -EINVAL;
		sim->media_fd = t->fd;
		sim->media_size = t->size;
		sim->max_lba = sim->native_max = t->size / (t->lss ? t->lss : 512);
		if (sim->dco_max) /* the factory capacity is the image; a DCO hides an eighth */
			sim->dco_max = sim->native_max, sim->native_max = sim->max_lba = sim->dco_max / 8 * 7;
		if (sim->hpa)
			sim->max_lba = sim->native_max / 4 * 3;
		const char *state = getenv("RECO_WIPE_SIM_STATE");
		if (state && *state && fw_sim_state_load(sim, state) != 0)
			return -EINVAL;
		const char *log = getenv("RECO_WIPE_SIM_LOG");
		if (log && *log)
			sim->log_fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		fw_transport_sim(tr, sim);
		return 0;
	}
	if (t->kind != WIPE_KIND_BLOCK)
		return -ENOTSUP;
	if (!strcmp(t->transport, "nvme")) {
		fw_transport_nvme(tr, &t->fd);
		return 0;
	}
	if (!strcmp(t->transport, "sata") || !strcmp(t->transport, "ata") || !strcmp(t->transport, "sas") ||
	    !strcmp(t->transport, "scsi")) {
		fw_transport_sg(tr, &t->fd);
		return 0;
	}
	return -ENOTSUP;
}

static int is_ata(const struct wipe_target *t, const struct fw_transport *tr)
{
	if (!strcmp(tr->name, "sim"))
		return ((struct fw_sim_drive *)tr->ctx)->kind == FW_SIM_ATA;
	return !strcmp(t->transport, "sata") || !strcmp(t->transport, "ata");
}

static int is_nvme(const struct wipe_target *t, const struct fw_transport *tr)
{
	if (!strcmp(tr->name, "sim"))
		return ((struct fw_sim_drive *)tr->ctx)->kind == FW_SIM_NVME;
	return !strcmp(t->transport, "nvme");
}

enum fw_media fw_target_media(struct wipe_target *t)
{
	struct fw_transport tr;
	struct fw_sim_drive sim;
	if (!strcmp(t->transport, "usb") || !strcmp(t->transport, "mmc"))
		return MEDIA_FLASH_REMOVABLE;
	if (fw_target_transport(t, &tr, &sim) == 0 && !strcmp(tr.name, "sim"))
		return sim.rotational ? MEDIA_HDD : MEDIA_SSD;
	if (t->kind != WIPE_KIND_BLOCK)
		return MEDIA_UNKNOWN;
	return t->rotational ? MEDIA_HDD : MEDIA_SSD;
}

static enum fw_media media_of(const struct wipe_target *t, const struct fw_transport *tr)
{
	if (!strcmp(t->transport, "usb") || !strcmp(t->transport, "mmc"))
		return MEDIA_FLASH_REMOVABLE;
	if (!strcmp(tr->name, "sim"))
		return ((struct fw_sim_drive *)tr->ctx)->rotational ? MEDIA_HDD : MEDIA_SSD;
	return t->rotational ? MEDIA_HDD : MEDIA_SSD;
}

/* ---- --method auto ------------------------------------------------------- */

const char *fw_auto_choose(struct wipe_target *t, char *why, size_t size)
{
	struct fw_transport tr;
	struct fw_sim_drive sim;
	struct ata_identity ata;
	struct nvme_identity nvme;
	struct fw_caps caps = { .transport = t->transport };
	struct fw_choice c;
	if (t->is_partition) {
		snprintf(why, size, "%s",
			 "a partition: firmware erase commands act on the whole disk, so this partition gets a "
			 "verified overwrite (Clear)");
		return "random";
	}
	int have = fw_target_transport(t, &tr, &sim) == 0;
	if (have && strcmp(tr.name, "sim") == 0)
		caps.transport = sim.kind == FW_SIM_NVME ? "nvme" : sim.kind == FW_SIM_ATA ? "sata" : "sas";
	if (have) {
		caps.media = media_of(t, &tr);
		if (is_nvme(t, &tr) && fw_nvme_identify(&tr, &nvme) == 0)
			caps.nvme = &nvme;
		else if (is_ata(t, &tr) && fw_ata_identify(&tr, &ata) == 0)
			caps.ata = &ata;
		else if (!is_ata(t, &tr) && !is_nvme(t, &tr)) {
			caps.scsi_sanitize_overwrite = fw_scsi_supports(&tr, SCSI_SANITIZE_OVERWRITE) == 1;
			caps.scsi_sanitize_block = fw_scsi_supports(&tr, SCSI_SANITIZE_BLOCK_ERASE) == 1;
			caps.scsi_sanitize_crypto = fw_scsi_supports(&tr, SCSI_SANITIZE_CRYPTO_ERASE) == 1;
		}
	} else {
		caps.media = MEDIA_UNKNOWN;
	}
	fw_choose(&caps, &c);
	snprintf(why, size, "%s", c.why);
	if (c.method == FW_NONE)
		return "random";
	return fw_method_info(c.method)->name;
}

/* ---- sampled before/after check ----------------------------------------- */

struct unit_map {
	uint64_t n;
	unsigned char (*h)[8];
	uint64_t *off;
	uint32_t *len;
};

static int hash_unit(const unsigned char *p, size_t n, unsigned char out[8])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	if (!EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL))
		return -EIO;
	memcpy(out, md, 8);
	return 0;
}

static int all_byte(const unsigned char *p, size_t n, unsigned char v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

/* Reads every unit of the plan.  pass 0 records hashes; pass 1 compares and
 * counts: each unit must differ from what it held, and hold `expect` in
 * every byte when the command defines the content (expect >= 0; -1: not
 * defined).  Returns 0 or -errno (a read error). */
static int sample_pass(struct wipe_job *job, struct unit_map *m, int pass, struct wipe_fw_outcome *o,
		       int expect)
{
	const struct wipe_sample_plan *p = &job->s.plan;
	unsigned char *buf;
	if (posix_memalign((void **)&buf, 4096, 1 << 20))
		return -ENOMEM;
	uint64_t k = 0;
	atomic_store(&job->live.done, 0);
	atomic_store(&job->live.phase_total, p->bytes);
	for (size_t e = 0; e < p->n; e++) {
		for (uint64_t off = p->v[e].off; off < p->v[e].off + p->v[e].len;) {
			size_t n = p->v[e].off + p->v[e].len - off;
			if (n > (1 << 20))
				n = 1 << 20;
			ssize_t r = pread(job->t.fd, buf, n, (off_t)off);
			if (r != (ssize_t)n) {
				int rc = r < 0 ? -errno : -EIO;
				wipe_ranges_add(&job->res.bad, WIPE_OP_READ, off / job->t.lss, n / job->t.lss);
				free(buf);
				return rc;
			}
			for (size_t u = 0; u < n; u += UNIT, k++) {
				size_t ul = n - u < UNIT ? n - u : UNIT;
				unsigned char h[8];
				if (k >= m->n || hash_unit(buf + u, ul, h)) {
					free(buf);
					return -EIO;
				}
				if (pass == 0) {
					memcpy(m->h[k], h, 8);
					m->off[k] = off + u;
					m->len[k] = (uint32_t)ul;
					continue;
				}
				o->sampled_units++;
				int same = !memcmp(h, m->h[k], 8);
				int want = all_byte(buf + u, ul, expect >= 0 ? (unsigned char)expect : 0);
				if (same && (expect < 0 || want)) {
					/* Unchanged.  Conclusive failure unless the unit
					 * already held what the command leaves (its
					 * defined content, or zeros). */
					if (want) {
						o->inconclusive_units++;
					} else {
						o->unchanged_units++;
						wipe_ranges_add(&job->res.bad, WIPE_OP_MISMATCH, (off + u) / job->t.lss,
							   ul / job->t.lss);
					}
				} else if (expect >= 0 && !want) {
					o->wrong_content_units++;
					wipe_ranges_add(&job->res.bad, WIPE_OP_MISMATCH, (off + u) / job->t.lss, ul / job->t.lss);
				} else {
					o->changed_units++;
				}
			}
			off += n;
			atomic_fetch_add(&job->live.done, n);
			if (pass == 1)
				atomic_fetch_add(&job->res.bytes_verified, n);
		}
	}
	free(buf);
	return 0;
}

static void drop_caches(struct wipe_job *job)
{
	if (job->t.kind == WIPE_KIND_BLOCK)
		ioctl(job->t.fd, BLKFLSBUF, 0);
	posix_fadvise(job->t.fd, 0, 0, POSIX_FADV_DONTNEED);
}

static void on_progress(void *arg, uint32_t done)
{
	struct wipe_job *job = arg;
	if (done == FW_PROGRESS_PASSWORD_SET) {
		atomic_store(&job->res.fw->password_state, FW_PW_SET);
		wipe_kill_point("ata-password-set");
		return;
	}
	atomic_store(&job->live.done, done);
}

/* Before SECURITY SET PASSWORD: the password goes to the journal and to a
 * provisional wipe.json (job->s.persist, set by main), or the erase stops
 * here. */
static int record_password(void *arg, const char *pw)
{
	struct wipe_job *job = arg;
	snprintf(job->res.fw->ata_password, sizeof(job->res.fw->ata_password), "%s", pw);
	atomic_store(&job->res.fw->password_state, FW_PW_SET);
	if (!job->s.persist || job->s.persist(job) != 0) {
		explicit_bzero(job->res.fw->ata_password, sizeof(job->res.fw->ata_password));
		atomic_store(&job->res.fw->password_state, FW_PW_NONE);
		return -1;
	}
	return 0;
}

/* A fresh password per run: "reco" and 24 hex digits (96 random bits),
 * printable, so hdparm takes it too. */
static int new_password(char *out, size_t size)
{
	unsigned char r[12];
	if (getrandom(r, sizeof(r), 0) != sizeof(r))
		return -EIO;
	size_t n = (size_t)snprintf(out, size, "reco");
	for (size_t i = 0; i < sizeof(r) && n + 2 < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%02x", r[i]);
	explicit_bzero(r, sizeof(r));
	return 0;
}

static const char *status_name(enum fw_status s)
{
	static const char *const names[] = { "ok", "unsupported", "frozen", "locked", "refused",
					     "failed", "timeout", "io-error", "password-left" };
	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "unknown";
}

int fw_job_run(struct wipe_job *job)
{
	struct wipe_fw_outcome *o = calloc(1, sizeof(*o));
	if (!o)
		return -ENOMEM;
	job->res.fw = o;
	const struct fw_method_info *info = fw_method_by_name(job->s.m->name);
	struct fw_transport tr;
	struct fw_sim_drive sim;
	if (!info) {
		snprintf(o->error, sizeof(o->error), _("%s is not a firmware method"), job->s.m->name);
		return 0;
	}
	snprintf(o->method, sizeof(o->method), "%s", info->name);
	int rc = fw_target_transport(&job->t, &tr, &sim);
	if (rc) {
		snprintf(o->error, sizeof(o->error),
			 _("%s cannot be sent to this device (transport %s): use an overwrite method"),
			 info->command, job->t.transport);
		return 0;
	}
	if (!strcmp(tr.name, "sim"))
		snprintf(o->simulated, sizeof(o->simulated), "%s", getenv("RECO_WIPE_SIMULATE"));

	/* 1. what the disk holds now, sampled */
	uint64_t seed;
	if (job->s.plan.n == 0) {
		if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed) || wipe_sample_plan_build(&job->s.plan, job->t.size, job->t.lss,
							      FW_SAMPLE_PERMILLE, seed)) {
			snprintf(o->error, sizeof(o->error), "%s", _("cannot plan the verification sample"));
			return 0;
		}
		job->s.sample_seed = seed;
	}
	struct unit_map m = { 0 };
	for (size_t e = 0; e < job->s.plan.n; e++)
		m.n += (job->s.plan.v[e].len + UNIT - 1) / UNIT;
	o->planned_units = m.n;
	m.h = calloc(m.n ? m.n : 1, sizeof(*m.h));
	m.off = calloc(m.n ? m.n : 1, sizeof(*m.off));
	m.len = calloc(m.n ? m.n : 1, sizeof(*m.len));
	if (!m.h || !m.off || !m.len) {
		free(m.h), free(m.off), free(m.len);
		return -ENOMEM;
	}
	atomic_store(&job->live.phase, WIPE_PHASE_VERIFY);
	drop_caches(job);
	rc = sample_pass(job, &m, 0, o, 0);
	if (rc) {
		snprintf(o->error, sizeof(o->error), _("the disk could not be read before the erase: %s"),
			 strerror(-rc));
		goto out;
	}

	/* 2. the command */
	atomic_store(&o->stage, 1);
	atomic_store(&job->live.phase, WIPE_PHASE_WRITE);
	atomic_store(&job->live.done, 0);
	atomic_store(&job->live.phase_total, 65536);
	struct fw_job fj = { .t = &tr, .method = info->method, .nsid = 1, .progress = on_progress,
			     .progress_arg = job, .capacity_bytes = job->t.size,
			     .before_password = record_password, .password_arg = job };
	char pw[40] = "";
	if (info->method == FW_ATA_SECURE_ERASE || info->method == FW_ATA_SECURE_ERASE_ENHANCED) {
		if (new_password(pw, sizeof(pw)) != 0) {
			snprintf(o->error, sizeof(o->error), "%s", _("cannot get random bytes"));
			goto out;
		}
		fj.password = pw;
	}
	if (is_nvme(&job->t, &tr) && strcmp(tr.name, "sim")) {
		uint32_t nsid = 0;
		if (nvme_get_nsid(job->t.fd, &nsid) == 0 && nsid)
			fj.nsid = nsid;
	}
	struct fw_result res;
	fw_run(&fj, &res);
	snprintf(o->command, sizeof(o->command), "%s", res.command);
	explicit_bzero(pw, sizeof(pw));
	snprintf(o->status, sizeof(o->status), "%s", status_name(res.status));
	snprintf(o->remedy, sizeof(o->remedy), "%s", res.remedy);
	snprintf(o->fw_reason, sizeof(o->fw_reason), "%s", res.reason);
	snprintf(o->previous, sizeof(o->previous), "%s", res.previous);
	if (res.password != FW_PW_NONE)
		atomic_store(&o->password_state, res.password);
	if (res.password == FW_PW_CLEARED) /* no secret left to keep */
		explicit_bzero(o->ata_password, sizeof(o->ata_password));
	if (res.status != FW_OK)
		goto out;
	atomic_store(&job->live.done, 65536);

	/* 3. read the same sample again */
	atomic_store(&o->stage, 2);
	atomic_store(&job->live.phase, WIPE_PHASE_VERIFY);
	drop_caches(job);
	o->expect_byte = res.expect_byte;
	rc = sample_pass(job, &m, 1, o, res.expect_byte);
	if (rc)
		snprintf(o->error, sizeof(o->error), _("the disk could not be read back after %s: %s"), info->command,
			 strerror(-rc));
out:
	free(m.h);
	free(m.off);
	free(m.len);
	return 0;
}

json_t *fw_outcome_json(const struct wipe_fw_outcome *o)
{
	json_t *j = json_object();
	reco_json_set_str(j, "method", o->method);
	reco_json_set_str(j, "command", o->command);
	reco_json_set_str(j, "status", o->status);
	reco_json_set_str(j, "reason", o->fw_reason);
	reco_json_set_str(j, "remedy", o->remedy);
	reco_json_set_str(j, "simulated_drive", o->simulated);
	json_t *v = json_object();
	json_object_set_new(v, "sampled_units", json_integer((json_int_t)o->sampled_units));
	json_object_set_new(v, "changed_units", json_integer((json_int_t)o->changed_units));
	json_object_set_new(v, "unchanged_units", json_integer((json_int_t)o->unchanged_units));
	json_object_set_new(v, "wrong_content_units", json_integer((json_int_t)o->wrong_content_units));
	json_object_set_new(v, "inconclusive_units", json_integer((json_int_t)o->inconclusive_units));
	json_object_set_new(v, "unit_bytes", json_integer(UNIT));
	if (o->expect_byte >= 0) {
		char e[16];
		snprintf(e, sizeof(e), "%02Xh", (unsigned)o->expect_byte & 0xff);
		json_object_set_new(v, "expected_content", json_string(e));
	} else {
		json_object_set_new(v, "expected_content", json_string("not defined"));
	}
	json_object_set_new(j, "before_after_check", v);
	reco_json_set_str(j, "previous_operation", o->previous);
	int pws = atomic_load((_Atomic int *)&o->password_state);
	if (pws != FW_PW_NONE) {
		/* the value only while the drive may still hold it */
		static const char *const st[] = { "none", "set", "cleared", "left" };
		json_t *p = json_object();
		json_object_set_new(p, "state", json_string(st[pws]));
		if (pws != FW_PW_CLEARED)
			reco_json_set_str(p, "value", o->ata_password);
		json_object_set_new(j, "ata_password", p);
	}
	return j;
}
