/*
 * label.c — `--label gpt`: after a successful wipe, an empty GPT written with
 * libparted, so that the disk is ready for an operating system installer.
 */
#include "wipe.h"

#include <errno.h>
#include <parted/parted.h>

#include "lib/i18n.h"

static PedExceptionOption quiet_handler(PedException *ex)
{
	(void)ex;
	return PED_EXCEPTION_UNHANDLED;
}

int label_gpt(const char *path, struct reco_err *e)
{
	ped_exception_set_handler(quiet_handler);
	PedDevice *dev = ped_device_get(path);
	if (!dev)
		return reco_err_set(e, -ENODEV, _("%s: libparted cannot open the device"), path);
	int rc = -EIO;
	const PedDiskType *type = ped_disk_type_get("gpt");
	if (type && ped_device_open(dev)) {
		PedDisk *disk = ped_disk_new_fresh(dev, type);
		if (disk) {
			if (ped_disk_commit_to_dev(disk))
				rc = 0;
			ped_disk_destroy(disk);
		}
		ped_device_sync(dev);
		ped_device_close(dev);
	}
	ped_device_destroy(dev);
	if (rc)
		reco_err_set(e, rc, _("%s: writing an empty GPT failed"), path);
	return rc;
}
