/*
 * fuzz_diag_frame.c — camera frame statistics (tools/diag/frame.c) on
 * arbitrary bytes: the first 8 bytes choose the pixel format (an index into
 * the formats below), the width, the height and the bytes per line; the
 * rest is the frame as a device would fill its buffer.  Checks: no read
 * outside the buffer (ASan), statistics within their ranges.
 * Corpus: tests/fuzz/corpus/diag_frame.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/videodev2.h>

#include "diag/functions.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t fmts[] = { V4L2_PIX_FMT_YUYV, V4L2_PIX_FMT_UYVY, V4L2_PIX_FMT_GREY,
					 V4L2_PIX_FMT_NV12, V4L2_PIX_FMT_RGB24, V4L2_PIX_FMT_BGR24,
					 V4L2_PIX_FMT_YVU420, V4L2_PIX_FMT_MJPEG };
	if (size < 8)
		return 0;
	uint32_t fmt = fmts[data[0] % (sizeof(fmts) / sizeof(fmts[0]))];
	uint32_t w = (uint32_t)(data[1] | data[2] << 8), h = (uint32_t)(data[3] | data[4] << 8);
	uint32_t bpl = (uint32_t)(data[5] | data[6] << 8 | (data[7] & 0x0f) << 16);
	size_t len = size - 8;
	uint8_t *frame = malloc(len ? len : 1);
	if (!frame)
		return 0;
	memcpy(frame, data + 8, len);
	struct diag_frame_stats st;
	if (diag_frame_stats(fmt, frame, len, w, h, bpl, &st) == 0) {
		if (st.samples == 0 || st.mean_milli > 255000 || st.stddev_milli > 128000 || st.distinct == 0 ||
		    st.distinct > 256)
			abort();
		diag_frame_uniform(&st);
	}
	free(frame);
	return 0;
}
