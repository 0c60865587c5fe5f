/*
 * merge.c — one diag.json per session, written by several runs.
 *
 * A session's diagnosis is made in pieces: the automatic parts (reco diag
 * --quick from the menu), then the guided tests a person answers (reco diag
 * --only keyboard...), perhaps one test again later.  Each run measures the
 * kinds of part it was asked for; for every kind it left out, the parts the
 * session's diag.json already holds are kept as they were (their verdicts,
 * codes and evidence untouched), so that no run erases what an earlier one
 * measured in the same session.  A kind no run measured stays NOT_TESTED
 * ("left out of this run", or "needs a person" for a guided test).  The
 * document lists its runs (`runs[]`: started, finished, profile, the kinds
 * each measured), so a reader sees when each verdict was made.  The grade
 * and the completeness are computed again over the merged parts.
 */
#include "diag.h"

#include <string.h>

#include "lib/json.h"

int diag_part_from_json(struct diag_part *p, const json_t *o)
{
	const char *part = json_string_value(json_object_get(o, "part"));
	const char *id = json_string_value(json_object_get(o, "id"));
	int v = diag_verdict_parse(json_string_value(json_object_get(o, "verdict")));
	memset(p, 0, sizeof(*p));
	if (!part || v < 0)
		return -1;
	snprintf(p->part, sizeof(p->part), "%s", part);
	snprintf(p->id, sizeof(p->id), "%s", id ? id : part);
	p->verdict = (enum diag_verdict)v;
	const char *code = json_string_value(json_object_get(o, "rule"));
	size_t n;
	const struct diag_rule *rules = diag_rules(&n);
	for (size_t i = 0; code && i < n && !p->rule; i++)
		if (strcmp(rules[i].code, code) == 0)
			p->rule = &rules[i];
	const struct diag_state *states = diag_states(&n);
	for (size_t i = 0; code && !p->rule && i < n; i++)
		if (strcmp(states[i].code, code) == 0)
			p->state = &states[i];
	return 0;
}

/* The --only bit of a kind, 0 for a kind this reco does not know. */
static unsigned kind_bit(const char *part)
{
	size_t nk;
	const struct diag_part_kind *kinds = diag_part_kinds(&nk);
	for (size_t k = 0; part && k < nk; k++)
		if (strcmp(kinds[k].part, part) == 0)
			return 1u << k;
	return 0;
}

/* A summary-only copy of a judged part: no details, nothing to free. */
static void shadow_of(struct diag_part *s, const struct diag_part *p)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->part, p->part, sizeof(s->part));
	memcpy(s->id, p->id, sizeof(s->id));
	s->verdict = p->verdict;
	s->rule = p->rule;
	s->state = p->state;
}

size_t diag_merge_parts(json_t *out, struct diag_part *shadow, size_t max, const struct diag_part *parts,
			size_t n, unsigned ran, const json_t *old)
{
	json_t *old_parts = json_object_get(old, "parts");
	unsigned kept = 0; /* kinds whose parts came from the old document */
	size_t ns = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned bit = kind_bit(parts[i].part);
		int from_old = 0;
		if (bit && !(ran & bit) && json_is_array(old_parts)) {
			size_t j;
			json_t *o;
			json_array_foreach(old_parts, j, o)
				if (kind_bit(json_string_value(json_object_get(o, "part"))) == bit)
					from_old = 1;
		}
		if (!from_old) {
			json_array_append_new(out, diag_part_json(&parts[i]));
			if (ns < max)
				shadow_of(&shadow[ns++], &parts[i]);
			continue;
		}
		if (kept & bit)
			continue; /* this kind's old parts are in already */
		kept |= bit;
		size_t j;
		json_t *o;
		json_array_foreach(old_parts, j, o) {
			if (kind_bit(json_string_value(json_object_get(o, "part"))) != bit)
				continue;
			if (ns < max && diag_part_from_json(&shadow[ns], o) == 0)
				ns++;
			json_array_append_new(out, json_deep_copy(o));
		}
	}
	return ns;
}

void diag_merge_runs(json_t *doc, const json_t *old, const char *profile, const char *started,
		     const char *finished, unsigned ran)
{
	json_t *runs = json_deep_copy(json_object_get(old, "runs"));
	if (!json_is_array(runs)) {
		json_decref(runs);
		runs = json_array();
		/* a document from before runs[]: its one run, as far as it says */
		if (old && json_is_string(json_object_get(old, "started")))
			json_array_append_new(runs, json_pack("{s:O,s:O*,s:O*}", "started", json_object_get(old, "started"),
							      "finished", json_object_get(old, "finished"), "profile",
							      json_object_get(old, "profile")));
	}
	json_t *kinds = json_array();
	size_t nk;
	const struct diag_part_kind *k = diag_part_kinds(&nk);
	for (size_t i = 0; i < nk; i++)
		if (ran & (1u << i))
			json_array_append_new(kinds, json_string(k[i].part));
	json_array_append_new(runs, json_pack("{s:s,s:s,s:s,s:o}", "started", started, "finished", finished,
					      "profile", profile, "parts", kinds));
	json_object_set_new(doc, "runs", runs);
}
