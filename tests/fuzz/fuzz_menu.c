/*
 * fuzz_menu.c — libFuzzer harness for what `reco menu` reads from outside:
 * the progress lines of the tools it runs (tools/menu/progress.c), the
 * kernel command line and reco.conf (tools/menu/options.c), and the line
 * buffer that fits any text to the screen (tools/menu/lines.c).  Also built
 * as a replay program; its corpus is tests/fuzz/corpus/menu/.
 *
 * Invariants checked: a parsed progress line has a key and a permille in
 * 0..1000; options stay NUL-terminated and valid; every laid-out line fits
 * the width.
 */
#include <errno.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "menu/menu.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	if (!init) {
		setlocale(LC_ALL, "C.UTF-8");
		init = 1;
	}
	struct menu_progress p;
	if (menu_progress_parse((const char *)data, size, &p)) {
		if (!p.key[0] || p.permille < 0 || p.permille > 1000 || (p.kind != MP_WIPE && p.kind != MP_DIAG))
			abort();
		struct menu_bars b = { 0 };
		if (menu_bars_update(&b, &p) != 0)
			abort();
	}
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	struct menu_opts o;
	struct reco_err e = { 0 };
	menu_opts_init(&o);
	int rc = menu_opts_cmdline(&o, s, &e);
	if (rc != 0 && rc != -EINVAL)
		abort();
	if (strlen(o.method) >= sizeof(o.method) || strlen(o.registry) >= sizeof(o.registry))
		abort();
	if (strcmp(o.method, "auto") && strcmp(o.method, "random") && strcmp(o.method, "zero"))
		abort();
	rc = menu_opts_conf(&o, s, &e);
	if (rc != 0 && rc != -EINVAL)
		abort();
	if (o.lang[0] && strcmp(o.lang, "fr") && strcmp(o.lang, "en"))
		abort();

	struct menu_lines l;
	int width = size ? 1 + data[0] % 100 : 80;
	menu_lines_init(&l, width);
	menu_lines_wrap(&l, size > 1 ? data[1] % 12 : 0, s);
	menu_lines_add(&l, "%s", s);
	for (int i = 0; i < l.n; i++)
		if (menu_str_width(l.line[i]) > width)
			abort();
	menu_lines_release(&l);
	char out[256];
	menu_fit(s, width, 1, out, sizeof(out));
	if (menu_str_width(out) > width)
		abort();
	free(s);
	return 0;
}
