/*
 * verify.c — the sampling plan for --verify sample[=PERCENT].
 *
 * NIST SP 800-88 Rev.1, section 4.7.1 (verification of sanitization): with
 * sampling, check at least the first and last addressable blocks and
 * pseudo-random locations spread over the whole media; the plan cuts the
 * device into at least 1000 equal subsections (as many as there are sample
 * blocks when the device is smaller) and draws, in each subsection, random
 * blocks up to the requested coverage (selection sampling, Knuth vol. 2
 * algorithm S).  The draw is deterministic for a given 64-bit seed, which
 * the result records, so anyone can replay the plan.
 */
#include "wipe.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MIN_SUBSECTIONS 1000
#define MAX_EXTENT (1u << 20)

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int push(struct wipe_sample_plan *p, size_t *cap, uint64_t off, uint64_t len)
{
	if (p->n && p->v[p->n - 1].off + p->v[p->n - 1].len == off &&
	    p->v[p->n - 1].len + len <= MAX_EXTENT) {
		p->v[p->n - 1].len += len;
		p->bytes += len;
		return 0;
	}
	if (p->n == *cap) {
		size_t c = *cap ? *cap * 2 : 1024;
		struct wipe_extent *v = realloc(p->v, c * sizeof(*v));
		if (!v)
			return -ENOMEM;
		p->v = v;
		*cap = c;
	}
	p->v[p->n++] = (struct wipe_extent){ off, len };
	p->bytes += len;
	return 0;
}

int wipe_sample_plan_build(struct wipe_sample_plan *p, uint64_t size, unsigned lss, unsigned permille,
		      uint64_t seed)
{
	memset(p, 0, sizeof(*p));
	if (!size || !lss || permille == 0 || permille > 1000)
		return -EINVAL;
	p->permille = permille;
	p->seed = seed;
	/* block: a power of two between max(4 KiB, lss) and 1 MiB, about 16
	 * blocks per subsection on large devices */
	uint64_t b = 1u << 20, minb = lss > 4096 ? lss : 4096;
	while (b > minb && b > size / (MIN_SUBSECTIONS * 16))
		b >>= 1;
	if (b > size)
		b = lss;
	p->block = b;
	uint64_t nblocks = (size + b - 1) / b;
	p->subsections = nblocks < MIN_SUBSECTIONS ? nblocks : MIN_SUBSECTIONS;
	uint64_t rng = seed;
	size_t cap = 0;
	for (uint64_t s = 0; s < p->subsections; s++) {
		uint64_t lo = s * nblocks / p->subsections, hi = (s + 1) * nblocks / p->subsections;
		uint64_t nb = hi - lo, want = (nb * permille + 999) / 1000, got = 0;
		for (uint64_t j = 0; j < nb; j++) {
			uint64_t blk = lo + j;
			int take = (blk == 0 || blk == nblocks - 1);
			if (!take && got < want)
				take = splitmix(&rng) % (nb - j) < want - got;
			if (!take)
				continue;
			got++;
			uint64_t off = blk * b, len = off + b > size ? size - off : b;
			if (push(p, &cap, off, len)) {
				wipe_sample_plan_release(p);
				return -ENOMEM;
			}
		}
	}
	return 0;
}

void wipe_sample_plan_release(struct wipe_sample_plan *p)
{
	free(p->v);
	p->v = NULL;
	p->n = 0;
}
