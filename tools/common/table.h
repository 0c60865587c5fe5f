/*
 * table.h — text tables for the terminal whose columns line up by display
 * width (reco_str_width: "État" is four columns, not five bytes), two
 * spaces apart, no trailing blanks.  The first row added is the header.
 * Cells are copied; NULL prints as "-".  Numbers can be right-aligned.
 */
#ifndef RECO_TABLE_H
#define RECO_TABLE_H

#include <stdio.h>

struct cli_table;

/* A table of ncols columns (1..16); NULL when out of memory. */
struct cli_table *cli_table_new(int ncols);
/* Column col (0-based) is aligned right (numbers). */
void cli_table_right(struct cli_table *t, int col);
/* Every line starts with n spaces (a block under a title). */
void cli_table_indent(struct cli_table *t, int n);
/* Appends one row of ncols cells.  0 or -ENOMEM. */
int cli_table_add(struct cli_table *t, const char *const *cells);
/* Prints every row to out.  0, or -EIO when out reports an error. */
int cli_table_print(const struct cli_table *t, FILE *out);
void cli_table_free(struct cli_table *t);

#endif
