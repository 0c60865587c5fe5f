/*
 * l10n.c — numbers, sizes, rates, dates and widths in the language of the
 * messages (see l10n.h).  The two languages' formats are the tables below;
 * which one applies is asked of the message catalogue itself.
 */
#include "l10n.h"

#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "x509.h"

static const struct reco_l10n fr = {
	.lang = "fr",
	.decimal = ",",
	.group = "\u00a0", /* no-break space: console fonts have it, unlike U+202F */
	.percent = "\u00a0%",
	.day_first = 1,
	.size_units = { "o", "Kio", "Mio", "Gio", "Tio", "Pio" },
	.rate_units = { "o/s", "ko/s", "Mo/s", "Go/s" },
	.months = { "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
		    "octobre", "novembre", "décembre" },
};

static const struct reco_l10n en = {
	.lang = "en",
	.decimal = ".",
	.group = ",",
	.percent = "%",
	.day_first = 0,
	.size_units = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" },
	.rate_units = { "B/s", "kB/s", "MB/s", "GB/s" },
	.months = { "January", "February", "March", "April", "May", "June", "July", "August", "September",
		    "October", "November", "December" },
};

const char *reco_l10n_lang(void)
{
	/* TRANSLATORS: the two-letter code of the language you translate into */
	const char *l = pgettext("language code", "en");
	return !strcmp(l, "fr") ? "fr" : "en";
}

const struct reco_l10n *reco_l10n(const char *lang)
{
	if (!lang)
		lang = reco_l10n_lang();
	return !strcmp(lang, "fr") ? &fr : &en;
}

static locale_t loc_fr, loc_en;
static pthread_once_t loc_once = PTHREAD_ONCE_INIT;

static void loc_init(void)
{
	loc_fr = newlocale(LC_ALL_MASK, "fr_FR.UTF-8", (locale_t)0);
	loc_en = newlocale(LC_ALL_MASK, "en_US.UTF-8", (locale_t)0);
	if (!loc_en)
		loc_en = newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0);
}

void *reco_lang_begin(const char *lang)
{
	pthread_once(&loc_once, loc_init);
	locale_t l = lang && !strcmp(lang, "fr") ? loc_fr : loc_en;
	return l ? (void *)uselocale(l) : NULL;
}

void reco_lang_end(void *previous)
{
	if (previous)
		uselocale((locale_t)previous);
}

/* Appends src to buf (size bytes, used so far *n), truncating. */
static void put(char *buf, size_t size, size_t *n, const char *src)
{
	size_t l = strlen(src);
	if (*n + 1 >= size)
		return;
	if (l > size - 1 - *n)
		l = size - 1 - *n;
	memcpy(buf + *n, src, l);
	*n += l;
	buf[*n] = '\0';
}

char *reco_fmt_int(const struct reco_l10n *L, long long v, char *buf, size_t size)
{
	if (!L)
		L = reco_l10n(NULL);
	char digits[32];
	snprintf(digits, sizeof(digits), "%llu", v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v);
	size_t n = 0, len = strlen(digits);
	if (size)
		buf[0] = '\0';
	if (v < 0)
		put(buf, size, &n, "-");
	for (size_t i = 0; i < len; i++) {
		char d[2] = { digits[i], '\0' };
		put(buf, size, &n, d);
		if ((len - 1 - i) % 3 == 0 && i + 1 < len)
			put(buf, size, &n, L->group);
	}
	return buf;
}

char *reco_fmt_decimal(const struct reco_l10n *L, long long value, int decimals, char *buf, size_t size)
{
	if (!L)
		L = reco_l10n(NULL);
	if (decimals < 0 || decimals > 9)
		decimals = 0;
	long long div = 1;
	for (int i = 0; i < decimals; i++)
		div *= 10;
	unsigned long long a = value < 0 ? 0ULL - (unsigned long long)value : (unsigned long long)value;
	char whole[48], frac[24];
	reco_fmt_int(L, (long long)(a / (unsigned long long)div), whole, sizeof(whole));
	snprintf(frac, sizeof(frac), "%0*llu", decimals, a % (unsigned long long)div);
	size_t n = 0;
	if (size)
		buf[0] = '\0';
	if (value < 0)
		put(buf, size, &n, "-");
	put(buf, size, &n, whole);
	if (decimals) {
		put(buf, size, &n, L->decimal);
		put(buf, size, &n, frac);
	}
	return buf;
}

char *reco_fmt_size(const struct reco_l10n *L, uint64_t bytes, char *buf, size_t size)
{
	if (!L)
		L = reco_l10n(NULL);
	char num[48];
	if (bytes < 1024) {
		snprintf(buf, size, "%llu %s", (unsigned long long)bytes, L->size_units[0]);
		return buf;
	}
	/* tenths of the unit, rounded half up; 1023.96 KiB shows as 1,0 Mio */
	unsigned u = 0;
	long double v = (long double)bytes;
	while (u < 5 && v >= 1024.0L) {
		v /= 1024.0L;
		u++;
	}
	long long tenths = (long long)(v * 10.0L + 0.5L);
	if (tenths >= 10240 && u < 5) {
		v /= 1024.0L;
		u++;
		tenths = (long long)(v * 10.0L + 0.5L);
	}
	reco_fmt_decimal(L, tenths, 1, num, sizeof(num));
	snprintf(buf, size, "%s %s", num, L->size_units[u]);
	return buf;
}

char *reco_fmt_rate(const struct reco_l10n *L, uint64_t bps, char *buf, size_t size)
{
	if (!L)
		L = reco_l10n(NULL);
	unsigned u = 0;
	uint64_t scale = 1;
	while (u < 3 && bps >= scale * 1000)
		scale *= 1000, u++;
	char num[48];
	if (u == 0 || bps / scale >= 100)
		reco_fmt_int(L, (long long)((bps + scale / 2) / scale), num, sizeof(num));
	else
		reco_fmt_decimal(L, (long long)((bps * 10 + scale / 2) / scale), 1, num, sizeof(num));
	snprintf(buf, size, "%s %s", num, L->rate_units[u]);
	return buf;
}

char *reco_fmt_permille(const struct reco_l10n *L, long long permille, char *buf, size_t size)
{
	if (!L)
		L = reco_l10n(NULL);
	char num[48];
	reco_fmt_decimal(L, permille, 1, num, sizeof(num));
	snprintf(buf, size, "%s%s", num, L->percent);
	return buf;
}

char *reco_fmt_time(const struct reco_l10n *L, time_t t, int with_time, char *buf, size_t size)
{
	if (!L)
		L = reco_l10n(NULL);
	struct tm tm;
	if (!size)
		return buf;
	char hm[16] = "";
	if (!localtime_r(&t, &tm)) {
		buf[0] = '\0';
		return buf;
	}
	if (with_time)
		snprintf(hm, sizeof(hm), " %02d:%02d", tm.tm_hour, tm.tm_min);
	if (L->day_first)
		snprintf(buf, size, "%02d/%02d/%04d%s", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900, hm);
	else
		snprintf(buf, size, "%04d-%02d-%02d%s", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, hm);
	return buf;
}

char *reco_fmt_rfc3339(const struct reco_l10n *L, const char *s, int with_time, char *buf, size_t size)
{
	time_t t;
	if (!size)
		return buf;
	if (!s) {
		buf[0] = '\0';
		return buf;
	}
	if (reco_parse_rfc3339(s, &t)) {
		snprintf(buf, size, "%s", s);
		return buf;
	}
	return reco_fmt_time(L, t, with_time, buf, size);
}

char *reco_fmt_month(const struct reco_l10n *L, const char *ym, char *buf, size_t size)
{
	if (!L)
		L = reco_l10n(NULL);
	int y, m;
	char extra;
	if (ym && strlen(ym) == 7 && sscanf(ym, "%4d-%2d%c", &y, &m, &extra) == 2 && m >= 1 && m <= 12 &&
	    ym[4] == '-')
		snprintf(buf, size, "%s %d", L->months[m - 1], y);
	else
		snprintf(buf, size, "%s", ym ? ym : "");
	return buf;
}

/* One UTF-8 sequence at s: the code point, or -1 (one byte consumed). */
static long utf8_next(const unsigned char **s)
{
	const unsigned char *p = *s;
	int n = p[0] < 0x80 ? 0 : p[0] >= 0xc2 && p[0] < 0xe0 ? 1 : p[0] >= 0xe0 && p[0] < 0xf0 ? 2
		: p[0] >= 0xf0 && p[0] < 0xf5 ? 3 : -1;
	if (n < 0) {
		(*s)++;
		return -1;
	}
	long cp = n ? p[0] & (0x3f >> n) : p[0];
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			(*s)++;
			return -1;
		}
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	*s += n + 1;
	return cp;
}

size_t reco_str_width(const char *s)
{
	size_t w = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (p && *p) {
		long cp = utf8_next(&p);
		if (cp < 0) {
			w++;
			continue;
		}
		int cw = wcwidth((wchar_t)cp);
		if (cw < 0)
			/* a locale that does not know the character: combining
			 * diacritics take no column, other printables one */
			cw = cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? 0 : cp >= 0x300 && cp < 0x370 ? 0 : 1;
		w += (size_t)cw;
	}
	return w;
}

char *reco_str_pad(const char *s, size_t width, int right, char *buf, size_t size)
{
	size_t w = reco_str_width(s ? s : ""), n = 0;
	if (!size)
		return buf;
	buf[0] = '\0';
	if (right)
		for (; w < width; w++)
			put(buf, size, &n, " ");
	put(buf, size, &n, s ? s : "");
	if (!right)
		for (; w < width; w++)
			put(buf, size, &n, " ");
	return buf;
}
