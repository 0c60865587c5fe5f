/*
 * human.c — the volunteer's summary of an inventory document: one line per
 * thing that matters when refurbishing (model, serial, CPU, RAM and slots,
 * disks with health, battery wear, screen, network), then the notes saying
 * why something is missing.  Everything printed goes through gettext.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/l10n.h"
#include "lib/i18n.h"
#include "lib/util.h"
#include "inventory.h"

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s && *s ? s : NULL;
}

static long long jint(const json_t *o, const char *k, long long dflt)
{
	const json_t *v = json_object_get(o, k);
	return json_is_integer(v) ? json_integer_value(v) : dflt;
}

/* Display width of a UTF-8 string (one column per code point). */
static size_t width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* "Label:     value" with the labels of a block aligned on 14 columns. */
static void line(const char *label, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(const char *label, const char *fmt, ...)
{
	size_t w = width(label);
	fputs(label, stdout);
	for (size_t i = w; i < 14; i++)
		putchar(' ');
	putchar(' ');
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void permille(char *buf, size_t size, long long pm)
{
	/* TRANSLATORS: a percentage with one decimal, e.g. "55.0 %" */
	snprintf(buf, size, _("%lld.%lld %%"), pm / 10, pm % 10);
}

static void print_system(const json_t *doc)
{
	const json_t *sys = json_object_get(json_object_get(doc, "system"), "system");
	const json_t *chassis = json_object_get(json_object_get(doc, "system"), "chassis");
	const char *vendor = jstr(sys, "vendor"), *product = jstr(sys, "product");
	const char *ctype = jstr(chassis, "type");
	if (vendor || product)
		line(_("Model:"), "%s%s%s%s%s%s", vendor ? vendor : "", vendor && product ? " " : "",
		     product ? product : "", ctype ? " (" : "", ctype ? ctype : "", ctype ? ")" : "");
	else
		line(_("Model:"), "%s", _("unknown"));
	line(_("Serial:"), "%s", jstr(sys, "serial") ? jstr(sys, "serial") : _("unknown"));
	line(_("Device id:"), "%s", jstr(doc, "id") ? jstr(doc, "id") : _("none"));
}

static void print_cpu(const json_t *doc)
{
	const json_t *cpu = json_object_get(doc, "cpu");
	if (!cpu)
		return;
	char extra[256] = "";
	long long cores = jint(cpu, "cores", 0), threads = jint(cpu, "threads", 0), mhz = jint(cpu, "max_mhz", 0);
	size_t u = 0;
	if (cores > 0)
		u += (size_t)snprintf(extra + u, sizeof(extra) - u, _(", %lld cores"), cores);
	if (threads > 0 && u < sizeof(extra))
		u += (size_t)snprintf(extra + u, sizeof(extra) - u, _(", %lld threads"), threads);
	if (mhz > 0 && u < sizeof(extra))
		snprintf(extra + u, sizeof(extra) - u, _(", up to %lld MHz"), mhz);
	const char *model = jstr(cpu, "model_name") ? jstr(cpu, "model_name") : jstr(cpu, "vendor");
	line(_("CPU:"), "%s%s", model ? model : _("unknown"), extra);
}

static void print_memory(const json_t *doc)
{
	const json_t *mem = json_object_get(doc, "memory");
	const json_t *sys = json_object_get(doc, "system");
	char size[32] = "?";
	long long total = jint(mem, "total_bytes", -1);
	if (total >= 0)
		reco_fmt_size(NULL, (uint64_t)total, size, sizeof(size));
	const json_t *slots = json_object_get(sys, "memory_slots");
	if (slots)
		line(_("RAM:"), _("%s (slots: %lld used of %lld)"), size, jint(slots, "populated", 0), jint(slots, "total", 0));
	else if (mem)
		line(_("RAM:"), "%s", size);
	size_t i;
	const json_t *m;
	json_array_foreach(json_object_get(sys, "memory_devices"), i, m) {
		long long b = jint(m, "size_bytes", 0);
		if (b <= 0)
			continue;
		char s[32];
		reco_fmt_size(NULL, (uint64_t)b, s, sizeof(s));
		long long mts = jint(m, "speed_mts", 0);
		const char *loc = jstr(m, "locator");
		if (mts > 0)
			line("", _("%s: %s %s %lld MT/s"), loc ? loc : "-", s, jstr(m, "type") ? jstr(m, "type") : "", mts);
		else
			line("", "%s: %s %s", loc ? loc : "-", s, jstr(m, "type") ? jstr(m, "type") : "");
	}
	long long bad = jint(mem, "early_memtest_bad_bytes", 0);
	if (bad > 0) {
		char n[32];
		line("", ngettext("memory test at boot found %s bad byte", "memory test at boot found %s bad bytes",
				  (unsigned long)bad),
		     reco_fmt_int(NULL, bad, n, sizeof(n)));
	}
}

static void print_disks(const json_t *doc)
{
	size_t i;
	const json_t *d;
	json_array_foreach(json_object_get(doc, "storage"), i, d) {
		char size[32] = "?", health[160] = "";
		long long b = jint(d, "size_bytes", -1);
		if (b >= 0)
			reco_fmt_size(NULL, (uint64_t)b, size, sizeof(size));
		const json_t *sum = json_object_get(json_object_get(d, "smart"), "summary");
		const char *h = jstr(sum, "health");
		if (h && !strcmp(h, "passed"))
			snprintf(health, sizeof(health), "%s", _("health: good"));
		else if (h)
			snprintf(health, sizeof(health), "%s", _("health: FAILING"));
		else if (sum)
			snprintf(health, sizeof(health), "%s", _("health: unknown"));
		long long hours = jint(sum, "power_on_hours", -1);
		if (hours >= 0) {
			size_t u = strlen(health);
			snprintf(health + u, sizeof(health) - u, _(", %lld h powered on"), hours);
		}
		long long used = jint(sum, "percentage_used", -1);
		if (used >= 0) {
			size_t u = strlen(health);
			snprintf(health + u, sizeof(health) - u, _(", %lld %% worn"), used);
		}
		long long realloc = jint(sum, "reallocated_sectors", 0) + jint(sum, "pending_sectors", 0);
		if (realloc > 0) {
			size_t u = strlen(health);
			snprintf(health + u, sizeof(health) - u, _(", %lld bad sectors"), realloc);
		}
		const char *kind = "";
		const json_t *rot = json_object_get(d, "rotational");
		if (json_is_boolean(rot))
			kind = json_is_true(rot) ? _("HDD") : _("SSD");
		if (jstr(d, "transport") && !strcmp(jstr(d, "transport"), "nvme"))
			kind = "NVMe";
		if (json_is_true(json_object_get(d, "optical")))
			kind = _("optical drive");
		const char *model = jstr(d, "model");
		line(i == 0 ? _("Disks:") : "", "%s  %s  %s%s%s%s%s", jstr(d, "path") ? jstr(d, "path") : "?", size,
		     model ? model : "", model && *kind ? " " : "", kind, *health ? " — " : "", health);
	}
}

static void print_battery(const json_t *doc)
{
	size_t i;
	const json_t *b;
	json_array_foreach(json_object_get(doc, "battery"), i, b) {
		char wear[64];
		long long pm = jint(b, "wear_permille", -1);
		if (pm >= 0) {
			char pc[32];
			permille(pc, sizeof(pc), pm);
			snprintf(wear, sizeof(wear), _("wear %s"), pc);
		} else {
			snprintf(wear, sizeof(wear), "%s", _("wear unknown"));
		}
		long long cycles = jint(b, "cycle_count", -1);
		char cyc[64] = "";
		if (cycles > 0)
			snprintf(cyc, sizeof(cyc), _(", %lld cycles"), cycles);
		line(i == 0 ? _("Battery:") : "", "%s %s — %s%s", jstr(b, "name") ? jstr(b, "name") : "",
		     jstr(b, "model") ? jstr(b, "model") : "", wear, cyc);
	}
}

static void print_displays(const json_t *doc)
{
	size_t i;
	const json_t *d;
	json_array_foreach(json_object_get(doc, "displays"), i, d) {
		char buf[160] = "";
		long long diag = jint(d, "diagonal_tenth_inch", -1);
		long long w = jint(d, "preferred_width", -1), h = jint(d, "preferred_height", -1);
		size_t u = 0;
		if (diag > 0)
			u += (size_t)snprintf(buf, sizeof(buf), _("%lld.%lld in"), diag / 10, diag % 10);
		if (w > 0 && h > 0 && u < sizeof(buf))
			u += (size_t)snprintf(buf + u, sizeof(buf) - u, "%s%lld×%lld", u ? "  " : "", w, h);
		if (jstr(d, "name") && u < sizeof(buf))
			snprintf(buf + u, sizeof(buf) - u, "%s%s", u ? "  " : "", jstr(d, "name"));
		line(i == 0 ? _("Screen:") : "", "%s", *buf ? buf : _("unknown size"));
	}
}

static void print_gpu_network(const json_t *doc)
{
	size_t i;
	const json_t *g;
	json_array_foreach(json_object_get(doc, "gpu"), i, g)
		line(i == 0 ? _("Graphics:") : "", "%s %s", jstr(g, "vendor") ? jstr(g, "vendor") : "",
		     jstr(g, "device") ? jstr(g, "device") : "");
	json_array_foreach(json_object_get(doc, "network"), i, g) {
		const char *kind = jstr(g, "kind");
		const char *k = kind && !strcmp(kind, "wired") ? _("wired") :
				kind && !strcmp(kind, "wireless") ? _("wireless") : _("other");
		line(i == 0 ? _("Network:") : "", "%s  %s  %s", jstr(g, "name"), k, jstr(g, "mac") ? jstr(g, "mac") : "");
	}
}

static void print_notes(const json_t *doc, const json_t *local)
{
	const json_t *notes = json_object_get(doc, "notes");
	if (json_array_size(notes) == 0)
		return;
	printf("\n%s\n", _("Notes:"));
	size_t i;
	const json_t *n;
	json_array_foreach(notes, i, n) {
		long long e = jint(n, "errno", 0);
		const char *why = "";
		if (e == 13 || e == 1) /* EACCES, EPERM */
			why = _(" [permission]");
		const char *msg = json_string_value(json_array_get(local, i));
		if (!msg || json_array_size(local) != json_array_size(notes))
			msg = jstr(n, "message") ? jstr(n, "message") : "";
		printf("  - %s%s\n", msg, why);
	}
}

void inv_print_human(const json_t *doc, const json_t *local_notes)
{
	print_system(doc);
	print_cpu(doc);
	print_memory(doc);
	print_disks(doc);
	print_battery(doc);
	print_displays(doc);
	print_gpu_network(doc);
	print_notes(doc, local_notes);
}
