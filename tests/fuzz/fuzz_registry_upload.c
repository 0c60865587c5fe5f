/*
 * fuzz_registry_upload.c — what a browser's import form sends the registry:
 * a multipart/form-data body (webmultipart.c), and the ZIP or tar archive
 * of a RECO-DATA folder read in memory (bundle.c, libarchive).  The first
 * byte picks: even, the rest is a multipart body under a fixed boundary
 * (and each part must lie inside the body); odd, an archive whose kept
 * files must respect their size limits.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "registry/registry.h"
#include "registry/webparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *body = (const char *)data + 1;
	size_t len = size - 1;
	if (data[0] % 2 == 0) {
		struct web_part parts[16];
		size_t n = 0;
		if (web_multipart_parse(body, len, "multipart/form-data; boundary=XyZ", parts, 16, &n) == 0)
			for (size_t i = 0; i < n; i++)
				if (parts[i].data < body || parts[i].data + parts[i].len > body + len ||
				    strlen(parts[i].name) >= sizeof(parts[i].name) || !parts[i].name[0])
					abort();
		web_multipart_parse(body, len, "multipart/form-data; boundary=\"XyZ\"", parts, 2, &n);
		web_multipart_parse(body, len, "text/plain", parts, 16, &n);
	} else {
		struct reg_files fs = { 0 };
		struct reco_err e = { 0 };
		reg_files_from_archive(&fs, body, len, "fuzz.zip", &e);
		size_t total = 0;
		for (size_t i = 0; i < fs.n; i++) {
			if (fs.v[i].len > (16u << 20) || !fs.v[i].path)
				abort();
			total += fs.v[i].len;
		}
		if (total != fs.bytes || total > REG_BUNDLE_BYTES)
			abort();
		reg_files_release(&fs);
	}
	return 0;
}
