/*
 * import.c — verify a signed report (tools/lib/sign.h, the report area's
 * API) and store it: device, report, per-disk wipe results, diagnostic
 * verdicts, one event.  Idempotent: the report's SHA-256 is its key.
 *
 * The report contract is in BRIEF/reports: report.json (canonical bytes),
 * report.json.sig (raw 64-byte Ed25519), station.pem.  A report that does
 * not verify against the association's CA (and CRL) is refused and nothing
 * of it is written.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "lib/coverage.h"
#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/util.h"
#include "lib/x509.h"
#include "registry.h"

#include "lib/sign.h"

#define REPORT_MAX (8u << 20)

static _Thread_local const char *pending_pdf64; /* set by reg_import_file */

static const char *status_name(enum reco_verify_status s)
{
	switch (s) {
	case RECO_VERIFY_OK: return _("verified");
	case RECO_VERIFY_BAD_SIGNATURE: return _("bad signature");
	case RECO_VERIFY_UNKNOWN_CA: return _("station not certified by this association's CA");
	case RECO_VERIFY_REVOKED: return _("station certificate revoked");
	case RECO_VERIFY_EXPIRED: return _("station certificate expired");
	case RECO_VERIFY_MALFORMED: return _("malformed report");
	case RECO_VERIFY_UNCERTIFIED: return _("report from an uncertified station");
	}
	return "?";
}

/* Runs the verification; 0 with *ok, or -errno. */
static int verify(struct registry *r, const unsigned char *report, size_t report_len,
		  const unsigned char *sig, size_t sig_len, const char *cert, size_t cert_len,
		  struct reco_verify *v, struct reco_err *e)
{
	memset(v, 0, sizeof(*v));
	if (!r->ca_path)
		return reco_err_set(e, -EINVAL,
				    _("no CA certificate: give --ca or put ca.pem in the registry's data directory"));
	/* an unsynchronised station clock: validity at the registry's own time */
	int rc = reco_report_verify_mem_at(report, report_len, sig, sig_len, cert, cert_len, r->ca_path,
					   r->crl_path, time(NULL), v);
	if (rc)
		return reco_err_set(e, rc, _("%s: cannot verify: %s"), r->ca_path, strerror(-rc));
	return 0;
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s && *s ? s : NULL;
}

static char *b64(const unsigned char *d, size_t n)
{
	char *out = malloc(4 * ((n + 2) / 3) + 1);
	if (out)
		EVP_EncodeBlock((unsigned char *)out, d, (int)n);
	return out;
}

int reg_import_advance(struct registry *r, const char *dev, int diag_ok, int wiped, struct reco_err *e)
{
	for (int step = 0; step < 3; step++) {
		struct rdb_res *res = NULL;
		int rc = rdb_q(r->db, &res, e, "SELECT state FROM devices WHERE id = ?", dev);
		if (rc)
			return rc;
		char st[32];
		snprintf(st, sizeof(st), "%s", rdb_val(res, 0, 0));
		rdb_res_free(res);
		const char *to = NULL;
		if (diag_ok && (!strcmp(st, "received") || !strcmp(st, "returned")))
			to = "tested";
		else if (diag_ok && wiped && !strcmp(st, "tested"))
			to = "wiped";
		if (!to)
			return 0;
		/* event details are data, kept in English */
		rc = reg_transition_locked(r, dev, to, "signed report imported", e);
		if (rc)
			return rc;
	}
	return 0;
}

static int store(struct registry *r, json_t *doc, const char *sha, const unsigned char *report,
		 size_t report_len, const char *sig64, const char *cert, const struct reco_verify *v,
		 struct reg_import_info *info, struct reco_err *e)
{
	json_t *device = json_object_get(doc, "device");
	const char *dev = jstr(device, "id"), *rid = jstr(doc, "report_id");
	const char *created = jstr(doc, "created");
	if (!dev || !rid || !created)
		return reco_err_set(e, -EINVAL, _("report lacks device.id, report_id or created"));
	time_t made, now_t = reg_now_time();
	if (reco_parse_rfc3339(created, &made))
		return reco_err_set(e, -EINVAL, _("report: created %s is not an RFC 3339 UTC time"), created);
	if (made > now_t + REG_FUTURE_TOLERANCE) {
		char clock[32];
		reco_time_rfc3339(now_t, clock, sizeof(clock));
		return reco_err_set(e, -EPERM,
				    _("refused: created %s, in the future of the registry's clock (%s): check the station's clock"),
				    created, clock);
	}
	snprintf(info->device_id, sizeof(info->device_id), "%s", dev);
	json_t *targets = json_object_get(json_object_get(doc, "wipe"), "targets");
	json_t *parts = json_object_get(json_object_get(doc, "diag"), "parts");
	int ndisks = (int)json_array_size(targets), all_erased = ndisks > 0, diag_fail = 0;
	size_t i;
	json_t *t;
	json_array_foreach(targets, i, t) {
		const char *res = jstr(t, "result");
		if (!res || strcmp(res, "erased"))
			all_erased = 0;
	}
	/* every internal disk of the inventory, not only those the station
	 * tried: a disk it refused or never listed keeps the machine unwiped */
	if (all_erased && !reco_coverage_complete(doc, NULL, 0))
		all_erased = 0;
	json_array_foreach(parts, i, t) {
		const char *verdict = jstr(t, "verdict");
		if (verdict && !strcmp(verdict, "FAIL"))
			diag_fail = 1;
	}
	const char *grade = jstr(doc, "grade");
	if (!grade)
		grade = jstr(json_object_get(doc, "diag"), "grade");
	char now[32], nd[16], ae[4], df[4];
	reg_now(now);
	snprintf(nd, sizeof(nd), "%d", ndisks);
	snprintf(ae, sizeof(ae), "%d", all_erased);
	snprintf(df, sizeof(df), "%d", diag_fail);

	int rc = r->in_batch ? rdb_exec(r->db, "SAVEPOINT reco_import", e) : rdb_begin_exclusive(r->db, e);
	if (rc)
		return rc;
	struct rdb_res *res = NULL;
	rc = rdb_q(r->db, &res, e, "SELECT device_id FROM reports WHERE sha256 = ?", sha);
	if (rc)
		goto fail;
	int dup = res->nrows > 0;
	rdb_res_free(res);
	if (dup) {
		info->result = REG_IMPORT_DUPLICATE;
		if (r->in_batch)
			return rdb_exec(r->db, "RELEASE SAVEPOINT reco_import", e);
		rdb_rollback(r->db);
		return 0;
	}
	rc = rdb_q(r->db, &res, e, "SELECT state FROM devices WHERE id = ?", dev);
	if (rc)
		goto fail;
	int exists = res->nrows > 0, held = 0;
	char *diff = NULL;
	rdb_res_free(res);
	if (exists) {
		/* a contradicting identity, or a conflict still open, holds the device */
		rc = reg_identity_compare(r, dev, device, &diff, e);
		if (rc >= 0)
			held = rc == 1 || reg_conflict_open(r, dev, e) == 1;
		if (rc > 0)
			rc = 0;
		if (rc)
			goto fail;
	} else {
		rc = rdb_q(r->db, NULL, e,
			   "INSERT INTO devices (id, vendor, product, serial, uuid, state, grade, created, updated)"
			   " VALUES (?, ?, ?, ?, ?, 'received', ?, ?, ?)",
			   dev, jstr(device, "vendor"), jstr(device, "product"), jstr(device, "serial"),
			   jstr(device, "uuid"), grade, now, now);
		if (!rc)
			rc = reg_event_append(r, dev, "received", NULL, "received", NULL, e);
		if (rc)
			goto fail;
	}
	char *body = strndup((const char *)report, report_len);
	rc = rdb_q(r->db, NULL, e,
		   "INSERT INTO reports (sha256, report_id, device_id, created, imported, station,"
		   " cert_sha256, grade, all_erased, disks, diag_fail, body, signature, certificate)"
		   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		   sha, rid, dev, created, now, v->station[0] ? v->station : NULL,
		   v->cert_sha256[0] ? v->cert_sha256 : NULL, grade, ae, nd, df, body, sig64, cert);
	free(body);
	if (rc)
		goto fail;
	json_array_foreach(targets, i, t) {
		char idx[24], size[32];
		snprintf(idx, sizeof(idx), "%zu", i);
		snprintf(size, sizeof(size), "%lld", (long long)json_integer_value(json_object_get(t, "size_bytes")));
		rc = rdb_q(r->db, NULL, e,
			   "INSERT INTO disks (report_sha256, idx, path, model, serial, size_bytes, method,"
			   " nist_category, result, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			   sha, idx, jstr(t, "path"), jstr(t, "model"), jstr(t, "serial"), size,
			   jstr(t, "method"), jstr(t, "nist_category"), jstr(t, "result"), jstr(t, "reason"));
		if (rc)
			goto fail;
	}
	json_array_foreach(parts, i, t) {
		char idx[24];
		snprintf(idx, sizeof(idx), "%zu", i);
		rc = rdb_q(r->db, NULL, e,
			   "INSERT INTO diag_parts (report_sha256, idx, part, part_id, verdict, reason)"
			   " VALUES (?, ?, ?, ?, ?, ?)",
			   sha, idx, jstr(t, "part"), jstr(t, "id"), jstr(t, "verdict"), jstr(t, "reason"));
		if (rc)
			goto fail;
	}
	if (pending_pdf64)
		rc = rdb_q(r->db, NULL, e, "UPDATE reports SET certificate_pdf = ? WHERE sha256 = ?",
			   pending_pdf64, sha);
	if (!rc)
		rc = reg_event_append(r, dev, "report", NULL, NULL, sha, e);
	if (!rc) {
		char seq[24];
		snprintf(seq, sizeof(seq), "%lld", r->last_seq);
		rc = rdb_q(r->db, NULL, e, "UPDATE reports SET import_seq = ? WHERE sha256 = ?", seq, sha);
	}
	if (!rc && diff) {
		rc = rdb_q(r->db, NULL, e,
			   "INSERT INTO conflicts (report_sha256, device_id, diff, opened) VALUES (?, ?, ?, ?)",
			   sha, dev, diff, now);
		if (!rc)
			rc = reg_event_append(r, dev, "identity-conflict", NULL, NULL, sha, e);
	}
	free(diff);
	if (!rc && !held)
		rc = rdb_q(r->db, NULL, e, "UPDATE devices SET grade = ?, updated = ? WHERE id = ?",
			   grade, now, dev);
	if (!rc && !held)
		rc = reg_import_advance(r, dev, json_array_size(parts) > 0 && !diag_fail, all_erased, e);
	if (rc)
		goto fail;
	info->result = REG_IMPORT_STORED;
	info->held = held;
	if (r->in_batch)
		return rdb_exec(r->db, "RELEASE SAVEPOINT reco_import", e);
	return reg_commit(r, e);
fail:
	if (r->in_batch)
		rdb_exec(r->db, "ROLLBACK TO SAVEPOINT reco_import; RELEASE SAVEPOINT reco_import", NULL);
	else
		rdb_rollback(r->db);
	return rc;
}

int reg_import_batch_begin(struct registry *r, struct reco_err *e)
{
	int rc = rdb_begin_exclusive(r->db, e);
	if (!rc)
		r->in_batch = 1;
	return rc;
}

int reg_import_batch_end(struct registry *r, int commit, struct reco_err *e)
{
	if (!r->in_batch)
		return 0;
	r->in_batch = 0;
	if (commit)
		return reg_commit(r, e);
	rdb_rollback(r->db);
	return 0;
}

/* Stores a report whose verification v came out OK. */
static int store_verified(struct registry *r, const unsigned char *report, size_t report_len,
			  const unsigned char *sig, size_t sig_len, const char *cert_pem, size_t cert_len,
			  const struct reco_verify *v, const char *pdf64, struct reg_import_info *info,
			  struct reco_err *e)
{
	if (!reco_utf8_valid((const char *)report, report_len) || !reco_utf8_valid(cert_pem, cert_len) ||
	    !reco_utf8_valid(v->station, strlen(v->station)))
		return reco_err_set(e, -EINVAL, _("refused: the report or its certificate holds text that is not valid UTF-8"));
	if (v->status != RECO_VERIFY_OK)
		return v->reason[0] ? reco_err_set(e, -EPERM, _("refused: %s: %s"), status_name(v->status), v->reason)
				    : reco_err_set(e, -EPERM, _("refused: %s"), status_name(v->status));
	char sha[65];
	reg_sha256_hex(report, report_len, sha);
	snprintf(info->report_sha256, sizeof(info->report_sha256), "%s", sha);
	snprintf(info->station, sizeof(info->station), "%s", v->station);
	json_error_t jerr;
	json_t *doc = json_loadb((const char *)report, report_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return reco_err_set(e, -EINVAL, _("report is not a JSON object: %s"), jerr.text);
	}
	char *sig64 = b64(sig, sig_len);
	char *cert = strndup(cert_pem, cert_len);
	pending_pdf64 = pdf64;
	int rc = sig64 && cert ? store(r, doc, sha, report, report_len, sig64, cert, v, info, e) : -ENOMEM;
	pending_pdf64 = NULL;
	free(sig64);
	free(cert);
	json_decref(doc);
	return rc;
}

int reg_import_bundle(struct registry *r, const struct reg_bundle *b, struct reg_import_info *info,
		      struct reco_err *e)
{
	struct reco_verify v;
	memset(info, 0, sizeof(*info));
	if (b->report_len > REPORT_MAX)
		return reco_err_set(e, -EFBIG, _("report too large"));
	int rc = verify(r, b->report, b->report_len, b->sig, b->sig_len, b->cert, b->cert_len, &v, e);
	if (rc)
		return rc;
	char *pdf64 = b->pdf ? b64(b->pdf, b->pdf_len) : NULL;
	if (b->pdf && !pdf64)
		return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
	rc = store_verified(r, b->report, b->report_len, b->sig, b->sig_len, b->cert, b->cert_len, &v, pdf64,
			    info, e);
	free(pdf64);
	return rc;
}

int reg_import_mem(struct registry *r, const unsigned char *report, size_t report_len,
		   const unsigned char *sig, size_t sig_len, const char *cert_pem, size_t cert_len,
		   struct reg_import_info *info, struct reco_err *e)
{
	struct reg_bundle b = { report, report_len, sig, sig_len, cert_pem, cert_len, NULL, 0 };
	return reg_import_bundle(r, &b, info, e);
}

/* One report file on its way in: read and verified by reg_import_prepare()
 * (no database, safe in any thread), then stored by reg_import_commit(). */
struct import_job {
	const char *path;
	unsigned char *rep, *sig, *cert;
	size_t rl, sl, cl;
	char *pdf64;
	struct reco_verify v;
	int rc;
	struct reco_err e;
};

static void job_prepare(struct registry *r, struct import_job *j)
{
	char *sigp = reco_asprintf("%s.sig", j->path);
	char *dir = strdup(j->path);
	char *slash = dir ? strrchr(dir, '/') : NULL;
	if (slash)
		*slash = '\0';
	char *certp = reco_asprintf("%s/station.pem", slash ? dir : ".");
	char *pdfp = reco_asprintf("%s/certificate.pdf", slash ? dir : ".");
	const char *which = j->path;
	int rc = sigp && dir && certp && pdfp ? 0 : -ENOMEM;
	if (!rc)
		rc = reg_read_file(j->path, REPORT_MAX, &j->rep, &j->rl);
	if (!rc) {
		which = sigp;
		rc = reg_read_file(sigp, 4096, &j->sig, &j->sl);
	}
	if (!rc) {
		which = certp;
		rc = reg_read_file(certp, 65536, &j->cert, &j->cl);
	}
	if (rc) {
		/* the caller names the report; a file beside it is named here */
		const char *why = rc == -EFBIG ? _("report too large") : strerror(-rc);
		if (which == j->path)
			reco_err_set(&j->e, rc, "%s", why);
		else
			reco_err_set(&j->e, rc, "%s: %s", which, why);
	} else {
		unsigned char *pdf = NULL;
		size_t pl = 0;
		if (reg_read_file(pdfp, 16u << 20, &pdf, &pl) == 0)
			j->pdf64 = b64(pdf, pl);
		free(pdf);
		rc = verify(r, j->rep, j->rl, j->sig, j->sl, (const char *)j->cert, j->cl, &j->v, &j->e);
	}
	j->rc = rc;
	free(sigp);
	free(certp);
	free(pdfp);
	free(dir);
}

static int job_commit(struct registry *r, struct import_job *j, struct reg_import_info *info,
		      struct reco_err *e)
{
	memset(info, 0, sizeof(*info));
	if (j->rc) {
		*e = j->e;
		return j->rc;
	}
	return store_verified(r, j->rep, j->rl, j->sig, j->sl, (const char *)j->cert, j->cl, &j->v,
			      j->pdf64, info, e);
}

static void job_release(struct import_job *j)
{
	free(j->rep);
	free(j->sig);
	free(j->cert);
	free(j->pdf64);
	j->rep = j->sig = j->cert = NULL;
	j->pdf64 = NULL;
}

int reg_import_file(struct registry *r, const char *path, struct reg_import_info *info,
		    struct reco_err *e)
{
	struct import_job j = { .path = path };
	job_prepare(r, &j);
	int rc = job_commit(r, &j, info, e);
	job_release(&j);
	return rc;
}

/* ---- bulk import: verification in worker threads, storage in order ---- */

#define IMPORT_WINDOW 64 /* reports verified ahead of the writer at most */

struct pipeline {
	struct registry *r;
	struct import_job *jobs;
	size_t n, next, committed;
	unsigned char *done;
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

static void *pipeline_worker(void *arg)
{
	struct pipeline *p = arg;
	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (p->next < p->n && p->next >= p->committed + IMPORT_WINDOW)
			pthread_cond_wait(&p->cond, &p->lock);
		if (p->next >= p->n) {
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		size_t i = p->next++;
		pthread_mutex_unlock(&p->lock);
		job_prepare(p->r, &p->jobs[i]);
		pthread_mutex_lock(&p->lock);
		p->done[i] = 1;
		pthread_cond_broadcast(&p->cond);
		pthread_mutex_unlock(&p->lock);
	}
}

int reg_import_files(struct registry *r, const char *const *paths, size_t n, int threads,
		     size_t batch, reg_import_cb cb, void *arg, struct reco_err *e)
{
	struct pipeline p = { .r = r, .n = n };
	p.jobs = calloc(n ? n : 1, sizeof(*p.jobs));
	p.done = calloc(n ? n : 1, 1);
	if (!p.jobs || !p.done) {
		free(p.jobs);
		free(p.done);
		return reco_err_set(e, -ENOMEM, "%s", strerror(ENOMEM));
	}
	for (size_t i = 0; i < n; i++)
		p.jobs[i].path = paths[i];
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.cond, NULL);
	if (threads < 1)
		threads = 1;
	if (threads > 16)
		threads = 16;
	pthread_t tid[16];
	int started = 0;
	for (int t = 0; t < threads; t++)
		if (pthread_create(&tid[t], NULL, pipeline_worker, &p) == 0)
			started++;
	int rc = 0;
	size_t in_batch = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		if (!started)
			job_prepare(r, &p.jobs[i]);
		else {
			pthread_mutex_lock(&p.lock);
			while (!p.done[i])
				pthread_cond_wait(&p.cond, &p.lock);
			pthread_mutex_unlock(&p.lock);
		}
		if (!r->in_batch) {
			rc = reg_import_batch_begin(r, e);
			if (rc)
				break;
		}
		struct reg_import_info info;
		struct reco_err je = { 0 };
		int jrc = job_commit(r, &p.jobs[i], &info, &je);
		job_release(&p.jobs[i]);
		cb(paths[i], jrc, &info, &je, arg);
		if (++in_batch >= batch || i + 1 == n) {
			rc = reg_import_batch_end(r, 1, e);
			in_batch = 0;
		}
		pthread_mutex_lock(&p.lock);
		p.committed = i + 1;
		pthread_cond_broadcast(&p.cond);
		pthread_mutex_unlock(&p.lock);
	}
	if (rc) {
		reg_import_batch_end(r, 0, NULL);
		pthread_mutex_lock(&p.lock);
		p.next = p.n; /* stop the workers */
		pthread_cond_broadcast(&p.cond);
		pthread_mutex_unlock(&p.lock);
	}
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	for (size_t i = 0; i < n; i++)
		job_release(&p.jobs[i]);
	pthread_mutex_destroy(&p.lock);
	pthread_cond_destroy(&p.cond);
	free(p.jobs);
	free(p.done);
	return rc;
}

int reg_report_reverify(struct registry *r, const char *sha256, int *ok, char *why, size_t whysize,
			struct reco_err *e)
{
	struct rdb_res *res = NULL;
	*ok = 0;
	int rc = rdb_q(r->db, &res, e, "SELECT body, signature, certificate FROM reports WHERE sha256 = ?",
		       sha256);
	if (rc)
		return rc;
	if (!res->nrows) {
		rdb_res_free(res);
		return reco_err_set(e, -ENOENT, _("%s: no such report"), sha256);
	}
	const char *body = rdb_val(res, 0, 0), *sig64 = rdb_val(res, 0, 1), *cert = rdb_val(res, 0, 2);
	unsigned char sig[128];
	size_t l64 = strlen(sig64);
	int n = l64 <= 88 ? EVP_DecodeBlock(sig, (const unsigned char *)sig64, (int)l64) : -1;
	struct reco_verify v;
	if (n < 0) {
		snprintf(why, whysize, "%s", _("stored signature is not base64"));
	} else {
		/* EVP_DecodeBlock counts the '=' padding as zero bytes */
		while (l64 && sig64[l64 - 1] == '=') {
			l64--;
			n--;
		}
		rc = verify(r, (const unsigned char *)body, strlen(body), sig, (size_t)n, cert,
			    strlen(cert), &v, e);
		if (!rc) {
			*ok = v.status == RECO_VERIFY_OK;
			if (v.reason[0])
				/* TRANSLATORS: a verification's verdict, then why */
				snprintf(why, whysize, _("%s: %s"), status_name(v.status), v.reason);
			else
				snprintf(why, whysize, "%s", status_name(v.status));
		}
	}
	rdb_res_free(res);
	return rc;
}
