/*
 * smbios_parse.c — SMBIOS entry points, the structure walk, strings and the
 * placeholder table (see smbios.h; DSP0134 3.7.0 sections 5.2 and 6.1).
 *
 * Nothing here trusts a length: the entry point's table length and address,
 * every structure's length and its string set are checked against the
 * buffer actually held.  The walk only moves forward, so it always ends.
 */
#include "smbios.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"

/*
 * Placeholder strings: what firmware leaves when the OEM did not fill a
 * field.  They are compared case-insensitively with the trimmed string; a
 * match means "absent".  Besides this table, smbios_is_placeholder() treats
 * as placeholders strings of two characters or more made only of spaces,
 * '0', 'x'/'X', '.', '-' or 'F' (four or more when only 'F'): "00000000",
 * "XXXXXXXX", "........", "FFFFFFFF"; and a lone "-" or ".".
 *
 * To add one: append it below (any case), add a line to the placeholder test
 * in tests/unit/test_smbios.c, and mention it in the README table.
 * Keep it to strings that can never be a real value of any SMBIOS field.
 */
const char *const smbios_placeholders[] = {
	"To Be Filled By O.E.M.",
	"To Be Filled By O.E.M",
	"To Be Filled",
	"Default string",
	"Default",
	"System Serial Number",
	"System Manufacturer",
	"System Product Name",
	"System Version",
	"System Name",
	"Product Name",
	"Chassis Serial Number",
	"Chassis Manufacture",
	"Chassis Manufacturer",
	"Chassis Version",
	"Base Board Serial Number",
	"Base Board Product Name",
	"Base Board Version",
	"Base Board Manufacturer",
	"BaseBoard Serial Number",
	"Board Serial Number",
	"Type1ProductConfigId",
	"Type1Family",
	"Type2 - Board Serial Number",
	"Type2 - Board Version",
	"Type2 - Board Product Name",
	"Type2 - Board Vendor Name",
	"Type2 - Board Asset Tag",
	"Asset Tag",
	"Asset-1234567890",
	"No Asset Tag",
	"No Asset Information",
	"SKU",
	"Not Specified",
	"Not Applicable",
	"Not Available",
	"Not Defined",
	"Not Present",
	"N/A",
	"None",
	"Unknown",
	"Undefined",
	"Empty",
	"Invalid",
	"OEM",
	"O.E.M.",
	"OEM_Define",
	"OEM Chassis Manufacturer",
	"0123456789",
	"1234567890",
	"123456789",
	"01234567890",
	"xxxxx",
	NULL,
};

/* Characters that, alone, make a string a filler ("0000", "XXXX", "FFFF"). */
static int filler_char(unsigned char c)
{
	return c == ' ' || c == '0' || c == 'x' || c == 'X' || c == '.' || c == '-' ||
	       c == 'F' || c == 'f';
}

int smbios_is_placeholder(const char *s)
{
	if (!s)
		return 1;
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return 1;
	for (size_t i = 0; smbios_placeholders[i]; i++)
		if (strlen(smbios_placeholders[i]) == n && !strncasecmp(s, smbios_placeholders[i], n))
			return 1;
	size_t k = 0;
	while (k < n && filler_char((unsigned char)s[k]))
		k++;
	/* All filler.  A single "0", "x" or "F" can be a real value (a bank
	 * locator "0"), and "F"/"FF"/"FFF" too (a revision): they need length. */
	if (k == n && n == 1)
		return s[0] == '-' || s[0] == '.';
	if (k == n) {
		int only_f = 1;
		for (size_t i = 0; i < n; i++)
			if (s[i] != 'F' && s[i] != 'f')
				only_f = 0;
		return !only_f || n >= 4;
	}
	return 0;
}

void smbios_issue(struct smbios *s, const char *fmt, ...)
{
	if (s->n_issues >= SMBIOS_MAX_ISSUES)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->issues[s->n_issues], sizeof(s->issues[0]), fmt, ap);
	va_end(ap);
	s->n_issues++;
}

char *smbios_string(struct smbios *s, const struct smbios_struct *st, uint8_t idx)
{
	if (idx == 0)
		return NULL;
	const uint8_t *p = st->str, *end = st->str_end;
	for (uint8_t i = 1; p < end; i++) {
		const uint8_t *e = memchr(p, 0, (size_t)(end - p));
		size_t n = e ? (size_t)(e - p) : (size_t)(end - p);
		if (n == 0)  /* the empty string ends the set */
			break;
		if (i == idx) {
			char *r = malloc(n + 1);
			if (!r)
				return NULL;
			for (size_t k = 0; k < n; k++)
				r[k] = (p[k] < 32 || p[k] == 127) ? '.' : (char)p[k];
			r[n] = '\0';
			/* trim */
			char *b = r;
			while (*b == ' ')
				b++;
			size_t m = strlen(b);
			while (m && b[m - 1] == ' ')
				b[--m] = '\0';
			memmove(r, b, m + 1);
			if (smbios_is_placeholder(r)) {
				free(r);
				return NULL;
			}
			return r;
		}
		if (!e)
			break;
		p = e + 1;
	}
	s->bad_string_refs++;
	return NULL;
}

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const uint8_t *p) { return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16; }
static uint64_t le64(const uint8_t *p) { return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32; }

static int checksum_ok(const uint8_t *p, size_t n)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum = (uint8_t)(sum + p[i]);
	return sum == 0;
}

static void set_version(struct smbios *s, uint8_t major, uint8_t minor, uint8_t docrev)
{
	/* dmidecode's fix-ups for known-wrong BIOS versions. */
	if (major == 2 && (minor == 0x1F || minor == 0x21)) {
		smbios_issue(s, N_("SMBIOS version fix-up (2.%d -> 2.3)"), minor);
		minor = 3;
	} else if (major == 2 && minor == 0x33) {
		smbios_issue(s, N_("SMBIOS version fix-up (2.%d -> 2.6)"), minor);
		minor = 6;
	}
	s->major = major;
	s->minor = minor;
	s->docrev = docrev;
	if (major >= 3)
		snprintf(s->version, sizeof(s->version), "%u.%u.%u", major, minor, docrev);
	else
		snprintf(s->version, sizeof(s->version), "%u.%u", major, minor);
}

/* Walks the structure table.  max_count: structures announced (0: no limit). */
static int walk(struct smbios *s, const uint8_t *buf, size_t len, uint32_t max_count)
{
	size_t off = 0;
	while (off + 4 <= len) {
		if (max_count && s->structures >= max_count)
			return 0;
		struct smbios_struct st = {
			.type = buf[off], .len = buf[off + 1], .handle = le16(buf + off + 2),
			.p = buf + off,
		};
		if (st.len < 4) {
			smbios_issue(s, N_("structure %u (offset %zu, handle 0x%04X) has an invalid length %u; the rest of the table is ignored"),
				     s->structures, off, st.handle, st.len);
			return 0;
		}
		if (off + st.len > len) {
			smbios_issue(s, N_("structure %u (offset %zu, type %u) is cut short by the end of the table"),
				     s->structures, off, st.type);
			return 0;
		}
		/* Strings: up to a double NUL. */
		size_t e = off + st.len;
		while (e + 1 < len && (buf[e] != 0 || buf[e + 1] != 0))
			e++;
		int unterminated = e + 1 >= len;
		st.str = buf + off + st.len;
		st.str_end = unterminated ? buf + len : buf + e;
		s->structures++;
		int rc = smbios_decode_struct(s, &st);
		if (rc)
			return rc;
		if (unterminated) {
			smbios_issue(s, N_("structure %u (offset %zu, type %u) has no string terminator before the end of the table"),
				     s->structures - 1, off, st.type);
			return 0;
		}
		if (st.type == 127)
			return 0;
		off = e + 2;
	}
	if (max_count && s->structures < max_count)
		smbios_issue(s, N_("the table ends after %u of the %u structures announced"),
			     s->structures, max_count);
	return 0;
}

static void init(struct smbios *out)
{
	memset(out, 0, sizeof(*out));
	out->bios.release_major = out->bios.release_minor = 0xFF;
}

/* The table from a buffer: either the separate one, or inside ep at addr. */
static int locate_table(struct smbios *s, const uint8_t *ep, size_t ep_len, const uint8_t *table,
			size_t table_len, uint64_t addr, uint64_t want, const uint8_t **tp, size_t *tl)
{
	if (!table) {
		if (addr >= ep_len) {
			smbios_issue(s, N_("the table address 0x%llX is past the end of the dump (%zu bytes)"),
				     (unsigned long long)addr, ep_len);
			return -EINVAL;
		}
		table = ep + addr;
		table_len = ep_len - (size_t)addr;
	}
	if (want > table_len) {
		smbios_issue(s, N_("the entry point announces a %llu-byte table but only %zu bytes are there"),
			     (unsigned long long)want, table_len);
		want = table_len;
	}
	*tp = table;
	*tl = (size_t)want;
	return 0;
}

int smbios_parse(const uint8_t *ep, size_t ep_len, const uint8_t *table, size_t table_len,
		 struct smbios *out)
{
	init(out);
	const uint8_t *tp;
	size_t tl;
	uint32_t count = 0;
	uint64_t addr, want;

	if (!ep || ep_len == 0) {
		smbios_issue(out, N_("the entry point is empty"));
		return -EINVAL;
	}
	if (ep_len >= 0x18 && !memcmp(ep, "_SM3_", 5)) {
		size_t n = ep[0x06];
		if (n < 0x18 || n > ep_len) {
			smbios_issue(out, N_("the SMBIOS 3 entry point length %zu is invalid"), n);
			n = 0x18;
		}
		if (!checksum_ok(ep, n))
			smbios_issue(out, N_("the SMBIOS 3 entry point checksum is wrong"));
		out->source = SMBIOS_SRC_SM3;
		set_version(out, ep[0x07], ep[0x08], ep[0x09]);
		want = le32(ep + 0x0C);
		addr = le64(ep + 0x10);
	} else if (ep_len >= 0x1F && !memcmp(ep, "_SM_", 4)) {
		size_t n = ep[0x05];
		if (n == 0x1E) /* dmidecode: some 2.1 BIOSes say 0x1E for 0x1F */
			n = 0x1F;
		if (n < 0x1F || n > ep_len) {
			smbios_issue(out, N_("the SMBIOS 2 entry point length %zu is invalid"), n);
			n = 0x1F;
		}
		if (!checksum_ok(ep, n))
			smbios_issue(out, N_("the SMBIOS 2 entry point checksum is wrong"));
		if (memcmp(ep + 0x10, "_DMI_", 5)) {
			smbios_issue(out, N_("the SMBIOS 2 entry point has no _DMI_ anchor"));
			return -EINVAL;
		}
		if (!checksum_ok(ep + 0x10, 0x0F))
			smbios_issue(out, N_("the _DMI_ intermediate checksum is wrong"));
		out->source = SMBIOS_SRC_SM2;
		set_version(out, ep[0x06], ep[0x07], 0);
		want = le16(ep + 0x16);
		addr = le32(ep + 0x18);
		count = le16(ep + 0x1C);
	} else if (ep_len >= 0x0F && !memcmp(ep, "_DMI_", 5)) {
		if (!checksum_ok(ep, 0x0F))
			smbios_issue(out, N_("the _DMI_ entry point checksum is wrong"));
		out->source = SMBIOS_SRC_DMI;
		set_version(out, ep[0x0E] >> 4, ep[0x0E] & 0x0F, 0);
		want = le16(ep + 0x06);
		addr = le32(ep + 0x08);
		count = le16(ep + 0x0C);
	} else {
		smbios_issue(out, N_("no SMBIOS entry point (_SM_, _SM3_ or _DMI_ anchor) found"));
		return -EINVAL;
	}
	if (want == 0) {
		smbios_issue(out, N_("the entry point announces an empty table"));
		return -EINVAL;
	}
	int rc = locate_table(out, ep, ep_len, table, table_len, addr, want, &tp, &tl);
	if (rc)
		return rc;
	return walk(out, tp, tl, count);
}

int smbios_parse_raw(const uint8_t *data, size_t len, struct smbios *out)
{
	init(out);
	if (!data || len < 8) {
		smbios_issue(out, N_("the RawSMBIOSData header is truncated"));
		return -EINVAL;
	}
	out->source = SMBIOS_SRC_RAW;
	set_version(out, data[1], data[2], data[1] >= 3 ? data[3] : 0);
	size_t want = le32(data + 4);
	size_t have = len - 8;
	if (want > have) {
		smbios_issue(out, N_("the entry point announces a %llu-byte table but only %zu bytes are there"),
			     (unsigned long long)want, have);
		want = have;
	}
	return walk(out, data + 8, want, 0);
}

int smbios_parse_image(const uint8_t *data, size_t len, struct smbios *out)
{
	if (data && len >= 8 && memcmp(data, "_SM", 3) && memcmp(data, "_DMI_", 5) &&
	    (data[1] == 2 || data[1] == 3) && le32(data + 4) == len - 8)
		return smbios_parse_raw(data, len, out);
	return smbios_parse(data, len, NULL, 0, out);
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
}

void smbios_free(struct smbios *s)
{
	free_strs((char *[]){ s->bios.vendor, s->bios.version, s->bios.release_date }, 3);
	free_strs((char *[]){ s->system.vendor, s->system.product, s->system.version,
			      s->system.serial, s->system.sku, s->system.family }, 6);
	free_strs((char *[]){ s->board.vendor, s->board.product, s->board.version,
			      s->board.serial, s->board.asset_tag }, 5);
	free_strs((char *[]){ s->chassis.vendor, s->chassis.version, s->chassis.serial,
			      s->chassis.asset_tag }, 4);
	for (size_t i = 0; i < s->n_procs; i++) {
		struct smbios_processor *p = &s->procs[i];
		free_strs((char *[]){ p->socket, p->manufacturer, p->version, p->serial,
				      p->part_number }, 5);
	}
	for (size_t i = 0; i < s->n_mem; i++) {
		struct smbios_memdev *m = &s->mem[i];
		free_strs((char *[]){ m->locator, m->bank_locator, m->manufacturer,
				      m->part_number, m->serial, m->asset_tag }, 6);
	}
	for (size_t i = 0; i < s->n_slots; i++)
		free(s->slots[i].designation);
	free(s->procs);
	free(s->mem);
	free(s->arrays);
	free(s->slots);
	init(s);
}
