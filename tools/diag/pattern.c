/*
 * pattern.c — the pictures the guided tests put on the screen: the display
 * test's full-screen colours and gradient, and camera frames converted for
 * the preview.
 *
 * The framebuffer is XRGB8888 (DRM_FORMAT_XRGB8888: a 32-bit word
 * 0x00RRGGBB per pixel, little endian), the format every KMS driver offers
 * for dumb buffers.  The solid colours are pure (black, white, red, green,
 * blue) and a mid grey (0x808080): dead pixels show on the bright ones,
 * stuck ones on black, backlight bleed on black and grey, uneven colour on
 * each.  The gradient is four horizontal bands (grey, red, green, blue),
 * dark on the left to full on the right: banding or missing shades show
 * there.
 *
 * Camera frames come in the formats frame.c reads (linux/videodev2.h:
 * packed 4:2:2 YUYV/YVYU/UYVY/VYUY, GREY, NV12/NV21, YUV420/YVU420,
 * RGB24/BGR24).  YCbCr is converted with the ITU-R BT.601 limited-range
 * matrix in integers (R = 1.164 (Y - 16) + 1.596 (Cr - 128)...).  The
 * frame is scaled to fit the screen (nearest pixel), aspect kept, centred.
 * The bytes come from a device: the buffer's size is checked against the
 * format before a pixel is read, and every read stays inside.
 */
#include "guided.h"

#include <errno.h>
#include <string.h>

#include <linux/videodev2.h>

#include "lib/i18n.h"

static const struct {
	const char *name, *title;
	uint32_t rgb;
} patterns[GD_N_PATTERNS] = {
	{ "black", N_("black"), 0x000000 }, { "white", N_("white"), 0xffffff }, { "red", N_("red"), 0xff0000 },
	{ "green", N_("green"), 0x00ff00 }, { "blue", N_("blue"), 0x0000ff }, { "grey", N_("grey"), 0x808080 },
	{ "gradient", N_("gradient"), 0 },
};

const char *gd_pattern_name(enum gd_pattern p)
{
	return (unsigned)p < GD_N_PATTERNS ? patterns[p].name : "?";
}

const char *gd_pattern_title(enum gd_pattern p)
{
	return (unsigned)p < GD_N_PATTERNS ? patterns[p].title : "?";
}

uint32_t gd_pattern_rgb(enum gd_pattern p)
{
	return (unsigned)p < GD_N_PATTERNS ? patterns[p].rgb : 0;
}

static inline uint32_t *row_of(struct gd_fb *fb, uint32_t y)
{
	return (uint32_t *)(void *)(fb->px + (size_t)y * fb->stride);
}

void gd_fill(struct gd_fb *fb, enum gd_pattern p)
{
	if (!fb->px || !fb->width || !fb->height)
		return;
	if (p != GD_GRADIENT) {
		uint32_t c = gd_pattern_rgb(p);
		for (uint32_t y = 0; y < fb->height; y++) {
			uint32_t *r = row_of(fb, y);
			for (uint32_t x = 0; x < fb->width; x++)
				r[x] = c;
		}
		return;
	}
	/* four bands: grey, red, green, blue; 0 on the left to 255 on the right */
	static const uint32_t mask[4] = { 0x010101, 0x010000, 0x000100, 0x000001 };
	for (uint32_t y = 0; y < fb->height; y++) {
		uint32_t band = (uint32_t)((uint64_t)y * 4 / fb->height), *r = row_of(fb, y);
		for (uint32_t x = 0; x < fb->width; x++) {
			uint32_t level = fb->width > 1 ? (uint32_t)((uint64_t)x * 255 / (fb->width - 1)) : 255;
			r[x] = level * mask[band];
		}
	}
}

enum fmt { F_NONE, F_PACKED, F_GREY, F_NV, F_PLANAR, F_RGB, F_BGR };

struct src {
	enum fmt f;
	const uint8_t *d;
	uint64_t bpl;
	uint32_t w, h;
	int y_first, u_first; /* packed: Y at even bytes; U before V */
	uint64_t uv_off, v_off, uv_bpl;
};

static uint8_t clamp(int v)
{
	return v < 0 ? 0 : v > 255 ? 255 : (uint8_t)v;
}

static uint32_t yuv(int y, int u, int v)
{
	int c = y - 16, d = u - 128, e = v - 128;
	return (uint32_t)clamp((298 * c + 409 * e + 128) >> 8) << 16 |
	       (uint32_t)clamp((298 * c - 100 * d - 208 * e + 128) >> 8) << 8 | clamp((298 * c + 516 * d + 128) >> 8);
}

static uint32_t pixel(const struct src *s, uint32_t x, uint32_t y)
{
	const uint8_t *r = s->d + y * s->bpl;
	switch (s->f) {
	case F_PACKED: {
		const uint8_t *m = r + (size_t)(x & ~1u) * 2; /* the macropixel of two pixels */
		int yv = s->y_first ? m[(x & 1) * 2] : m[(x & 1) * 2 + 1];
		int c0 = s->y_first ? m[1] : m[0], c1 = s->y_first ? m[3] : m[2];
		return s->u_first ? yuv(yv, c0, c1) : yuv(yv, c1, c0);
	}
	case F_GREY:
		return (uint32_t)r[x] * 0x010101;
	case F_NV: {
		const uint8_t *c = s->d + s->uv_off + (y / 2) * s->uv_bpl + (size_t)(x & ~1u);
		return s->u_first ? yuv(r[x], c[0], c[1]) : yuv(r[x], c[1], c[0]);
	}
	case F_PLANAR: {
		size_t o = (y / 2) * s->uv_bpl + x / 2;
		int u = s->d[s->uv_off + o], v = s->d[s->v_off + o];
		return s->u_first ? yuv(r[x], u, v) : yuv(r[x], v, u);
	}
	case F_RGB:
		return (uint32_t)r[x * 3] << 16 | (uint32_t)r[x * 3 + 1] << 8 | r[x * 3 + 2];
	case F_BGR:
		return (uint32_t)r[x * 3 + 2] << 16 | (uint32_t)r[x * 3 + 1] << 8 | r[x * 3];
	default:
		return 0;
	}
}

int gd_frame_to_fb(uint32_t fourcc, const uint8_t *data, size_t len, uint32_t width, uint32_t height,
		   uint32_t bytesperline, struct gd_fb *fb)
{
	struct src s = { .d = data, .w = width, .h = height, .y_first = 1, .u_first = 1 };
	unsigned bpp = 1;
	switch (fourcc) {
	case V4L2_PIX_FMT_YUYV: s.f = F_PACKED; bpp = 2; break;
	case V4L2_PIX_FMT_YVYU: s.f = F_PACKED; bpp = 2; s.u_first = 0; break;
	case V4L2_PIX_FMT_UYVY: s.f = F_PACKED; bpp = 2; s.y_first = 0; break;
	case V4L2_PIX_FMT_VYUY: s.f = F_PACKED; bpp = 2; s.y_first = 0; s.u_first = 0; break;
	case V4L2_PIX_FMT_GREY: s.f = F_GREY; break;
	case V4L2_PIX_FMT_NV12: s.f = F_NV; break;
	case V4L2_PIX_FMT_NV21: s.f = F_NV; s.u_first = 0; break;
	case V4L2_PIX_FMT_YUV420: s.f = F_PLANAR; break;
	case V4L2_PIX_FMT_YVU420: s.f = F_PLANAR; s.u_first = 0; break;
	case V4L2_PIX_FMT_RGB24: s.f = F_RGB; bpp = 3; break;
	case V4L2_PIX_FMT_BGR24: s.f = F_BGR; bpp = 3; break;
	default: return -ENOTSUP;
	}
	if (!data || width == 0 || height == 0 || width > 16384 || height > 16384)
		return -EINVAL;
	/* packed 4:2:2 reads whole macropixels: an even width's worth */
	uint64_t min_bpl = (uint64_t)(s.f == F_PACKED ? (width + 1) & ~1u : width) * bpp;
	s.bpl = bytesperline ? bytesperline : min_bpl;
	if (s.bpl < min_bpl)
		return -EINVAL;
	uint64_t need = (uint64_t)(height - 1) * s.bpl + min_bpl;
	uint64_t ch = (height + 1) / 2;
	if (s.f == F_NV) {
		/* the interleaved chroma plane after the luma plane, same pitch */
		s.uv_bpl = s.bpl;
		s.uv_off = (uint64_t)height * s.bpl;
		need = s.uv_off + (ch - 1) * s.uv_bpl + ((width + 1) & ~1u);
	} else if (s.f == F_PLANAR) {
		s.uv_bpl = (s.bpl + 1) / 2;
		s.uv_off = (uint64_t)height * s.bpl;
		s.v_off = s.uv_off + ch * s.uv_bpl;
		need = s.v_off + (ch - 1) * s.uv_bpl + (width + 1) / 2;
	}
	if (need > len)
		return -EINVAL;
	/* the frame's place on the screen: fitted, aspect kept, centred */
	uint32_t dw = fb->width, dh = fb->height;
	if ((uint64_t)width * fb->height > (uint64_t)height * fb->width)
		dh = (uint32_t)((uint64_t)height * fb->width / width);
	else
		dw = (uint32_t)((uint64_t)width * fb->height / height);
	if (!dw || !dh)
		return -EINVAL;
	uint32_t x0 = (fb->width - dw) / 2, y0 = (fb->height - dh) / 2;
	for (uint32_t y = 0; y < fb->height; y++) {
		uint32_t *r = row_of(fb, y);
		if (y < y0 || y >= y0 + dh) {
			memset(r, 0, (size_t)fb->width * 4);
			continue;
		}
		uint32_t sy = (uint32_t)((uint64_t)(y - y0) * height / dh);
		for (uint32_t x = 0; x < fb->width; x++)
			r[x] = x < x0 || x >= x0 + dw ? 0 : pixel(&s, (uint32_t)((uint64_t)(x - x0) * width / dw), sy);
	}
	return 0;
}
