/*
 * fuzz_edid.c — libFuzzer harness for the EDID parser (tools/inventory/edid.c)
 * and its JSON form.  Also built as a replay program (tests/fuzz/replay.c)
 * whose corpus, tests/fuzz/corpus/edid/, `make check` replays.
 *
 * Besides "no crash, no out-of-bounds read", it checks invariants the
 * inventory relies on: problems always described, sizes consistent, no real
 * numbers in the JSON.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inventory/displays.h"
#include "inventory/edid.h"
#include "lib/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct edid_info e;
	int rc = edid_parse(data, size, &e);
	char probs[EDID_MAX_BLOCKS * 5 + 64];
	size_t need = edid_problem_string(&e, probs, sizeof(probs));
	if (need >= sizeof(probs) || strlen(probs) != need)
		abort();
	if (size == 0 && e.problems != EDID_PROB_EMPTY)
		abort();
	if (rc == 0 && !(e.have & EDID_HAVE_ID) && size >= 18)
		abort();
	if ((e.have & EDID_HAVE_SIZE) && (!e.width_mm || !e.height_mm || !e.diagonal_tenth_inch))
		abort();
	if (e.vendor[0] && strlen(e.vendor) != 3)
		abort();
	if (strlen(e.name) >= sizeof(e.name) || strlen(e.serial_string) >= sizeof(e.serial_string))
		abort();

	json_t *o = inv_edid_json(&e);
	if (o) {
		char *s = reco_json_canonical(o);
		if (!s)
			abort(); /* a real slipped in, or out of memory */
		free(s);
		json_decref(o);
	}
	return 0;
}
