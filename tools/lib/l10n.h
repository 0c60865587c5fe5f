/*
 * l10n.h — numbers, sizes, rates, dates and column widths for people, in
 * the language the messages speak: "23,5 Gio", "1 234", "506 Mo/s",
 * "03/12/2026 06:48", "mars 2026" in French; "23.5 GiB", "1,234",
 * "506 MB/s", "2026-12-03 06:48", "March 2026" in English.  Machine output
 * (JSON, the report itself) keeps integers and RFC 3339 times; these are for
 * text, pages and documents only.
 *
 * The formats of each language are data here (struct reco_l10n), so that
 * they do not depend on which LC_NUMERIC or LC_TIME locales a machine has:
 * a French message never carries an English number.  reco_l10n(NULL) picks
 * the language of the messages of the calling thread (gettext, so the
 * registry's per-request uselocale() and a document's --lang both count).
 *
 * Dates are shown in local time (TZ), to the minute.  Display widths count
 * terminal columns (wcwidth), not bytes, so that "État" and "Modèle" line
 * up with "State".  Nothing here prints: every function writes into the
 * caller's buffer (always NUL-terminated, truncated when too small).
 */
#ifndef RECO_L10N_H
#define RECO_L10N_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct reco_l10n {
	const char *lang;          /* "fr", "en" */
	const char *decimal;       /* "," */
	const char *group;         /* thousands separator (UTF-8) */
	const char *percent;       /* what follows a percentage: " %" */
	int day_first;             /* 03/12/2026, else 2026-12-03 */
	const char *size_units[6]; /* o, Kio, Mio... */
	const char *rate_units[4]; /* o/s, ko/s, Mo/s, Go/s (powers of 1000) */
	const char *months[12];
};

/* The formats of lang ("fr" or "en"; anything else is English), or of the
 * language the calling thread's messages are in when lang is NULL. */
const struct reco_l10n *reco_l10n(const char *lang);

/* "fr" or "en": the language of the calling thread's messages (what the
 * catalogue says its language is, so LANGUAGE, LC_MESSAGES and uselocale()
 * all count). */
const char *reco_l10n_lang(void);

/* Makes the calling thread speak lang ("fr"/"en") until reco_lang_end():
 * uselocale() of a UTF-8 locale of that language (C.UTF-8 for English when
 * en_US is missing).  Returns what to hand to reco_lang_end(), (locale_t)0
 * when nothing changed.  $LANGUAGE overrides a locale for gettext: a
 * single-threaded caller clears it first (documents choose their language
 * whatever the environment says). */
void *reco_lang_begin(const char *lang);
void reco_lang_end(void *previous);

/* Every formatter below takes L (NULL: reco_l10n(NULL)) and returns buf. */
/* An integer with thousands separators: "12 345" / "12,345". */
char *reco_fmt_int(const struct reco_l10n *L, long long v, char *buf, size_t size);
/* value / 10^decimals with that many decimals: (235, 1) → "23,5". */
char *reco_fmt_decimal(const struct reco_l10n *L, long long value, int decimals, char *buf, size_t size);
/* Binary units, one decimal, rounded: "23,5 Gio", "512 o". */
char *reco_fmt_size(const struct reco_l10n *L, uint64_t bytes, char *buf, size_t size);
/* Bytes per second in powers of 1000, no decimal from 100 on: "506 Mo/s". */
char *reco_fmt_rate(const struct reco_l10n *L, uint64_t bytes_per_s, char *buf, size_t size);
/* A per-mille value as a percentage with one decimal: 550 → "55,0 %". */
char *reco_fmt_permille(const struct reco_l10n *L, long long permille, char *buf, size_t size);
/* t in local time: "03/12/2026 06:48" (with_time) or "03/12/2026". */
char *reco_fmt_time(const struct reco_l10n *L, time_t t, int with_time, char *buf, size_t size);
/* The same from RFC 3339 UTC text ("2026-12-03T05:48:00Z"); text that is
 * not such a time is copied as it is (nothing is hidden); NULL gives "". */
char *reco_fmt_rfc3339(const struct reco_l10n *L, const char *s, int with_time, char *buf, size_t size);
/* "2026-03" → "mars 2026" / "March 2026"; other text is copied. */
char *reco_fmt_month(const struct reco_l10n *L, const char *yyyy_mm, char *buf, size_t size);

/* Terminal columns of UTF-8 text: wcwidth() per code point (combining
 * marks 0, wide characters 2), 1 for a printable character wcwidth()
 * does not know (a non-UTF-8 locale), 0 for control characters; bytes that
 * are not UTF-8 count 1 each. */
size_t reco_str_width(const char *s);
/* s padded with spaces to width columns (after it, or before it when
 * right), into buf; text wider than width is kept whole.  Returns buf. */
char *reco_str_pad(const char *s, size_t width, int right, char *buf, size_t size);

#endif
