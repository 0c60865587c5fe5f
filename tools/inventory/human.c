/* human.c — placeholder summary. */
#include <stdio.h>
#include <stdlib.h>

#include "inventory.h"

void inv_print_human(const json_t *inventory)
{
	char *s = json_dumps(inventory, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (s)
		puts(s);
	free(s);
}
