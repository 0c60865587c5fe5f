/*
 * media.c — the optical drive and card reader part.
 *
 * Optical drives are /sys/block/srN (SCSI type 5, the sr driver); card
 * readers are the MMC/SD hosts of /sys/class/mmc_host (PCI and USB Realtek,
 * O2, Ricoh... readers all register one) — a host whose card is an eMMC or
 * an SDIO chip is built-in storage or a Wi-Fi chip, not a reader — and the
 * USB mass-storage readers whose removable slot is empty (size 0: no
 * medium).  With a disc or a card in, its first 4 MiB are read (read only);
 * without, the function is NOT_TESTED: put a disc or a card in to test it.
 * Block devices in the context's exclude list (the boot stick) are skipped.
 *
 * Metrics: media.no_medium, media.read_failed, media.read_kib,
 * media.read_kibps.
 */
#include "functions.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/json.h"
#include "lib/sysroot.h"
#include "lib/util.h"

#define READ_BYTES (4u << 20)

static int excluded(const struct diag_fn_ctx *c, const char *blk)
{
	for (size_t i = 0; i < c->n_exclude; i++) {
		const char *e = c->exclude[i];
		if (strncmp(e, "/dev/", 5) == 0)
			e += 5;
		if (strcmp(e, blk) == 0)
			return 1;
	}
	return 0;
}

/* Reads the first READ_BYTES of /dev/blk (or less when smaller). */
static void read_medium(const struct diag_fn_ctx *c, struct diag_part *p, const char *blk, uint64_t size_bytes)
{
	if (!c->live) {
		diag_fn_skip(p, DIAG_SKIP_NO_LIVE, NULL, 0);
		return;
	}
	char dev[64];
	snprintf(dev, sizeof(dev), "/dev/%s", blk);
	int fd = open(dev, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_metric_set(p, "media.read_failed", errno != ENOMEDIUM);
		if (errno == ENOMEDIUM)
			diag_metric_set(p, "media.no_medium", 1);
		json_object_set_new(p->details, "errno", json_integer(errno));
		return;
	}
	size_t want = size_bytes < READ_BYTES ? (size_t)size_bytes : READ_BYTES;
	char *buf = malloc(65536);
	uint64_t t0 = reco_now_ns();
	size_t done = 0;
	int err = 0;
	while (buf && done < want) {
		size_t n = want - done < 65536 ? want - done : 65536;
		ssize_t r = pread(fd, buf, n, (off_t)done);
		if (r <= 0) {
			err = r < 0 ? errno : EIO;
			break;
		}
		done += (size_t)r;
	}
	uint64_t ms = (reco_now_ns() - t0) / 1000000;
	free(buf);
	close(fd);
	diag_metric_set(p, "media.read_failed", err != 0 || done == 0);
	diag_metric_set(p, "media.read_kib", (int64_t)(done / 1024));
	json_object_set_new(p->details, "read_bytes", json_integer((json_int_t)done));
	json_object_set_new(p->details, "read_ms", json_integer((json_int_t)ms));
	if (err)
		json_object_set_new(p->details, "errno", json_integer(err));
	if (ms && done) {
		diag_metric_set(p, "media.read_kibps", (int64_t)(done / 1024 * 1000 / ms));
		json_object_set_new(p->details, "read_kibps", json_integer((json_int_t)(done / 1024 * 1000 / ms)));
	}
}

static uint64_t block_size(const char *root, const char *blk)
{
	char p[300];
	uint64_t sectors = 0;
	snprintf(p, sizeof(p), "/sys/block/%s/size", blk);
	reco_read_u64(root, p, &sectors);
	return sectors * 512;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists directory entries starting with prefix, sorted. */
static size_t list(const char *root, const char *dir, const char *prefix, char **out, size_t max)
{
	DIR *d = reco_opendir(root, dir);
	if (!d)
		return 0;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < max)
		if (strncmp(de->d_name, prefix, strlen(prefix)) == 0)
			out[n++] = strdup(de->d_name);
	closedir(d);
	qsort(out, n, sizeof(*out), cmp_str);
	return n;
}

/* The card of an MMC host: its type ("SD", "MMC", "SDIO") and block
 * device; 1 when a card is in. */
static int host_card(const char *root, const char *host, char *type, size_t tsz, char *blk, size_t bsz)
{
	char dir[128];
	char *cards[8];
	snprintf(dir, sizeof(dir), "/sys/class/mmc_host/%s", host);
	char pre[80];
	snprintf(pre, sizeof(pre), "%s:", host);
	size_t n = list(root, dir, pre, cards, 8);
	int found = 0;
	type[0] = blk[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (!found && cards[i]) {
			char p[300];
			snprintf(p, sizeof(p), "%s/%s/type", dir, cards[i]);
			reco_read_str(root, p, type, tsz);
			char *b[4];
			snprintf(p, sizeof(p), "%s/%s/block", dir, cards[i]);
			size_t nb = list(root, p, "mmcblk", b, 4);
			if (nb && b[0])
				snprintf(blk, bsz, "%s", b[0]);
			for (size_t k = 0; k < nb; k++)
				free(b[k]);
			found = 1;
		}
		free(cards[i]);
	}
	return found;
}

int diag_media_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max)
{
	int n = 0;
	char *names[32];
	/* optical drives */
	size_t nn = list(c->root, "/sys/block", "sr", names, 32);
	for (size_t i = 0; i < nn; i++) {
		if (names[i] && (size_t)n < max && !excluded(c, names[i]) && diag_part_init(&out[n], "media", names[i]) == 0) {
			struct diag_part *p = &out[n++];
			char path[300], v[64];
			json_object_set_new(p->details, "kind", json_string("optical"));
			snprintf(path, sizeof(path), "/sys/block/%s/device/model", names[i]);
			if (reco_read_str(c->root, path, v, sizeof(v)) == 0)
				reco_json_set_str(p->details, "model", v);
			uint64_t size = block_size(c->root, names[i]);
			json_object_set_new(p->details, "medium_bytes", json_integer((json_int_t)size));
			if (size == 0) {
				diag_metric_set(p, "media.no_medium", 1);
				diag_fn_skip(p, DIAG_SKIP_NO_MEDIUM, NULL, 0);
			} else {
				diag_metric_set(p, "media.no_medium", 0);
				read_medium(c, p, names[i], size);
			}
		}
		free(names[i]);
	}
	/* MMC/SD hosts */
	nn = list(c->root, "/sys/class/mmc_host", "mmc", names, 32);
	for (size_t i = 0; i < nn; i++) {
		char type[16], blk[64];
		if (!names[i] || (size_t)n >= max) {
			free(names[i]);
			continue;
		}
		int card = host_card(c->root, names[i], type, sizeof(type), blk, sizeof(blk));
		if ((card && strcmp(type, "SD") != 0) || (blk[0] && excluded(c, blk)) ||
		    diag_part_init(&out[n], "media", names[i]) != 0) {
			free(names[i]);
			continue; /* eMMC storage, an SDIO Wi-Fi chip, the boot card */
		}
		struct diag_part *p = &out[n++];
		json_object_set_new(p->details, "kind", json_string("card_reader"));
		char cp[300];
		snprintf(cp, sizeof(cp), "/sys/class/mmc_host/%s", names[i]);
		struct diag_sysdev sd;
		if (diag_sysdev_read(c->root, cp, &sd) == 0)
			diag_sysdev_json(&sd, p);
		if (!card || !blk[0]) {
			diag_metric_set(p, "media.no_medium", 1);
			diag_fn_skip(p, DIAG_SKIP_NO_MEDIUM, NULL, 0);
		} else {
			diag_metric_set(p, "media.no_medium", 0);
			json_object_set_new(p->details, "card", json_string(blk));
			read_medium(c, p, blk, block_size(c->root, blk));
		}
		free(names[i]);
	}
	/* USB readers with an empty slot: removable, no medium */
	nn = list(c->root, "/sys/block", "sd", names, 32);
	for (size_t i = 0; i < nn; i++) {
		char path[300];
		uint64_t rem = 0;
		snprintf(path, sizeof(path), "/sys/block/%s/removable", names[i] ? names[i] : "");
		if (names[i] && (size_t)n < max && !excluded(c, names[i]) && reco_read_u64(c->root, path, &rem) == 0 &&
		    rem == 1 && block_size(c->root, names[i]) == 0 && diag_part_init(&out[n], "media", names[i]) == 0) {
			struct diag_part *p = &out[n++];
			json_object_set_new(p->details, "kind", json_string("card_reader"));
			char v[64];
			snprintf(path, sizeof(path), "/sys/block/%s/device/model", names[i]);
			if (reco_read_str(c->root, path, v, sizeof(v)) == 0)
				reco_json_set_str(p->details, "model", v);
			diag_metric_set(p, "media.no_medium", 1);
			diag_fn_skip(p, DIAG_SKIP_NO_MEDIUM, NULL, 0);
		}
		free(names[i]);
	}
	return n;
}

const struct diag_part_desc diag_media_desc = { "media", DIAG_NEEDS_MACHINE, NULL, diag_fn_run_part,
						(const void *)(diag_fn_reader)diag_media_read };
