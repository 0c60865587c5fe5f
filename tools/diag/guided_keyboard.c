/*
 * guided_keyboard.c — the keyboard test: the machine's layout drawn on the
 * screen (keymap.c), every key read from evdev (evdev.c, the keyboards
 * grabbed so that no key combination reaches the console), each key lit
 * when pressed.  The test ends when every key of the drawing was pressed,
 * or when the person holds Escape or Enter for two seconds and lets it go (held
 * down, its repeats would reach the console and answer the next screen); the keys never
 * pressed are then listed and the person says, key by key or all at once,
 * whether the keyboard lacks them (absent: a laptop without Scroll Lock)
 * or they do not work (broken).  Keys left unmarked stay "not answered".
 *
 * Metrics: keyboard.keys (on the drawing), keyboard.pressed,
 * keyboard.absent, keyboard.broken, keyboard.unanswered.  Details: the
 * layout and how it was chosen, the keyboards listened to, the names of
 * the keys not pressed, absent and broken, and the keys pressed that the
 * drawing lacks (media keys of the Fn row: their evdev names).
 */
#include "guided.h"

#include <linux/input-event-codes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/sysroot.h"
#include "lib/util.h"

#define HOLD_MS 2000
#define TOP 4 /* the drawing's first row on the screen */

void gd_kbd_init(struct gd_kbd *k, const struct gd_layout *l)
{
	memset(k, 0, sizeof(*k));
	k->l = l;
}

int gd_kbd_press(struct gd_kbd *k, unsigned code)
{
	k->presses++;
	for (size_t i = 0; i < k->l->n; i++)
		if (k->l->keys[i].code == code) {
			int first = !k->pressed[i];
			k->pressed[i] = 1;
			k->mark[i] = GD_MARK_NONE;
			return first;
		}
	if (code == KEY_RESERVED || code >= BTN_MISC)
		return 0;
	for (size_t i = 0; i < k->n_extra; i++)
		if (k->extra[i] == code)
			return 0;
	if (k->n_extra < sizeof(k->extra) / sizeof(k->extra[0]))
		k->extra[k->n_extra++] = code;
	return 0;
}

size_t gd_kbd_missing(const struct gd_kbd *k)
{
	size_t n = 0;
	for (size_t i = 0; i < k->l->n; i++)
		n += !k->pressed[i];
	return n;
}

void gd_kbd_part(const struct gd_kbd *k, struct diag_part *p)
{
	json_t *np = json_array(), *ab = json_array(), *br = json_array(), *ex = json_array();
	int64_t pressed = 0;
	for (size_t i = 0; i < k->l->n; i++) {
		const struct gd_key *key = &k->l->keys[i];
		if (k->pressed[i])
			pressed++;
		else
			json_array_append_new(k->mark[i] == GD_MARK_ABSENT ? ab : k->mark[i] == GD_MARK_BROKEN ? br : np,
					      json_string(key->name));
	}
	for (size_t i = 0; i < k->n_extra; i++) {
		const char *n = gd_key_name(k->extra[i]);
		json_array_append_new(ex, n ? json_string(n) : json_sprintf("%u", k->extra[i]));
	}
	diag_metric_set(p, "keyboard.keys", (int64_t)k->l->n);
	diag_metric_set(p, "keyboard.pressed", pressed);
	diag_metric_set(p, "keyboard.absent", (int64_t)json_array_size(ab));
	diag_metric_set(p, "keyboard.broken", (int64_t)json_array_size(br));
	diag_metric_set(p, "keyboard.unanswered", (int64_t)json_array_size(np));
	json_object_set_new(p->details, "keys_not_pressed", np);
	json_object_set_new(p->details, "keys_absent", ab);
	json_object_set_new(p->details, "keys_broken", br);
	json_object_set_new(p->details, "keys_extra", ex);
	json_object_set_new(p->details, "layout",
			    json_pack("{s:s,s:s,s:b,s:b,s:s}", "keymap", k->l->keymap, "geometry", k->l->geometry,
				      "laptop", k->l->laptop, "numpad", k->l->numpad, "chosen_by",
				      k->l->why ? k->l->why : "default"));
}

/* ---- the screens ------------------------------------------------------------- */

static const char *key_label(const struct gd_key *key)
{
	return key->named ? _(key->label) : key->label;
}

static void draw(struct gd_ctx *g, const struct gd_kbd *k, const char *hint)
{
	struct gd_ui *u = g->ui;
	gd_ui_clear(u);
	gd_ui_frame(u, diag_title("keyboard", 1), _(" Hold Escape or Enter 2 seconds: end the test "));
	gd_ui_wrap(u, 1, 1, GD_NORMAL, _("Press each key once. Keys already pressed are lit."));
	for (size_t i = 0; i < k->l->n; i++) {
		const struct gd_key *key = &k->l->keys[i];
		char cell[64];
		int w = key->width - 1;
		snprintf(cell, sizeof(cell), "%-*.*s", w, w, "");
		int attr = k->pressed[i] ? GD_GOOD | GD_REVERSE : GD_NORMAL;
		for (int r = 0; r < key->height; r++) {
			/* the ISO Enter's lower half is one column narrower */
			int c = key->col + (r && key->code == KEY_ENTER ? 1 : 0);
			gd_ui_text(u, TOP + key->row + r, c, attr, r && key->code == KEY_ENTER ? cell + 1 : cell);
		}
		gd_ui_textw(u, TOP + key->row, key->col, w, attr | (k->pressed[i] ? 0 : GD_BOLD), key_label(key));
	}
	char line[160];
	size_t miss = gd_kbd_missing(k);
	snprintf(line, sizeof(line), _("Keys pressed: %zu of %zu"), k->l->n - miss, k->l->n);
	gd_ui_text(u, TOP + 13, 1, GD_BOLD, line);
	if (hint)
		gd_ui_text(u, TOP + 14, 1, GD_NORMAL, hint);
	gd_ui_refresh(u);
}

/* The keys not pressed, to mark absent or broken.  Returns 1 to go back to
 * the keys, 0 when done, -1 when the person stopped the test (p's state
 * set). */
static int mark_missing(struct gd_ctx *g, struct gd_kbd *k, struct diag_part *p)
{
	size_t idx[GD_MAX_KEYS], n = 0, cur = 0;
	for (size_t i = 0; i < k->l->n; i++)
		if (!k->pressed[i])
			idx[n++] = i;
	json_t *codes = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(codes, json_integer(k->l->keys[idx[i]].code));
	char *list = json_dumps(codes, JSON_COMPACT);
	char *extra = reco_asprintf("\"keys\":%s", list ? list : "[]");
	gd_mark(g, "keyboard", "missing", extra);
	free(extra);
	free(list);
	json_decref(codes);
	struct gd_ui *u = g->ui;
	for (;;) {
		gd_ui_clear(u);
		gd_ui_frame(u, diag_title("keyboard", 1),
			    _(" Space: change  A: all absent  B: all broken  R: press again  Enter: done "));
		int row = gd_ui_wrap(u, 1, 1, GD_NORMAL,
				     _("These keys were not pressed. Say for each whether this keyboard has no such key "
				       "(absent) or it does not work (broken)."));
		int rows = gd_ui_rows(u) - row - 2, first = cur >= (size_t)rows ? (int)cur - rows + 1 : 0;
		for (int i = 0; i < rows && first + i < (int)n; i++) {
			size_t j = idx[first + i];
			const char *m = k->mark[j] == GD_MARK_ABSENT ? _("absent from this keyboard")
					: k->mark[j] == GD_MARK_BROKEN ? _("does not work")
								       : _("not pressed");
			char line[200];
			snprintf(line, sizeof(line), "%s %-16s %s", (size_t)(first + i) == cur ? ">" : " ",
				 k->l->keys[j].named ? _(k->l->keys[j].name) : k->l->keys[j].name, m);
			gd_ui_text(u, row + 1 + i, 2, (size_t)(first + i) == cur ? GD_REVERSE : 
				   k->mark[j] == GD_MARK_BROKEN ? GD_BAD : GD_NORMAL, line);
		}
		gd_ui_refresh(u);
		int key = gd_ui_key(u, -1);
		if (key == GD_KEY_UP && cur > 0)
			cur--;
		else if (key == GD_KEY_DOWN && cur + 1 < n)
			cur++;
		else if (key == GD_KEY_SPACE)
			k->mark[idx[cur]] = (uint8_t)((k->mark[idx[cur]] + 1) % 3);
		else if (key == 'a' || key == 'A' || key == 'b' || key == 'B') {
			for (size_t i = 0; i < n; i++)
				if (k->mark[idx[i]] == GD_MARK_NONE)
					k->mark[idx[i]] = key == 'a' || key == 'A' ? GD_MARK_ABSENT : GD_MARK_BROKEN;
		} else if (key == 'r' || key == 'R')
			return 1;
		else if (key == GD_KEY_ENTER)
			return 0;
		else if (key == GD_KEY_ESC && gd_stop(g, diag_title("keyboard", 1), p))
			return -1;
	}
}

/* Presses until every key is lit or Escape/Enter is held; 0, or -errno
 * from the devices. */
static int press_keys(struct gd_ctx *g, struct gd_kbd *k, struct gd_input *in)
{
	uint64_t held_since = 0, all_at = 0;
	unsigned held_code = 0;
	int ending = 0;
	draw(g, k, NULL);
	for (;;) {
		struct gd_event e;
		int rc = gd_input_next(in, 100, &e);
		if (rc < 0)
			return rc;
		uint64_t now = reco_now_ns() / 1000000;
		if (rc > 0 && e.type == EV_KEY) {
			if (e.value == 1) {
				if (gd_kbd_press(k, e.code))
					draw(g, k, NULL);
				if (e.code == KEY_ESC || e.code == KEY_ENTER || e.code == KEY_KPENTER) {
					held_code = e.code;
					held_since = now;
				}
			} else if (e.value == 0 && e.code == held_code) {
				if (ending)
					return 0;
				held_code = 0;
			}
		}
		/* held long enough: the end, once the key is up (still down, its
		 * repeats would reach the console once the keyboard is let go, and
		 * answer the next screen) */
		if (held_code && !ending && now - held_since >= HOLD_MS) {
			ending = 1;
			draw(g, k, _("Release the key."));
		}
		if (ending && now - held_since >= 10 * HOLD_MS)
			return 0;
		if (!gd_kbd_missing(k)) {
			/* every key: the last one shown lit a moment */
			if (!all_at)
				all_at = now;
			else if (now - all_at >= 500)
				return 0;
		}
	}
}

static void read_dmi(const char *name, char *out, size_t size)
{
	char p[64];
	snprintf(p, sizeof(p), "/sys/class/dmi/id/%s", name);
	if (reco_read_str("", p, out, size) != 0)
		out[0] = '\0';
}

void gd_keyboard_test(struct gd_ctx *g, const struct diag_part_desc *d)
{
	(void)d;
	static struct gd_layout l;
	char vendor[64], product[96], version[96];
	read_dmi("sys_vendor", vendor, sizeof(vendor));
	read_dmi("product_name", product, sizeof(product));
	read_dmi("product_version", version, sizeof(version));
	int numpad = gd_model_numpad(vendor, product, version);
	gd_layout_build(&l, g->keymap, g->laptop, numpad);
	if (numpad >= 0)
		l.why = "keymap+dmi";
	struct diag_part *p = gd_part(g, "keyboard", "keyboard");
	if (!p)
		return;
	struct gd_input in;
	int n = gd_input_open(&in, GD_DEV_KEYBOARD, 1, g->script, "keyboard");
	if (n <= 0) {
		diag_fn_skip(p, n < 0 ? "could_not_run" : geteuid() ? "no_permission" : "keyboard.none", NULL, n < 0 ? -n : 0);
		gd_input_close(&in);
		return;
	}
	unsigned codes[GD_MAX_KEYS];
	for (size_t i = 0; i < l.n; i++)
		codes[i] = l.keys[i].code;
	in.layout = codes;
	in.n_layout = l.n;
	json_t *devs = json_array();
	for (size_t i = 0; i < in.n; i++)
		json_array_append_new(devs, json_string(in.dev[i].name));
	json_object_set_new(p->details, "devices", devs);
	struct gd_kbd k;
	gd_kbd_init(&k, &l);
	json_t *all = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(all, json_integer(l.keys[i].code));
	char *list = json_dumps(all, JSON_COMPACT);
	char *extra = reco_asprintf("\"keymap\":\"%s\",\"keys\":%s", l.keymap, list ? list : "[]");
	json_decref(all);
	free(list);
	for (;;) {
		gd_mark(g, "keyboard", "ready", extra);
		int rc = press_keys(g, &k, &in);
		if (rc < 0) {
			diag_fn_skip(p, "could_not_run", NULL, -rc);
			break;
		}
		/* the keys back to the console before the person answers there */
		gd_input_close(&in);
		gd_ui_flush(g->ui);
		int again = gd_kbd_missing(&k) ? mark_missing(g, &k, p) : 0;
		if (again != 1)
			break;
		if (gd_input_open(&in, GD_DEV_KEYBOARD, 1, g->script, "keyboard-again") <= 0 && !g->script) {
			diag_fn_skip(p, "could_not_run", NULL, 0);
			break;
		}
		in.layout = codes;
		in.n_layout = l.n;
	}
	gd_input_close(&in);
	free(extra);
	gd_kbd_part(&k, p);
}
