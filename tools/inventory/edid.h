/*
 * edid.h — a parser for EDID blobs as the kernel exposes them in
 * /sys/class/drm/<connector>/edid.
 *
 * Format: VESA Enhanced EDID Standard, release A rev. 2 (EDID 1.4), section 3
 * (base block: header, vendor & product id, version, basic display
 * parameters, 18-byte descriptors at 0x36, extension count at 0x7E, checksum
 * at 0x7F); extension blocks are 128 bytes each, with their own checksum.
 *
 * The parser works on bytes only: no I/O, no allocation, no printing, and
 * it never reads outside [data, data + len).  Anything odd about the blob
 * (empty, short, bad header, bad checksums, trailing bytes) is recorded in
 * `problems` and never makes parsing fail: a monitor with a bad checksum
 * still has a vendor and a size worth reporting, as edid-decode shows them.
 *
 * Fields whose bytes are missing from a short blob are left at 0 / "" and
 * their EDID_HAVE_* bit is clear.  With a bad header nothing is decoded.
 */
#ifndef RECO_EDID_H
#define RECO_EDID_H

#include <stddef.h>
#include <stdint.h>

#define EDID_BLOCK_SIZE 128
/* Block numbers above this are not checksummed (the extension count is one
 * byte, so a well-formed EDID has at most 256 blocks). */
#define EDID_MAX_BLOCKS 256

/* What was wrong with the blob (bit set in edid_info.problems).  The names
 * edid_problem_string() gives are those of tests/fixtures/edid/MANIFEST.tsv. */
enum edid_problem {
	EDID_PROB_EMPTY         = 1u << 0, /* "empty": zero bytes */
	EDID_PROB_BAD_HEADER    = 1u << 1, /* "bad-header": not 00 FF FF FF FF FF FF 00 */
	EDID_PROB_CHECKSUM      = 1u << 2, /* "checksum-bad:N+M": see bad_block[] */
	EDID_PROB_PARTIAL_BLOCK = 1u << 3, /* "partial-block": length not a multiple of 128 */
	EDID_PROB_EXTRA_BYTES   = 1u << 4, /* "extra-bytes": more than 128 × (1 + extensions) */
	EDID_PROB_SHORT         = 1u << 5, /* "short": fewer (incl. a base block under 128 bytes) */
};

/* Which groups of fields were present in the blob. */
enum edid_have {
	EDID_HAVE_ID       = 1u << 0, /* vendor, product_code, serial, week, year (bytes 8-17) */
	EDID_HAVE_VERSION  = 1u << 1, /* version, revision (18-19) */
	EDID_HAVE_BASIC    = 1u << 2, /* digital, size_cm / aspect (20-22) */
	EDID_HAVE_EXTCOUNT = 1u << 3, /* extensions (126) */
	EDID_HAVE_PREFERRED = 1u << 4, /* a detailed timing descriptor was found in block 0 */
	EDID_HAVE_SIZE     = 1u << 5, /* width_mm/height_mm/diagonal are a physical size */
	EDID_HAVE_ASPECT   = 1u << 6, /* only an aspect ratio was given (EDID 1.4) */
};

struct edid_info {
	unsigned problems;            /* enum edid_problem bits */
	unsigned have;                /* enum edid_have bits */
	size_t len;                   /* bytes given */
	unsigned blocks_checked;      /* whole 128-byte blocks whose checksum was verified */
	unsigned char bad_block[EDID_MAX_BLOCKS / 8]; /* bitmap: checksum wrong in block n */
	int declared_blocks_ok;       /* 1: every block 0..extensions present has a good checksum */

	char vendor[4];               /* PNP id as edid-decode prints it ("ACR", "@LT") */
	uint16_t product_code;        /* bytes 10-11, little endian */
	uint32_t serial;              /* bytes 12-15, little endian; 0 = none */
	unsigned week;                /* 1-54 (other values kept as given); 0 = none */
	unsigned year;                /* 1990 + byte 17 */
	int model_year;               /* 1: byte 16 was 0xFF, year is the model year */
	unsigned version, revision;   /* EDID structure version, e.g. 1 and 4 */
	int digital;                  /* byte 20 bit 7 */
	unsigned extensions;          /* byte 126, the declared number of extension blocks */

	unsigned width_cm, height_cm; /* bytes 21-22 as given (0 when variable/aspect) */
	unsigned aspect_permille;     /* EDID 1.4 aspect-ratio-only: width/height × 1000 */
	unsigned width_mm, height_mm; /* physical size: the preferred DTD's mm when it
				       * agrees with the cm size, else cm × 10 */
	unsigned diagonal_tenth_inch; /* from width_mm/height_mm, rounded */

	unsigned pref_width, pref_height; /* first DTD of block 0; height is the frame
					   * height (doubled for interlaced modes) */
	int pref_interlaced;
	unsigned pref_width_mm, pref_height_mm; /* that DTD's image size, as given */
	unsigned pref_clock_10khz;    /* its pixel clock, in 10 kHz units */

	char name[27];                /* descriptor 0xFC; a second one continues it
				       * when the first fills its 13 bytes */
	char serial_string[14];       /* descriptor 0xFF */
	char text[2][14];             /* descriptors 0xFE (panel vendor/part on laptops) */
	unsigned ntext;
};

/* Parses len bytes at data into *out (always fully initialised).  Returns 0
 * when a base block was recognised (header present, even if the checksum or
 * length is wrong), -EINVAL when nothing could be decoded (empty, shorter than
 * the header, or bad header); the problems are in out->problems either way. */
int edid_parse(const unsigned char *data, size_t len, struct edid_info *out);

/* 1 if block n's checksum was found wrong. */
int edid_block_bad(const struct edid_info *e, unsigned n);

/* Writes the problem names, comma-separated, in the MANIFEST.tsv order
 * ("empty", "bad-header", "checksum-bad:1+3", "partial-block", "extra-bytes",
 * "short") into buf; "" when there is none.  Returns the length that the full
 * string needs (as snprintf does). */
size_t edid_problem_string(const struct edid_info *e, char *buf, size_t size);

/* The PNP id decoding: three 5-bit letters from bytes 8-9, each + '@', so
 * that invalid codes come out as edid-decode prints them ("@LT", "MP_"). */
void edid_pnp_id(unsigned char b8, unsigned char b9, char out[4]);

/* Integer diagonal of a w × h mm rectangle in tenths of an inch, rounded. */
unsigned edid_diagonal_tenth_inch(unsigned width_mm, unsigned height_mm);

#endif
