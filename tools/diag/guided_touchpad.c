/*
 * guided_touchpad.c — the touchpad and mouse test: the pointer is moved
 * onto five targets (the four corners and the centre), then a left click,
 * a right click and, when the device reports it, a scroll (two fingers on
 * a touchpad, the wheel of a mouse).  Everything is read from evdev: a
 * touchpad's absolute finger position covers its surface (a dead zone
 * shows as a target never reached), a mouse's relative motion moves a
 * pointer across the same 0..10000 square, a tablet's absolute position
 * is the pointer.  On a clickpad (one button under the pad,
 * INPUT_PROP_BUTTONPAD) a right click is the button pressed with the
 * finger in the bottom-right area, as desktops interpret it.  Then the
 * person says whether the pointer moved smoothly.
 *
 * One part per touchpad (the machine's own), and per mouse or tablet that
 * moved (a desktop's mouse; a workshop mouse left alone is not judged).
 * Metrics: touchpad.targets (of 5), touchpad.left, touchpad.right,
 * touchpad.scroll (when the device can), touchpad.jumps (the person saw
 * the pointer jump), touchpad.not_tried (steps the person did not try).
 */
#include "guided.h"

#include <linux/input-event-codes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/json.h"

#define SPAN 10000
#define ZONE 900          /* a target is reached within this of its centre */
#define MOUSE_GAIN 8      /* a mouse count moves the pointer this much */

void gd_pointer_target(unsigned t, int32_t *x, int32_t *y)
{
	static const int32_t c[GD_TARGETS][2] = { { 600, 600 }, { SPAN - 600, 600 }, { 600, SPAN - 600 },
						  { SPAN - 600, SPAN - 600 }, { SPAN / 2, SPAN / 2 } };
	*x = c[t % GD_TARGETS][0];
	*y = c[t % GD_TARGETS][1];
}

void gd_pointer_init(struct gd_pointer *p, const struct gd_dev *d)
{
	memset(p, 0, sizeof(*p));
	p->kind = d->kind;
	p->min_x = d->min_x;
	p->max_x = d->max_x > d->min_x ? d->max_x : d->min_x + 1;
	p->min_y = d->min_y;
	p->max_y = d->max_y > d->min_y ? d->max_y : d->min_y + 1;
	p->buttonpad = d->buttonpad;
	p->can_scroll = d->kind == GD_DEV_TOUCHPAD ? d->two_finger : d->has_wheel;
	p->x = p->y = SPAN / 2;
	p->fingers = 0;
}

static int32_t scale(int32_t v, int32_t lo, int32_t hi)
{
	int64_t s = ((int64_t)v - lo) * SPAN / (hi - lo);
	return s < 0 ? 0 : s > SPAN ? SPAN : (int32_t)s;
}

int gd_pointer_event(struct gd_pointer *p, const struct gd_event *e)
{
	int news = 0;
	switch (e->type) {
	case EV_ABS:
		if (e->code == ABS_X) {
			p->abs_x = scale(e->value, p->min_x, p->max_x);
			p->x = p->abs_x;
		} else if (e->code == ABS_Y) {
			p->abs_y = scale(e->value, p->min_y, p->max_y);
			p->y = p->abs_y;
		}
		if (p->fingers >= 2 && p->can_scroll && !p->scroll) {
			int32_t dy = p->abs_y - p->scroll_y0;
			if (dy > SPAN / 10 || dy < -SPAN / 10)
				p->scroll = news = 1;
		}
		break;
	case EV_REL: {
		int64_t v;
		if (e->code == REL_X) {
			v = (int64_t)p->x + (int64_t)e->value * MOUSE_GAIN;
			p->x = v < 0 ? 0 : v > SPAN ? SPAN : (int32_t)v;
		} else if (e->code == REL_Y) {
			v = (int64_t)p->y + (int64_t)e->value * MOUSE_GAIN;
			p->y = v < 0 ? 0 : v > SPAN ? SPAN : (int32_t)v;
		} else if ((e->code == REL_WHEEL || e->code == REL_WHEEL_HI_RES) && e->value && p->can_scroll &&
			   !p->scroll) {
			p->scroll = news = 1;
		}
		break;
	}
	case EV_KEY:
		if (e->code == BTN_TOUCH)
			p->touching = e->value != 0;
		else if (e->code == BTN_TOOL_DOUBLETAP || e->code == BTN_TOOL_TRIPLETAP) {
			p->fingers = e->value ? 2 : 1;
			p->scroll_y0 = p->abs_y;
		} else if (e->code == BTN_LEFT && e->value == 1) {
			/* a clickpad's bottom-right area is its right button */
			int right = p->buttonpad && p->abs_x > SPAN / 2 && p->abs_y > SPAN * 4 / 5;
			int *seen = right ? &p->right : &p->left;
			news = !*seen;
			*seen = 1;
		} else if (e->code == BTN_RIGHT && e->value == 1) {
			news = !p->right;
			p->right = 1;
		}
		break;
	case EV_SYN:
		for (unsigned t = 0; t < GD_TARGETS; t++) {
			int32_t tx, ty;
			gd_pointer_target(t, &tx, &ty);
			if (!p->reached[t] && abs(p->x - tx) <= ZONE && abs(p->y - ty) <= ZONE)
				p->reached[t] = news = 1;
		}
		break;
	}
	return news;
}

int gd_pointer_left_to_do(const struct gd_pointer *p)
{
	int n = !p->left + !p->right + (p->can_scroll && !p->scroll);
	for (unsigned t = 0; t < GD_TARGETS; t++)
		n += !p->reached[t];
	return n;
}

static int targets(const struct gd_pointer *p)
{
	int n = 0;
	for (unsigned t = 0; t < GD_TARGETS; t++)
		n += p->reached[t];
	return n;
}

/* ---- the screen ----------------------------------------------------------------- */

#define BOX_TOP 2
#define BOX_ROWS 15

static void draw(struct gd_ctx *g, const struct gd_pointer *p, const char *dev)
{
	struct gd_ui *u = g->ui;
	int cols = gd_ui_cols(u);
	gd_ui_clear(u);
	gd_ui_frame(u, diag_title("touchpad", 1), _(" Esc: end the test "));
	char line[200];
	snprintf(line, sizeof(line), "%s", dev);
	gd_ui_text(u, 1, 1, GD_DIM, line);
	for (int r = 0; r < BOX_ROWS; r++) {
		gd_ui_text(u, BOX_TOP + r, 0, GD_NORMAL, "|");
		gd_ui_text(u, BOX_TOP + r, cols - 1, GD_NORMAL, "|");
	}
	for (unsigned t = 0; t < GD_TARGETS; t++) {
		int32_t tx, ty;
		gd_pointer_target(t, &tx, &ty);
		int r = BOX_TOP + (int)((int64_t)ty * (BOX_ROWS - 1) / SPAN);
		int c = 1 + (int)((int64_t)tx * (cols - 5) / SPAN);
		gd_ui_text(u, r, c, p->reached[t] ? GD_GOOD | GD_REVERSE : GD_BOLD, p->reached[t] ? "[OK]" : "[  ]");
	}
	int pr = BOX_TOP + (int)((int64_t)p->y * (BOX_ROWS - 1) / SPAN);
	int pc = 1 + (int)((int64_t)p->x * (cols - 3) / SPAN);
	gd_ui_text(u, pr, pc, GD_BOLD | GD_REVERSE, "+");
	int row = BOX_TOP + BOX_ROWS + 1;
	snprintf(line, sizeof(line), _("Targets reached: %d of 5"), targets(p));
	gd_ui_text(u, row++, 1, GD_BOLD, line);
	snprintf(line, sizeof(line), "%s %s    %s %s", _("Left click:"), p->left ? _("done") : _("to do"), _("Right click:"),
		 p->right ? _("done") : _("to do"));
	gd_ui_text(u, row++, 1, GD_NORMAL, line);
	if (p->can_scroll) {
		snprintf(line, sizeof(line), "%s %s", p->kind == GD_DEV_TOUCHPAD ? _("Scroll with two fingers:") : _("Turn the wheel:"),
			 p->scroll ? _("done") : _("to do"));
		gd_ui_text(u, row++, 1, GD_NORMAL, line);
	}
	gd_ui_refresh(u);
}

static const char *dev_id(int kind)
{
	return kind == GD_DEV_TOUCHPAD ? "touchpad" : kind == GD_DEV_MOUSE ? "mouse" : "tablet";
}

void gd_touchpad_test(struct gd_ctx *g, const struct diag_part_desc *d)
{
	(void)d;
	struct gd_input in;
	int n = gd_input_open(&in, GD_DEV_POINTER, 0, g->script, "touchpad");
	if (n <= 0) {
		struct diag_part *p = gd_part(g, "touchpad", "touchpad");
		if (p)
			diag_fn_skip(p, n < 0 ? "could_not_run" : "touchpad.none", NULL, n < 0 ? -n : 0);
		gd_input_close(&in);
		return;
	}
	struct gd_pointer ptr[GD_MAX_DEVS];
	int used[GD_MAX_DEVS] = { 0 };
	for (size_t i = 0; i < in.n; i++)
		gd_pointer_init(&ptr[i], &in.dev[i]);
	size_t cur = 0;
	for (size_t i = 0; i < in.n; i++)
		if (in.dev[i].kind == GD_DEV_TOUCHPAD) {
			cur = i;
			break;
		}
	gd_mark(g, "touchpad", "ready", "");
	int ended = 0; /* 1 all done, 2 the person ended it */
	int choice = -1;
	draw(g, &ptr[cur], in.dev[cur].name);
	while (!ended) {
		struct gd_event e;
		int rc = gd_input_next(&in, 50, &e);
		if (rc > 0 && (size_t)e.dev < in.n) {
			used[e.dev] = 1;
			int news = gd_pointer_event(&ptr[e.dev], &e);
			if (e.type == EV_SYN || news) {
				cur = (size_t)e.dev;
				draw(g, &ptr[cur], in.dev[cur].name);
			}
			if (news)
				gd_mark(g, "touchpad", "step", "");
		}
		/* done when the device in use and every touchpad are done */
		int all = !gd_pointer_left_to_do(&ptr[cur]);
		for (size_t i = 0; i < in.n; i++)
			if (in.dev[i].kind == GD_DEV_TOUCHPAD && gd_pointer_left_to_do(&ptr[i]))
				all = 0;
		if (all)
			ended = 1;
		int k = gd_ui_key(g->ui, 0);
		if (k == GD_KEY_ESC) {
			static const char *const ends[] = {
				N_("End: the steps not done do not work"),
				N_("End: the steps not done were not tried"),
				N_("Stop the test (skip it)"),
			};
			choice = gd_choose(g, diag_title("touchpad", 1), _("Some steps are not done."), ends, 3, NULL, NULL);
			if (choice >= 0)
				ended = 2;
			else
				draw(g, &ptr[cur], in.dev[cur].name);
		}
	}
	size_t ndev = in.n;
	char names[GD_MAX_DEVS][96];
	for (size_t i = 0; i < ndev; i++)
		snprintf(names[i], sizeof(names[i]), "%s", in.dev[i].name);
	gd_input_close(&in);
	if (choice == 2) {
		struct diag_part *p = gd_part(g, "touchpad", "touchpad");
		const char *why = gd_stop_reason(g, diag_title("touchpad", 1));
		if (p)
			diag_part_state(p, why ? why : "guided.skip_time", NULL);
		return;
	}
	int jumps = -1;
	gd_mark(g, "touchpad", "smooth?", "");
	jumps = gd_ask(g, diag_title("touchpad", 1), _("Did the pointer move smoothly, without jumping or sticking?"),
		       NULL, NULL);
	int seen[16] = { 0 };
	for (size_t i = 0; i < ndev; i++) {
		if (ptr[i].kind != GD_DEV_TOUCHPAD && !used[i] && i != cur)
			continue;
		char id[32];
		int nth = seen[ptr[i].kind & 15]++;
		if (nth)
			snprintf(id, sizeof(id), "%s%d", dev_id(ptr[i].kind), nth + 1);
		else
			snprintf(id, sizeof(id), "%s", dev_id(ptr[i].kind));
		struct diag_part *p = gd_part(g, "touchpad", id);
		if (!p)
			break;
		reco_json_set_str(p->details, "device", names[i]);
		reco_json_set_str(p->details, "kind", dev_id(ptr[i].kind));
		json_object_set_new(p->details, "clickpad", json_boolean(ptr[i].buttonpad));
		json_object_set_new(p->details, "targets_reached", json_integer(targets(&ptr[i])));
		int not_tried = choice == 1 ? gd_pointer_left_to_do(&ptr[i]) : 0;
		diag_metric_set(p, "touchpad.targets", targets(&ptr[i]));
		if (!not_tried || ptr[i].left)
			diag_metric_set(p, "touchpad.left", ptr[i].left);
		if (!not_tried || ptr[i].right)
			diag_metric_set(p, "touchpad.right", ptr[i].right);
		if (ptr[i].can_scroll && (!not_tried || ptr[i].scroll))
			diag_metric_set(p, "touchpad.scroll", ptr[i].scroll);
		if (not_tried && targets(&ptr[i]) < GD_TARGETS)
			diag_metric_set(p, "touchpad.targets", GD_TARGETS); /* not tried is not failed */
		if (jumps >= 0)
			diag_metric_set(p, "touchpad.jumps", !jumps);
		else
			not_tried++; /* the question left unanswered */
		if (not_tried)
			diag_metric_set(p, "touchpad.not_tried", not_tried);
	}
}
