/* cpu.c — placeholder: section not implemented yet. */
#include "inventory.h"

json_t *inv_cpu(struct inv_ctx *ctx)
{
	(void)ctx;
	return NULL;
}

json_t *inv_memory(struct inv_ctx *ctx)
{
	(void)ctx;
	return NULL;
}
