/*
 * fuzz_diag_bt.c — the Bluetooth management event parsers
 * (tools/diag/bluetooth.c): Device Found events (from the controller, and
 * through it from any device in range) and the controller index list.
 * Checks: no read outside the input, never more indexes than room.
 * Corpus: tests/fuzz/corpus/diag_bt.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag/functions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	struct diag_bt_found f;
	if (diag_bt_parse_found(copy, size, &f) == 0 && size < 14)
		abort();
	uint16_t idx[4];
	int n = diag_bt_parse_index_list(copy, size, idx, 4);
	if (n > 4)
		abort();
	free(copy);
	return 0;
}
