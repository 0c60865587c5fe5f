/* storage.c — placeholder: section not implemented yet. */
#include "inventory.h"

json_t *inv_storage(struct inv_ctx *ctx)
{
	(void)ctx;
	return NULL;
}
