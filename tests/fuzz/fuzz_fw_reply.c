/*
 * fuzz_fw_reply.c — what a drive or a bridge sends back, on arbitrary
 * bytes: ATA PASS-THROUGH sense data (descriptor and fixed format,
 * fw_ata_parse_sense), SCSI sense progress, IDENTIFY DEVICE, NVMe Identify
 * Controller / Namespace and the Sanitize Status log page (fw_ata.c,
 * fw_scsi.c, fw_nvme.c).  None may read past what it was given, and what
 * they decode must stay within the fields' ranges.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wipe/fw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* sense data: exactly the bytes given (a short buffer must be safe) */
	uint8_t *sense = malloc(size ? size : 1);
	if (!sense)
		return 0;
	memcpy(sense, data, size);
	struct fw_ata_tf tf = { 0 };
	if (fw_ata_parse_sense(sense, size, &tf) == 0) {
		if (!tf.regs || tf.out_lba >> 48)
			abort(); /* 48-bit registers, and said to be there */
	}
	uint8_t key, asc, ascq;
	uint32_t prog;
	if (fw_scsi_sense_progress(sense, size, &key, &asc, &ascq, &prog) && prog > 0xffff)
		abort();
	free(sense);

	/* fixed-size blocks: the bytes given, zero-padded */
	uint8_t id[4096];
	memset(id, 0, sizeof(id));
	memcpy(id, data, size < sizeof(id) ? size : sizeof(id));
	struct ata_identity ata;
	if (fw_ata_parse_identify(id, &ata) == 0 &&
	    (strlen(ata.model) > 40 || strlen(ata.serial) > 20 || strlen(ata.firmware) > 8))
		abort();
	struct nvme_identity nvme;
	fw_nvme_parse_id_ctrl(id, &nvme);
	struct nvme_ns_identity ns;
	if (fw_nvme_parse_id_ns(id, &ns) == 0 && (ns.lba_shift < 9 || ns.lba_shift > 16 || ns.flbas >= 64))
		abort();
	struct nvme_sanitize_status st;
	if (fw_nvme_parse_sanitize_log(id, size < sizeof(id) ? size : sizeof(id), &st) == 0 && st.state > 7)
		abort();
	return 0;
}
