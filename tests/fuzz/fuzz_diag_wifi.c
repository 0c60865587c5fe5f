/*
 * fuzz_diag_wifi.c — the Wi-Fi scan parsers (tools/diag/wifi_scan.c) on
 * arbitrary bytes: what comes from the air through nl80211.  The first byte
 * chooses the parser: even, the information elements (IEEE 802.11 9.4.2);
 * odd, a whole NL80211_ATTR_BSS attribute payload (netlink attributes whose
 * IEs are parsed in turn).  Then the scan summary.  Checks: no read outside
 * the input (ASan), an SSID never longer than 32 bytes, a parsed BSS has a
 * frequency.  Corpus: tests/fuzz/corpus/diag_wifi.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag/functions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct diag_wifi_bss b;
	memset(&b, 0, sizeof(b));
	/* an exact-size copy, so that ASan sees any overread */
	uint8_t *copy = malloc(size - 1 ? size - 1 : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 1, size - 1);
	if (data[0] & 1) {
		if (diag_wifi_parse_bss(copy, size - 1, &b) == 0 && b.freq_mhz == 0 && size < 8)
			abort(); /* a frequency attribute needs 8 bytes */
	} else {
		int n = diag_wifi_parse_ies(copy, size - 1, &b);
		if (n > (int)size)
			abort();
	}
	if (b.ssid_len > 32 || (b.ssid_len && !b.have_ssid))
		abort();
	struct diag_wifi_scan s;
	memset(&s, 0, sizeof(s));
	diag_wifi_scan_add(&s, &b, "atelier");
	if (s.networks != 1)
		abort();
	free(copy);
	return 0;
}
