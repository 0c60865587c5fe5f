/*
 * label.c — `--label gpt`: after a successful wipe, an empty GPT written with
 * libparted, so that the disk is ready for an operating system installer.
 *
 * libparted is opened with dlopen() when a label is asked for, not linked:
 * its library constructor (ped_disk_gpt_init) trips AddressSanitizer, which
 * would otherwise abort every sanitizer build of every reco binary at start.
 */
#include "wipe.h"

#include <dlfcn.h>
#include <errno.h>
#include <parted/parted.h>

#include "lib/i18n.h"

static PedExceptionOption quiet_handler(PedException *ex)
{
	(void)ex;
	return PED_EXCEPTION_UNHANDLED;
}

struct parted_api {
	void (*set_handler)(PedExceptionHandler *);
	PedDevice *(*device_get)(const char *);
	int (*device_open)(PedDevice *);
	int (*device_sync)(PedDevice *);
	int (*device_close)(PedDevice *);
	void (*device_destroy)(PedDevice *);
	const PedDiskType *(*disk_type_get)(const char *);
	PedDisk *(*disk_new_fresh)(PedDevice *, const PedDiskType *);
	int (*disk_commit_to_dev)(PedDisk *);
	void (*disk_destroy)(PedDisk *);
};

static int load(struct parted_api *a)
{
	static void *h;
	if (!h)
		h = dlopen("libparted.so.2", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return -ENOENT;
#define SYM(field, name)                                   \
	do {                                               \
		*(void **)&a->field = dlsym(h, name);      \
		if (!a->field)                             \
			return -ENOENT;                    \
	} while (0)
	SYM(set_handler, "ped_exception_set_handler");
	SYM(device_get, "ped_device_get");
	SYM(device_open, "ped_device_open");
	SYM(device_sync, "ped_device_sync");
	SYM(device_close, "ped_device_close");
	SYM(device_destroy, "ped_device_destroy");
	SYM(disk_type_get, "ped_disk_type_get");
	SYM(disk_new_fresh, "ped_disk_new_fresh");
	SYM(disk_commit_to_dev, "ped_disk_commit_to_dev");
	SYM(disk_destroy, "ped_disk_destroy");
#undef SYM
	return 0;
}

int wipe_label_gpt(const char *path, struct reco_err *e)
{
	struct parted_api p;
	if (load(&p) != 0) {
		const char *why = dlerror();
		return reco_err_set(e, -ENOENT, _("%s: libparted is not available (%s)"), path, why ? why : "dlopen");
	}
	p.set_handler(quiet_handler);
	PedDevice *dev = p.device_get(path);
	if (!dev)
		return reco_err_set(e, -ENODEV, _("%s: libparted cannot open the device"), path);
	int rc = -EIO;
	const PedDiskType *type = p.disk_type_get("gpt");
	if (type && p.device_open(dev)) {
		PedDisk *disk = p.disk_new_fresh(dev, type);
		if (disk) {
			if (p.disk_commit_to_dev(disk))
				rc = 0;
			p.disk_destroy(disk);
		}
		p.device_sync(dev);
		p.device_close(dev);
	}
	p.device_destroy(dev);
	if (rc)
		reco_err_set(e, rc, _("%s: writing an empty GPT failed"), path);
	return rc;
}
