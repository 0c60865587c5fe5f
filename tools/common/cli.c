/*
 * cli.c — common CLI behaviour for every reco command (see cli.h).
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/util.h"

static char name[64] = "reco";

static void close_stdout(void)
{
	int failed = ferror(stdout) != 0;
	if (fflush(stdout) != 0)
		failed = 1;
	if (fclose(stdout) != 0 && errno != EBADF)
		failed = 1;
	if (failed && errno != EPIPE) {
		fprintf(stderr, "%s: %s: %s\n", name, _("write error"), strerror(errno));
		_exit(RECO_EXIT_ENV);
	}
	if (fclose(stderr) != 0)
		_exit(RECO_EXIT_ENV);
}

void cli_init(const char *tool)
{
	reco_i18n_init();
	if (tool && *tool)
		snprintf(name, sizeof(name), "reco %s", tool);
	atexit(close_stdout);
}

const char *cli_name(void)
{
	return name;
}

__attribute__((format(printf, 1, 0)))
static void vwarn(const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

noreturn void cli_die(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(code);
}

noreturn void cli_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	fprintf(stderr, _("Try '%s --help' for more information.\n"), name);
	exit(RECO_EXIT_USAGE);
}

noreturn void cli_version(void)
{
	printf("%s %s\n", name, reco_version());
	exit(RECO_EXIT_OK);
}

uint64_t cli_size_or_err(const char *s, const char *what)
{
	uint64_t v;
	if (reco_parse_size(s, &v) != 0)
		cli_usage_error(_("%s: invalid size '%s' (examples: 512M, 2G)"), what, s);
	return v;
}

long long cli_num_or_err(const char *s, long long min, long long max, const char *what)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		cli_usage_error(_("%s: invalid number '%s' (expected %lld to %lld)"), what, s, min, max);
	return v;
}

const char *cli_exit_codes_help(void)
{
	return _("Exit status:\n"
		 "  0  success\n"
		 "  1  a check or a wipe failed\n"
		 "  2  usage error\n"
		 "  3  environment error (permission, device gone, missing tool)\n");
}

const char *cli_exit_status_help(const char *fail)
{
	static char buf[1024];
	if (fail)
		snprintf(buf, sizeof(buf), _("Exit status:\n"
					      "  0  success\n"
					      "  1  %s\n"
					      "  2  usage error\n"
					      "  3  environment error (permission, device gone, missing tool)\n"),
			 fail);
	else
		snprintf(buf, sizeof(buf), "%s", _("Exit status:\n"
						    "  0  success\n"
						    "  2  usage error\n"
						    "  3  environment error (permission, device gone, missing tool)\n"));
	return buf;
}

/* How many long options typed (len bytes, after the "--") can mean: 1 with
 * *match when it names one in full or is the start of only one; else the
 * count, with the candidates listed in names ("--save, --session"). */
static int long_matches(const struct option *lo, const char *typed, size_t len, const struct option **match,
			char *names, size_t size)
{
	int n = 0;
	size_t used = 0;
	names[0] = '\0';
	for (; lo && lo->name; lo++) {
		if (strncmp(lo->name, typed, len) != 0)
			continue;
		if (strlen(lo->name) == len) {
			*match = lo;
			return 1;
		}
		*match = lo;
		n++;
		int w = snprintf(names + used, size - used, "%s--%s", used ? ", " : "", lo->name);
		if (w > 0 && (size_t)w < size - used)
			used += (size_t)w;
	}
	return n;
}

static noreturn void bad_option(int c, int before, char *const argv[], const struct option *longopts)
{
	const char *tok = optind > before && optind > 0 ? argv[optind - 1] : NULL;
	if (!tok || strncmp(tok, "--", 2) != 0) {
		/* a short option, alone or in a cluster (-jZ) */
		if (c == ':')
			cli_usage_error(_("option '-%c' requires a value"), optopt);
		cli_usage_error(_("unknown option '-%c'"), optopt);
	}
	const char *eq = strchr(tok, '=');
	size_t len = eq ? (size_t)(eq - tok) : strlen(tok);
	const struct option *m = NULL;
	char names[512];
	int n = long_matches(longopts, tok + 2, len - 2, &m, names, sizeof(names));
	if (n == 0)
		cli_usage_error(_("unknown option '%.*s'"), (int)len, tok);
	if (n > 1)
		cli_usage_error(_("option '%.*s' is ambiguous (%s)"), (int)len, tok, names);
	if (c == ':')
		cli_usage_error(_("option '--%s' requires a value"), m->name);
	cli_usage_error(_("option '--%s' takes no value"), m->name);
}

int cli_getopt(int argc, char *const argv[], const char *shortopts, const struct option *longopts)
{
	/* ':' after any '+': a missing value comes back as ':', not '?' */
	char opts[128];
	int plus = shortopts[0] == '+';
	snprintf(opts, sizeof(opts), "%s:%s", plus ? "+" : "", shortopts + plus);
	opterr = 0;
	int before = optind;
	int c = getopt_long(argc, argv, opts, longopts, NULL);
	if (c == '?' || c == ':')
		bad_option(c, before, argv, longopts);
	return c;
}

void cli_set_data_dir(const char *dir)
{
	if (!*dir)
		cli_usage_error(_("--data: an empty directory name"));
	setenv("RECO_DATA", dir, 1);
}
