/*
 * pattern.c — the content of every pass, addressable by byte offset.
 *
 * Fixed patterns repeat 1 or 3 bytes from offset 0 of the device.  Random
 * passes are a keystream, so any block can be regenerated for verification,
 * resume and parallel I/O without storing anything but the seed:
 *
 *   AES-128-CTR: the keystream of `openssl enc -aes-128-ctr -K KEY -iv IV`
 *   over /dev/zero.  The 16-byte block at offset o is AES_K(IV + o/16), the
 *   counter being the whole IV as a big-endian 128-bit integer (wrapping).
 *
 *   ChaCha20 (CPUs without AES instructions): the keystream of
 *   `openssl enc -chacha20 -K KEY -iv IV`; IV bytes 0..7 are a little-endian
 *   64-bit block counter (starting at 0), bytes 8..15 the nonce; the 64-byte
 *   block at offset o uses counter o/64.
 *
 * Verification regenerates the keystream in 256 KiB pieces into a scratch
 * buffer that stays in cache and compares what was read with memcmp.
 */
#include "wipe.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <openssl/evp.h>

#include "lib/util.h"

struct wipe_pattern_gen {
	struct wipe_pattern p;
	EVP_CIPHER_CTX *ctx;
	unsigned char *ref;  /* fixed patterns: 3 + size bytes of the pattern */
	size_t refsize;
};

static int cpu_has_aes(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_cpu_init();
	return __builtin_cpu_supports("aes");
#else
	return 1; /* ARMv8 crypto extensions are near universal on 64-bit boards */
#endif
}

enum wipe_cipher wipe_pattern_default_cipher(void)
{
	enum wipe_cipher c;
	const char *env = getenv("RECO_WIPE_CIPHER");
	if (env && *env && wipe_pattern_cipher_parse(env, &c) == 0)
		return c;
	return cpu_has_aes() ? WIPE_CIPHER_AES128_CTR : WIPE_CIPHER_CHACHA20;
}

const char *wipe_pattern_cipher_name(enum wipe_cipher c)
{
	return c == WIPE_CIPHER_CHACHA20 ? "chacha20" : "aes-128-ctr";
}

int wipe_pattern_cipher_parse(const char *s, enum wipe_cipher *c)
{
	if (!strcmp(s, "aes-128-ctr"))
		*c = WIPE_CIPHER_AES128_CTR;
	else if (!strcmp(s, "chacha20"))
		*c = WIPE_CIPHER_CHACHA20;
	else
		return -EINVAL;
	return 0;
}

static size_t key_len(enum wipe_cipher c)
{
	return c == WIPE_CIPHER_CHACHA20 ? 32 : 16;
}

int wipe_pattern_new_seed(struct wipe_pattern *p, enum wipe_cipher c)
{
	p->kind = WIPE_PASS_RANDOM;
	p->cipher = c;
	memset(p->key, 0, sizeof(p->key));
	memset(p->iv, 0, sizeof(p->iv));
	size_t need = key_len(c);
	if (getrandom(p->key, need, 0) != (ssize_t)need)
		return -errno ? -errno : -EIO;
	if (c == WIPE_CIPHER_CHACHA20) {
		if (getrandom(p->iv + 8, 8, 0) != 8)
			return -EIO;
	} else if (getrandom(p->iv, 16, 0) != 16) {
		return -EIO;
	}
	return 0;
}

void wipe_pattern_seed_string(const struct wipe_pattern *p, char *buf, size_t size)
{
	char k[65], iv[33];
	reco_hex(p->key, key_len(p->cipher), k);
	reco_hex(p->iv, 16, iv);
	snprintf(buf, size, "%s:%s:%s", wipe_pattern_cipher_name(p->cipher), k, iv);
}

static int unhex(const char *s, size_t n, unsigned char *out)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v = 0;
		for (int j = 0; j < 2; j++) {
			char c = s[2 * i + j];
			v <<= 4;
			if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
			else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
			else return -EINVAL;
		}
		out[i] = (unsigned char)v;
	}
	return 0;
}

int wipe_pattern_seed_parse(const char *s, struct wipe_pattern *p)
{
	char name[16];
	const char *c1 = strchr(s, ':');
	if (!c1 || (size_t)(c1 - s) >= sizeof(name))
		return -EINVAL;
	memcpy(name, s, (size_t)(c1 - s));
	name[c1 - s] = '\0';
	memset(p, 0, sizeof(*p));
	p->kind = WIPE_PASS_RANDOM;
	if (wipe_pattern_cipher_parse(name, &p->cipher))
		return -EINVAL;
	size_t kl = key_len(p->cipher);
	const char *k = c1 + 1;
	if (strlen(k) != 2 * kl + 1 + 32 || k[2 * kl] != ':')
		return -EINVAL;
	if (unhex(k, kl, p->key) || unhex(k + 2 * kl + 1, 16, p->iv))
		return -EINVAL;
	return 0;
}

const char *wipe_pattern_name(const struct wipe_pattern *p)
{
	if (p->kind == WIPE_PASS_RANDOM)
		return "random";
	if (p->len == 1 && p->bytes[0] == 0x00)
		return "zero";
	if (p->len == 1 && p->bytes[0] == 0xff)
		return "one";
	return "fixed";
}

struct wipe_pattern_gen *wipe_pattern_gen_new(const struct wipe_pattern *p)
{
	struct wipe_pattern_gen *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->p = *p;
	if (p->kind == WIPE_PASS_RANDOM) {
		const EVP_CIPHER *ci = p->cipher == WIPE_CIPHER_CHACHA20 ? EVP_chacha20() : EVP_aes_128_ctr();
		g->ctx = EVP_CIPHER_CTX_new();
		if (!g->ctx || !EVP_EncryptInit_ex(g->ctx, ci, NULL, p->key, p->iv)) {
			wipe_pattern_gen_free(g);
			return NULL;
		}
	}
	return g;
}

void wipe_pattern_gen_free(struct wipe_pattern_gen *g)
{
	if (!g)
		return;
	EVP_CIPHER_CTX_free(g->ctx);
	free(g->ref);
	explicit_bzero(&g->p, sizeof(g->p));
	free(g);
}

static int ref_ensure(struct wipe_pattern_gen *g, size_t len)
{
	if (g->refsize >= len + 3)
		return 0;
	unsigned char *r = realloc(g->ref, len + 3);
	if (!r)
		return -ENOMEM;
	g->ref = r;
	g->refsize = len + 3;
	for (size_t i = 0; i < g->refsize; i++)
		r[i] = g->p.bytes[i % (size_t)g->p.len];
	return 0;
}

/* IV for the keystream starting at offset off. */
static void iv_at(const struct wipe_pattern *p, uint64_t off, unsigned char iv[16])
{
	memcpy(iv, p->iv, 16);
	if (p->cipher == WIPE_CIPHER_CHACHA20) {
		uint64_t ctr = 0;
		for (int i = 7; i >= 0; i--)
			ctr = (ctr << 8) | iv[i];
		ctr += off / 64;
		for (int i = 0; i < 8; i++)
			iv[i] = (unsigned char)(ctr >> (8 * i));
		return;
	}
	uint64_t add = off / 16;
	for (int i = 15; i >= 0 && add; i--) {
		uint64_t s = (uint64_t)iv[i] + (add & 0xff);
		iv[i] = (unsigned char)s;
		add = (add >> 8) + (s >> 8);
	}
}

/* Zeros to encrypt from: the keystream is AES/ChaCha20 over zeros, and
 * reading a small cached buffer is cheaper than clearing the output. */
#define ZERO_CHUNK (256u << 10)
static const unsigned char zeros[ZERO_CHUNK];

/* out = in XOR keystream at off; in == NULL means zeros (the keystream). */
static int keystream(struct wipe_pattern_gen *g, unsigned char *out, const unsigned char *in, size_t len,
		     uint64_t off)
{
	unsigned char iv[16];
	iv_at(&g->p, off, iv);
	if (!EVP_EncryptInit_ex(g->ctx, NULL, NULL, NULL, iv))
		return -EIO;
	while (len) {
		size_t lim = in ? (1u << 30) : ZERO_CHUNK;
		int n = len > lim ? (int)lim : (int)len, o = 0;
		if (!EVP_EncryptUpdate(g->ctx, out, &o, in ? in : zeros, n) || o != n)
			return -EIO;
		out += n;
		if (in)
			in += n;
		len -= (size_t)n;
	}
	return 0;
}

int wipe_pattern_fill(struct wipe_pattern_gen *g, unsigned char *buf, size_t len, uint64_t off)
{
	if (g->p.kind == WIPE_PASS_RANDOM) {
		return keystream(g, buf, NULL, len, off);
	}
	if (g->p.len == 1) {
		memset(buf, g->p.bytes[0], len);
		return 0;
	}
	if (ref_ensure(g, len))
		return -ENOMEM;
	memcpy(buf, g->ref + off % (uint64_t)g->p.len, len);
	return 0;
}

/* Compares n bytes of buf with ref, unit by unit, from unit index u0. */
static long mark_units(const unsigned char *buf, const unsigned char *ref, size_t n, size_t unit,
		       size_t u0, unsigned char *bad)
{
	long nbad = 0;
	for (size_t i = 0, u = u0; i < n; i += unit, u++) {
		size_t k = n - i < unit ? n - i : unit;
		if (memcmp(buf + i, ref + i, k) != 0) {
			nbad++;
			if (bad)
				bad[u] = 1;
		}
	}
	return nbad;
}

long wipe_pattern_check(struct wipe_pattern_gen *g, unsigned char *buf, size_t len, uint64_t off,
		   size_t unit, unsigned char *bad)
{
	if (g->p.kind == WIPE_PASS_RANDOM) {
		/* the keystream goes into a small scratch buffer that stays in
		 * cache, and the data read is scanned once by memcmp */
		if (!g->ref) {
			g->ref = malloc(ZERO_CHUNK);
			if (!g->ref)
				return -ENOMEM;
			g->refsize = ZERO_CHUNK;
		}
		unsigned char iv[16];
		iv_at(&g->p, off, iv);
		if (!EVP_EncryptInit_ex(g->ctx, NULL, NULL, NULL, iv))
			return -EIO;
		long nbad = 0;
		for (size_t i = 0; i < len; i += ZERO_CHUNK) {
			size_t n = len - i < ZERO_CHUNK ? len - i : ZERO_CHUNK;
			int o = 0;
			if (!EVP_EncryptUpdate(g->ctx, g->ref, &o, zeros, (int)n) || o != (int)n)
				return -EIO;
			if (memcmp(buf + i, g->ref, n) != 0)
				nbad += mark_units(buf + i, g->ref, n, unit, i / unit, bad);
		}
		return nbad;
	}
	if (ref_ensure(g, len))
		return -ENOMEM;
	const unsigned char *ref = g->ref + off % (uint64_t)g->p.len;
	if (memcmp(buf, ref, len) == 0)
		return 0;
	return mark_units(buf, ref, len, unit, 0, bad);
}
