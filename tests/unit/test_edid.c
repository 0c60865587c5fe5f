/*
 * test_edid.c — the EDID parser (tools/inventory/edid.c) against every
 * fixture in tests/fixtures/edid/ (the first hex dump of each file, checked
 * against the edid-decode text that follows it and against MANIFEST.tsv),
 * hand-made edge cases, the JSON form, and the displays section over a fake
 * /sys/class/drm tree.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "inventory/displays.h"
#include "inventory/edid.h"
#include "inventory/inventory.h"
#include "lib/sysroot.h"

static const char *fixtures_dir(void)
{
	const char *d = getenv("RECO_FIXTURES");
	return d ? d : "tests/fixtures";
}

/* ---- reading a fixture ----------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
	char *data = NULL;
	int rc = reco_read_file("", path, &data, len, 1 << 20);
	if (rc) {
		print_error("%s: %s\n", path, strerror(-rc));
		return NULL;
	}
	return data;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The bytes of the FIRST "(hex):" section of a fixture text: hex lines
 * (blank lines between blocks allowed) up to the first other line — the
 * "----" separator, or "Extracted contents:" in the old-format file, whose
 * second dump must not be appended.  *text_after points past the section. */
static unsigned char *extract_blob(char *text, size_t *len, char **text_after)
{
	*len = 0;
	*text_after = text;
	char *p = strstr(text, "(hex):\n");
	if (!p)
		return NULL; /* "EDID of 'stdin' was empty." */
	p += strlen("(hex):\n");
	unsigned char *out = malloc(strlen(p) / 2 + 1);
	size_t n = 0;
	while (*p) {
		char *eol = strchr(p, '\n');
		size_t ll = eol ? (size_t)(eol - p) : strlen(p);
		int blank = 1, hexline = 1;
		for (size_t i = 0; i < ll; i++) {
			if (p[i] != ' ')
				blank = 0;
			if (p[i] != ' ' && hexval((unsigned char)p[i]) < 0)
				hexline = 0;
		}
		if (!blank && !hexline)
			break;
		for (size_t i = 0; i + 1 < ll;) {
			if (p[i] == ' ') {
				i++;
				continue;
			}
			out[n++] = (unsigned char)(hexval((unsigned char)p[i]) << 4 |
						   hexval((unsigned char)p[i + 1]));
			i += 2;
		}
		p = eol ? eol + 1 : p + ll;
	}
	*text_after = p;
	*len = n;
	return out;
}

/* What edid-decode says about block 0. */
struct decoded {
	int have_vendor;
	char vendor[8];
	int have_model;
	long model;
	int have_date, model_year;
	unsigned week, year;
	int have_size, size_variable;
	unsigned wcm, hcm;
	int have_dtd, dtd_interlaced, have_dtd_mm;
	unsigned dtd_w, dtd_h, dtd_wmm, dtd_hmm;
	int have_version;
	unsigned ver, rev;
	int analog, digital;
	int have_serial;
	unsigned long serial;
	int have_serial_string;
	char serial_string[32];
};

static void parse_decoded(const char *text, struct decoded *d)
{
	memset(d, 0, sizeof(*d));
	const char *p = text;
	int old_dtd_line = 0; /* old format: 1 after "Detailed mode", 2 after its h line */
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t ll = eol ? (size_t)(eol - p) : strlen(p);
		char line[512];
		if (ll >= sizeof(line))
			ll = sizeof(line) - 1;
		memcpy(line, p, ll);
		line[ll] = '\0';
		p = eol ? eol + 1 : p + ll;
		char *l = line;
		while (*l == ' ')
			l++;
		if (!strcmp(l, "Warnings:") || !strcmp(l, "Failures:"))
			break;

		unsigned a, b;
		char c;
		if (old_dtd_line == 1 && sscanf(l, "%u", &a) == 1) {
			d->dtd_w = a;
			old_dtd_line = 2;
			continue;
		}
		if (old_dtd_line == 2 && sscanf(l, "%u", &a) == 1) {
			d->dtd_h = a;
			d->have_dtd = 1;
			old_dtd_line = 3;
			continue;
		}
		if (!d->have_vendor && sscanf(l, "Manufacturer: %3s Model %lx", d->vendor, &d->model) == 2) {
			d->have_vendor = d->have_model = 1; /* old format */
		} else if (!d->have_vendor && sscanf(l, "Manufacturer: %3s", d->vendor) == 1) {
			d->have_vendor = 1;
		} else if (!d->have_model && sscanf(l, "Model: %ld", &d->model) == 1) {
			d->have_model = 1;
		} else if (!d->have_date && (sscanf(l, "Made in: week %u of %u", &a, &b) == 2 ||
					     sscanf(l, "Made in week %u of %u", &a, &b) == 2)) {
			d->have_date = 1;
			d->week = a;
			d->year = b;
		} else if (!d->have_date && sscanf(l, "Made in: %u", &b) == 1) {
			d->have_date = 1;
			d->year = b;
		} else if (!d->have_date && sscanf(l, "Model year: %u", &b) == 1) {
			d->have_date = d->model_year = 1;
			d->year = b;
		} else if (!d->have_size && sscanf(l, "Maximum image size: %u cm x %u cm", &a, &b) == 2) {
			d->have_size = 1;
			d->wcm = a;
			d->hcm = b;
		} else if (!strcmp(l, "Image size is variable")) {
			d->size_variable = 1;
		} else if (!d->have_version &&
			   (sscanf(l, "EDID Structure Version & Revision: %u.%u", &a, &b) == 2 ||
			    sscanf(l, "EDID version: %u.%u", &a, &b) == 2)) {
			d->have_version = 1;
			d->ver = a;
			d->rev = b;
		} else if (!strncmp(l, "Analog display", 14)) {
			d->analog = 1;
		} else if (!strcmp(l, "Digital display")) {
			d->digital = 1;
		} else if (!d->have_serial && sscanf(l, "Serial Number: %lu%c", &d->serial, &c) == 1) {
			d->have_serial = 1;
		} else if (!d->have_serial_string &&
			   sscanf(l, "Display Product Serial Number: '%31[^']'", d->serial_string) == 1) {
			d->have_serial_string = 1;
		} else if (!d->have_dtd && !strncmp(l, "DTD ", 4)) {
			char *q = l + 4;
			while (*q == ' ')
				q++;
			if (strncmp(q, "1:", 2))
				continue;
			char i = 0;
			if (sscanf(q + 2, " %ux%u%c", &a, &b, &i) >= 2) {
				d->have_dtd = 1;
				d->dtd_w = a;
				d->dtd_h = b;
				d->dtd_interlaced = i == 'i';
				char *mm = strrchr(q, '(');
				if (mm && sscanf(mm, "(%u mm x %u mm)", &a, &b) == 2) {
					d->have_dtd_mm = 1;
					d->dtd_wmm = a;
					d->dtd_hmm = b;
				}
			}
		} else if (!d->have_dtd && !old_dtd_line &&
			   sscanf(l, "Detailed mode: Clock %*f MHz, %u mm x %u mm", &a, &b) == 2) {
			old_dtd_line = 1;
			d->have_dtd_mm = 1;
			d->dtd_wmm = a;
			d->dtd_hmm = b;
		}
	}
}

/* One MANIFEST.tsv row. */
struct manifest_row {
	char path[256], klass[16], vendor[8], product[8], name[64], dtd1[32], size_cm[16], flags[64];
	long edid_bytes, ext_count;
};

static int split_row(char *line, struct manifest_row *r)
{
	char *f[12], *t;
	int n = 0;
	/* strsep, not strtok: a field may be empty */
	while (n < 12 && (t = strsep(&line, "\t")) != NULL)
		f[n++] = t;
	if (n != 12 || line)
		return -1;
	snprintf(r->path, sizeof(r->path), "%s", f[0]);
	snprintf(r->klass, sizeof(r->klass), "%s", f[1]);
	r->edid_bytes = strtol(f[2], NULL, 10);
	r->ext_count = strcmp(f[3], "-") ? strtol(f[3], NULL, 10) : -1;
	snprintf(r->vendor, sizeof(r->vendor), "%s", f[4]);
	snprintf(r->product, sizeof(r->product), "%s", f[5]);
	snprintf(r->name, sizeof(r->name), "%s", f[6]);
	snprintf(r->dtd1, sizeof(r->dtd1), "%s", f[7]);
	snprintf(r->size_cm, sizeof(r->size_cm), "%s", f[9]);
	snprintf(r->flags, sizeof(r->flags), "%s", f[11]);
	return 0;
}

static int failures;

static void mismatch(const char *path, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void mismatch(const char *path, const char *what, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_error("%s: %s: %s\n", path, what, msg);
	failures++;
}

#define CHECK_U(path, what, got, want) do { \
		unsigned long g_ = (unsigned long)(got), w_ = (unsigned long)(want); \
		if (g_ != w_) \
			mismatch(path, what, "got %lu, want %lu", g_, w_); \
	} while (0)

static void test_every_fixture(void **state)
{
	(void)state;
	char mpath[PATH_MAX];
	snprintf(mpath, sizeof(mpath), "%s/edid/MANIFEST.tsv", fixtures_dir());
	size_t mlen;
	char *manifest = slurp(mpath, &mlen);
	assert_non_null(manifest);

	unsigned files = 0, vendors = 0, dates = 0, sizes = 0, dtds = 0, flagged = 0,
		 names = 0, serials = 0, versions = 0;
	failures = 0;
	char *save = NULL;
	for (char *line = strtok_r(manifest, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "path\t", 5))
			continue;
		struct manifest_row r;
		if (split_row(line, &r)) {
			mismatch("MANIFEST.tsv", "row", "bad row '%s'", line);
			continue;
		}
		char fpath[PATH_MAX];
		snprintf(fpath, sizeof(fpath), "%s/edid/%s", fixtures_dir(), r.path);
		size_t tlen;
		char *text = slurp(fpath, &tlen);
		if (!text) {
			mismatch(r.path, "file", "unreadable");
			continue;
		}
		files++;
		size_t blen;
		char *after;
		unsigned char *blob = extract_blob(text, &blen, &after);
		CHECK_U(r.path, "blob length", blen, r.edid_bytes);

		struct edid_info e;
		int rc = edid_parse(blob, blen, &e);

		/* problem flags, exactly as MANIFEST.tsv computed them */
		char want_flags[64] = "", got_flags[EDID_MAX_BLOCKS * 5];
		if (strcmp(r.flags, "-")) {
			for (char *s2 = NULL, *t = strtok_r(r.flags, ",", &s2); t; t = strtok_r(NULL, ",", &s2)) {
				if (!strcmp(t, "old-decoder-text"))
					continue;
				if (want_flags[0])
					strcat(want_flags, ",");
				strncat(want_flags, t, sizeof(want_flags) - strlen(want_flags) - 1);
			}
		}
		edid_problem_string(&e, got_flags, sizeof(got_flags));
		if (strcmp(got_flags, want_flags))
			mismatch(r.path, "problems", "got '%s', want '%s'", got_flags, want_flags);
		if (want_flags[0])
			flagged++;
		if (blen == 0) {
			if (rc != -EINVAL || e.problems != EDID_PROB_EMPTY)
				mismatch(r.path, "empty", "rc %d problems %#x", rc, e.problems);
			free(blob);
			free(text);
			continue;
		}
		if (rc != 0)
			mismatch(r.path, "parse", "rc %d", rc);
		if (r.ext_count >= 0)
			CHECK_U(r.path, "extension count", e.extensions, r.ext_count);
		/* checksum_ok covers the declared blocks only */
		int want_ok = 1;
		for (unsigned b = 0; b <= e.extensions; b++)
			if ((b + 1) * 128 > blen || edid_block_bad(&e, b))
				want_ok = (b + 1) * 128 > blen ? want_ok : 0;
		CHECK_U(r.path, "checksum_ok", e.declared_blocks_ok, want_ok);

		struct decoded d;
		parse_decoded(after, &d);

		/* identity: edid-decode text, and MANIFEST columns */
		if (!d.have_vendor || strcmp(e.vendor, d.vendor))
			mismatch(r.path, "manufacturer", "got '%s', want '%s'", e.vendor, d.vendor);
		if (strcmp(e.vendor, r.vendor))
			mismatch(r.path, "manufacturer (manifest)", "got '%s', want '%s'", e.vendor, r.vendor);
		vendors++;
		if (!d.have_model)
			mismatch(r.path, "model", "no Model line");
		CHECK_U(r.path, "product code", e.product_code, d.model);
		CHECK_U(r.path, "product code (manifest)", e.product_code, strtoul(r.product, NULL, 16));

		if (d.have_version) {
			CHECK_U(r.path, "version", e.version, d.ver);
			CHECK_U(r.path, "revision", e.revision, d.rev);
			versions++;
		} else {
			mismatch(r.path, "version", "no version line");
		}
		if (d.have_date) {
			CHECK_U(r.path, "week", e.week, d.week);
			CHECK_U(r.path, "year", e.year, d.year);
			CHECK_U(r.path, "model year flag", e.model_year, d.model_year);
			dates++;
		} else {
			mismatch(r.path, "date", "no Made in / Model year line");
		}
		if (d.analog || d.digital)
			CHECK_U(r.path, "digital", e.digital, d.digital);
		if (!strcmp(r.klass, "Digital") != !!e.digital && (d.analog || d.digital))
			mismatch(r.path, "class", "manifest says %s", r.klass);
		if (d.have_serial) {
			CHECK_U(r.path, "serial", e.serial, d.serial);
			serials++;
		}
		size_t sl = strlen(d.serial_string);
		while (sl && d.serial_string[sl - 1] == ' ')
			d.serial_string[--sl] = '\0';
		if (d.have_serial_string && strcmp(e.serial_string, d.serial_string))
			mismatch(r.path, "serial string", "got '%s', want '%s'", e.serial_string,
				 d.serial_string);

		/* physical size */
		if (d.have_size) {
			CHECK_U(r.path, "width cm", e.width_cm, d.wcm);
			CHECK_U(r.path, "height cm", e.height_cm, d.hcm);
			if (!(e.have & EDID_HAVE_SIZE))
				mismatch(r.path, "size", "no physical size");
			/* millimetres: within a centimetre of what edid-decode says */
			if (e.width_mm + 10 < d.wcm * 10 || e.width_mm > d.wcm * 10 + 10 ||
			    e.height_mm + 10 < d.hcm * 10 || e.height_mm > d.hcm * 10 + 10)
				mismatch(r.path, "size mm", "%ux%u mm for %ux%u cm", e.width_mm,
					 e.height_mm, d.wcm, d.hcm);
			if (e.diagonal_tenth_inch == 0)
				mismatch(r.path, "diagonal", "zero");
			sizes++;
			char ms[16];
			snprintf(ms, sizeof(ms), "%ux%u", d.wcm, d.hcm);
			if (strcmp(ms, r.size_cm))
				mismatch(r.path, "size (manifest)", "text %s, manifest %s", ms, r.size_cm);
		} else {
			if (e.have & EDID_HAVE_SIZE)
				mismatch(r.path, "size", "%ux%u mm where edid-decode has none",
					 e.width_mm, e.height_mm);
			if (d.size_variable && (e.width_cm || e.height_cm))
				mismatch(r.path, "variable size", "%ux%u cm", e.width_cm, e.height_cm);
		}

		/* preferred timing = DTD 1 */
		if (d.have_dtd) {
			if (!(e.have & EDID_HAVE_PREFERRED))
				mismatch(r.path, "DTD 1", "not found");
			CHECK_U(r.path, "DTD 1 width", e.pref_width, d.dtd_w);
			CHECK_U(r.path, "DTD 1 height", e.pref_height, d.dtd_h);
			CHECK_U(r.path, "DTD 1 interlaced", e.pref_interlaced, d.dtd_interlaced);
			if (d.have_dtd_mm) {
				CHECK_U(r.path, "DTD 1 width mm", e.pref_width_mm, d.dtd_wmm);
				CHECK_U(r.path, "DTD 1 height mm", e.pref_height_mm, d.dtd_hmm);
			}
			dtds++;
		} else if (e.have & EDID_HAVE_PREFERRED) {
			mismatch(r.path, "DTD 1", "found %ux%u where edid-decode has none",
				 e.pref_width, e.pref_height);
		}

		/* name: the first Display Product Name (trailing spaces trimmed;
		 * a name continued in a second descriptor starts with it) */
		if (strcmp(r.name, "-")) {
			size_t nl = strlen(r.name);
			while (nl && r.name[nl - 1] == ' ')
				r.name[--nl] = '\0';
			if (strncmp(e.name, r.name, nl) || (strlen(e.name) != nl && nl != 13))
				mismatch(r.path, "name", "got '%s', want '%s'", e.name, r.name);
			names++;
		}
		free(blob);
		free(text);
	}
	free(manifest);
	print_message("EDID fixtures: %u files, %u vendors, %u versions, %u dates, %u sizes, "
		      "%u DTDs, %u names, %u serials, %u flagged\n", files, vendors, versions,
		      dates, sizes, dtds, names, serials, flagged);
	assert_int_equal(failures, 0);
	/* the comparisons really happened */
	assert_int_equal(files, 300);
	assert_int_equal(vendors, 298);
	assert_int_equal(flagged, 58);
	assert_int_equal(versions, 298);
	assert_int_equal(dates, 298);
	assert_int_equal(sizes, 279);  /* the others: "Image size is variable" or empty */
	assert_int_equal(dtds, 296);
	assert_int_equal(names, 272);
	assert_int_equal(serials, 83); /* serials edid-decode did not mask */
}

/* ---- hand-made blobs ------------------------------------------------- */

static void fix_checksum(unsigned char *block)
{
	unsigned sum = 0;
	for (int i = 0; i < 127; i++)
		sum += block[i];
	block[127] = (unsigned char)(0x100 - (sum & 0xff));
}

static void put_dtd(unsigned char *d, unsigned clock, unsigned w, unsigned h, unsigned wmm,
		    unsigned hmm, int interlaced)
{
	memset(d, 0, 18);
	d[0] = clock & 0xff;
	d[1] = (unsigned char)(clock >> 8);
	d[2] = w & 0xff;
	d[4] = (unsigned char)((w >> 8) << 4);
	d[5] = h & 0xff;
	d[7] = (unsigned char)((h >> 8) << 4);
	d[12] = wmm & 0xff;
	d[13] = hmm & 0xff;
	d[14] = (unsigned char)(((wmm >> 8) << 4) | ((hmm >> 8) & 0xf));
	d[17] = interlaced ? 0x80 : 0x18;
}

static void put_text(unsigned char *d, unsigned char tag, const char *s, size_t n)
{
	memset(d, 0, 18);
	d[3] = tag;
	memset(d + 5, ' ', 13);
	memcpy(d + 5, s, n);
	if (n < 13)
		d[5 + n] = 0x0a;
}

/* A 1.4 base block: AUO panel, 34 × 19 cm, 1920×1080 DTD of 344 × 194 mm. */
static void make_base(unsigned char *b)
{
	static const unsigned char hdr[8] = { 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0 };
	memset(b, 0, 128);
	memcpy(b, hdr, 8);
	b[8] = 0x06; /* AUO = 00001 10101 01111 */
	b[9] = 0xaf;
	b[10] = 0xed;
	b[11] = 0x20;
	b[12] = 0x78;
	b[13] = 0x56;
	b[14] = 0x34;
	b[15] = 0x12;
	b[16] = 12;
	b[17] = 2019 - 1990;
	b[18] = 1;
	b[19] = 4;
	b[20] = 0xa5;
	b[21] = 34;
	b[22] = 19;
	put_dtd(b + 0x36, 14850, 1920, 1080, 344, 194, 0);
	put_text(b + 0x48, 0xfe, "AUO", 3);
	put_text(b + 0x5a, 0xfe, "B156HAN02.1", 11);
	put_text(b + 0x6c, 0xfc, "Test Panel", 10);
	fix_checksum(b);
}

static void test_good_block(void **state)
{
	(void)state;
	unsigned char b[128];
	make_base(b);
	struct edid_info e;
	assert_int_equal(edid_parse(b, sizeof(b), &e), 0);
	assert_int_equal(e.problems, 0);
	assert_string_equal(e.vendor, "AUO");
	assert_int_equal(e.product_code, 0x20ed);
	assert_int_equal(e.serial, 0x12345678);
	assert_int_equal(e.week, 12);
	assert_int_equal(e.year, 2019);
	assert_false(e.model_year);
	assert_int_equal(e.version, 1);
	assert_int_equal(e.revision, 4);
	assert_true(e.digital);
	/* the DTD's millimetres agree with 34 × 19 cm: they are used */
	assert_int_equal(e.width_mm, 344);
	assert_int_equal(e.height_mm, 194);
	assert_int_equal(e.diagonal_tenth_inch, 155); /* 394.9 mm = 15.548" */
	assert_int_equal(e.pref_width, 1920);
	assert_int_equal(e.pref_height, 1080);
	assert_false(e.pref_interlaced);
	assert_string_equal(e.name, "Test Panel");
	assert_int_equal(e.ntext, 2);
	assert_string_equal(e.text[0], "AUO");
	assert_string_equal(e.text[1], "B156HAN02.1");
	assert_true(e.declared_blocks_ok);
	char s[8];
	assert_int_equal(edid_problem_string(&e, s, sizeof(s)), 0);
	assert_string_equal(s, "");
}

static void test_empty_and_tiny(void **state)
{
	(void)state;
	struct edid_info e;
	char s[64];
	assert_int_equal(edid_parse(NULL, 0, &e), -EINVAL);
	assert_int_equal(e.problems, EDID_PROB_EMPTY);
	edid_problem_string(&e, s, sizeof(s));
	assert_string_equal(s, "empty");

	unsigned char one = 0x00;
	assert_int_equal(edid_parse(&one, 1, &e), -EINVAL);
	edid_problem_string(&e, s, sizeof(s));
	assert_string_equal(s, "partial-block,short");
	assert_int_equal(e.have, 0);
	assert_false(e.declared_blocks_ok);

	one = 0x42;
	assert_int_equal(edid_parse(&one, 1, &e), -EINVAL);
	edid_problem_string(&e, s, sizeof(s));
	assert_string_equal(s, "bad-header,partial-block,short");
}

static void test_127_bytes(void **state)
{
	(void)state;
	unsigned char b[128];
	make_base(b);
	struct edid_info e;
	assert_int_equal(edid_parse(b, 127, &e), 0);
	char s[64];
	edid_problem_string(&e, s, sizeof(s));
	assert_string_equal(s, "partial-block,short");
	/* what is there is still decoded ... */
	assert_string_equal(e.vendor, "AUO");
	assert_int_equal(e.pref_width, 1920);
	assert_string_equal(e.name, "Test Panel");
	/* ... the extension count at 0x7e is there, the checksum is not */
	assert_true(e.have & EDID_HAVE_EXTCOUNT);
	assert_int_equal(e.blocks_checked, 0);
	assert_false(e.declared_blocks_ok);

	/* 20 bytes: identity only */
	assert_int_equal(edid_parse(b, 20, &e), 0);
	assert_true(e.have & EDID_HAVE_ID);
	assert_false(e.have & (EDID_HAVE_BASIC | EDID_HAVE_PREFERRED | EDID_HAVE_SIZE));
	assert_int_equal(e.year, 2019);
}

static void test_bad_header(void **state)
{
	(void)state;
	unsigned char b[128];
	make_base(b);
	b[3] = 0x00;
	fix_checksum(b);
	struct edid_info e;
	assert_int_equal(edid_parse(b, sizeof(b), &e), -EINVAL);
	char s[64];
	edid_problem_string(&e, s, sizeof(s));
	assert_string_equal(s, "bad-header");
	assert_string_equal(e.vendor, "");
	assert_int_equal(e.have, 0);
	assert_false(e.declared_blocks_ok);
}

static void test_extensions_past_end(void **state)
{
	(void)state;
	unsigned char b[128];
	make_base(b);
	b[126] = 3;
	fix_checksum(b);
	struct edid_info e;
	assert_int_equal(edid_parse(b, sizeof(b), &e), 0);
	assert_int_equal(e.extensions, 3);
	char s[64];
	edid_problem_string(&e, s, sizeof(s));
	assert_string_equal(s, "short");
	assert_true(e.declared_blocks_ok); /* what is there is fine */
	b[126] = 255;
	fix_checksum(b);
	assert_int_equal(edid_parse(b, sizeof(b), &e), 0);
	assert_int_equal(e.extensions, 255);
	assert_true(e.problems & EDID_PROB_SHORT);
}

static void test_checksums_and_trailing(void **state)
{
	(void)state;
	unsigned char b[512 + 7];
	memset(b, 0, sizeof(b));
	make_base(b);
	b[126] = 1;
	fix_checksum(b);
	b[128] = 0x02; /* a CTA block with a bad checksum */
	b[128 + 127] = 0x55;
	memcpy(b + 256, b, 128); /* trailing copy of block 0: fine */
	b[384] = 0x01;           /* trailing garbage block: bad */
	struct edid_info e;
	assert_int_equal(edid_parse(b, 512, &e), 0);
	char s[64];
	edid_problem_string(&e, s, sizeof(s));
	assert_string_equal(s, "checksum-bad:1+3,extra-bytes");
	assert_false(e.declared_blocks_ok);
	assert_true(edid_block_bad(&e, 1));
	assert_false(edid_block_bad(&e, 2));
	assert_true(edid_block_bad(&e, 3));
	assert_false(edid_block_bad(&e, 9999));

	fix_checksum(b + 128);
	assert_int_equal(edid_parse(b, 512 + 7, &e), 0);
	edid_problem_string(&e, s, sizeof(s));
	assert_string_equal(s, "checksum-bad:3,partial-block,extra-bytes");
	assert_true(e.declared_blocks_ok); /* trailing bytes do not count */

	/* bad checksum in block 0: still decoded */
	b[20] ^= 0x80;
	assert_int_equal(edid_parse(b, 256, &e), 0);
	edid_problem_string(&e, s, sizeof(s));
	assert_string_equal(s, "checksum-bad:0");
	assert_false(e.declared_blocks_ok);
	assert_string_equal(e.vendor, "AUO");
	assert_false(e.digital);

	/* a small buffer truncates, and the needed length is returned */
	char tiny[6];
	assert_int_equal(edid_problem_string(&e, tiny, sizeof(tiny)), strlen("checksum-bad:0"));
	assert_string_equal(tiny, "check");
}

static void test_pnp_ids(void **state)
{
	(void)state;
	char id[4];
	edid_pnp_id(0x04, 0x72, id); /* Acer */
	assert_string_equal(id, "ACR");
	edid_pnp_id(0x01, 0x94, id); /* 0 letter: '@' */
	assert_string_equal(id, "@LT");
	edid_pnp_id(0x36, 0x1f, id); /* 31: '_' */
	assert_string_equal(id, "MP_");
	edid_pnp_id(0xff, 0xff, id); /* bit 15 set is ignored */
	assert_string_equal(id, "___");
	edid_pnp_id(0x00, 0x00, id);
	assert_string_equal(id, "@@@");
}

static void test_dates(void **state)
{
	(void)state;
	unsigned char b[128];
	struct edid_info e;
	make_base(b);
	b[16] = 0xff; /* model year */
	b[17] = 24;
	fix_checksum(b);
	edid_parse(b, 128, &e);
	assert_true(e.model_year);
	assert_int_equal(e.week, 0);
	assert_int_equal(e.year, 2014);
	b[16] = 0; /* year only */
	fix_checksum(b);
	edid_parse(b, 128, &e);
	assert_false(e.model_year);
	assert_int_equal(e.week, 0);
	assert_int_equal(e.year, 2014);
	b[17] = 0xff;
	fix_checksum(b);
	edid_parse(b, 128, &e);
	assert_int_equal(e.year, 2245);
}

static void test_sizes(void **state)
{
	(void)state;
	unsigned char b[128];
	struct edid_info e;

	/* a DTD giving an aspect ratio instead of millimetres: cm × 10 */
	make_base(b);
	put_dtd(b + 0x36, 14850, 1920, 1080, 16, 9, 0);
	fix_checksum(b);
	edid_parse(b, 128, &e);
	assert_int_equal(e.width_mm, 340);
	assert_int_equal(e.height_mm, 190);
	assert_int_equal(e.diagonal_tenth_inch, 153);

	/* DTD mm far off the cm size: cm × 10 */
	make_base(b);
	put_dtd(b + 0x36, 14850, 1920, 1080, 1600, 900, 0);
	fix_checksum(b);
	edid_parse(b, 128, &e);
	assert_int_equal(e.width_mm, 340);

	/* EDID 1.4 landscape aspect ratio 16:9: byte 0x15 = 79, 0x16 = 0 */
	make_base(b);
	b[21] = 79;
	b[22] = 0;
	fix_checksum(b);
	edid_parse(b, 128, &e);
	assert_false(e.have & EDID_HAVE_SIZE);
	assert_true(e.have & EDID_HAVE_ASPECT);
	assert_int_equal(e.aspect_permille, 1780);
	assert_int_equal(e.width_mm, 0);
	assert_int_equal(e.diagonal_tenth_inch, 0);

	/* portrait 9:16: byte 0x16 = 79 → 100 / 178 */
	b[21] = 0;
	b[22] = 79;
	fix_checksum(b);
	edid_parse(b, 128, &e);
	assert_int_equal(e.aspect_permille, 562);

	/* EDID 1.3 with one byte zero: no size, no aspect */
	b[19] = 3;
	fix_checksum(b);
	edid_parse(b, 128, &e);
	assert_false(e.have & (EDID_HAVE_SIZE | EDID_HAVE_ASPECT));

	/* both zero: variable or unknown */
	b[22] = 0;
	b[19] = 4;
	fix_checksum(b);
	edid_parse(b, 128, &e);
	assert_false(e.have & (EDID_HAVE_SIZE | EDID_HAVE_ASPECT));
	assert_true(e.have & EDID_HAVE_PREFERRED);

	/* the diagonal, integer maths */
	assert_int_equal(edid_diagonal_tenth_inch(0, 0), 0);
	assert_int_equal(edid_diagonal_tenth_inch(531, 299), 240); /* 609.4 mm = 23.99" */
	assert_int_equal(edid_diagonal_tenth_inch(254, 0), 100);
	assert_int_equal(edid_diagonal_tenth_inch(4095, 4095), 2280);
	assert_int_equal(edid_diagonal_tenth_inch(2550, 2550), 1420); /* 141.98" */
}

static void test_interlaced_and_names(void **state)
{
	(void)state;
	unsigned char b[128];
	struct edid_info e;
	make_base(b);
	put_text(b + 0x36, 0xfc, "Nvidia Defaul", 13); /* no DTD in slot 1 */
	put_dtd(b + 0x48, 7425, 1920, 540, 700, 394, 1);
	put_text(b + 0x5a, 0xfc, "t Flat Panel", 12);
	put_text(b + 0x6c, 0xff, "SN\x01" "123", 6);
	fix_checksum(b);
	edid_parse(b, 128, &e);
	assert_int_equal(e.pref_width, 1920);
	assert_int_equal(e.pref_height, 1080);
	assert_true(e.pref_interlaced);
	assert_string_equal(e.name, "Nvidia Default Flat Panel");
	assert_string_equal(e.serial_string, "SN123"); /* non-printable skipped */
	assert_int_equal(e.ntext, 0);

	/* NUL padding ends a name; trailing spaces go */
	make_base(b);
	memcpy(b + 0x6c + 5, "AIO PC      \0", 13);
	fix_checksum(b);
	edid_parse(b, 128, &e);
	assert_string_equal(e.name, "AIO PC");
	/* no DTD at all */
	for (int off = 0x36; off < 0x7e; off += 18)
		put_text(b + off, 0x10, "", 0);
	fix_checksum(b);
	edid_parse(b, 128, &e);
	assert_false(e.have & EDID_HAVE_PREFERRED);
	assert_string_equal(e.name, "");
}

static void test_problem_texts(void **state)
{
	(void)state;
	assert_string_equal(inv_edid_problem_text("checksum-bad:1+3"), "bad checksum");
	assert_string_equal(inv_edid_problem_text("short"),
			    "truncated: fewer bytes than the EDID declares");
	assert_string_equal(inv_edid_problem_text("shorter"), "shorter"); /* unknown: as is */
	assert_string_equal(inv_edid_problem_text("empty"), "no EDID (nothing read from the monitor)");
}

/* ---- JSON and the displays section ----------------------------------- */

static void test_json(void **state)
{
	(void)state;
	unsigned char b[256];
	make_base(b);
	b[126] = 1;
	fix_checksum(b);
	memset(b + 128, 0, 128);
	b[128] = 0x02;
	b[255] = 1; /* bad */
	struct edid_info e;
	edid_parse(b, sizeof(b), &e);
	json_t *o = inv_edid_json(&e);
	assert_non_null(o);
	assert_string_equal(json_string_value(json_object_get(o, "vendor")), "AUO");
	assert_int_equal(json_integer_value(json_object_get(o, "product_code")), 0x20ed);
	assert_int_equal(json_integer_value(json_object_get(o, "serial")), 0x12345678);
	assert_string_equal(json_string_value(json_object_get(o, "edid_version")), "1.4");
	assert_int_equal(json_integer_value(json_object_get(o, "width_mm")), 344);
	assert_int_equal(json_integer_value(json_object_get(o, "diagonal_tenth_inch")), 155);
	assert_int_equal(json_integer_value(json_object_get(o, "preferred_width")), 1920);
	assert_true(json_is_false(json_object_get(o, "interlaced")));
	assert_true(json_is_false(json_object_get(o, "checksum_ok")));
	json_t *p = json_object_get(o, "problems");
	assert_int_equal(json_array_size(p), 1);
	assert_string_equal(json_string_value(json_array_get(p, 0)), "checksum-bad:1");
	assert_null(json_object_get(o, "model_year"));
	json_decref(o);

	/* nothing decoded: only the length, checksum_ok and problems */
	edid_parse(b, 3, &e);
	o = inv_edid_json(&e);
	assert_null(json_object_get(o, "vendor"));
	assert_int_equal(json_array_size(json_object_get(o, "problems")), 2);
	assert_int_equal(json_integer_value(json_object_get(o, "edid_bytes")), 3);
	json_decref(o);
}

static void write_file(const char *dir, const char *name, const void *data, size_t len)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* The fake root is made and removed by setup/teardown, so that a failed
 * assertion does not leave it behind. */
static char fake_root[] = "/tmp/reco-edid-unit.XXXXXX";

static int fake_root_setup(void **state)
{
	(void)state;
	return mkdtemp(fake_root) ? 0 : -1;
}

static int fake_root_teardown(void **state)
{
	(void)state;
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fake_root);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_displays_fake_root(void **state)
{
	(void)state;
	const char *root = fake_root;
	char d[PATH_MAX], cmd[PATH_MAX + 16];
	struct inv_ctx ctx = { .root = root };
	ctx.notes = json_array();

	/* no /sys/class/drm: no section, no note */
	assert_null(inv_displays(&ctx));
	assert_int_equal(json_array_size(ctx.notes), 0);

	snprintf(d, sizeof(d), "%s/sys/class/drm/card0-eDP-1", root);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s", d);
	assert_int_equal(system(cmd), 0);
	unsigned char b[128];
	make_base(b);
	write_file(d, "edid", b, sizeof(b));
	write_file(d, "status", "connected\n", 10);
	write_file(d, "enabled", "enabled\n", 8);
	/* nothing plugged in: empty edid, skipped */
	snprintf(d, sizeof(d), "%s/sys/class/drm/card0-HDMI-A-1", root);
	snprintf(cmd, sizeof(cmd), "mkdir -p %s", d);
	assert_int_equal(system(cmd), 0);
	write_file(d, "edid", "", 0);
	write_file(d, "status", "disconnected\n", 13);
	/* card0 itself has no edid */
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/sys/class/drm/card0", root);
	assert_int_equal(system(cmd), 0);
	/* an edid that cannot be read (a directory: EISDIR, even for root) */
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/sys/class/drm/card1-DP-2/edid", root);
	assert_int_equal(system(cmd), 0);

	json_t *a = inv_displays(&ctx);
	assert_non_null(a);
	assert_int_equal(json_array_size(a), 1);
	json_t *o = json_array_get(a, 0);
	assert_string_equal(json_string_value(json_object_get(o, "connector")), "eDP-1");
	assert_string_equal(json_string_value(json_object_get(o, "card")), "card0");
	assert_string_equal(json_string_value(json_object_get(o, "status")), "connected");
	assert_true(json_is_true(json_object_get(o, "enabled")));
	assert_string_equal(json_string_value(json_object_get(o, "name")), "Test Panel");
	assert_true(json_is_true(json_object_get(o, "checksum_ok")));
	assert_int_equal(json_array_size(ctx.notes), 1);
	json_t *n = json_array_get(ctx.notes, 0);
	assert_string_equal(json_string_value(json_object_get(n, "section")), "displays");
	assert_int_equal(json_integer_value(json_object_get(n, "errno")), EISDIR);
	assert_non_null(strstr(json_string_value(json_object_get(n, "message")), "card1-DP-2/edid"));
	json_decref(a);
	json_decref(ctx.notes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_fixture),
		cmocka_unit_test(test_good_block),
		cmocka_unit_test(test_empty_and_tiny),
		cmocka_unit_test(test_127_bytes),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_extensions_past_end),
		cmocka_unit_test(test_checksums_and_trailing),
		cmocka_unit_test(test_pnp_ids),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_interlaced_and_names),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_problem_texts),
		cmocka_unit_test_setup_teardown(test_displays_fake_root, fake_root_setup,
						fake_root_teardown),
	};
	return cmocka_run_group_tests_name("edid", tests, NULL, NULL);
}
