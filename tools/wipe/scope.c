/*
 * scope.c — what a firmware method reaches beyond the target named, and
 * whether all of it may be wiped.
 *
 * ATA SECURITY ERASE / SANITIZE and SCSI SANITIZE act on the whole device,
 * so a firmware method on a partition is refused outright.  NVMe Sanitize
 * acts on the whole NVM subsystem (NVM Express Base 2.0, 8.21: every
 * namespace); Format NVM acts on every namespace when Identify Controller
 * FNA bit 0 (format applies to all namespaces) or bit 1 (secure erase
 * applies to all namespaces) is set, else on the namespace addressed.  Every
 * namespace reached must pass the same safety checks as the target
 * (safety.c: boot medium, system, mounted, swap, held), or the method is
 * refused with the reason.  The namespaces of a controller are the block
 * devices beside the target's in sysfs (the controller's directory, or the
 * NVMe subsystem's with native multipath).
 *
 * Tests: with $RECO_WIPE_SIMULATE set, $RECO_WIPE_SIM_NAMESPACES lists the
 * other namespaces of the simulated controller (comma-separated device
 * paths; loop devices in tests/integration/wipe-scope.t).
 */
#include "wipe.h"
#include "fw.h"
#include "fw_transport.h"
#include "fw_wipe.h"

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/i18n.h"

/* Adds path unless it is already there. */
static void scope_add(struct wipe_scope *s, const char *path)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->path[i], path))
			return;
	if (s->n < WIPE_SCOPE_MAX)
		snprintf(s->path[s->n++], sizeof(s->path[0]), "%s", path);
	else
		s->truncated = 1;
}

/* The other namespaces of the target's NVMe controller, from sysfs. */
static void nvme_siblings(const struct wipe_target *t, struct wipe_scope *s)
{
	const char *sim = getenv("RECO_WIPE_SIMULATE"), *list = getenv("RECO_WIPE_SIM_NAMESPACES");
	if (sim && *sim) {
		if (!list)
			return;
		char buf[1024], *save = NULL;
		snprintf(buf, sizeof(buf), "%s", list);
		for (char *p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save))
			scope_add(s, p);
		return;
	}
	char dir[PATH_MAX], real[PATH_MAX];
	snprintf(dir, sizeof(dir), "/sys/class/block/%s", t->name);
	if (!realpath(dir, real))
		return;
	char *parent = dirname(real);
	DIR *d = opendir(parent);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		char cls[PATH_MAX], dev[300];
		if (de->d_name[0] == '.' || strncmp(de->d_name, "nvme", 4) != 0)
			continue;
		snprintf(cls, sizeof(cls), "/sys/class/block/%.200s/partition", de->d_name);
		if (access(cls, F_OK) == 0)
			continue; /* partitions are checked with their disk */
		snprintf(cls, sizeof(cls), "/sys/class/block/%.200s", de->d_name);
		snprintf(dev, sizeof(dev), "/dev/%.200s", de->d_name);
		if (access(cls, F_OK) == 0 && access(dev, F_OK) == 0)
			scope_add(s, dev);
	}
	closedir(d);
}

/* Whether NVMe Format NVM reaches every namespace (FNA bits 0-1).  When the
 * controller cannot be asked, the answer is yes: the stricter check. */
static int nvme_format_all(struct wipe_target *t, char *why, size_t size)
{
	struct fw_transport tr;
	struct fw_sim_drive sim;
	struct nvme_identity id;
	if (fw_target_transport(t, &tr, &sim) != 0 || fw_nvme_identify(&tr, &id) != 0) {
		snprintf(why, size, "%s", _("Identify Controller failed: Format NVM may reach every namespace"));
		return 1;
	}
	if (id.fna_all_ns_format || id.fna_all_ns_erase) {
		snprintf(why, size, "%s",
			 id.fna_all_ns_erase ? _("the controller applies Format NVM with secure erase to all namespaces (FNA bit 1)")
					     : _("the controller applies Format NVM to all namespaces (FNA bit 0)"));
		return 1;
	}
	return 0;
}

enum wipe_refusal wipe_fw_scope(struct wipe_job *job, struct reco_err *e)
{
	struct wipe_scope *s = &job->s.scope;
	memset(s, 0, sizeof(*s));
	if (!job->s.m || !job->s.m->run)
		return WIPE_OK;
	const struct fw_method_info *info = fw_method_by_name(job->s.m->name);
	const char *cmd = info ? info->command : job->s.m->name;
	if (job->t.is_partition) {
		reco_err_set(e, -EINVAL,
			     _("%s: %s erases the whole disk /dev/%s, not only this partition: give the whole disk, "
			       "or use an overwrite method (--method random)"),
			     job->t.path, cmd, job->t.parent);
		return WIPE_REF_PARTITION;
	}
	scope_add(s, job->t.path);
	int nvme = info && !strcmp(info->family, "nvme");
	if (!nvme)
		return WIPE_OK;
	int sanitize = info->method == FW_NVME_SANITIZE_BLOCK || info->method == FW_NVME_SANITIZE_CRYPTO ||
		       info->method == FW_NVME_SANITIZE_OVERWRITE;
	if (sanitize)
		snprintf(s->why, sizeof(s->why), "%s",
			 _("NVMe Sanitize acts on every namespace of the controller"));
	else if (!nvme_format_all(&job->t, s->why, sizeof(s->why)))
		return WIPE_OK;
	s->all_namespaces = 1;
	nvme_siblings(&job->t, s);
	for (int i = 0; i < s->n; i++) {
		if (!strcmp(s->path[i], job->t.path))
			continue;
		struct wipe_target other;
		struct wipe_safety safe;
		struct reco_err oe = { 0 };
		enum wipe_refusal r = wipe_target_identify(s->path[i], &other, &oe);
		if (r == WIPE_OK)
			r = wipe_safety_check(&other, &safe);
		else
			snprintf(safe.reason, sizeof(safe.reason), "%s", oe.msg);
		if (r != WIPE_OK) {
			reco_err_set(e, -EBUSY, _("%s: %s refused: %s, and %s %s"), job->t.path, cmd, s->why,
				     s->path[i], safe.reason);
			return r == WIPE_REF_MISSING || r == WIPE_REF_ACCESS || r == WIPE_REF_KIND ? WIPE_REF_BUSY : r;
		}
	}
	if (s->truncated) {
		reco_err_set(e, -E2BIG, _("%s: %s refused: %s, and there are more than %d of them to check"),
			     job->t.path, cmd, s->why, WIPE_SCOPE_MAX);
		return WIPE_REF_BUSY;
	}
	return WIPE_OK;
}
