/*
 * cpu.c — CPU stress with verified results (the idea of stress-ng --verify):
 * one worker per logical CPU, pinned, running four workloads whose answer is
 * known independently of the CPU under test:
 *   integer   a chain of invertible 64-bit mixing rounds, then the inverse
 *             chain: the result must be the starting value;
 *   float     a sum whose every term is exact in binary64 (sqrt of a square,
 *             a multiply-divide, an FMA residue): the result must equal the
 *             closed form n(n+1)/2;
 *   SIMD      the integer idea on 32-bit lanes with GCC vector extensions,
 *             compiled for AVX-512 and AVX2 with target attributes and
 *             picked at run time by cpuid (SSE2 otherwise);
 *   SHA-256   (FIPS 180-4) of a fixed 4 KiB buffer against its digest
 *             computed offline;
 *   FMA       fused multiply-adds on the widest vector unit (cpu_fma.c),
 *             the load that heats a processor the most.
 * Every result is checked.  The rounds of all threads are counted every
 * second; diag_cpu_trend() turns them into windows that tell a normal
 * turbo-to-sustained drop from throttling (with the kernel's
 * thermal_throttle counters, sensors.c) and from a continued decline.
 */
#include "diag.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/util.h"

const char *diag_cpu_kernel_name(enum diag_cpu_kernel k)
{
	static const char *const names[] = { "integer", "float", "simd", "sha256", "fma" };
	return k < CPU_K_COUNT ? names[k] : "?";
}

/* ---- SHA-256 (FIPS 180-4) ---------------------------------------------- */

static const uint32_t K256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline uint32_t ror32(uint32_t x, unsigned n)
{
	return x >> n | x << (32 - n);
}

static void sha256_block(uint32_t h[8], const unsigned char *b)
{
	uint32_t w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 | (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint32_t a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = hh + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
		uint32_t t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c));
		hh = g; g = f; f = e; e = d + t1; d = c; c = bb; bb = a; a = t1 + t2;
	}
	h[0] += a; h[1] += bb; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

void diag_sha256(const void *data, size_t len, unsigned char out[32])
{
	uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	const unsigned char *p = data;
	size_t left = len;
	while (left >= 64) {
		sha256_block(h, p);
		p += 64;
		left -= 64;
	}
	unsigned char tail[128] = { 0 };
	memcpy(tail, p, left);
	tail[left] = 0x80;
	size_t tlen = left + 1 + 8 <= 64 ? 64 : 128;
	uint64_t bits = (uint64_t)len * 8;
	for (int i = 0; i < 8; i++)
		tail[tlen - 1 - i] = (unsigned char)(bits >> (8 * i));
	sha256_block(h, tail);
	if (tlen == 128)
		sha256_block(h, tail + 64);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(h[i] >> 8);
		out[4 * i + 3] = (unsigned char)h[i];
	}
}

/* SHA-256 of the 4096 bytes (i * 7 + 3) & 0xff, computed with Python's
 * hashlib when this file was written. */
static const unsigned char sha_known[32] = {
	0x74, 0x86, 0xda, 0x8f, 0x1e, 0x13, 0x94, 0x3f, 0xae, 0x21, 0xa0, 0xb0, 0x43, 0xf1, 0xe9, 0x96,
	0x40, 0xd7, 0xd8, 0xeb, 0xaf, 0xb2, 0x52, 0x66, 0x47, 0x8b, 0x5c, 0xdd, 0xae, 0x12, 0x72, 0xb5,
};

/* ---- the kernels ---------------------------------------------------------- */

#define INT_ROUNDS 4096
#define INT_MUL 0x9E3779B97F4A7C15ULL
#define INT_ADD 0x632BE59BD9B4E019ULL

static uint64_t inv64(uint64_t m)
{
	uint64_t x = m; /* Newton: correct to 3 bits for odd m, doubling each step */
	for (int i = 0; i < 6; i++)
		x *= 2 - m * x;
	return x;
}

/* Returns 0 when the round trip gives the seed back. */
static int k_integer(uint64_t seed, int corrupt)
{
	static uint64_t minv;
	if (!minv)
		minv = inv64(INT_MUL);
	uint64_t x = seed;
	for (int i = 0; i < INT_ROUNDS; i++) {
		x = x * INT_MUL + INT_ADD;
		x ^= x >> 29;
		x = x << 17 | x >> 47;
	}
	if (corrupt)
		x ^= 1;
	for (int i = 0; i < INT_ROUNDS; i++) {
		x = x >> 17 | x << 47;
		x ^= x >> 29 ^ x >> 58;
		x = (x - INT_ADD) * minv;
	}
	return x != seed;
}

#define FLOAT_TERMS 4096

static int k_float(uint64_t seed, int corrupt)
{
	const double start = (double)(seed % 100000);
	volatile double three = 3.0;
	double acc = 0.0;
	for (int i = 1; i <= FLOAT_TERMS; i++) {
		double d = start + i;
		double t = 0.5 * sqrt(d * d) + 0.5 * (d * three / three);
		acc += t + fma(d, d, -(d * d));
	}
	if (corrupt)
		acc += 1.0;
	/* sum of start+1 .. start+n = n*start + n(n+1)/2, exact below 2^53 */
	const double want = FLOAT_TERMS * start + (double)FLOAT_TERMS * (FLOAT_TERMS + 1) / 2;
	return acc != want;
}

typedef uint32_t v4u __attribute__((vector_size(16)));
typedef uint32_t v8u __attribute__((vector_size(32)));
typedef uint32_t v16u __attribute__((vector_size(64)));

#define SIMD_ROUNDS 512
#define S_MUL 0x2C1B3C6Du
#define S_ADD 0x297A2D39u

static uint32_t inv32(uint32_t m)
{
	uint32_t x = m;
	for (int i = 0; i < 5; i++)
		x *= 2 - m * x;
	return x;
}

/* The same body for each vector width: forward rounds, inverse rounds,
 * compare with the starting lanes; returns the number of wrong lanes. */
#define SIMD_BODY(V, LANES)                                                      \
	V x, x0;                                                                   \
	const uint32_t minv = inv32(S_MUL);                                        \
	for (int l = 0; l < LANES; l++)                                            \
		x[l] = (uint32_t)(seed * 2654435761u) + (uint32_t)l * 0x01000193u;  \
	x0 = x;                                                                    \
	for (int i = 0; i < SIMD_ROUNDS; i++) {                                    \
		x = x * S_MUL + S_ADD;                                             \
		x ^= x >> 13;                                                      \
	}                                                                          \
	if (corrupt)                                                               \
		x[LANES - 1] ^= 0x100;                                             \
	for (int i = 0; i < SIMD_ROUNDS; i++) {                                    \
		x ^= x >> 13 ^ x >> 26;                                            \
		x = (x - S_ADD) * minv;                                            \
	}                                                                          \
	int bad = 0;                                                               \
	for (int l = 0; l < LANES; l++)                                            \
		bad += x[l] != x0[l];                                              \
	return bad;

static int simd_sse2(uint64_t seed, int corrupt)
{
	SIMD_BODY(v4u, 4)
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2"))) static int simd_avx2(uint64_t seed, int corrupt)
{
	SIMD_BODY(v8u, 8)
}

__attribute__((target("avx512f"))) static int simd_avx512(uint64_t seed, int corrupt)
{
	SIMD_BODY(v16u, 16)
}
#endif

static int simd_level(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx512f"))
		return 5;
	if (__builtin_cpu_supports("avx2"))
		return 3;
	return 2;
#else
	return 0;
#endif
}

static int k_simd(int level, uint64_t seed, int corrupt)
{
#if defined(__x86_64__) && defined(__GNUC__)
	if (level == 5)
		return simd_avx512(seed, corrupt);
	if (level == 3)
		return simd_avx2(seed, corrupt);
#endif
	(void)level;
	return simd_sse2(seed, corrupt);
}

static int k_sha256(const unsigned char *buf, int corrupt)
{
	unsigned char d[32];
	diag_sha256(buf, 4096, d);
	if (corrupt)
		d[31] ^= 1;
	return memcmp(d, sha_known, 32) != 0;
}

static void sha_input(unsigned char *buf)
{
	for (int i = 0; i < 4096; i++)
		buf[i] = (unsigned char)((i * 7 + 3) & 0xff);
}

/* One round of every kernel; returns the first failing kernel + 1, or 0. */
static int run_round(int level, int fma, uint64_t seed, const unsigned char *shabuf, int inject)
{
	if (diag_fma_round(fma, inject == CPU_K_FMA))
		return CPU_K_FMA + 1;
	if (k_integer(seed, inject == CPU_K_INT))
		return CPU_K_INT + 1;
	if (k_float(seed, inject == CPU_K_FLOAT))
		return CPU_K_FLOAT + 1;
	if (level && k_simd(level, seed, inject == CPU_K_SIMD))
		return CPU_K_SIMD + 1;
	if (k_sha256(shabuf, inject == CPU_K_SHA256))
		return CPU_K_SHA256 + 1;
	return 0;
}

int diag_cpu_selftest(int inject_kernel)
{
	unsigned char buf[4096];
	sha_input(buf);
	return run_round(simd_level() ? simd_level() : 2, diag_fma_level(), 12345, buf, inject_kernel);
}

/* ---- workers ---------------------------------------------------------------- */

struct cpu_shared {
	volatile int stop;
	int level, fma;
	int inject;
	uint64_t ops[DIAG_MAX_CPUS];       /* updated by the workers (relaxed) */
	uint64_t errors;                    /* under lock */
	int first_kernel;
	unsigned first_thread;
	pthread_mutex_t lock;
};

struct cpu_worker {
	struct cpu_shared *sh;
	unsigned t;
	int cpu;
};

static void *cpu_worker_main(void *p)
{
	struct cpu_worker *w = p;
	struct cpu_shared *sh = w->sh;
	if (w->cpu >= 0) {
		cpu_set_t set;
		CPU_ZERO(&set);
		CPU_SET(w->cpu, &set);
		sched_setaffinity(0, sizeof(set), &set);
	}
	unsigned char buf[4096];
	sha_input(buf);
	uint64_t seed = 0x1234567ULL * (w->t + 1), n = 0;
	while (!__atomic_load_n(&sh->stop, __ATOMIC_RELAXED)) {
		/* The test hook corrupts one result of thread 0, at round 3. */
		int inject = w->t == 0 && n == 3 ? sh->inject : -1;
		int bad = run_round(sh->level, sh->fma, seed++, buf, inject);
		if (bad) {
			pthread_mutex_lock(&sh->lock);
			if (sh->errors++ == 0) {
				sh->first_kernel = bad - 1;
				sh->first_thread = w->t;
			}
			pthread_mutex_unlock(&sh->lock);
		}
		n++;
		__atomic_store_n(&sh->ops[w->t], n, __ATOMIC_RELAXED);
	}
	return NULL;
}

int diag_cpu_run(const struct diag_cpu_opts *o, struct diag_cpu_result *r)
{
	memset(r, 0, sizeof(*r));
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = o->threads ? o->threads : (unsigned)(ncpu < 1 ? 1 : ncpu);
	if (threads > DIAG_MAX_CPUS)
		threads = DIAG_MAX_CPUS;
	struct cpu_shared *sh = calloc(1, sizeof(*sh));
	struct cpu_worker *w = calloc(threads, sizeof(*w));
	pthread_t *tid = calloc(threads, sizeof(*tid));
	if (!sh || !w || !tid) {
		free(sh); free(w); free(tid);
		return -ENOMEM;
	}
	sh->level = simd_level();
	sh->fma = diag_fma_level();
	sh->inject = o->inject_kernel;
	pthread_mutex_init(&sh->lock, NULL);

	/* Pin worker t to the t-th CPU this process may run on. */
	cpu_set_t allowed;
	int cpus[DIAG_MAX_CPUS], ncpus = 0;
	if (sched_getaffinity(0, sizeof(allowed), &allowed) == 0)
		for (int c = 0; c < CPU_SETSIZE && ncpus < DIAG_MAX_CPUS; c++)
			if (CPU_ISSET(c, &allowed))
				cpus[ncpus++] = c;

	unsigned started = 0;
	for (; started < threads; started++) {
		w[started] = (struct cpu_worker){ sh, started, ncpus ? cpus[started % (unsigned)ncpus] : -1 };
		if (pthread_create(&tid[started], NULL, cpu_worker_main, &w[started]) != 0)
			break;
	}
	int rc = started ? 0 : -EAGAIN;
	uint64_t t0 = reco_now_ns(), last_t = t0;
	uint64_t last_ops[DIAG_MAX_CPUS] = { 0 };
	for (unsigned t = 0; t < started; t++)
		r->min_ops_per_s[t] = UINT64_MAX;
	int second = 0;
	while (started) {
		uint64_t now = reco_now_ns();
		uint64_t el = (now - t0) / 1000000;
		if (el >= o->duration_ms)
			break;
		uint64_t next = (uint64_t)(second + 1) * 1000;
		uint64_t wait = next < o->duration_ms ? next - el : o->duration_ms - el;
		usleep((useconds_t)(wait > 1000 ? 1000000 : wait * 1000));
		now = reco_now_ns();
		el = (now - t0) / 1000000;
		if (el >= next || el >= o->duration_ms) {
			/* a per-second sample of every thread's rate */
			uint64_t dt = now - last_t, all = 0;
			for (unsigned t = 0; t < started; t++) {
				uint64_t ops = __atomic_load_n(&sh->ops[t], __ATOMIC_RELAXED);
				uint64_t rate = dt ? (ops - last_ops[t]) * 1000000000ULL / dt : 0;
				if (second == 0)
					r->first_ops_per_s[t] = rate;
				r->last_ops_per_s[t] = rate;
				if (rate < r->min_ops_per_s[t] && el >= next)
					r->min_ops_per_s[t] = rate;
				last_ops[t] = ops;
				all += rate;
			}
			if (el >= next && r->n_seconds < DIAG_CPU_MAX_SECONDS)
				r->per_second[r->n_seconds++] = all;
			last_t = now;
			second++;
			if (o->tick && o->tick(o->tick_arg, el))
				break;
		}
	}
	__atomic_store_n(&sh->stop, 1, __ATOMIC_RELAXED);
	for (unsigned t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	uint64_t el_ns = reco_now_ns() - t0;
	r->threads = started;
	r->elapsed_ms = el_ns / 1000000;
	r->errors = sh->errors;
	r->first_error_kernel = (enum diag_cpu_kernel)sh->first_kernel;
	r->first_error_thread = sh->first_thread;
	r->simd_level = sh->level;
	r->fma_level = sh->fma;
	for (unsigned t = 0; t < started; t++) {
		r->ops[t] = sh->ops[t];
		r->ops_per_s[t] = el_ns ? sh->ops[t] * 1000000000ULL / el_ns : 0;
		if (r->min_ops_per_s[t] == UINT64_MAX)
			r->min_ops_per_s[t] = r->ops_per_s[t];
	}
	pthread_mutex_destroy(&sh->lock);
	free(sh);
	free(w);
	free(tid);
	return rc;
}

static int64_t window_mean(const uint64_t *v, size_t from, size_t to)
{
	uint64_t sum = 0;
	for (size_t i = from; i < to; i++)
		sum += v[i];
	return to > from ? (int64_t)(sum / (to - from)) : 0;
}

int diag_cpu_trend(const uint64_t *per_second, size_t n, struct diag_cpu_trend *t)
{
	memset(t, 0, sizeof(*t));
	const size_t w = DIAG_CPU_WINDOW_S, nw = n / w;
	if (nw < 4)
		return -1;
	t->windows = (int)nw;
	t->first = window_mean(per_second, 0, w);
	t->last = window_mean(per_second, (nw - 1) * w, nw * w);
	/* settled: the second half of the run, its last window excluded */
	t->settled = window_mean(per_second, nw / 2 * w, (nw - 1) * w);
	int64_t low = t->settled < t->last ? t->settled : t->last;
	if (t->first > 0 && low < t->first)
		t->drop_permille = (t->first - low) * 1000 / t->first;
	if (t->settled > 0 && t->last < t->settled)
		t->decline_permille = (t->settled - t->last) * 1000 / t->settled;
	return 0;
}

void diag_cpu_part(const struct diag_cpu_result *r, const struct diag_thermal_watch *w, struct diag_part *p)
{
	json_t *d = p->details;
	diag_metric_set(p, "cpu.errors", (int64_t)r->errors);
	json_object_set_new(d, "threads", json_integer(r->threads));
	json_object_set_new(d, "elapsed_ms", json_integer((json_int_t)r->elapsed_ms));
	json_object_set_new(d, "errors", json_integer((json_int_t)r->errors));
	/* what ran, only when something ran (--duration 0 starts no worker) */
	if (r->threads)
		json_object_set_new(d, "simd", json_string(r->simd_level == 5 ? "avx512" : r->simd_level == 3 ? "avx2"
							   : r->simd_level == 2 ? "sse2" : "none"));
	if (r->errors)
		json_object_set_new(d, "first_error", json_pack("{s:s,s:i}", "workload",
								 diag_cpu_kernel_name(r->first_error_kernel),
								 "thread", (int)r->first_error_thread));
	json_t *th = json_array();
	int64_t worst_drop = 0;
	uint64_t min_rounds = r->threads ? UINT64_MAX : 0;
	for (unsigned t = 0; t < r->threads; t++)
		if (r->ops[t] < min_rounds)
			min_rounds = r->ops[t];
	/* the coverage of the test: verified rounds of the slowest worker */
	diag_metric_set(p, "cpu.min_rounds", (int64_t)min_rounds);
	for (unsigned t = 0; t < r->threads; t++) {
		json_array_append_new(th, json_pack("{s:i,s:I,s:I,s:I,s:I,s:I}", "thread", (int)t,
						    "rounds", (json_int_t)r->ops[t],
						    "rounds_per_s", (json_int_t)r->ops_per_s[t],
						    "min_rounds_per_s", (json_int_t)r->min_ops_per_s[t],
						    "first_rounds_per_s", (json_int_t)r->first_ops_per_s[t],
						    "last_rounds_per_s", (json_int_t)r->last_ops_per_s[t]));
		if (r->first_ops_per_s[t] > 0 && r->last_ops_per_s[t] < r->first_ops_per_s[t]) {
			int64_t drop = (int64_t)((r->first_ops_per_s[t] - r->last_ops_per_s[t]) * 1000 /
						 r->first_ops_per_s[t]);
			if (drop > worst_drop)
				worst_drop = drop;
		}
	}
	json_object_set_new(d, "per_thread", th);
	if (r->threads) {
		json_object_set_new(d, "workloads", json_pack("[s,s,s,s,s]", "integer", "float", "simd", "sha256", "fma"));
		json_object_set_new(d, "fma", json_string(diag_fma_name(r->fma_level)));
	}
	json_object_set_new(d, "slowdown_permille", json_integer(worst_drop));
	/* Turbo, throttling or decline: over windows of the whole run. */
	struct diag_cpu_trend tr;
	if (r->elapsed_ms >= 20000 && diag_cpu_trend(r->per_second, r->n_seconds, &tr) == 0) {
		int64_t thr = w && w->first.throttle_events >= 0 && w->last.throttle_events >= 0
				      ? w->last.throttle_events - w->first.throttle_events : -1;
		int hot = w && w->max_crit_mc > 0 && w->min_margin_mc <= 10000;
		int throttled = thr > 0 || (thr < 0 && hot);
		json_object_set_new(d, "rate", json_pack("{s:I,s:I,s:I,s:i,s:I,s:I,s:s}", "first_window", (json_int_t)tr.first,
							 "settled", (json_int_t)tr.settled, "last_window", (json_int_t)tr.last,
							 "window_s", DIAG_CPU_WINDOW_S, "drop_permille",
							 (json_int_t)tr.drop_permille, "decline_permille",
							 (json_int_t)tr.decline_permille, "drop_is",
							 tr.drop_permille < 50 ? "none" : throttled ? "thermal throttling"
										   : "turbo to sustained"));
		diag_metric_set(p, "cpu.decline_permille", tr.decline_permille);
		diag_metric_set(p, "cpu.throttle_drop_permille", throttled ? tr.drop_permille : 0);
	}
	if (w && w->first.mce_count >= 0 && w->last.mce_count >= 0) {
		diag_metric_set(p, "cpu.mce_new", w->last.mce_count - w->first.mce_count);
		json_object_set_new(d, "machine_checks_during_test",
				    json_integer(w->last.mce_count - w->first.mce_count));
	}
}

/* ---- the part in a run ---------------------------------------------------- */

struct cpu_tick {
	struct diag_run *r;
	uint64_t duration_ms;
};

static int cpu_tick(void *arg, uint64_t el)
{
	struct cpu_tick *t = arg;
	diag_thermal_watch_sample(t->r->thermal, t->r->root, el);
	diag_run_progress(t->r, "cpu", _("Processor under load"), el, t->duration_ms, 0);
	return 0;
}

static void diag_cpu_run_part(struct diag_run *r, const struct diag_part_desc *d)
{
	(void)d;
	struct cpu_tick tick = { r, 0 };
	long long secs = r->duration_s >= 0 ? r->duration_s : r->full ? 600 : 60;
	struct diag_cpu_opts o = {
		.threads = r->threads,
		.duration_ms = (uint64_t)secs * 1000,
		.inject_kernel = r->inject_cpu,
		.tick = cpu_tick,
		.tick_arg = &tick,
	};
	tick.duration_ms = o.duration_ms;
	r->loaded = 1;
	struct diag_cpu_result *res = calloc(1, sizeof(*res));
	if (!res) {
		r->env_error = 1;
		return;
	}
	diag_run_progress(r, "cpu", _("Processor under load"), 0, o.duration_ms, 0);
	/* No load asked for (--duration 0): no worker starts, so the part is
	 * NOT_TESTED with 0 rounds — never a PASS on however many rounds the
	 * workers managed before a busy machine let this thread stop them. */
	int rc = o.duration_ms ? diag_cpu_run(&o, res) : 0;
	if (rc != 0) {
		diag_run_warn(r, _("processor test: %s"), strerror(-rc));
		r->env_error = 1;
		struct diag_part *p = diag_run_new_part(r, "cpu", "cpu");
		if (p)
			diag_part_state(p, "cpu.could_not_run", strerror(-rc));
		free(res);
		return;
	}
	diag_thermal_watch_sample(r->thermal, r->root, res->elapsed_ms);
	diag_run_progress(r, "cpu", _("Processor under load"), o.duration_ms, o.duration_ms, 1);
	struct diag_part *p = diag_run_new_part(r, "cpu", "cpu");
	if (p)
		diag_cpu_part(res, r->thermal, p);
	free(res);
}

const struct diag_part_desc diag_cpu_desc = { "cpu", 0, NULL, diag_cpu_run_part, NULL };
