/*
 * badblocks.c — bad LBA ranges and the retry-then-bisect search that finds
 * them.  nwipe skips a whole request on error; we locate each failing logical
 * block, record it and carry on with the rest of the device.
 */
#include "wipe.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void wipe_ranges_init(struct wipe_ranges *r)
{
	memset(r, 0, sizeof(*r));
	pthread_mutex_init(&r->lock, NULL);
}

void wipe_ranges_release(struct wipe_ranges *r)
{
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
	pthread_mutex_destroy(&r->lock);
}

const char *wipe_ranges_op_name(enum wipe_op op)
{
	switch (op) {
	case WIPE_OP_WRITE: return "write";
	case WIPE_OP_READ: return "read";
	default: return "mismatch";
	}
}

int wipe_ranges_add(struct wipe_ranges *r, enum wipe_op op, uint64_t first, uint64_t count)
{
	if (!count)
		return 0;
	pthread_mutex_lock(&r->lock);
	int rc = 0;
	/* merge with every range of the same op that touches [first, end) */
	uint64_t end = first + count;
	size_t i = 0;
	while (i < r->n) {
		struct wipe_range *x = &r->v[i];
		if (x->op == op && x->first <= end && first <= x->first + x->count) {
			uint64_t xe = x->first + x->count;
			first = x->first < first ? x->first : first;
			end = xe > end ? xe : end;
			memmove(x, x + 1, (r->n - i - 1) * sizeof(*x));
			r->n--;
			continue;
		}
		i++;
	}
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		struct wipe_range *v = realloc(r->v, cap * sizeof(*v));
		if (!v) {
			rc = -ENOMEM;
			goto out;
		}
		r->v = v;
		r->cap = cap;
	}
	/* keep sorted by (first, op) */
	for (i = 0; i < r->n && (r->v[i].first < first || (r->v[i].first == first && r->v[i].op < op)); i++)
		;
	memmove(&r->v[i + 1], &r->v[i], (r->n - i) * sizeof(r->v[0]));
	r->v[i] = (struct wipe_range){ first, end - first, op };
	r->n++;
out:
	pthread_mutex_unlock(&r->lock);
	return rc;
}

uint64_t wipe_ranges_total(struct wipe_ranges *r, int op)
{
	uint64_t t = 0;
	pthread_mutex_lock(&r->lock);
	for (size_t i = 0; i < r->n; i++)
		if (op < 0 || (int)r->v[i].op == op)
			t += r->v[i].count;
	pthread_mutex_unlock(&r->lock);
	return t;
}

static uint64_t bisect(wipe_io_fn io, void *ctx, unsigned char *buf, size_t len, uint64_t off,
		       unsigned lss, struct wipe_ranges *r, enum wipe_op op)
{
	if (len <= lss) {
		/* one logical block: a last retry, then it is bad */
		if (io(ctx, buf, len, off) == 0 || io(ctx, buf, len, off) == 0)
			return 0;
		wipe_ranges_add(r, op, off / lss, 1);
		return 1;
	}
	size_t half = (len / 2 / lss) * lss;
	if (!half)
		half = lss;
	uint64_t bad = 0;
	if (io(ctx, buf, half, off) != 0)
		bad += bisect(io, ctx, buf, half, off, lss, r, op);
	if (io(ctx, buf + half, len - half, off + half) != 0)
		bad += bisect(io, ctx, buf + half, len - half, off + half, lss, r, op);
	return bad;
}

uint64_t wipe_badblocks_io(wipe_io_fn io, void *ctx, unsigned char *buf, size_t len, uint64_t off,
		      unsigned lss, struct wipe_ranges *r, enum wipe_op op)
{
	if (io(ctx, buf, len, off) == 0)
		return 0;
	if (io(ctx, buf, len, off) == 0) /* retry once */
		return 0;
	return bisect(io, ctx, buf, len, off, lss, r, op);
}
