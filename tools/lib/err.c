/*
 * err.c — struct reco_err helpers and the version string.
 */
#include "reco.h"

#include <stdarg.h>
#include <stdio.h>

#ifndef RECO_VERSION
#define RECO_VERSION "0.0.0"
#endif

int reco_err_set(struct reco_err *e, int code, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
		e->code = code;
	}
	return code;
}

const char *reco_version(void)
{
	return RECO_VERSION;
}
