/*
 * edid.c — EDID base-block parser (VESA E-EDID A2, EDID 1.4; see edid.h).
 *
 * Offsets used (base block):
 *   0x00-0x07 header 00 FF FF FF FF FF FF 00
 *   0x08-0x09 manufacturer PNP id (big endian, 3 × 5 bits, 'A' = 1)
 *   0x0A-0x0B product code (LE)   0x0C-0x0F serial number (LE)
 *   0x10 week (0 = none, 0xFF = model year)   0x11 year - 1990
 *   0x12-0x13 version, revision   0x14 video input (bit 7: digital)
 *   0x15-0x16 max image size in cm (or aspect ratio in 1.4)
 *   0x36, 0x48, 0x5A, 0x6C: four 18-byte descriptors (DTD when the pixel
 *   clock is non-zero, else a display descriptor tagged at byte 3)
 *   0x7E extension count   0x7F checksum (all 128 bytes sum to 0 mod 256)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "edid.h"

static const unsigned char edid_header[8] = { 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00 };

void edid_pnp_id(unsigned char b8, unsigned char b9, char out[4])
{
	unsigned v = (unsigned)b8 << 8 | b9;
	out[0] = (char)('@' + ((v >> 10) & 0x1f));
	out[1] = (char)('@' + ((v >> 5) & 0x1f));
	out[2] = (char)('@' + (v & 0x1f));
	out[3] = '\0';
}

static uint64_t isqrt64(uint64_t n)
{
	uint64_t x = 0, bit = (uint64_t)1 << 62;
	while (bit > n)
		bit >>= 2;
	while (bit) {
		if (n >= x + bit) {
			n -= x + bit;
			x = (x >> 1) + bit;
		} else {
			x >>= 1;
		}
		bit >>= 2;
	}
	return x;
}

unsigned edid_diagonal_tenth_inch(unsigned width_mm, unsigned height_mm)
{
	/* tenths of an inch = sqrt(w² + h²) / 2.54; computed as
	 * sqrt((w² + h²) × 10⁴) / 254, rounded; w, h < 2¹⁶ keeps this in 64 bits. */
	uint64_t d2 = (uint64_t)width_mm * width_mm + (uint64_t)height_mm * height_mm;
	uint64_t hundredths_mm = isqrt64(d2 * 10000u); /* floor(diag in 0.01 mm) */
	return (unsigned)((hundredths_mm + 127) / 254);
}

int edid_block_bad(const struct edid_info *e, unsigned n)
{
	if (n >= EDID_MAX_BLOCKS)
		return 0;
	return (e->bad_block[n / 8] >> (n % 8)) & 1;
}

static void check_blocks(const unsigned char *data, size_t len, struct edid_info *e)
{
	size_t whole = len / EDID_BLOCK_SIZE;
	if (whole > EDID_MAX_BLOCKS)
		whole = EDID_MAX_BLOCKS;
	for (size_t b = 0; b < whole; b++) {
		unsigned sum = 0;
		for (size_t i = 0; i < EDID_BLOCK_SIZE; i++)
			sum += data[b * EDID_BLOCK_SIZE + i];
		if (sum & 0xff) {
			e->bad_block[b / 8] |= (unsigned char)(1u << (b % 8));
			e->problems |= EDID_PROB_CHECKSUM;
		}
	}
	e->blocks_checked = (unsigned)whole;
}

/* Copies a descriptor text (13 bytes at d + 5) up to its 0x0A terminator
 * (or a NUL, which some panels pad with),
 * trailing spaces dropped.  Bytes outside printable ASCII are skipped, as
 * edid-decode does (some Chinese panels put GBK text there). */
static void descriptor_text(const unsigned char *d, char out[14])
{
	size_t n = 0;
	for (size_t i = 0; i < 13; i++) {
		unsigned char c = d[5 + i];
		if (c == 0x0a || c == 0x00)
			break;
		if (c >= 0x20 && c < 0x7f)
			out[n++] = (char)c;
	}
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\0'))
		n--;
	out[n] = '\0';
}

static void parse_descriptors(const unsigned char *data, size_t len, struct edid_info *e)
{
	int name_open = 0; /* the name so far filled a whole descriptor */
	for (size_t off = 0x36; off + 18 <= 0x7e && off + 18 <= len; off += 18) {
		const unsigned char *d = data + off;
		unsigned clock = (unsigned)d[0] | (unsigned)d[1] << 8;
		if (clock != 0) {
			if (e->have & EDID_HAVE_PREFERRED)
				continue;
			e->have |= EDID_HAVE_PREFERRED;
			e->pref_clock_10khz = clock;
			e->pref_width = d[2] | (unsigned)(d[4] & 0xf0) << 4;
			e->pref_height = d[5] | (unsigned)(d[7] & 0xf0) << 4;
			e->pref_interlaced = (d[17] & 0x80) != 0;
			if (e->pref_interlaced)
				e->pref_height *= 2; /* a field's lines → the frame's */
			e->pref_width_mm = d[12] | (unsigned)(d[14] & 0xf0) << 4;
			e->pref_height_mm = d[13] | (unsigned)(d[14] & 0x0f) << 8;
			continue;
		}
		if (d[2] != 0)
			continue; /* neither a DTD nor a display descriptor */
		switch (d[3]) {
		case 0xfc:
			if (!e->name[0]) {
				descriptor_text(d, e->name);
				name_open = strlen(e->name) == 13;
			} else if (name_open) {
				/* "Nvidia Defaul" + "t Flat Panel" */
				descriptor_text(d, e->name + 13);
				name_open = 0;
			}
			break;
		case 0xff:
			if (!e->serial_string[0])
				descriptor_text(d, e->serial_string);
			break;
		case 0xfe:
			if (e->ntext < 2) {
				descriptor_text(d, e->text[e->ntext]);
				if (e->text[e->ntext][0])
					e->ntext++;
			}
			break;
		default:
			break;
		}
	}
}

/* |a - b| <= tol */
static int close_to(unsigned a, unsigned b, unsigned tol)
{
	return a > b ? a - b <= tol : b - a <= tol;
}

static void physical_size(struct edid_info *e)
{
	if (!(e->have & EDID_HAVE_BASIC))
		return;
	if (e->width_cm && e->height_cm) {
		e->width_mm = e->width_cm * 10;
		e->height_mm = e->height_cm * 10;
		/* The DTD gives millimetres; trust it when it says the same thing
		 * as the centimetres (which are rounded, or truncated, to 1 cm).
		 * TVs often put an aspect ratio (16 × 9 mm) there instead. */
		if ((e->have & EDID_HAVE_PREFERRED) && e->pref_width_mm && e->pref_height_mm &&
		    close_to(e->pref_width_mm, e->width_mm, 10) &&
		    close_to(e->pref_height_mm, e->height_mm, 10)) {
			e->width_mm = e->pref_width_mm;
			e->height_mm = e->pref_height_mm;
		}
		e->diagonal_tenth_inch = edid_diagonal_tenth_inch(e->width_mm, e->height_mm);
		e->have |= EDID_HAVE_SIZE;
	} else if (e->version == 1 && e->revision >= 4 && (e->width_cm || e->height_cm)) {
		/* EDID 1.4 §3.6.2: one byte set = aspect ratio, landscape
		 * (byte 0x15 + 99) / 100 or portrait 100 / (byte 0x16 + 99). */
		if (e->width_cm)
			e->aspect_permille = (e->width_cm + 99) * 10;
		else
			e->aspect_permille = (100000 + (e->height_cm + 99) / 2) / (e->height_cm + 99);
		e->have |= EDID_HAVE_ASPECT;
	}
	/* both zero: size unknown or variable (projectors) — nothing to report */
}

int edid_parse(const unsigned char *data, size_t len, struct edid_info *e)
{
	memset(e, 0, sizeof(*e));
	e->len = len;
	if (!data || len == 0) {
		e->problems = EDID_PROB_EMPTY;
		e->len = 0;
		return -EINVAL;
	}
	if (len % EDID_BLOCK_SIZE)
		e->problems |= EDID_PROB_PARTIAL_BLOCK;
	check_blocks(data, len, e);

	size_t hlen = len < sizeof(edid_header) ? len : sizeof(edid_header);
	if (memcmp(data, edid_header, hlen) != 0) {
		e->problems |= EDID_PROB_BAD_HEADER;
		if (len < EDID_BLOCK_SIZE)
			e->problems |= EDID_PROB_SHORT;
		e->declared_blocks_ok = 0;
		return -EINVAL;
	}
	if (len < sizeof(edid_header)) {
		e->problems |= EDID_PROB_SHORT;
		return -EINVAL;
	}

	if (len >= 0x12) {
		edid_pnp_id(data[8], data[9], e->vendor);
		e->product_code = (uint16_t)(data[10] | data[11] << 8);
		e->serial = (uint32_t)data[12] | (uint32_t)data[13] << 8 |
			    (uint32_t)data[14] << 16 | (uint32_t)data[15] << 24;
		if (data[16] == 0xff) {
			e->model_year = 1;
		} else {
			e->week = data[16];
		}
		e->year = 1990u + data[17];
		e->have |= EDID_HAVE_ID;
	}
	if (len >= 0x14) {
		e->version = data[18];
		e->revision = data[19];
		e->have |= EDID_HAVE_VERSION;
	}
	if (len >= 0x17) {
		e->digital = (data[20] & 0x80) != 0;
		e->width_cm = data[21];
		e->height_cm = data[22];
		e->have |= EDID_HAVE_BASIC;
	}
	parse_descriptors(data, len, e);
	physical_size(e);

	size_t want;
	if (len > 0x7e) {
		e->extensions = data[0x7e];
		e->have |= EDID_HAVE_EXTCOUNT;
		want = (size_t)EDID_BLOCK_SIZE * (1 + e->extensions);
	} else {
		want = EDID_BLOCK_SIZE;
	}
	if (len < want)
		e->problems |= EDID_PROB_SHORT;
	else if (len > want)
		e->problems |= EDID_PROB_EXTRA_BYTES;

	/* Checksums of the blocks the EDID itself declares (trailing copies or
	 * garbage after them do not make the monitor's EDID wrong). */
	unsigned declared = e->extensions + 1, present = e->blocks_checked;
	e->declared_blocks_ok = present > 0;
	for (unsigned b = 0; b < declared && b < present; b++)
		if (edid_block_bad(e, b))
			e->declared_blocks_ok = 0;
	return 0;
}

size_t edid_problem_string(const struct edid_info *e, char *buf, size_t size)
{
	char tmp[16];
	size_t n = 0;
	int first = 1;
#define PUT(s) do { \
		const char *s_ = (s); \
		size_t l_ = strlen(s_); \
		if (n < size) { \
			size_t room_ = size - n - 1; \
			memcpy(buf + n, s_, l_ < room_ ? l_ : room_); \
		} \
		n += l_; \
	} while (0)
#define SEP() do { if (!first) PUT(","); first = 0; } while (0)

	if (size)
		buf[0] = '\0';
	if (e->problems & EDID_PROB_EMPTY) {
		SEP();
		PUT("empty");
	}
	if (e->problems & EDID_PROB_BAD_HEADER) {
		SEP();
		PUT("bad-header");
	}
	if (e->problems & EDID_PROB_CHECKSUM) {
		SEP();
		PUT("checksum-bad:");
		int firstb = 1;
		for (unsigned b = 0; b < e->blocks_checked; b++) {
			if (!edid_block_bad(e, b))
				continue;
			snprintf(tmp, sizeof(tmp), "%s%u", firstb ? "" : "+", b);
			PUT(tmp);
			firstb = 0;
		}
	}
	if (e->problems & EDID_PROB_PARTIAL_BLOCK) {
		SEP();
		PUT("partial-block");
	}
	if (e->problems & EDID_PROB_EXTRA_BYTES) {
		SEP();
		PUT("extra-bytes");
	}
	if (e->problems & EDID_PROB_SHORT) {
		SEP();
		PUT("short");
	}
#undef PUT
#undef SEP
	if (size)
		buf[n < size ? n : size - 1] = '\0';
	return n;
}
