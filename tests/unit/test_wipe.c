/*
 * test_wipe.c — reco wipe modules: keystream at any offset (NIST SP 800-38A
 * F.5.1 vector, counter wrap, ChaCha20 continuity), fixed patterns, the
 * comparison, seed strings, the NIST SP 800-88 sampling plan, bad-range
 * bookkeeping and bisection, fault specs, journal round trip and refusals.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/util.h"
#include "wipe/wipe.h"

static void unhex(const char *h, unsigned char *out)
{
	for (size_t i = 0; h[2 * i]; i++) {
		unsigned v;
		sscanf(h + 2 * i, "%2x", &v);
		out[i] = (unsigned char)v;
	}
}

static void test_aes_vector(void **state)
{
	(void)state;
	struct wipe_pattern p = { .kind = WIPE_PASS_RANDOM, .cipher = WIPE_CIPHER_AES128_CTR };
	unhex("2b7e151628aed2a6abf7158809cf4f3c", p.key);
	unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff", p.iv);
	struct wipe_pattern_gen *g = wipe_pattern_gen_new(&p);
	assert_non_null(g);
	unsigned char ks[64], want[16];
	assert_int_equal(wipe_pattern_fill(g, ks, 64, 0), 0);
	/* keystream = ciphertext XOR plaintext of SP 800-38A F.5.1, blocks 1 and 2 */
	unhex("ec8cdf7398607cb0f2d21675ea9ea1e4", want);
	assert_memory_equal(ks, want, 16);
	unhex("362b7c3c6773516318a077d7fc5073ae", want);
	assert_memory_equal(ks + 16, want, 16);
	wipe_pattern_gen_free(g);
}

/* Generating at an offset gives the same bytes as the stream from 0. */
static void offsets_agree(enum wipe_cipher c)
{
	struct wipe_pattern p;
	assert_int_equal(wipe_pattern_new_seed(&p, c), 0);
	if (c == WIPE_CIPHER_AES128_CTR)
		memset(p.iv + 8, 0xff, 8); /* force a carry across the low 64 bits */
	struct wipe_pattern_gen *g = wipe_pattern_gen_new(&p);
	size_t n = 1 << 20;
	unsigned char *all = malloc(n), *part = malloc(n);
	assert_non_null(all);
	assert_int_equal(wipe_pattern_fill(g, all, n, 0), 0);
	uint64_t offs[] = { 64, 512, 4096, 65536 + 512, 1000000 - 1000000 % 64 };
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		size_t len = n - offs[i] < 8192 ? n - offs[i] : 8192;
		assert_int_equal(wipe_pattern_fill(g, part, len, offs[i]), 0);
		assert_memory_equal(part, all + offs[i], len);
	}
	/* the check accepts it, and flags exactly the unit that differs */
	unsigned char bad[16] = { 0 };
	memcpy(part, all + 4096, 8192);
	part[3 * 512 + 7] ^= 1;
	assert_int_equal(wipe_pattern_check(g, part, 8192, 4096, 512, bad), 1);
	assert_int_equal(bad[3], 1);
	assert_int_equal(bad[2], 0);
	memcpy(part, all + 4096, 8192);
	assert_int_equal(wipe_pattern_check(g, part, 8192, 4096, 512, NULL), 0);
	free(all);
	free(part);
	wipe_pattern_gen_free(g);
}

static void test_keystream_offsets(void **state)
{
	(void)state;
	offsets_agree(WIPE_CIPHER_AES128_CTR);
	offsets_agree(WIPE_CIPHER_CHACHA20);
}

static void test_counter_wrap(void **state)
{
	(void)state;
	struct wipe_pattern p = { .kind = WIPE_PASS_RANDOM, .cipher = WIPE_CIPHER_AES128_CTR };
	memset(p.iv, 0xff, 16);
	struct wipe_pattern_gen *g = wipe_pattern_gen_new(&p);
	unsigned char a[32], b[16];
	assert_int_equal(wipe_pattern_fill(g, a, 32, 0), 0);
	/* the block after all-ones is counter 0 */
	struct wipe_pattern z = p;
	memset(z.iv, 0, 16);
	struct wipe_pattern_gen *gz = wipe_pattern_gen_new(&z);
	assert_int_equal(wipe_pattern_fill(gz, b, 16, 0), 0);
	assert_memory_equal(a + 16, b, 16);
	wipe_pattern_gen_free(g);
	wipe_pattern_gen_free(gz);
}

static void test_fixed_patterns(void **state)
{
	(void)state;
	struct wipe_pattern p = { .kind = WIPE_PASS_BYTES, .bytes = { 0x92, 0x49, 0x24 }, .len = 3 };
	struct wipe_pattern_gen *g = wipe_pattern_gen_new(&p);
	unsigned char buf[1024];
	assert_int_equal(wipe_pattern_fill(g, buf, sizeof(buf), 512), 0);
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], p.bytes[(512 + i) % 3]);
	assert_int_equal(wipe_pattern_check(g, buf, sizeof(buf), 512, 512, NULL), 0);
	assert_int_equal(wipe_pattern_check(g, buf, sizeof(buf), 1024, 512, NULL), 2);
	wipe_pattern_gen_free(g);
	assert_string_equal(wipe_pattern_name(&p), "fixed");
}

static void test_seed_string(void **state)
{
	(void)state;
	struct wipe_pattern p, q;
	char s[160];
	assert_int_equal(wipe_pattern_new_seed(&p, WIPE_CIPHER_AES128_CTR), 0);
	wipe_pattern_seed_string(&p, s, sizeof(s));
	assert_int_equal(strncmp(s, "aes-128-ctr:", 12), 0);
	assert_int_equal(wipe_pattern_seed_parse(s, &q), 0);
	assert_memory_equal(p.key, q.key, 16);
	assert_memory_equal(p.iv, q.iv, 16);
	assert_int_equal(wipe_pattern_seed_parse("aes-128-ctr:00:11", &q), -EINVAL);
	assert_int_equal(wipe_pattern_seed_parse("rot13:00", &q), -EINVAL);
	assert_int_equal(wipe_pattern_seed_parse("aes-128-ctr:zz2e4bb1e4cd044e2a9207732a6df6c:938205c2f6b15d95585eda84a21f6320", &q),
			 -EINVAL);
}

static void check_plan(uint64_t size, unsigned permille, uint64_t seed)
{
	struct wipe_sample_plan p;
	assert_int_equal(wipe_sample_plan_build(&p, size, 512, permille, seed), 0);
	uint64_t nblocks = (size + p.block - 1) / p.block;
	assert_true(p.subsections == (nblocks < 1000 ? nblocks : 1000));
	assert_true(p.n > 0);
	assert_int_equal(p.v[0].off, 0);                                    /* first block */
	assert_true(p.v[p.n - 1].off + p.v[p.n - 1].len == size);           /* last block */
	uint64_t sum = 0;
	for (size_t i = 0; i < p.n; i++) {
		sum += p.v[i].len;
		assert_true(p.v[i].len > 0 && p.v[i].len <= (1u << 20));
		if (i)
			assert_true(p.v[i - 1].off + p.v[i - 1].len <= p.v[i].off);
	}
	assert_int_equal(sum, p.bytes);
	assert_true(p.bytes * 1000 >= (uint64_t)permille * size - p.block * 1000); /* coverage reached */
	/* every subsection holds at least one sample */
	for (uint64_t s = 0; s < p.subsections; s++) {
		uint64_t lo = s * nblocks / p.subsections * p.block, hi = (s + 1) * nblocks / p.subsections * p.block;
		int found = 0;
		for (size_t i = 0; i < p.n && !found; i++)
			found = p.v[i].off < hi && p.v[i].off + p.v[i].len > lo;
		assert_true(found);
	}
	/* deterministic for a seed */
	struct wipe_sample_plan q;
	assert_int_equal(wipe_sample_plan_build(&q, size, 512, permille, seed), 0);
	assert_int_equal(q.n, p.n);
	assert_memory_equal(q.v, p.v, p.n * sizeof(p.v[0]));
	wipe_sample_plan_release(&q);
	wipe_sample_plan_release(&p);
}

static void test_sample_plan(void **state)
{
	(void)state;
	check_plan(2ull << 30, 10, 1);
	check_plan(2ull << 30, 100, 2);
	check_plan(256ull << 20, 5, 3);
	check_plan(8ull << 20, 100, 4);      /* fewer blocks than 1000 * 16 */
	check_plan(1ull << 20, 1000, 5);     /* under 1000 blocks: subsections = blocks */
	check_plan((1ull << 30) + 4096 * 3, 10, 6);
	struct wipe_sample_plan p;
	assert_int_equal(wipe_sample_plan_build(&p, 1 << 20, 512, 0, 1), -EINVAL);
	assert_int_equal(wipe_sample_plan_build(&p, 1 << 20, 512, 1001, 1), -EINVAL);
	/* different seeds give different locations */
	struct wipe_sample_plan a, b;
	wipe_sample_plan_build(&a, 2ull << 30, 512, 10, 7);
	wipe_sample_plan_build(&b, 2ull << 30, 512, 10, 8);
	assert_true(a.n != b.n || memcmp(a.v, b.v, a.n * sizeof(a.v[0])) != 0);
	wipe_sample_plan_release(&a);
	wipe_sample_plan_release(&b);
}

static void test_ranges(void **state)
{
	(void)state;
	struct wipe_ranges r;
	wipe_ranges_init(&r);
	wipe_ranges_add(&r, WIPE_OP_WRITE, 10, 2);
	wipe_ranges_add(&r, WIPE_OP_WRITE, 12, 1);  /* touches: merged */
	wipe_ranges_add(&r, WIPE_OP_READ, 12, 1);   /* another op: separate */
	wipe_ranges_add(&r, WIPE_OP_WRITE, 100, 1);
	wipe_ranges_add(&r, WIPE_OP_WRITE, 5, 5);   /* touches 10: merged */
	assert_int_equal(r.n, 3);
	assert_int_equal(r.v[0].first, 5);
	assert_int_equal(r.v[0].count, 8);
	assert_int_equal(wipe_ranges_total(&r, WIPE_OP_WRITE), 9);
	assert_int_equal(wipe_ranges_total(&r, -1), 10);
	wipe_ranges_release(&r);
}

struct fake_disk {
	uint64_t bad[8];
	int nbad;
	int calls;
};

static int fake_io(void *ctx, unsigned char *buf, size_t len, uint64_t off)
{
	struct fake_disk *d = ctx;
	(void)buf;
	d->calls++;
	for (int i = 0; i < d->nbad; i++)
		if (d->bad[i] >= off / 512 && d->bad[i] < (off + len) / 512)
			return -EIO;
	return 0;
}

static void test_bisect(void **state)
{
	(void)state;
	static unsigned char buf[1 << 20];
	struct fake_disk d = { { 2048 + 7, 2048 + 8, 2048 + 1000, 2048 + 2047 }, 4, 0 };
	struct wipe_ranges r;
	wipe_ranges_init(&r);
	uint64_t n = wipe_badblocks_io(fake_io, &d, buf, 1 << 20, 2048 * 512, 512, &r, WIPE_OP_WRITE);
	assert_int_equal(n, 4);
	assert_int_equal(r.n, 3);
	assert_int_equal(r.v[0].first, 2048 + 7);
	assert_int_equal(r.v[0].count, 2);
	assert_int_equal(r.v[1].first, 2048 + 1000);
	assert_int_equal(r.v[2].first, 2048 + 2047);
	assert_true(d.calls < 200); /* bisection, not a sector-by-sector crawl */
	/* a clean range: one call, nothing recorded */
	struct fake_disk ok = { { 0 }, 0, 0 };
	assert_int_equal(wipe_badblocks_io(fake_io, &ok, buf, 4096, 0, 512, &r, WIPE_OP_READ), 0);
	assert_int_equal(ok.calls, 1);
	wipe_ranges_release(&r);
}

static void test_faults(void **state)
{
	(void)state;
	assert_int_equal(wipe_faults_parse("write:100+3,read:7"), 0);
	assert_true(wipe_faults_active());
	assert_true(wipe_faults_hit(WIPE_OP_WRITE, 102 * 512, 512, 512));
	assert_false(wipe_faults_hit(WIPE_OP_WRITE, 103 * 512, 512, 512));
	assert_false(wipe_faults_hit(WIPE_OP_READ, 100 * 512, 512, 512));
	assert_true(wipe_faults_hit(WIPE_OP_READ, 0, 4096, 512));
	assert_int_equal(wipe_faults_parse("erase:1"), -EINVAL);
	assert_int_equal(wipe_faults_parse("write:x"), -EINVAL);
	assert_int_equal(wipe_faults_parse("write:1+0"), -EINVAL);
	assert_false(wipe_faults_active());
	assert_int_equal(wipe_faults_parse(""), 0);
}

static void test_journal_roundtrip(void **state)
{
	(void)state;
	struct wipe_journal j = { 0 }, k;
	snprintf(j.path, sizeof(j.path), "/dev/loop7");
	snprintf(j.serial, sizeof(j.serial), "S3Z1234");
	snprintf(j.method, sizeof(j.method), "dod3");
	snprintf(j.started, sizeof(j.started), "2026-11-28T18:00:00Z");
	j.size = 1 << 30;
	j.npasses = 3;
	j.pass = 2;
	j.phase = WIPE_PHASE_VERIFY;
	j.offset = 123 << 20;
	j.io_size = 1 << 20;
	j.verify = WIPE_VERIFY_SAMPLE;
	j.sample_permille = 100;
	j.sample_seed = 42;
	j.bytes_written = 3ull << 30;
	j.hist[0] = 5;
	j.hist[5] = 1;
	j.pats[0].kind = j.pats[1].kind = WIPE_PASS_BYTES;
	assert_int_equal(wipe_pattern_new_seed(&j.pats[2], WIPE_CIPHER_AES128_CTR), 0);
	struct wipe_range bad[2] = { { 10, 2, WIPE_OP_WRITE }, { 99, 1, WIPE_OP_MISMATCH } };
	j.bad = bad;
	j.nbad = 2;
	char *s = wipe_journal_format(&j);
	assert_non_null(s);
	assert_int_equal(wipe_journal_parse(s, strlen(s), &k), 0);
	assert_string_equal(k.path, "/dev/loop7");
	assert_string_equal(k.method, "dod3");
	assert_int_equal(k.pass, 2);
	assert_int_equal(k.phase, WIPE_PHASE_VERIFY);
	assert_int_equal(k.offset, 123 << 20);
	assert_int_equal(k.sample_seed, 42);
	assert_int_equal(k.hist[5], 1);
	assert_memory_equal(k.pats[2].key, j.pats[2].key, 16);
	assert_int_equal(k.nbad, 2);
	assert_int_equal(k.bad[1].op, WIPE_OP_MISMATCH);
	wipe_journal_release(&k);

	/* malformed: every one of these is refused */
	const char *badj[] = {
		"", "reco-wipe-journal/2\n", "reco-wipe-journal/1\npath=/x\n",
		"reco-wipe-journal/1\npath=/x\nsize=10\nmethod=zero\nnpasses=1\npass=1\nphase=write\noffset=0\nio_size=512\n",
		"reco-wipe-journal/1\npath=/x\nsize=10\nmethod=zero\nnpasses=1\npass=0\nphase=write\noffset=11\nio_size=512\n",
		"reco-wipe-journal/1\npath=/x\nsize=10\nmethod=zero\nnpasses=1\npass=0\nphase=erase\noffset=0\nio_size=512\n",
		"reco-wipe-journal/1\npath=/x\nsize=10\nmethod=zero\nnpasses=1\npass=0\nphase=write\noffset=0\nio_size=512\nbad=write:1:0\n",
		"reco-wipe-journal/1\npath=/x\nsize=-1\nmethod=zero\nnpasses=1\npass=0\nphase=write\noffset=0\nio_size=512\n",
		"reco-wipe-journal/1\npath=/x\nsize=10\nmethod=zero\nnpasses=1\npass=0\nphase=write\noffset=0\nio_size=512\nseed.0=aes-128-ctr:00\n",
		"reco-wipe-journal/1\npath=/x\nsize=10\nmethod=zero\nnpasses=1\npass=0\nphase=write\noffset=0\nio_size=512\nnoequals\n",
	};
	for (size_t i = 0; i < sizeof(badj) / sizeof(badj[0]); i++)
		assert_int_equal(wipe_journal_parse(badj[i], strlen(badj[i]), &k), -EINVAL);
	const char *good = "reco-wipe-journal/1\npath=/x\nsize=10\nmethod=zero\nnpasses=1\npass=0\nphase=write\n"
			   "offset=0\nio_size=512\nfuture_key=ignored\n";
	assert_int_equal(wipe_journal_parse(good, strlen(good), &k), 0);
	wipe_journal_release(&k);
	explicit_bzero(j.pats, sizeof(j.pats));
	free(s);
}

static void test_methods(void **state)
{
	(void)state;
	size_t n;
	const struct wipe_method *m = wipe_method_table(&n);
	assert_true(n >= 6);
	assert_int_equal(wipe_method_find("gutmann")->npasses, 35);
	assert_int_equal(wipe_method_find("dod3")->npasses, 3);
	assert_int_equal(wipe_method_find("random")->passes[0].kind, WIPE_PASS_RANDOM);
	assert_null(wipe_method_find("rot13"));
	/* an overwrite is Clear on every media, an image file included */
	struct wipe_job job;
	memset(&job, 0, sizeof(job));
	job.t.kind = WIPE_KIND_FILE;
	job.t.fd = -1;
	for (size_t i = 0; i < n; i++) {
		if (m[i].run)
			continue;
		job.s.m = &m[i];
		wipe_classify(&job);
		assert_string_equal(job.s.cls.category, "clear");
		assert_string_equal(job.s.cls.media, "image file");
		job.res.result = WIPE_RESULT_FAILED;
		assert_string_equal(wipe_achieved_category(&job), "none");
		job.res.result = WIPE_RESULT_ERASED;
		assert_string_equal(wipe_achieved_category(&job), "clear");
	}
	assert_non_null(wipe_method_find("nvme-format-crypto")->run);
}

/* wipe_decide() reads the counters, never the phase: a job that says it is
 * done but whose counters fall short of the target is not "erased". */
static void counters_job(struct wipe_job *job, int npasses, uint64_t size)
{
	memset(job, 0, sizeof(*job));
	wipe_ranges_init(&job->res.bad);
	job->t.fd = -1;
	job->t.size = size;
	job->t.lss = 512;
	job->s.m = wipe_method_find(npasses == 3 ? "dod3" : "zero");
	job->s.npasses = npasses;
	job->o.verify = WIPE_VERIFY_FULL;
	atomic_store(&job->live.phase, WIPE_PHASE_DONE);
	for (int p = 0; p < npasses; p++) {
		atomic_store(&job->res.pass_written[p], size);
		job->res.pass_flushed[p] = 1;
	}
	atomic_store(&job->res.bytes_verified, size);
}

static void test_decide_from_counters(void **state)
{
	(void)state;
	struct wipe_job job;
	counters_job(&job, 3, 1 << 20);
	wipe_decide(&job, 0);
	assert_int_equal(job.res.result, WIPE_RESULT_ERASED);

	counters_job(&job, 3, 1 << 20); /* the journal said "done", verification read nothing */
	atomic_store(&job.res.bytes_verified, 0);
	wipe_decide(&job, 0);
	assert_int_equal(job.res.result, WIPE_RESULT_FAILED);
	assert_string_equal(job.res.reason, "the verification read 0 of the 1048576 bytes it planned");

	counters_job(&job, 3, 1 << 20); /* a pass skipped at a pass boundary */
	atomic_store(&job.res.pass_written[1], 0);
	wipe_decide(&job, 0);
	assert_int_equal(job.res.result, WIPE_RESULT_FAILED);
	assert_string_equal(job.res.reason, "pass 2 of 3 wrote 0 of 1048576 bytes");

	counters_job(&job, 1, 1 << 20); /* the last flush failed */
	job.res.pass_flushed[0] = 0;
	snprintf(job.res.flush_msg, sizeof(job.res.flush_msg), "fdatasync: Input/output error");
	wipe_decide(&job, 0);
	assert_int_equal(job.res.result, WIPE_RESULT_FAILED);
	assert_non_null(strstr(job.res.reason, "could not be flushed (fdatasync: Input/output error)"));

	counters_job(&job, 1, 1 << 20); /* sampled: every planned extent, no less */
	job.o.verify = WIPE_VERIFY_SAMPLE;
	assert_int_equal(wipe_sample_plan_build(&job.s.plan, 1 << 20, 512, 100, 9), 0);
	atomic_store(&job.res.bytes_verified, job.s.plan.bytes - 4096);
	wipe_decide(&job, 0);
	assert_int_equal(job.res.result, WIPE_RESULT_FAILED);
	atomic_store(&job.res.bytes_verified, job.s.plan.bytes);
	wipe_decide(&job, 0);
	assert_int_equal(job.res.result, WIPE_RESULT_ERASED);
	wipe_sample_plan_release(&job.s.plan);

	counters_job(&job, 1, 1 << 20); /* one mismatch is enough */
	wipe_ranges_add(&job.res.bad, WIPE_OP_MISMATCH, 7, 1);
	wipe_decide(&job, 0);
	assert_int_equal(job.res.result, WIPE_RESULT_FAILED);
	wipe_ranges_release(&job.res.bad);

	counters_job(&job, 1, 1 << 20); /* stopped by a signal / by an error */
	wipe_decide(&job, 1);
	assert_int_equal(job.res.result, WIPE_RESULT_ABORTED);
	snprintf(job.res.error, sizeof(job.res.error), "disk gone");
	wipe_decide(&job, 1);
	assert_int_equal(job.res.result, WIPE_RESULT_FAILED);
	assert_string_equal(job.res.reason, "disk gone");
	wipe_ranges_release(&job.res.bad);
}

/* A prepared 3-pass job on an 8 MiB target (no device behind it). */
static void dod3_job(struct wipe_job *job, const struct wipe_opts *o)
{
	struct reco_err e = { 0 };
	memset(job, 0, sizeof(*job));
	job->t.size = 8 << 20;
	job->t.lss = 512;
	job->t.fd = -1;
	job->s.m = wipe_method_find("dod3");
	assert_int_equal(wipe_job_prepare(job, o, &e), 0);
}

/* The journal is a hint: a resumed job takes its counters clamped to the
 * restart point, and verifies again from the start. */
static void test_restore_clamps(void **state)
{
	(void)state;
	struct wipe_job job;
	struct reco_err e = { 0 };
	struct wipe_opts o = { .verify = WIPE_VERIFY_FULL, .io_size = 1 << 20, .queue_depth = 1 };
	dod3_job(&job, &o);
	struct wipe_journal j = { 0 };
	j.size = 8 << 20;
	j.npasses = 3;
	j.io_size = 1 << 20;
	j.verify = WIPE_VERIFY_FULL;
	j.pats[2] = job.s.pats[2];
	j.phase = WIPE_PHASE_WRITE;
	j.pass = 1;
	j.offset = (3 << 20) + 100;          /* not on a request boundary */
	j.written[0] = 8 << 20;
	j.written[1] = 8 << 20;              /* claims more than the offset */
	j.written[2] = 8 << 20;              /* a pass not started */
	j.flushed[0] = j.flushed[1] = 1;
	assert_int_equal(wipe_job_restore(&job, &j, &e), 0);
	assert_int_equal(job.live.start_offset, 3 << 20);
	assert_int_equal(atomic_load(&job.res.pass_written[0]), 8 << 20);
	assert_int_equal(atomic_load(&job.res.pass_written[1]), 3 << 20);
	assert_int_equal(atomic_load(&job.res.pass_written[2]), 0);
	assert_int_equal(job.res.pass_flushed[1], 0);
	wipe_job_release(&job);

	/* a journal past writing: verification again from byte 0 */
	dod3_job(&job, &o);
	j.pats[2] = job.s.pats[2];
	j.phase = WIPE_PHASE_DONE;
	j.pass = 2;
	j.offset = 8 << 20;
	j.bytes_verified = 8 << 20;
	assert_int_equal(wipe_job_restore(&job, &j, &e), 0);
	assert_int_equal(atomic_load(&job.live.phase), WIPE_PHASE_VERIFY);
	assert_int_equal(job.live.start_offset, 0);
	assert_int_equal(atomic_load(&job.res.bytes_verified), 0);
	wipe_job_release(&job);

	/* ... unless trim or a GPT changed the content: refused */
	dod3_job(&job, &o);
	j.pats[2] = job.s.pats[2];
	j.label = 1;
	assert_int_equal(wipe_job_restore(&job, &j, &e), -ESTALE);
	assert_non_null(strstr(e.msg, "can no longer be verified"));
	wipe_job_release(&job);
	explicit_bzero(j.pats, sizeof(j.pats));
}

static void test_refusal_kinds(void **state)
{
	(void)state;
	struct wipe_target t;
	struct reco_err e = { 0 };
	assert_int_equal(wipe_target_identify("/nonexistent/reco", &t, &e), WIPE_REF_MISSING);
	assert_string_equal(e.msg, "/nonexistent/reco: no such file or directory");
	assert_int_equal(wipe_target_identify("/", &t, &e), WIPE_REF_KIND);
	assert_string_equal(e.msg, "/: is a directory, not a disk or an image file");
	assert_int_equal(wipe_target_identify("/dev/null", &t, &e), WIPE_REF_KIND);
	assert_string_equal(e.msg, "/dev/null: is a character device, not a disk or an image file");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aes_vector),
		cmocka_unit_test(test_keystream_offsets),
		cmocka_unit_test(test_counter_wrap),
		cmocka_unit_test(test_fixed_patterns),
		cmocka_unit_test(test_seed_string),
		cmocka_unit_test(test_sample_plan),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_bisect),
		cmocka_unit_test(test_faults),
		cmocka_unit_test(test_journal_roundtrip),
		cmocka_unit_test(test_methods),
		cmocka_unit_test(test_refusal_kinds),
		cmocka_unit_test(test_decide_from_counters),
		cmocka_unit_test(test_restore_clamps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
