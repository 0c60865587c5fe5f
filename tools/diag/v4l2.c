/*
 * v4l2.c — streaming from a V4L2 camera, shared by the automatic camera
 * part (camera.c) and the guided camera preview (guided_camera.c).
 *
 * The V4L2 streaming I/O of the kernel's Documentation/userspace-api/
 * media/v4l/mmap.rst: the format set (VIDIOC_S_FMT) at the largest frame
 * size the camera offers within a limit (VIDIOC_ENUM_FRAMESIZES), four
 * buffers requested, mapped and queued, the stream on; each frame is
 * dequeued when poll() says it is ready, read in place, and queued again.
 * (Moved out of camera.c so that the guided preview streams the same way.)
 * The native format is the first uncompressed one frame.c reads, in the
 * order the camera lists them (VIDIOC_ENUM_FMT).
 */
#include "functions.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/videodev2.h>

int diag_v4l2_ioctl(int fd, unsigned long req, void *arg)
{
	int rc;
	do
		rc = ioctl(fd, req, arg);
	while (rc < 0 && errno == EINTR);
	return rc < 0 ? -errno : 0;
}

void diag_fourcc_str(uint32_t f, char out[5])
{
	for (int i = 0; i < 4; i++) {
		char ch = (char)(f >> (8 * i) & 0xff);
		out[i] = ch >= 0x20 && ch < 0x7f ? ch : '?';
	}
	out[4] = '\0';
}

int diag_v4l2_is_camera(int fd)
{
	struct v4l2_capability cap;
	memset(&cap, 0, sizeof(cap));
	int rc = diag_v4l2_ioctl(fd, VIDIOC_QUERYCAP, &cap);
	if (rc)
		return rc;
	uint32_t caps = cap.capabilities & V4L2_CAP_DEVICE_CAPS ? cap.device_caps : cap.capabilities;
	if (!(caps & V4L2_CAP_VIDEO_CAPTURE) || (caps & V4L2_CAP_VIDEO_M2M))
		return 0;
	return caps & V4L2_CAP_STREAMING ? 1 : -1;
}

uint32_t diag_v4l2_native_format(int fd, json_t *names, int *compressed)
{
	uint32_t fmt = 0;
	*compressed = 0;
	for (uint32_t i = 0; i < 64; i++) {
		struct v4l2_fmtdesc fd_;
		memset(&fd_, 0, sizeof(fd_));
		fd_.index = i;
		fd_.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		if (diag_v4l2_ioctl(fd, VIDIOC_ENUM_FMT, &fd_) != 0)
			break;
		if (names) {
			char s[5];
			diag_fourcc_str(fd_.pixelformat, s);
			json_array_append_new(names, json_string(s));
		}
		if (!fmt && diag_frame_format_known(fd_.pixelformat))
			fmt = fd_.pixelformat;
		if (fd_.flags & V4L2_FMT_FLAG_COMPRESSED)
			*compressed = 1;
	}
	return fmt;
}

/* The largest frame size of fmt within max_w × max_h. */
static void best_size(int fd, uint32_t fmt, uint32_t max_w, uint32_t max_h, uint32_t *w, uint32_t *h)
{
	struct v4l2_frmsizeenum fs;
	uint64_t best = 0;
	for (uint32_t i = 0; i < 256; i++) {
		memset(&fs, 0, sizeof(fs));
		fs.index = i;
		fs.pixel_format = fmt;
		if (diag_v4l2_ioctl(fd, VIDIOC_ENUM_FRAMESIZES, &fs) != 0)
			break;
		if (fs.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
			uint32_t fw = fs.discrete.width, fh = fs.discrete.height;
			if (fw <= max_w && fh <= max_h && (uint64_t)fw * fh > best) {
				best = (uint64_t)fw * fh;
				*w = fw;
				*h = fh;
			}
		} else {
			*w = fs.stepwise.max_width < max_w ? fs.stepwise.max_width : max_w;
			*h = fs.stepwise.max_height < max_h ? fs.stepwise.max_height : max_h;
			break;
		}
	}
}

int diag_v4l2_start(struct diag_v4l2 *s, int fd, uint32_t fmt, uint32_t max_w, uint32_t max_h)
{
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	struct v4l2_format f;
	memset(&f, 0, sizeof(f));
	f.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	int rc = diag_v4l2_ioctl(fd, VIDIOC_G_FMT, &f);
	if (rc) {
		s->failed_at = "get_format";
		return rc;
	}
	uint32_t w = f.fmt.pix.width, h = f.fmt.pix.height;
	best_size(fd, fmt, max_w, max_h, &w, &h);
	f.fmt.pix.pixelformat = fmt;
	f.fmt.pix.width = w;
	f.fmt.pix.height = h;
	f.fmt.pix.field = V4L2_FIELD_ANY;
	if ((rc = diag_v4l2_ioctl(fd, VIDIOC_S_FMT, &f)) != 0) {
		s->failed_at = "format";
		return rc;
	}
	s->fourcc = f.fmt.pix.pixelformat;
	s->width = f.fmt.pix.width;
	s->height = f.fmt.pix.height;
	s->bpl = f.fmt.pix.bytesperline;
	struct v4l2_requestbuffers rb = { .count = DIAG_V4L2_NBUF, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					  .memory = V4L2_MEMORY_MMAP };
	rc = diag_v4l2_ioctl(fd, VIDIOC_REQBUFS, &rb);
	if (rc || rb.count == 0) {
		s->failed_at = "buffers";
		return rc ? rc : -ENOMEM;
	}
	for (; s->nb < rb.count && s->nb < DIAG_V4L2_NBUF; s->nb++) {
		struct v4l2_buffer b = { .index = (uint32_t)s->nb, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
					 .memory = V4L2_MEMORY_MMAP };
		if ((rc = diag_v4l2_ioctl(fd, VIDIOC_QUERYBUF, &b)) != 0) {
			s->failed_at = "buffers";
			return rc;
		}
		s->buf[s->nb].len = b.length;
		s->buf[s->nb].start = mmap(NULL, b.length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, b.m.offset);
		if (s->buf[s->nb].start == MAP_FAILED) {
			s->buf[s->nb].start = NULL;
			s->failed_at = "mmap";
			return -errno;
		}
		if ((rc = diag_v4l2_ioctl(fd, VIDIOC_QBUF, &b)) != 0) {
			s->nb++;
			s->failed_at = "queue";
			return rc;
		}
	}
	enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	if ((rc = diag_v4l2_ioctl(fd, VIDIOC_STREAMON, &type)) != 0) {
		s->failed_at = "stream";
		return rc;
	}
	s->streaming = 1;
	return 0;
}

int diag_v4l2_next(struct diag_v4l2 *s, int timeout_ms, struct diag_v4l2_frame *fr)
{
	struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
	int pr = poll(&pfd, 1, timeout_ms);
	if (pr < 0)
		return -errno; /* -EINTR: ask again */
	if (pr == 0)
		return 0;
	struct v4l2_buffer b = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_MMAP };
	int rc = diag_v4l2_ioctl(s->fd, VIDIOC_DQBUF, &b);
	if (rc)
		return rc == -EAGAIN ? 0 : rc;
	memset(fr, 0, sizeof(*fr));
	fr->index = b.index;
	if (b.index >= s->nb || (b.flags & V4L2_BUF_FLAG_ERROR)) {
		fr->bad = 1;
		return 1;
	}
	fr->ts_us = (uint64_t)b.timestamp.tv_sec * 1000000 + (uint64_t)b.timestamp.tv_usec;
	size_t used = b.bytesused ? b.bytesused : s->buf[b.index].len;
	fr->len = used > s->buf[b.index].len ? s->buf[b.index].len : used;
	fr->data = s->buf[b.index].start;
	return 1;
}

void diag_v4l2_requeue(struct diag_v4l2 *s, const struct diag_v4l2_frame *fr)
{
	struct v4l2_buffer b = { .index = fr->index, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_MMAP };
	diag_v4l2_ioctl(s->fd, VIDIOC_QBUF, &b);
}

void diag_v4l2_stop(struct diag_v4l2 *s)
{
	if (s->streaming) {
		enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		diag_v4l2_ioctl(s->fd, VIDIOC_STREAMOFF, &type);
	}
	for (size_t i = 0; i < s->nb; i++)
		if (s->buf[i].start)
			munmap(s->buf[i].start, s->buf[i].len);
	s->nb = 0;
	s->streaming = 0;
}
