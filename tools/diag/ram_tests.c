/*
 * ram_tests.c — RAM test algorithms as data, and the sweep engine (see
 * ram_tests.h for the design).
 *
 * References: van de Goor, "Testing Semiconductor Memories" (March C-:
 * {⇕(w0); ⇑(r0,w1); ⇑(r1,w0); ⇓(r0,w1); ⇓(r1,w0); ⇕(r0)}); memtester 4.6
 * tests.c for the names and operations of its test set; memtest86+ for moving
 * inversions.  No code is taken from either.
 *
 * Engine: a sweep works on 4 KiB blocks.  For each block the expected and the
 * next patterns are generated into two L1-resident scratch arrays, then one
 * loop reads every word, keeps a copy (for the error report), ORs the
 * difference and stores the next value, in order; the compiler vectorises
 * it.  Only a block whose OR is non-zero is scanned word by word.
 */
#include "ram_tests.h"

#include <string.h>
#include <time.h>

#include "lib/i18n.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#define BLOCK_WORDS 512u /* 4 KiB */

#define ONES (~0ULL)
#define C5 0x5555555555555555ULL
/* the data backgrounds of word-oriented March tests: bit k of the word
 * index, for k = 0..5; with the solid one, any two bits of a word are equal
 * in one background and different in another */
#define D1 C5
#define D2 0x3333333333333333ULL
#define D3 0x0F0F0F0F0F0F0F0FULL
#define D4 0x00FF00FF00FF00FFULL
#define D5 0x0000FFFF0000FFFFULL
#define D6 0x00000000FFFFFFFFULL
#define SEED1 0x243F6A8885A308D3ULL
#define SEED2 0x13198A2E03707344ULL
#define SEED3 0xA4093822299F31D0ULL
#define SEED4 0x082EFA98EC4E6C89ULL
#define SEED5 0x452821E638D01377ULL
#define SEED6 0xBE5466CF34E90C6CULL

/* Operands of the memtester-style comparison chain. */
#define Q_XOR 0xC0AC29B7C97C50DDULL
#define Q_SUB 0x3F84D5B5B5470917ULL
#define Q_MUL 0x9216D5D98979FB1BULL /* odd */
/* DIV divides each 32-bit half of the word by this constant: a division by
 * a constant compiles to multiplications, and 32-bit ones vectorise. */
#define Q_DIV 13u
#define Q_OR  0x0000100000040001ULL
#define Q_AND 0xFFFFEFFFFFBFFFFEULL

#define P(k, a, x) { PAT_##k, (a), (x) }
#define NOPAT P(SOLID, 0, 0)
#define WR(w) { RAM_W, 0, NOPAT, w }
#define UP(c, w) { RAM_RW, 0, c, w }
#define DN(c, w) { RAM_RW, 1, c, w }
#define RD(c) { RAM_R, 0, c, NOPAT }

/* Each background D is written, inverted and written back (D -> ~D -> D):
 * every pair of bits of a word sees both transitions with the other bit
 * written both equal and different, which the intra-word coupling faults
 * need (test_diag_ram.c proves it on a simulated memory). */
#define BG(prev, d) UP(P(SOLID, prev, 0), P(SOLID, d, 0)), UP(P(SOLID, d, 0), P(SOLID, ~(d), 0)), \
		    UP(P(SOLID, ~(d), 0), P(SOLID, d, 0))

/* Quick is the first QUICK_COUNT entries; full is all of them. */
#define QUICK_COUNT 6
static const struct ram_algo algos[] = {
	{ "march-c-minus", N_("March C- (solid background)"),
	  { WR(P(SOLID, 0, 0)), UP(P(SOLID, 0, 0), P(SOLID, ONES, 0)), UP(P(SOLID, ONES, 0), P(SOLID, 0, 0)),
	    DN(P(SOLID, 0, 0), P(SOLID, ONES, 0)), DN(P(SOLID, ONES, 0), P(SOLID, 0, 0)) }, 5 },
	{ "intra-word-55-33", N_("Bit backgrounds 0x55 and 0x33"), { BG(0, D1), BG(D1, D2) }, 6 },
	{ "intra-word-0f-00ff", N_("Bit backgrounds 0x0F and 0x00FF"), { BG(D2, D3), BG(D3, D4) }, 6 },
	{ "intra-word-16-32", N_("Bit backgrounds of 16 and 32 bits"), { BG(D4, D5), BG(D5, D6) }, 6 },
	{ "own-address", N_("Own address"),
	  { UP(P(SOLID, D6, 0), P(ADDR, 0, 0)), UP(P(ADDR, 0, 0), P(ADDR, 0, ONES)) }, 2 },
	{ "random-pattern", N_("Random pattern"),
	  { UP(P(ADDR, 0, ONES), P(RAND, SEED1, 0)), RD(P(RAND, SEED1, 0)) }, 2 },
	/* ---- full: memtester's set ---- */
	{ "stuck-address", N_("Stuck address"),
	  { UP(P(RAND, SEED1, 0), P(ADDRALT, 0, 0)), UP(P(ADDRALT, 0, 0), P(ADDRALT, 0, ONES)) }, 2 },
	{ "random-value", N_("Random value"), { UP(P(ADDRALT, 0, ONES), P(RAND, SEED2, 0)) }, 1 },
	{ "compare-xor", N_("Compare XOR"), { UP(P(RAND, SEED2, 0), P(XOR, SEED2, 0)) }, 1 },
	{ "compare-sub", N_("Compare SUB"), { UP(P(XOR, SEED2, 0), P(SUB, SEED2, 0)) }, 1 },
	{ "compare-mul", N_("Compare MUL"), { UP(P(SUB, SEED2, 0), P(MUL, SEED2, 0)) }, 1 },
	{ "compare-div", N_("Compare DIV"), { UP(P(MUL, SEED2, 0), P(DIV, SEED2, 0)) }, 1 },
	{ "compare-or", N_("Compare OR"), { UP(P(DIV, SEED2, 0), P(OR, SEED2, 0)) }, 1 },
	{ "compare-and", N_("Compare AND"), { UP(P(OR, SEED2, 0), P(AND, SEED2, 0)) }, 1 },
	{ "sequential-increment", N_("Sequential increment"), { UP(P(AND, SEED2, 0), P(SEQ, SEED3, 0)) }, 1 },
	{ "solid-bits", N_("Solid bits"),
	  { UP(P(SEQ, SEED3, 0), P(ALT, ONES, 0)), UP(P(ALT, ONES, 0), P(ALT, 0, 0)) }, 2 },
	{ "block-sequential", N_("Block sequential"),
	  { UP(P(ALT, 0, 0), P(BYTESEQ, 0, 0)), UP(P(BYTESEQ, 0, 0), P(BYTESEQ, 128, 0)) }, 2 },
	{ "checkerboard", N_("Checkerboard"),
	  { UP(P(BYTESEQ, 128, 0), P(ALT, C5, 0)), UP(P(ALT, C5, 0), P(ALT, ~C5, 0)) }, 2 },
	{ "bit-spread", N_("Bit spread"),
	  { UP(P(ALT, ~C5, 0), P(SPREAD, 0, 0)), UP(P(SPREAD, 0, 0), P(SPREAD, 0, ONES)) }, 2 },
	{ "bit-flip", N_("Bit flip"),
	  { UP(P(SPREAD, 0, ONES), P(BITFLIP, 0, 0)), UP(P(BITFLIP, 0, 0), P(BITFLIP, 0, ONES)) }, 2 },
	{ "walking-ones", N_("Walking ones"), { UP(P(BITFLIP, 0, ONES), P(WALK, 0, 0)) }, 1 },
	{ "walking-zeros", N_("Walking zeros"), { UP(P(WALK, 0, 0), P(WALK, 0, ONES)) }, 1 },
	{ "8-bit-writes", N_("8-bit writes"), { { RAM_RW8, 0, P(WALK, 0, ONES), P(RAND, SEED4, 0) } }, 1 },
	{ "16-bit-writes", N_("16-bit writes"), { { RAM_RW16, 0, P(RAND, SEED4, 0), P(RAND, SEED5, 0) } }, 1 },
	{ "moving-inversions-random", N_("Moving inversions (random)"),
	  { UP(P(RAND, SEED5, 0), P(RAND, SEED6, 0)), UP(P(RAND, SEED6, 0), P(RAND, SEED6, ONES)),
	    DN(P(RAND, SEED6, ONES), P(RAND, SEED6, 0)) }, 3 },
	{ "moving-inversions-walking", N_("Moving inversions (walking bit)"),
	  { UP(P(RAND, SEED6, 0), P(WALK, 17, 0)), UP(P(WALK, 17, 0), P(WALK, 17, ONES)),
	    DN(P(WALK, 17, ONES), P(WALK, 17, 0)), RD(P(WALK, 17, 0)) }, 4 },
};

const struct ram_algo *ram_profile(int full, size_t *count)
{
	*count = full ? sizeof(algos) / sizeof(algos[0]) : QUICK_COUNT;
	return algos;
}

static unsigned op_accesses(uint8_t op)
{
	return op == RAM_W || op == RAM_R ? 1 : 2;
}

unsigned ram_profile_accesses(int full)
{
	size_t n;
	const struct ram_algo *a = ram_profile(full, &n);
	unsigned total = 0;
	for (size_t i = 0; i < n; i++)
		for (unsigned s = 0; s < a[i].n_steps; s++)
			total += op_accesses(a[i].steps[s].op);
	return total;
}

unsigned ram_profile_sweeps(int full)
{
	size_t n;
	const struct ram_algo *a = ram_profile(full, &n);
	unsigned total = 0;
	for (size_t i = 0; i < n; i++)
		total += a[i].n_steps;
	return total;
}

/* A 64-bit mixer (two multiply-xorshift rounds): word i's random value. */
static inline uint64_t mix64(uint64_t z)
{
	z ^= z >> 31;
	z *= 0xBF58476D1CE4E5B9ULL;
	z ^= z >> 29;
	z *= 0x94D049BB133111EBULL;
	z ^= z >> 32;
	return z;
}

static inline uint64_t div_halves(uint64_t r)
{
	return (uint64_t)((uint32_t)(r >> 32) / Q_DIV) << 32 | (uint32_t)r / Q_DIV;
}

static inline uint64_t chain(uint64_t r, int upto)
{
	r ^= Q_XOR;
	if (upto == PAT_XOR) return r;
	r -= Q_SUB;
	if (upto == PAT_SUB) return r;
	r *= Q_MUL;
	if (upto == PAT_MUL) return r;
	r = div_halves(r);
	if (upto == PAT_DIV) return r;
	r |= Q_OR;
	if (upto == PAT_OR) return r;
	return r & Q_AND;
}

static inline uint64_t rotl1(unsigned n)
{
	return 1ULL << (n & 63);
}

uint64_t ram_pat_value(const struct ram_pat *p, uint64_t i, uint64_t addr)
{
	const uint64_t a = p->a;
	uint64_t v, q;
	switch (p->kind) {
	case PAT_SOLID: v = a; break;
	case PAT_ALT: v = (i & 1) ? ~a : a; break;
	case PAT_ADDR: v = addr; break;
	case PAT_ADDRALT: v = (i & 1) ? ~addr : addr; break;
	case PAT_RAND: v = mix64(i + a); break;
	case PAT_XOR: case PAT_SUB: case PAT_MUL: case PAT_DIV: case PAT_OR: case PAT_AND:
		v = chain(mix64(i + a), p->kind);
		break;
	case PAT_SEQ: v = i + a; break;
	case PAT_BYTESEQ: v = ((i + a) & 255) * 0x0101010101010101ULL; break;
	case PAT_SPREAD:
		q = rotl1((unsigned)(i >> 1)) | rotl1((unsigned)(i >> 1) + 2);
		v = (i & 1) ? ~q : q;
		break;
	case PAT_BITFLIP:
		q = rotl1((unsigned)(i >> 1));
		v = (i & 1) ? ~q : q;
		break;
	case PAT_WALK: v = rotl1((unsigned)(i + a)); break;
	default: v = 0; break;
	}
	return v ^ p->x;
}

/* Fills out[0..n) with the pattern of words i0.. at addresses addr0, +8...
 * One loop per kind so that each vectorises; on x86-64 it is also built for
 * AVX2 and AVX-512 (x86-64-v4 has the 64-bit vector multiply the random
 * patterns need), the best one picked at load time. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("default", "avx2", "arch=x86-64-v4"), optimize("vect-cost-model=dynamic")))
#endif
static void gen(const struct ram_pat *p, uint64_t i0, uint64_t addr0, uint64_t *restrict out)
{
	const size_t n = BLOCK_WORDS;
	const uint64_t a = p->a, x = p->x;
	switch (p->kind) {
#define LOOP(expr) for (size_t j = 0; j < n; j++) { const uint64_t i = i0 + j; (void)i; out[j] = (expr) ^ x; } break
	case PAT_SOLID: LOOP(a);
	case PAT_ALT: LOOP((i & 1) ? ~a : a);
	case PAT_ADDR: LOOP(addr0 + 8 * j);
	case PAT_ADDRALT: LOOP((i & 1) ? ~(addr0 + 8 * j) : (addr0 + 8 * j));
	case PAT_RAND: LOOP(mix64(i + a));
	case PAT_XOR: LOOP(chain(mix64(i + a), PAT_XOR));
	case PAT_SUB: LOOP(chain(mix64(i + a), PAT_SUB));
	case PAT_MUL: LOOP(chain(mix64(i + a), PAT_MUL));
	case PAT_DIV: LOOP(chain(mix64(i + a), PAT_DIV));
	case PAT_OR: LOOP(chain(mix64(i + a), PAT_OR));
	case PAT_AND: LOOP(chain(mix64(i + a), PAT_AND));
	case PAT_SEQ: LOOP(i + a);
	case PAT_BYTESEQ: LOOP(((i + a) & 255) * 0x0101010101010101ULL);
	case PAT_SPREAD: LOOP((i & 1) ? ~(rotl1((unsigned)(i >> 1)) | rotl1((unsigned)(i >> 1) + 2))
				      : (rotl1((unsigned)(i >> 1)) | rotl1((unsigned)(i >> 1) + 2)));
	case PAT_BITFLIP: LOOP((i & 1) ? ~rotl1((unsigned)(i >> 1)) : rotl1((unsigned)(i >> 1)));
	case PAT_WALK: LOOP(rotl1((unsigned)(i + a)));
	default: LOOP(0);
#undef LOOP
	}
}

/* Check-then-write of one block, in address order (or reverse). */
static uint64_t rw_up(uint64_t *restrict p, const uint64_t *restrict e, const uint64_t *restrict w,
			uint64_t *restrict save)
{
	const size_t n = BLOCK_WORDS;
	uint64_t acc = 0;
	for (size_t j = 0; j < n; j++) {
		const uint64_t v = p[j];
		save[j] = v;
		acc |= v ^ e[j];
		p[j] = w[j];
	}
	return acc;
}

static uint64_t rw_down(uint64_t *restrict p, const uint64_t *restrict e, const uint64_t *restrict w,
			uint64_t *restrict save)
{
	const size_t n = BLOCK_WORDS;
	uint64_t acc = 0;
	for (size_t j = n; j-- > 0;) {
		const uint64_t v = p[j];
		save[j] = v;
		acc |= v ^ e[j];
		p[j] = w[j];
	}
	return acc;
}

static uint64_t r_only(const uint64_t *restrict p, const uint64_t *restrict e, uint64_t *restrict save)
{
	const size_t n = BLOCK_WORDS;
	uint64_t acc = 0;
	for (size_t j = 0; j < n; j++) {
		const uint64_t v = p[j];
		save[j] = v;
		acc |= v ^ e[j];
	}
	return acc;
}

/* Narrow stores through volatile pointers, so the compiler keeps them as
 * 8- or 16-bit writes (the point of memtester's 8/16-bit tests).  The block
 * is checked first (one vectorised pass, the block then sits in L1), then
 * written piece by piece in address order. */
static uint64_t rw_narrow(uint64_t *restrict p, const uint64_t *restrict e, const uint64_t *restrict w,
			  uint64_t *restrict save, unsigned width)
{
	const uint64_t acc = r_only(p, e, save);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (width == 8) {
		volatile uint8_t *d = (volatile uint8_t *)p;
		const uint8_t *src = (const uint8_t *)w;
		for (size_t k = 0; k < BLOCK_WORDS * 8; k++)
			d[k] = src[k];
	} else {
		volatile uint16_t *d = (volatile uint16_t *)p;
		const uint16_t *src = (const uint16_t *)w;
		for (size_t k = 0; k < BLOCK_WORDS * 4; k++)
			d[k] = src[k];
	}
#else
	for (size_t j = 0; j < BLOCK_WORDS; j++) {
		const uint64_t nv = w[j];
		if (width == 8) {
			volatile uint8_t *b = (volatile uint8_t *)&p[j];
			for (unsigned k = 0; k < 8; k++)
				b[7 - k] = (uint8_t)(nv >> (8 * k));
		} else {
			volatile uint16_t *h = (volatile uint16_t *)&p[j];
			for (unsigned k = 0; k < 4; k++)
				h[3 - k] = (uint16_t)(nv >> (16 * k));
		}
	}
#endif
	return acc;
}

static void w_only(uint64_t *restrict p, const uint64_t *restrict w)
{
	const size_t n = BLOCK_WORDS;
#if defined(__x86_64__)
	/* Non-temporal stores: no read-for-ownership of lines about to be
	 * overwritten entirely.  p and w are 16-byte aligned, n even. */
	for (size_t j = 0; j + 1 < n; j += 2)
		_mm_stream_si128((__m128i *)(void *)&p[j], _mm_load_si128((const __m128i *)(const void *)&w[j]));
#else
	memcpy(p, w, n * sizeof(*p));
#endif
}

static void record_errors(struct ram_run *run, unsigned algo, unsigned step, uint64_t i0,
			  const uint64_t *save, const uint64_t *e, size_t n)
{
	pthread_mutex_lock(&run->lock);
	for (size_t j = 0; j < n; j++) {
		if (save[j] == e[j])
			continue;
		run->error_count++;
		run->bitmask |= save[j] ^ e[j];
		if (algo < 64)
			run->errors_per_algo[algo]++;
		if (run->n_errors < run->max_errors && run->errors) {
			struct ram_error *er = &run->errors[run->n_errors++];
			er->offset = (i0 + j) * 8;
			er->vaddr = (uint64_t)(uintptr_t)&run->buf[i0 + j];
			er->expected = e[j];
			er->actual = save[j];
			er->algo = algo;
			er->step = step;
		}
	}
	pthread_mutex_unlock(&run->lock);
}

static unsigned first_check_step(const struct ram_algo *a)
{
	return a->steps[0].op == RAM_W ? 1 : 0;
}

/* 1 when the write pattern is the next link of the comparison chain after
 * the check pattern (random -> xor -> sub -> mul -> div -> or -> and, same
 * seed): the next values then come from the expected ones with a single
 * operation instead of the whole chain again. */
static int chained(const struct ram_step *st)
{
	return st->op == RAM_RW && st->check.kind >= PAT_RAND && st->check.kind < PAT_AND &&
	       st->write.kind == st->check.kind + 1 && st->write.a == st->check.a && !st->check.x && !st->write.x;
}

static void derive(uint8_t kind, const uint64_t *restrict e, uint64_t *restrict w)
{
	const size_t n = BLOCK_WORDS;
	switch (kind) {
	case PAT_XOR: for (size_t j = 0; j < n; j++) w[j] = e[j] ^ Q_XOR; break;
	case PAT_SUB: for (size_t j = 0; j < n; j++) w[j] = e[j] - Q_SUB; break;
	case PAT_MUL: for (size_t j = 0; j < n; j++) w[j] = e[j] * Q_MUL; break;
	case PAT_DIV: for (size_t j = 0; j < n; j++) w[j] = div_halves(e[j]); break;
	case PAT_OR: for (size_t j = 0; j < n; j++) w[j] = e[j] | Q_OR; break;
	default: for (size_t j = 0; j < n; j++) w[j] = e[j] & Q_AND; break;
	}
}

/* Patterns whose period divides BLOCK_WORDS are the same in every block:
 * generated once per sweep. */
static int periodic(const struct ram_pat *p)
{
	switch (p->kind) {
	case PAT_SOLID: case PAT_ALT: case PAT_BYTESEQ: case PAT_WALK: case PAT_BITFLIP: case PAT_SPREAD:
		return 1;
	default:
		return 0;
	}
}

/* Check-then-write of one block through a simulated memory (tests): the
 * same order as the fast loops. */
static uint64_t sim_block(struct ram_run *run, uint8_t op, int down, uint64_t i0, const uint64_t *e,
			  const uint64_t *w, uint64_t *save)
{
	struct ram_sim *m = run->sim;
	uint64_t acc = 0;
	for (size_t k = 0; k < BLOCK_WORDS; k++) {
		const size_t j = down ? BLOCK_WORDS - 1 - k : k;
		if (op != RAM_W) {
			save[j] = m->read(m, run->buf, i0 + j);
			acc |= save[j] ^ e[j];
		}
		if (op != RAM_R)
			m->write(m, run->buf, i0 + j, w[j]);
	}
	return acc;
}

uint64_t ram_loop_seed(uint64_t seed, unsigned loop)
{
	return mix64(seed + 0x9E3779B97F4A7C15ULL * (loop + 1));
}

/* The pattern with this loop's seed (random-kind patterns only). */
static struct ram_pat seeded(const struct ram_pat *p, uint64_t loop_seed)
{
	struct ram_pat q = *p;
	if (q.kind >= PAT_RAND && q.kind <= PAT_AND)
		q.a ^= loop_seed;
	return q;
}

/* One sweep of blocks [begin, end) (whole blocks; descending when the step
 * says so); the check/write loops it inlines are built for AVX2 and
 * AVX-512 as well (wider loads and stores, fewer instructions per byte: it
 * matters when the CPU is shared). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("default", "avx2", "arch=x86-64-v4")))
#endif
static void sweep(struct ram_run *run, unsigned ai, unsigned si, const struct ram_step *step, uint64_t seed,
		  uint64_t begin, uint64_t end, uint64_t *e, uint64_t *w, uint64_t *save)
{
	struct ram_step sst = *step;
	sst.check = seeded(&step->check, seed);
	sst.write = seeded(&step->write, seed);
	const struct ram_step *st = &sst;
	const int check_fixed = st->op != RAM_W && periodic(&st->check);
	const int write_fixed = st->op != RAM_R && periodic(&st->write);
	const int write_derived = chained(st);
	if (check_fixed)
		gen(&st->check, begin, 0, e);
	if (write_fixed)
		gen(&st->write, begin, 0, w);
	const uint64_t nblocks = (end - begin) / BLOCK_WORDS;
	uint64_t pending = 0;
	for (uint64_t b = 0; b < nblocks; b++) {
		const uint64_t blk = st->down ? nblocks - 1 - b : b;
		const uint64_t i0 = begin + blk * BLOCK_WORDS;
		const size_t n = BLOCK_WORDS;
		uint64_t *p = run->buf + i0;
		const uint64_t addr0 = (uint64_t)(uintptr_t)p;
		uint64_t acc = 0;
		if (st->op != RAM_W && !check_fixed)
			gen(&st->check, i0, addr0, e);
		if (write_derived)
			derive(st->write.kind, e, w);
		else if (st->op != RAM_R && !write_fixed)
			gen(&st->write, i0, addr0, w);
		if (run->sim) {
			acc = sim_block(run, st->op, st->down, i0, e, w, save);
		} else {
			switch (st->op) {
			case RAM_W: w_only(p, w); break;
			case RAM_RW: acc = st->down ? rw_down(p, e, w, save) : rw_up(p, e, w, save); break;
			case RAM_RW8: acc = rw_narrow(p, e, w, save, 8); break;
			case RAM_RW16: acc = rw_narrow(p, e, w, save, 16); break;
			case RAM_R: acc = r_only(p, e, save); break;
			}
		}
		if (acc)
			record_errors(run, ai, si, i0, save, e, n);
		pending += n;
		if (pending >= 64 * BLOCK_WORDS) {
			__atomic_fetch_add(&run->progress_words, pending, __ATOMIC_RELAXED);
			pending = 0;
			if (__atomic_load_n(&run->stop, __ATOMIC_RELAXED))
				return;
		}
	}
	__atomic_fetch_add(&run->progress_words, pending, __ATOMIC_RELAXED);
#if defined(__x86_64__)
	if (st->op == RAM_W)
		_mm_sfence();
#endif
}

/* Thread t's slice: whole blocks, the last thread takes the rest. */
static void slice(const struct ram_run *run, unsigned t, uint64_t *begin, uint64_t *end)
{
	const uint64_t blocks = run->words / BLOCK_WORDS;
	const uint64_t per = blocks / run->threads * BLOCK_WORDS;
	*begin = per * t;
	*end = t + 1 == run->threads ? run->words : *begin + per;
}

/* Phase ph (of RAM_PHASES) of a slice, in whole blocks. */
static void phase_range(uint64_t begin, uint64_t end, unsigned ph, uint64_t *from, uint64_t *to)
{
	const uint64_t nb = (end - begin) / BLOCK_WORDS;
	*from = begin + nb * ph / RAM_PHASES * BLOCK_WORDS;
	*to = begin + nb * (ph + 1) / RAM_PHASES * BLOCK_WORDS;
}

static void inject(struct ram_run *run, const struct ram_algo *a, unsigned ai, unsigned si, uint64_t begin,
		   uint64_t end)
{
	const struct ram_inject *inj = &run->inject;
	if (inj->enabled && (inj->algo < 0 || (unsigned)inj->algo == ai) && si == first_check_step(a) &&
	    inj->offset / 8 >= begin && inj->offset / 8 < end)
		run->buf[inj->offset / 8] ^= 1ULL << (inj->bit & 63);
}

/* Every loop, every algorithm, every step, every phase: a barrier of all
 * the workers before each phase (so a March element is complete over the
 * whole buffer before the next begins, and the phases order the threads'
 * ranges: see the header of this file). */
void ram_worker(struct ram_run *run, unsigned t)
{
	size_t n_algos;
	const struct ram_algo *profile = ram_profile(run->full, &n_algos);
	uint64_t begin, end;
	slice(run, t, &begin, &end);
	_Alignas(64) uint64_t e[BLOCK_WORDS], w[BLOCK_WORDS], save[BLOCK_WORDS];
	struct timespec ts;
	uint64_t t_algo = 0;

	for (unsigned loop = 0; loop < run->loops; loop++) {
		const uint64_t seed = ram_loop_seed(run->seed, loop);
		for (unsigned ai = 0; ai < n_algos; ai++) {
			const struct ram_algo *a = &profile[ai];
			pthread_barrier_wait(&run->barrier);
			if (t == 0) {
				clock_gettime(CLOCK_MONOTONIC, &ts);
				uint64_t now = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
				if (ai > 0 || loop > 0)
					run->algo_ns[(ai ? ai : n_algos) - 1] += now - t_algo;
				t_algo = now;
				__atomic_store_n(&run->progress_words, 0, __ATOMIC_RELAXED);
				__atomic_store_n(&run->current_loop, loop, __ATOMIC_RELEASE);
				__atomic_store_n(&run->current_algo, ai, __ATOMIC_RELEASE);
			}
			for (unsigned si = 0; si < a->n_steps; si++) {
				const struct ram_step *st = &a->steps[si];
				for (unsigned k = 0; k < RAM_PHASES; k++) {
					pthread_barrier_wait(&run->barrier);
					if (__atomic_load_n(&run->stop, __ATOMIC_RELAXED))
						continue;
					const unsigned ph = st->down ? RAM_PHASES - 1 - k : k;
					uint64_t from, to;
					phase_range(begin, end, ph, &from, &to);
					if (k == 0)
						inject(run, a, ai, si, begin, end);
					if (to > from)
						sweep(run, ai, si, st, seed, from, to, e, w, save);
				}
			}
		}
	}
	pthread_barrier_wait(&run->barrier);
	if (t == 0) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		run->algo_ns[n_algos - 1] += (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec - t_algo;
		__atomic_store_n(&run->finished, 1, __ATOMIC_RELEASE);
	}
}

void ram_sim_run(struct ram_run *run)
{
	size_t n_algos;
	const struct ram_algo *profile = ram_profile(run->full, &n_algos);
	uint64_t e[BLOCK_WORDS], w[BLOCK_WORDS], save[BLOCK_WORDS];
	const unsigned T = run->threads;
	for (unsigned loop = 0; loop < run->loops; loop++) {
		const uint64_t seed = ram_loop_seed(run->seed, loop);
		for (unsigned ai = 0; ai < n_algos; ai++) {
			const struct ram_algo *a = &profile[ai];
			for (unsigned si = 0; si < a->n_steps; si++) {
				const struct ram_step *st = &a->steps[si];
				for (unsigned t = 0; t < T; t++) {
					uint64_t b0, b1;
					slice(run, t, &b0, &b1);
					inject(run, a, ai, si, b0, b1);
				}
				for (unsigned k = 0; k < RAM_PHASES; k++) {
					const unsigned ph = st->down ? RAM_PHASES - 1 - k : k;
					uint64_t from[DIAG_SIM_MAX_THREADS], to[DIAG_SIM_MAX_THREADS], most = 0;
					for (unsigned t = 0; t < T && t < DIAG_SIM_MAX_THREADS; t++) {
						uint64_t b0, b1;
						slice(run, t, &b0, &b1);
						phase_range(b0, b1, ph, &from[t], &to[t]);
						if ((to[t] - from[t]) / BLOCK_WORDS > most)
							most = (to[t] - from[t]) / BLOCK_WORDS;
					}
					/* block x of every thread, then x + 1; for ⇓ the exact
					 * reverse of that order */
					for (uint64_t k2 = 0; k2 < most; k2++)
						for (unsigned u = 0; u < T && u < DIAG_SIM_MAX_THREADS; u++) {
							const unsigned t = st->down ? T - 1 - u : u;
							const uint64_t x = st->down ? most - 1 - k2 : k2;
							if (x >= (to[t] - from[t]) / BLOCK_WORDS)
								continue;
							const uint64_t i0 = from[t] + x * BLOCK_WORDS;
							sweep(run, ai, si, st, seed, i0, i0 + BLOCK_WORDS, e, w, save);
						}
				}
			}
		}
	}
	run->finished = 1;
}
