/*
 * test_diag_guided.c — the pure pieces of reco diag's guided tests
 * (tools/diag/guided.h): the keyboard layouts and how one is chosen, the
 * key set and its part, the pointer's targets, clicks and scrolling, the
 * screen's pictures and the camera frames converted for the preview; and
 * every verdict path of every guided part (the rows of rules.c), the
 * states of a skipped test, a guided kind left out of a run, the list of
 * keys rendered in the reason, and a session's guided parts kept when the
 * automatic parts run again (merge.c).  The devices themselves (evdev,
 * KMS, ALSA, V4L2, USB) are tested in the VM (tests/vm/scenarios/22, 23).
 *
 * Run from the top of the tree (make unit does); $RECO_TOP overrides;
 * $RECO_LOCALEDIR names the French catalogue's tree (make unit sets it).
 */
#include <errno.h>
#include <limits.h>
#include <locale.h>
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
#include <linux/input-event-codes.h>
#include <linux/videodev2.h>

#include "diag/guided.h"
#include "diag_fn_tree.h"
#include "lib/i18n.h"

static void unlink_rel(const char *rel)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/%s", troot, rel);
	unlink(path);
}

/* ---- keyboard layouts ---------------------------------------------------------- */

static const char *label_of(const struct gd_layout *l, unsigned code)
{
	const struct gd_key *k = gd_layout_key(l, code);
	return k ? k->label : NULL;
}

static void test_layouts(void **state)
{
	(void)state;
	static struct gd_layout l;
	/* French AZERTY on a desktop: ISO, 105 keys, a keypad */
	assert_int_equal(gd_layout_build(&l, "fr", 0, -1), 0);
	assert_string_equal(l.geometry, "iso");
	assert_int_equal(l.n, 105);
	assert_true(l.numpad);
	assert_string_equal(label_of(&l, KEY_Q), "A"); /* evdev codes are positions */
	assert_string_equal(label_of(&l, KEY_A), "Q");
	assert_string_equal(label_of(&l, KEY_SEMICOLON), "M");
	assert_string_equal(label_of(&l, KEY_102ND), "<");
	assert_non_null(gd_layout_key(&l, KEY_KP5));
	assert_non_null(gd_layout_key(&l, KEY_PAUSE));
	/* a laptop: no keypad, no Scroll Lock, Pause, right Windows key */
	assert_int_equal(gd_layout_build(&l, "fr-latin9", 1, -1), 0);
	assert_string_equal(l.keymap, "fr");
	assert_false(l.numpad);
	assert_null(gd_layout_key(&l, KEY_KP5));
	assert_null(gd_layout_key(&l, KEY_PAUSE));
	assert_null(gd_layout_key(&l, KEY_RIGHTMETA));
	assert_non_null(gd_layout_key(&l, KEY_DELETE));
	assert_int_equal(l.n, 85);
	/* ... one a model table knows with a keypad */
	assert_int_equal(gd_layout_build(&l, "fr", 1, 1), 0);
	assert_non_null(gd_layout_key(&l, KEY_KPENTER));
	/* US: ANSI, no key left of Z, the backslash above Enter */
	assert_int_equal(gd_layout_build(&l, "us", 0, -1), 0);
	assert_string_equal(l.geometry, "ansi");
	assert_int_equal(l.n, 104);
	assert_null(gd_layout_key(&l, KEY_102ND));
	assert_string_equal(label_of(&l, KEY_Q), "Q");
	assert_int_equal(gd_layout_key(&l, KEY_BACKSLASH)->row, 2);
	/* German QWERTZ; Belgian AZERTY */
	assert_int_equal(gd_layout_build(&l, "de", 0, -1), 0);
	assert_string_equal(label_of(&l, KEY_Y), "Z");
	assert_string_equal(label_of(&l, KEY_SEMICOLON), "Ö");
	assert_int_equal(gd_layout_build(&l, "be", 0, -1), 0);
	assert_string_equal(label_of(&l, KEY_BACKSLASH), "µ");
	/* an unknown keymap: AZERTY, and it is said */
	assert_int_equal(gd_layout_build(&l, "xx", 0, -1), -ENOENT);
	assert_string_equal(l.keymap, "fr");
	assert_string_equal(l.why, "default");
	assert_int_equal(gd_layout_build(&l, "", 0, -1), 0);
	assert_string_equal(l.why, "default");
	/* every key fits the 80 columns and does not overlap another */
	const char *maps[] = { "fr", "us", "de", "gb", "be" };
	for (size_t m = 0; m < 5; m++)
		for (int laptop = 0; laptop < 2; laptop++) {
			assert_true(gd_layout_build(&l, maps[m], laptop, -1) == 0);
			static char grid[16][80];
			memset(grid, 0, sizeof(grid));
			for (size_t i = 0; i < l.n; i++) {
				const struct gd_key *k = &l.keys[i];
				assert_true(k->col + k->width <= 80);
				for (int r = 0; r < k->height; r++)
					for (int c = k->col + (r && k->code == KEY_ENTER); c < k->col + k->width - 1; c++) {
						if (grid[k->row + r][c])
							fail_msg("%s%s: key %u overlaps at row %d col %d", maps[m],
								 laptop ? " laptop" : "", k->code, k->row + r, c);
						grid[k->row + r][c] = 1;
					}
			}
		}
}

static void test_keymap_source(void **state)
{
	(void)state;
	char km[16];
	put("etc/default/keyboard", "# KEYBOARD CONFIGURATION FILE\nXKBMODEL=\"pc105\"\nXKBLAYOUT=\"be,us\"\nXKBVARIANT=\"\"\n");
	gd_keymap_system(troot, km, sizeof(km));
	assert_string_equal(km, "be");
	unlink_rel("etc/default/keyboard");
	put("etc/vconsole.conf", "KEYMAP=de-latin1\n");
	gd_keymap_system(troot, km, sizeof(km));
	assert_string_equal(km, "de-latin1");
	unlink_rel("etc/vconsole.conf");
	gd_keymap_system(troot, km, sizeof(km));
	assert_string_equal(km, "");
	/* the model table: a 15-inch ThinkPad with a keypad, a 14-inch without */
	assert_int_equal(gd_model_numpad("LENOVO", "20KN001QFR", "ThinkPad E590"), 1);
	assert_int_equal(gd_model_numpad("LENOVO", "20L50000FR", "ThinkPad T480"), 0);
	assert_int_equal(gd_model_numpad("HP", "HP ProBook 450 G5", ""), 1);
	assert_int_equal(gd_model_numpad("QEMU", "Standard PC", "pc"), -1);
	assert_int_equal(gd_model_numpad(NULL, NULL, NULL), -1);
}

/* ---- the key set --------------------------------------------------------------- */

static void test_keys(void **state)
{
	(void)state;
	static struct gd_layout l;
	gd_layout_build(&l, "fr", 1, -1);
	struct gd_kbd k;
	gd_kbd_init(&k, &l);
	assert_int_equal(gd_kbd_missing(&k), l.n);
	for (size_t i = 0; i < l.n; i++)
		if (l.keys[i].code != KEY_Q && l.keys[i].code != KEY_ESC && l.keys[i].code != KEY_INSERT)
			assert_int_equal(gd_kbd_press(&k, l.keys[i].code), 1);
	assert_int_equal(gd_kbd_press(&k, KEY_W), 0); /* again: nothing new */
	assert_int_equal(gd_kbd_press(&k, KEY_BRIGHTNESSUP), 0); /* not on the drawing */
	assert_int_equal(gd_kbd_missing(&k), 3);
	/* the keys not pressed: one broken, one absent, one not answered */
	for (size_t i = 0; i < l.n; i++) {
		if (l.keys[i].code == KEY_Q)
			k.mark[i] = GD_MARK_BROKEN;
		if (l.keys[i].code == KEY_INSERT)
			k.mark[i] = GD_MARK_ABSENT;
	}
	struct diag_part p;
	diag_part_init(&p, "keyboard", "keyboard");
	gd_kbd_part(&k, &p);
	diag_part_judge(&p);
	assert_int_equal(p.verdict, DIAG_FAIL);
	assert_string_equal(p.rule->code, "keyboard.broken");
	json_t *j = diag_part_json(&p);
	char *reason = diag_json_reason(j, 0);
	/* the broken key is named as printed on it: AZERTY's A is evdev's Q */
	assert_string_equal(reason, "Keys of the keyboard that do not work (1): A.");
	free(reason);
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "keys_not_pressed"), 0)), "Escape");
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "keys_absent"), 0)), "Insert");
	assert_string_equal(json_string_value(json_array_get(json_object_get(j, "keys_extra"), 0)), "KEY_BRIGHTNESSUP");
	json_decref(j);
	diag_part_release(&p);
	/* the rest marked absent: nothing broken, nothing unanswered: PASS */
	for (size_t i = 0; i < l.n; i++)
		if (!k.pressed[i])
			k.mark[i] = GD_MARK_ABSENT;
	diag_part_init(&p, "keyboard", "keyboard");
	gd_kbd_part(&k, &p);
	diag_part_judge(&p);
	assert_int_equal(p.verdict, DIAG_PASS);
	diag_part_release(&p);
	/* pressing a key marked before clears its mark */
	gd_kbd_press(&k, KEY_Q);
	assert_int_equal(gd_kbd_missing(&k), 2);
}

/* ---- the pointer ------------------------------------------------------------------ */

static void feed(struct gd_pointer *p, uint16_t type, uint16_t code, int32_t value, int *news)
{
	struct gd_event e = { 0, type, code, value };
	*news += gd_pointer_event(p, &e);
}

static void abs_at(struct gd_pointer *p, int32_t x, int32_t y, int *news)
{
	feed(p, EV_ABS, ABS_X, x, news);
	feed(p, EV_ABS, ABS_Y, y, news);
	feed(p, EV_SYN, SYN_REPORT, 0, news);
}

static void test_pointer(void **state)
{
	(void)state;
	/* a clickpad 0..1000 × 0..500, two fingers */
	struct gd_dev pad = { .kind = GD_DEV_TOUCHPAD, .max_x = 1000, .max_y = 500, .buttonpad = 1, .two_finger = 1 };
	struct gd_pointer p;
	gd_pointer_init(&p, &pad);
	int news = 0;
	assert_int_equal(gd_pointer_left_to_do(&p), 8); /* 5 targets, 2 clicks, scroll */
	abs_at(&p, 40, 20, &news);        /* top left */
	abs_at(&p, 960, 20, &news);       /* top right */
	abs_at(&p, 40, 480, &news);       /* bottom left */
	abs_at(&p, 400, 300, &news);      /* nowhere */
	assert_int_equal(news, 3);
	abs_at(&p, 500, 250, &news);      /* the centre */
	abs_at(&p, 960, 480, &news);      /* bottom right */
	assert_int_equal(gd_pointer_left_to_do(&p), 3);
	/* the button pressed at the bottom right of a clickpad: a right click */
	feed(&p, EV_KEY, BTN_LEFT, 1, &news);
	assert_int_equal(p.right, 1);
	assert_int_equal(p.left, 0);
	feed(&p, EV_KEY, BTN_LEFT, 0, &news);
	abs_at(&p, 200, 200, &news);
	feed(&p, EV_KEY, BTN_LEFT, 1, &news);
	assert_int_equal(p.left, 1);
	/* two fingers moving down a fifth of the pad: a scroll */
	feed(&p, EV_KEY, BTN_TOOL_DOUBLETAP, 1, &news);
	assert_int_equal(p.scroll, 0);
	abs_at(&p, 200, 300, &news);
	assert_int_equal(p.scroll, 1);
	assert_int_equal(gd_pointer_left_to_do(&p), 0);
	/* one finger moving is no scroll */
	struct gd_pointer q;
	gd_pointer_init(&q, &pad);
	feed(&q, EV_KEY, BTN_TOOL_FINGER, 1, &news);
	abs_at(&q, 200, 100, &news);
	abs_at(&q, 200, 400, &news);
	assert_int_equal(q.scroll, 0);
	/* a mouse: relative motion from the centre, its wheel, its right button */
	struct gd_dev mouse = { .kind = GD_DEV_MOUSE, .has_wheel = 1, .has_right = 1 };
	gd_pointer_init(&q, &mouse);
	news = 0;
	feed(&q, EV_SYN, SYN_REPORT, 0, &news);
	assert_int_equal(q.reached[4], 1); /* it starts at the centre */
	for (int i = 0; i < 100; i++) {
		feed(&q, EV_REL, REL_X, -20, &news);
		feed(&q, EV_REL, REL_Y, -20, &news);
		feed(&q, EV_SYN, SYN_REPORT, 0, &news);
	}
	assert_int_equal(q.x, 0);
	assert_int_equal(q.reached[0], 1);
	feed(&q, EV_REL, REL_WHEEL, -1, &news);
	feed(&q, EV_KEY, BTN_RIGHT, 1, &news);
	assert_int_equal(q.scroll, 1);
	assert_int_equal(q.right, 1);
	/* a tablet without a wheel has no scroll to do */
	struct gd_dev tab = { .kind = GD_DEV_TABLET, .max_x = 32767, .max_y = 32767 };
	gd_pointer_init(&q, &tab);
	assert_int_equal(gd_pointer_left_to_do(&q), 7);
	int32_t tx, ty;
	gd_pointer_target(3, &tx, &ty);
	assert_true(tx > 9000 && ty > 9000);
}

/* ---- pictures ---------------------------------------------------------------------- */

static uint32_t px(const struct gd_fb *fb, uint32_t x, uint32_t y)
{
	return ((const uint32_t *)(const void *)(fb->px + (size_t)y * fb->stride))[x];
}

static void test_patterns(void **state)
{
	(void)state;
	uint8_t mem[64 * 4 * 40];
	struct gd_fb fb = { 64, 40, 64 * 4, mem };
	gd_fill(&fb, GD_RED);
	assert_int_equal(px(&fb, 0, 0), 0xff0000);
	assert_int_equal(px(&fb, 63, 39), 0xff0000);
	gd_fill(&fb, GD_GREY);
	assert_int_equal(px(&fb, 10, 10), 0x808080);
	gd_fill(&fb, GD_GRADIENT);
	assert_int_equal(px(&fb, 0, 0), 0x000000);      /* grey band, dark left */
	assert_int_equal(px(&fb, 63, 0), 0xffffff);     /* ... full right */
	assert_int_equal(px(&fb, 63, 12), 0xff0000);    /* red band */
	assert_int_equal(px(&fb, 63, 22), 0x00ff00);    /* green */
	assert_int_equal(px(&fb, 63, 39), 0x0000ff);    /* blue */
	assert_true((px(&fb, 32, 39) & 0xff) > 0x70 && (px(&fb, 32, 39) & 0xff) < 0x90);
	assert_string_equal(gd_pattern_name(GD_WHITE), "white");
	assert_int_equal(gd_pattern_rgb(GD_BLUE), 0x0000ff);
}

static void test_frames(void **state)
{
	(void)state;
	uint8_t mem[40 * 4 * 20];
	struct gd_fb fb = { 40, 20, 40 * 4, mem };
	/* YUYV 4 × 2: white, black; red, blue (BT.601 limited range) */
	const uint8_t yuyv[] = { 235, 128, 235, 128, 16, 128, 16, 128,
				 81, 90, 81, 240, 41, 240, 41, 110 };
	assert_int_equal(gd_frame_to_fb(V4L2_PIX_FMT_YUYV, yuyv, sizeof(yuyv), 4, 2, 0, &fb), 0);
	/* 4 × 2 into 40 × 20: the same aspect, the whole screen */
	assert_int_equal(px(&fb, 0, 0), 0xffffff);
	assert_int_equal(px(&fb, 39, 0), 0x000000);
	uint32_t red = px(&fb, 0, 19), blue = px(&fb, 39, 19);
	assert_true((red >> 16) > 0xf0 && (red & 0xffff) < 0x1010);
	assert_true((blue & 0xff) > 0xf0 && (blue >> 8) < 0x1010);
	/* a wider frame: black bands above and below */
	const uint8_t grey[8 * 1] = { 200, 200, 200, 200, 200, 200, 200, 200 };
	assert_int_equal(gd_frame_to_fb(V4L2_PIX_FMT_GREY, grey, sizeof(grey), 8, 1, 0, &fb), 0);
	assert_int_equal(px(&fb, 20, 0), 0);
	assert_int_equal(px(&fb, 20, 10), 0xc8c8c8);
	/* NV12 2 × 2 and RGB24, BGR24 */
	const uint8_t nv12[] = { 16, 16, 16, 16, 128, 128 };
	assert_int_equal(gd_frame_to_fb(V4L2_PIX_FMT_NV12, nv12, sizeof(nv12), 2, 2, 0, &fb), 0);
	assert_int_equal(px(&fb, 5, 5), 0);
	const uint8_t rgb[] = { 1, 2, 3 }, bgr[] = { 1, 2, 3 };
	assert_int_equal(gd_frame_to_fb(V4L2_PIX_FMT_RGB24, rgb, 3, 1, 1, 0, &fb), 0);
	assert_int_equal(px(&fb, 20, 10), 0x010203);
	assert_int_equal(gd_frame_to_fb(V4L2_PIX_FMT_BGR24, bgr, 3, 1, 1, 0, &fb), 0);
	assert_int_equal(px(&fb, 20, 10), 0x030201);
	/* too short for its size, an unknown format, a pitch below the width */
	assert_int_equal(gd_frame_to_fb(V4L2_PIX_FMT_YUYV, yuyv, sizeof(yuyv) - 1, 4, 2, 0, &fb), -EINVAL);
	assert_int_equal(gd_frame_to_fb(V4L2_PIX_FMT_NV12, nv12, 5, 2, 2, 0, &fb), -EINVAL);
	assert_int_equal(gd_frame_to_fb(V4L2_PIX_FMT_YUV420, nv12, 5, 2, 2, 0, &fb), -EINVAL);
	assert_int_equal(gd_frame_to_fb(V4L2_PIX_FMT_YUV420, nv12, 6, 2, 2, 0, &fb), 0);
	assert_int_equal(gd_frame_to_fb(V4L2_PIX_FMT_MJPEG, yuyv, sizeof(yuyv), 4, 2, 0, &fb), -ENOTSUP);
	assert_int_equal(gd_frame_to_fb(V4L2_PIX_FMT_YUYV, yuyv, sizeof(yuyv), 4, 2, 4, &fb), -EINVAL);
	assert_int_equal(gd_frame_to_fb(V4L2_PIX_FMT_YUYV, yuyv, sizeof(yuyv), 0, 2, 0, &fb), -EINVAL);
}

/* ---- the verdicts of the guided parts -------------------------------------------- */


static const struct fn_case cases[] = {
	{ "keyboard", "keyboard.keys=105 keyboard.pressed=105 keyboard.absent=0 keyboard.broken=0 keyboard.unanswered=0",
	  NULL, DIAG_PASS, NULL },
	{ "keyboard", "keyboard.keys=88 keyboard.pressed=85 keyboard.absent=3 keyboard.broken=0 keyboard.unanswered=0",
	  NULL, DIAG_PASS, NULL },
	{ "keyboard", "keyboard.keys=88 keyboard.pressed=86 keyboard.absent=0 keyboard.broken=1 keyboard.unanswered=1",
	  NULL, DIAG_FAIL, "keyboard.broken" },
	{ "keyboard", "keyboard.keys=88 keyboard.pressed=86 keyboard.absent=0 keyboard.broken=0 keyboard.unanswered=2",
	  NULL, DIAG_NOT_TESTED, "keyboard.unanswered" },
	{ "keyboard", "keyboard.keys=88 keyboard.pressed=0 keyboard.absent=88 keyboard.broken=0 keyboard.unanswered=0",
	  NULL, DIAG_NOT_TESTED, "keyboard.none_pressed" },
	{ "keyboard", "", NULL, DIAG_NOT_TESTED, "keyboard.not_done" },
	{ "keyboard", "", "guided.skip_time", DIAG_NOT_TESTED, "guided.skip_time" },
	{ "keyboard", "", "guided.said_absent", DIAG_ABSENT, "guided.said_absent" },
	{ "keyboard", "", "guided.no_terminal", DIAG_NOT_TESTED, "guided.no_terminal" },
	{ "touchpad", "touchpad.targets=5 touchpad.left=1 touchpad.right=1 touchpad.scroll=1 touchpad.jumps=0", NULL,
	  DIAG_PASS, NULL },
	{ "touchpad", "touchpad.targets=5 touchpad.left=1 touchpad.right=1 touchpad.jumps=0", NULL, DIAG_PASS, NULL },
	{ "touchpad", "touchpad.targets=3 touchpad.left=1 touchpad.right=1 touchpad.jumps=0", NULL, DIAG_FAIL,
	  "touchpad.targets" },
	{ "touchpad", "touchpad.targets=5 touchpad.left=0 touchpad.right=1 touchpad.jumps=0", NULL, DIAG_FAIL,
	  "touchpad.left_click" },
	{ "touchpad", "touchpad.targets=5 touchpad.left=1 touchpad.right=0 touchpad.jumps=0", NULL, DIAG_FAIL,
	  "touchpad.right_click" },
	{ "touchpad", "touchpad.targets=5 touchpad.left=1 touchpad.right=1 touchpad.scroll=0 touchpad.jumps=0", NULL,
	  DIAG_FAIL, "touchpad.scroll" },
	{ "touchpad", "touchpad.targets=5 touchpad.left=1 touchpad.right=1 touchpad.jumps=1", NULL, DIAG_FAIL,
	  "touchpad.jumps" },
	{ "touchpad", "touchpad.targets=5 touchpad.left=1 touchpad.not_tried=1 touchpad.jumps=0", NULL, DIAG_NOT_TESTED,
	  "touchpad.not_tried" },
	{ "touchpad", "", "touchpad.none", DIAG_ABSENT, "touchpad.none" },
	{ "display", "display.screens=7 display.pixels=0 display.lines=0 display.bleed=0 display.colours=0 display.flicker=0",
	  NULL, DIAG_PASS, NULL },
	{ "display", "display.screens=7 display.pixels=1 display.lines=0 display.bleed=0 display.colours=0 display.flicker=0",
	  NULL, DIAG_WARN, "display.pixels" },
	{ "display", "display.screens=7 display.pixels=0 display.lines=0 display.bleed=2 display.colours=0 display.flicker=0",
	  NULL, DIAG_WARN, "display.bleed" },
	{ "display", "display.screens=7 display.pixels=1 display.lines=1 display.bleed=0 display.colours=0 display.flicker=0",
	  NULL, DIAG_FAIL, "display.lines" },
	{ "display", "display.screens=7 display.colours=1", NULL, DIAG_FAIL, "display.colours" },
	{ "display", "display.screens=7 display.flicker=1", NULL, DIAG_FAIL, "display.flicker" },
	{ "display", "display.screens=3 display.unanswered=4", NULL, DIAG_NOT_TESTED, "display.unanswered" },
	{ "display", "", "display.none", DIAG_NOT_TESTED, "display.none" },
	{ "webcam", "webcam.frames=40 webcam.answered=1 webcam.black=0 webcam.frozen=0 webcam.noise=0 webcam.blurred=0 "
		    "webcam.colours=0", NULL, DIAG_PASS, NULL },
	{ "webcam", "webcam.frames=0 webcam.answered=1", NULL, DIAG_FAIL, "webcam.no_frames" },
	{ "webcam", "webcam.frames=40 webcam.answered=1 webcam.black=1", NULL, DIAG_FAIL, "webcam.black" },
	{ "webcam", "webcam.frames=40 webcam.answered=1 webcam.frozen=1", NULL, DIAG_FAIL, "webcam.frozen" },
	{ "webcam", "webcam.frames=40 webcam.answered=1 webcam.noise=1", NULL, DIAG_FAIL, "webcam.noise" },
	{ "webcam", "webcam.frames=40 webcam.answered=1 webcam.blurred=1", NULL, DIAG_WARN, "webcam.blurred" },
	{ "webcam", "webcam.frames=40 webcam.answered=1 webcam.colours=1", NULL, DIAG_WARN, "webcam.colours" },
	{ "webcam", "webcam.frames=40", NULL, DIAG_NOT_TESTED, "webcam.not_done" },
	{ "webcam", "", "webcam.none", DIAG_ABSENT, "webcam.none" },
	{ "speakers", "speakers.left=1 speakers.right=1 speakers.swapped=0 speakers.distorted=0", NULL, DIAG_PASS, NULL },
	{ "speakers", "speakers.left=0 speakers.right=1 speakers.swapped=0 speakers.distorted=0", NULL, DIAG_FAIL,
	  "speakers.left_silent" },
	{ "speakers", "speakers.left=1 speakers.right=0 speakers.swapped=0 speakers.distorted=0", NULL, DIAG_FAIL,
	  "speakers.right_silent" },
	{ "speakers", "speakers.left=1 speakers.right=1 speakers.swapped=2 speakers.distorted=0", NULL, DIAG_FAIL,
	  "speakers.swapped" },
	{ "speakers", "speakers.left=1 speakers.right=1 speakers.swapped=0 speakers.distorted=1", NULL, DIAG_WARN,
	  "speakers.distorted" },
	{ "speakers", "speakers.left=1", NULL, DIAG_NOT_TESTED, "speakers.not_done" },
	{ "speakers", "", "speakers.none", DIAG_ABSENT, "speakers.none" },
	{ "microphone", "microphone.heard=1 microphone.faint=0 microphone.peak_rms=3000", NULL, DIAG_PASS, NULL },
	{ "microphone", "microphone.heard=0 microphone.faint=0 microphone.peak_rms=3000", NULL, DIAG_FAIL,
	  "microphone.deaf" },
	{ "microphone", "microphone.heard=1 microphone.faint=1 microphone.peak_rms=300", NULL, DIAG_WARN,
	  "microphone.faint" },
	{ "microphone", "microphone.heard=1 microphone.faint=0 microphone.peak_rms=0", NULL, DIAG_NOT_TESTED,
	  "microphone.not_proven" },
	{ "microphone", "microphone.heard=0 microphone.faint=0 microphone.peak_rms=0", NULL, DIAG_FAIL, "microphone.deaf" },
	{ "microphone", "", NULL, DIAG_NOT_TESTED, "microphone.not_done" },
	{ "usbports", "usbports.tried=4 usbports.dead=0 usbports.loose=0 usbports.stuck_usb2=0", NULL, DIAG_PASS, NULL },
	{ "usbports", "usbports.tried=4 usbports.dead=1 usbports.loose=0 usbports.stuck_usb2=0", NULL, DIAG_FAIL,
	  "usbports.dead" },
	{ "usbports", "usbports.tried=4 usbports.dead=0 usbports.loose=1 usbports.stuck_usb2=0", NULL, DIAG_WARN,
	  "usbports.loose" },
	{ "usbports", "usbports.tried=4 usbports.dead=0 usbports.loose=0 usbports.stuck_usb2=1", NULL, DIAG_WARN,
	  "usbports.stuck_usb2" },
	{ "usbports", "usbports.tried=0 usbports.dead=0 usbports.loose=0 usbports.stuck_usb2=0", NULL, DIAG_NOT_TESTED,
	  "usbports.none_tried" },
	{ "usbports", "", NULL, DIAG_NOT_TESTED, "usbports.not_done" },
	{ "usbports", "", "usbports.none", DIAG_ABSENT, "usbports.none" },
};

static void test_rules(void **state)
{
	(void)state;
	check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* A guided kind left out of a run needs a person; a grade is A only when a
 * person judged them too; the keys are named in French on a French page. */
static void test_fill_and_words(void **state)
{
	(void)state;
	struct diag_part parts[40];
	size_t n = diag_parts_fill(parts, 0, 40, DIAG_P_ALL);
	int guided = 0;
	for (size_t i = 0; i < n; i++) {
		const struct diag_part_kind *k = diag_part_kind(parts[i].part);
		assert_non_null(k);
		if (k->guided) {
			guided++;
			assert_int_equal(parts[i].verdict, DIAG_NOT_TESTED);
			assert_string_equal(parts[i].state->code, "guided.not_run");
		}
		diag_part_release(&parts[i]);
	}
	assert_int_equal(guided, 7);
	/* a keyboard said broken, named in the reader's language */
	json_t *part = json_pack("{s:s,s:s,s:s,s:s,s:i,s:{s:i},s:[s,s]}", "part", "keyboard", "id", "keyboard", "verdict",
				 "FAIL", "rule", "keyboard.broken", "value", 2, "metrics", "keyboard.broken", 2,
				 "keys_broken", "A", "Escape");
	char *en = diag_json_reason(part, 0);
	assert_string_equal(en, "Keys of the keyboard that do not work (2): A, Escape.");
	free(en);
	/* French (contrib/install-deps makes the locale; make builds the catalogue) */
	assert_non_null(setlocale(LC_ALL, "fr_FR.UTF-8"));
	char dir[PATH_MAX + 32];
	const char *ld = getenv("RECO_LOCALEDIR"); /* make unit: the catalogues of its BUILD */
	if (ld)
		snprintf(dir, sizeof(dir), "%s", ld);
	else
		snprintf(dir, sizeof(dir), "%s/build/share/locale", top);
	setenv("LANGUAGE", "fr", 1);
	bindtextdomain("reco", dir);
	textdomain("reco");
	char *fr = diag_json_reason(part, 1);
	assert_string_equal(fr, "Touches du clavier qui ne marchent pas (2) : A, Échap.");
	free(fr);
	unsetenv("LANGUAGE");
	setlocale(LC_ALL, "C");
	json_decref(part);
}

/* The automatic parts run again in the session keep the guided ones. */
static void test_merge_keeps_guided(void **state)
{
	(void)state;
	json_t *old = json_pack("{s:s,s:[{s:s,s:s,s:s,s:s,s:{s:i}}]}", "schema", "reco-diag/1", "parts", "part",
				"keyboard", "id", "keyboard", "verdict", "FAIL", "rule", "keyboard.broken", "metrics",
				"keyboard.broken", 1);
	struct diag_part parts[40], shadow[80];
	size_t n = 0;
	diag_part_init(&parts[n], "cpu", "cpu");
	diag_metric_set(&parts[n], "cpu.min_rounds", 100);
	diag_metric_set(&parts[n], "cpu.errors", 0);
	diag_part_judge(&parts[n++]);
	n = diag_parts_fill(parts, n, 40, DIAG_P_CPU);
	json_t *out = json_array();
	size_t ns = diag_merge_parts(out, shadow, 80, parts, n, DIAG_P_CPU, old);
	int seen = 0;
	for (size_t i = 0; i < json_array_size(out); i++) {
		json_t *o = json_array_get(out, i);
		if (strcmp(json_string_value(json_object_get(o, "part")), "keyboard") == 0) {
			seen++;
			assert_string_equal(json_string_value(json_object_get(o, "verdict")), "FAIL");
		}
	}
	assert_int_equal(seen, 1);
	assert_int_equal(ns, json_array_size(out));
	assert_int_equal(diag_grade(shadow, ns), 'C');
	json_decref(out);
	for (size_t i = 0; i < n; i++)
		diag_part_release(&parts[i]);
	json_decref(old);
}

int main(void)
{
	top_from_env();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layouts),
		T(test_keymap_source),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_patterns),
		cmocka_unit_test(test_frames),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_fill_and_words),
		cmocka_unit_test(test_merge_keeps_guided),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
