/*
 * disks.c — which disks are this machine's own.
 *
 * The disks reco diag judges are the machine's internal disks.  Not judged:
 * the reco boot medium (the live stick: the marker file on one of its
 * mounted filesystems, or the device named in /run/reco/boot-device — the
 * same test as reco wipe's, wipe_safety_check()), and removable or USB disks
 * plugged in for the session (a stick for reports, a donor's external disk
 * being wiped); they are listed in diag.json's `excluded_disks` with the
 * reason.  A disk named with --disk is judged even when it is external,
 * never when it is the boot medium.  Virtual and stacked block devices
 * (loop, ram, zram, optical, dm, md, nbd) are not disks of the machine.
 */
#include "diag.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/disk.h"
#include "lib/i18n.h"
#include "lib/sysroot.h"
#include "wipe/wipe.h"

static int virtual_block(const char *name)
{
	static const char *const prefixes[] = { "loop", "ram", "zram", "sr", "dm-", "md", "fd", "nbd", "zd" };
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

/* 1 when /dev/name is the reco boot medium (only on the running system). */
static int boot_medium(const char *root, const char *name)
{
	if (root && *root)
		return 0; /* a captured tree has no mounts to look at */
	struct wipe_target t = { .kind = WIPE_KIND_BLOCK };
	snprintf(t.name, sizeof(t.name), "%s", name);
	struct wipe_safety s;
	return wipe_safety_check(&t, &s) == WIPE_REF_BOOT;
}

const char *diag_disk_exclusion(const char *root, const char *name, int named)
{
	if (boot_medium(root, name))
		return "boot medium";
	if (named)
		return NULL;
	char link[PATH_MAX], real[PATH_MAX], full[PATH_MAX + 16];
	snprintf(link, sizeof(link), "/sys/block/%s", name);
	snprintf(full, sizeof(full), "%s%s", root ? root : "", link);
	const char *transport = realpath(full, real) ? reco_disk_transport(name, real) : "unknown";
	if (strcmp(transport, "usb") == 0)
		return "external (usb)";
	uint64_t removable = 0;
	snprintf(full, sizeof(full), "%s/removable", link);
	if (reco_read_u64(root, full, &removable) == 0 && removable)
		return "removable";
	return NULL;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

size_t diag_disks_list(const char *root, char (*names)[64], size_t max, json_t *excluded)
{
	DIR *d = reco_opendir(root, "/sys/block");
	if (!d)
		return 0;
	struct dirent *de;
	size_t n = 0;
	while ((de = readdir(d)) && n < max) {
		char path[300];
		uint64_t sectors = 0;
		if (de->d_name[0] == '.' || virtual_block(de->d_name) || strlen(de->d_name) >= 64)
			continue;
		snprintf(path, sizeof(path), "/sys/block/%s/size", de->d_name);
		if (reco_read_u64(root, path, &sectors) != 0 || sectors == 0)
			continue;
		snprintf(names[n++], 64, "%.63s", de->d_name); /* shorter: checked above */
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp_names);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		const char *why = diag_disk_exclusion(root, names[i], 0);
		if (why) {
			if (excluded)
				json_array_append_new(excluded, json_pack("{s:s,s:s}", "disk", names[i], "reason", why));
			continue;
		}
		if (kept != i)
			memcpy(names[kept], names[i], sizeof(names[0]));
		kept++;
	}
	return kept;
}

/* ---- the part in a run ---------------------------------------------------- */

struct disk_tests {
	struct diag_selftest st[DIAG_MAX_LIST];
	struct diag_selftest_ops ops[DIAG_MAX_LIST];
	int started;
	char names[DIAG_MAX_LIST][64];
	char paths[DIAG_MAX_LIST][80];
};

/* The disks to judge: those named with --disk (never the boot medium), or
 * the machine's own; the others are listed in diag.json.  Their self-tests
 * start now and run while the processor and memory are tested. */
static void diag_disks_begin(struct diag_run *r)
{
	struct disk_tests *t = calloc(1, sizeof(*t));
	if (!t) {
		r->env_error = 1;
		return;
	}
	r->selftests = t;
	size_t kept = 0;
	for (size_t i = 0; i < r->n_disks; i++) {
		const char *base = strrchr(r->disks[i], '/') ? strrchr(r->disks[i], '/') + 1 : r->disks[i];
		const char *why = strncmp(r->disks[i], "/dev/", 5) == 0 ? diag_disk_exclusion("", base, 1) : NULL;
		if (why)
			json_array_append_new(r->excluded, json_pack("{s:s,s:s}", "disk", r->disks[i], "reason", why));
		else
			r->disks[kept++] = r->disks[i];
	}
	if (r->n_disks) {
		r->n_disks = kept;
	} else {
		size_t n = diag_disks_list("", t->names, DIAG_MAX_LIST, r->excluded);
		for (size_t i = 0; i < n; i++) {
			snprintf(t->paths[i], sizeof(t->paths[i]), "/dev/%s", t->names[i]);
			r->disks[r->n_disks++] = t->paths[i];
		}
	}
	if (r->no_selftest)
		return;
	t->started = 1;
	for (size_t i = 0; i < r->n_disks; i++) {
		diag_selftest_smartctl_ops(&t->ops[i], r->disks[i]);
		/* --full: the long test when the drive says it takes at most 2 h */
		if (diag_selftest_begin(&t->st[i], &t->ops[i], r->full ? "long" : "short", 120) == 1)
			diag_run_note(r, strcmp(t->st[i].kind, "long") ? _("  %s: short self-test started (about %d min)")
								     : _("  %s: long self-test started (about %d min)"),
				      r->disks[i], t->st[i].minutes);
	}
}

static int selftest_tick(void *arg, uint64_t done_ms, uint64_t total_ms)
{
	void **a = arg;
	diag_run_progress(a[0], "disk/selftest", a[1], done_ms / 1000, total_ms / 1000, 0);
	return 0;
}

static int surface_progress(void *arg, uint64_t done, uint64_t total)
{
	void **a = arg;
	diag_run_progress(a[0], a[1], a[2], done, total, 0);
	return 0;
}

static void diag_disks_run_part(struct diag_run *r, const struct diag_part_desc *d)
{
	(void)d;
	struct disk_tests *t = r->selftests;
	json_t *wipe = NULL;
	if (r->session) {
		char path[4200];
		snprintf(path, sizeof(path), "%s/wipe.json", r->session);
		wipe = json_load_file(path, 0, NULL);
	}
	for (size_t i = 0; i < r->n_disks; i++) {
		const char *dev = r->disks[i];
		const char *base = strrchr(dev, '/') ? strrchr(dev, '/') + 1 : dev;
		struct diag_part *p = diag_run_new_part(r, "disk", base);
		if (!p)
			break;
		json_object_set_new(p->details, "path", json_string(dev));
		/* Wait for this disk's self-test (the CPU and RAM tests ran
		 * meanwhile): "in progress" read every 10 s, at most the drive's
		 * own time plus two minutes. */
		if (t && t->started) {
			char title[128];
			snprintf(title, sizeof(title), _("Disk %s: self-test"), base);
			void *arg[2] = { r, title };
			diag_selftest_wait(&t->st[i], &t->ops[i], 10000, selftest_tick, arg);
			diag_selftest_part(&t->st[i], p);
			diag_selftest_release(&t->st[i]);
		}
		int rc = diag_smart_query(dev, p);
		if (rc == -ENOENT)
			diag_run_warn(r, "%s", _("smartctl not found: install smartmontools to read disk health"));
		if (diag_surface_from_wipe(wipe, dev, p) == 1)
			continue;
		char test[96], title[128];
		snprintf(test, sizeof(test), "disk/%s/surface", base);
		snprintf(title, sizeof(title), _("Disk %s: read scan"), base);
		void *arg[3] = { r, test, title };
		struct diag_surface_opts so = {
			.max_samples = r->full ? 10000 : 1000,
			.budget_ms = r->full ? 600000 : 60000,
			.progress = surface_progress,
			.progress_arg = arg,
		};
		struct reco_err err = { 0 };
		if (diag_surface_scan(dev, &so, p, &err) != 0) {
			diag_run_warn(r, "%s", err.msg);
			diag_part_state(p, "disk.surface_failed", err.msg);
		} else {
			diag_run_progress(r, test, title, 1, 1, 1);
		}
	}
	json_decref(wipe);
}

const struct diag_part_desc diag_disk_desc = { "disk", DIAG_NEEDS_MACHINE | DIAG_NEEDS_ADMIN, diag_disks_begin, diag_disks_run_part, NULL };
