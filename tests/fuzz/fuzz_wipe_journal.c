/*
 * fuzz_wipe_journal.c — the journal parser of reco wipe (journal.c) on
 * arbitrary bytes: it must refuse or accept without crashing, and what it
 * accepts must format and parse back to the same state.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wipe/wipe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wipe_journal j, k;
	if (wipe_journal_parse((const char *)data, size, &j) != 0)
		return 0;
	char *s = wipe_journal_format(&j);
	if (s) {
		if (wipe_journal_parse(s, strlen(s), &k) != 0)
			abort(); /* what we accept we must be able to write back */
		if (k.offset != j.offset || k.pass != j.pass || k.phase != j.phase || k.nbad != j.nbad)
			abort();
		wipe_journal_release(&k);
		free(s);
	}
	wipe_journal_release(&j);
	return 0;
}
