/* deviceid.c — placeholder: device id not implemented yet. */
#include "inventory.h"

char *inv_device_id(const json_t *inventory)
{
	(void)inventory;
	return NULL;
}
