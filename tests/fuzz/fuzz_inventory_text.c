/*
 * fuzz_inventory_text.c — the inventory's text parsers on arbitrary bytes:
 * /proc/cpuinfo, /proc/meminfo, and a smartctl JSON document through the
 * SMART summary.  Built as a libFuzzer target (make fuzz-build) and as a
 * replay program whose corpus (tests/fuzz/corpus/inventory_text) runs in
 * make check.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "inventory/inventory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	json_decref(inv_cpu_parse(text));
	json_decref(inv_meminfo_parse(text));
	json_t *doc = json_loadb((const char *)data, size, 0, NULL);
	if (doc) {
		json_t *sum = inv_smart_summary(doc);
		json_decref(sum);
		inv_json_reals_to_strings(doc);
		json_decref(doc);
	}
	free(text);
	return 0;
}
