/*
 * fuzz_diag_kmsg.c — the text the kernel gives reco diag's function parts:
 * kernel log records (firmware load failures, tools/diag/fwlog.c) and
 * HD-audio codec descriptions (/proc/asound/cardN/codec#M pin
 * configurations, tools/diag/tone.c), both on the same arbitrary bytes.
 * Checks: no read outside the input, the failure table bounded, its
 * strings terminated.  Corpus: tests/fuzz/corpus/diag_kmsg.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag/functions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	static struct diag_fw_log log;
	memset(&log, 0, sizeof(log));
	diag_fwlog_parse(copy, size, &log);
	if (log.n > DIAG_FW_MAX)
		abort();
	for (size_t i = 0; i < log.n; i++) {
		if (strlen(log.f[i].who) >= sizeof(log.f[i].who) || strlen(log.f[i].file) >= sizeof(log.f[i].file))
			abort();
		if (!log.f[i].who[0])
			abort(); /* a failure always has its device */
		diag_fw_fail_matches(&log.f[i], "0000:02:00.0");
	}
	struct diag_hda_pins p;
	diag_hda_parse_pins(copy, size, &p);
	if (p.int_mics > p.mics)
		abort();
	free(copy);
	return 0;
}
