/*
 * pdf_certificate.c — the erasure certificate (pdf.h).
 *
 * It carries, per erased medium, the fields of a NIST SP 800-88
 * "Certificate of Sanitization": manufacturer, model, serial, media type,
 * sanitization method and category (clear/purge, as NIST SP 800-88 Rev. 2
 * and IEEE 2883-2022 classify it; claimed only when erased), validation
 * method and coverage, result, date, tool and version, station and
 * operator; every disk of the computer's inventory with its result or why
 * it was not erased (lib/coverage.h); then a hardware summary, the
 * diagnostic verdicts, the report's SHA-256 with a QR code (device id +
 * hash) and signature lines.  Every value is read defensively: session
 * files come from other tools and optional fields may be missing.
 */
#include "pdf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/coverage.h"
#include "lib/util.h"
#include "report.h"


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
	const char *serial = pdf_js(target, "serial"), *path = pdf_js(target, "path");
	size_t i;
	json_t *x;
	json_array_foreach(st, i, x) {
		if (serial && pdf_js(x, "serial") && strcmp(serial, pdf_js(x, "serial")) == 0)
			return x;
	}
	json_array_foreach(st, i, x) {
		const char *p = pdf_js(x, "path") ? pdf_js(x, "path") : pdf_js(x, "dev");
		if (path && p && strcmp(path, p) == 0)
			return x;
	}
	return NULL;
}

static const char *media_type(struct doc *d, json_t *target, json_t *idisk)
{
	const char *tr_ = pdf_js(target, "transport");
	json_t *rot = idisk ? json_object_get(idisk, "rotational") : NULL;
	const char *kind = idisk ? pdf_js(idisk, "type") : NULL;
	if (tr_ && strcmp(tr_, "nvme") == 0)
		return T(N_("solid-state drive (NVMe)"));
	if (tr_ && (strcmp(tr_, "file") == 0))
		return T(N_("disk image file"));
	if (tr_ && (strcmp(tr_, "loop") == 0))
		return T(N_("loop device"));
	if (tr_ && (strcmp(tr_, "usb") == 0))
		return pdf_fmt("%s", T(N_("USB storage")));
	if (tr_ && (strcmp(tr_, "mmc") == 0))
		return T(N_("flash memory (eMMC/SD)"));
	if (json_is_true(rot) || (json_is_integer(rot) && json_integer_value(rot)) ||
	    (kind && strcasecmp(kind, "hdd") == 0))
		return pdf_fmt("%s (%s)", T(N_("hard disk drive")), tr_ ? tr_ : "?");
	if (json_is_false(rot) || (json_is_integer(rot) && !json_integer_value(rot)) ||
	    (kind && strcasecmp(kind, "ssd") == 0))
		return pdf_fmt("%s (%s)", T(N_("solid-state drive")), tr_ ? tr_ : "?");
	return tr_ ? pdf_fmt("%s (%s)", T(N_("disk")), tr_) : T(N_("disk"));
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
			return pdf_fmt("%s <span foreground=\"#777777\">(%s)</span>", T(methods[i].label), pdf_esc(m));
	}
	return pdf_esc(m);
}

static const char *result_h(struct doc *d, const char *r)
{
	if (r && strcmp(r, "erased") == 0)
		return pdf_fmt("<span foreground=\"#1a7f37\" weight=\"bold\">%s</span>", T(N_("ERASED")));
	if (r && strcmp(r, "failed") == 0)
		return pdf_fmt("<span foreground=\"#c62828\" weight=\"bold\">%s</span>", T(N_("FAILED")));
	if (r && strcmp(r, "aborted") == 0)
		return pdf_fmt("<span foreground=\"#e65100\" weight=\"bold\">%s</span>", T(N_("ABORTED")));
	return pdf_esc(r ? r : "—");
}



/* CPU model, RAM size, disks: whatever the inventory provides. */
static void hardware_summary(struct doc *d, json_t *rep)
{
	json_t *inv = json_object_get(rep, "inventory");
	json_t *dev = json_object_get(rep, "device");
	const char *vendor = pdf_js(dev, "vendor"), *product = pdf_js(dev, "product");
	pdf_row2(d, T(N_("Manufacturer")), pdf_esc(vendor ? vendor : "—"), T(N_("Model")),
	     pdf_esc(product ? product : "—"));
	pdf_row2(d, T(N_("Serial number")), pdf_esc(pdf_js(dev, "serial") ? pdf_js(dev, "serial") : "—"),
	     T(N_("Device id")), pdf_fmt("<tt>%s</tt>", pdf_esc(pdf_js(dev, "id"))));
	if (!inv)
		return;
	json_t *cpu = json_object_get(inv, "cpu");
	if (json_is_array(cpu))
		cpu = json_array_get(cpu, 0);
	const char *cpum = pdf_js(cpu, "model") ? pdf_js(cpu, "model") : pdf_js(cpu, "model_name");
	if (!cpum)
		cpum = pdf_js(cpu, "name");
	long long cores = 0;
	const char *cpu_s = cpum ? (pdf_ji(cpu, "cores", &cores) ? pdf_fmt("%s, %lld %s", pdf_esc(cpum), cores,
								    T(N_("cores")))
							      : pdf_esc(cpum))
				 : "—";
	json_t *mem = json_object_get(inv, "memory");
	long long ram = 0;
	const char *ram_s = "—";
	if ((pdf_ji(mem, "total_bytes", &ram) || pdf_ji(mem, "size_bytes", &ram) || pdf_ji(mem, "total", &ram)) &&
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
		ram_s = pdf_esc(h);
	}
	pdf_row2(d, T(N_("Processor")), cpu_s, T(N_("Memory")), ram_s);
	json_t *st = json_object_get(inv, "storage");
	if (json_is_object(st))
		st = json_object_get(st, "disks");
	if (json_is_array(st) && json_array_size(st) > 0) {
		char list[1024] = "";
		size_t i, used = 0;
		json_t *x;
		json_array_foreach(st, i, x) {
			long long sz = 0;
			pdf_ji(x, "size_bytes", &sz);
			const char *m = pdf_js(x, "model") ? pdf_js(x, "model") : pdf_js(x, "name");
			used += (size_t)snprintf(list + used, sizeof(list) - used > 0 ? sizeof(list) - used : 0,
						 "%s%s%s%s", i ? ", " : "", pdf_esc(m ? m : "?"),
						 sz ? " " : "", sz ? pdf_size_h(d, sz) : "");
			if (used >= sizeof(list))
				break;
		}
		pdf_row(d, T(N_("Storage")), list);
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
	return n ? pdf_fmt(T(N_("Media sanitization following %s — signed report")), list)
		 : T(N_("Media sanitization — signed report"));
}

static void disk_block(struct doc *d, json_t *rep, json_t *t, int idx)
{
	json_t *wipe = json_object_get(rep, "wipe");
	json_t *tool = json_object_get(wipe, "tool");
	json_t *idisk = inv_disk(json_object_get(rep, "inventory"), t);
	const char *model = pdf_js(t, "model") ? pdf_js(t, "model") : (idisk ? pdf_js(idisk, "model") : NULL);
	const char *maker = pdf_js(t, "vendor") ? pdf_js(t, "vendor")
					    : (idisk && pdf_js(idisk, "vendor") ? pdf_js(idisk, "vendor")
									    : maker_of(model));
	long long sz = 0;
	pdf_need(d, 150);
	double y0 = d->y;
	d->y += 4;
	pdf_text(d, MARGIN + 6, d->y, CONTENT_W - 12, FONT " Bold 10.5", 0x1f4e79, PANGO_ALIGN_LEFT,
	     pdf_fmt("%s %d — <tt>%s</tt>", T(N_("Medium")), idx, pdf_esc(pdf_js(t, "path") ? pdf_js(t, "path") : "?")));
	d->y += 14;
	pdf_row2(d, T(N_("Manufacturer")), pdf_esc(maker ? maker : "—"), T(N_("Model")), pdf_esc(model ? model : "—"));
	pdf_row2(d, T(N_("Serial number")), pdf_fmt("<b>%s</b>", pdf_esc(pdf_js(t, "serial") ? pdf_js(t, "serial") : "—")),
	     T(N_("Media type")), pdf_esc(media_type(d, t, idisk)));
	const char *cap = pdf_ji(t, "size_bytes", &sz) ? pdf_size_h(d, sz) : "—";
	const char *cat = pdf_js(t, "nist_category");
	const char *cat_s = !cat ? "—"
			    : strcmp(cat, "purge") == 0 ? pdf_fmt("<b>%s</b>", T(N_("Purge")))
			    : strcmp(cat, "clear") == 0 ? pdf_fmt("<b>%s</b>", T(N_("Clear")))
			    : strcmp(cat, "none") == 0 ? T(N_("none (not erased)")) : pdf_esc(cat);
	const char *tech = pdf_js(json_object_get(t, "sanitization"), "technique"); /* a crypto erase says what it relies on */
	if (tech && !strcmp(tech, "cryptographic erase") && strcmp(cat ? cat : "none", "none"))
		cat_s = pdf_fmt("%s — %s", cat_s, T(N_("relies on the drive encrypting all user data")));
	pdf_row2(d, T(N_("Capacity")), cap, T(N_("Category (NIST SP 800-88)")), cat_s);
	pdf_row(d, T(N_("Method")), method_h(d, pdf_js(t, "method")));
	json_t *ver = json_object_get(t, "verification");
	const char *mode = pdf_js(ver, "mode");
	long long pm = 0;
	int has_pm = pdf_ji(ver, "coverage_permille", &pm);
	const char *ver_s = !mode ? "—"
			    : strcmp(mode, "full") == 0 ? pdf_fmt("%s, %s %s", T(N_("every byte read back and compared")),
							      T(N_("coverage")), has_pm ? pdf_permille_h(d, pm) : "100\u202f%")
			    : strcmp(mode, "sample") == 0
				    ? pdf_fmt("%s, %s %s", json_object_get(t, "firmware") ? T(N_("sample read before and after the command"))
						       : T(N_("sample read back (at least 1000 subsections)")),
					  T(N_("coverage")), has_pm ? pdf_permille_h(d, pm) : "?")
			    : strcmp(mode, "none") == 0 ? T(N_("none"))
							: pdf_esc(mode);
	pdf_row(d, T(N_("Validation")), ver_s);
	const char *res = pdf_js(t, "result");
	const char *res_s = result_h(d, res);
	if (res && strcmp(res, "erased") != 0 && pdf_js(t, "reason"))
		res_s = pdf_fmt("%s — %s", res_s, pdf_esc(pdf_js(t, "reason")));
	json_t *bad = json_object_get(t, "bad_ranges");
	if (json_is_array(bad) && json_array_size(bad) > 0) {
		long long first = 0, count = 0;
		pdf_ji(json_array_get(bad, 0), "first_lba", &first);
		pdf_ji(json_array_get(bad, 0), "count", &count);
		res_s = pdf_fmt("%s\n%s", res_s,
			    pdf_fmt(T(N_("%zu bad range(s) (unwritable, unreadable or mismatching), first at LBA %lld (%lld sectors)")),
				json_array_size(bad), first, count));
	}
	const char *tn = pdf_js(tool, "name"), *tv = pdf_js(tool, "version");
	const char *when = pdf_js(t, "started") ? pdf_fmt("%s → %s", pdf_date_h(d, pdf_js(t, "started")), pdf_date_h(d, pdf_js(t, "finished")))
					    : pdf_date_h(d, pdf_js(t, "finished"));
	pdf_row2(d, T(N_("Result")), res_s, T(N_("Date")), pdf_esc(when));
	pdf_row(d, T(N_("Tool")), pdf_esc(pdf_fmt("%s %s", tn ? tn : "reco-wipe", tv ? tv : "")));
	d->y += 4;
	if (d->y > y0) {
		pdf_rgb(d, 0xc9d6e3);
		cairo_set_line_width(d->cr, 0.7);
		cairo_rectangle(d->cr, MARGIN - 2, y0, CONTENT_W + 4, d->y - y0);
		cairo_stroke(d->cr);
	}
	d->y += 6;
}



static void signature_lines(struct doc *d, json_t *rep)
{
	pdf_need(d, 58);
	d->y += 10;
	double w = (CONTENT_W - 30) / 2;
	const char *labels[2] = { NULL, T(N_("Supervisor (name, signature)")) };
	for (int k = 0; k < 2; k++) {
		double x = MARGIN + k * (w + 30);
		pdf_text(d, x, d->y, w, FONT " 8.5", 0x555555, PANGO_ALIGN_LEFT,
		     k == 0 ? pdf_fmt(T(N_("Operator: %s")), pdf_esc(pdf_js(rep, "operator") ? pdf_js(rep, "operator") : ""))
			    : pdf_esc(labels[1]));
		pdf_rgb(d, 0x888888);
		cairo_set_line_width(d->cr, 0.6);
		cairo_move_to(d->cr, x, d->y + 36);
		cairo_line_to(d->cr, x + w, d->y + 36);
		cairo_stroke(d->cr);
		pdf_text(d, x, d->y + 38, w, FONT " 8", 0x888888, PANGO_ALIGN_LEFT,
		     pdf_esc(pdf_fmt("%s", T(N_("Date and signature")))));
	}
	d->y += 50;
}



/* Coverage (lib/coverage.h): each disk of the machine's inventory that no
 * wipe result covers, with the reason; 1 when it draws any. */
static int not_erased_rows(struct doc *d, json_t *cov)
{
	size_t i;
	json_t *c;
	int n = 0;
	json_array_foreach(json_object_get(cov, "disks"), i, c) {
		if (!pdf_js(c, "result") || strcmp(pdf_js(c, "result"), "not-wiped"))
			continue;
		pdf_row(d, pdf_fmt("%s %s", T(N_("Disk")), pdf_js(c, "path") ? pdf_js(c, "path") : "?"),
		    pdf_fmt("<span foreground=\"#c62828\" weight=\"bold\">%s</span> — %s, %s %s — %s", T(N_("NOT ERASED")),
			pdf_esc(pdf_js(c, "model") ? pdf_js(c, "model") : "?"), T(N_("serial")),
			pdf_esc(pdf_js(c, "serial") ? pdf_js(c, "serial") : "—"), pdf_esc(pdf_js(c, "reason") ? pdf_js(c, "reason") : "")));
		n++;
	}
	return n;
}

void pdf_certificate(struct doc *d, json_t *rep, const char *sha)
{
	json_t *dev = json_object_get(rep, "device");
	json_t *station = json_object_get(rep, "station");
	int uncertified = pdf_js(station, "status") && strcmp(pdf_js(station, "status"), "uncertified") == 0;

	/* Header: title, subtitle, QR code on the right. */
	double qs = 84;
	pdf_rgb(d, 0x1f4e79);
	cairo_rectangle(d->cr, 0, 0, PAGE_W, 6);
	cairo_fill(d->cr);
	double h = pdf_text(d, MARGIN, d->y, CONTENT_W - qs - 10, FONT " Bold 19", 0x1f4e79,
			PANGO_ALIGN_LEFT, pdf_esc(T(N_("Data erasure certificate"))));
	d->y += h + 2;
	h = pdf_text(d, MARGIN, d->y, CONTENT_W - qs - 10, FONT " 10", 0x444444, PANGO_ALIGN_LEFT,
		 pdf_esc(standards(d, rep)));
	d->y += h + 8;
	report_draw_qr(d->cr, PAGE_W - MARGIN - qs, MARGIN - 6, qs, pdf_fmt("reco:%s:%s", pdf_js(dev, "id") ? pdf_js(dev, "id") : "", sha));
	if (uncertified) {
		h = pdf_text(d, MARGIN, d->y, CONTENT_W - qs - 10, FONT " Bold 11", 0xc62828, PANGO_ALIGN_LEFT,
			 pdf_esc(T(N_("NOT SIGNED: this report comes from an uncertified station and proves nothing by itself."))));
		d->y += h + 4;
	}
	if (d->y < MARGIN + qs)
		d->y = MARGIN + qs;

	pdf_section(d, T(N_("Report")));
	json_t *tool = json_object_get(rep, "tool");
	pdf_row2(d, T(N_("Report id")), pdf_fmt("<tt>%s</tt>", pdf_esc(pdf_js(rep, "report_id"))), T(N_("Created")),
	     pdf_esc(pdf_date_h(d, pdf_js(rep, "created"))));
	const char *st_s = uncertified
				   ? pdf_fmt("<span foreground=\"#c62828\">%s</span>", T(N_("uncertified")))
				   : pdf_fmt("%s\n<span size=\"small\" foreground=\"#666666\"><tt>%.16s…</tt></span>",
					 pdf_esc(pdf_js(station, "name")), pdf_esc(pdf_js(station, "certificate_sha256")));
	pdf_row2(d, T(N_("Station")), st_s, T(N_("Operator")), pdf_esc(pdf_js(rep, "operator") ? pdf_js(rep, "operator") : "—"));
	pdf_row2(d, T(N_("Tool")), pdf_esc(pdf_fmt("%s %s", pdf_js(tool, "name") ? pdf_js(tool, "name") : "reco",
				       pdf_js(tool, "version") ? pdf_js(tool, "version") : "")),
	     T(N_("Overall grade")), pdf_esc(pdf_js(rep, "grade") ? pdf_js(rep, "grade") : "—"));

	pdf_section(d, T(N_("Device")));
	hardware_summary(d, rep);

	json_t *targets = json_object_get(json_object_get(rep, "wipe"), "targets");
	json_t *cov = reco_coverage(json_object_get(rep, "inventory"), json_object_get(rep, "wipe"),
				    json_object_get(rep, "disks"));
	long long internal = json_integer_value(json_object_get(cov, "internal"));
	pdf_section(d, T(N_("Erased media")));
	if (internal > 0) {
		/* the machine's own disks, from its inventory, not only those tried */
		long long erased = json_integer_value(json_object_get(cov, "erased"));
		pdf_text(d, MARGIN, d->y, CONTENT_W, FONT " 10", 0, PANGO_ALIGN_LEFT,
		     erased == internal ? pdf_fmt("<span foreground=\"#1a7f37\" weight=\"bold\">%s</span>",
					      pdf_esc(pdf_fmt(T(N_("Every disk of this computer (%lld) was erased and verified.")), internal)))
					: pdf_fmt("<span foreground=\"#c62828\" weight=\"bold\">%s</span>",
					      pdf_esc(pdf_fmt(T(N_("%lld of the %lld disks of this computer erased: this device is NOT fully erased.")),
						      erased, internal))));
		d->y += 16;
		not_erased_rows(d, cov);
	}
	if (!json_is_array(targets) || json_array_size(targets) == 0) {
		pdf_text(d, MARGIN, d->y, CONTENT_W, FONT " Italic 8.5", 0x555555, PANGO_ALIGN_LEFT,
		     pdf_esc(T(N_("No erasure is recorded in this report."))));
		d->y += 14;
	} else {
		size_t i, erased = 0, media = 0;
		json_t *t;
		json_array_foreach(targets, i, t) {
			if (!json_is_object(t))
				continue;
			media++;
			if (pdf_js(t, "result") && strcmp(pdf_js(t, "result"), "erased") == 0)
				erased++;
		}
		const char *summary = erased == media
					      ? pdf_fmt("<span foreground=\"#1a7f37\" weight=\"bold\">%s</span>",
						    pdf_esc(pdf_fmt(T(N_("All %zu media were erased and verified.")), erased)))
					      : pdf_fmt("<span foreground=\"#c62828\" weight=\"bold\">%s</span>",
						    pdf_esc(pdf_fmt(T(N_("%zu of %zu media erased: this device is NOT fully erased.")),
							    erased, media)));
		if (internal <= 0) {
			pdf_text(d, MARGIN, d->y, CONTENT_W, FONT " 10", 0, PANGO_ALIGN_LEFT, summary);
			d->y += 16;
		}
		int n = 0;
		json_array_foreach(targets, i, t)
			if (json_is_object(t))
				disk_block(d, rep, t, ++n);
	}

	json_decref(cov);
	json_t *diag = json_object_get(rep, "diag");
	if (json_is_array(json_object_get(diag, "parts"))) {
		pdf_section(d, T(N_("Diagnostics")));
		pdf_diag_block(d, diag);
		pdf_section(d, T(N_("Functions tested")));
		pdf_functions_block(d, diag);
	}

	pdf_section(d, T(N_("Integrity and signature")));
	pdf_row(d, T(N_("Report SHA-256")), pdf_fmt("<tt>%s</tt>", sha));
	pdf_row(d, T(N_("How to verify")),
	    pdf_esc(T(N_("reco report verify report.json --ca ca.pem, or with openssl alone as described in reports/README.md. The QR code holds the device id and this hash."))));
	signature_lines(d, rep);
}

