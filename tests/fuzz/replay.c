/*
 * replay.c — runs a libFuzzer harness without libFuzzer: every file named on
 * the command line is read and passed to LLVMFuzzerTestOneInput once.  This
 * is how `make check` replays each harness's corpus (and its past crashes),
 * as libblkid's src/fuzz.c and systemd's src/fuzz/ do.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 1;
		}
		size_t cap = 1 << 16, len = 0;
		uint8_t *buf = malloc(cap);
		size_t r;
		while (buf && (r = fread(buf + len, 1, cap - len, f)) > 0) {
			len += r;
			if (len == cap) {
				uint8_t *nb = realloc(buf, cap *= 2);
				if (!nb) {
					free(buf);
					buf = NULL;
				} else {
					buf = nb;
				}
			}
		}
		fclose(f);
		if (!buf)
			return 1;
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		n++;
	}
	printf("replayed %d input(s)\n", n);
	return 0;
}
