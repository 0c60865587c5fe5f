/*
 * hardware.c — a machine's hardware in a few lines, read from a signed
 * report (its inventory and diag sections, reports/schema): processor,
 * memory, disks with their sizes, screens, batteries, the grade and
 * whether the diagnosis was complete.  Only what the report holds: a
 * field it lacks is absent here too, never guessed (an older inventory
 * wrote cpu.model and one battery object; both forms are read).  The
 * second half puts the summary into words for the show command and the
 * device page alike.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/l10n.h"
#include "lib/words.h"
#include "registry.h"

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s && *s ? s : NULL;
}

static void copy_str(json_t *to, const char *key, const char *s)
{
	if (s)
		json_object_set_new(to, key, json_string(s));
}

static void copy_int(json_t *to, const char *key, const json_t *from, const char *fkey)
{
	const json_t *v = json_object_get(from, fkey);
	if (json_is_integer(v) && json_integer_value(v) >= 0)
		json_object_set_new(to, key, json_integer(json_integer_value(v)));
}

static json_t *cpu(const json_t *inv)
{
	const json_t *c = json_object_get(inv, "cpu");
	if (!json_is_object(c))
		return NULL;
	json_t *o = json_object();
	copy_str(o, "model", jstr(c, "model_name") ? jstr(c, "model_name") : jstr(c, "model"));
	copy_int(o, "cores", c, "cores");
	copy_int(o, "threads", c, "threads");
	copy_int(o, "max_mhz", c, "max_mhz");
	return o;
}

static const char *disk_kind(const json_t *d)
{
	const char *t = jstr(d, "transport");
	const json_t *rot = json_object_get(d, "rotational");
	if (t && !strcmp(t, "nvme"))
		return "nvme";
	if (json_is_boolean(rot))
		return json_is_true(rot) ? "hdd" : "ssd";
	return NULL;
}

/* The inventory's disks; the wiped targets when it lists none. */
static json_t *disks(const json_t *doc, const json_t *inv)
{
	json_t *arr = json_array();
	const json_t *list = json_object_get(inv, "storage");
	if (!json_array_size(list))
		list = json_object_get(json_object_get(doc, "wipe"), "targets");
	size_t i;
	const json_t *d;
	json_array_foreach(list, i, d) {
		if (!json_is_object(d) || json_is_true(json_object_get(d, "optical")))
			continue;
		json_t *o = json_object();
		copy_str(o, "path", jstr(d, "path"));
		copy_str(o, "model", jstr(d, "model"));
		copy_int(o, "size_bytes", d, "size_bytes");
		copy_str(o, "kind", disk_kind(d));
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *screens(const json_t *inv)
{
	json_t *arr = json_array();
	size_t i;
	const json_t *d;
	json_array_foreach(json_object_get(inv, "displays"), i, d) {
		json_t *o = json_object();
		copy_int(o, "diagonal_tenth_inch", d, "diagonal_tenth_inch");
		copy_int(o, "width", d, "preferred_width");
		copy_int(o, "height", d, "preferred_height");
		copy_str(o, "name", jstr(d, "name"));
		copy_str(o, "connector", jstr(d, "connector"));
		json_array_append_new(arr, o);
	}
	return arr;
}

static void battery_one(json_t *arr, const json_t *b)
{
	if (!json_is_object(b))
		return;
	json_t *o = json_object();
	copy_str(o, "name", jstr(b, "name"));
	copy_int(o, "wear_permille", b, "wear_permille");
	copy_int(o, "cycles", b, "cycle_count");
	if (!json_object_get(o, "wear_permille")) {
		/* the older form: full and design capacities */
		json_int_t full = json_integer_value(json_object_get(b, "full_mwh"));
		json_int_t design = json_integer_value(json_object_get(b, "design_mwh"));
		if (full > 0 && design > 0 && full <= design)
			json_object_set_new(o, "wear_permille", json_integer(1000 - full * 1000 / design));
	}
	json_array_append_new(arr, o);
}

static json_t *batteries(const json_t *inv)
{
	json_t *arr = json_array();
	const json_t *b = json_object_get(inv, "battery");
	size_t i;
	const json_t *x;
	if (json_is_array(b))
		json_array_foreach(b, i, x)
			battery_one(arr, x);
	else
		battery_one(arr, b);
	return arr;
}

static json_t *diag(const json_t *doc)
{
	const json_t *dg = json_object_get(doc, "diag");
	json_t *o = json_object();
	const json_t *c = json_object_get(doc, "diag_complete");
	if (!json_is_boolean(c))
		c = json_object_get(dg, "complete");
	/* unknown when the report does not say: absent, not false */
	if (json_is_boolean(c))
		json_object_set_new(o, "complete", json_boolean(json_is_true(c)));
	copy_str(o, "profile", jstr(dg, "profile"));
	json_t *nt = json_array();
	size_t i;
	const json_t *p;
	json_array_foreach(json_object_get(dg, "parts"), i, p) {
		const char *v = jstr(p, "verdict");
		if (v && !strcmp(v, "NOT_TESTED") && jstr(p, "part"))
			json_array_append_new(nt, json_string(jstr(p, "part")));
	}
	json_object_set_new(o, "not_tested", nt);
	json_object_set_new(o, "parts", json_integer((json_int_t)json_array_size(json_object_get(dg, "parts"))));
	return o;
}

json_t *reg_hardware_summary(const char *report_body)
{
	json_t *doc = report_body ? json_loads(report_body, 0, NULL) : NULL;
	if (!json_is_object(doc)) {
		json_decref(doc);
		return NULL;
	}
	const json_t *inv = json_object_get(doc, "inventory");
	json_t *o = json_object();
	json_t *c = cpu(inv);
	if (c)
		json_object_set_new(o, "cpu", c);
	const json_t *mem = json_object_get(json_object_get(inv, "memory"), "total_bytes");
	if (json_is_integer(mem) && json_integer_value(mem) > 0)
		json_object_set_new(o, "memory_bytes", json_integer(json_integer_value(mem)));
	json_object_set_new(o, "disks", disks(doc, inv));
	json_object_set_new(o, "screens", screens(inv));
	json_object_set_new(o, "batteries", batteries(inv));
	const char *grade = jstr(doc, "grade") ? jstr(doc, "grade") : jstr(json_object_get(doc, "diag"), "grade");
	copy_str(o, "grade", grade);
	json_object_set_new(o, "diag", diag(doc));
	json_decref(doc);
	return o;
}

/* ---- the summary in words, for the show command and the device page ---- */

static long long jint(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);
	return json_is_integer(v) ? (long long)json_integer_value(v) : -1;
}

/* Appends to buf (of size, used n) a printf piece, with ", " before all
 * but the first. */
__attribute__((format(printf, 4, 5)))
static void piece(char *buf, size_t size, size_t *n, const char *fmt, ...)
{
	if (*n + 1 >= size)
		return;
	if (*n) {
		int w = snprintf(buf + *n, size - *n, ", ");
		*n += (size_t)w < size - *n ? (size_t)w : size - *n - 1;
	}
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(buf + *n, size - *n, fmt, ap);
	va_end(ap);
	if (w > 0)
		*n += (size_t)w < size - *n ? (size_t)w : size - *n - 1;
}

char *reg_hw_cpu_text(const json_t *hw, char *buf, size_t size)
{
	const json_t *c = json_object_get(hw, "cpu");
	size_t n = 0;
	buf[0] = '\0';
	if (!c)
		return buf;
	const char *model = jstr(c, "model");
	long long cores = jint(c, "cores"), threads = jint(c, "threads");
	piece(buf, size, &n, "%s", model ? model : _("model unknown"));
	if (cores > 0)
		piece(buf, size, &n, ngettext("%lld core", "%lld cores", (unsigned long)cores), cores);
	if (threads > 0)
		piece(buf, size, &n, ngettext("%lld thread", "%lld threads", (unsigned long)threads), threads);
	return buf;
}

char *reg_hw_disk_text(const json_t *d, char *buf, size_t size)
{
	size_t n = 0;
	char sz[48];
	buf[0] = '\0';
	const char *kind = jstr(d, "kind");
	piece(buf, size, &n, "%s%s%s", jstr(d, "path") ? jstr(d, "path") : "?", jstr(d, "model") ? " " : "",
	      jstr(d, "model") ? jstr(d, "model") : "");
	if (jint(d, "size_bytes") > 0)
		piece(buf, size, &n, "%s", reco_fmt_size(NULL, (uint64_t)jint(d, "size_bytes"), sz, sizeof(sz)));
	if (kind)
		piece(buf, size, &n, "%s", !strcmp(kind, "hdd") ? _("hard disk") : !strcmp(kind, "ssd") ? _("SSD") : "NVMe");
	return buf;
}

char *reg_hw_screen_text(const json_t *s, char *buf, size_t size)
{
	size_t n = 0;
	char num[32];
	buf[0] = '\0';
	long long diag = jint(s, "diagonal_tenth_inch"), w = jint(s, "width"), h = jint(s, "height");
	if (diag > 0)
		/* TRANSLATORS: a screen's diagonal in inches, e.g. "14,0 pouces" */
		piece(buf, size, &n, _("%s in"), reco_fmt_decimal(NULL, diag, 1, num, sizeof(num)));
	if (w > 0 && h > 0)
		piece(buf, size, &n, "%lld×%lld", w, h);
	if (jstr(s, "name"))
		piece(buf, size, &n, "%s", jstr(s, "name"));
	if (!n)
		piece(buf, size, &n, "%s", _("size unknown"));
	return buf;
}

char *reg_hw_battery_text(const json_t *b, char *buf, size_t size)
{
	size_t n = 0;
	char pc[32];
	buf[0] = '\0';
	long long wear = jint(b, "wear_permille"), cycles = jint(b, "cycles");
	if (wear >= 0)
		piece(buf, size, &n, _("wear %s"), reco_fmt_permille(NULL, wear, pc, sizeof(pc)));
	else
		piece(buf, size, &n, "%s", _("wear unknown"));
	if (cycles >= 0)
		piece(buf, size, &n, ngettext("%lld cycle", "%lld cycles", (unsigned long)cycles), cycles);
	return buf;
}

char *reg_hw_diag_text(const json_t *hw, char *buf, size_t size)
{
	const json_t *dg = json_object_get(hw, "diag");
	const json_t *c = json_object_get(dg, "complete");
	size_t n = 0;
	buf[0] = '\0';
	if (!json_is_boolean(c))
		piece(buf, size, &n, "%s", _("the report does not say whether it is complete"));
	else if (json_is_true(c))
		piece(buf, size, &n, "%s", _("complete: every part tested"));
	else
		piece(buf, size, &n, "%s", _("incomplete"));
	size_t i;
	const json_t *p;
	char list[400] = "";
	size_t ln = 0;
	json_array_foreach(json_object_get(dg, "not_tested"), i, p)
		piece(list, sizeof(list), &ln, "%s", reco_word_part(json_string_value(p)));
	if (ln)
		piece(buf, size, &n, _("not tested: %s"), list);
	return buf;
}
