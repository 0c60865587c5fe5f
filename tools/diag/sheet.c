/*
 * sheet.c — the Repair Café sheet: one page of plain language a visitor
 * takes home.  One line per part with its verdict in words, the reason and
 * what to do (rendered from the codes of diag.json, never from stored
 * English); the overall grade's meaning and, when the diagnosis is
 * incomplete, what was not tested; a reminder that nothing was changed —
 * only when no wipe ran in the session (wiped says so).
 * Text only (it prints on any printer and reads on any screen), at most 72
 * columns, translated through gettext.
 */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"

/* Writes text wrapped at width columns; the first line starts at the
 * current column (indent when called at the start of a line), the next
 * ones are indented by indent spaces. */
static void wrap(FILE *f, const char *text, int indent, int width)
{
	int col = indent;
	const char *p = text;
	fprintf(f, "%*s", indent, "");
	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t wl = sp ? (size_t)(sp - p) : strlen(p);
		/* count characters, not bytes, for accented text */
		int wc = 0;
		for (size_t i = 0; i < wl; i++)
			wc += ((unsigned char)p[i] & 0xC0) != 0x80;
		if (col > indent && col + 1 + wc > width) {
			fprintf(f, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, wl, f);
		col += wc;
		p += wl;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

char *diag_sheet_text(const json_t *diag, const char *machine, const char *date, int wiped)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	if (!f)
		return NULL;
	const char *rule = "========================================================================\n";
	fputs(rule, f);
	fprintf(f, "  %s\n", _("Repair Café: health check of your computer"));
	fputs(rule, f);
	/* the visitor's computer is always named, or said unidentified */
	fprintf(f, "%s %s\n", _("Computer:"), machine && *machine ? machine : _("not identified"));
	if (date && *date)
		fprintf(f, "%s %s\n", _("Date:"), date);
	fputc('\n', f);
	char line[512], name[256];
	const char *g = json_string_value(json_object_get(diag, "grade"));
	char grade = g && *g ? g[0] : '?';
	/* TRANSLATORS: the grade letter and what it means */
	snprintf(line, sizeof(line), _("Overall: %c, %s."), grade, _(diag_grade_meaning(grade)));
	wrap(f, line, 0, 72);
	char *cap = diag_json_cap_text(diag, 1);
	if (cap)
		wrap(f, cap, 0, 72);
	free(cap);
	char *fn = diag_json_functions_text(diag, 1);
	if (fn)
		wrap(f, fn, 0, 72);
	free(fn);
	fputc('\n', f);

	/* faulty parts first, then not tested, to watch, good, absent */
	static const enum diag_verdict order[] = { DIAG_FAIL, DIAG_NOT_TESTED, DIAG_WARN, DIAG_PASS, DIAG_ABSENT };
	json_t *parts = json_object_get(diag, "parts");
	for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		size_t i;
		json_t *p;
		json_array_foreach(parts, i, p) {
			const char *verdict = json_string_value(json_object_get(p, "verdict"));
			if (diag_verdict_parse(verdict) != (int)order[k])
				continue;
			static const char *const marks[] = { "[ OK ]", "[ !! ]", "[ ?? ]", "[ XX ]", "[ -- ]" };
			const char *part = json_string_value(json_object_get(p, "part"));
			const char *id = json_string_value(json_object_get(p, "id"));
			const char *model = json_string_value(json_object_get(p, "model"));
			char *reason = diag_json_reason(p, 1), *action = diag_json_action(p, 1);
			if (part && id && strcmp(part, id) != 0)
				snprintf(name, sizeof(name), "%s %s%s%s%s", diag_title(part, 1), id, model ? " (" : "",
					 model ? model : "", model ? ")" : "");
			else
				snprintf(name, sizeof(name), "%s", diag_title(part, 1));
			/* TRANSLATORS: mark, part name, verdict word */
			snprintf(line, sizeof(line), _("%s %s: %s."), marks[order[k]], name, diag_words(verdict, 1));
			wrap(f, line, 0, 72);
			if (reason)
				wrap(f, reason, 7, 72);
			if (order[k] != DIAG_PASS && order[k] != DIAG_ABSENT && action) {
				snprintf(line, sizeof(line), "%s %s", _("What to do:"), action);
				wrap(f, line, 7, 72);
			}
			free(reason);
			free(action);
		}
	}
	fputc('\n', f);
	/* the check itself only reads (--repair-cafe); a wipe in the same
	 * session did change the computer, and the sheet does not hide it */
	if (wiped)
		wrap(f, _("Disks of your computer were wiped during this session: see the erasure report."), 0, 72);
	else
		wrap(f, _("Nothing was erased or changed on your computer: the check only reads."), 0, 72);
	wrap(f, _("This sheet is advice from volunteers, not a guarantee."), 0, 72);
	fclose(f);
	return out;
}
