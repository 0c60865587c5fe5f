/*
 * ram_tests.h — the RAM test algorithms, as data, and the sweep engine.
 *
 * Every algorithm is a list of sweeps over the buffer.  A sweep reads each
 * 64-bit word and checks it against the pattern the previous sweep wrote,
 * then (most sweeps) writes the next pattern in the same pass, word by word,
 * ascending or descending: a March element (r, w) in one traversal.  Patterns
 * are functions of the word index (and address), so any block can be checked
 * without a stored copy and every thread works on its own slice.
 *
 * Algorithms chain: the first sweep of an algorithm checks what the previous
 * one left.  Each algorithm has at least one checking sweep, so that a bit
 * flipped just before it is reported by it (the test hook below).
 *
 * Quick profile: March C- on the solid background covers stuck-at,
 * transition, address-decoder and inter-word coupling faults; the six
 * backgrounds 0x55.., 0x33.., 0x0F.., 0x00FF.., 16 and 32 bits (each written,
 * inverted, written back) the intra-word coupling faults between any two
 * bits of a word; then own-address (inverted too) and a random pattern.
 * Detection rates on a simulated faulty memory: tests/unit/test_diag_ram.c.
 * Every loop seeds the random patterns anew (ram_loop_seed()).  Full profile: the same, then memtester 4.6's whole set
 * (stuck address, random value, xor/sub/mul/div/or/and comparisons,
 * sequential increment, solid bits, block sequential, checkerboard, bit
 * spread, bit flip, walking ones and zeros, 8- and 16-bit writes) and moving
 * inversions (random and walking-bit patterns, as memtest86+).  memtester
 * repeats a pattern over the whole buffer once per bit position or byte value
 * (64 to 1024 sweeps per test); here the positions and values are spread over
 * the buffer by word index, so one or two sweeps give every word the same
 * kind of pattern and every pattern occurs in every 4 KiB page.
 */
#ifndef RECO_DIAG_RAM_TESTS_H
#define RECO_DIAG_RAM_TESTS_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

enum ram_pat_kind {
	PAT_SOLID, PAT_ALT, PAT_ADDR, PAT_ADDRALT, PAT_RAND,
	PAT_XOR, PAT_SUB, PAT_MUL, PAT_DIV, PAT_OR, PAT_AND,
	PAT_SEQ, PAT_BYTESEQ, PAT_SPREAD, PAT_BITFLIP, PAT_WALK,
};

/* value(i) = f_kind(i, address, a) ^ x */
struct ram_pat {
	uint8_t kind;
	uint64_t a, x;
};

enum ram_op {
	RAM_W,    /* write only (non-temporal stores where available) */
	RAM_RW,   /* check, then write, word by word */
	RAM_RW8,  /* check, then write with 8-bit stores */
	RAM_RW16, /* check, then write with 16-bit stores */
	RAM_R,    /* check only */
};

struct ram_step {
	uint8_t op;
	uint8_t down; /* descending addresses */
	struct ram_pat check, write;
};

#define RAM_MAX_STEPS 6

struct ram_algo {
	const char *name;        /* "march-c-minus" */
	const char *title;       /* msgid for the progress line */
	struct ram_step steps[RAM_MAX_STEPS];
	unsigned n_steps;
};

/* The algorithms of a profile (full = 0 quick, 1 full), in order. */
const struct ram_algo *ram_profile(int full, size_t *count);

/* Reads + writes of a profile, in words per buffer word (a traversal that
 * reads and writes counts 2), for the bandwidth floor. */
unsigned ram_profile_accesses(int full);
unsigned ram_profile_sweeps(int full);

/* The value pattern p gives word i whose address is addr. */
uint64_t ram_pat_value(const struct ram_pat *p, uint64_t i, uint64_t addr);

struct ram_error {
	uint64_t offset;   /* byte offset of the word in the buffer */
	uint64_t vaddr;
	uint64_t expected, actual;
	unsigned algo;     /* index in the profile */
	unsigned step;
};

/* Test hook: flip bit `bit` of the word at byte offset `offset` just before
 * the first checking sweep of algorithm `algo` (-1: of every algorithm). */
struct ram_inject {
	int enabled;
	int algo;
	uint64_t offset;
	unsigned bit;
};

/* A memory model for the tests (a simulated faulty memory): every word of
 * the buffer is read and written through these instead of directly.  The
 * buffer still holds the cells; the model may alter what is read or
 * stored. */
struct ram_sim {
	uint64_t (*read)(struct ram_sim *m, uint64_t *buf, uint64_t i);
	void (*write)(struct ram_sim *m, uint64_t *buf, uint64_t i, uint64_t v);
	void *arg;
};

/* Each step of an algorithm is split into RAM_PHASES phases of every
 * thread's slice, with a barrier of all the threads before each phase: a
 * March element is done over the whole buffer before the next one starts,
 * and the phases order the threads' ranges among themselves (see
 * ram_tests.c). */
#define RAM_PHASES 4
#define DIAG_SIM_MAX_THREADS 16

/* Shared state of one run over one buffer (ram.c drives it). */
struct ram_run {
	uint64_t *buf;
	uint64_t words;
	unsigned threads;
	int full;
	unsigned loops;
	struct ram_inject inject;
	pthread_barrier_t barrier;
	pthread_mutex_t lock;
	/* results, under lock */
	struct ram_error *errors;  /* first max_errors */
	size_t n_errors, max_errors;
	uint64_t error_count;
	uint64_t bitmask;          /* OR of expected ^ actual */
	uint64_t errors_per_algo[64];
	/* progress: words done in the current algorithm (all threads) */
	volatile uint64_t progress_words;
	volatile unsigned current_algo, current_loop;
	volatile int stop, finished;
	/* time spent in each algorithm (thread 0 measures, barrier to barrier) */
	uint64_t algo_ns[64];
	/* the data of each loop: random-kind patterns are seeded by
	 * loop_seed(seed, loop) (recorded in diag.json) */
	uint64_t seed;
	struct ram_sim *sim;       /* tests: a simulated memory, NULL for RAM */
};

/* The seed of loop `loop` of a run seeded with `seed`. */
uint64_t ram_loop_seed(uint64_t seed, unsigned loop);

/* The body of worker thread t (0..threads-1) over its slice: every loop,
 * every algorithm of the profile, with a barrier (of the workers only)
 * between algorithms.  Errors go to run under its lock; thread 0 keeps the
 * timings and sets run->finished at the end. */
void ram_worker(struct ram_run *run, unsigned t);

/* The same schedule as run->threads workers, run in the calling thread over
 * run->sim: each phase of each step processes the threads' blocks in turn
 * (block k of every thread, then block k+1...; threads and blocks in
 * reverse for a descending element), the interleaving of threads going at
 * the same pace.  For the unit tests' simulated faulty memories. */
void ram_sim_run(struct ram_run *run);

#endif
