/*
 * fw_transport.c — the real transports behind struct fw_transport:
 * SG_IO (ATA PASS-THROUGH (16) for ATA disks, plain CDBs for SCSI disks) and
 * libnvme admin pass-through for NVMe controllers.
 *
 * References: Linux scsi/sg.h (SG_IO v3 interface), SAT-3 12.2.2 for the
 * ATA pass-through CDB and its Status Return descriptor, libnvme
 * nvme_admin_passthru().
 */
#include <errno.h>
#include <fcntl.h>
#include <scsi/sg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <nvme/ioctl.h>

#include "fw.h"
#include "fw_transport.h"

static void real_sleep(void *ctx, unsigned ms)
{
	(void)ctx;
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static int sg_io(void *ctx, const uint8_t *cdb, size_t cdb_len, enum fw_dir dir, void *buf, size_t len,
		 uint8_t *sense, size_t *sense_len, unsigned timeout_s, int *status, int *resid)
{
	int fd = *(int *)ctx;
	struct sg_io_hdr h;
	memset(&h, 0, sizeof(h));
	h.interface_id = 'S';
	h.cmdp = (unsigned char *)cdb;
	h.cmd_len = (unsigned char)cdb_len;
	h.dxfer_direction = dir == FW_DIR_IN ? SG_DXFER_FROM_DEV : dir == FW_DIR_OUT ? SG_DXFER_TO_DEV : SG_DXFER_NONE;
	h.dxferp = buf;
	h.dxfer_len = (unsigned)len;
	h.sbp = sense;
	h.mx_sb_len = (unsigned char)*sense_len;
	h.timeout = timeout_s > 4000000 ? 4000000000u : timeout_s * 1000u;
	if (ioctl(fd, SG_IO, &h) < 0)
		return -errno;
	*sense_len = h.sb_len_wr;
	*resid = h.resid;
	if (h.host_status == 0x03 /* DID_TIME_OUT */)
		return -ETIMEDOUT;
	if (h.host_status || (h.driver_status & 0x0f) > 0x08 /* beyond DRIVER_SENSE */)
		return -EIO;
	*status = h.masked_status ? h.status : 0;
	return 0;
}

int fw_sat_ata(fw_sg_fn sg, void *ctx, struct fw_ata_tf *tf, int ext, enum fw_dir dir, void *buf, size_t len,
	       unsigned timeout_s)
{
	uint8_t cdb[16], sense[64];
	size_t slen = sizeof(sense);
	enum ata_protocol prot = dir == FW_DIR_IN ? ATA_PROT_PIO_IN : dir == FW_DIR_OUT ? ATA_PROT_PIO_OUT
											 : ATA_PROT_NON_DATA;
	fw_ata_pt16_cdb(tf, ext, prot, dir, cdb);
	int status = 0, resid = 0;
	memset(sense, 0, sizeof(sense));
	tf->regs = tf->lba_truncated = tf->count_truncated = 0;
	int rc = sg(ctx, cdb, sizeof(cdb), dir, buf, len, sense, &slen, timeout_s, &status, &resid);
	if (rc)
		return rc;
	if (slen > 0 && fw_ata_parse_sense(sense, slen, tf) == 0) {
		/* ATA status: ERR (bit 0) or DF (bit 5) means the command failed. */
		if (tf->status & 0x21)
			return -EIO;
	} else if (status) {
		/* CHECK CONDITION without ATA registers: ILLEGAL REQUEST is a
		 * bridge or HBA that does not pass ATA commands through. */
		uint8_t key = slen >= 3 ? ((sense[0] & 0x7f) >= 0x72 ? sense[1] : sense[2]) & 0x0f : 0;
		return key == 0x05 ? -EPROTONOSUPPORT : -EIO;
	}
	/* a data transfer must be whole: SG_IO's residue is what was not moved */
	if (dir != FW_DIR_NONE && resid != 0)
		return -EIO;
	return 0;
}

static int sg_ata(void *ctx, struct fw_ata_tf *tf, int ext, enum fw_dir dir, void *buf, size_t len,
		  unsigned timeout_s)
{
	return fw_sat_ata(sg_io, ctx, tf, ext, dir, buf, len, timeout_s);
}

static int sg_scsi(void *ctx, const uint8_t *cdb, size_t cdb_len, enum fw_dir dir, void *buf, size_t len,
		   uint8_t *sense, size_t *sense_len, unsigned timeout_s)
{
	int status = 0, resid = 0;
	int rc = sg_io(ctx, cdb, cdb_len, dir, buf, len, sense, sense_len, timeout_s, &status, &resid);
	if (rc)
		return rc;
	return status == 0x02 /* CHECK CONDITION */ ? 1 : status ? -EIO : 0;
}

static int nvme_admin(void *ctx, const struct fw_nvme_cmd *c, void *buf, size_t len, unsigned timeout_s,
		      uint32_t *result)
{
	int fd = *(int *)ctx;
	uint32_t res = 0;
	int rc = nvme_admin_passthru(fd, c->opcode, 0, 0, c->nsid, 0, 0, c->cdw10, c->cdw11, c->cdw12,
				     c->cdw13, c->cdw14, c->cdw15, (uint32_t)len, buf, 0, NULL,
				     timeout_s * 1000u, &res);
	if (rc < 0)
		return errno == EINTR ? -ETIMEDOUT : -errno;
	if (result)
		*result = res;
	return rc & 0x7ff; /* status code type + status code */
}

void fw_transport_sg(struct fw_transport *t, int *fd)
{
	memset(t, 0, sizeof(*t));
	t->ctx = fd;
	t->name = "sg";
	t->ata = sg_ata;
	t->scsi = sg_scsi;
	t->sleep_ms = real_sleep;
}

void fw_transport_nvme(struct fw_transport *t, int *fd)
{
	memset(t, 0, sizeof(*t));
	t->ctx = fd;
	t->name = "nvme";
	t->nvme_admin = nvme_admin;
	t->sleep_ms = real_sleep;
}
