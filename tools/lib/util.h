/*
 * util.h — small string, number and time helpers shared by the tools.
 */
#ifndef RECO_UTIL_H
#define RECO_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Parses a size: a decimal number with an optional suffix K, M, G, T
 * (powers of 1024; "KiB", "MiB"... accepted) or KB, MB, GB, TB (powers of
 * 1000), or a trailing '%' is refused here.  0 or -EINVAL / -ERANGE. */
int reco_parse_size(const char *s, uint64_t *bytes);

/* Trims leading and trailing whitespace in place; returns s. */
char *reco_strtrim(char *s);

/* snprintf into a malloc'd string; NULL on allocation failure. */
char *reco_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Formats t (UTC) as RFC 3339, "2026-11-28T18:01:00Z"; buf >= 21 bytes. */
void reco_time_rfc3339(time_t t, char *buf, size_t size);

/* Human size with binary units ("2.0 GiB"), for display only. */
void reco_human_size(uint64_t bytes, char *buf, size_t size);

/* Lower-case hex of len bytes into out (2*len+1 bytes). */
void reco_hex(const unsigned char *in, size_t len, char *out);

/* 1 when s[0..len) is well-formed UTF-8 (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF) without a NUL byte; 0 otherwise. */
int reco_utf8_valid(const char *s, size_t len);

/* Monotonic clock in nanoseconds. */
uint64_t reco_now_ns(void);

#endif
