/*
 * test_report.c — libreco's report signing and verification (lib/sign.h,
 * lib/x509.h) and the seal of tools/report, without the CLI.
 */
#include <errno.h>
#include <limits.h>
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
#include <jansson.h>

#include "lib/sign.h"
#include "lib/sysroot.h"
#include "lib/util.h"
#include "lib/x509.h"
#include "report/report.h"

static char tmp[64];

static void pathf(char *buf, const char *name)
{
	if (snprintf(buf, PATH_MAX, "%s/%s", tmp, name) >= PATH_MAX)
		abort();
}

static void write_text(const char *name, const char *text)
{
	char p[PATH_MAX];
	pathf(p, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void read_all(const char *name, unsigned char **buf, size_t *len)
{
	char p[PATH_MAX];
	pathf(p, name);
	assert_int_equal(reco_read_file(NULL, p, (char **)buf, len, 1 << 24), 0);
}

/* CA "ca", stations "st" (good), "old" (valid only in 2020), other CA
 * "ca2" with station "st2"; session "s" sealed by "st". */
static int setup(void **state)
{
	(void)state;
	char p[PATH_MAX], q[PATH_MAX], out[PATH_MAX], serial[80];
	struct reco_err e = { 0 };
	snprintf(tmp, sizeof(tmp), "/tmp/reco-unit-report.XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	pathf(p, "ca");
	if (reco_ca_init(p, "Test CA", 365, 0, &e))
		return -1;
	pathf(p, "ca2");
	if (reco_ca_init(p, "Other CA", 365, 0, &e))
		return -1;
	const char *stations[][2] = { { "st", "ca" }, { "old", "ca" }, { "st2", "ca2" } };
	for (int i = 0; i < 3; i++) {
		pathf(p, stations[i][0]);
		if (reco_station_init(p, stations[i][0], NULL, &e))
			return -1;
		struct reco_validity v = { .days = 30 };
		if (strcmp(stations[i][0], "old") == 0) {
			reco_parse_rfc3339("2020-01-01T00:00:00Z", &v.not_before);
			reco_parse_rfc3339("2021-01-01T00:00:00Z", &v.not_after);
		}
		if (snprintf(q, sizeof(q), "%s/station.csr", p) >= (int)sizeof(q) ||
		    snprintf(out, sizeof(out), "%s/station.pem", p) >= (int)sizeof(out))
			return -1;
		pathf(p, stations[i][1]);
		if (reco_ca_certify(p, q, &v, out, serial, sizeof(serial), &e))
			return -1;
	}
	pathf(p, "s");
	mkdir(p, 0755);
	write_text("s/wipe.json",
		   "{\"schema\":\"reco-wipe/1\",\"targets\":[{\"path\":\"/dev/sda\",\"serial\":\"X1\","
		   "\"method\":\"zero\",\"result\":\"erased\",\"resumed\":false}]}\n");
	write_text("s/diag.json", "{\"schema\":\"reco-diag/1\",\"parts\":[],\"grade\":\"A\"}");
	pathf(p, "st/station.key");
	pathf(q, "st/station.pem");
	char sess[PATH_MAX];
	pathf(sess, "s");
	struct seal_opts o = { .session = sess, .key = p, .cert = q, .operator_ = "t" };
	struct seal_result r;
	return report_seal(&o, &r, &e);
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp);
	return system(cmd) == 0 ? 0 : -1;
}

struct bundle {
	unsigned char *rep, *sig, *cert;
	size_t rlen, slen, clen;
	char ca[PATH_MAX], crl[PATH_MAX];
};

static void load(struct bundle *b, const char *dir, const char *ca)
{
	char n[PATH_MAX];
	snprintf(n, sizeof(n), "%s/report.json", dir);
	read_all(n, &b->rep, &b->rlen);
	snprintf(n, sizeof(n), "%s/report.json.sig", dir);
	read_all(n, &b->sig, &b->slen);
	snprintf(n, sizeof(n), "%s/station.pem", dir);
	read_all(n, &b->cert, &b->clen);
	snprintf(n, sizeof(n), "%s/ca.pem", ca);
	pathf(b->ca, n);
	snprintf(n, sizeof(n), "%s/crl.pem", ca);
	pathf(b->crl, n);
}

static void unload(struct bundle *b)
{
	free(b->rep);
	free(b->sig);
	free(b->cert);
}

static enum reco_verify_status check(struct bundle *b, const unsigned char *rep, size_t rlen,
				     const unsigned char *sig, size_t slen)
{
	struct reco_verify v;
	assert_int_equal(reco_report_verify_mem(rep, rlen, sig, slen, (const char *)b->cert, b->clen,
						b->ca, b->crl, &v), 0);
	return v.status;
}

static void test_round_trip(void **state)
{
	(void)state;
	struct bundle b;
	load(&b, "s", "ca");
	struct reco_verify v;
	assert_int_equal(reco_report_verify_mem(b.rep, b.rlen, b.sig, b.slen, (const char *)b.cert,
						b.clen, b.ca, b.crl, &v), 0);
	assert_int_equal(v.status, RECO_VERIFY_OK);
	assert_string_equal(v.station, "st");
	assert_int_equal(strlen(v.cert_sha256), 64);
	char h[65];
	reco_sha256_hex(b.rep, b.rlen, h);
	assert_string_equal(v.report_sha256, h);
	char p[PATH_MAX];
	pathf(p, "s/report.json");
	assert_int_equal(reco_report_verify_files(p, b.ca, NULL, &v), 0);
	assert_int_equal(v.status, RECO_VERIFY_OK);
	assert_string_equal(reco_verify_status_name(v.status), "ok");
	unload(&b);
}

static void test_every_byte_flipped(void **state)
{
	(void)state;
	struct bundle b;
	load(&b, "s", "ca");
	unsigned char *copy = malloc(b.rlen);
	for (size_t i = 0; i < b.rlen; i++) {
		memcpy(copy, b.rep, b.rlen);
		copy[i] ^= 0x01;
		assert_int_equal(check(&b, copy, b.rlen, b.sig, b.slen), RECO_VERIFY_BAD_SIGNATURE);
	}
	for (size_t i = 0; i < 64; i++) {
		unsigned char s[64];
		memcpy(s, b.sig, 64);
		s[i] ^= 0x80;
		assert_int_equal(check(&b, b.rep, b.rlen, s, 64), RECO_VERIFY_BAD_SIGNATURE);
	}
	free(copy);
	unload(&b);
}

static void test_truncated_and_garbage(void **state)
{
	(void)state;
	struct bundle b;
	load(&b, "s", "ca");
	for (size_t n = 0; n < b.rlen; n++)
		assert_int_not_equal(check(&b, b.rep, n, b.sig, b.slen), RECO_VERIFY_OK);
	assert_int_equal(check(&b, b.rep, b.rlen, b.sig, 63), RECO_VERIFY_MALFORMED);
	assert_int_equal(check(&b, b.rep, b.rlen, b.sig, 0), RECO_VERIFY_MALFORMED);
	assert_int_equal(check(&b, b.rep, b.rlen, NULL, 0), RECO_VERIFY_MALFORMED);
	struct reco_verify v;
	assert_int_equal(reco_report_verify_mem(b.rep, b.rlen, b.sig, b.slen, "garbage", 7, b.ca,
						NULL, &v), 0);
	assert_int_equal(v.status, RECO_VERIFY_MALFORMED);
	assert_int_equal(reco_report_verify_mem(b.rep, b.rlen, b.sig, b.slen, (const char *)b.cert,
						b.clen / 2, b.ca, NULL, &v), 0);
	assert_int_equal(v.status, RECO_VERIFY_MALFORMED);
	assert_int_equal(reco_report_verify_mem(b.rep, b.rlen, b.sig, b.slen, (const char *)b.cert,
						b.clen, "/nonexistent/ca.pem", NULL, &v), -ENOENT);
	unload(&b);
}

static void test_other_station_and_ca(void **state)
{
	(void)state;
	struct bundle b;
	load(&b, "s", "ca");
	/* st2's certificate (another CA) with st's signature: bad signature */
	unsigned char *c2;
	size_t c2len;
	read_all("st2/station.pem", &c2, &c2len);
	struct reco_verify v;
	assert_int_equal(reco_report_verify_mem(b.rep, b.rlen, b.sig, b.slen, (const char *)c2, c2len,
						b.ca, NULL, &v), 0);
	assert_int_equal(v.status, RECO_VERIFY_BAD_SIGNATURE);
	/* a report sealed by st2, checked against ca: unknown CA */
	char p[PATH_MAX], q[PATH_MAX], sess[PATH_MAX];
	pathf(sess, "s2");
	mkdir(sess, 0755);
	write_text("s2/diag.json", "{\"schema\":\"reco-diag/1\",\"parts\":[]}");
	pathf(p, "st2/station.key");
	pathf(q, "st2/station.pem");
	struct seal_opts o = { .session = sess, .key = p, .cert = q };
	struct seal_result r;
	struct reco_err e = { 0 };
	assert_int_equal(report_seal(&o, &r, &e), 0);
	pathf(p, "s2/report.json");
	assert_int_equal(reco_report_verify_files(p, b.ca, NULL, &v), 0);
	assert_int_equal(v.status, RECO_VERIFY_UNKNOWN_CA);
	free(c2);
	unload(&b);
}

static void test_expired_and_revoked(void **state)
{
	(void)state;
	char p[PATH_MAX], q[PATH_MAX], sess[PATH_MAX], ca[PATH_MAX], crl[PATH_MAX];
	struct reco_err e = { 0 };
	struct reco_verify v;
	pathf(sess, "s3");
	mkdir(sess, 0755);
	write_text("s3/diag.json", "{\"schema\":\"reco-diag/1\",\"parts\":[]}");
	pathf(p, "old/station.key");
	pathf(q, "old/station.pem");
	struct seal_opts o = { .session = sess, .key = p, .cert = q };
	struct seal_result r;
	assert_int_equal(report_seal(&o, &r, &e), 0);
	assert_true(r.cert_not_valid_now);
	pathf(p, "s3/report.json");
	pathf(ca, "ca/ca.pem");
	assert_int_equal(reco_report_verify_files(p, ca, NULL, &v), 0);
	assert_int_equal(v.status, RECO_VERIFY_EXPIRED);

	/* revoke st: the first report now fails with the CRL, passes without */
	pathf(q, "ca");
	pathf(p, "st/station.pem");
	assert_int_equal(reco_ca_revoke(q, p, 30, &e), 0);
	assert_int_equal(reco_ca_revoke(q, p, 30, &e), -EALREADY);
	pathf(p, "s/report.json");
	pathf(crl, "ca/crl.pem");
	assert_int_equal(reco_report_verify_files(p, ca, crl, &v), 0);
	assert_int_equal(v.status, RECO_VERIFY_REVOKED);
	assert_int_equal(reco_report_verify_files(p, ca, NULL, &v), 0);
	assert_int_equal(v.status, RECO_VERIFY_OK);
	/* a CRL from another CA is refused */
	pathf(crl, "ca2/crl.pem");
	assert_int_equal(reco_report_verify_files(p, ca, crl, &v), 0);
	assert_int_equal(v.status, RECO_VERIFY_MALFORMED);
}

static void test_uncertified_and_missing(void **state)
{
	(void)state;
	char sess[PATH_MAX], p[PATH_MAX], ca[PATH_MAX];
	struct reco_err e = { 0 };
	struct reco_verify v;
	pathf(sess, "s4");
	mkdir(sess, 0755);
	write_text("s4/diag.json", "{\"schema\":\"reco-diag/1\",\"parts\":[]}");
	struct seal_opts o = { .session = sess };
	struct seal_result r;
	assert_int_equal(report_seal(&o, &r, &e), 0);
	assert_false(r.signed_);
	pathf(p, "s4/report.json");
	pathf(ca, "ca/ca.pem");
	assert_int_equal(reco_report_verify_files(p, ca, NULL, &v), 0);
	assert_int_equal(v.status, RECO_VERIFY_UNCERTIFIED);
	/* sealing again without force is refused */
	assert_int_equal(report_seal(&o, &r, &e), -EEXIST);
	/* a signed report whose .sig is gone: I/O error, not a verdict */
	pathf(p, "s/report.json.sig");
	char moved[PATH_MAX];
	pathf(moved, "sig.moved");
	assert_int_equal(rename(p, moved), 0);
	pathf(p, "s/report.json");
	assert_int_equal(reco_report_verify_files(p, ca, NULL, &v), -ENOENT);
	pathf(p, "s/report.json.sig");
	assert_int_equal(rename(moved, p), 0);
	/* an empty session */
	pathf(sess, "empty");
	mkdir(sess, 0755);
	struct seal_opts o2 = { .session = sess };
	assert_int_equal(report_seal(&o2, &r, &e), -ENOENT);
}

static void test_parse_strict(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"[]",
		"{\"schema\":\"reco-report/1\"}",
		"{\"a\":1,\"a\":2}",
		"{\"b\":1,\"a\":2}",
		"{\"a\": 1}",
		"{\"a\":1.5}",
		"{\"a\":1}\n",
		"{\"created\":\"2026-11-28T18:01:00Z\",\"device\":{\"id\":\"x\"},\"report_id\":\"u\","
		"\"schema\":\"reco-report/1\",\"sources\":{},\"station\":{\"status\":\"uncertified\"},"
		"\"tool\":{},\"x\":1e3}",
		"{\"created\":\"2026-13-28T18:01:00Z\",\"device\":{\"id\":\"x\"},\"report_id\":\"u\","
		"\"schema\":\"reco-report/1\",\"sources\":{},\"station\":{\"status\":\"uncertified\"},"
		"\"tool\":{}}",
		"{\"created\":\"2026-11-28T18:01:00Z\",\"device\":{\"id\":\"x\"},\"report_id\":\"u\","
		"\"schema\":\"reco-report/1\",\"sources\":{},\"station\":{\"name\":\"x\"},\"tool\":{}}",
	};
	struct reco_err e;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&e, 0, sizeof(e));
		void *doc = reco_report_parse((const unsigned char *)bad[i], strlen(bad[i]), &e);
		if (doc)
			fail_msg("accepted: %s", bad[i]);
		assert_true(e.msg[0] != '\0');
	}
	const char *good = "{\"created\":\"2026-11-28T18:01:00Z\",\"device\":{\"id\":\"x\"},"
			   "\"report_id\":\"u\",\"schema\":\"reco-report/1\",\"sources\":{},"
			   "\"station\":{\"status\":\"uncertified\"},\"tool\":{}}";
	json_t *doc = reco_report_parse((const unsigned char *)good, strlen(good), &e);
	assert_non_null(doc);
	json_decref(doc);
}

static void test_rfc3339(void **state)
{
	(void)state;
	time_t t;
	assert_int_equal(reco_parse_rfc3339("1970-01-01T00:00:00Z", &t), 0);
	assert_int_equal(t, 0);
	assert_int_equal(reco_parse_rfc3339("2026-11-28T18:01:00Z", &t), 0);
	assert_int_equal(t, 1795888860);
	assert_int_equal(reco_parse_rfc3339("2026-02-31T00:00:00Z", &t), -EINVAL);
	assert_int_equal(reco_parse_rfc3339("2026-11-28T18:01:00+01:00", &t), -EINVAL);
	assert_int_equal(reco_parse_rfc3339("2026-11-28 18:01:00Z", &t), -EINVAL);
	assert_int_equal(reco_parse_rfc3339(NULL, &t), -EINVAL);
}

static void test_key_files(void **state)
{
	(void)state;
	char p[PATH_MAX];
	struct reco_err e = { 0 };
	struct stat st;
	pathf(p, "st/station.key");
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* station-init again into the same directory never replaces the key */
	pathf(p, "st");
	assert_int_equal(reco_station_init(p, "again", NULL, &e), -EEXIST);
	pathf(p, "ca");
	assert_int_equal(reco_ca_init(p, "again", 1, 0, &e), -EEXIST);
	/* a key readable by others is refused */
	pathf(p, "st2/station.key");
	chmod(p, 0640);
	struct reco_key *k = NULL;
	assert_int_equal(reco_key_load(p, &k, &e), -EPERM);
	chmod(p, 0600);
	assert_int_equal(reco_key_load(p, &k, &e), 0);
	unsigned char *cert;
	size_t clen;
	read_all("st2/station.pem", &cert, &clen);
	assert_int_equal(reco_key_matches_cert(k, (const char *)cert, clen), 1);
	free(cert);
	read_all("st/station.pem", &cert, &clen);
	assert_int_equal(reco_key_matches_cert(k, (const char *)cert, clen), 0);
	free(cert);
	reco_key_free(k);
	write_text("junk.key", "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
	pathf(p, "junk.key");
	chmod(p, 0600);
	assert_int_equal(reco_key_load(p, &k, &e), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_every_byte_flipped),
		cmocka_unit_test(test_truncated_and_garbage),
		cmocka_unit_test(test_other_station_and_ca),
		cmocka_unit_test(test_parse_strict),
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_key_files),
		cmocka_unit_test(test_uncertified_and_missing),
		cmocka_unit_test(test_expired_and_revoked),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
