/*
 * pdf.c — the printable documents: the erasure certificate and the Repair
 * Café diagnosis sheet, A4 PDF with cairo + pango, QR code with libqrencode.
 *
 * The certificate carries, per erased medium, the fields of a NIST SP 800-88
 * "Certificate of Sanitization": manufacturer, model, serial, media type,
 * sanitization method and category (clear/purge, as NIST SP 800-88 Rev. 2 and
 * IEEE 2883-2022 classify it; claimed only when erased), validation method
 * and coverage, result, date, tool and version, station
 * and operator; then a hardware summary, the diagnostic verdicts, the
 * report's SHA-256 with a QR code (device id + hash) and signature lines.
 *
 * Document strings are N_() msgids translated with the language asked for
 * (--lang), not the user's locale: a French certificate can be printed from
 * an English session.  Every value is read defensively: session files come
 * from other tools and optional fields may be missing.
 */
#include "report.h"

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "diag/diag.h"
#include "lib/i18n.h"
#include "lib/sign.h"
#include "lib/util.h"
#include "lib/x509.h"

#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN 46.0
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define FONT "DejaVu Sans"

struct doc {
	cairo_surface_t *surface;
	cairo_t *cr;
	double y;
	int page;
	int fr;
	const char *footer; /* report hash line, on every page */
};

static const char *tr(const struct doc *d, const char *s) __attribute__((format_arg(2)));
static const char *tr(const struct doc *d, const char *s)
{
	return d->fr ? gettext(s) : s;
}
#define T(s) tr(d, s)

/* printf into a static rotating buffer set (for short-lived values). */
static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *f, ...)
{
	/* long enough for a sentence listing every kind of part (a cut one
	 * would end inside a UTF-8 character and the markup would be lost) */
	static char bufs[16][4096];
	static int i;
	char *b = bufs[i++ % 16];
	va_list ap;
	va_start(ap, f);
	vsnprintf(b, sizeof(bufs[0]), f, ap);
	va_end(ap);
	return b;
}

static const char *js(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s && *s ? s : NULL;
}

static int ji(json_t *o, const char *key, long long *v)
{
	json_t *x = json_object_get(o, key);
	if (json_is_integer(x)) {
		*v = json_integer_value(x);
		return 1;
	}
	return 0;
}

static void rgb(struct doc *d, unsigned hex)
{
	cairo_set_source_rgb(d->cr, ((hex >> 16) & 255) / 255.0, ((hex >> 8) & 255) / 255.0,
			     (hex & 255) / 255.0);
}

/* Draws markup in a box of width w at (x, y); returns its height. */
static double text(struct doc *d, double x, double y, double w, const char *font, unsigned color,
		   PangoAlignment align, const char *markup)
{
	PangoLayout *l = pango_cairo_create_layout(d->cr);
	/* sizes are in points: 72 units per inch, as on the cairo page */
	pango_cairo_context_set_resolution(pango_layout_get_context(l), 72);
	pango_layout_context_changed(l);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_markup(l, markup, -1);
	int lw, lh;
	pango_layout_get_size(l, &lw, &lh);
	rgb(d, color);
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, l);
	g_object_unref(l);
	return (double)lh / PANGO_SCALE;
}

static double measure(struct doc *d, double w, const char *font, const char *markup)
{
	cairo_save(d->cr);
	cairo_push_group(d->cr);
	double h = text(d, 0, 0, w, font, 0, PANGO_ALIGN_LEFT, markup);
	cairo_pattern_destroy(cairo_pop_group(d->cr));
	cairo_restore(d->cr);
	return h;
}

/* Escaped copy for markup (static rotating buffers, like fmt). */
static const char *esc(const char *s)
{
	static char *bufs[16];
	static int i;
	char **b = &bufs[i++ % 16];
	g_free(*b);
	*b = g_markup_escape_text(s ? s : "", -1);
	return *b;
}

static void footer(struct doc *d)
{
	rgb(d, 0xbbbbbb);
	cairo_set_line_width(d->cr, 0.5);
	cairo_move_to(d->cr, MARGIN, PAGE_H - 40);
	cairo_line_to(d->cr, PAGE_W - MARGIN, PAGE_H - 40);
	cairo_stroke(d->cr);
	text(d, MARGIN, PAGE_H - 36, CONTENT_W - 60, FONT " 7", 0x666666, PANGO_ALIGN_LEFT,
	     d->footer);
	text(d, PAGE_W - MARGIN - 60, PAGE_H - 36, 60, FONT " 7", 0x666666, PANGO_ALIGN_RIGHT,
	     fmt(T(N_("page %d")), d->page));
}

static void new_page(struct doc *d)
{
	footer(d);
	cairo_show_page(d->cr);
	d->page++;
	d->y = MARGIN;
}

static void need(struct doc *d, double h)
{
	if (d->y + h > PAGE_H - 46)
		new_page(d);
}

static void section(struct doc *d, const char *title)
{
	need(d, 40);
	d->y += 6;
	double h = text(d, MARGIN, d->y, CONTENT_W, FONT " Bold 12.5", 0x1f4e79, PANGO_ALIGN_LEFT,
			esc(title));
	d->y += h + 2;
	rgb(d, 0x1f4e79);
	cairo_set_line_width(d->cr, 0.8);
	cairo_move_to(d->cr, MARGIN, d->y);
	cairo_line_to(d->cr, PAGE_W - MARGIN, d->y);
	cairo_stroke(d->cr);
	d->y += 5;
}

/* A label: value row (value is markup). */
static void row_at(struct doc *d, double x, double w, double lw, const char *label, const char *value)
{
	double h1 = measure(d, lw - 6, FONT " 8.5", esc(label));
	double h2 = measure(d, w - lw, FONT " 8.5", value);
	double h = h1 > h2 ? h1 : h2;
	need(d, h + 2);
	text(d, x, d->y, lw - 6, FONT " 8.5", 0x555555, PANGO_ALIGN_LEFT, esc(label));
	text(d, x + lw, d->y, w - lw, FONT " 8.5", 0x111111, PANGO_ALIGN_LEFT, value);
	d->y += h + 1.5;
}

static void row(struct doc *d, const char *label, const char *value)
{
	row_at(d, MARGIN, CONTENT_W, 108, label, value);
}

/* Two label/value pairs side by side. */
static void row2(struct doc *d, const char *l1, const char *v1, const char *l2, const char *v2)
{
	double half = CONTENT_W / 2;
	double y0 = d->y;
	double h1 = measure(d, half - 114, FONT " 8.5", v1), h2 = l2 ? measure(d, half - 108, FONT " 8.5", v2) : 0;
	double hl = measure(d, 104, FONT " 8.5", esc(l1));
	if (hl > h1)
		h1 = hl;
	double h = (h1 > h2 ? h1 : h2);
	need(d, h + 2);
	y0 = d->y;
	text(d, MARGIN, y0, 104, FONT " 8.5", 0x555555, PANGO_ALIGN_LEFT, esc(l1));
	text(d, MARGIN + 108, y0, half - 114, FONT " 8.5", 0x111111, PANGO_ALIGN_LEFT, v1);
	if (l2) {
		text(d, MARGIN + half, y0, 104, FONT " 8.5", 0x555555, PANGO_ALIGN_LEFT, esc(l2));
		text(d, MARGIN + half + 108, y0, half - 108, FONT " 8.5", 0x111111, PANGO_ALIGN_LEFT, v2);
	}
	d->y = y0 + h + 1.5;
}

/* "2026-11-28T18:01:00Z" → "28/11/2026 à 18:01 UTC" / "2026-11-28 18:01 UTC" */
static const char *date_h(const struct doc *d, const char *rfc)
{
	time_t t;
	if (!rfc || reco_parse_rfc3339(rfc, &t) != 0)
		return rfc ? rfc : "—";
	struct tm tm;
	gmtime_r(&t, &tm);
	if (d->fr)
		return fmt("%02d/%02d/%04d %02d:%02d UTC", tm.tm_mday, tm.tm_mon + 1,
			   tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
	return fmt("%04d-%02d-%02d %02d:%02d UTC", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		   tm.tm_hour, tm.tm_min);
}

/* Decimal size, as drive makers label them: "500 Go" / "500 GB". */
static const char *size_h(const struct doc *d, long long bytes)
{
	static const char *fr[] = { "o", "ko", "Mo", "Go", "To", "Po", "Eo" };
	static const char *en[] = { "B", "kB", "MB", "GB", "TB", "PB", "EB" };
	if (bytes < 0)
		return "—";
	unsigned long long b = (unsigned long long)bytes, div = 1;
	int u = 0;
	while (u < 6 && b / div >= 1000) {
		div *= 1000;
		u++;
	}
	unsigned long long whole = b / div, dec = div > 1 ? (b % div) / (div / 10) : 0;
	const char *unit = d->fr ? fr[u] : en[u];
	if (dec && whole < 100)
		return fmt("%llu%s%llu\u202f%s", whole, d->fr ? "," : ".", dec, unit);
	return fmt("%llu\u202f%s", whole, unit);
}

static const char *permille_h(const struct doc *d, long long pm)
{
	if (pm < 0 || pm > 1000)
		return "?";
	if (pm % 10 == 0)
		return fmt("%lld\u202f%%", pm / 10);
	return fmt("%lld%s%lld\u202f%%", pm / 10, d->fr ? "," : ".", pm % 10);
}

/* Maker from a model string, when the drive does not say it itself. */
static const char *maker_of(const char *model)
{
	static const struct { const char *prefix, *maker; } makers[] = {
		{ "WDC", "Western Digital" }, { "WD", "Western Digital" }, { "ST", "Seagate" },
		{ "Samsung", "Samsung" }, { "SAMSUNG", "Samsung" }, { "TOSHIBA", "Toshiba" },
		{ "KIOXIA", "Kioxia" }, { "HGST", "HGST" }, { "Hitachi", "Hitachi" },
		{ "CT", "Crucial" }, { "Crucial", "Crucial" }, { "KINGSTON", "Kingston" },
		{ "SanDisk", "SanDisk" }, { "INTEL", "Intel" }, { "Micron", "Micron" },
		{ "MZ", "Samsung" }, { "SK hynix", "SK hynix" }, { "HFS", "SK hynix" },
		{ "LITEON", "Lite-On" }, { "QEMU", "QEMU" }, { "APPLE", "Apple" },
	};
	if (!model)
		return NULL;
	for (size_t i = 0; i < sizeof(makers) / sizeof(makers[0]); i++)
		if (strncmp(model, makers[i].prefix, strlen(makers[i].prefix)) == 0)
			return makers[i].maker;
	return NULL;
}

/* The inventory's record of a disk, matched by serial, then by path. */
static json_t *inv_disk(json_t *inv, json_t *target)
{
	json_t *st = json_object_get(inv, "storage");
	if (json_is_object(st))
		st = json_object_get(st, "disks");
	if (!json_is_array(st))
		return NULL;
	const char *serial = js(target, "serial"), *path = js(target, "path");
	size_t i;
	json_t *x;
	json_array_foreach(st, i, x) {
		if (serial && js(x, "serial") && strcmp(serial, js(x, "serial")) == 0)
			return x;
	}
	json_array_foreach(st, i, x) {
		const char *p = js(x, "path") ? js(x, "path") : js(x, "dev");
		if (path && p && strcmp(path, p) == 0)
			return x;
	}
	return NULL;
}

static const char *media_type(struct doc *d, json_t *target, json_t *idisk)
{
	const char *tr_ = js(target, "transport");
	json_t *rot = idisk ? json_object_get(idisk, "rotational") : NULL;
	const char *kind = idisk ? js(idisk, "type") : NULL;
	if (tr_ && strcmp(tr_, "nvme") == 0)
		return T(N_("solid-state drive (NVMe)"));
	if (tr_ && (strcmp(tr_, "file") == 0))
		return T(N_("disk image file"));
	if (tr_ && (strcmp(tr_, "loop") == 0))
		return T(N_("loop device"));
	if (tr_ && (strcmp(tr_, "usb") == 0))
		return fmt("%s", T(N_("USB storage")));
	if (tr_ && (strcmp(tr_, "mmc") == 0))
		return T(N_("flash memory (eMMC/SD)"));
	if (json_is_true(rot) || (json_is_integer(rot) && json_integer_value(rot)) ||
	    (kind && strcasecmp(kind, "hdd") == 0))
		return fmt("%s (%s)", T(N_("hard disk drive")), tr_ ? tr_ : "?");
	if (json_is_false(rot) || (json_is_integer(rot) && !json_integer_value(rot)) ||
	    (kind && strcasecmp(kind, "ssd") == 0))
		return fmt("%s (%s)", T(N_("solid-state drive")), tr_ ? tr_ : "?");
	return tr_ ? fmt("%s (%s)", T(N_("disk")), tr_) : T(N_("disk"));
}

static const char *method_h(struct doc *d, const char *m)
{
	static const struct { const char *id, *label; } methods[] = {
		{ "zero", N_("overwrite with zeros (1 pass)") },
		{ "one", N_("overwrite with ones (1 pass)") },
		{ "random", N_("overwrite with random data (AES-CTR, 1 pass)") },
		{ "dod3", N_("DoD 5220.22-M (3 passes)") },
		{ "hmg-is5", N_("HMG IS5 enhanced (3 passes)") },
		{ "gutmann", N_("Gutmann (35 passes)") },
		{ "ata-secure-erase", N_("ATA Secure Erase (firmware)") },
		{ "ata-sanitize", N_("ATA Sanitize (firmware)") },
		{ "nvme-format", N_("NVMe Format with secure erase (firmware)") },
		{ "nvme-sanitize", N_("NVMe Sanitize (firmware)") },
		{ "scsi-sanitize", N_("SCSI Sanitize (firmware)") },
	};
	if (!m)
		return "—";
	/* Firmware methods come in variants (ata-sanitize-crypto,
	 * nvme-format-crypto...): a family name matches its variants, and the
	 * exact name follows in grey. */
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		size_t n = strlen(methods[i].id);
		if (strncmp(m, methods[i].id, n) == 0 && (m[n] == '\0' || m[n] == '-'))
			return fmt("%s <span foreground=\"#777777\">(%s)</span>", T(methods[i].label), esc(m));
	}
	return esc(m);
}

static const char *result_h(struct doc *d, const char *r)
{
	if (r && strcmp(r, "erased") == 0)
		return fmt("<span foreground=\"#1a7f37\" weight=\"bold\">%s</span>", T(N_("ERASED")));
	if (r && strcmp(r, "failed") == 0)
		return fmt("<span foreground=\"#c62828\" weight=\"bold\">%s</span>", T(N_("FAILED")));
	if (r && strcmp(r, "aborted") == 0)
		return fmt("<span foreground=\"#e65100\" weight=\"bold\">%s</span>", T(N_("ABORTED")));
	return esc(r ? r : "—");
}

static const char *verdict_h(struct doc *d, const char *v)
{
	static const struct { const char *v, *color; } c[] = {
		{ "PASS", "#1a7f37" }, { "WARN", "#e65100" }, { "FAIL", "#c62828" }, { "NOT_TESTED", "#6a1b9a" } };
	for (size_t i = 0; v && i < sizeof(c) / sizeof(c[0]); i++)
		if (strcmp(v, c[i].v) == 0)
			return fmt("<span foreground=\"%s\" weight=\"bold\">%s</span>", c[i].color, diag_words(v, d->fr));
	return esc(v ? diag_words(v, d->fr) : "—");
}

/* Part names and diagnostic texts come from reco diag's tables, rendered
 * from the codes and values of diag.json in the document's language. */
static const char *part_h(struct doc *d, const char *p)
{
	return diag_title(p, d->fr);
}

static const char *diag_text(struct doc *d, json_t *p, int action)
{
	char *s = action ? diag_json_action(p, d->fr) : diag_json_reason(p, d->fr);
	const char *r = s ? fmt("%s", s) : NULL;
	free(s);
	return r;
}

/* "Diagnosis incomplete..." in colour, or that every part was tested. */
static void diag_coverage(struct doc *d, json_t *diag, const char *font)
{
	char *cap = diag_json_cap_text(diag, d->fr);
	const char *msg = cap ? fmt("<span foreground=\"#6a1b9a\" weight=\"bold\">%s</span>", esc(cap))
			      : esc(T(N_("Every part of this computer was tested.")));
	free(cap);
	need(d, measure(d, CONTENT_W, font, msg) + 4);
	d->y += text(d, MARGIN, d->y, CONTENT_W, font, 0x333333, PANGO_ALIGN_LEFT, msg) + 4;
}

/* CPU model, RAM size, disks: whatever the inventory provides. */
static void hardware_summary(struct doc *d, json_t *rep)
{
	json_t *inv = json_object_get(rep, "inventory");
	json_t *dev = json_object_get(rep, "device");
	const char *vendor = js(dev, "vendor"), *product = js(dev, "product");
	row2(d, T(N_("Manufacturer")), esc(vendor ? vendor : "—"), T(N_("Model")),
	     esc(product ? product : "—"));
	row2(d, T(N_("Serial number")), esc(js(dev, "serial") ? js(dev, "serial") : "—"),
	     T(N_("Device id")), fmt("<tt>%s</tt>", esc(js(dev, "id"))));
	if (!inv)
		return;
	json_t *cpu = json_object_get(inv, "cpu");
	if (json_is_array(cpu))
		cpu = json_array_get(cpu, 0);
	const char *cpum = js(cpu, "model") ? js(cpu, "model") : js(cpu, "model_name");
	if (!cpum)
		cpum = js(cpu, "name");
	long long cores = 0;
	const char *cpu_s = cpum ? (ji(cpu, "cores", &cores) ? fmt("%s, %lld %s", esc(cpum), cores,
								    T(N_("cores")))
							      : esc(cpum))
				 : "—";
	json_t *mem = json_object_get(inv, "memory");
	long long ram = 0;
	const char *ram_s = "—";
	if ((ji(mem, "total_bytes", &ram) || ji(mem, "size_bytes", &ram) || ji(mem, "total", &ram)) &&
	    ram > 0) {
		char h[32];
		reco_human_size((uint64_t)ram, h, sizeof(h));
		if (d->fr) {
			char *dot = strchr(h, '.');
			if (dot)
				*dot = ',';
			char *i = strstr(h, "iB");
			if (i)
				memcpy(i, "io", 2);
		}
		ram_s = esc(h);
	}
	row2(d, T(N_("Processor")), cpu_s, T(N_("Memory")), ram_s);
	json_t *st = json_object_get(inv, "storage");
	if (json_is_object(st))
		st = json_object_get(st, "disks");
	if (json_is_array(st) && json_array_size(st) > 0) {
		char list[1024] = "";
		size_t i, used = 0;
		json_t *x;
		json_array_foreach(st, i, x) {
			long long sz = 0;
			ji(x, "size_bytes", &sz);
			const char *m = js(x, "model") ? js(x, "model") : js(x, "name");
			used += (size_t)snprintf(list + used, sizeof(list) - used > 0 ? sizeof(list) - used : 0,
						 "%s%s%s%s", i ? ", " : "", esc(m ? m : "?"),
						 sz ? " " : "", sz ? size_h(d, sz) : "");
			if (used >= sizeof(list))
				break;
		}
		row(d, T(N_("Storage")), list);
	}
}

/* The subtitle names the standards the wipe recorded (wipe.json "standards"),
 * and none when it recorded none. */
static const char *standards(struct doc *d, json_t *rep)
{
	json_t *a = json_object_get(json_object_get(rep, "wipe"), "standards"), *x;
	char list[256] = "";
	size_t i, n = 0;
	json_array_foreach(a, i, x)
		if (json_is_string(x) && n < sizeof(list))
			n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s", n ? ", " : "", json_string_value(x));
	return n ? fmt(T(N_("Media sanitization following %s — signed report")), list)
		 : T(N_("Media sanitization — signed report"));
}

static void disk_block(struct doc *d, json_t *rep, json_t *t, int idx)
{
	json_t *wipe = json_object_get(rep, "wipe");
	json_t *tool = json_object_get(wipe, "tool");
	json_t *idisk = inv_disk(json_object_get(rep, "inventory"), t);
	const char *model = js(t, "model") ? js(t, "model") : (idisk ? js(idisk, "model") : NULL);
	const char *maker = js(t, "vendor") ? js(t, "vendor")
					    : (idisk && js(idisk, "vendor") ? js(idisk, "vendor")
									    : maker_of(model));
	long long sz = 0;
	need(d, 150);
	double y0 = d->y;
	d->y += 4;
	text(d, MARGIN + 6, d->y, CONTENT_W - 12, FONT " Bold 10.5", 0x1f4e79, PANGO_ALIGN_LEFT,
	     fmt("%s %d — <tt>%s</tt>", T(N_("Medium")), idx, esc(js(t, "path") ? js(t, "path") : "?")));
	d->y += 14;
	row2(d, T(N_("Manufacturer")), esc(maker ? maker : "—"), T(N_("Model")), esc(model ? model : "—"));
	row2(d, T(N_("Serial number")), fmt("<b>%s</b>", esc(js(t, "serial") ? js(t, "serial") : "—")),
	     T(N_("Media type")), esc(media_type(d, t, idisk)));
	const char *cap = ji(t, "size_bytes", &sz) ? size_h(d, sz) : "—";
	const char *cat = js(t, "nist_category");
	const char *cat_s = !cat ? "—"
			    : strcmp(cat, "purge") == 0 ? fmt("<b>%s</b>", T(N_("Purge")))
			    : strcmp(cat, "clear") == 0 ? fmt("<b>%s</b>", T(N_("Clear")))
			    : strcmp(cat, "none") == 0 ? T(N_("none (not erased)")) : esc(cat);
	const char *tech = js(json_object_get(t, "sanitization"), "technique"); /* a crypto erase says what it relies on */
	if (tech && !strcmp(tech, "cryptographic erase") && strcmp(cat ? cat : "none", "none"))
		cat_s = fmt("%s — %s", cat_s, T(N_("relies on the drive encrypting all user data")));
	row2(d, T(N_("Capacity")), cap, T(N_("Category (NIST SP 800-88)")), cat_s);
	row(d, T(N_("Method")), method_h(d, js(t, "method")));
	json_t *ver = json_object_get(t, "verification");
	const char *mode = js(ver, "mode");
	long long pm = 0;
	int has_pm = ji(ver, "coverage_permille", &pm);
	const char *ver_s = !mode ? "—"
			    : strcmp(mode, "full") == 0 ? fmt("%s, %s %s", T(N_("every byte read back and compared")),
							      T(N_("coverage")), has_pm ? permille_h(d, pm) : "100\u202f%")
			    : strcmp(mode, "sample") == 0
				    ? fmt("%s, %s %s", json_object_get(t, "firmware") ? T(N_("sample read before and after the command"))
						       : T(N_("sample read back (at least 1000 subsections)")),
					  T(N_("coverage")), has_pm ? permille_h(d, pm) : "?")
			    : strcmp(mode, "none") == 0 ? T(N_("none"))
							: esc(mode);
	row(d, T(N_("Validation")), ver_s);
	const char *res = js(t, "result");
	const char *res_s = result_h(d, res);
	if (res && strcmp(res, "erased") != 0 && js(t, "reason"))
		res_s = fmt("%s — %s", res_s, esc(js(t, "reason")));
	json_t *bad = json_object_get(t, "bad_ranges");
	if (json_is_array(bad) && json_array_size(bad) > 0) {
		long long first = 0, count = 0;
		ji(json_array_get(bad, 0), "first_lba", &first);
		ji(json_array_get(bad, 0), "count", &count);
		res_s = fmt("%s\n%s", res_s,
			    fmt(T(N_("%zu bad range(s) (unwritable, unreadable or mismatching), first at LBA %lld (%lld sectors)")),
				json_array_size(bad), first, count));
	}
	const char *tn = js(tool, "name"), *tv = js(tool, "version");
	const char *when = js(t, "started") ? fmt("%s → %s", date_h(d, js(t, "started")), date_h(d, js(t, "finished")))
					    : date_h(d, js(t, "finished"));
	row2(d, T(N_("Result")), res_s, T(N_("Date")), esc(when));
	row(d, T(N_("Tool")), esc(fmt("%s %s", tn ? tn : "reco-wipe", tv ? tv : "")));
	d->y += 4;
	if (d->y > y0) {
		rgb(d, 0xc9d6e3);
		cairo_set_line_width(d->cr, 0.7);
		cairo_rectangle(d->cr, MARGIN - 2, y0, CONTENT_W + 4, d->y - y0);
		cairo_stroke(d->cr);
	}
	d->y += 6;
}

static void diag_block(struct doc *d, json_t *diag)
{
	json_t *parts = json_object_get(diag, "parts");
	size_t i;
	json_t *p;
	json_array_foreach(parts, i, p) {
		const char *id = js(p, "id");
		if (id && js(p, "part") && strcmp(id, js(p, "part")) == 0)
			id = NULL;
		const char *label = fmt("%s%s%s", part_h(d, js(p, "part")), id ? " " : "", id ? id : "");
		const char *reason = diag_text(d, p, 0);
		row(d, label, fmt("%s%s%s", verdict_h(d, js(p, "verdict")), reason ? " — " : "",
				  reason ? esc(reason) : ""));
	}
	diag_coverage(d, diag, FONT " 8.5");
}

/* "Fonctions testées": every kind of part with its verdict, two a row,
 * then whether the computer was tested on all its functions (diag
 * summary.c: only when true; otherwise what was not). */
static void functions_block(struct doc *d, json_t *diag)
{
	json_t *fs = diag_json_functions(diag);
	size_t n = json_array_size(fs);
	for (size_t i = 0; i < n; i += 2) {
		json_t *a = json_array_get(fs, i), *b = i + 1 < n ? json_array_get(fs, i + 1) : NULL;
		row2(d, part_h(d, js(a, "part")), verdict_h(d, js(a, "verdict")), b ? part_h(d, js(b, "part")) : "",
		     b ? verdict_h(d, js(b, "verdict")) : "");
	}
	json_decref(fs);
	char *s = diag_json_functions_text(diag, d->fr);
	int all = diag_json_all_functions(diag);
	const char *msg = fmt("<span foreground=\"%s\" weight=\"bold\">%s</span>", all ? "#1a7f37" : "#6a1b9a",
			      esc(s ? s : ""));
	free(s);
	need(d, measure(d, CONTENT_W, FONT " 8.5", msg) + 4);
	d->y += text(d, MARGIN, d->y, CONTENT_W, FONT " 8.5", 0x333333, PANGO_ALIGN_LEFT, msg) + 4;
}

static void signature_lines(struct doc *d, json_t *rep)
{
	need(d, 58);
	d->y += 10;
	double w = (CONTENT_W - 30) / 2;
	const char *labels[2] = { NULL, T(N_("Supervisor (name, signature)")) };
	for (int k = 0; k < 2; k++) {
		double x = MARGIN + k * (w + 30);
		text(d, x, d->y, w, FONT " 8.5", 0x555555, PANGO_ALIGN_LEFT,
		     k == 0 ? fmt(T(N_("Operator: %s")), esc(js(rep, "operator") ? js(rep, "operator") : ""))
			    : esc(labels[1]));
		rgb(d, 0x888888);
		cairo_set_line_width(d->cr, 0.6);
		cairo_move_to(d->cr, x, d->y + 36);
		cairo_line_to(d->cr, x + w, d->y + 36);
		cairo_stroke(d->cr);
		text(d, x, d->y + 38, w, FONT " 8", 0x888888, PANGO_ALIGN_LEFT,
		     esc(fmt("%s", T(N_("Date and signature")))));
	}
	d->y += 50;
}

static int open_doc(struct doc *d, const char *out, struct reco_err *e)
{
	d->surface = cairo_pdf_surface_create(out, PAGE_W, PAGE_H);
	if (cairo_surface_status(d->surface) != CAIRO_STATUS_SUCCESS) {
		reco_err_set(e, -EIO, _("%s: %s"), out, cairo_status_to_string(cairo_surface_status(d->surface)));
		cairo_surface_destroy(d->surface);
		return -EIO;
	}
	d->cr = cairo_create(d->surface);
	d->page = 1;
	d->y = MARGIN;
	return 0;
}

static int close_doc(struct doc *d, const char *out, struct reco_err *e)
{
	footer(d);
	cairo_show_page(d->cr);
	cairo_destroy(d->cr);
	cairo_surface_finish(d->surface);
	cairo_status_t st = cairo_surface_status(d->surface);
	cairo_surface_destroy(d->surface);
	if (st != CAIRO_STATUS_SUCCESS)
		return reco_err_set(e, -EIO, _("%s: %s"), out, cairo_status_to_string(st));
	return 0;
}

static void certificate(struct doc *d, json_t *rep, const char *sha)
{
	json_t *dev = json_object_get(rep, "device");
	json_t *station = json_object_get(rep, "station");
	int uncertified = js(station, "status") && strcmp(js(station, "status"), "uncertified") == 0;

	/* Header: title, subtitle, QR code on the right. */
	double qs = 84;
	rgb(d, 0x1f4e79);
	cairo_rectangle(d->cr, 0, 0, PAGE_W, 6);
	cairo_fill(d->cr);
	double h = text(d, MARGIN, d->y, CONTENT_W - qs - 10, FONT " Bold 19", 0x1f4e79,
			PANGO_ALIGN_LEFT, esc(T(N_("Data erasure certificate"))));
	d->y += h + 2;
	h = text(d, MARGIN, d->y, CONTENT_W - qs - 10, FONT " 10", 0x444444, PANGO_ALIGN_LEFT,
		 esc(standards(d, rep)));
	d->y += h + 8;
	report_draw_qr(d->cr, PAGE_W - MARGIN - qs, MARGIN - 6, qs, fmt("reco:%s:%s", js(dev, "id") ? js(dev, "id") : "", sha));
	if (uncertified) {
		h = text(d, MARGIN, d->y, CONTENT_W - qs - 10, FONT " Bold 11", 0xc62828, PANGO_ALIGN_LEFT,
			 esc(T(N_("NOT SIGNED: this report comes from an uncertified station and proves nothing by itself."))));
		d->y += h + 4;
	}
	if (d->y < MARGIN + qs)
		d->y = MARGIN + qs;

	section(d, T(N_("Report")));
	json_t *tool = json_object_get(rep, "tool");
	row2(d, T(N_("Report id")), fmt("<tt>%s</tt>", esc(js(rep, "report_id"))), T(N_("Created")),
	     esc(date_h(d, js(rep, "created"))));
	const char *st_s = uncertified
				   ? fmt("<span foreground=\"#c62828\">%s</span>", T(N_("uncertified")))
				   : fmt("%s\n<span size=\"small\" foreground=\"#666666\"><tt>%.16s…</tt></span>",
					 esc(js(station, "name")), esc(js(station, "certificate_sha256")));
	row2(d, T(N_("Station")), st_s, T(N_("Operator")), esc(js(rep, "operator") ? js(rep, "operator") : "—"));
	row2(d, T(N_("Tool")), esc(fmt("%s %s", js(tool, "name") ? js(tool, "name") : "reco",
				       js(tool, "version") ? js(tool, "version") : "")),
	     T(N_("Overall grade")), esc(js(rep, "grade") ? js(rep, "grade") : "—"));

	section(d, T(N_("Device")));
	hardware_summary(d, rep);

	json_t *targets = json_object_get(json_object_get(rep, "wipe"), "targets");
	section(d, T(N_("Erased media")));
	if (!json_is_array(targets) || json_array_size(targets) == 0) {
		text(d, MARGIN, d->y, CONTENT_W, FONT " Italic 8.5", 0x555555, PANGO_ALIGN_LEFT,
		     esc(T(N_("No erasure is recorded in this report."))));
		d->y += 14;
	} else {
		size_t i, erased = 0, media = 0;
		json_t *t;
		json_array_foreach(targets, i, t) {
			if (!json_is_object(t))
				continue;
			media++;
			if (js(t, "result") && strcmp(js(t, "result"), "erased") == 0)
				erased++;
		}
		const char *summary = erased == media
					      ? fmt("<span foreground=\"#1a7f37\" weight=\"bold\">%s</span>",
						    esc(fmt(T(N_("All %zu media were erased and verified.")), erased)))
					      : fmt("<span foreground=\"#c62828\" weight=\"bold\">%s</span>",
						    esc(fmt(T(N_("%zu of %zu media erased: this device is NOT fully erased.")),
							    erased, media)));
		text(d, MARGIN, d->y, CONTENT_W, FONT " 10", 0, PANGO_ALIGN_LEFT, summary);
		d->y += 16;
		int n = 0;
		json_array_foreach(targets, i, t)
			if (json_is_object(t))
				disk_block(d, rep, t, ++n);
	}

	json_t *diag = json_object_get(rep, "diag");
	if (json_is_array(json_object_get(diag, "parts"))) {
		section(d, T(N_("Diagnostics")));
		diag_block(d, diag);
		section(d, T(N_("Functions tested")));
		functions_block(d, diag);
	}

	section(d, T(N_("Integrity and signature")));
	row(d, T(N_("Report SHA-256")), fmt("<tt>%s</tt>", sha));
	row(d, T(N_("How to verify")),
	    esc(T(N_("reco report verify report.json --ca ca.pem, or with openssl alone as described in reports/README.md. The QR code holds the device id and this hash."))));
	signature_lines(d, rep);
}

static void repair_cafe(struct doc *d, json_t *rep, const char *sha)
{
	json_t *dev = json_object_get(rep, "device");
	json_t *diag = json_object_get(rep, "diag");
	rgb(d, 0x2e7d32);
	cairo_rectangle(d->cr, 0, 0, PAGE_W, 6);
	cairo_fill(d->cr);
	double h = text(d, MARGIN, d->y, CONTENT_W - 90, FONT " Bold 23", 0x2e7d32, PANGO_ALIGN_LEFT,
			esc(T(N_("Your computer's check-up"))));
	d->y += h + 2;
	h = text(d, MARGIN, d->y, CONTENT_W - 90, FONT " 11", 0x444444, PANGO_ALIGN_LEFT,
		 esc(T(N_("Repair Café — this check-up only read your computer: nothing was changed or erased."))));
	d->y += h + 6;
	report_draw_qr(d->cr, PAGE_W - MARGIN - 76, MARGIN - 6, 76, fmt("reco:%s:%s", js(dev, "id") ? js(dev, "id") : "", sha));
	if (d->y < MARGIN + 80)
		d->y = MARGIN + 80;
	row2(d, T(N_("Computer")), esc(fmt("%s %s", js(dev, "vendor") ? js(dev, "vendor") : "",
					   js(dev, "product") ? js(dev, "product") : "")),
	     T(N_("Date")), esc(date_h(d, js(rep, "created"))));
	const char *grade = js(diag, "grade");
	if (grade) {
		static const struct { const char *g, *txt; unsigned color; } grades[] = {
			{ "A", N_("A — in very good shape"), 0x1a7f37 },
			{ "B", N_("B — good, a few points to watch"), 0x558b2f },
			{ "C", N_("C — usable, some repairs advised"), 0xe65100 },
			{ "D", N_("D — needs repair before regular use"), 0xc62828 },
		};
		for (size_t i = 0; i < 4; i++)
			if (strcmp(grade, grades[i].g) == 0) {
				d->y += 6;
				h = text(d, MARGIN, d->y, CONTENT_W, FONT " Bold 16", grades[i].color,
					 PANGO_ALIGN_LEFT, esc(T(grades[i].txt)));
				d->y += h + 4;
			}
		diag_coverage(d, diag, FONT " 11");
	}
	section(d, T(N_("What we checked")));
	json_t *parts = json_object_get(diag, "parts");
	size_t i;
	json_t *p;
	if (!json_is_array(parts) || json_array_size(parts) == 0) {
		text(d, MARGIN, d->y, CONTENT_W, FONT " Italic 10", 0x555555, PANGO_ALIGN_LEFT,
		     esc(T(N_("No diagnostic was run."))));
		d->y += 14;
	}
	json_array_foreach(parts, i, p) {
		const char *id = js(p, "id");
		if (id && js(p, "part") && strcmp(id, js(p, "part")) == 0)
			id = NULL;
		need(d, 40);
		h = text(d, MARGIN, d->y, CONTENT_W, FONT " 12", 0x111111, PANGO_ALIGN_LEFT,
			 fmt(T(N_("%s: %s")), fmt("<b>%s%s%s</b>", esc(part_h(d, js(p, "part"))), id ? " " : "",
			     id ? esc(id) : ""), verdict_h(d, js(p, "verdict"))));
		d->y += h + 1;
		const char *reason = diag_text(d, p, 0), *action = diag_text(d, p, 1);
		if (reason) {
			h = text(d, MARGIN + 14, d->y, CONTENT_W - 14, FONT " 11", 0x333333, PANGO_ALIGN_LEFT, esc(reason));
			d->y += h + 1;
		}
		if (action && js(p, "verdict") && strcmp(js(p, "verdict"), "PASS") && strcmp(js(p, "verdict"), "ABSENT")) {
			h = text(d, MARGIN + 14, d->y, CONTENT_W - 14, FONT " 11", 0x1f4e79, PANGO_ALIGN_LEFT,
				 fmt("→ %s", esc(action)));
			d->y += h + 1;
		}
		d->y += 6;
	}
	section(d, T(N_("Good to know")));
	h = text(d, MARGIN, d->y, CONTENT_W, FONT " 10", 0x333333, PANGO_ALIGN_LEFT,
		 esc(T(N_("Back up your documents and photos regularly on another medium. Ask a volunteer before buying a replacement part: many repairs are simple and cheap."))));
	d->y += h + 4;
}

int report_render_pdf(const unsigned char *bytes, size_t len, json_t *doc, const char *out_pdf,
		      enum render_kind kind, const char *lang, struct reco_err *e)
{
	struct doc dd = { 0 }, *d = &dd;
	char sha[65];
	reco_sha256_hex(bytes, len, sha);
	d->fr = !lang || strcmp(lang, "en") != 0;
	/* Translate into the document's language, whatever the user's locale. */
	char *old_lang = getenv("LANGUAGE") ? strdup(getenv("LANGUAGE")) : NULL;
	char *old_msg = strdup(setlocale(LC_MESSAGES, NULL) ? setlocale(LC_MESSAGES, NULL) : "C");
	if (d->fr) {
		setenv("LANGUAGE", "fr", 1);
		if (!setlocale(LC_MESSAGES, "fr_FR.UTF-8"))
			setlocale(LC_MESSAGES, "C.UTF-8");
	}
	int rc = open_doc(d, out_pdf, e);
	if (rc == 0) {
		char *foot = g_markup_printf_escaped("reco — %s — SHA-256 %s", js(doc, "report_id") ? js(doc, "report_id") : "", sha);
		d->footer = foot;
		cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_TITLE,
					       kind == RENDER_CERTIFICATE ? T(N_("Data erasure certificate"))
									  : T(N_("Your computer's check-up")));
		cairo_pdf_surface_set_metadata(d->surface, CAIRO_PDF_METADATA_CREATOR, "reco-report");
		if (kind == RENDER_CERTIFICATE)
			certificate(d, doc, sha);
		else
			repair_cafe(d, doc, sha);
		rc = close_doc(d, out_pdf, e);
		g_free(foot);
	}
	if (old_lang)
		setenv("LANGUAGE", old_lang, 1);
	else
		unsetenv("LANGUAGE");
	setlocale(LC_MESSAGES, old_msg);
	free(old_lang);
	free(old_msg);
	return rc;
}

void report_render_cleanup(void)
{
	/* Only what is safe to drop at any time: cairo_debug_reset_static_data()
	 * and FcFini() assert (abort) when a font face is still cached, which
	 * happens at random with pango's deferred releases.  fontconfig's own
	 * caches stay: run leak checkers with a fontconfig suppression. */
	pango_cairo_font_map_set_default(NULL);
}
