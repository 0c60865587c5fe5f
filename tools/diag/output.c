/*
 * output.c — the human output of `reco diag`, rendered from the diag.json
 * document (the same codes and values a report renders from): one line per
 * part with its verdict and reason, the measured figures under it, what to
 * do, the grade with its meaning and, for an incomplete diagnosis, the cap
 * and what was not tested.
 */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/l10n.h"
#include "lib/i18n.h"
#include "lib/util.h"

static json_int_t geti(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* Where the lines under a part's line start: name (16 columns), verdict
 * word (12), two spaces. */
#define INDENT "                               "

/* The measured figures under the verdict line. */
static void print_figures(FILE *out, const json_t *p)
{
	const char *part = json_string_value(json_object_get(p, "part"));
	if (!part)
		return;
	if (strcmp(part, "ram") == 0 && json_object_get(p, "passes")) {
		char size[32];
		reco_fmt_size(NULL, (uint64_t)geti(p, "size_bytes"), size, sizeof(size));
		json_int_t mbps = geti(p, "throughput_mbps"), ms = geti(p, "elapsed_ms");
		fputs(INDENT, out);
		fprintf(out,
			ngettext("%lld pass over %s in %lld.%01lld s, %lld.%01lld GB/s\n",
				 "%lld passes over %s in %lld.%01lld s, %lld.%01lld GB/s\n", (unsigned long)geti(p, "passes")),
			(long long)geti(p, "passes"),
			size, (long long)(ms / 1000), (long long)(ms / 100 % 10), (long long)(mbps / 1000),
			(long long)(mbps / 100 % 10));
	} else if (strcmp(part, "cpu") == 0 && json_array_size(json_object_get(p, "per_thread"))) {
		json_t *th = json_object_get(p, "per_thread");
		size_t i;
		json_t *t;
		fputs(INDENT, out);
		const char *fma = json_string_value(json_object_get(p, "fma"));
		fprintf(out,
			ngettext("%d thread (%s), rounds per second:", "%d threads (%s), rounds per second:",
				 (unsigned long)json_array_size(th)),
			(int)json_array_size(th), fma ? fma : "?");
		json_array_foreach(th, i, t)
			fprintf(out, " %lld", (long long)geti(t, "rounds_per_s"));
		fputc('\n', out);
	}
}

/* The findings besides the one that explains the verdict (a weakness
 * measured on a part that is NOT_TESTED for another reason). */
static void print_other_findings(FILE *out, const json_t *p)
{
	const char *code = json_string_value(json_object_get(p, "rule"));
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(p, "findings"), i, f) {
		const char *rule = json_string_value(json_object_get(f, "rule"));
		if (!rule || (code && strcmp(rule, code) == 0))
			continue;
		json_t *one = json_pack("{s:s,s:O}", "rule", rule, "metrics", json_object_get(p, "metrics"));
		if (json_object_get(f, "value"))
			json_object_set(one, "value", json_object_get(f, "value"));
		char *reason = diag_json_reason(one, 1);
		fprintf(out, INDENT "%s %s\n", _("Also:"), reason ? reason : rule);
		free(reason);
		json_decref(one);
	}
}

void diag_print_human(FILE *out, const json_t *doc)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(doc, "parts"), i, p) {
		const char *part = json_string_value(json_object_get(p, "part"));
		const char *id = json_string_value(json_object_get(p, "id"));
		const char *verdict = json_string_value(json_object_get(p, "verdict"));
		char *reason = diag_json_reason(p, 1), *action = diag_json_action(p, 1);
		char name[96];
		if (part && id && strcmp(part, id) != 0)
			snprintf(name, sizeof(name), "%s %s", diag_title(part, 1), id);
		else
			snprintf(name, sizeof(name), "%s", diag_title(part, 1));
		/* columns by display width: "Mémoire" and "Écran" line up; the
		 * verdict in words ("not tested"), its code stays in diag.json */
		char namep[128], wordp[64];
		reco_str_pad(name, 16, 0, namep, sizeof(namep));
		reco_str_pad(verdict ? diag_words(verdict, 1) : "?", 12, 0, wordp, sizeof(wordp));
		fprintf(out, "%s %s  %s\n", namep, wordp, reason ? reason : "");
		print_figures(out, p);
		print_other_findings(out, p);
		if (verdict && strcmp(verdict, "PASS") != 0 && strcmp(verdict, "ABSENT") != 0)
			fprintf(out, INDENT "%s %s\n", _("What to do:"), action ? action : "");
		free(reason);
		free(action);
	}
	const char *g = json_string_value(json_object_get(doc, "grade"));
	char grade = g && *g ? g[0] : '?';
	/* a B that only comes from the cap means "not everything was tested" */
	int warned = 0;
	json_array_foreach(json_object_get(doc, "parts"), i, p) {
		const char *v = json_string_value(json_object_get(p, "verdict"));
		warned |= v && strcmp(v, "WARN") == 0;
	}
	const char *cap_grade = json_string_value(json_object_get(doc, "grade_cap"));
	const char *meaning = cap_grade && g && strcmp(cap_grade, g) == 0 && !warned
				      ? _("at best: not every part was tested")
				      : _(diag_grade_meaning(grade));
	fprintf(out, _("Grade: %c (%s)\n"), grade, meaning);
	char *cap = diag_json_cap_text(doc, 1);
	if (cap)
		fprintf(out, "%s\n", cap);
	free(cap);
	const char *cosmetic = json_string_value(json_object_get(doc, "cosmetic_grade"));
	if (cosmetic)
		fprintf(out, _("Cosmetic grade: %s\n"), cosmetic);
}
