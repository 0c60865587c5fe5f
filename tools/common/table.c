/*
 * table.c — terminal tables aligned by display width (see table.h).
 */
#include "table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/l10n.h"

#define TABLE_MAX_COLS 16

struct cli_table {
	int ncols;
	int right[TABLE_MAX_COLS];
	int indent;
	size_t nrows, cap;
	char **cells; /* nrows * ncols */
};

struct cli_table *cli_table_new(int ncols)
{
	if (ncols < 1 || ncols > TABLE_MAX_COLS)
		return NULL;
	struct cli_table *t = calloc(1, sizeof(*t));
	if (t)
		t->ncols = ncols;
	return t;
}

void cli_table_right(struct cli_table *t, int col)
{
	if (t && col >= 0 && col < t->ncols)
		t->right[col] = 1;
}

void cli_table_indent(struct cli_table *t, int n)
{
	if (t && n >= 0 && n < 80)
		t->indent = n;
}

int cli_table_add(struct cli_table *t, const char *const *cells)
{
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **n = realloc(t->cells, cap * (size_t)t->ncols * sizeof(char *));
		if (!n)
			return -ENOMEM;
		t->cells = n;
		t->cap = cap;
	}
	char **row = t->cells + t->nrows * (size_t)t->ncols;
	for (int c = 0; c < t->ncols; c++) {
		row[c] = strdup(cells[c] ? cells[c] : "-");
		if (!row[c]) {
			while (c--)
				free(row[c]);
			return -ENOMEM;
		}
	}
	t->nrows++;
	return 0;
}

int cli_table_print(const struct cli_table *t, FILE *out)
{
	size_t width[TABLE_MAX_COLS] = { 0 };
	for (size_t r = 0; r < t->nrows; r++)
		for (int c = 0; c < t->ncols; c++) {
			size_t w = reco_str_width(t->cells[r * (size_t)t->ncols + c]);
			if (w > width[c])
				width[c] = w;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		char *const *row = t->cells + r * (size_t)t->ncols;
		int last = t->ncols - 1; /* no blanks after the last cell that says something */
		while (last > 0 && !*row[last])
			last--;
		fprintf(out, "%*s", t->indent, "");
		for (int c = 0; c <= last; c++) {
			size_t pad = width[c] - reco_str_width(row[c]);
			if (c)
				fputs("  ", out);
			if (t->right[c])
				fprintf(out, "%*s", (int)pad, "");
			fputs(row[c], out);
			if (!t->right[c] && c < last)
				fprintf(out, "%*s", (int)pad, "");
		}
		fputc('\n', out);
	}
	return ferror(out) ? -EIO : 0;
}

void cli_table_free(struct cli_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}
