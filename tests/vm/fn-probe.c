/*
 * fn-probe.c — test-only: runs the measurement side of reco diag's function
 * parts (tools/diag/functions.h) on the running machine and prints what
 * they measured as JSON, one object per part: {part, id, metrics, details}.
 * The VM scenarios use it until the parts are wired into `reco diag --only`
 * (issue 15's verdict model); it judges nothing.
 *
 *   fn-probe [--budget MS] [--ssid S --psk P] [--read-only] [--exclude DEV]
 *            PART...      (wifi bluetooth ethernet sound camera usb screen
 *                          power media)
 * Exit: 0 printed, 2 usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag/functions.h"

typedef int (*reader)(const struct diag_fn_ctx *, struct diag_part *, size_t);

static const struct {
	const char *name;
	reader fn;
} parts[] = {
	{ "wifi", diag_wifi_read },	  { "bluetooth", diag_bluetooth_read }, { "ethernet", diag_ethernet_read },
	{ "sound", diag_sound_read },	  { "camera", diag_camera_read },	{ "usb", diag_usb_read },
	{ "screen", diag_screen_read }, { "power", diag_power_read },	{ "media", diag_media_read },
};

int main(int argc, char **argv)
{
	static struct diag_fw_log fw;
	static struct diag_rfkill rf[DIAG_RFKILL_MAX];
	struct diag_fn_ctx c;
	diag_fn_ctx_init(&c, "", 1, &fw, rf, DIAG_RFKILL_MAX);
	const char *excl[8];
	size_t nex = 0;
	json_t *out = json_array();
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--budget") == 0 && i + 1 < argc) {
			c.budget_ms = (unsigned)atoi(argv[++i]);
		} else if (strcmp(argv[i], "--ssid") == 0 && i + 1 < argc) {
			c.wifi_ssid = argv[++i];
		} else if (strcmp(argv[i], "--psk") == 0 && i + 1 < argc) {
			c.wifi_psk = argv[++i];
		} else if (strcmp(argv[i], "--read-only") == 0) {
			c.read_only = 1;
		} else if (strcmp(argv[i], "--exclude") == 0 && i + 1 < argc && nex < 8) {
			excl[nex++] = argv[++i];
			c.exclude = excl;
			c.n_exclude = nex;
		} else {
			size_t k = 0;
			while (k < sizeof(parts) / sizeof(parts[0]) && strcmp(parts[k].name, argv[i]) != 0)
				k++;
			if (k == sizeof(parts) / sizeof(parts[0])) {
				fprintf(stderr, "fn-probe: unknown part %s\n", argv[i]);
				return 2;
			}
			struct diag_part p[16];
			int n = parts[k].fn(&c, p, 16);
			for (int j = 0; j < n; j++) {
				json_t *m = json_object();
				for (size_t q = 0; q < p[j].n_metrics; q++)
					json_object_set_new(m, p[j].metrics[q].name, json_integer(p[j].metrics[q].value));
				json_array_append_new(out, json_pack("{s:s,s:s,s:o,s:O}", "part", p[j].part, "id", p[j].id,
								     "metrics", m, "details", p[j].details));
				diag_part_release(&p[j]);
			}
		}
	}
	char *s = json_dumps(out, JSON_INDENT(1) | JSON_SORT_KEYS);
	puts(s ? s : "[]");
	free(s);
	json_decref(out);
	return 0;
}
