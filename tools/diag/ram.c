/*
 * ram.c — the RAM check: buffer, locking, threads, bandwidth reference,
 * error addresses, and the ram part (metrics for rules.c).
 *
 * Coverage (rules.c): the tested size against MemTotal, and whether the
 * buffer stayed in RAM (locked, or no swap to push it to).
 *
 * Physical addresses come from /proc/self/pagemap (Documentation/admin-guide/
 * mm/pagemap.rst: 64-bit entry per page, bit 63 present, bits 0-54 the page
 * frame number, zero unless CAP_SYS_ADMIN).
 */
#include "diag.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/sysroot.h"
#include "lib/util.h"

uint64_t diag_ram_default_size(const char *root)
{
	char *text = NULL;
	size_t len;
	uint64_t avail_kb = 0;
	if (reco_read_file(root, "/proc/meminfo", &text, &len, 1 << 16) != 0)
		return 0;
	const char *m = strstr(text, "MemAvailable:");
	if (m)
		avail_kb = strtoull(m + 13, NULL, 10);
	free(text);
	return avail_kb * 1024 / 10 * 9;
}

int diag_virt_to_phys(uint64_t vaddr, uint64_t *phys)
{
	const long page = sysconf(_SC_PAGESIZE);
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	uint64_t entry = 0;
	ssize_t n = pread(fd, &entry, sizeof(entry), (off_t)(vaddr / (uint64_t)page * 8));
	int e = errno;
	close(fd);
	if (n != (ssize_t)sizeof(entry))
		return n < 0 ? -e : -EIO;
	if (!(entry >> 63 & 1))
		return -ENOENT;
	uint64_t pfn = entry & ((1ULL << 55) - 1);
	if (pfn == 0)
		return -EPERM;
	*phys = pfn * (uint64_t)page + vaddr % (uint64_t)page;
	return 0;
}

#define BW_ROUNDS 3

static uint64_t median3(const uint64_t v[3])
{
	uint64_t a = v[0], b = v[1], c = v[2];
	if (a > b) { uint64_t t = a; a = b; b = t; }
	if (b > c) b = c;
	return a > b ? a : b;
}

struct worker_arg {
	struct ram_run *run;
	unsigned t;
	/* bandwidth phase */
	uint64_t fill_ns, copy_ns;
};

static void *worker_main(void *p)
{
	struct worker_arg *a = p;
	struct ram_run *run = a->run;
	/* Wait until the main thread knows how many workers it got. */
	pthread_mutex_lock(&run->lock);
	pthread_mutex_unlock(&run->lock);
	const uint64_t blocks = run->words / 512;
	const uint64_t per = blocks / run->threads * 512;
	const uint64_t begin = per * a->t;
	const uint64_t end = a->t + 1 == run->threads ? run->words : begin + per;
	uint64_t *s = run->buf + begin;
	const size_t bytes = (size_t)(end - begin) * 8;

	/* Plain bandwidth reference on the same memory: memset of the slice,
	 * then memcpy of its first half onto its second half, all threads at
	 * once (thread 0 times barrier to barrier), three times each; the
	 * median is kept, so that one lucky or unlucky moment on a shared
	 * machine does not set the floor. */
	uint64_t fill[BW_ROUNDS], copy[BW_ROUNDS];
	for (int k = 0; k < BW_ROUNDS; k++) {
		pthread_barrier_wait(&run->barrier);
		uint64_t t0 = reco_now_ns();
		memset(s, 0x5a + k, bytes);
		pthread_barrier_wait(&run->barrier);
		uint64_t t1 = reco_now_ns();
		memcpy((char *)s + bytes / 2, s, bytes / 2);
		pthread_barrier_wait(&run->barrier);
		fill[k] = t1 - t0;
		copy[k] = reco_now_ns() - t1;
	}
	a->fill_ns = median3(fill);
	a->copy_ns = median3(copy);

	ram_worker(run, a->t);
	return NULL;
}

static unsigned online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > DIAG_MAX_CPUS ? DIAG_MAX_CPUS : (unsigned)n;
}

int diag_ram_run(const struct diag_ram_opts *o, struct diag_ram_result *r, struct reco_err *err)
{
	memset(r, 0, sizeof(*r));
	uint64_t size = o->size ? o->size : diag_ram_default_size(o->root);
	/* More than is available would only meet the OOM killer (the pages are
	 * populated and locked): refuse. */
	uint64_t avail = diag_ram_default_size(NULL) / 9 * 10;
	if (o->size && avail && o->size > avail / 100 * 95)
		return reco_err_set(err, -ENOMEM, _("%llu MiB asked but only %llu MiB of memory are available"),
				    (unsigned long long)(o->size >> 20), (unsigned long long)(avail >> 20));
	if (size < 1 << 20)
		size = size ? 1 << 20 : 64 << 20;
	unsigned threads = o->threads ? o->threads : online_cpus();
	size &= ~(uint64_t)4095;
	while (threads > 1 && size / threads < 64 * 1024)
		threads--;

	void *buf = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (buf == MAP_FAILED)
		return reco_err_set(err, -errno, _("cannot reserve %llu MiB of memory: %s"),
				    (unsigned long long)(size >> 20), strerror(errno));
	/* Keep the pages in RAM (not swapped) and backed by real frames. */
	r->locked = !o->no_mlock && mlock(buf, size) == 0;
	madvise(buf, size, MADV_NOHUGEPAGE);

	struct ram_run run = {
		.buf = buf,
		.words = size / 8,
		.threads = threads,
		.full = o->full,
		.loops = o->loops ? o->loops : 1,
		.inject = o->inject,
		.max_errors = DIAG_RAM_MAX_ERRORS,
		.errors = r->errors,
		.seed = o->seed,
	};
	/* fresh data every run (and, through the loop seeds, every loop) */
	while (!run.seed && getrandom(&run.seed, sizeof(run.seed), 0) != (ssize_t)sizeof(run.seed))
		run.seed = reco_now_ns() * 0x9E3779B97F4A7C15ULL;
	r->seed = run.seed;
	pthread_mutex_init(&run.lock, NULL);
	pthread_mutex_lock(&run.lock);
	struct worker_arg *args = calloc(threads, sizeof(*args));
	pthread_t *tids = calloc(threads, sizeof(*tids));
	int rc = 0;
	if (!args || !tids) {
		free(args);
		free(tids);
		pthread_mutex_unlock(&run.lock);
		pthread_mutex_destroy(&run.lock);
		munmap(buf, size);
		return reco_err_set(err, -ENOMEM, _("out of memory"));
	}
	unsigned started = 0;
	for (; started < threads; started++) {
		args[started] = (struct worker_arg){ .run = &run, .t = started };
		if (pthread_create(&tids[started], NULL, worker_main, &args[started]) != 0)
			break;
	}
	if (started == 0) {
		pthread_mutex_unlock(&run.lock);
		pthread_mutex_destroy(&run.lock);
		free(args);
		free(tids);
		munmap(buf, size);
		return reco_err_set(err, -EAGAIN, _("cannot start the memory test threads"));
	}
	/* Fewer threads than asked: the slices follow run.threads. */
	run.threads = threads = started;
	pthread_barrier_init(&run.barrier, NULL, threads);
	pthread_mutex_unlock(&run.lock);
	/* The workers run on their own (barriers among themselves); this
	 * thread only reports progress, every algorithm's end included. */
	size_t n_algos;
	const struct ram_algo *profile = ram_profile(o->full, &n_algos);
	unsigned shown = 0, shown_loop = 0;
	while (!__atomic_load_n(&run.finished, __ATOMIC_ACQUIRE)) {
		usleep(20000);
		if (!o->progress)
			continue;
		unsigned loop = __atomic_load_n(&run.current_loop, __ATOMIC_ACQUIRE);
		unsigned cur = __atomic_load_n(&run.current_algo, __ATOMIC_ACQUIRE);
		while (shown_loop < loop || (shown_loop == loop && shown < cur)) {
			uint64_t tot = run.words * profile[shown].n_steps;
			o->progress(o->progress_arg, shown, tot, tot);
			if (++shown == n_algos) {
				shown = 0;
				shown_loop++;
			}
		}
		uint64_t total = run.words * profile[cur].n_steps;
		uint64_t done = __atomic_load_n(&run.progress_words, __ATOMIC_RELAXED);
		if (o->progress(o->progress_arg, cur, done < total ? done : total - 1, total))
			__atomic_store_n(&run.stop, 1, __ATOMIC_RELAXED);
	}
	for (unsigned i = 0; i < threads; i++)
		pthread_join(tids[i], NULL);
	if (o->progress)
		while (shown_loop < run.loops) {
			uint64_t tot = run.words * profile[shown].n_steps;
			o->progress(o->progress_arg, shown, tot, tot);
			if (++shown == n_algos) {
				shown = 0;
				shown_loop++;
			}
		}
	for (size_t i = 0; i < n_algos && i < 64; i++) {
		r->algo_ns[i] = run.algo_ns[i];
		r->elapsed_ns += run.algo_ns[i];
	}

	uint64_t fill_ns = args[0].fill_ns, copy_ns = args[0].copy_ns;
	r->fill_mbps = fill_ns ? size * 1000 / fill_ns : 0;
	r->copy_mbps = copy_ns ? size * 1000 / copy_ns : 0; /* half read + half written */
	r->size = size;
	r->full = o->full;
	r->threads = threads;
	r->loops = run.loops;
	r->sweeps = ram_profile_sweeps(o->full) * run.loops;
	r->bytes_moved = (uint64_t)ram_profile_accesses(o->full) * run.loops * size;
	r->error_count = run.error_count;
	r->bitmask = run.bitmask;
	r->n_errors = run.n_errors;
	memcpy(r->errors_per_algo, run.errors_per_algo, sizeof(r->errors_per_algo));
	for (size_t i = 0; i < r->n_errors; i++)
		if (diag_virt_to_phys(r->errors[i].vaddr, &r->phys[i]) != 0)
			r->phys[i] = UINT64_MAX;
	if (run.stop)
		rc = reco_err_set(err, -ECANCELED, _("memory test interrupted"));
	free(args);
	free(tids);
	pthread_barrier_destroy(&run.barrier);
	pthread_mutex_destroy(&run.lock);
	munmap(buf, size);
	return rc;
}

void diag_ram_part(const struct diag_ram_result *r, const struct diag_snapshot *before,
		   const struct diag_snapshot *after, struct diag_part *p)
{
	json_t *d = p->details;
	size_t n_algos;
	const struct ram_algo *profile = ram_profile(0, &n_algos);
	char hex[32];

	diag_metric_set(p, "ram.errors", (int64_t)r->error_count);
	json_object_set_new(d, "size_bytes", json_integer((json_int_t)r->size));
	json_object_set_new(d, "locked", json_boolean(r->locked));
	json_object_set_new(d, "threads", json_integer(r->threads));
	json_object_set_new(d, "loops", json_integer(r->loops));
	json_object_set_new(d, "passes", json_integer(r->sweeps));
	json_object_set_new(d, "errors", json_integer((json_int_t)r->error_count));
	json_object_set_new(d, "elapsed_ms", json_integer((json_int_t)(r->elapsed_ns / 1000000)));
	json_object_set_new(d, "bytes_moved", json_integer((json_int_t)r->bytes_moved));
	json_object_set_new(d, "throughput_mbps",
			    json_integer((json_int_t)(r->elapsed_ns ? r->bytes_moved * 1000 / r->elapsed_ns : 0)));
	json_object_set_new(d, "bandwidth_fill_mbps", json_integer((json_int_t)r->fill_mbps));
	json_object_set_new(d, "bandwidth_copy_mbps", json_integer((json_int_t)r->copy_mbps));
	uint64_t best = r->fill_mbps > r->copy_mbps ? r->fill_mbps : r->copy_mbps;
	if (best)
		json_object_set_new(d, "floor_ms", json_integer((json_int_t)(r->bytes_moved / 1000 / best)));
	snprintf(hex, sizeof(hex), "0x%016llx", (unsigned long long)r->bitmask);
	if (r->error_count)
		json_object_set_new(d, "bit_mask", json_string(hex));

	profile = ram_profile(1, &n_algos);
	json_t *tests = json_array();
	if (!r->full)
		ram_profile(0, &n_algos);
	for (size_t i = 0; i < n_algos && i < 64; i++)
		json_array_append_new(tests, json_pack("{s:s,s:I,s:I}", "name", profile[i].name, "errors",
						       (json_int_t)r->errors_per_algo[i], "elapsed_ms",
						       (json_int_t)(r->algo_ns[i] / 1000000)));
	json_object_set_new(d, "tests", tests);
	snprintf(hex, sizeof(hex), "0x%016llx", (unsigned long long)r->seed);
	json_object_set_new(d, "seed", json_string(hex));
	json_t *seeds = json_array();
	for (unsigned l = 0; l < r->loops && l < 1000; l++) {
		snprintf(hex, sizeof(hex), "0x%016llx", (unsigned long long)ram_loop_seed(r->seed, l));
		json_array_append_new(seeds, json_string(hex));
	}
	json_object_set_new(d, "loop_seeds", seeds);
	json_object_set_new(d, "phases_per_step", json_integer(RAM_PHASES));

	json_t *errs = json_array();
	for (size_t i = 0; i < r->n_errors; i++) {
		const struct ram_error *e = &r->errors[i];
		json_t *o = json_object();
		snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)e->vaddr);
		json_object_set_new(o, "virtual_address", json_string(hex));
		if (r->phys[i] != UINT64_MAX) {
			snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)r->phys[i]);
			json_object_set_new(o, "physical_address", json_string(hex));
		}
		json_object_set_new(o, "offset", json_integer((json_int_t)e->offset));
		snprintf(hex, sizeof(hex), "0x%016llx", (unsigned long long)e->expected);
		json_object_set_new(o, "expected", json_string(hex));
		snprintf(hex, sizeof(hex), "0x%016llx", (unsigned long long)e->actual);
		json_object_set_new(o, "actual", json_string(hex));
		snprintf(hex, sizeof(hex), "0x%016llx", (unsigned long long)(e->expected ^ e->actual));
		json_object_set_new(o, "bit_mask", json_string(hex));
		json_object_set_new(o, "test", json_string(e->algo < n_algos ? profile[e->algo].name : "?"));
		json_array_append_new(errs, o);
	}
	json_object_set_new(d, "error_list", errs);

	/* coverage: the tested size against the memory installed (MemTotal),
	 * floor 50 % in rules.c; unlocked pages only count while no swap can
	 * take them */
	if (after && after->mem_total_kb > 0) {
		int64_t total_mib = after->mem_total_kb / 1024;
		diag_metric_set(p, "ram.size_mib", total_mib);
		json_object_set_new(d, "installed_mib", json_integer(total_mib));
		int64_t cov = (int64_t)(r->size / 1024 * 1000 / (uint64_t)after->mem_total_kb);
		diag_metric_set(p, "ram.coverage_permille", cov > 1000 ? 1000 : cov);
		json_object_set_new(d, "coverage_permille", json_integer(cov > 1000 ? 1000 : cov));
	}
	if (after)
		diag_metric_set(p, "ram.unlocked_with_swap", !r->locked && after->swap_total_kb != 0);
	if (after && after->early_memtest_bad >= 0) {
		diag_metric_set(p, "ram.early_memtest_bad_kb", after->early_memtest_bad);
		json_object_set_new(d, "early_memtest_bad_kb", json_integer(after->early_memtest_bad));
	}
	if (before && after && after->edac_ce >= 0) {
		int64_t ce = after->edac_ce - (before->edac_ce > 0 ? before->edac_ce : 0);
		int64_t ue = after->edac_ue - (before->edac_ue > 0 ? before->edac_ue : 0);
		diag_metric_set(p, "ram.ecc_corrected_new", ce < 0 ? 0 : ce);
		diag_metric_set(p, "ram.ecc_uncorrected", after->edac_ue);
		json_object_set_new(d, "ecc", json_pack("{s:I,s:I,s:I,s:I}", "corrected", (json_int_t)after->edac_ce,
							"uncorrected", (json_int_t)after->edac_ue, "corrected_during_test",
							(json_int_t)(ce < 0 ? 0 : ce), "uncorrected_during_test",
							(json_int_t)(ue < 0 ? 0 : ue)));
	}
}

/* ---- the part in a run ---------------------------------------------------- */

struct ram_prog {
	struct diag_run *r;
	int full;
};

static int ram_progress(void *arg, unsigned algo, uint64_t done, uint64_t total)
{
	struct ram_prog *rp = arg;
	size_t n;
	const struct ram_algo *prof = ram_profile(rp->full, &n);
	char test[96], title[128];
	snprintf(test, sizeof(test), "ram/%s", prof[algo].name);
	snprintf(title, sizeof(title), "%s: %s", _("Memory"), _(prof[algo].title));
	diag_run_progress(rp->r, test, title, done, total, done >= total);
	return 0;
}

static void diag_ram_run_part(struct diag_run *r, const struct diag_part_desc *d)
{
	(void)d;
	struct diag_snapshot *before = malloc(sizeof(*before)), *after = malloc(sizeof(*after));
	struct diag_ram_result *res = calloc(1, sizeof(*res));
	if (!before || !after || !res) {
		r->env_error = 1;
		goto out;
	}
	diag_sensors_sample(r->root, &r->meminfo, before);
	struct ram_prog rp = { r, r->full };
	/* default: 90 % of the memory available when the run started */
	uint64_t size = r->ram_size;
	if (!size && r->meminfo.available_kb > 0)
		size = (uint64_t)r->meminfo.available_kb * 1024 / 10 * 9;
	struct diag_ram_opts o = {
		.size = size,
		.full = r->full,
		.threads = r->threads,
		.loops = r->loops ? r->loops : r->full ? 3 : 1,
		.inject = r->inject_ram,
		.root = r->root,
		.progress = ram_progress,
		.progress_arg = &rp,
	};
	struct reco_err err = { 0 };
	int rc = diag_ram_run(&o, res, &err);
	if (rc != 0) {
		diag_run_warn(r, _("memory test: %s"), err.msg[0] ? err.msg : strerror(-rc));
		r->env_error = 1;
		struct diag_part *p = diag_run_new_part(r, "ram", "ram");
		if (p)
			diag_part_state(p, "ram.could_not_run", err.msg[0] ? err.msg : strerror(-rc));
	} else {
		diag_sensors_sample(r->root, &r->meminfo, after);
		struct diag_part *p = diag_run_new_part(r, "ram", "ram");
		if (p)
			diag_ram_part(res, before, after, p);
		if (p && !res->locked)
			diag_run_warn(r, "%s", _("memory could not be locked (mlock): part of it may have been swapped"));
	}
out:
	free(before);
	free(after);
	free(res);
}

const struct diag_part_desc diag_ram_desc = { "ram", 0, NULL, diag_ram_run_part, NULL };
