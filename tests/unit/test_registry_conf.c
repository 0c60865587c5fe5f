/*
 * test_registry_conf.c — the registry's settings file parser
 * (tools/registry/conf.c): keys become global settings or serve's option
 * words, defaults, quotes, comments, refusals with the line number, the
 * file named by $RECO_REGISTRY_CONF.
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

#include "registry/conf.h"

static void test_parse_keys(void **state)
{
	(void)state;
	struct reg_conf c = { 0 };
	struct reco_err e = { 0 };
	const char *text = "# comment\n"
			   "; another\n"
			   "\n"
			   "data-dir = /var/lib/reco-registry\n"
			   "db = \"postgresql://reco@/registry?host=/run/postgresql\"\n"
			   "  listen   =   127.0.0.1:9090   \n"
			   "secure-cookies = Yes\n"
			   "lang = 'en'\n"
			   "ca =\n";
	assert_int_equal(reg_conf_parse(&c, "t.conf", text, &e), 0);
	assert_string_equal(c.path, "t.conf");
	assert_string_equal(c.data_dir, "/var/lib/reco-registry");
	assert_string_equal(c.db, "postgresql://reco@/registry?host=/run/postgresql");
	assert_null(c.ca); /* "ca =": the default */
	assert_null(c.crl);
	assert_int_equal(c.serve_argc, 3);
	assert_string_equal(c.serve_argv[0], "--listen=127.0.0.1:9090");
	assert_string_equal(c.serve_argv[1], "--secure-cookies");
	assert_string_equal(c.serve_argv[2], "--lang=en");
	reg_conf_release(&c);
	assert_null(c.db);
	assert_int_equal(c.serve_argc, 0);
}

static void test_flag_no(void **state)
{
	(void)state;
	struct reg_conf c = { 0 };
	struct reco_err e = { 0 };
	assert_int_equal(reg_conf_parse(&c, "t.conf", "secure-cookies = off\nlang = fr", &e), 0);
	assert_int_equal(c.serve_argc, 1); /* no word for a flag that is off */
	assert_string_equal(c.serve_argv[0], "--lang=fr");
	reg_conf_release(&c);
}

static void test_list(void **state)
{
	(void)state;
	struct reg_conf c = { 0 };
	struct reco_err e = { 0 };
	assert_int_equal(reg_conf_parse(&c, "t.conf", "trusted-proxy = 127.0.0.1, ::1\tfe80::1\n", &e), 0);
	assert_int_equal(c.serve_argc, 3); /* one option word per address */
	assert_string_equal(c.serve_argv[0], "--trusted-proxy=127.0.0.1");
	assert_string_equal(c.serve_argv[1], "--trusted-proxy=::1");
	assert_string_equal(c.serve_argv[2], "--trusted-proxy=fe80::1");
	reg_conf_release(&c);
	char many[400] = "trusted-proxy =";
	for (int i = 0; i < 30; i++)
		strcat(many, " 10.0.0.1");
	assert_int_equal(reg_conf_parse(&c, "t.conf", many, &e), -EINVAL);
	assert_string_equal(e.msg, "t.conf: line 1: too many settings");
	reg_conf_release(&c);
}

static void refused(const char *text, const char *msg)
{
	struct reg_conf c = { 0 };
	struct reco_err e = { 0 };
	assert_int_equal(reg_conf_parse(&c, "/etc/reco/registry.conf", text, &e), -EINVAL);
	assert_string_equal(e.msg, msg);
	reg_conf_release(&c);
}

static void test_refusals(void **state)
{
	(void)state;
	refused("port = 80\n", "/etc/reco/registry.conf: line 1: unknown key 'port' (see reco-registry.conf(5))");
	refused("# x\n\ndata-dir /srv\n", "/etc/reco/registry.conf: line 3: expected key = value");
	refused("listen = 127.0.0.1:1\nlisten = 127.0.0.1:2\n",
		"/etc/reco/registry.conf: line 2: 'listen' is set twice");
	refused("db = a\ndb =\n", "/etc/reco/registry.conf: line 2: 'db' is set twice");
	refused("secure-cookies = maybe\n",
		"/etc/reco/registry.conf: line 1: secure-cookies: expected yes or no, not 'maybe'");
	refused("--listen = x\n", "/etc/reco/registry.conf: line 1: unknown key '--listen' (see reco-registry.conf(5))");
	char *long_line = malloc(5000);
	assert_non_null(long_line);
	memset(long_line, 'a', 4999);
	long_line[4999] = '\0';
	refused(long_line, "/etc/reco/registry.conf: line 1: too long");
	free(long_line);
}

static void test_path_and_load(void **state)
{
	(void)state;
	char buf[4096], dir[] = "/tmp/reco-conf-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char file[4200];
	snprintf(file, sizeof(file), "%s/registry.conf", dir);

	setenv("RECO_REGISTRY_CONF", "", 1);
	assert_int_equal(reg_conf_path(buf, sizeof(buf)), 0); /* set and empty: none */
	struct reg_conf c = { 0 };
	struct reco_err e = { 0 };
	assert_int_equal(reg_conf_load(&c, &e), 0);
	assert_string_equal(c.path, "");

	setenv("RECO_REGISTRY_CONF", file, 1);
	assert_int_equal(reg_conf_path(buf, sizeof(buf)), 1);
	assert_string_equal(buf, file);
	assert_int_equal(reg_conf_load(&c, &e), -ENOENT); /* named but missing: an error */
	assert_non_null(strstr(e.msg, "cannot read the settings file"));

	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fputs("crl = /x/crl.pem\nlisten = [::1]:8080\n", f);
	fclose(f);
	assert_int_equal(reg_conf_load(&c, &e), 0);
	assert_string_equal(c.path, file);
	assert_string_equal(c.crl, "/x/crl.pem");
	assert_string_equal(c.serve_argv[0], "--listen=[::1]:8080");
	reg_conf_release(&c);

	f = fopen(file, "w");
	assert_non_null(f);
	fwrite("db = a\0b\n", 1, 9, f);
	fclose(f);
	assert_int_equal(reg_conf_load(&c, &e), -EINVAL);
	assert_non_null(strstr(e.msg, "not a text file"));
	reg_conf_release(&c);

	unlink(file);
	rmdir(dir);
	unsetenv("RECO_REGISTRY_CONF");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_keys),
		cmocka_unit_test(test_flag_no),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_path_and_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
