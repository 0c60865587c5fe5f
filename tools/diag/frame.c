/*
 * frame.c — what one camera frame says about the sensor: luma statistics
 * (mean, standard deviation, number of distinct levels) over up to 65 536
 * evenly spread pixels, read from the frame's own pixel format
 * (linux/videodev2.h fourccs: packed 4:2:2 YUYV/YVYU/UYVY/VYUY, GREY,
 * planar/semi-planar 4:2:0 whose first plane is luma, RGB24/BGR24 with the
 * ITU-R BT.601 luma weights).  The bytes come from the device: every offset
 * is checked against the buffer.
 *
 * A frame is "uniform" — lens covered, sensor dead, a camera that streams
 * black — when its standard deviation is below 3 levels of 255 or it has at
 * most 4 distinct levels.  A lit scene, even a plain wall, shows tens of
 * levels of noise and shading; a covered lens or a dead sensor shows one or
 * two.  The first frames of a webcam are often dark while its exposure
 * settles: camera.c judges the last frame of a two-second run.
 */
#include "functions.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <linux/videodev2.h>

enum layout { L_NONE, L_Y_EVEN, L_Y_ODD, L_GREY, L_PLANAR, L_RGB, L_BGR };

static enum layout layout_of(uint32_t fourcc, unsigned *bpp_num)
{
	switch (fourcc) {
	case V4L2_PIX_FMT_YUYV:
	case V4L2_PIX_FMT_YVYU:
		*bpp_num = 2;
		return L_Y_EVEN;
	case V4L2_PIX_FMT_UYVY:
	case V4L2_PIX_FMT_VYUY:
		*bpp_num = 2;
		return L_Y_ODD;
	case V4L2_PIX_FMT_GREY:
		*bpp_num = 1;
		return L_GREY;
	case V4L2_PIX_FMT_NV12:
	case V4L2_PIX_FMT_NV21:
	case V4L2_PIX_FMT_YUV420:
	case V4L2_PIX_FMT_YVU420:
		*bpp_num = 1;
		return L_PLANAR;
	case V4L2_PIX_FMT_RGB24:
		*bpp_num = 3;
		return L_RGB;
	case V4L2_PIX_FMT_BGR24:
		*bpp_num = 3;
		return L_BGR;
	default:
		*bpp_num = 0;
		return L_NONE;
	}
}

int diag_frame_format_known(uint32_t fourcc)
{
	unsigned b;
	return layout_of(fourcc, &b) != L_NONE;
}

int diag_frame_stats(uint32_t fourcc, const uint8_t *data, size_t len, uint32_t width, uint32_t height,
		     uint32_t bytesperline, struct diag_frame_stats *st)
{
	memset(st, 0, sizeof(*st));
	unsigned bpp;
	enum layout l = layout_of(fourcc, &bpp);
	if (l == L_NONE)
		return -ENOTSUP;
	if (!data || width == 0 || height == 0 || width > 16384 || height > 16384)
		return -EINVAL;
	uint64_t min_bpl = (uint64_t)width * bpp;
	uint64_t bpl = bytesperline ? bytesperline : min_bpl;
	if (bpl < min_bpl)
		return -EINVAL;
	/* the last pixel read must be inside the buffer */
	if ((uint64_t)(height - 1) * bpl + min_bpl > len)
		return -EINVAL;
	st->width = width;
	st->height = height;
	/* an evenly spread grid of at most 256 × 256 samples */
	uint32_t sx = width > 256 ? width / 256 : 1, sy = height > 256 ? height / 256 : 1;
	uint64_t hist[256] = { 0 };
	double sum = 0, sum2 = 0;
	uint32_t n = 0;
	for (uint32_t y = 0; y < height; y += sy) {
		const uint8_t *row = data + (size_t)y * bpl;
		for (uint32_t x = 0; x < width; x += sx) {
			unsigned v;
			switch (l) {
			case L_Y_EVEN: v = row[(size_t)x * 2]; break;
			case L_Y_ODD: v = row[(size_t)x * 2 + 1]; break;
			case L_RGB: {
				const uint8_t *p = row + (size_t)x * 3;
				v = (77u * p[0] + 150u * p[1] + 29u * p[2]) >> 8;
				break;
			}
			case L_BGR: {
				const uint8_t *p = row + (size_t)x * 3;
				v = (77u * p[2] + 150u * p[1] + 29u * p[0]) >> 8;
				break;
			}
			default: v = row[x]; break; /* GREY and the luma plane */
			}
			hist[v]++;
			sum += v;
			sum2 += (double)v * v;
			n++;
		}
	}
	st->samples = n;
	double mean = sum / n, var = sum2 / n - mean * mean;
	if (var < 0)
		var = 0;
	st->mean_milli = (uint32_t)(mean * 1000 + 0.5);
	st->stddev_milli = (uint32_t)(sqrt(var) * 1000 + 0.5);
	for (int i = 0; i < 256; i++)
		st->distinct += hist[i] != 0;
	return 0;
}

int diag_frame_uniform(const struct diag_frame_stats *st)
{
	return st->samples > 0 && (st->stddev_milli < 3000 || st->distinct <= 4);
}
