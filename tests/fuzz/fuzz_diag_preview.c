/*
 * fuzz_diag_preview.c — camera frames converted for the guided preview
 * (tools/diag/pattern.c, gd_frame_to_fb) from arbitrary bytes: the first 8
 * bytes choose the pixel format, the width, the height and the bytes per
 * line, the rest is the frame as a device would fill its buffer; the
 * screen is a small framebuffer whose size comes from the same bytes.
 * Checks: no read outside the frame nor write outside the framebuffer
 * (ASan).  Corpus: tests/fuzz/corpus/diag_preview (the diag_frame layout).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/videodev2.h>

#include "diag/guided.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t fmts[] = { V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_UYVY, V4L2_PIX_FMT_YVYU, V4L2_PIX_FMT_VYUY,
					 V4L2_PIX_FMT_GREY, V4L2_PIX_FMT_NV12, V4L2_PIX_FMT_NV21, V4L2_PIX_FMT_RGB24,
					 V4L2_PIX_FMT_BGR24, V4L2_PIX_FMT_YUV420, V4L2_PIX_FMT_YVU420, V4L2_PIX_FMT_MJPEG };
	if (size < 8)
		return 0;
	uint32_t fmt = fmts[data[0] % (sizeof(fmts) / sizeof(fmts[0]))];
	uint32_t w = (uint32_t)(data[1] | data[2] << 8), h = (uint32_t)(data[3] | data[4] << 8);
	uint32_t bpl = (uint32_t)(data[5] | data[6] << 8 | (data[7] & 0x0f) << 16);
	size_t len = size - 8;
	uint8_t *frame = malloc(len ? len : 1);
	/* a screen of 1..64 × 1..48 pixels, its rows padded */
	uint32_t fw = 1 + data[0] % 64, fh = 1 + data[1] % 48;
	struct gd_fb fb = { fw, fh, fw * 4 + 8, NULL };
	fb.px = malloc((size_t)fb.stride * fh);
	if (!frame || !fb.px) {
		free(frame);
		free(fb.px);
		return 0;
	}
	memcpy(frame, data + 8, len);
	gd_frame_to_fb(fmt, frame, len, w, h, bpl, &fb);
	free(frame);
	free(fb.px);
	return 0;
}
