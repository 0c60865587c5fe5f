/*
 * surface.c — sampled, strictly read-only surface scan with a read latency
 * histogram, or the histogram the wipe verification pass already measured.
 *
 * The device is opened O_RDONLY | O_DIRECT (the page cache would hide the
 * disk); regular files fall back to O_RDONLY when O_DIRECT is refused.
 * Samples are spread evenly over the device, first and last blocks
 * included, in ascending order (one sweep of the heads).  Buckets follow
 * the wipe.json contract: <5, <20, <50, <150, <500, >=500 ms.
 */
#include "diag.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/util.h"

static const char *const bucket_names[6] = { "lt5ms", "lt20ms", "lt50ms", "lt150ms", "lt500ms", "ge500ms" };
static const uint64_t bucket_ms[5] = { 5, 20, 50, 150, 500 };

#define N_SLOWEST 5

struct slow {
	uint64_t lba, ms;
};

static void set_metrics(struct diag_part *p, const uint64_t hist[6], uint64_t read_errors)
{
	uint64_t total = 0;
	for (int i = 0; i < 6; i++)
		total += hist[i];
	diag_metric_set(p, "surface.read_errors", (int64_t)read_errors);
	diag_metric_set(p, "surface.ge500ms", (int64_t)hist[5]);
	if (total)
		diag_metric_set(p, "surface.slow_permille", (int64_t)((hist[3] + hist[4] + hist[5]) * 1000 / total));
}

static json_t *hist_json(const uint64_t hist[6])
{
	json_t *h = json_object();
	for (int i = 0; i < 6; i++)
		json_object_set_new(h, bucket_names[i], json_integer((json_int_t)hist[i]));
	return h;
}

int diag_surface_scan(const char *dev, const struct diag_surface_opts *o, struct diag_part *p,
		      struct reco_err *err)
{
	int fd = open(dev, O_RDONLY | O_DIRECT | O_CLOEXEC);
	int direct = 1;
	if (fd < 0 && errno == EINVAL) {
		fd = open(dev, O_RDONLY | O_CLOEXEC);
		direct = 0;
	}
	if (fd < 0)
		return reco_err_set(err, -errno, "%s: %s", dev, strerror(errno));
	struct stat st;
	uint64_t size = 0;
	unsigned lbs = 512;
	if (fstat(fd, &st) == 0 && S_ISBLK(st.st_mode)) {
		ioctl(fd, BLKGETSIZE64, &size);
		int ss = 0;
		if (ioctl(fd, BLKSSZGET, &ss) == 0 && ss > 0)
			lbs = (unsigned)ss;
	} else if (fstat(fd, &st) == 0) {
		size = (uint64_t)st.st_size;
	}
	uint32_t chunk = o && o->sample_bytes ? o->sample_bytes : 64 * 1024;
	uint64_t samples = o && o->max_samples ? o->max_samples : 1000;
	if (size < chunk) {
		close(fd);
		return reco_err_set(err, -EINVAL, _("%s: too small to scan"), dev);
	}
	const uint64_t span = (size - chunk) / 4096; /* 4 KiB aligned offsets */
	if (samples > span + 1)
		samples = span + 1;
	void *buf = NULL;
	if (posix_memalign(&buf, 4096, chunk) != 0) {
		close(fd);
		return reco_err_set(err, -ENOMEM, _("out of memory"));
	}
	uint64_t hist[6] = { 0 }, read_errors = 0, done = 0, bytes = 0;
	struct slow slowest[N_SLOWEST] = { 0 };
	json_t *bad = json_array();
	const uint64_t t_start = reco_now_ns();
	for (uint64_t s = 0; s < samples; s++) {
		/* evenly spread, first and last included */
		uint64_t off = samples > 1 ? span * s / (samples - 1) * 4096 : 0;
		if (s == samples - 1)
			off = (size - chunk) / lbs * lbs;
		uint64_t t0 = reco_now_ns();
		ssize_t n = pread(fd, buf, chunk, (off_t)off);
		uint64_t ms = (reco_now_ns() - t0) / 1000000;
		done++;
		if (n != (ssize_t)chunk) {
			read_errors++;
			if (json_array_size(bad) < 32)
				json_array_append_new(bad, json_pack("{s:I,s:I}", "first_lba", (json_int_t)(off / lbs),
								     "count", (json_int_t)(chunk / lbs)));
		} else {
			bytes += chunk;
			int b = 0;
			while (b < 5 && ms >= bucket_ms[b])
				b++;
			hist[b]++;
			for (int k = 0; k < N_SLOWEST; k++)
				if (ms > slowest[k].ms) {
					memmove(&slowest[k + 1], &slowest[k], (N_SLOWEST - 1 - k) * sizeof(slowest[0]));
					slowest[k] = (struct slow){ off / lbs, ms };
					break;
				}
		}
		if (o && o->progress && o->progress(o->progress_arg, done, samples))
			break;
		if (o && o->budget_ms && (reco_now_ns() - t_start) / 1000000 >= o->budget_ms)
			break;
	}
	uint64_t elapsed_ms = (reco_now_ns() - t_start) / 1000000;
	free(buf);
	close(fd);

	set_metrics(p, hist, read_errors);
	json_t *sj = json_object();
	json_object_set_new(sj, "latency_histogram", hist_json(hist));
	json_t *sl = json_array();
	for (int k = 0; k < N_SLOWEST && slowest[k].ms; k++)
		json_array_append_new(sl, json_pack("{s:I,s:I}", "lba", (json_int_t)slowest[k].lba, "ms",
						    (json_int_t)slowest[k].ms));
	json_object_set_new(sj, "slowest", sl);
	json_object_set_new(sj, "samples", json_integer((json_int_t)done));
	json_object_set_new(sj, "sample_bytes", json_integer(chunk));
	json_object_set_new(sj, "read_errors", json_integer((json_int_t)read_errors));
	json_object_set_new(sj, "bad_ranges", bad);
	json_object_set_new(sj, "coverage_permille",
			    json_integer((json_int_t)(size ? bytes * 1000 / size : 0)));
	json_object_set_new(sj, "elapsed_ms", json_integer((json_int_t)elapsed_ms));
	json_object_set_new(sj, "direct_io", json_boolean(direct));
	json_object_set_new(sj, "source", json_string("diag"));
	json_object_set_new(p->details, "surface", sj);
	return 0;
}

int diag_surface_from_wipe(const json_t *wipe, const char *dev, struct diag_part *p)
{
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(wipe, "targets"), i, t) {
		const char *path = json_string_value(json_object_get(t, "path"));
		json_t *h = json_object_get(json_object_get(t, "surface"), "latency_histogram");
		if (!path || strcmp(path, dev) != 0 || !json_is_object(h))
			continue;
		uint64_t hist[6] = { 0 };
		for (int b = 0; b < 6; b++) {
			json_t *v = json_object_get(h, bucket_names[b]);
			hist[b] = json_is_integer(v) && json_integer_value(v) > 0 ? (uint64_t)json_integer_value(v) : 0;
		}
		uint64_t bad_blocks = 0;
		size_t k;
		json_t *r;
		json_array_foreach(json_object_get(t, "bad_ranges"), k, r) {
			json_t *c = json_object_get(r, "count");
			bad_blocks += json_is_integer(c) && json_integer_value(c) > 0 ? (uint64_t)json_integer_value(c) : 1;
		}
		set_metrics(p, hist, bad_blocks);
		json_t *sj = json_object();
		json_object_set_new(sj, "latency_histogram", hist_json(hist));
		json_t *slowest = json_object_get(json_object_get(t, "surface"), "slowest");
		if (json_is_array(slowest))
			json_object_set_new(sj, "slowest", json_deep_copy(slowest));
		json_object_set_new(sj, "read_errors", json_integer((json_int_t)bad_blocks));
		json_object_set_new(sj, "source", json_string("wipe.json"));
		json_object_set_new(p->details, "surface", sj);
		return 1;
	}
	return 0;
}
