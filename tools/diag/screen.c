/*
 * screen.c — the automatic half of the screen part: one per built-in panel.
 *
 * Panels are the DRM connectors of type eDP, LVDS or DSI
 * (/sys/class/drm/cardN-eDP-1: status, edid, modes; kernel
 * Documentation/ABI/testing/sysfs-class-drm... and drm_sysfs.c).  For a
 * connected panel: its EDID is read and checked (tools/inventory/edid.c:
 * header, checksums), the preferred (native) mode it declares must be among
 * the modes the driver offers, and the backlight (/sys/class/backlight,
 * Documentation/ABI/stable/sysfs-class-backlight) must follow a brightness
 * written to it: set a quarter of the range away, read actual_brightness
 * back, then put the old value back.  A laptop whose built-in connectors
 * are all disconnected has lost its panel (or its cable).  What a person
 * sees — dead pixels, colours — is the guided test's (reco menu).
 *
 * Metrics: screen.panel_missing, screen.edid_missing, screen.edid_bad,
 * screen.native_mode_missing, screen.backlight_stuck (only when the
 * backlight was exercised), screen.no_backlight.
 */
#include "functions.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inventory/edid.h"
#include "lib/json.h"
#include "lib/sysroot.h"

#define DRM "/sys/class/drm"
#define BL "/sys/class/backlight"

int diag_connector_internal(const char *name)
{
	const char *dash = strchr(name, '-');
	if (!dash || strncmp(name, "card", 4) != 0)
		return 0;
	const char *t = dash + 1;
	return strncmp(t, "eDP-", 4) == 0 || strncmp(t, "LVDS-", 5) == 0 || strncmp(t, "DSI-", 4) == 0;
}

int diag_modes_offer(const char *modes, size_t len, unsigned width, unsigned height)
{
	char want[32];
	int wl = snprintf(want, sizeof(want), "%ux%u", width, height);
	const char *p = modes, *end = modes + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		/* "1920x1080" or "1920x1080i" */
		if ((size_t)(le - p) >= (size_t)wl && memcmp(p, want, (size_t)wl) == 0 &&
		    (le - p == wl || p[wl] == 'i'))
			return 1;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

/* The backlight to exercise: a raw one drives the panel directly, then
 * platform, then firmware (the order userspace tools prefer). */
static int pick_backlight(const char *root, char *name, size_t size)
{
	DIR *d = reco_opendir(root, BL);
	if (!d)
		return -ENOENT;
	static const char *const order[] = { "raw", "platform", "firmware" };
	int best = 99;
	struct dirent *de;
	while ((de = readdir(d))) {
		char p[320], type[32];
		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), BL "/%s/type", de->d_name);
		if (reco_read_str(root, p, type, sizeof(type)) != 0)
			continue;
		for (int i = 0; i < 3; i++)
			if (strcmp(type, order[i]) == 0 && (i < best || (i == best && strcmp(de->d_name, name) < 0))) {
				best = i;
				snprintf(name, size, "%.63s", de->d_name);
			}
	}
	closedir(d);
	return best < 99 ? 0 : -ENOENT;
}

static int write_u64(const char *root, const char *path, uint64_t v)
{
	char full[4096], buf[32];
	int rc = reco_path(root, path, full, sizeof(full));
	if (rc)
		return rc;
	FILE *f = fopen(full, "we");
	if (!f)
		return -errno;
	int n = snprintf(buf, sizeof(buf), "%llu\n", (unsigned long long)v);
	rc = fwrite(buf, 1, (size_t)n, f) == (size_t)n ? 0 : -EIO;
	if (fclose(f) != 0 && !rc)
		rc = -errno;
	return rc;
}

int diag_backlight_check(const char *root, const char *name, json_t *out)
{
	char p[320];
	uint64_t maxb = 0, cur = 0, got = 0;
	snprintf(p, sizeof(p), BL "/%s/max_brightness", name);
	if (reco_read_u64(root, p, &maxb) != 0 || maxb == 0)
		return -ENODATA;
	snprintf(p, sizeof(p), BL "/%s/brightness", name);
	if (reco_read_u64(root, p, &cur) != 0)
		return -ENODATA;
	uint64_t step = maxb / 4 ? maxb / 4 : 1;
	uint64_t target = cur > maxb / 2 ? cur - step : cur + step;
	if (target > maxb)
		target = maxb;
	if (target == 0)
		target = 1; /* never switch the panel off */
	json_object_set_new(out, "max", json_integer((json_int_t)maxb));
	json_object_set_new(out, "before", json_integer((json_int_t)cur));
	json_object_set_new(out, "set", json_integer((json_int_t)target));
	int rc = write_u64(root, p, target);
	if (rc)
		return rc;
	usleep(100000);
	snprintf(p, sizeof(p), BL "/%s/actual_brightness", name);
	if (reco_read_u64(root, p, &got) != 0) {
		snprintf(p, sizeof(p), BL "/%s/brightness", name);
		reco_read_u64(root, p, &got);
	}
	json_object_set_new(out, "read_back", json_integer((json_int_t)got));
	snprintf(p, sizeof(p), BL "/%s/brightness", name);
	write_u64(root, p, cur);
	/* a device may round to its own steps: one percent of the range */
	uint64_t tol = maxb / 100;
	return got + tol >= target && got <= target + tol;
}

static void panel(const struct diag_fn_ctx *c, struct diag_part *p, const char *conn)
{
	char path[320];
	unsigned char *edid = NULL;
	size_t len = 0;
	snprintf(path, sizeof(path), DRM "/%s/edid", conn);
	if (reco_read_file(c->root, path, (char **)&edid, &len, 65536) != 0 || len == 0) {
		diag_metric_set(p, "screen.edid_missing", 1);
	} else {
		struct edid_info e;
		edid_parse(edid, len, &e);
		int bad = (e.problems & (EDID_PROB_BAD_HEADER | EDID_PROB_CHECKSUM | EDID_PROB_SHORT)) != 0;
		diag_metric_set(p, "screen.edid_missing", 0);
		diag_metric_set(p, "screen.edid_bad", bad);
		char probs[256];
		edid_problem_string(&e, probs, sizeof(probs));
		json_t *o = json_pack("{s:I,s:b}", "bytes", (json_int_t)len, "checksum_ok", e.declared_blocks_ok);
		reco_json_set_str(o, "problems", probs);
		reco_json_set_str(o, "vendor", e.vendor);
		if (e.have & EDID_HAVE_PREFERRED) {
			json_object_set_new(o, "native_width", json_integer(e.pref_width));
			json_object_set_new(o, "native_height", json_integer(e.pref_height));
			char *modes = NULL;
			size_t ml = 0;
			snprintf(path, sizeof(path), DRM "/%s/modes", conn);
			int offered = reco_read_file(c->root, path, &modes, &ml, 65536) == 0 &&
				      diag_modes_offer(modes, ml, e.pref_width, e.pref_height);
			free(modes);
			diag_metric_set(p, "screen.native_mode_missing", !offered);
			json_object_set_new(o, "native_mode_offered", json_boolean(offered));
		}
		json_object_set_new(p->details, "edid", o);
	}
	free(edid);

	char bl[64] = "";
	if (pick_backlight(c->root, bl, sizeof(bl)) != 0) {
		diag_metric_set(p, "screen.no_backlight", 1);
		return;
	}
	json_t *b = json_pack("{s:s}", "device", bl);
	json_object_set_new(p->details, "backlight", b);
	if (!c->live) {
		json_object_set_new(b, "skipped", json_string(DIAG_SKIP_NO_LIVE));
	} else if (c->read_only) {
		json_object_set_new(b, "skipped", json_string(DIAG_SKIP_READ_ONLY));
	} else {
		int rc = diag_backlight_check(c->root, bl, b);
		if (rc < 0)
			json_object_set_new(b, "errno", json_integer(-rc));
		else
			diag_metric_set(p, "screen.backlight_stuck", rc == 0);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int diag_screen_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max)
{
	DIR *d = reco_opendir(c->root, DRM);
	if (!d)
		return 0;
	char *names[64];
	size_t nn = 0;
	struct dirent *de;
	while ((de = readdir(d)) && nn < 64)
		if (diag_connector_internal(de->d_name))
			names[nn++] = strdup(de->d_name);
	closedir(d);
	qsort(names, nn, sizeof(*names), cmp_str);
	int n = 0, any_connected = 0;
	for (size_t i = 0; i < nn; i++) {
		char path[320], status[32] = "";
		snprintf(path, sizeof(path), DRM "/%s/status", names[i] ? names[i] : "");
		if (names[i] && reco_read_str(c->root, path, status, sizeof(status)) == 0 &&
		    strcmp(status, "connected") == 0 && (size_t)n < max) {
			struct diag_part *p = &out[n];
			const char *conn = strchr(names[i], '-') + 1;
			if (diag_part_init(p, "screen", conn) == 0) {
				n++;
				any_connected = 1;
				json_object_set_new(p->details, "connector", json_string(names[i]));
				diag_metric_set(p, "screen.panel_missing", 0);
				panel(c, p, names[i]);
			}
		}
	}
	/* built-in connectors, none connected: the panel is not seen */
	if (nn && !any_connected && (size_t)n < max && diag_part_init(&out[n], "screen", "panel") == 0) {
		json_t *a = json_array();
		for (size_t i = 0; i < nn; i++)
			if (names[i])
				json_array_append_new(a, json_string(names[i]));
		json_object_set_new(out[n].details, "connectors", a);
		diag_metric_set(&out[n], "screen.panel_missing", 1);
		n++;
	}
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	return n;
}

const struct diag_part_desc diag_screen_desc = { "screen", DIAG_NEEDS_MACHINE | DIAG_NEEDS_ADMIN, NULL, diag_fn_run_part,
						(const void *)(diag_fn_reader)diag_screen_read };
