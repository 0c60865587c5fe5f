/*
 * sheet.c — the Repair Café sheet: one page of plain language a visitor
 * takes home.  One line per part with its verdict in words, the reason and
 * what to do; the overall grade's meaning; a reminder that nothing was
 * changed.  Text only (it prints on any printer and reads on any screen),
 * at most 72 columns, translated through gettext.
 */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"

const char *diag_part_title(const char *part)
{
	if (strcmp(part, "cpu") == 0) return _("Processor");
	if (strcmp(part, "ram") == 0) return _("Memory");
	if (strcmp(part, "disk") == 0) return _("Disk");
	if (strcmp(part, "battery") == 0) return _("Battery");
	if (strcmp(part, "thermal") == 0) return _("Cooling");
	return part;
}

const char *diag_verdict_words(enum diag_verdict v)
{
	switch (v) {
	case DIAG_PASS: return _("good");
	case DIAG_WARN: return _("to watch");
	default: return _("faulty");
	}
}

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

char *diag_sheet_text(const struct diag_part *parts, size_t n, char grade, const char *machine, const char *date)
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
	if (machine && *machine)
		fprintf(f, "%s %s\n", _("Computer:"), machine);
	if (date && *date)
		fprintf(f, "%s %s\n", _("Date:"), date);
	fputc('\n', f);
	char line[512], name[256];
	/* TRANSLATORS: the grade letter and what it means */
	snprintf(line, sizeof(line), _("Overall: %c, %s."), grade, _(diag_grade_meaning(grade)));
	wrap(f, line, 0, 72);
	fputc('\n', f);

	for (int level = DIAG_FAIL; level >= DIAG_PASS; level--)
		for (size_t i = 0; i < n; i++) {
			const struct diag_part *p = &parts[i];
			if ((int)p->verdict != level)
				continue;
			const char *mark = p->verdict == DIAG_PASS ? "[ OK ]" : p->verdict == DIAG_WARN ? "[ !! ]" : "[ XX ]";
			char *reason = diag_part_reason(p, 1), *action = diag_part_action(p, 1);
			const char *model = json_string_value(json_object_get(p->details, "model"));
			if (strcmp(p->part, "disk") == 0 || strcmp(p->part, "battery") == 0)
				snprintf(name, sizeof(name), "%s %s%s%s%s", diag_part_title(p->part), p->id,
					 model ? " (" : "", model ? model : "", model ? ")" : "");
			else
				snprintf(name, sizeof(name), "%s", diag_part_title(p->part));
			/* TRANSLATORS: mark, part name, verdict word */
			snprintf(line, sizeof(line), _("%s %s: %s."), mark, name, diag_verdict_words(p->verdict));
			wrap(f, line, 0, 72);
			if (reason)
				wrap(f, reason, 7, 72);
			if (p->verdict != DIAG_PASS && action) {
				snprintf(line, sizeof(line), "%s %s", _("What to do:"), action);
				wrap(f, line, 7, 72);
			}
			free(reason);
			free(action);
		}
	fputc('\n', f);
	wrap(f, _("Nothing was erased or changed on this computer: the check only reads."), 0, 72);
	wrap(f, _("This sheet is advice from volunteers, not a guarantee."), 0, 72);
	fclose(f);
	return out;
}
