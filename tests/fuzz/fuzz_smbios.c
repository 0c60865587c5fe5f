/*
 * fuzz_smbios.c — libFuzzer harness for the SMBIOS parser.
 *
 * The input is read three ways: as a file image (dump-bin or RawSMBIOSData,
 * the --dmi-dump path), as RawSMBIOSData explicitly, and split into an
 * entry point and a separate table (the sysfs path: first byte = entry-point
 * length).  Successful parses also go through smbios_to_json().  Each buffer is an exact-size copy so that ASan sees overreads.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "inventory/smbios.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one(int (*fn)(const uint8_t *, size_t, struct smbios *), const uint8_t *d, size_t n)
{
	struct smbios s;
	uint8_t *copy = malloc(n ? n : 1);
	if (!copy)
		return;
	memcpy(copy, d, n);
	if (fn(copy, n, &s) == 0) {
		json_t *j = smbios_to_json(&s);
		char *text = j ? json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
		free(text);
		json_decref(j);
	}
	smbios_free(&s);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct smbios s;
	one(smbios_parse_image, data, size);
	one(smbios_parse_raw, data, size);
	if (size > 1) {
		size_t ep_len = data[0] < size - 1 ? data[0] : size - 1;
		uint8_t *ep = malloc(ep_len ? ep_len : 1);
		size_t tl = size - 1 - ep_len;
		uint8_t *tab = malloc(tl ? tl : 1);
		if (ep && tab) {
			memcpy(ep, data + 1, ep_len);
			memcpy(tab, data + 1 + ep_len, tl);
			smbios_parse(ep, ep_len, tab, tl, &s);
			smbios_free(&s);
		}
		free(ep);
		free(tab);
	}
	return 0;
}
