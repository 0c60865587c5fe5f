/*
 * test_lib.c — libreco basics: sizes, canonical JSON, root-prefixed reads,
 * the child-process helper, atomic writes.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/json.h"
#include "lib/proc.h"
#include "lib/sign.h"
#include "lib/sysroot.h"
#include "lib/util.h"
#include "lib/x509.h"

static void test_parse_size(void **state)
{
	(void)state;
	uint64_t v;
	assert_int_equal(reco_parse_size("512", &v), 0);
	assert_int_equal(v, 512);
	assert_int_equal(reco_parse_size("256M", &v), 0);
	assert_int_equal(v, 256ULL << 20);
	assert_int_equal(reco_parse_size("2GiB", &v), 0);
	assert_int_equal(v, 2ULL << 30);
	assert_int_equal(reco_parse_size("1GB", &v), 0);
	assert_int_equal(v, 1000000000ULL);
	assert_int_equal(reco_parse_size("1k", &v), 0);
	assert_int_equal(v, 1024);
	assert_int_equal(reco_parse_size("", &v), -EINVAL);
	assert_int_equal(reco_parse_size("-1", &v), -EINVAL);
	assert_int_equal(reco_parse_size("12X", &v), -EINVAL);
	assert_int_equal(reco_parse_size("99999999999999999999", &v), -ERANGE);
	assert_int_equal(reco_parse_size("20000000T", &v), -ERANGE);
}

static void test_canonical_json(void **state)
{
	(void)state;
	json_t *v = json_pack("{s:i,s:s,s:[i,i],s:{s:s,s:i}}", "zeta", 1, "alpha", "é",
			      "list", 2, 1, "obj", "b", "x", "a", -3);
	char *s = reco_json_canonical(v);
	assert_non_null(s);
	assert_string_equal(s, "{\"alpha\":\"é\",\"list\":[2,1],\"obj\":{\"a\":-3,\"b\":\"x\"},\"zeta\":1}");
	free(s);
	json_object_set_new(json_object_get(v, "obj"), "r", json_real(1.5));
	assert_true(reco_json_has_real(v));
	assert_null(reco_json_canonical(v));
	json_decref(v);
}

static void test_utf8_valid(void **state)
{
	(void)state;
	static const struct { const char *s; int ok; } t[] = {
		{ "", 1 }, { "plain", 1 }, { "Métropole — 🚀", 1 }, { "\xff", 0 }, { "a\xc3", 0 },
		{ "\xc0\xaf", 0 },         /* overlong '/' */
		{ "\xe0\x80\xaf", 0 },     /* overlong, 3 bytes */
		{ "\xed\xa0\x80", 0 },     /* surrogate U+D800 */
		{ "\xf4\x90\x80\x80", 0 }, /* above U+10FFFF */
		{ "\xf4\x8f\xbf\xbf", 1 }, /* U+10FFFF */
		{ "\x80", 0 }, { "\xe2\x82", 0 },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(reco_utf8_valid(t[i].s, strlen(t[i].s)), t[i].ok);
	assert_int_equal(reco_utf8_valid("a\0b", 3), 0); /* NUL inside */
}

static void test_key_create(void **state)
{
	(void)state;
	char dir[] = "/tmp/reco-unit-key.XXXXXX", key[96], pub[96];
	assert_non_null(mkdtemp(dir));
	snprintf(key, sizeof(key), "%s/k.pem", dir);
	snprintf(pub, sizeof(pub), "%s/k.pub", dir);
	struct reco_err e = { 0 };
	assert_int_equal(reco_key_create(key, pub, &e), 0);
	struct stat st;
	assert_int_equal(stat(key, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(reco_key_create(key, pub, &e), -EEXIST); /* never overwritten */
	struct reco_key *k = NULL;
	assert_int_equal(reco_key_load(key, &k, &e), 0);
	unsigned char sig[64];
	assert_int_equal(reco_key_sign(k, "abc", 3, sig), 0);
	FILE *f = fopen(pub, "r");
	assert_non_null(f);
	char pem[512];
	size_t n = fread(pem, 1, sizeof(pem), f);
	fclose(f);
	assert_int_equal(reco_sig_verify_pem(pem, n, "abc", 3, sig, 64), 1);
	assert_int_equal(reco_sig_verify_pem(pem, n, "abd", 3, sig, 64), 0);
	reco_key_free(k);
	unlink(key);
	unlink(pub);
	rmdir(dir);
}

static void test_lossy_string(void **state)
{
	(void)state;
	json_t *j = reco_json_string_lossy("ab\xff\xfe" "c");
	assert_non_null(j);
	assert_string_equal(json_string_value(j), "ab??c");
	json_decref(j);
}

static void test_sysroot_reads(void **state)
{
	(void)state;
	char dir[] = "/tmp/reco-unit-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[512];
	snprintf(path, sizeof(path), "%s/sys", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/sys/size", dir);
	FILE *f = fopen(path, "w");
	fputs("  123456\n", f);
	fclose(f);

	uint64_t v = 0;
	assert_int_equal(reco_read_u64(dir, "/sys/size", &v), 0);
	assert_int_equal(v, 123456);
	char buf[32];
	assert_int_equal(reco_read_str(dir, "/sys/size", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "  123456");
	assert_int_equal(reco_read_u64(dir, "/sys/missing", &v), -ENOENT);
	assert_int_equal(reco_read_str(dir, "/sys/size", buf, 4), -ENAMETOOLONG);
	assert_true(reco_exists(dir, "/sys/size"));
	assert_false(reco_exists(dir, "/sys/nope"));

	char *data;
	size_t len;
	assert_int_equal(reco_read_file(dir, "/sys/size", &data, &len, 4), -EFBIG);
	assert_int_equal(reco_read_file(dir, "/sys/size", &data, &len, 1024), 0);
	assert_int_equal(len, 9);
	free(data);

	snprintf(path, sizeof(path), "%s/out.json", dir);
	json_t *j = json_pack("{s:i}", "a", 1);
	assert_int_equal(reco_json_write(path, j, 1), 0);
	json_decref(j);
	assert_int_equal(reco_read_file("", path, &data, &len, 1024), 0);
	assert_string_equal(data, "{\"a\":1}");
	free(data);

	unlink(path);
	snprintf(path, sizeof(path), "%s/sys/size", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/sys", dir);
	rmdir(path);
	rmdir(dir);
}

static void test_proc_run(void **state)
{
	(void)state;
	struct reco_proc p;
	char *ok[] = { "sh", "-c", "echo out; echo err >&2; exit 3", NULL };
	assert_int_equal(reco_proc_run(ok, 5000, 1 << 20, &p), 0);
	assert_int_equal(p.status, 3);
	assert_string_equal(p.out, "out\n");
	assert_string_equal(p.err, "err\n");
	reco_proc_release(&p);

	char *missing[] = { "reco-no-such-helper", NULL };
	assert_int_equal(reco_proc_run(missing, 5000, 1 << 20, &p), -ENOENT);

	char *slow[] = { "sleep", "10", NULL };
	assert_int_equal(reco_proc_run(slow, 200, 1 << 20, &p), 0);
	assert_true(p.timed_out);
	reco_proc_release(&p);

	char *big[] = { "head", "-c", "100000", "/dev/zero", NULL };
	assert_int_equal(reco_proc_run(big, 5000, 1000, &p), 0);
	assert_int_equal(p.out_len, 1000);
	reco_proc_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test(test_canonical_json),
		cmocka_unit_test(test_lossy_string),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_key_create),
		cmocka_unit_test(test_sysroot_reads),
		cmocka_unit_test(test_proc_run),
	};
	return cmocka_run_group_tests_name("libreco", tests, NULL, NULL);
}
