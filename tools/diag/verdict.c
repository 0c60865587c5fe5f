/*
 * verdict.c — the verdict model applied: a part's verdict from its metrics
 * and the tables of rules.c, the grade and its cap, the diag.json form of a
 * part, and the texts rendered back from codes and values.
 *
 * A part starts NOT_TESTED.  Judging walks every row of the part's kind: a
 * DIAG_REQUIRED row whose metric is missing and a coverage row below its
 * floor give NOT_TESTED, threshold rows give WARN or FAIL.  The verdict is
 * the worst finding by precedence FAIL > NOT_TESTED > WARN > PASS: a failure
 * that was measured stands, a missing measurement is never a PASS.  A check
 * that could not measure at all sets a state (diag_part_state()): the part
 * is then NOT_TESTED (or ABSENT) with that reason, unless a FAIL was
 * measured anyway.
 *
 * Texts: diag.json keeps the explaining code ("rule"), its value and every
 * metric; diag_json_reason() renders the msgid of that code with "{n}" (the
 * value), "{metric.name}" (a metric) and "{@list}" (a list of names in the
 * part's details, each translated: the keys of a keyboard that do not
 * work) substituted, in English or through gettext, so that a French
 * document never shows an English sentence.
 */
#include "diag.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/util.h"

int diag_part_init(struct diag_part *p, const char *part, const char *id)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->part, sizeof(p->part), "%s", part);
	snprintf(p->id, sizeof(p->id), "%s", id ? id : part);
	p->verdict = DIAG_NOT_TESTED;
	p->details = json_object();
	return p->details ? 0 : -ENOMEM;
}

void diag_part_release(struct diag_part *p)
{
	json_decref(p->details);
	json_decref(p->findings);
	p->details = p->findings = NULL;
}

void diag_metric_set(struct diag_part *p, const char *name, int64_t value)
{
	for (size_t i = 0; i < p->n_metrics; i++)
		if (strcmp(p->metrics[i].name, name) == 0) {
			p->metrics[i].value = value;
			return;
		}
	if (p->n_metrics < DIAG_MAX_METRICS)
		p->metrics[p->n_metrics++] = (struct diag_metric){ name, value };
}

int diag_metric_get(const struct diag_part *p, const char *name, int64_t *value)
{
	for (size_t i = 0; i < p->n_metrics; i++)
		if (strcmp(p->metrics[i].name, name) == 0) {
			*value = p->metrics[i].value;
			return 1;
		}
	return 0;
}

static const struct diag_state *find_state(const char *code)
{
	size_t n;
	const struct diag_state *s = diag_states(&n);
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(s[i].code, code) == 0)
			return &s[i];
	return NULL;
}

static const struct diag_rule *find_rule(const char *code)
{
	size_t n;
	const struct diag_rule *r = diag_rules(&n);
	for (size_t i = 0; code && i < n; i++)
		if (strcmp(r[i].code, code) == 0)
			return &r[i];
	return NULL;
}

int diag_part_state(struct diag_part *p, const char *code, const char *detail)
{
	const struct diag_state *s = find_state(code);
	if (!s)
		return -ENOENT;
	p->state = s;
	snprintf(p->state_detail, sizeof(p->state_detail), "%s", detail ? detail : "");
	return 0;
}

/* The level a row gives for part p (PASS: it does not trigger); *v gets
 * the value it read (0 for a missing metric). */
static enum diag_verdict rule_level(const struct diag_rule *r, const struct diag_part *p, int64_t *v)
{
	*v = 0;
	int have = diag_metric_get(p, r->metric, v);
	if (r->dir == DIAG_REQUIRED)
		return have ? DIAG_PASS : r->gives != DIAG_PASS ? r->gives : DIAG_NOT_TESTED;
	if (!have)
		return DIAG_PASS; /* the REQUIRED rows say when a metric must be there */
	const enum diag_verdict warn = r->gives != DIAG_PASS ? r->gives : DIAG_WARN;
	if (r->dir == DIAG_HIGH_IS_BAD) {
		if (r->fail_at != DIAG_NEVER && *v >= r->fail_at) return DIAG_FAIL;
		if (r->warn_at != DIAG_NEVER && *v >= r->warn_at) return warn;
	} else {
		if (r->fail_at != DIAG_NEVER && *v <= r->fail_at) return DIAG_FAIL;
		if (r->warn_at != DIAG_NEVER && *v <= r->warn_at) return warn;
	}
	return DIAG_PASS;
}

void diag_part_judge(struct diag_part *p)
{
	size_t n;
	const struct diag_rule *rules = diag_rules(&n);
	json_decref(p->findings);
	p->findings = json_array();
	p->verdict = DIAG_PASS;
	p->rule = NULL;
	p->rule_value = 0;
	for (size_t i = 0; i < n; i++) {
		const struct diag_rule *r = &rules[i];
		int64_t v;
		if (strcmp(r->part, p->part) != 0)
			continue;
		/* a part that could not be measured has no "missing input" rows
		 * of its own: its state says why */
		if (p->state && r->dir == DIAG_REQUIRED)
			continue;
		enum diag_verdict lv = rule_level(r, p, &v);
		if (lv == DIAG_PASS)
			continue;
		json_t *f = json_pack("{s:s,s:s}", "rule", r->code, "verdict", diag_verdict_name(lv));
		if (r->dir != DIAG_REQUIRED)
			json_object_set_new(f, "value", json_integer(v));
		json_array_append_new(p->findings, f);
		/* the first row at the worst level explains the verdict */
		if (!p->rule || lv > p->verdict) {
			p->verdict = lv;
			p->rule = r;
			p->rule_value = v;
		}
	}
	if (p->state && p->verdict != DIAG_FAIL) {
		p->verdict = p->state->verdict;
		p->rule = NULL;
	}
}

/* ---- diag.json ---------------------------------------------------------- */

static const char *explaining_code(const struct diag_part *p)
{
	if (p->rule)
		return p->rule->code;
	return p->state && p->verdict == p->state->verdict ? p->state->code : NULL;
}

json_t *diag_part_json(const struct diag_part *p)
{
	json_t *o = json_deep_copy(p->details);
	if (!o)
		return NULL;
	json_object_set_new(o, "part", json_string(p->part));
	json_object_set_new(o, "id", reco_json_string_lossy(p->id));
	json_object_set_new(o, "verdict", json_string(diag_verdict_name(p->verdict)));
	const char *code = explaining_code(p);
	if (code)
		json_object_set_new(o, "rule", json_string(code));
	if (p->rule && p->rule->dir != DIAG_REQUIRED)
		json_object_set_new(o, "value", json_integer(p->rule_value));
	if (p->state_detail[0])
		json_object_set_new(o, "state_detail", reco_json_string_lossy(p->state_detail));
	json_t *m = json_object();
	for (size_t i = 0; i < p->n_metrics; i++)
		json_object_set_new(m, p->metrics[i].name, json_integer(p->metrics[i].value));
	json_object_set_new(o, "metrics", m);
	json_object_set_new(o, "findings", p->findings ? json_incref(p->findings) : json_array());
	char *reason = diag_json_reason(o, 0), *action = diag_json_action(o, 0);
	json_object_set_new(o, "reason", json_string(reason ? reason : ""));
	json_object_set_new(o, "action", json_string(action ? action : ""));
	free(reason);
	free(action);
	return o;
}

/* The number v, per mille shown as a percentage with one decimal when it
 * has one (55.5), with the locale's decimal separator for people. */
static void number(char *out, size_t size, int64_t v, int per_mille, int localised)
{
	const char *dp = localised ? localeconv()->decimal_point : ".";
	if (!dp || !*dp)
		dp = ".";
	if (per_mille && v % 10)
		snprintf(out, size, "%s%lld%s%lld", v < 0 && v > -10 ? "-" : "", (long long)(v / 10), dp,
			 (long long)(v < 0 ? -v : v) % 10);
	else
		snprintf(out, size, "%lld", (long long)(per_mille ? v / 10 : v));
}

/* tmpl with "{n}" and "{metric}" replaced from the part's JSON. */
static char *render(const char *tmpl, const json_t *part, int per_mille, int localised)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	if (!f)
		return NULL;
	const json_t *metrics = json_object_get(part, "metrics");
	for (const char *s = tmpl; *s;) {
		const char *close = *s == '{' ? strchr(s, '}') : NULL;
		if (!close || close - s > 64) {
			fputc(*s++, f);
			continue;
		}
		char key[80], num[40] = "?";
		snprintf(key, sizeof(key), "%.*s", (int)(close - s - 1), s + 1);
		if (key[0] == '@') {
			/* a list of the part's details: names, each translated
			 * when it is a msgid ("Escape"; "A" stays "A") */
			json_t *a = json_object_get(part, key + 1);
			size_t i;
			json_t *e;
			json_array_foreach(a, i, e) {
				const char *w = json_string_value(e);
				if (w)
					fprintf(f, "%s%s", i ? ", " : "", localised ? _(w) : w);
			}
			s = close + 1;
			continue;
		}
		if (strcmp(key, "n") == 0) {
			json_t *v = json_object_get(part, "value");
			if (json_is_integer(v))
				number(num, sizeof(num), json_integer_value(v), per_mille, localised);
		} else {
			json_t *v = json_object_get(metrics, key);
			if (json_is_integer(v))
				number(num, sizeof(num), json_integer_value(v), 0, localised);
		}
		fputs(num, f);
		s = close + 1;
	}
	fclose(f);
	return out;
}

static char *json_text(const json_t *part, int translated, int action)
{
	const char *code = json_string_value(json_object_get(part, "rule"));
	const char *verdict = json_string_value(json_object_get(part, "verdict"));
	const struct diag_rule *r = find_rule(code);
	const struct diag_state *st = r ? NULL : find_state(code);
	const char *msg;
	int per_mille = 0;
	if (r) {
		msg = action ? r->action : r->reason;
		per_mille = r->per_mille;
	} else if (st) {
		msg = action ? st->action : st->reason;
	} else if (code) {
		return strdup(code); /* a newer reco's code: shown as is */
	} else if (json_is_string(json_object_get(part, action ? "action" : "reason")) && !json_object_get(part, "metrics")) {
		/* a diag.json from before the codes: its own words are all there is */
		return strdup(json_string_value(json_object_get(part, action ? "action" : "reason")));
	} else if (verdict && strcmp(verdict, "PASS") == 0) {
		msg = action ? N_("Nothing to do.") : N_("No problem found.");
	} else {
		msg = action ? N_("Run the diagnosis again.") : N_("Not tested.");
	}
	char *text = render(translated ? _(msg) : msg, part, per_mille, translated);
	const char *detail = json_string_value(json_object_get(part, "state_detail"));
	if (text && !action && detail && *detail) {
		char *t = reco_asprintf("%s (%s)", text, detail);
		free(text);
		text = t;
	}
	return text;
}

char *diag_json_reason(const json_t *part, int translated)
{
	return json_text(part, translated, 0);
}

char *diag_json_action(const json_t *part, int translated)
{
	return json_text(part, translated, 1);
}

char *diag_part_reason(const struct diag_part *p, int translated)
{
	json_t *j = diag_part_json(p);
	char *s = j ? diag_json_reason(j, translated) : NULL;
	json_decref(j);
	return s;
}

char *diag_part_action(const struct diag_part *p, int translated)
{
	json_t *j = diag_part_json(p);
	char *s = j ? diag_json_action(j, translated) : NULL;
	json_decref(j);
	return s;
}

size_t diag_parts_fill(struct diag_part *parts, size_t n, size_t max, unsigned ran)
{
	size_t nk;
	const struct diag_part_kind *kinds = diag_part_kinds(&nk);
	const size_t n0 = n;
	for (size_t k = 0; k < nk && n < max; k++) {
		int have = 0;
		for (size_t i = 0; i < n0 && !have; i++)
			have = strcmp(parts[i].part, kinds[k].part) == 0;
		if (have)
			continue;
		/* a kind that ran and found nothing is ABSENT ("<kind>.none") when
		 * the machine may lack it */
		char none[32];
		snprintf(none, sizeof(none), "%s.none", kinds[k].part);
		const char *code = !(ran & (1u << k)) ? (kinds[k].guided ? "guided.not_run" : "skipped")
				   : !kinds[k].always ? none : "not_in_mode";
		if (diag_part_init(&parts[n], kinds[k].part, kinds[k].part) != 0)
			break;
		if (diag_part_state(&parts[n], code, NULL) != 0)
			diag_part_state(&parts[n], "not_in_mode", NULL);
		diag_part_judge(&parts[n]);
		n++;
	}
	return n;
}

/* ---- grade ---------------------------------------------------------------- */

char diag_grade(const struct diag_part *parts, size_t n)
{
	size_t ng;
	const struct diag_grade_rule *grades = diag_grade_rules(&ng);
	char worst = 'A';
	for (size_t i = 0; i < n; i++) {
		if (parts[i].verdict == DIAG_ABSENT)
			continue;
		for (size_t g = 0; g < ng; g++) {
			const struct diag_grade_rule *r = &grades[g];
			if ((strcmp(r->part, "*") == 0 || strcmp(r->part, parts[i].part) == 0) &&
			    parts[i].verdict >= r->at_least) {
				if (r->grade > worst)
					worst = r->grade;
				break;
			}
		}
	}
	/* the cap: A only when every part the machine has was tested */
	if (worst == 'A' && !diag_complete(parts, n))
		worst = 'B';
	return worst;
}

int diag_complete(const struct diag_part *parts, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (parts[i].verdict == DIAG_NOT_TESTED)
			return 0;
	return 1;
}

void diag_summary_json(json_t *doc, const struct diag_part *parts, size_t n)
{
	char grade = diag_grade(parts, n);
	json_object_set_new(doc, "grade", json_sprintf("%c", grade));
	int complete = diag_complete(parts, n);
	json_object_set_new(doc, "complete", json_boolean(complete));
	json_object_del(doc, "not_tested");
	json_object_del(doc, "grade_cap");
	if (complete)
		return;
	json_t *nt = json_array();
	for (size_t i = 0; i < n; i++) {
		if (parts[i].verdict != DIAG_NOT_TESTED)
			continue;
		const char *code = explaining_code(&parts[i]);
		json_t *o = json_pack("{s:s,s:s}", "part", parts[i].part, "id", parts[i].id);
		if (code)
			json_object_set_new(o, "rule", json_string(code));
		json_array_append_new(nt, o);
	}
	json_object_set_new(doc, "not_tested", nt);
	/* the best grade a diagnosis with these gaps may give */
	json_object_set_new(doc, "grade_cap", json_string("B"));
}

char *diag_json_cap_text(const json_t *diag, int translated)
{
	json_t *nt = json_object_get(diag, "not_tested");
	if (json_is_true(json_object_get(diag, "complete")) || !json_is_array(nt) || !json_array_size(nt))
		return NULL;
	const char *cap = json_string_value(json_object_get(diag, "grade_cap"));
	const char *grade = json_string_value(json_object_get(diag, "grade"));
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	if (!f)
		return NULL;
	/* TRANSLATORS: "Diagnosis incomplete, grade B at best:", then the list
	 * of the parts not tested */
	const char *head = N_("Diagnosis incomplete, grade %s at best:");
	const char *plain = N_("Diagnosis incomplete:");
	if (cap && grade && strcmp(cap, grade) == 0) {
		const char *h = translated ? _(head) : head;
		const char *at = strstr(h, "%s");
		if (at)
			fprintf(f, "%.*s%s%s", (int)(at - h), h, cap, at + 2);
		else
			fputs(h, f);
	} else {
		fputs(translated ? _(plain) : plain, f);
	}
	size_t i;
	json_t *o;
	json_array_foreach(nt, i, o) {
		const char *part = json_string_value(json_object_get(o, "part"));
		const char *id = json_string_value(json_object_get(o, "id"));
		const char *nt_words = N_("not tested");
		fprintf(f, "%s %s%s%s %s", i ? "," : "", diag_title(part, translated),
			id && part && strcmp(id, part) ? " " : "", id && part && strcmp(id, part) ? id : "",
			translated ? _(nt_words) : nt_words);
	}
	fputc('.', f);
	fclose(f);
	return out;
}
