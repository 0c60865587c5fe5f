/*
 * cpu_fma.c — the floating-point vector load of the CPU test: fused
 * multiply-adds on the widest vector unit the processor has (AVX-512,
 * AVX2 + FMA3, else SSE2 multiply then add), chosen at run time by cpuid,
 * so that the processor heats like under the reference stress tools (which
 * keep the FMA pipes full), and still with an answer known in advance.
 *
 * Each round runs FMA_ACC independent accumulators (enough to cover the
 * FMA latency, so the units never wait) for FMA_ITER steps of
 * acc = a * b + acc, with a and b small integers per lane: every partial
 * sum is an integer below 2^53, exactly representable, so the correctly
 * rounded FMA (and SSE2's multiply then add) must give exactly
 * start + FMA_ITER * a * b, checked lane by lane with integer arithmetic.
 * Half the accumulators add and half subtract, so the values stay small
 * whatever FMA_ITER is.
 */
#include "diag.h"

#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#define FMA_ACC 8
#define FMA_ITER 2048

/* lane l of accumulator k: start k*16 + l, a = 1 + l % 7, b = +-(k + 1) */
static int64_t expected(unsigned k, unsigned l)
{
	int64_t a = 1 + l % 7, b = (int64_t)(k + 1) * (k & 1 ? -1 : 1);
	return (int64_t)k * 16 + l + (int64_t)FMA_ITER * a * b;
}

static int check(const double *acc, unsigned lanes, int corrupt)
{
	int bad = 0;
	for (unsigned k = 0; k < FMA_ACC; k++)
		for (unsigned l = 0; l < lanes; l++) {
			double v = acc[k * lanes + l];
			if (corrupt && k == FMA_ACC - 1 && l == lanes - 1)
				v += 1.0;
			bad += v != (double)expected(k, l);
		}
	return bad;
}

static void init(double *acc, double *a, double *b, unsigned lanes)
{
	volatile double one = 1.0; /* the compiler cannot fold the rounds away */
	for (unsigned k = 0; k < FMA_ACC; k++)
		for (unsigned l = 0; l < lanes; l++) {
			acc[k * lanes + l] = (double)(k * 16 + l);
			b[k * lanes + l] = (double)(k + 1) * (k & 1 ? -1 : 1);
		}
	for (unsigned l = 0; l < lanes; l++)
		a[l] = (1 + l % 7) * one;
}

static int fma_sse2(int corrupt)
{
	double acc[FMA_ACC * 2], a[2], b[FMA_ACC * 2];
	init(acc, a, b, 2);
#if defined(__x86_64__) && defined(__GNUC__)
	__m128d va = _mm_loadu_pd(a), x[FMA_ACC], vb[FMA_ACC];
	for (int k = 0; k < FMA_ACC; k++) {
		x[k] = _mm_loadu_pd(&acc[2 * k]);
		vb[k] = _mm_loadu_pd(&b[2 * k]);
	}
	for (int i = 0; i < FMA_ITER; i++)
		for (int k = 0; k < FMA_ACC; k++)
			x[k] = _mm_add_pd(_mm_mul_pd(va, vb[k]), x[k]);
	for (int k = 0; k < FMA_ACC; k++)
		_mm_storeu_pd(&acc[2 * k], x[k]);
#else
	volatile double one = 1.0;
	for (int i = 0; i < FMA_ITER; i++)
		for (int k = 0; k < FMA_ACC * 2; k++)
			acc[k] += a[k % 2] * b[k] * one;
#endif
	return check(acc, 2, corrupt);
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2,fma"))) static int fma_avx2(int corrupt)
{
	double acc[FMA_ACC * 4], a[4], b[FMA_ACC * 4];
	init(acc, a, b, 4);
	__m256d va = _mm256_loadu_pd(a), x[FMA_ACC], vb[FMA_ACC];
	for (int k = 0; k < FMA_ACC; k++) {
		x[k] = _mm256_loadu_pd(&acc[4 * k]);
		vb[k] = _mm256_loadu_pd(&b[4 * k]);
	}
	for (int i = 0; i < FMA_ITER; i++)
		for (int k = 0; k < FMA_ACC; k++)
			x[k] = _mm256_fmadd_pd(va, vb[k], x[k]);
	for (int k = 0; k < FMA_ACC; k++)
		_mm256_storeu_pd(&acc[4 * k], x[k]);
	return check(acc, 4, corrupt);
}

__attribute__((target("avx512f"))) static int fma_avx512(int corrupt)
{
	double acc[FMA_ACC * 8], a[8], b[FMA_ACC * 8];
	init(acc, a, b, 8);
	__m512d va = _mm512_loadu_pd(a), x[FMA_ACC], vb[FMA_ACC];
	for (int k = 0; k < FMA_ACC; k++) {
		x[k] = _mm512_loadu_pd(&acc[8 * k]);
		vb[k] = _mm512_loadu_pd(&b[8 * k]);
	}
	for (int i = 0; i < FMA_ITER; i++)
		for (int k = 0; k < FMA_ACC; k++)
			x[k] = _mm512_fmadd_pd(va, vb[k], x[k]);
	for (int k = 0; k < FMA_ACC; k++)
		_mm512_storeu_pd(&acc[8 * k], x[k]);
	return check(acc, 8, corrupt);
}
#endif

int diag_fma_level(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx512f"))
		return 5;
	if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
		return 3;
#endif
	return 2;
}

const char *diag_fma_name(int level)
{
	return level == 5 ? "avx512-fma" : level == 3 ? "avx2-fma" : "sse2";
}

int diag_fma_round(int level, int corrupt)
{
#if defined(__x86_64__) && defined(__GNUC__)
	if (level == 5)
		return fma_avx512(corrupt);
	if (level == 3)
		return fma_avx2(corrupt);
#endif
	(void)level;
	return fma_sse2(corrupt);
}
