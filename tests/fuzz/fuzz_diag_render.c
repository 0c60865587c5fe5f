/*
 * fuzz_diag_render.c — the texts of a diagnosis rendered back from a
 * diag.json someone else wrote (a report's "diag" section is untrusted
 * input to reco report and the registry): codes, values and metrics of
 * any type and size, through the reasons, actions, the cap line and the
 * Repair Café sheet, translated and in English.
 * Corpus: tests/fuzz/corpus/diag_render (diag.json documents).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "diag/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = json_loadb((const char *)data, size, 0, NULL);
	if (!doc)
		return 0;
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(doc, "parts"), i, p)
		for (int tr = 0; tr < 2; tr++) {
			free(diag_json_reason(p, tr));
			free(diag_json_action(p, tr));
		}
	free(diag_json_cap_text(doc, 0));
	free(diag_json_cap_text(doc, 1));
	free(diag_sheet_text(doc, "machine", "2026-01-01", 0));
	json_decref(doc);
	return 0;
}
