/*
 * camera.c — the camera part: one per V4L2 video capture device.
 *
 * Devices are /sys/class/video4linux/videoN; those whose capabilities
 * (VIDIOC_QUERYCAP, device_caps) lack V4L2_CAP_VIDEO_CAPTURE — the metadata
 * node a UVC webcam adds, output and memory-to-memory nodes — are not
 * cameras.  A camera streams in its native uncompressed format (the first
 * one frame.c reads, from VIDIOC_ENUM_FMT) at its largest frame size up to
 * 1920 × 1080 (VIDIOC_ENUM_FRAMESIZES), through four mmap'ed buffers
 * (the V4L2 streaming I/O of the kernel's Documentation/userspace-api/media/
 * v4l/mmap.rst), for two seconds: the frame rate comes from the buffers'
 * timestamps, the image check from the last frame (frame.c).
 *
 * Metrics: camera.stream_failed, camera.frames, camera.fps_milli,
 * camera.uniform (when the last frame was analysed), camera.compressed_only.
 */
#include "functions.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/videodev2.h>

#include "lib/json.h"
#include "lib/sysroot.h"
#include "lib/util.h"

#define RUN_MS 2000
#define MAX_FRAMES 60
#define NBUF 4
#define MAX_W 1920
#define MAX_H 1080

static int xioctl(int fd, unsigned long req, void *arg)
{
	int rc;
	do
		rc = ioctl(fd, req, arg);
	while (rc < 0 && errno == EINTR);
	return rc < 0 ? -errno : 0;
}

static void fourcc_str(uint32_t f, char out[5])
{
	for (int i = 0; i < 4; i++) {
		char ch = (char)(f >> (8 * i) & 0xff);
		out[i] = ch >= 0x20 && ch < 0x7f ? ch : '?';
	}
	out[4] = '\0';
}

/* The largest frame size of fmt within MAX_W × MAX_H. */
static void best_size(int fd, uint32_t fmt, uint32_t *w, uint32_t *h)
{
	struct v4l2_frmsizeenum fs;
	uint64_t best = 0;
	for (uint32_t i = 0; i < 256; i++) {
		memset(&fs, 0, sizeof(fs));
		fs.index = i;
		fs.pixel_format = fmt;
		if (xioctl(fd, VIDIOC_ENUM_FRAMESIZES, &fs) != 0)
			break;
		if (fs.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
			uint32_t fw = fs.discrete.width, fh = fs.discrete.height;
			if (fw <= MAX_W && fh <= MAX_H && (uint64_t)fw * fh > best) {
				best = (uint64_t)fw * fh;
				*w = fw;
				*h = fh;
			}
		} else {
			*w = fs.stepwise.max_width < MAX_W ? fs.stepwise.max_width : MAX_W;
			*h = fs.stepwise.max_height < MAX_H ? fs.stepwise.max_height : MAX_H;
			break;
		}
	}
}

struct mbuf {
	void *start;
	size_t len;
};

static void stream(const struct diag_fn_ctx *c, struct diag_part *p, int fd)
{
	json_t *d = p->details;
	/* the native uncompressed format */
	struct v4l2_fmtdesc fd_;
	uint32_t fmt = 0;
	int compressed = 0;
	json_t *fmts = json_array();
	for (uint32_t i = 0; i < 64; i++) {
		memset(&fd_, 0, sizeof(fd_));
		fd_.index = i;
		fd_.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		if (xioctl(fd, VIDIOC_ENUM_FMT, &fd_) != 0)
			break;
		char s[5];
		fourcc_str(fd_.pixelformat, s);
		json_array_append_new(fmts, json_string(s));
		if (!fmt && diag_frame_format_known(fd_.pixelformat))
			fmt = fd_.pixelformat;
		if (fd_.flags & V4L2_FMT_FLAG_COMPRESSED)
			compressed = 1;
	}
	json_object_set_new(d, "formats", fmts);
	if (!fmt) {
		/* only MJPEG/H.264: the picture cannot be analysed (a rule makes
		 * it NOT_TESTED); no format at all: no picture */
		diag_metric_set(p, "camera.compressed_only", compressed);
		if (!compressed)
			diag_metric_set(p, "camera.stream_failed", 1);
		return;
	}
	struct v4l2_format f;
	memset(&f, 0, sizeof(f));
	f.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	if (xioctl(fd, VIDIOC_G_FMT, &f) != 0) {
		diag_metric_set(p, "camera.stream_failed", 1);
		diag_fn_skip(p, DIAG_SKIP_ERROR, NULL, errno);
		return;
	}
	uint32_t w = f.fmt.pix.width, h = f.fmt.pix.height;
	best_size(fd, fmt, &w, &h);
	f.fmt.pix.pixelformat = fmt;
	f.fmt.pix.width = w;
	f.fmt.pix.height = h;
	f.fmt.pix.field = V4L2_FIELD_ANY;
	int rc = xioctl(fd, VIDIOC_S_FMT, &f);
	if (rc) {
		diag_metric_set(p, "camera.stream_failed", 1);
		json_object_set_new(d, "failed_at", json_string("format"));
		json_object_set_new(d, "errno", json_integer(-rc));
		return;
	}
	char s[5];
	fourcc_str(f.fmt.pix.pixelformat, s);
	json_object_set_new(d, "format", json_string(s));
	json_object_set_new(d, "width", json_integer(f.fmt.pix.width));
	json_object_set_new(d, "height", json_integer(f.fmt.pix.height));

	struct v4l2_requestbuffers rb = { .count = NBUF, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					  .memory = V4L2_MEMORY_MMAP };
	struct mbuf bufs[NBUF];
	size_t nb = 0;
	const char *failed_at = NULL;
	rc = xioctl(fd, VIDIOC_REQBUFS, &rb);
	if (rc || rb.count == 0) {
		failed_at = "buffers";
		goto fail;
	}
	for (; nb < rb.count && nb < NBUF; nb++) {
		struct v4l2_buffer b = { .index = (uint32_t)nb, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					 .memory = V4L2_MEMORY_MMAP };
		if ((rc = xioctl(fd, VIDIOC_QUERYBUF, &b)) != 0) {
			failed_at = "buffers";
			goto fail;
		}
		bufs[nb].len = b.length;
		bufs[nb].start = mmap(NULL, b.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, b.m.offset);
		if (bufs[nb].start == MAP_FAILED) {
			rc = -errno;
			failed_at = "mmap";
			goto fail;
		}
		if ((rc = xioctl(fd, VIDIOC_QBUF, &b)) != 0) {
			nb++;
			failed_at = "queue";
			goto fail;
		}
	}
	enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	if ((rc = xioctl(fd, VIDIOC_STREAMON, &type)) != 0) {
		failed_at = "stream";
		goto fail;
	}
	uint64_t t0 = reco_now_ns();
	unsigned frames = 0;
	uint64_t ts_first = 0, ts_last = 0;
	struct diag_frame_stats st;
	int analysed = 0, last_rc = 0;
	unsigned budget = c->budget_ms ? c->budget_ms : RUN_MS;
	while (frames < MAX_FRAMES && (reco_now_ns() - t0) / 1000000 < budget) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int pr = poll(&pfd, 1, 2000);
		if (pr <= 0) {
			if (pr < 0 && errno == EINTR)
				continue;
			break; /* no frame for two seconds */
		}
		struct v4l2_buffer b = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_MMAP };
		if (xioctl(fd, VIDIOC_DQBUF, &b) != 0)
			continue;
		if (b.index < nb && !(b.flags & V4L2_BUF_FLAG_ERROR)) {
			uint64_t ts = (uint64_t)b.timestamp.tv_sec * 1000000 + (uint64_t)b.timestamp.tv_usec;
			if (!frames)
				ts_first = ts;
			ts_last = ts;
			frames++;
			size_t used = b.bytesused ? b.bytesused : bufs[b.index].len;
			if (used > bufs[b.index].len)
				used = bufs[b.index].len;
			last_rc = diag_frame_stats(f.fmt.pix.pixelformat, bufs[b.index].start, used, f.fmt.pix.width,
						   f.fmt.pix.height, f.fmt.pix.bytesperline, &st);
			analysed = last_rc == 0;
		}
		xioctl(fd, VIDIOC_QBUF, &b);
	}
	xioctl(fd, VIDIOC_STREAMOFF, &type);
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
	for (size_t i = 0; i < nb; i++)
		munmap(bufs[i].start, bufs[i].len);
	return;
fail:
	diag_metric_set(p, "camera.stream_failed", 1);
	json_object_set_new(d, "failed_at", json_string(failed_at));
	json_object_set_new(d, "errno", json_integer(rc < 0 ? -rc : rc));
	for (size_t i = 0; i < nb; i++)
		if (bufs[i].start != MAP_FAILED)
			munmap(bufs[i].start, bufs[i].len);
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
			struct v4l2_capability cap;
			memset(&cap, 0, sizeof(cap));
			if (fd >= 0 && xioctl(fd, VIDIOC_QUERYCAP, &cap) == 0) {
				uint32_t caps = cap.capabilities & V4L2_CAP_DEVICE_CAPS ? cap.device_caps
											 : cap.capabilities;
				if (!(caps & V4L2_CAP_VIDEO_CAPTURE) || (caps & V4L2_CAP_VIDEO_M2M)) {
					close(fd);
					goto next; /* not a camera */
				}
				if (!(caps & V4L2_CAP_STREAMING)) {
					close(fd);
					fd = -2;
				}
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
