/*
 * test_diag_ram.c — what the memory tests detect, proved on a simulated
 * faulty memory (van de Goor's functional fault models for word-oriented
 * memories): stuck-at, transition, address-decoder, inter-word coupling
 * (idempotent, inversion, state) and intra-word coupling between two bits
 * of one word, written at once.  Each class: many faults at pseudo-random
 * cells (a fixed seed: the run is reproducible), the test profile run over
 * the memory through ram_sim_run() (the real schedule: two threads' slices,
 * phases, barriers, per-loop data), and the detection rate printed and
 * required.  The rates are quoted in the README.
 *
 * Also: --full varies its random data from one loop to the next (seeded
 * per loop, recorded), and a fault-free memory gives no error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag/diag.h"

#define WORDS 8192 /* 64 KiB: 16 blocks, two threads, four phases each */

enum fclass { F_NONE, F_SAF, F_TF, F_AF, F_CFID, F_CFIN, F_CFST };

struct fault {
	enum fclass kind;
	uint64_t w, wa;   /* victim word, aggressor word (AF: the cell address w reaches) */
	unsigned b, ba;   /* victim bit, aggressor bit */
	int v;            /* stuck / forced value */
	int up;           /* TF: the cell cannot rise (1) or fall (0); CFid/CFin: aggressor rising (1) */
	int s;            /* CFst: the aggressor state that forces the victim */
};

static uint64_t bit(uint64_t x, unsigned b)
{
	return x >> b & 1;
}

static uint64_t setbit(uint64_t x, unsigned b, int v)
{
	return v ? x | 1ULL << b : x & ~(1ULL << b);
}

static uint64_t f_read(struct ram_sim *m, uint64_t *buf, uint64_t i)
{
	const struct fault *f = m->arg;
	if (f->kind == F_AF && i == f->w)
		return buf[f->wa];
	uint64_t x = buf[i];
	if (f->kind == F_SAF && i == f->w)
		x = setbit(x, f->b, f->v);
	if (f->kind == F_CFST && i == f->w && (int)bit(buf[f->wa], f->ba) == f->s)
		x = setbit(x, f->b, f->v);
	return x;
}

static void f_write(struct ram_sim *m, uint64_t *buf, uint64_t i, uint64_t v)
{
	const struct fault *f = m->arg;
	if (f->kind == F_AF && i == f->w) {
		buf[f->wa] = v; /* the decoder reaches the other cell */
		return;
	}
	const uint64_t old = buf[i];
	uint64_t nv = v;
	if (f->kind == F_SAF && i == f->w)
		nv = setbit(nv, f->b, f->v);
	if (f->kind == F_TF && i == f->w && bit(old, f->b) == (uint64_t)!f->up && bit(nv, f->b) == (uint64_t)f->up)
		nv = setbit(nv, f->b, !f->up);
	buf[i] = nv;
	if ((f->kind == F_CFID || f->kind == F_CFIN) && i == f->wa) {
		const int rose = !bit(old, f->ba) && bit(nv, f->ba), fell = bit(old, f->ba) && !bit(nv, f->ba);
		if ((f->up && rose) || (!f->up && fell)) /* also within the same word: it wins over the write */
			buf[f->w] = f->kind == F_CFID ? setbit(buf[f->w], f->b, f->v) : buf[f->w] ^ 1ULL << f->b;
	}
}

static uint64_t rng = 0x2545F4914F6CDD1DULL;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A random fault of a class; intra: aggressor and victim in one word. */
static struct fault random_fault(enum fclass k, int intra)
{
	struct fault f = { .kind = k };
	f.w = next() % WORDS;
	f.b = (unsigned)(next() % 64);
	f.v = (int)(next() & 1);
	f.up = (int)(next() & 1);
	f.s = (int)(next() & 1);
	if (intra) {
		f.wa = f.w;
		do
			f.ba = (unsigned)(next() % 64);
		while (f.ba == f.b);
	} else {
		do
			f.wa = next() % WORDS;
		while (f.wa == f.w);
		f.ba = (unsigned)(next() % 64);
	}
	return f;
}

static uint64_t buf[WORDS] __attribute__((aligned(64)));
static struct ram_error errs[8];

/* Runs a profile over the memory with fault f; returns the error count. */
static uint64_t run_with(struct fault *f, int full, unsigned loops, uint64_t seed)
{
	struct ram_sim m = { f_read, f_write, f };
	memset(buf, 0xA5, sizeof(buf));
	struct ram_run run = {
		.buf = buf, .words = WORDS, .threads = 2, .full = full, .loops = loops,
		.max_errors = 8, .errors = errs, .seed = seed, .sim = &m,
	};
	pthread_mutex_init(&run.lock, NULL);
	ram_sim_run(&run);
	pthread_mutex_destroy(&run.lock);
	return run.error_count;
}

struct klass {
	const char *name;
	enum fclass k;
	int intra;
};

static const struct klass classes[] = {
	{ "stuck-at", F_SAF, 0 },
	{ "transition", F_TF, 0 },
	{ "address decoder", F_AF, 0 },
	{ "inter-word coupling, idempotent", F_CFID, 0 },
	{ "inter-word coupling, inversion", F_CFIN, 0 },
	{ "inter-word coupling, state", F_CFST, 0 },
	{ "intra-word coupling, idempotent", F_CFID, 1 },
	{ "intra-word coupling, inversion", F_CFIN, 1 },
	{ "intra-word coupling, state", F_CFST, 1 },
};

static void rates(int full, int n)
{
	int all = 1;
	for (size_t c = 0; c < sizeof(classes) / sizeof(classes[0]); c++) {
		int found = 0;
		for (int i = 0; i < n; i++) {
			struct fault f = random_fault(classes[c].k, classes[c].intra);
			found += run_with(&f, full, 1, 0x1234) > 0;
		}
		printf("# %s profile: %-34s %3d/%d detected (%d %%)\n", full ? "full " : "quick", classes[c].name,
		       found, n, found * 100 / n);
		all &= found == n;
	}
	assert_true(all);
}

static void test_fault_free_memory(void **state)
{
	(void)state;
	struct fault none = { .kind = F_NONE };
	assert_int_equal(run_with(&none, 0, 1, 7), 0);
	assert_int_equal(run_with(&none, 1, 2, 7), 0);
}

static void test_quick_detection_rates(void **state)
{
	(void)state;
	rates(0, 150);
}

static void test_full_detection_rates(void **state)
{
	(void)state;
	rates(1, 40);
}

/* --full: each loop writes other random data (seeded per loop). */
static void test_loops_vary_their_data(void **state)
{
	(void)state;
	assert_true(ram_loop_seed(42, 0) != ram_loop_seed(42, 1));
	assert_true(ram_loop_seed(42, 0) != ram_loop_seed(43, 0));
	/* what a random-pattern sweep leaves in memory differs between the
	 * loops: run one loop with each loop's seed and compare */
	struct fault none = { .kind = F_NONE };
	static uint64_t after0[WORDS];
	run_with(&none, 0, 1, 42);
	memcpy(after0, buf, sizeof(buf));
	run_with(&none, 0, 2, 42);
	assert_true(memcmp(after0, buf, sizeof(buf)) != 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_free_memory),
		cmocka_unit_test(test_quick_detection_rates),
		cmocka_unit_test(test_full_detection_rates),
		cmocka_unit_test(test_loops_vary_their_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
