/*
 * qr.c — a QR code (libqrencode, error correction M) drawn as black squares
 * on a white square, with the 2-module quiet zone on every side.
 */
#include <qrencode.h>

#include "report.h"

void report_draw_qr(cairo_t *cr, double x, double y, double size, const char *payload)
{
	QRcode *q = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return;
	double m = size / (q->width + 4);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++)
			if (q->data[r * q->width + c] & 1)
				cairo_rectangle(cr, x + (c + 2) * m, y + (r + 2) * m, m, m);
	cairo_fill(cr);
	QRcode_free(q);
}
