/*
 * progress.c — reading the `--progress=json` lines of the other tools.
 *
 * reco wipe (tools/wipe/progress.c, schema reco-wipe-progress/1, on stderr):
 *   {"bytes_done","bytes_per_s","bytes_total","errors","eta_s","pass",
 *    "passes","permille","phase","schema","target"}
 * reco diag (tools/diag/main.c, on stderr):
 *   {"done","event":"progress"|"done","percent","test","total"}
 * Anything else (plain text, other JSON) is not progress.
 */
#include "menu.h"

#include <string.h>

static long long geti(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);
	return json_is_integer(v) ? (long long)json_integer_value(v) : 0;
}

static void gets_(const json_t *o, const char *k, char *dst, size_t size)
{
	const char *s = json_string_value(json_object_get(o, k));
	snprintf(dst, size, "%s", s ? s : "");
}

static int clamp_permille(long long v)
{
	return v < 0 ? 0 : v > 1000 ? 1000 : (int)v;
}

int menu_progress_parse(const char *line, size_t len, struct menu_progress *p)
{
	memset(p, 0, sizeof(*p));
	while (len && (*line == ' ' || *line == '\t'))
		line++, len--;
	if (!len || *line != '{')
		return 0;
	json_error_t jerr;
	json_t *o = json_loadb(line, len, JSON_DISABLE_EOF_CHECK, &jerr);
	if (!json_is_object(o)) {
		json_decref(o);
		return 0;
	}
	int ok = 0;
	const char *schema = json_string_value(json_object_get(o, "schema"));
	const char *event = json_string_value(json_object_get(o, "event"));
	if (schema && !strcmp(schema, "reco-wipe-progress/1") &&
	    json_is_string(json_object_get(o, "target"))) {
		p->kind = MP_WIPE;
		gets_(o, "target", p->key, sizeof(p->key));
		gets_(o, "phase", p->phase, sizeof(p->phase));
		p->permille = clamp_permille(geti(o, "permille"));
		p->pass = (int)geti(o, "pass");
		p->passes = (int)geti(o, "passes");
		p->bytes_per_s = geti(o, "bytes_per_s");
		p->eta_s = geti(o, "eta_s");
		p->errors = geti(o, "errors");
		p->done = !strcmp(p->phase, "erased") || !strcmp(p->phase, "failed") ||
			  !strcmp(p->phase, "aborted") || !strcmp(p->phase, "done");
		ok = 1;
	} else if (!schema && event && (!strcmp(event, "progress") || !strcmp(event, "done")) &&
		   json_is_string(json_object_get(o, "test"))) {
		p->kind = MP_DIAG;
		gets_(o, "test", p->key, sizeof(p->key));
		snprintf(p->phase, sizeof(p->phase), "%s", event);
		long long done = geti(o, "done"), total = geti(o, "total");
		if (total > 0 && done >= 0)
			p->permille = clamp_permille(done >= total ? 1000 : done * 1000 / total);
		else
			p->permille = clamp_permille(geti(o, "percent") * 10);
		p->done = !strcmp(event, "done");
		if (p->done)
			p->permille = 1000;
		ok = 1;
	}
	json_decref(o);
	if (ok && !p->key[0]) { /* a bar needs a name */
		memset(p, 0, sizeof(*p));
		ok = 0;
	}
	return ok;
}

int menu_bars_update(struct menu_bars *bars, const struct menu_progress *p)
{
	if (p->kind == MP_NONE || !p->key[0])
		return -1;
	int i;
	for (i = 0; i < bars->n; i++)
		if (!strcmp(bars->b[i].p.key, p->key))
			break;
	if (i == bars->n) {
		if (bars->n >= MENU_MAX_BARS)
			return -1;
		bars->n++;
		bars->b[i].p = *p;
		return i;
	}
	struct menu_progress *old = &bars->b[i].p;
	int keep = old->permille;
	int same_phase = !strcmp(old->phase, p->phase) && old->pass == p->pass;
	if (old->done && !p->done)
		return i; /* a late line after the end */
	*old = *p;
	if (same_phase && p->permille < keep)
		old->permille = keep;
	return i;
}
