/*
 * fuzz_diag_smart.c — reco diag's SMART reader and verdict table on
 * arbitrary bytes (smartctl output someone sent in, `--smart-json`): parse,
 * extract metrics, judge, render the part as JSON and as plain text.
 * Corpus: tests/fuzz/corpus/diag_smart (the smartctl fixtures).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "diag/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag_part p;
	if (diag_part_init(&p, "disk", "fuzz") != 0)
		return 0;
	diag_smart_eval_text((const char *)data, size, &p);
	diag_part_judge(&p);
	free(diag_part_reason(&p, 1));
	free(diag_part_action(&p, 1));
	json_t *doc = json_pack("{s:[o]}", "parts", diag_part_json(&p));
	diag_summary_json(doc, &p, 1);
	char *sheet = diag_sheet_text(doc, NULL, NULL, 1);
	free(sheet);
	json_decref(doc);
	diag_part_release(&p);
	return 0;
}
