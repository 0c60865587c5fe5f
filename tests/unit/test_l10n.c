/*
 * test_l10n.c — numbers, sizes, rates, dates and widths for people in both
 * languages (tools/lib/l10n.c), the words for report codes
 * (tools/lib/words.c, English: the catalogue is not loaded here), and the
 * terminal tables aligned by display width (tools/common/table.c).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <time.h>

#include <cmocka.h>

#include "common/table.h"
#include "diag/diag.h"
#include "lib/l10n.h"
#include "lib/words.h"

#define NBSP "\u00a0"

static void test_int_and_decimal(void **state)
{
	(void)state;
	const struct reco_l10n *fr = reco_l10n("fr"), *en = reco_l10n("en");
	char b[64];
	assert_string_equal(reco_fmt_int(fr, 0, b, sizeof(b)), "0");
	assert_string_equal(reco_fmt_int(fr, 999, b, sizeof(b)), "999");
	assert_string_equal(reco_fmt_int(fr, 1234, b, sizeof(b)), "1" NBSP "234");
	assert_string_equal(reco_fmt_int(en, 1234567, b, sizeof(b)), "1,234,567");
	assert_string_equal(reco_fmt_int(en, -1234, b, sizeof(b)), "-1,234");
	assert_string_equal(reco_fmt_decimal(fr, 235, 1, b, sizeof(b)), "23,5");
	assert_string_equal(reco_fmt_decimal(en, 235, 1, b, sizeof(b)), "23.5");
	assert_string_equal(reco_fmt_decimal(fr, 5, 2, b, sizeof(b)), "0,05");
	assert_string_equal(reco_fmt_decimal(fr, -5, 1, b, sizeof(b)), "-0,5");
	assert_string_equal(reco_fmt_decimal(fr, 123456, 1, b, sizeof(b)), "12" NBSP "345,6");
	/* a buffer too small is cut, still terminated */
	char small[4];
	assert_string_equal(reco_fmt_int(en, 123456, small, sizeof(small)), "123");
}

static void test_sizes(void **state)
{
	(void)state;
	const struct reco_l10n *fr = reco_l10n("fr"), *en = reco_l10n("en");
	char b[64];
	assert_string_equal(reco_fmt_size(fr, 512, b, sizeof(b)), "512 o");
	assert_string_equal(reco_fmt_size(en, 512, b, sizeof(b)), "512 B");
	assert_string_equal(reco_fmt_size(fr, 1024, b, sizeof(b)), "1,0 Kio");
	/* 23.5 GiB exactly, and the rounding of the tenth */
	assert_string_equal(reco_fmt_size(fr, 23ULL * (1 << 30) + (1ULL << 29), b, sizeof(b)), "23,5 Gio");
	assert_string_equal(reco_fmt_size(en, 23ULL * (1 << 30) + (1ULL << 29), b, sizeof(b)), "23.5 GiB");
	assert_string_equal(reco_fmt_size(fr, 250059350016ULL, b, sizeof(b)), "232,9 Gio");
	assert_string_equal(reco_fmt_size(fr, 8589934592ULL, b, sizeof(b)), "8,0 Gio");
	/* 1023.99 MiB rounds to the next unit, not to "1024,0 Mio" */
	assert_string_equal(reco_fmt_size(fr, (1ULL << 30) - 4096, b, sizeof(b)), "1,0 Gio");
	assert_string_equal(reco_fmt_size(en, 2000398934016ULL, b, sizeof(b)), "1.8 TiB");
}

static void test_rates_and_percent(void **state)
{
	(void)state;
	const struct reco_l10n *fr = reco_l10n("fr"), *en = reco_l10n("en");
	char b[64];
	assert_string_equal(reco_fmt_rate(fr, 506000000, b, sizeof(b)), "506 Mo/s");
	assert_string_equal(reco_fmt_rate(en, 506000000, b, sizeof(b)), "506 MB/s");
	assert_string_equal(reco_fmt_rate(fr, 85400000, b, sizeof(b)), "85,4 Mo/s");
	assert_string_equal(reco_fmt_rate(fr, 1500000000, b, sizeof(b)), "1,5 Go/s");
	assert_string_equal(reco_fmt_rate(en, 999, b, sizeof(b)), "999 B/s");
	assert_string_equal(reco_fmt_permille(fr, 550, b, sizeof(b)), "55,0" NBSP "%");
	assert_string_equal(reco_fmt_permille(en, 1000, b, sizeof(b)), "100.0%");
}

static void test_dates(void **state)
{
	(void)state;
	const struct reco_l10n *fr = reco_l10n("fr"), *en = reco_l10n("en");
	char b[64];
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	/* 05:48 UTC is 06:48 in Paris in winter */
	assert_string_equal(reco_fmt_rfc3339(fr, "2026-12-03T05:48:00Z", 1, b, sizeof(b)), "03/12/2026 06:48");
	assert_string_equal(reco_fmt_rfc3339(en, "2026-12-03T05:48:00Z", 1, b, sizeof(b)), "2026-12-03 06:48");
	assert_string_equal(reco_fmt_rfc3339(fr, "2026-07-01T22:30:00Z", 0, b, sizeof(b)), "02/07/2026");
	/* what is not a time is shown as it is, never hidden */
	assert_string_equal(reco_fmt_rfc3339(fr, "yesterday", 1, b, sizeof(b)), "yesterday");
	assert_string_equal(reco_fmt_rfc3339(fr, NULL, 1, b, sizeof(b)), "");
	setenv("TZ", "UTC", 1);
	tzset();
	assert_string_equal(reco_fmt_rfc3339(fr, "2026-12-03T05:48:00Z", 1, b, sizeof(b)), "03/12/2026 05:48");
	assert_string_equal(reco_fmt_month(fr, "2026-03", b, sizeof(b)), "mars 2026");
	assert_string_equal(reco_fmt_month(en, "2026-12", b, sizeof(b)), "December 2026");
	assert_string_equal(reco_fmt_month(fr, "2026-13", b, sizeof(b)), "2026-13");
	assert_string_equal(reco_fmt_month(fr, "2026-031", b, sizeof(b)), "2026-031");
}

static void test_width_and_pad(void **state)
{
	(void)state;
	setlocale(LC_CTYPE, "C.UTF-8");
	char b[64];
	assert_int_equal(reco_str_width("State"), 5);
	assert_int_equal(reco_str_width("État"), 4);
	assert_int_equal(reco_str_width("Modèle"), 6);
	assert_int_equal(reco_str_width("e\u0301"), 1); /* e + combining acute */
	assert_int_equal(reco_str_width("日本"), 4);
	assert_int_equal(reco_str_width("\xff" "a"), 2); /* not UTF-8: a column per byte */
	assert_int_equal(reco_str_width(""), 0);
	assert_string_equal(reco_str_pad("État", 6, 0, b, sizeof(b)), "État  ");
	assert_string_equal(reco_str_pad("12", 4, 1, b, sizeof(b)), "  12");
	assert_string_equal(reco_str_pad("longer", 3, 0, b, sizeof(b)), "longer");
	/* the same without a UTF-8 locale: accented letters still one column */
	setlocale(LC_CTYPE, "C");
	assert_int_equal(reco_str_width("État"), 4);
	assert_int_equal(reco_str_width("e\u0301"), 1);
	setlocale(LC_CTYPE, "C.UTF-8");
}

static void test_table(void **state)
{
	(void)state;
	setlocale(LC_CTYPE, "C.UTF-8");
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct cli_table *t = cli_table_new(3);
	assert_non_null(t);
	cli_table_right(t, 2);
	assert_int_equal(cli_table_add(t, (const char *[]){ "APPAREIL", "ÉTAT", "N°" }), 0);
	assert_int_equal(cli_table_add(t, (const char *[]){ "pc-1", "prêt", "7" }), 0);
	assert_int_equal(cli_table_add(t, (const char *[]){ "pc-22", NULL, "123" }), 0);
	assert_int_equal(cli_table_add(t, (const char *[]){ "pc-3", "", "" }), 0);
	assert_int_equal(cli_table_print(t, f), 0);
	fclose(f);
	assert_string_equal(buf, "APPAREIL  ÉTAT   N°\n"
				 "pc-1      prêt    7\n"
				 "pc-22     -     123\n"
				 "pc-3\n"); /* no trailing blanks */
	free(buf);
	/* indented under a title */
	f = open_memstream(&buf, &len);
	cli_table_indent(t, 2);
	assert_int_equal(cli_table_print(t, f), 0);
	fclose(f);
	assert_memory_equal(buf, "  APPAREIL  ÉTAT   N°\n  pc-1 ", 27);
	free(buf);
	cli_table_free(t);
	assert_null(cli_table_new(0));
	assert_null(cli_table_new(17));
}

static void test_words(void **state)
{
	(void)state;
	/* no catalogue loaded: the English words, never the codes */
	assert_string_equal(reco_word_wipe_result("erased"), "erased");
	assert_string_equal(reco_word_wipe_result("aborted"), "interrupted");
	assert_string_equal(reco_word_wipe_method("random"), "random data, 1 pass");
	assert_string_equal(reco_word_wipe_method("nvme-format-crypto"), "NVMe Format, cryptographic erase");
	assert_string_equal(reco_word_verify_mode("sample"), "by samples");
	assert_string_equal(reco_word_nist("purge"), "Purge");
	assert_string_equal(reco_word_verdict("NOT_TESTED"), "not tested");
	assert_string_equal(reco_word_verdict("PASS"), "good");
	assert_string_equal(reco_word_part("ram"), "Memory");
	assert_string_equal(reco_word_diag_profile("quick"), "quick");
	/* unknown codes are shown, NULL is empty */
	assert_string_equal(reco_word_verdict("MAYBE"), "MAYBE");
	assert_string_equal(reco_word_part(NULL), "");
	assert_string_equal(reco_l10n_lang(), "en");
	assert_string_equal(reco_l10n(NULL)->lang, "en");
}

/* Every kind of part reco diag records has a word (the registry, the web
 * pages and the attestation show diag.json's parts by their code). */
static void test_every_part_has_a_word(void **state)
{
	(void)state;
	size_t n = 0;
	const struct diag_part_kind *k = diag_part_kinds(&n);
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++) {
		const char *w = reco_word_part(k[i].part);
		if (w == k[i].part || strcmp(w, k[i].part) == 0)
			fail_msg("part '%s' has no word in reco_word_part()", k[i].part);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int_and_decimal),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_rates_and_percent),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_width_and_pad),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_every_part_has_a_word),
		cmocka_unit_test(test_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
