/*
 * cli.c — common CLI behaviour for every reco command (see cli.h).
 */
#include "cli.h"

#include <errno.h>
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
