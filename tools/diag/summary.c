/*
 * summary.c — "tested on all its functions", from a diag.json document.
 *
 * French consumer law (Code de la consommation, art. R.122-4, décret
 * 2022-190) calls a machine "reconditionné" only when it "a subi des tests
 * portant sur toutes ses fonctionnalités".  A document may say so only when
 * it is true: every part the machine has (every kind of parts.c, the
 * processor to the card reader) is in the diagnosis and was tested and
 * works — PASS, or WARN (it works, with a weakness the document lists) —
 * and the parts it lacks are ABSENT.  Otherwise the document lists what
 * was not tested or failed.  A diag.json from before the function parts
 * lacks them: it never says "all functions".
 */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"

/* Worse first, for the summary of several parts of one kind. */
static int rank(const char *v)
{
	static const char *const order[] = { "FAIL", "NOT_TESTED", "WARN", "PASS", "ABSENT" };
	for (int i = 0; v && i < 5; i++)
		if (strcmp(v, order[i]) == 0)
			return i;
	return 1; /* unknown: as not tested */
}

json_t *diag_json_functions(const json_t *diag)
{
	size_t nk;
	const struct diag_part_kind *kinds = diag_part_kinds(&nk);
	json_t *out = json_array();
	for (size_t k = 0; k < nk; k++) {
		const char *worst = NULL;
		size_t i;
		json_t *p;
		json_array_foreach(json_object_get(diag, "parts"), i, p) {
			const char *part = json_string_value(json_object_get(p, "part"));
			const char *v = json_string_value(json_object_get(p, "verdict"));
			if (!part || strcmp(part, kinds[k].part) != 0)
				continue;
			if (!worst || rank(v) < rank(worst))
				worst = v ? v : "NOT_TESTED";
		}
		json_array_append_new(out, json_pack("{s:s,s:s,s:b}", "part", kinds[k].part, "verdict",
						     worst ? worst : "NOT_TESTED", "in_report", worst != NULL));
	}
	return out;
}

int diag_json_all_functions(const json_t *diag)
{
	json_t *f = diag_json_functions(diag);
	int all = json_array_size(f) > 0;
	size_t i;
	json_t *o;
	json_array_foreach(f, i, o) {
		int r = rank(json_string_value(json_object_get(o, "verdict")));
		if (r < 2) /* FAIL or NOT_TESTED */
			all = 0;
	}
	json_decref(f);
	return all;
}

int diag_json_every_part_tested(const json_t *diag)
{
	if (!json_is_true(json_object_get(diag, "complete")))
		return 0;
	json_t *f = diag_json_functions(diag);
	int all = json_array_size(f) > 0;
	size_t i;
	json_t *o;
	json_array_foreach(f, i, o)
		if (rank(json_string_value(json_object_get(o, "verdict"))) == 1) /* NOT_TESTED */
			all = 0;
	json_decref(f);
	return all;
}

char *diag_json_functions_text(const json_t *diag, int translated)
{
	if (diag_json_all_functions(diag))
		return strdup(translated ? _("This computer was tested on all its functions, and they work.")
					 : "This computer was tested on all its functions, and they work.");
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	if (!f)
		return NULL;
	const char *head = N_("Not tested on all its functions:");
	fputs(translated ? _(head) : head, f);
	json_t *fs = diag_json_functions(diag);
	size_t i, n = 0;
	json_t *o;
	json_array_foreach(fs, i, o) {
		const char *v = json_string_value(json_object_get(o, "verdict"));
		if (rank(v) >= 2)
			continue;
		fprintf(f, "%s %s (%s)", n++ ? "," : "", diag_title(json_string_value(json_object_get(o, "part")), translated),
			diag_words(v, translated));
	}
	fputc('.', f);
	fclose(f);
	json_decref(fs);
	return out;
}
