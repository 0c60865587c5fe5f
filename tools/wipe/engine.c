/*
 * engine.c — the write and verify passes of one target.
 *
 * Each target is a job run by its own controller thread (wipe_job_run), which
 * walks the phases: write pass 1..n, verify (last pass only, full or
 * sampled), finish (trim, label).  A phase is a list of items (I/O-size
 * chunks, or the extents of the sampling plan) that queue_depth worker
 * threads claim in order, so several requests are in flight and pattern
 * generation (AES-CTR at several GB/s with AES-NI) runs in parallel with the
 * I/O of the other workers.  The checkpoint offset is the first item not
 * yet finished ("watermark"); it is journaled only after fdatasync.
 *
 * An I/O error is retried once, then bisected to the logical block
 * (badblocks.c); bad blocks are recorded and the rest carries on.
 */
#include "wipe.h"
#include "fw.h"
#include "fw_wipe.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/util.h"

atomic_int wipe_stop;
pthread_mutex_t wipe_done_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t wipe_done_cond = PTHREAD_COND_INITIALIZER;

#define MIN_BUF (1u << 20)

static void item_extent(struct wipe_job *job, uint64_t i, uint64_t *off, uint64_t *len)
{
	if (atomic_load(&job->live.phase) == WIPE_PHASE_VERIFY && job->o.verify == WIPE_VERIFY_SAMPLE) {
		*off = job->s.plan.v[i].off;
		*len = job->s.plan.v[i].len;
		return;
	}
	*off = i * job->o.io_size;
	*len = job->t.size - *off < job->o.io_size ? job->t.size - *off : job->o.io_size;
}

static uint64_t item_at_offset(struct wipe_job *job, int phase, uint64_t off)
{
	if (phase == WIPE_PHASE_VERIFY && job->o.verify == WIPE_VERIFY_SAMPLE) {
		size_t lo = 0, hi = job->s.plan.n;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (job->s.plan.v[mid].off < off)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo;
	}
	return off / job->o.io_size;
}

/* The first byte not yet done in the current phase; job->live.lock held.  A
 * phase that has not started in this run (nitems 0, set at every phase
 * change) is at its start offset: 0 after a phase change, the restored
 * offset when resuming; the end of the previous phase is never taken for
 * progress in the next. */
static uint64_t watermark_locked(struct wipe_job *job)
{
	if (!job->live.nitems)
		return job->live.start_offset;
	uint64_t lo = job->live.next_item;
	for (int w = 0; w < job->live.nworkers; w++)
		if (job->live.inflight[w] < lo)
			lo = job->live.inflight[w];
	uint64_t off = job->t.size;
	if (lo < job->live.nitems) {
		uint64_t len;
		item_extent(job, lo, &off, &len);
	}
	return off;
}

uint64_t wipe_job_watermark(struct wipe_job *job)
{
	pthread_mutex_lock(&job->live.lock);
	uint64_t off = watermark_locked(job);
	pthread_mutex_unlock(&job->live.lock);
	return off;
}

const char *wipe_test_kill_at(void)
{
	const char *v = getenv("RECO_WIPE_TEST_KILL_AT");
	return v && *v ? v : NULL;
}

void wipe_kill_point(const char *fmt, ...)
{
	const char *want = wipe_test_kill_at();
	if (!want)
		return;
	char name[64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (!strcmp(name, want))
		raise(SIGKILL);
}

/* One transfer of len bytes at off, to the end (short transfers and EINTR
 * retried); injected faults first.  0 or -errno. */
static int io_xfer(struct wipe_job *job, enum wipe_op op, unsigned char *buf, size_t len, uint64_t off)
{
	if (wipe_faults_hit(op, off, len, job->t.lss))
		return -EIO;
	while (len) {
		ssize_t n = op == WIPE_OP_WRITE ? pwrite(job->t.fd, buf, len, (off_t)off)
					   : pread(job->t.fd, buf, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		buf += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

static int io_write(void *ctx, unsigned char *buf, size_t len, uint64_t off)
{
	return io_xfer(ctx, WIPE_OP_WRITE, buf, len, off);
}

static int io_read(void *ctx, unsigned char *buf, size_t len, uint64_t off)
{
	return io_xfer(ctx, WIPE_OP_READ, buf, len, off);
}

static void note_latency(struct wipe_job *job, uint64_t off, uint64_t ns)
{
	uint64_t ms = ns / 1000000;
	static const uint64_t edges[] = { 5, 20, 50, 150, 500 };
	int b = 0;
	while (b < 5 && ms >= edges[b])
		b++;
	atomic_fetch_add(&job->res.hist[b], 1);
	pthread_mutex_lock(&job->live.lock);
	int k = WIPE_SLOWEST - 1;
	if (job->res.slowest[k].lba == UINT64_MAX || ms > job->res.slowest[k].ms) {
		while (k > 0 && (job->res.slowest[k - 1].lba == UINT64_MAX || job->res.slowest[k - 1].ms < ms)) {
			job->res.slowest[k] = job->res.slowest[k - 1];
			k--;
		}
		job->res.slowest[k].lba = off / job->t.lss;
		job->res.slowest[k].ms = ms;
	}
	pthread_mutex_unlock(&job->live.lock);
}

/* $RECO_WIPE_THROTTLE=MB/s caps the rate of a job (tests use it to stop a
 * wipe half-way on any machine); it only ever slows a wipe down. */
static void throttle(struct wipe_job *job, uint64_t len)
{
	static long long mbps = -1;
	if (mbps < 0) {
		const char *e = getenv("RECO_WIPE_THROTTLE");
		mbps = e ? atoll(e) : 0;
		if (mbps < 0)
			mbps = 0;
	}
	if (!mbps)
		return;
	uint64_t total = atomic_fetch_add(&job->live.throttle_bytes, len) + len;
	uint64_t due_ns = total * 1000ull / (uint64_t)mbps; /* bytes / (MB/s) in ns */
	uint64_t el = reco_now_ns() - job->live.t0_ns;
	if (due_ns > el) {
		struct timespec ts = { (time_t)((due_ns - el) / 1000000000ull), (long)((due_ns - el) % 1000000000ull) };
		nanosleep(&ts, NULL);
	}
}

struct worker {
	struct wipe_job *job;
	int idx;
	int phase;
	int pass;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct wipe_job *job = w->job;
	size_t bufsize = job->o.io_size > MIN_BUF ? job->o.io_size : MIN_BUF;
	unsigned char *buf = NULL, *badmap = calloc(bufsize / job->t.lss + 1, 1);
	struct wipe_pattern_gen *gen = wipe_pattern_gen_new(&job->s.pats[w->pass]);
	struct wipe_ranges local;
	wipe_ranges_init(&local);
	uint64_t filled_phase = UINT64_MAX; /* fixed patterns: offset phase held in buf */
	if (posix_memalign((void **)&buf, 4096, bufsize) || !badmap || !gen) {
		snprintf(job->res.error, sizeof(job->res.error), "%s", _("out of memory"));
		atomic_store(&job->live.stop, 1);
		goto out;
	}
	for (;;) {
		if (atomic_load(&wipe_stop) || atomic_load(&job->live.stop))
			break;
		pthread_mutex_lock(&job->live.lock);
		uint64_t i = job->live.next_item;
		if (i >= job->live.nitems) {
			pthread_mutex_unlock(&job->live.lock);
			break;
		}
		job->live.next_item++;
		job->live.inflight[w->idx] = i;
		pthread_mutex_unlock(&job->live.lock);

		uint64_t off, len;
		item_extent(job, i, &off, &len);
		local.n = 0;
		if (w->phase == WIPE_PHASE_WRITE) {
			const struct wipe_pattern *p = &job->s.pats[w->pass];
			uint64_t ph = p->kind == WIPE_PASS_RANDOM ? UINT64_MAX - 1 : off % (uint64_t)p->len;
			if (p->kind == WIPE_PASS_RANDOM || ph != filled_phase) {
				if (wipe_pattern_fill(gen, buf, len, off)) {
					snprintf(job->res.error, sizeof(job->res.error), "%s",
						 _("the pattern generator failed (OpenSSL)"));
					atomic_store(&job->live.stop, 1);
					break;
				}
				filled_phase = p->kind == WIPE_PASS_RANDOM || len != bufsize ? UINT64_MAX : ph;
			}
			uint64_t bad = wipe_badblocks_io(io_write, job, buf, len, off, job->t.lss, &local, WIPE_OP_WRITE);
			if (bad)
				filled_phase = UINT64_MAX;
			atomic_fetch_add(&job->res.bytes_written, len - bad * job->t.lss);
			atomic_fetch_add(&job->res.pass_written[w->pass], len - bad * job->t.lss);
			atomic_fetch_add(&job->live.phase_bad_bytes, bad * job->t.lss);
		} else {
			uint64_t t0 = reco_now_ns();
			uint64_t bad = wipe_badblocks_io(io_read, job, buf, len, off, job->t.lss, &local, WIPE_OP_READ);
			note_latency(job, off, reco_now_ns() - t0);
			memset(badmap, 0, len / job->t.lss + 1);
			long nm = wipe_pattern_check(gen, buf, len, off, job->t.lss, badmap);
			if (nm < 0) {
				snprintf(job->res.error, sizeof(job->res.error), "%s",
					 _("the pattern generator failed (OpenSSL)"));
				atomic_store(&job->live.stop, 1);
				break;
			}
			for (size_t r = 0; r < local.n; r++) /* unreadable: not a mismatch */
				for (uint64_t s = local.v[r].first; s < local.v[r].first + local.v[r].count; s++)
					badmap[s - off / job->t.lss] = 0;
			for (uint64_t u = 0; nm > 0 && u < (len + job->t.lss - 1) / job->t.lss; u++)
				if (badmap[u])
					wipe_ranges_add(&job->res.bad, WIPE_OP_MISMATCH, off / job->t.lss + u, 1);
			atomic_fetch_add(&job->res.bytes_verified, len - bad * job->t.lss);
			atomic_fetch_add(&job->live.phase_bad_bytes, bad * job->t.lss);
		}
		for (size_t r = 0; r < local.n; r++) {
			wipe_ranges_add(&job->res.bad, local.v[r].op, local.v[r].first, local.v[r].count);
			atomic_fetch_add(&job->live.errors, local.v[r].count);
		}
		atomic_fetch_add(&job->live.done, len);
		throttle(job, len);
		pthread_mutex_lock(&job->live.lock);
		job->live.inflight[w->idx] = UINT64_MAX;
		pthread_mutex_unlock(&job->live.lock);
	}
out:
	wipe_ranges_release(&local);
	wipe_pattern_gen_free(gen);
	free(buf);
	free(badmap);
	return NULL;
}

/* Runs one phase from offset start.  0, or -EINTR when stopped. */
static int run_phase(struct wipe_job *job, int phase, int pass, uint64_t start)
{
	struct worker ws[64];
	pthread_t th[64];
	pthread_mutex_lock(&job->live.lock);
	atomic_store(&job->live.phase, phase);
	atomic_store(&job->live.pass, pass);
	if (phase == WIPE_PHASE_VERIFY && job->o.verify == WIPE_VERIFY_SAMPLE) {
		job->live.nitems = job->s.plan.n;
		atomic_store(&job->live.phase_total, job->s.plan.bytes);
	} else {
		job->live.nitems = (job->t.size + job->o.io_size - 1) / job->o.io_size;
		atomic_store(&job->live.phase_total, job->t.size);
	}
	job->live.next_item = item_at_offset(job, phase, start);
	uint64_t before = 0;
	if (phase == WIPE_PHASE_VERIFY && job->o.verify == WIPE_VERIFY_SAMPLE)
		for (uint64_t i = 0; i < job->live.next_item; i++)
			before += job->s.plan.v[i].len;
	else
		before = start < job->t.size ? start : job->t.size;
	atomic_store(&job->live.done, before);
	/* counters at the start of the phase, so that a checkpoint counts only
	 * what lies below its offset (items above may be re-done) */
	if (phase == WIPE_PHASE_WRITE)
		job->live.pass_base = atomic_load(&job->res.pass_written[pass]);
	else
		job->live.base_verified = atomic_load(&job->res.bytes_verified);
	job->live.start_offset = start;
	atomic_store(&job->live.phase_bad_bytes, 0);
	for (int w = 0; w < job->live.nworkers; w++)
		job->live.inflight[w] = UINT64_MAX;
	pthread_mutex_unlock(&job->live.lock);

	int n = 0;
	for (int w = 0; w < job->live.nworkers && w < 64; w++) {
		ws[w] = (struct worker){ job, w, phase, pass };
		if (pthread_create(&th[w], NULL, worker_main, &ws[w]) != 0)
			break;
		n++;
	}
	if (!n) {
		snprintf(job->res.error, sizeof(job->res.error), "%s", _("cannot start I/O threads"));
		atomic_store(&job->live.stop, 1);
	}
	for (int w = 0; w < n; w++)
		pthread_join(th[w], NULL);
	if (atomic_load(&wipe_stop) || atomic_load(&job->live.stop))
		return -EINTR;
	return 0;
}

/* fdatasync, then BLKFLSBUF (block devices) or dropping the page cache
 * (files), so that verification reads the medium. */
static int flush_target(struct wipe_job *job)
{
	if (wipe_faults_fdatasync(job->t.fd) != 0) {
		int err = errno;
		snprintf(job->res.flush_msg, sizeof(job->res.flush_msg), "fdatasync: %s", strerror(err));
		return -err;
	}
	if (job->t.kind == WIPE_KIND_BLOCK) {
		if (ioctl(job->t.fd, BLKFLSBUF, 0) != 0) {
			int err = errno;
			snprintf(job->res.flush_msg, sizeof(job->res.flush_msg), "BLKFLSBUF: %s", strerror(err));
			return -err;
		}
		snprintf(job->res.flush_msg, sizeof(job->res.flush_msg), "fdatasync+BLKFLSBUF");
	} else {
		posix_fadvise(job->t.fd, 0, 0, POSIX_FADV_DONTNEED);
		snprintf(job->res.flush_msg, sizeof(job->res.flush_msg), "fdatasync");
	}
	job->res.flush_checked = 1;
	return 0;
}

/* A snapshot of the job for the journal; job->live.lock held, so that phase,
 * pass, offset and counters belong to the same moment. */
static void fill_journal(struct wipe_job *job, struct wipe_journal *j)
{
	memset(j, 0, sizeof(*j));
	snprintf(j->path, sizeof(j->path), "%s", job->t.path);
	snprintf(j->serial, sizeof(j->serial), "%s", job->t.serial);
	j->size = job->t.size;
	snprintf(j->method, sizeof(j->method), "%s", job->s.verify_only ? "verify-only" : job->s.m->name);
	j->npasses = job->s.npasses;
	j->pass = atomic_load(&job->live.pass);
	j->phase = (enum wipe_phase)atomic_load(&job->live.phase);
	uint64_t off = watermark_locked(job);
	j->offset = off;
	j->io_size = job->o.io_size;
	j->verify = job->o.verify;
	j->sample_permille = job->o.sample_permille;
	j->sample_seed = job->s.sample_seed;
	j->trim = job->o.trim;
	j->label = job->o.label_gpt;
	if (job->res.fw && atomic_load(&job->res.fw->password_state) != FW_PW_CLEARED)
		snprintf(j->ata_password, sizeof(j->ata_password), "%s", job->res.fw->ata_password);
	memcpy(j->pats, job->s.pats, sizeof(j->pats));
	j->bytes_verified = atomic_load(&job->res.bytes_verified);
	for (int p = 0; p < job->s.npasses && p < WIPE_MAX_PASSES; p++) {
		uint64_t w = atomic_load(&job->res.pass_written[p]);
		if (p == j->pass && j->phase == WIPE_PHASE_WRITE) {
			/* only what lies below the offset: items above it may have
			 * completed, but the resumed run restarts at the offset */
			uint64_t below = off < job->t.size ? off : job->t.size;
			if (job->live.nitems) {
				uint64_t delta = below > job->live.start_offset ? below - job->live.start_offset : 0;
				uint64_t bad = atomic_load(&job->live.phase_bad_bytes);
				w = job->live.pass_base + (delta > bad ? delta - bad : 0);
			}
			if (w > below)
				w = below;
		}
		j->written[p] = w;
		j->flushed[p] = (unsigned char)job->res.pass_flushed[p];
		j->bytes_written += w;
	}
	for (int i = 0; i < 6; i++)
		j->hist[i] = atomic_load(&job->res.hist[i]);
	reco_time_rfc3339(job->res.started, j->started, sizeof(j->started));
	pthread_mutex_lock(&job->res.bad.lock);
	j->bad = job->res.bad.n ? malloc(job->res.bad.n * sizeof(*j->bad)) : NULL;
	if (j->bad) {
		memcpy(j->bad, job->res.bad.v, job->res.bad.n * sizeof(*j->bad));
		j->nbad = job->res.bad.n;
	}
	pthread_mutex_unlock(&job->res.bad.lock);
}

static pthread_mutex_t checkpoint_lock = PTHREAD_MUTEX_INITIALIZER;

int wipe_job_checkpoint(struct wipe_job *job)
{
	if (!*job->s.journal || job->o.dry_run)
		return 0;
	pthread_mutex_lock(&checkpoint_lock);
	struct wipe_journal j;
	pthread_mutex_lock(&job->live.lock);
	fill_journal(job, &j);
	pthread_mutex_unlock(&job->live.lock);
	/* what the journal claims must be on the medium first */
	if (j.phase == WIPE_PHASE_WRITE && job->t.fd >= 0 && wipe_faults_fdatasync(job->t.fd) != 0) {
		int err = errno;
		wipe_journal_release(&j);
		if (!atomic_exchange(&job->live.stop, 1))
			snprintf(job->res.error, sizeof(job->res.error),
				 _("fdatasync before the journal checkpoint failed (%s): the device may not hold what was written"),
				 strerror(err));
		pthread_mutex_unlock(&checkpoint_lock);
		return -err;
	}
	char *s = wipe_journal_format(&j);
	wipe_journal_release(&j);
	int rc = s ? reco_write_file_atomic(job->s.journal, s, strlen(s), 0600) : -ENOMEM;
	if (s)
		explicit_bzero(s, strlen(s));
	free(s);
	pthread_mutex_unlock(&checkpoint_lock);
	return rc;
}

int wipe_job_prepare(struct wipe_job *job, const struct wipe_opts *o, struct reco_err *e)
{
	job->o = *o;
	pthread_mutex_init(&job->live.lock, NULL);
	wipe_ranges_init(&job->res.bad);
	job->live.nworkers = o->queue_depth;
	job->live.inflight = calloc((size_t)job->live.nworkers, sizeof(uint64_t));
	if (!job->live.inflight)
		return reco_err_set(e, -ENOMEM, "%s", _("out of memory"));
	job->s.fault_injection = wipe_faults_active();
	for (int i = 0; i < WIPE_SLOWEST; i++)
		job->res.slowest[i].lba = UINT64_MAX;
	if (!job->s.verify_only) {
		job->s.npasses = job->s.m->npasses;
		enum wipe_cipher c = wipe_pattern_default_cipher();
		for (int i = 0; i < job->s.npasses; i++) {
			const struct wipe_pass_spec *ps = &job->s.m->passes[i];
			struct wipe_pattern *p = &job->s.pats[i];
			if (ps->kind == WIPE_PASS_RANDOM) {
				int rc = wipe_pattern_new_seed(p, c);
				if (rc)
					return reco_err_set(e, rc, _("cannot get random bytes: %s"), strerror(-rc));
			} else {
				p->kind = WIPE_PASS_BYTES;
				memcpy(p->bytes, ps->bytes, 3);
				p->len = ps->len;
			}
		}
	}
	if (getrandom(&job->s.sample_seed, sizeof(job->s.sample_seed), 0) != sizeof(job->s.sample_seed))
		return reco_err_set(e, -EIO, "%s", _("cannot get random bytes"));
	if (o->verify == WIPE_VERIFY_SAMPLE) {
		int rc = wipe_sample_plan_build(&job->s.plan, job->t.size, job->t.lss, o->sample_permille,
					   job->s.sample_seed);
		if (rc)
			return reco_err_set(e, rc, "%s", _("cannot build the sampling plan"));
	}
	atomic_store(&job->live.phase, job->s.verify_only ? WIPE_PHASE_VERIFY : WIPE_PHASE_WRITE);
	return 0;
}

int wipe_job_restore(struct wipe_job *job, const struct wipe_journal *j, struct reco_err *e)
{
	if (j->size != job->t.size || strcmp(j->serial, job->t.serial) != 0)
		return reco_err_set(e, -ESTALE, _("%s: the journal describes another device (size or serial differ)"),
				    job->t.path);
	if (j->npasses != job->s.npasses)
		return reco_err_set(e, -ESTALE, _("%s: the journal was written for method %s"), job->t.path,
				    j->method);
	if ((j->phase == WIPE_PHASE_FINISH || j->phase == WIPE_PHASE_DONE) && (j->trim || j->label))
		return reco_err_set(e, -ESTALE,
				    _("%s: the interrupted wipe had reached its finishing steps (trim or GPT label), which change "
				      "the content: it can no longer be verified; start a new wipe (new session)"),
				    job->t.path);
	for (int i = 0; i < j->npasses; i++)
		if (job->s.pats[i].kind == WIPE_PASS_RANDOM) {
			if (j->pats[i].kind != WIPE_PASS_RANDOM)
				return reco_err_set(e, -EINVAL, _("%s: the journal lacks the seed of pass %d"),
						    job->t.path, i + 1);
			job->s.pats[i] = j->pats[i];
		}
	job->o.io_size = j->io_size;
	job->o.verify = j->verify;
	job->o.sample_permille = j->sample_permille;
	job->s.sample_seed = j->sample_seed;
	wipe_sample_plan_release(&job->s.plan);
	if (j->verify == WIPE_VERIFY_SAMPLE &&
	    wipe_sample_plan_build(&job->s.plan, job->t.size, job->t.lss, j->sample_permille, j->sample_seed))
		return reco_err_set(e, -ENOMEM, "%s", _("cannot build the sampling plan"));

	/* Where to restart is the journal's hint; what counts as done is only
	 * its counters, clamped to the restart point.  Writing resumes at the
	 * request holding the offset; a verification, or anything after it,
	 * is done again from the start: the medium was out of reco's hands in
	 * between. */
	uint64_t size = job->t.size, off = j->offset - j->offset % j->io_size;
	int pass = j->pass;
	enum wipe_phase ph = j->phase;
	uint64_t sum = 0;
	for (int p = 0; p < job->s.npasses; p++) {
		uint64_t w = j->written[p] < size ? j->written[p] : size;
		int flushed = j->flushed[p];
		if (ph == WIPE_PHASE_WRITE && p >= pass) {
			flushed = 0;
			if (p > pass)
				w = 0;
			else if (w > off)
				w = off;
		}
		atomic_store(&job->res.pass_written[p], w);
		job->res.pass_flushed[p] = flushed;
		sum += w;
	}
	atomic_store(&job->res.bytes_written, sum);
	if (ph == WIPE_PHASE_WRITE) {
		job->live.start_offset = off;
	} else {
		ph = j->verify == WIPE_VERIFY_NONE ? WIPE_PHASE_FINISH : WIPE_PHASE_VERIFY;
		job->live.start_offset = 0;
		pass = job->s.npasses - 1;
	}
	atomic_store(&job->live.pass, pass);
	atomic_store(&job->live.phase, ph);
	atomic_store(&job->res.bytes_verified, 0);
	for (size_t i = 0; i < j->nbad; i++)
		wipe_ranges_add(&job->res.bad, j->bad[i].op, j->bad[i].first, j->bad[i].count);
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	if (strptime(j->started, "%Y-%m-%dT%H:%M:%SZ", &tm))
		job->res.started = timegm(&tm);
	job->res.resumed = 1;
	return 0;
}

/* A firmware method: the drive does the work (fw_wipe.c records what
 * happened), then the same finishing step as an overwrite (GPT). */
static void job_run_firmware(struct wipe_job *job)
{
	atomic_store(&job->live.phase, WIPE_PHASE_WRITE);
	if (job->s.m->run(job) != 0 && !job->res.error[0])
		snprintf(job->res.error, sizeof(job->res.error), "%s", _("out of memory"));
	wipe_decide(job, 0);
	if (job->res.result == WIPE_RESULT_ERASED && job->o.label_gpt) {
		struct reco_err e = { 0 };
		if (wipe_label_gpt(job->t.path, &e) == 0) {
			job->res.labelled = 1;
		} else {
			job->res.labelled = -1;
			snprintf(job->res.label_msg, sizeof(job->res.label_msg), "%s", e.msg);
		}
	}
	atomic_store(&job->live.phase, WIPE_PHASE_DONE);
	wipe_job_checkpoint(job);
}

/* Moves to the next phase (or pass) at offset 0; job->live.lock held. */
static void next_phase_locked(struct wipe_job *job, int phase, int pass)
{
	atomic_store(&job->live.phase, phase);
	atomic_store(&job->live.pass, pass);
	job->live.next_item = 0;
	job->live.nitems = 0;
	job->live.start_offset = 0;
}

void *wipe_job_run(void *arg)
{
	struct wipe_job *job = arg;
	job->live.t0_ns = reco_now_ns();
	if (!job->res.started)
		job->res.started = time(NULL);
	if (job->s.m && job->s.m->run) {
		job_run_firmware(job);
		wipe_decide(job, 0);
		job->res.active_ns = reco_now_ns() - job->live.t0_ns;
		job->res.finished_at = time(NULL);
		pthread_mutex_lock(&wipe_done_lock);
		atomic_store(&job->live.finished, 1);
		pthread_cond_broadcast(&wipe_done_cond);
		pthread_mutex_unlock(&wipe_done_lock);
		return NULL;
	}
	int stopped = 0;
	while (!stopped && atomic_load(&job->live.phase) != WIPE_PHASE_DONE) {
		int phase = atomic_load(&job->live.phase), pass = atomic_load(&job->live.pass);
		if (phase == WIPE_PHASE_WRITE) {
			wipe_kill_point("write-begin:%d", pass + 1);
			if (run_phase(job, WIPE_PHASE_WRITE, pass, job->live.start_offset)) {
				stopped = 1;
				break;
			}
			wipe_kill_point("write-end:%d", pass + 1);
			if (flush_target(job) != 0) {
				stopped = 1;
				snprintf(job->res.error, sizeof(job->res.error), _("the device cache could not be flushed (%s)"),
					 job->res.flush_msg);
				break;
			}
			job->res.pass_flushed[pass] = 1;
			wipe_kill_point("flushed:%d", pass + 1);
			pthread_mutex_lock(&job->live.lock);
			if (pass + 1 < job->s.npasses)
				next_phase_locked(job, WIPE_PHASE_WRITE, pass + 1);
			else
				next_phase_locked(job, job->o.verify == WIPE_VERIFY_NONE ? WIPE_PHASE_FINISH : WIPE_PHASE_VERIFY, pass);
			pthread_mutex_unlock(&job->live.lock);
			if (wipe_job_checkpoint(job) != 0 && atomic_load(&job->live.stop)) {
				stopped = 1;
				break;
			}
		} else if (phase == WIPE_PHASE_VERIFY) {
			if (!job->s.verify_only && !job->res.flush_checked) {
				/* a resumed run flushes before reading back */
				if (flush_target(job) != 0) {
					stopped = 1;
					snprintf(job->res.error, sizeof(job->res.error), _("the device cache could not be flushed (%s)"),
						 job->res.flush_msg);
					break;
				}
				job->res.pass_flushed[job->s.npasses - 1] = 1;
			}
			wipe_kill_point("verify-begin");
			if (run_phase(job, WIPE_PHASE_VERIFY, job->s.verify_only ? 0 : job->s.npasses - 1, job->live.start_offset)) {
				stopped = 1;
				break;
			}
			wipe_kill_point("verify-end");
			pthread_mutex_lock(&job->live.lock);
			next_phase_locked(job, WIPE_PHASE_FINISH, atomic_load(&job->live.pass));
			pthread_mutex_unlock(&job->live.lock);
			if (wipe_job_checkpoint(job) != 0 && atomic_load(&job->live.stop)) {
				stopped = 1;
				break;
			}
		} else if (phase == WIPE_PHASE_FINISH) {
			wipe_kill_point("finish-begin");
			int clean = wipe_ranges_total(&job->res.bad, -1) == 0;
			if (job->o.trim && clean) {
				uint64_t range[2] = { 0, job->t.size };
				if (job->t.kind == WIPE_KIND_BLOCK && ioctl(job->t.fd, BLKDISCARD, range) == 0)
					job->res.trimmed = 1;
				else
					job->res.trimmed = -1;
			}
			if (job->o.label_gpt && clean && !job->s.verify_only) {
				fdatasync(job->t.fd);
				struct reco_err e = { 0 };
				if (wipe_label_gpt(job->t.path, &e) == 0)
					job->res.labelled = 1;
				else {
					job->res.labelled = -1;
					snprintf(job->res.label_msg, sizeof(job->res.label_msg), "%s", e.msg);
				}
			}
			pthread_mutex_lock(&job->live.lock);
			next_phase_locked(job, WIPE_PHASE_DONE, atomic_load(&job->live.pass));
			pthread_mutex_unlock(&job->live.lock);
			wipe_job_checkpoint(job);
			wipe_kill_point("done");
		}
	}
	job->res.active_ns = reco_now_ns() - job->live.t0_ns;
	if (stopped)
		wipe_job_checkpoint(job);
	job->res.finished_at = time(NULL);
	wipe_decide(job, stopped);
	pthread_mutex_lock(&wipe_done_lock);
	atomic_store(&job->live.finished, 1);
	pthread_cond_broadcast(&wipe_done_cond);
	pthread_mutex_unlock(&wipe_done_lock);
	return NULL;
}

void wipe_job_release(struct wipe_job *job)
{
	wipe_target_close(&job->t);
	free(job->live.inflight);
	job->live.inflight = NULL;
	wipe_sample_plan_release(&job->s.plan);
	wipe_ranges_release(&job->res.bad);
	json_decref(job->res.before);
	job->res.before = NULL;
	free(job->res.fw);
	job->res.fw = NULL;
	explicit_bzero(job->s.pats, sizeof(job->s.pats));
	pthread_mutex_destroy(&job->live.lock);
}
