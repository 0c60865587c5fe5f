/*
 * camera.c — the camera part: one per V4L2 video capture device.
 *
 * Devices are /sys/class/video4linux/videoN; those whose capabilities
 * (VIDIOC_QUERYCAP, device_caps) lack V4L2_CAP_VIDEO_CAPTURE — the metadata
 * node a UVC webcam adds, output and memory-to-memory nodes — are not
 * cameras.  A camera streams in its native uncompressed format (the first
 * one frame.c reads, from VIDIOC_ENUM_FMT) at its largest frame size up to
 * 1920 × 1080 (VIDIOC_ENUM_FRAMESIZES), through four mmap'ed buffers
 * (v4l2.c: the V4L2 streaming I/O), for two seconds: the frame rate comes from the buffers'
 * timestamps, the image check from the last frame (frame.c).
 *
 * Metrics: camera.stream_failed, camera.frames, camera.fps_milli,
 * camera.uniform (when the last frame was analysed), camera.compressed_only.
 */
#include "functions.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/videodev2.h>

#include "lib/json.h"
#include "lib/sysroot.h"
#include "lib/util.h"

#define RUN_MS 2000
#define MAX_FRAMES 60
#define MAX_W 1920
#define MAX_H 1080

static void stream(const struct diag_fn_ctx *c, struct diag_part *p, int fd)
{
	json_t *d = p->details;
	/* the native uncompressed format */
	int compressed = 0;
	json_t *fmts = json_array();
	uint32_t fmt = diag_v4l2_native_format(fd, fmts, &compressed);
	json_object_set_new(d, "formats", fmts);
	if (!fmt) {
		/* only MJPEG/H.264: the picture cannot be analysed (a rule makes
		 * it NOT_TESTED); no format at all: no picture */
		diag_metric_set(p, "camera.compressed_only", compressed);
		if (!compressed)
			diag_metric_set(p, "camera.stream_failed", 1);
		return;
	}
	struct diag_v4l2 s;
	int rc = diag_v4l2_start(&s, fd, fmt, MAX_W, MAX_H);
	if (rc && s.failed_at && strcmp(s.failed_at, "get_format") == 0) {
		diag_metric_set(p, "camera.stream_failed", 1);
		diag_fn_skip(p, DIAG_SKIP_ERROR, NULL, -rc);
		diag_v4l2_stop(&s);
		return;
	}
	if (s.fourcc) {
		char f4[5];
		diag_fourcc_str(s.fourcc, f4);
		json_object_set_new(d, "format", json_string(f4));
		json_object_set_new(d, "width", json_integer(s.width));
		json_object_set_new(d, "height", json_integer(s.height));
	}
	if (rc) {
		diag_metric_set(p, "camera.stream_failed", 1);
		json_object_set_new(d, "failed_at", json_string(s.failed_at ? s.failed_at : "stream"));
		json_object_set_new(d, "errno", json_integer(-rc));
		diag_v4l2_stop(&s);
		return;
	}
	uint64_t t0 = reco_now_ns();
	unsigned frames = 0;
	uint64_t ts_first = 0, ts_last = 0;
	struct diag_frame_stats st;
	int analysed = 0, last_rc = 0;
	unsigned budget = c->budget_ms ? c->budget_ms : RUN_MS;
	while (frames < MAX_FRAMES && (reco_now_ns() - t0) / 1000000 < budget) {
		struct diag_v4l2_frame fr;
		int n = diag_v4l2_next(&s, 2000, &fr);
		if (n < 0)
			continue;
		if (n == 0)
			break; /* no frame for two seconds */
		if (!fr.bad) {
			if (!frames)
				ts_first = fr.ts_us;
			ts_last = fr.ts_us;
			frames++;
			last_rc = diag_frame_stats(s.fourcc, fr.data, fr.len, s.width, s.height, s.bpl, &st);
			analysed = last_rc == 0;
		}
		diag_v4l2_requeue(&s, &fr);
	}
	diag_v4l2_stop(&s);
	json_object_set_new(d, "frames", json_integer(frames));
	json_object_set_new(d, "ms", json_integer((json_int_t)((reco_now_ns() - t0) / 1000000)));
	diag_metric_set(p, "camera.frames", frames);
	if (frames >= 2 && ts_last > ts_first) {
		uint64_t fps = (uint64_t)(frames - 1) * 1000000000ull / (ts_last - ts_first);
		diag_metric_set(p, "camera.fps_milli", (int64_t)fps);
		json_object_set_new(d, "fps_milli", json_integer((json_int_t)fps));
	}
	if (frames == 0)
		diag_metric_set(p, "camera.stream_failed", 1);
	if (analysed) {
		json_object_set_new(d, "last_frame",
				    json_pack("{s:i,s:i,s:i,s:i}", "mean_milli", (int)st.mean_milli, "stddev_milli",
					      (int)st.stddev_milli, "distinct_levels", (int)st.distinct, "samples",
					      (int)st.samples));
		diag_metric_set(p, "camera.uniform", diag_frame_uniform(&st));
	} else if (frames) {
		json_object_set_new(d, "frame_errno", json_integer(-last_rc));
	}
}

static int cmp_video(const void *a, const void *b)
{
	return atoi(*(char *const *)a + 5) - atoi(*(char *const *)b + 5);
}

int diag_camera_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max)
{
	DIR *d = reco_opendir(c->root, "/sys/class/video4linux");
	if (!d)
		return 0;
	char *names[64];
	size_t nn = 0;
	struct dirent *de;
	while ((de = readdir(d)) && nn < 64)
		if (strncmp(de->d_name, "video", 5) == 0)
			names[nn++] = strdup(de->d_name);
	closedir(d);
	qsort(names, nn, sizeof(*names), cmp_video);
	int n = 0;
	for (size_t i = 0; i < nn; i++) {
		char path[300], name[128] = "";
		if (!names[i] || (size_t)n >= max)
			goto next;
		snprintf(path, sizeof(path), "/sys/class/video4linux/%s/name", names[i]);
		reco_read_str(c->root, path, name, sizeof(name));
		int fd = -1, open_errno = 0;
		if (c->live) {
			snprintf(path, sizeof(path), "/dev/%s", names[i]);
			fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
			open_errno = fd < 0 ? errno : 0;
			int cam = fd >= 0 ? diag_v4l2_is_camera(fd) : 1;
			if (cam == 0) {
				close(fd);
				goto next; /* not a camera */
			}
			if (cam == -1) {
				close(fd);
				fd = -2;
			}
		} else {
			/* a captured tree: a UVC metadata node is not a camera; its
			 * index is 1 for the same device */
			uint64_t index = 0;
			snprintf(path, sizeof(path), "/sys/class/video4linux/%s/index", names[i]);
			if (reco_read_u64(c->root, path, &index) == 0 && index != 0)
				goto next;
		}
		struct diag_part *p = &out[n];
		if (diag_part_init(p, "camera", names[i]) != 0) {
			if (fd >= 0)
				close(fd);
			goto next;
		}
		n++;
		reco_json_set_str(p->details, "name", name);
		char cp[300];
		snprintf(cp, sizeof(cp), "/sys/class/video4linux/%s", names[i]);
		struct diag_sysdev sd;
		if (diag_sysdev_read(c->root, cp, &sd) == 0)
			diag_sysdev_json(&sd, p);
		if (!c->live) {
			diag_fn_skip(p, DIAG_SKIP_NO_LIVE, NULL, 0);
		} else if (fd == -2) {
			/* no streaming I/O: no picture this test can take */
			diag_metric_set(p, "camera.stream_failed", 1);
			json_object_set_new(p->details, "failed_at", json_string("no_streaming"));
		} else if (fd < 0) {
			diag_metric_set(p, "camera.stream_failed", 1);
			json_object_set_new(p->details, "failed_at", json_string("open"));
			json_object_set_new(p->details, "errno", json_integer(open_errno));
		} else {
			stream(c, p, fd);
			close(fd);
		}
next:
		free(names[i]);
	}
	return n;
}

const struct diag_part_desc diag_camera_desc = { "camera", DIAG_NEEDS_MACHINE, NULL, diag_fn_run_part,
						(const void *)(diag_fn_reader)diag_camera_read };
