/*
 * test_registry.c — the registry's pure parts and its SQLite-backed core:
 * placeholder translation, the web parsers, HTML escaping, state
 * transitions, scrypt passwords, the event chain and its append-only
 * triggers, beneficiaries, stats and purge on a throwaway database.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "registry/db.h"
#include "registry/registry.h"
#include "registry/webparse.h"

static void test_placeholders(void **state)
{
	(void)state;
	char *s = rdb_translate_placeholders("SELECT '?' FROM t WHERE a = ? AND b = \"?x\" AND c = ?");
	assert_string_equal(s, "SELECT '?' FROM t WHERE a = $1 AND b = \"?x\" AND c = $2");
	free(s);
}

static void test_html_escape(void **state)
{
	(void)state;
	struct wbuf b = { 0 };
	wbuf_esc(&b, "<a href=\"x\">O'Brien & co</a>");
	assert_string_equal(b.data, "&lt;a href=&quot;x&quot;&gt;O&#39;Brien &amp; co&lt;/a&gt;");
	wbuf_free(&b);
	wbuf_urlenc(&b, "a b/é");
	assert_string_equal(b.data, "a%20b%2F%C3%A9");
	wbuf_free(&b);
}

static void test_form_and_cookies(void **state)
{
	(void)state;
	char out[64];
	const char *body = "user=alice&password=p%40ss+word&csrf=abc";
	assert_int_equal(web_form_get(body, strlen(body), "password", out, sizeof(out)), 0);
	assert_string_equal(out, "p@ss word");
	assert_int_equal(web_form_get(body, strlen(body), "pass", out, sizeof(out)), -1);
	assert_int_equal(web_form_get("a=%4", 4, "a", out, sizeof(out)), -1);
	assert_int_equal(web_form_get("a=%00", 5, "a", out, sizeof(out)), -1);
	assert_int_equal(web_cookie_get("lang=en; reco_session=abcd", "reco_session", out, sizeof(out)), 0);
	assert_string_equal(out, "abcd");
	assert_int_equal(web_cookie_get("xreco_session=1", "reco_session", out, sizeof(out)), -1);
}

static void test_paths(void **state)
{
	(void)state;
	assert_true(web_path_ok("/devices"));
	assert_true(web_path_ok("/device/certificate.pdf"));
	assert_false(web_path_ok("/../etc/passwd"));
	assert_false(web_path_ok("/static/..%2f"));
	assert_false(web_path_ok("//etc"));
	assert_false(web_path_ok("devices"));
	assert_false(web_path_ok("/a\\b"));
}

static void test_base64_and_envelope(void **state)
{
	(void)state;
	unsigned char out[8];
	assert_int_equal(web_base64_decode("QUJD", 4, out, sizeof(out)), 3);
	assert_memory_equal(out, "ABC", 3);
	assert_int_equal(web_base64_decode("QUI=", 4, out, sizeof(out)), 2);
	assert_int_equal(web_base64_decode("QU=I", 4, out, sizeof(out)), -1);
	assert_int_equal(web_base64_decode("QUJ", 3, out, sizeof(out)), -1);
	struct web_upload up;
	char err[256];
	const char *bad = "{\"report\": \"{}\", \"signature\": \"QUJD\", \"certificate\": \"x\"}";
	assert_int_equal(web_upload_parse(bad, strlen(bad), &up, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "64 bytes"));
	const char *dup = "{\"report\": \"a\", \"report\": \"b\"}";
	assert_int_equal(web_upload_parse(dup, strlen(dup), &up, err, sizeof(err)), -1);
}

static int trusted_10(const char *addr, void *arg)
{
	(void)arg;
	return !strcmp(addr, "10.0.0.1") || !strcmp(addr, "10.0.0.2");
}

static void test_forwarded_for(void **state)
{
	(void)state;
	char out[64];
	assert_int_equal(web_forwarded_for("203.0.113.7", trusted_10, NULL, out, sizeof(out)), 0);
	assert_string_equal(out, "203.0.113.7");
	/* the client may put anything on the left: the rightmost untrusted wins */
	assert_int_equal(web_forwarded_for("1.2.3.4, 203.0.113.7 , 10.0.0.2", trusted_10, NULL, out, sizeof(out)), 0);
	assert_string_equal(out, "203.0.113.7");
	assert_int_equal(web_forwarded_for("2001:DB8::1", trusted_10, NULL, out, sizeof(out)), 0);
	assert_string_equal(out, "2001:db8::1");
	assert_int_equal(web_forwarded_for("10.0.0.1, 10.0.0.2", trusted_10, NULL, out, sizeof(out)), -1);
	assert_int_equal(web_forwarded_for("evil, 10.0.0.2", trusted_10, NULL, out, sizeof(out)), -1);
	assert_int_equal(web_forwarded_for("", trusted_10, NULL, out, sizeof(out)), -1);
	assert_int_equal(web_forwarded_for(NULL, trusted_10, NULL, out, sizeof(out)), -1);
	assert_int_equal(web_forwarded_for(",,", trusted_10, NULL, out, sizeof(out)), -1);
}

static void test_transitions(void **state)
{
	(void)state;
	assert_true(reg_transition_allowed("received", "tested"));
	assert_true(reg_transition_allowed("ready", "allocated"));
	assert_true(reg_transition_allowed("delivered", "returned"));
	assert_false(reg_transition_allowed("tested", "ready"));
	assert_false(reg_transition_allowed("received", "allocated"));
	assert_false(reg_transition_allowed("recycled", "ready"));
	assert_false(reg_transition_allowed("delivered", "recycled"));
	assert_true(reg_state_valid("wiped"));
	assert_false(reg_state_valid("lost"));
}

static void test_passwords(void **state)
{
	(void)state;
	char h[256];
	assert_int_equal(reg_password_hash("correct horse", h, sizeof(h)), 0);
	assert_non_null(strstr(h, "scrypt$16384$8$1$"));
	assert_true(reg_password_verify("correct horse", h));
	assert_false(reg_password_verify("correct horsf", h));
	assert_false(reg_password_verify("x", "plain"));
}

struct fixture {
	char dir[64];
	struct registry r;
};

static int setup_db(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/reco-unit-registry.XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	char db[128];
	snprintf(db, sizeof(db), "%s/r.db", f->dir);
	snprintf(f->r.data_dir, sizeof(f->r.data_dir), "%s", f->dir);
	f->r.actor = "unit";
	struct reco_err e = { 0 };
	if (reg_open(&f->r, db, &e))
		return -1;
	*state = f;
	return 0;
}

static int teardown_db(void **state)
{
	struct fixture *f = *state;
	reg_close(&f->r);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void test_event_chain(void **state)
{
	struct fixture *f = *state;
	struct reco_err e = { 0 };
	assert_int_equal(rdb_q(f->r.db, NULL, &e,
			       "INSERT INTO devices (id, state, created, updated) VALUES (?, 'received', ?, ?)",
			       "D1", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"), 0);
	assert_int_equal(reg_transition(&f->r, "D1", "tested", NULL, &e), 0);
	assert_int_equal(reg_transition(&f->r, "D1", "ready", NULL, &e), -EPERM);
	assert_int_equal(reg_transition(&f->r, "NOPE", "tested", NULL, &e), -ENOENT);
	assert_int_equal(reg_transition(&f->r, "D1", "wiped", "ok", &e), 0);
	struct reg_audit_result ar;
	assert_int_equal(reg_audit(&f->r, NULL, NULL, &ar, &e), 0);
	assert_int_equal(ar.events, 2);
	assert_int_equal(ar.covered, 2); /* each transition signed a checkpoint */
	struct reg_checkpoint kept;
	assert_int_equal(reg_checkpoint_get(&f->r, 0, &kept, &e), 0);
	assert_int_equal(kept.events, 2);
	assert_int_equal(rdb_q(f->r.db, NULL, &e, "UPDATE events SET actor = ?", "x"), -EPERM);
	assert_int_equal(rdb_q(f->r.db, NULL, &e, "DELETE FROM events WHERE seq = ?", "1"), -EPERM);
	assert_int_equal(rdb_exec(f->r.db, "DROP TRIGGER events_no_update;"
				  "UPDATE events SET detail = 'forged' WHERE seq = 2", &e), 0);
	assert_int_equal(reg_audit(&f->r, NULL, NULL, &ar, &e), -EBADMSG);
	assert_non_null(strstr(e.msg, "event 2"));
	/* the last event removed with its checkpoint: only a kept checkpoint tells */
	assert_int_equal(rdb_q(f->r.db, NULL, &e, "DELETE FROM events WHERE seq = ?", "2"), -EPERM);
	assert_int_equal(rdb_exec(f->r.db, "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 2;"
				  "DROP TRIGGER checkpoints_no_delete; DELETE FROM checkpoints WHERE events = 2", &e), 0);
	assert_int_equal(reg_audit(&f->r, NULL, NULL, &ar, &e), 0); /* truncated at a checkpoint */
	assert_int_equal(reg_audit(&f->r, &kept, NULL, &ar, &e), -EBADMSG);
	assert_non_null(strstr(e.msg, "events were removed"));
	reg_checkpoint_release(&kept);
}

static void test_checkpoint_parse(void **state)
{
	(void)state;
	struct reco_err e = { 0 };
	struct reg_checkpoint c;
	const char *good = "{\"at\":\"2026-01-01T00:00:00Z\",\"events\":3,\"head\":\""
			   "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
			   "\"registry_key_sha256\":\""
			   "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
			   "\"schema\":\"reco-checkpoint/1\"}";
	assert_int_equal(reg_checkpoint_parse(good, strlen(good), &c, &e), 0);
	assert_int_equal(c.events, 3);
	reg_checkpoint_release(&c);
	char *spaced = strdup(good);
	spaced[1] = ' '; /* "{ at..." is no longer JSON at all */
	assert_int_equal(reg_checkpoint_parse(spaced, strlen(spaced), &c, &e), -EINVAL);
	free(spaced);
	const char *loose = "{\"schema\":\"reco-checkpoint/1\",\"events\":3}";
	assert_int_equal(reg_checkpoint_parse(loose, strlen(loose), &c, &e), -EINVAL);
	const char *reordered = "{\"events\":3,\"at\":\"2026-01-01T00:00:00Z\",\"head\":\""
				"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
				"\"registry_key_sha256\":\""
				"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
				"\"schema\":\"reco-checkpoint/1\"}";
	assert_int_equal(reg_checkpoint_parse(reordered, strlen(reordered), &c, &e), -EINVAL);
	assert_non_null(strstr(e.msg, "canonical"));
}

/* An event whose text is not UTF-8 cannot be hashed faithfully (the JSON
 * encoder would drop the field): it is refused, never chained without it. */
static void test_event_text_not_utf8(void **state)
{
	struct fixture *f = *state;
	struct reco_err e = { 0 };
	assert_int_equal(rdb_q(f->r.db, NULL, &e,
			       "INSERT INTO devices (id, state, created, updated) VALUES (?, 'received', ?, ?)",
			       "D1", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"), 0);
	assert_int_equal(rdb_begin_exclusive(f->r.db, &e), 0);
	assert_int_equal(reg_event_append(&f->r, "D1", "state", "received", "tested", "ok \xff\xfe", &e),
			 -EILSEQ);
	assert_int_equal(reg_event_append(&f->r, "D1\xc0", "state", NULL, NULL, NULL, &e), -EILSEQ);
	assert_int_equal(reg_event_append(&f->r, "D1", "state", NULL, NULL, "ok", &e), 0);
	assert_int_equal(reg_commit(&f->r, &e), 0);
	struct reg_audit_result ar;
	assert_int_equal(reg_audit(&f->r, NULL, NULL, &ar, &e), 0);
	assert_int_equal(ar.events, 1);
	/* a byte changed behind the triggers' back into something not UTF-8 */
	assert_int_equal(rdb_exec(f->r.db, "DROP TRIGGER events_no_update;"
				  "UPDATE events SET detail = CAST(X'6fff' AS TEXT) WHERE seq = 1", &e), 0);
	assert_int_equal(reg_audit(&f->r, NULL, NULL, &ar, &e), -EBADMSG);
	assert_non_null(strstr(e.msg, "event 1"));
}

static void test_beneficiary_and_purge(void **state)
{
	struct fixture *f = *state;
	struct reco_err e = { 0 };
	char ref[64];
	struct reg_beneficiary b = { .household_size = 3, .contact_name = "Ana" };
	setenv("RECO_REGISTRY_NOW", "2023-01-01T00:00:00Z", 1);
	assert_int_equal(reg_beneficiary_add(&f->r, &b, ref, sizeof(ref), &e), 0);
	unsetenv("RECO_REGISTRY_NOW");
	assert_int_equal(strncmp(ref, "B-", 2), 0);
	assert_int_equal(strlen(ref), 12);
	struct reg_beneficiary bad = { .ref = "x\ny" };
	assert_int_equal(reg_beneficiary_add(&f->r, &bad, ref, sizeof(ref), &e), -EINVAL);
	struct reg_beneficiary again = { .ref = "R-1" };
	assert_int_equal(reg_beneficiary_add(&f->r, &again, ref, sizeof(ref), &e), 0);
	assert_int_equal(reg_beneficiary_add(&f->r, &again, ref, sizeof(ref), &e), -EEXIST);
	struct reg_purge_info pi;
	json_t *p = reg_purge(&f->r, "2024-01-01T00:00:00Z", 0, &pi, &e);
	assert_true(pi.scrubbed);
	assert_non_null(p);
	assert_int_equal(json_array_size(p), 1);
	json_decref(p);
	json_t *l = reg_beneficiary_list(&f->r, 1, &e);
	size_t i;
	json_t *x;
	json_array_foreach(l, i, x)
		assert_null(json_object_get(x, "name"));
	json_decref(l);
}

static void test_accounts(void **state)
{
	struct fixture *f = *state;
	struct reco_err e = { 0 };
	char role[32];
	assert_int_equal(reg_user_add(&f->r, "ann", "coordinator", "first-pass", &e), 0);
	/* an existing name is never replaced: its role and password stay */
	assert_int_equal(reg_user_add(&f->r, "ann", "admin", "other-pass", &e), -EEXIST);
	assert_non_null(strstr(e.msg, "user passwd"));
	assert_int_equal(reg_user_check(&f->r, "ann", "first-pass", role, sizeof(role), &e), 0);
	assert_string_equal(role, "coordinator");
	assert_int_equal(reg_user_add(&f->r, "bob", "boss", "first-pass", &e), -EINVAL);
	/* a new password: the old one stops working */
	assert_int_equal(reg_user_passwd(&f->r, "ann", "second-pass", &e), 0);
	assert_int_equal(reg_user_check(&f->r, "ann", "first-pass", role, sizeof(role), &e), -EACCES);
	assert_int_equal(reg_user_check(&f->r, "ann", "second-pass", role, sizeof(role), &e), 0);
	assert_int_equal(reg_user_passwd(&f->r, "ann", "short", &e), -EINVAL);
	assert_int_equal(reg_user_passwd(&f->r, "nobody", "second-pass", &e), -ENOENT);
	assert_true(reg_role_valid("viewer"));
	assert_false(reg_role_valid("root"));
}

static void test_hardware_summary(void **state)
{
	(void)state;
	/* today's inventory */
	json_t *h = reg_hardware_summary(
		"{\"grade\":\"B\",\"diag_complete\":false,"
		"\"diag\":{\"profile\":\"quick\",\"parts\":[{\"part\":\"cpu\",\"verdict\":\"PASS\"},"
		"{\"part\":\"ram\",\"verdict\":\"NOT_TESTED\"}]},"
		"\"inventory\":{\"cpu\":{\"model_name\":\"i5\",\"cores\":2,\"threads\":4},"
		"\"memory\":{\"total_bytes\":8589934592},"
		"\"storage\":[{\"path\":\"/dev/nvme0n1\",\"size_bytes\":512110190592,\"transport\":\"nvme\"},"
		"{\"path\":\"/dev/sr0\",\"optical\":true}],"
		"\"displays\":[{\"diagonal_tenth_inch\":156,\"preferred_width\":1366,\"preferred_height\":768}],"
		"\"battery\":[{\"name\":\"BAT0\",\"wear_permille\":250,\"cycle_count\":12}]}}");
	assert_non_null(h);
	assert_string_equal(json_string_value(json_object_get(json_object_get(h, "cpu"), "model")), "i5");
	assert_int_equal(json_integer_value(json_object_get(h, "memory_bytes")), 8589934592LL);
	assert_int_equal(json_array_size(json_object_get(h, "disks")), 1); /* no optical drive */
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(h, "disks"), 0), "kind")),
			    "nvme");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(h, "screens"), 0), "width")),
			 1366);
	json_t *dg = json_object_get(h, "diag");
	assert_true(json_is_false(json_object_get(dg, "complete")));
	assert_string_equal(json_string_value(json_array_get(json_object_get(dg, "not_tested"), 0)), "ram");
	char buf[200];
	assert_string_equal(reg_hw_cpu_text(h, buf, sizeof(buf)), "i5, 2 cores, 4 threads");
	assert_string_equal(reg_hw_battery_text(json_array_get(json_object_get(h, "batteries"), 0), buf, sizeof(buf)),
			    "wear 25.0%, 12 cycles");
	assert_string_equal(reg_hw_diag_text(h, buf, sizeof(buf)), "incomplete, not tested: Memory");
	json_decref(h);
	/* the older form (cpu.model, one battery object with capacities), and a
	 * report silent on completeness: not "complete", not "incomplete" */
	h = reg_hardware_summary("{\"inventory\":{\"cpu\":{\"model\":\"Old\"},"
				 "\"battery\":{\"design_mwh\":24000,\"full_mwh\":18000}},"
				 "\"wipe\":{\"targets\":[{\"path\":\"/dev/sda\",\"size_bytes\":1000}]}}");
	assert_string_equal(json_string_value(json_object_get(json_object_get(h, "cpu"), "model")), "Old");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(json_object_get(h, "batteries"), 0),
							    "wear_permille")), 250);
	assert_int_equal(json_array_size(json_object_get(h, "disks")), 1);
	assert_null(json_object_get(json_object_get(h, "diag"), "complete"));
	assert_null(json_object_get(h, "memory_bytes"));
	assert_string_equal(reg_hw_diag_text(h, buf, sizeof(buf)), "the report does not say whether it is complete");
	json_decref(h);
	assert_null(reg_hardware_summary("[1]"));
	assert_null(reg_hardware_summary("not json"));
}

/* Rows straight into the tables (allocations need no event to be counted). */
static void seed_allocations(struct registry *r)
{
	struct reco_err e = { 0 };
	const char *sql =
		"INSERT INTO devices (id, state, created, updated) VALUES ('D1', 'delivered', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z'),"
		" ('D2', 'delivered', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z'),"
		" ('D3', 'allocated', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z');"
		"INSERT INTO beneficiaries (ref, household_size, referrer, quota, created, last_activity) VALUES"
		" ('B1', 4, 'CCAS', 2, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
		" ('B2', NULL, NULL, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
		"INSERT INTO allocations (id, device_id, beneficiary_ref, report_sha256, programme, state, created, delivered)"
		" VALUES ('a1', 'D1', 'B1', 'x', 'Ville', 'delivered', '2026-01-05T10:00:00Z', '2026-01-06T10:00:00Z'),"
		" ('a2', 'D2', 'B1', 'x', 'Ville', 'delivered', '2026-02-05T10:00:00Z', '2026-02-06T10:00:00Z'),"
		" ('a3', 'D3', 'B2', 'x', 'default', 'allocated', '2026-02-07T10:00:00Z', NULL);";
	assert_int_equal(rdb_exec(r->db, sql, &e), 0);
}

static void test_stats_households(void **state)
{
	struct fixture *f = *state;
	struct reco_err e = { 0 };
	seed_allocations(&f->r);
	json_t *s = reg_stats(&f->r, NULL, NULL, &e);
	assert_non_null(s);
	json_t *hh = json_object_get(s, "households");
	/* B1 had two machines in two months: one household, four people */
	assert_int_equal(json_integer_value(json_object_get(hh, "reached")), 1);
	assert_int_equal(json_integer_value(json_object_get(hh, "people")), 4);
	json_t *months = json_object_get(s, "months");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(months, 0), "households")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(months, 1), "households")), 1);
	json_t *refs = json_object_get(s, "referrers");
	assert_int_equal(json_array_size(refs), 2);
	/* sorted: no referrer first */
	assert_string_equal(json_string_value(json_object_get(json_array_get(refs, 0), "referrer")), "");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(refs, 1), "delivered")), 2);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_int_equal(reg_stats_csv_by(s, "month", out), 0);
	fclose(out);
	/* a total row whose households are counted once, not summed */
	assert_non_null(strstr(buf, "\"Total\",0,0,3,2,0,0,1\n"));
	free(buf);
	assert_int_equal(reg_stats_csv_by(s, "colour", stdout), -EINVAL);
	json_decref(s);
	/* one month only */
	s = reg_stats(&f->r, "2026-02", "2026-02", &e);
	assert_int_equal(json_array_size(json_object_get(s, "months")), 1);
	json_decref(s);
	assert_null(reg_stats(&f->r, "2026-2", NULL, &e));
	assert_int_equal(e.code, -EINVAL);
}

static void test_allocations_list(void **state)
{
	struct fixture *f = *state;
	struct reco_err e = { 0 };
	seed_allocations(&f->r);
	struct reg_allocation_filter flt = { .state = "delivered" };
	json_t *l = reg_allocations_list(&f->r, &flt, &e);
	assert_int_equal(json_array_size(l), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(l, 0), "id")), "a2"); /* newest first */
	assert_string_equal(json_string_value(json_object_get(json_array_get(l, 0), "referrer")), "CCAS");
	json_decref(l);
	struct reg_allocation_filter day = { .from = "2026-02-07", .to = "2026-02-07" };
	l = reg_allocations_list(&f->r, &day, &e);
	assert_int_equal(json_array_size(l), 1);
	json_decref(l);
	struct reg_allocation_filter search = { .search = "b2" };
	l = reg_allocations_list(&f->r, &search, &e);
	assert_int_equal(json_array_size(l), 1);
	json_decref(l);
	struct reg_allocation_filter like = { .search = "%" }; /* a LIKE wildcard is a character */
	l = reg_allocations_list(&f->r, &like, &e);
	assert_int_equal(json_array_size(l), 0);
	json_decref(l);
	struct reg_allocation_filter bad = { .state = "lost" };
	assert_null(reg_allocations_list(&f->r, &bad, &e));
	struct reg_allocation_filter badday = { .from = "2026-2-1" };
	assert_null(reg_allocations_list(&f->r, &badday, &e));
	assert_true(reg_day_valid("2026-12-31"));
	assert_false(reg_day_valid("2026-13-01"));
}

static void test_multipart(void **state)
{
	(void)state;
	const char *ct = "multipart/form-data; boundary=----WebKitFormBoundaryAbC";
	const char body[] = "------WebKitFormBoundaryAbC\r\n"
			    "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
			    "tok123\r\n"
			    "------WebKitFormBoundaryAbC\r\n"
			    "Content-Disposition: form-data; name=\"files\"; filename=\"a \\\"b\\\".zip\"\r\n"
			    "Content-Type: application/zip\r\n\r\n"
			    "PK\x03\x04\0binary\r\n--not-the-boundary\r\n"
			    "------WebKitFormBoundaryAbC--\r\n";
	struct web_part parts[4];
	size_t n = 0;
	assert_int_equal(web_multipart_parse(body, sizeof(body) - 1, ct, parts, 4, &n), 0);
	assert_int_equal(n, 2);
	const struct web_part *c = web_part_get(parts, n, "csrf");
	assert_non_null(c);
	assert_int_equal(c->len, 6);
	assert_memory_equal(c->data, "tok123", 6);
	assert_false(c->has_filename);
	const struct web_part *f = web_part_get(parts, n, "files");
	assert_true(f->has_filename);
	assert_string_equal(f->filename, "a \"b\".zip");
	/* binary data, a NUL and a line that only looks like a boundary are kept */
	assert_int_equal(f->len, 31);
	assert_memory_equal(f->data + 4, "\0binary", 7);
	/* a quoted boundary; no filename in "name" */
	assert_int_equal(web_multipart_parse(body, sizeof(body) - 1,
					     "multipart/form-data; boundary=\"----WebKitFormBoundaryAbC\"", parts, 4, &n), 0);
	/* refusals: too many parts, no boundary, not multipart, cut short, no disposition */
	assert_int_equal(web_multipart_parse(body, sizeof(body) - 1, ct, parts, 1, &n), -1);
	assert_int_equal(web_multipart_parse(body, sizeof(body) - 1, "multipart/form-data", parts, 4, &n), -1);
	assert_int_equal(web_multipart_parse(body, sizeof(body) - 1, "application/x-www-form-urlencoded", parts, 4, &n), -1);
	assert_int_equal(web_multipart_parse(body, 60, ct, parts, 4, &n), -1);
	const char nodisp[] = "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--";
	assert_int_equal(web_multipart_parse(nodisp, sizeof(nodisp) - 1, "multipart/form-data; boundary=b", parts, 4, &n), -1);
	const char empty[] = "--b--\r\n";
	assert_int_equal(web_multipart_parse(empty, sizeof(empty) - 1, "multipart/form-data; boundary=b", parts, 4, &n), 0);
	assert_int_equal(n, 0);
}

static void no_report(const char *path, int rc, const struct reg_import_info *info, const struct reco_err *e,
		      void *arg)
{
	(void)path, (void)rc, (void)info, (void)e;
	(*(int *)arg)++;
}

static void test_bundle_names(void **state)
{
	(void)state;
	struct reg_files fs = { 0 };
	struct reco_err e = { 0 };
	assert_true(reg_is_archive_name("RECO-DATA.ZIP"));
	assert_true(reg_is_archive_name("x.tar.gz"));
	assert_false(reg_is_archive_name("report.json"));
	assert_false(reg_is_archive_name(".zip"));
	assert_int_equal(reg_files_add(&fs, "d/report.json", "{}", 2, &e), 0);
	assert_int_equal(reg_files_add(&fs, "d/wipe.json", "{}", 2, &e), 0); /* not kept, counted */
	assert_int_equal(fs.n, 1);
	assert_int_equal(fs.ignored, 1);
	char big[5000] = { 0 };
	assert_int_equal(reg_files_add(&fs, "d/report.json.sig", big, sizeof(big), &e), -EFBIG);
	/* a name that is not UTF-8 is kept readable */
	assert_int_equal(reg_files_add(&fs, "\xff/station.pem", "pem", 3, &e), 0);
	assert_string_equal(fs.v[1].path, "?/station.pem");
	assert_int_equal(reg_files_from_archive(&fs, "not an archive at all", 21, "x.zip", &e), -EINVAL);
	reg_files_release(&fs);
	/* nothing kept at all (an archive of other files): no report, no call */
	int calls = 0;
	struct reg_files none = { 0 };
	assert_int_equal(reg_import_bundles(NULL, &none, no_report, &calls, &e), 0);
	assert_int_equal(calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_html_escape),
		cmocka_unit_test(test_form_and_cookies),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_base64_and_envelope),
		cmocka_unit_test(test_forwarded_for),
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_passwords),
		cmocka_unit_test(test_checkpoint_parse),
		cmocka_unit_test_setup_teardown(test_event_chain, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_beneficiary_and_purge, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_event_text_not_utf8, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_accounts, setup_db, teardown_db),
		cmocka_unit_test(test_hardware_summary),
		cmocka_unit_test(test_multipart),
		cmocka_unit_test(test_bundle_names),
		cmocka_unit_test_setup_teardown(test_stats_households, setup_db, teardown_db),
		cmocka_unit_test_setup_teardown(test_allocations_list, setup_db, teardown_db),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
