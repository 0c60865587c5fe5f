/*
 * hidden.c — capacity an ATA drive hides from the host: a Host Protected
 * Area (SET MAX ADDRESS, or its ACS-3 successor SET ACCESSIBLE MAX ADDRESS)
 * and a Device Configuration Overlay (DCO SET).  An overwrite reaches only
 * what the drive shows, so what stays hidden makes the result "failed", and
 * what could not be read is reported as "not checked" with the reason —
 * never as "0 hidden sectors".
 *
 * Which disks: SATA disks (libata), ATA disks behind SAS HBAs (the SCSI
 * layer names their vendor "ATA") and USB disks (a USB-SATA bridge may pass
 * ATA commands through SAT; a flash stick or a bridge without pass-through
 * answers ILLEGAL REQUEST, and the result says so).  Commands: fw_ata.c
 * (ACS-3 7.x: IDENTIFY DEVICE words 82, 83, 119; READ NATIVE MAX ADDRESS
 * EXT, GET NATIVE MAX ADDRESS EXT, SET MAX ADDRESS EXT, SET ACCESSIBLE MAX
 * ADDRESS EXT, DEVICE CONFIGURATION IDENTIFY / RESTORE).  Probing only
 * reads; changing the drive waits for the person's confirmation.
 */
#include "wipe.h"
#include "fw.h"
#include "fw_transport.h"
#include "fw_wipe.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lib/json.h"

/* The transport to ask an ATA drive through, when the target may be one. */
static int ata_transport(struct wipe_target *t, struct fw_transport *tr, struct fw_sim_drive *sim)
{
	const char *spec = getenv("RECO_WIPE_SIMULATE");
	if (spec && *spec)
		return fw_target_transport(t, tr, sim) == 0 && sim->kind == FW_SIM_ATA ? 0 : -ENOTSUP;
	if (t->kind != WIPE_KIND_BLOCK)
		return -ENOTSUP;
	int ata = !strcmp(t->transport, "sata") || !strcmp(t->transport, "ata") || !strcmp(t->transport, "usb") ||
		  ((!strcmp(t->transport, "sas") || !strcmp(t->transport, "scsi")) && !strcmp(t->vendor, "ATA"));
	if (!ata)
		return -ENOTSUP;
	fw_transport_sg(tr, &t->fd);
	return 0;
}

static void why_not(char *out, size_t size, int rc, const char *how)
{
	switch (rc) {
	case -ENOTSUP:
		snprintf(out, size, "the drive offers neither READ NATIVE MAX ADDRESS (HPA feature set) nor GET "
			 "NATIVE MAX ADDRESS (Accessible Max Address Configuration)");
		break;
	case -ERANGE:
		snprintf(out, size, "%s: the SCSI/ATA translation answered in fixed-format sense, which cannot "
			 "carry LBA bits 47:24 of the native max address", how);
		break;
	case -EPROTO:
		snprintf(out, size, "%s: the SCSI/ATA translation returned no ATA registers", how);
		break;
	case -EPROTONOSUPPORT:
		snprintf(out, size, "the bridge or HBA refused ATA PASS-THROUGH (it does not pass ATA commands to the drive)");
		break;
	default:
		snprintf(out, size, "%s: %s", how ? how : "IDENTIFY DEVICE", strerror(-rc));
	}
}

void wipe_hidden_probe(struct wipe_job *job)
{
	struct fw_transport tr;
	struct fw_sim_drive sim;
	struct wipe_hpa *h = &job->res.hpa;
	memset(h, 0, sizeof(*h));
	if (ata_transport(&job->t, &tr, &sim) != 0)
		return;
	h->ata = 1;
	uint64_t cur = 0, native = 0, dco = 0;
	const char *how = NULL;
	int rc = fw_ata_hpa(&tr, &cur, &native, &how);
	h->command = how;
	if (rc) {
		why_not(h->not_checked, sizeof(h->not_checked), rc, how);
		goto out;
	}
	h->checked = 1;
	h->current_max = h->after_max = cur;
	h->native_max = native;
	rc = fw_ata_dco_max(&tr, &dco);
	if (rc == 0 || rc == -ENOTSUP) {
		h->dco_checked = 1;
		h->dco_max = rc == 0 ? dco : 0;
	} else {
		snprintf(h->dco_not_checked, sizeof(h->dco_not_checked), "DEVICE CONFIGURATION IDENTIFY: %s",
			 strerror(-rc));
	}
out:
	if (sim.log_fd >= 0 && !strcmp(tr.name, "sim"))
		close(sim.log_fd);
}

uint64_t wipe_hidden_hpa(const struct wipe_hpa *h)
{
	return h->checked && h->native_max > h->after_max ? h->native_max - h->after_max : 0;
}

uint64_t wipe_hidden_dco(const struct wipe_hpa *h)
{
	return h->checked && h->dco_max > h->native_max ? h->dco_max - h->native_max : 0;
}

void wipe_hidden_apply(struct wipe_job *job, int remove_hpa, int restore_dco)
{
	struct fw_transport tr;
	struct fw_sim_drive sim;
	struct wipe_hpa *h = &job->res.hpa;
	if (!h->checked || (!(remove_hpa && wipe_hidden_hpa(h)) && !(restore_dco && wipe_hidden_dco(h))))
		return;
	if (ata_transport(&job->t, &tr, &sim) != 0) {
		snprintf(h->error, sizeof(h->error), "the drive cannot be reached any more");
		return;
	}
	int rc = 0;
	if (restore_dco && wipe_hidden_dco(h)) {
		/* DEVICE CONFIGURATION RESTORE is aborted while an HPA is set */
		if (h->after_max < h->native_max && (rc = fw_ata_remove_hpa(&tr, h->native_max)) != 0) {
			snprintf(h->error, sizeof(h->error), "SET MAX ADDRESS before DEVICE CONFIGURATION RESTORE: %s",
				 strerror(-rc));
			goto out;
		}
		if (h->after_max < h->native_max)
			h->after_max = h->native_max, h->removed = 1;
		if ((rc = fw_ata_dco_restore(&tr)) != 0) {
			snprintf(h->error, sizeof(h->error),
				 "DEVICE CONFIGURATION RESTORE: %s (a BIOS may have frozen the DCO: power-cycle the drive)",
				 strerror(-rc));
			goto out;
		}
		uint64_t cur, native;
		const char *how;
		if ((rc = fw_ata_hpa(&tr, &cur, &native, &how)) != 0) {
			snprintf(h->error, sizeof(h->error), "%s after DEVICE CONFIGURATION RESTORE: %s", how,
				 strerror(-rc));
			goto out;
		}
		h->native_max = native;
		h->after_max = cur;
		h->dco_restored = native >= h->dco_max;
	}
	if (remove_hpa && wipe_hidden_hpa(h)) {
		if ((rc = fw_ata_remove_hpa(&tr, h->native_max)) != 0) {
			snprintf(h->error, sizeof(h->error), "SET MAX ADDRESS EXT: %s", strerror(-rc));
			goto out;
		}
		h->removed = 1;
		h->after_max = h->native_max;
	}
	if (!strcmp(tr.name, "sim")) {
		job->t.size = h->after_max * job->t.lss;
		goto out;
	}
	/* The kernel learns the new capacity when the disk is rescanned. */
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "/sys/block/%s/device/rescan", job->t.name);
	int fd = open(p, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, "1", 1) != 1)
			snprintf(h->error, sizeof(h->error), "rescan: %s", strerror(errno));
		close(fd);
	}
	uint64_t bytes = 0;
	if (ioctl(job->t.fd, BLKGETSIZE64, &bytes) == 0 && bytes)
		job->t.size = bytes;
	if (job->t.size != h->after_max * job->t.lss)
		snprintf(h->error, sizeof(h->error),
			 "the kernel still sees %llu bytes; reboot so that the whole disk is wiped",
			 (unsigned long long)job->t.size);
out:
	if (sim.log_fd >= 0 && !strcmp(tr.name, "sim"))
		close(sim.log_fd);
}

json_t *fw_hpa_json(const struct wipe_hpa *h)
{
	json_t *j = json_object();
	json_object_set_new(j, "status", json_string(h->checked ? "checked" : "not checked"));
	if (!h->checked) {
		/* nothing is claimed about what is hidden: no count at all */
		reco_json_set_str(j, "reason", h->not_checked);
		if (h->command)
			json_object_set_new(j, "command", json_string(h->command));
		return j;
	}
	/* ATA counts sectors; the last LBA is one less. */
	json_object_set_new(j, "max_lba_before", json_integer((json_int_t)(h->current_max ? h->current_max - 1 : 0)));
	json_object_set_new(j, "max_lba_after", json_integer((json_int_t)(h->after_max ? h->after_max - 1 : 0)));
	json_object_set_new(j, "native_max_lba", json_integer((json_int_t)(h->native_max ? h->native_max - 1 : 0)));
	json_object_set_new(j, "hidden_sectors",
			    json_integer((json_int_t)(h->native_max > h->current_max ? h->native_max - h->current_max : 0)));
	json_object_set_new(j, "hidden_sectors_after", json_integer((json_int_t)wipe_hidden_hpa(h)));
	json_object_set_new(j, "removed", json_boolean(h->removed));
	json_t *d = json_object();
	if (!h->dco_checked) {
		json_object_set_new(d, "status", json_string("not checked"));
		reco_json_set_str(d, "reason", h->dco_not_checked);
	} else if (!h->dco_max) {
		json_object_set_new(d, "status", json_string("none"));
	} else {
		json_object_set_new(d, "status", json_string("checked"));
		json_object_set_new(d, "max_lba", json_integer((json_int_t)(h->dco_max - 1)));
		json_object_set_new(d, "hidden_sectors", json_integer((json_int_t)wipe_hidden_dco(h)));
		json_object_set_new(d, "restored", json_boolean(h->dco_restored));
		json_object_set_new(j, "dco_max_sectors", json_integer((json_int_t)h->dco_max));
	}
	json_object_set_new(j, "dco", d);
	reco_json_set_str(j, "error", h->error);
	json_object_set_new(j, "command", json_string(h->command ? h->command : ""));
	return j;
}
