/*
 * displays.c — the "displays" section: one entry per DRM connector that has
 * an EDID (/sys/class/drm/card*-<connector>/edid), decoded by edid.c.
 *
 * Connectors without a monitor have an empty edid file and are skipped.  A
 * file that cannot be read gets a note (permission in particular).  Entries
 * are sorted by sysfs name, so the output does not depend on readdir order.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "displays.h"
#include "edid.h"
#include "inventory.h"
#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/sysroot.h"

#define DRM_DIR "/sys/class/drm"
/* 256 blocks of 128 bytes is the most an EDID can declare; leave room for
 * trailing bytes, refuse anything larger than that as not an EDID. */
#define EDID_MAX_FILE (64 * 1024)

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The JSON entry of one decoded EDID (without the connector fields). */
json_t *inv_edid_json(const struct edid_info *e)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	char buf[EDID_MAX_BLOCKS * 5 + 64];

	if (e->have & EDID_HAVE_ID) {
		json_object_set_new(o, "vendor", json_string(e->vendor));
		json_object_set_new(o, "product_code", json_integer(e->product_code));
		if (e->serial)
			json_object_set_new(o, "serial", json_integer(e->serial));
		if (e->week)
			json_object_set_new(o, "week", json_integer(e->week));
		json_object_set_new(o, "year", json_integer(e->year));
		if (e->model_year)
			json_object_set_new(o, "model_year", json_true());
	}
	reco_json_set_str(o, "name", e->name);
	reco_json_set_str(o, "serial_string", e->serial_string);
	if (e->ntext) {
		json_t *a = json_array();
		for (unsigned i = 0; i < e->ntext; i++)
			json_array_append_new(a, json_string(e->text[i]));
		json_object_set_new(o, "strings", a);
	}
	if (e->have & EDID_HAVE_VERSION) {
		snprintf(buf, sizeof(buf), "%u.%u", e->version, e->revision);
		json_object_set_new(o, "edid_version", json_string(buf));
	}
	if (e->have & EDID_HAVE_BASIC)
		json_object_set_new(o, "digital", json_boolean(e->digital));
	if (e->have & EDID_HAVE_EXTCOUNT)
		json_object_set_new(o, "extensions", json_integer(e->extensions));
	if (e->have & EDID_HAVE_SIZE) {
		json_object_set_new(o, "width_mm", json_integer(e->width_mm));
		json_object_set_new(o, "height_mm", json_integer(e->height_mm));
		json_object_set_new(o, "diagonal_tenth_inch", json_integer(e->diagonal_tenth_inch));
	} else if (e->have & EDID_HAVE_ASPECT) {
		json_object_set_new(o, "aspect_ratio_permille", json_integer(e->aspect_permille));
	}
	if (e->have & EDID_HAVE_PREFERRED) {
		json_object_set_new(o, "preferred_width", json_integer(e->pref_width));
		json_object_set_new(o, "preferred_height", json_integer(e->pref_height));
		json_object_set_new(o, "interlaced", json_boolean(e->pref_interlaced));
	}
	json_object_set_new(o, "edid_bytes", json_integer((json_int_t)e->len));
	json_object_set_new(o, "checksum_ok", json_boolean(e->declared_blocks_ok));

	json_t *probs = json_array();
	edid_problem_string(e, buf, sizeof(buf));
	for (char *save = NULL, *p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save))
		json_array_append_new(probs, json_string(p));
	json_object_set_new(o, "problems", probs);
	return o;
}

const char *inv_edid_problem_text(const char *problem)
{
	static const struct {
		const char *token;
		const char *text;
	} texts[] = {
		{ "empty", N_("no EDID (nothing read from the monitor)") },
		{ "bad-header", N_("not an EDID (bad header)") },
		{ "checksum-bad", N_("bad checksum") },
		{ "partial-block", N_("length is not a multiple of 128 bytes") },
		{ "extra-bytes", N_("extra bytes after the declared blocks") },
		{ "short", N_("truncated: fewer bytes than the EDID declares") },
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		size_t l = strlen(texts[i].token);
		if (!strncmp(problem, texts[i].token, l) && (problem[l] == '\0' || problem[l] == ':'))
			return _(texts[i].text);
	}
	return problem;
}

/* One connector directory: NULL when it has no EDID (not a connector, or
 * nothing plugged in) or it could not be read (a note says why). */
static json_t *one_connector(struct inv_ctx *ctx, const char *dname)
{
	char path[512];
	char *data = NULL;
	size_t len = 0;

	snprintf(path, sizeof(path), DRM_DIR "/%s/edid", dname);
	int rc = reco_read_file(ctx->root, path, &data, &len, EDID_MAX_FILE);
	if (rc == -ENOENT || rc == -ENOTDIR)
		return NULL;
	if (rc == -EFBIG) {
		/* TRANSLATORS: a note of the inventory; %s is a sysfs path */
		inv_note(ctx, "displays", 0, N_("%s: larger than %d bytes, not an EDID"), path,
			 EDID_MAX_FILE);
		return NULL;
	}
	if (rc) {
		inv_note(ctx, "displays", rc, N_("%s: cannot read EDID: %s"), path, strerror(-rc));
		return NULL;
	}
	if (len == 0) {
		free(data);
		return NULL;
	}

	struct edid_info e;
	edid_parse((const unsigned char *)data, len, &e);
	free(data);
	json_t *o = inv_edid_json(&e);
	if (!o)
		return NULL;

	/* "card0-eDP-1" → card "card0", connector "eDP-1" */
	const char *dash = strchr(dname, '-');
	if (dash && dash[1]) {
		char card[256];
		snprintf(card, sizeof(card), "%.*s", (int)(dash - dname), dname);
		json_object_set_new(o, "connector", reco_json_string_lossy(dash + 1));
		json_object_set_new(o, "card", reco_json_string_lossy(card));
	} else {
		json_object_set_new(o, "connector", reco_json_string_lossy(dname));
	}

	char val[64];
	snprintf(path, sizeof(path), DRM_DIR "/%s/status", dname);
	if (reco_read_str(ctx->root, path, val, sizeof(val)) == 0)
		reco_json_set_str(o, "status", val);
	snprintf(path, sizeof(path), DRM_DIR "/%s/enabled", dname);
	if (reco_read_str(ctx->root, path, val, sizeof(val)) == 0) {
		if (strcmp(val, "enabled") == 0)
			json_object_set_new(o, "enabled", json_true());
		else if (strcmp(val, "disabled") == 0)
			json_object_set_new(o, "enabled", json_false());
	}
	return o;
}

json_t *inv_displays(struct inv_ctx *ctx)
{
	DIR *d = reco_opendir(ctx->root, DRM_DIR);
	if (!d) {
		if (errno != ENOENT && errno != ENOTDIR)
			inv_note(ctx, "displays", errno, N_("%s: cannot list connectors: %s"), DRM_DIR,
				 strerror(errno));
		return NULL;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strlen(de->d_name) > 200)
			continue;
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			char **nn = realloc(names, ncap * sizeof(*nn));
			if (!nn)
				break;
			names = nn;
			cap = ncap;
		}
		names[n] = strdup(de->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);

	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = one_connector(ctx, names[i]);
		if (o)
			json_array_append_new(arr, o);
		free(names[i]);
	}
	free(names);
	return arr;
}
