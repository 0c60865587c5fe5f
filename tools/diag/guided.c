/*
 * guided.c — how a guided test runs inside reco diag: the descriptors of
 * the seven guided kinds (their line in table.c), the shared runner (the
 * text face opened once, the intro screen where the person starts the test
 * or skips it with a reason), and the questions every test asks (a yes/no,
 * a choice in a list, the stop screen).
 *
 * A skipped test is NOT_TESTED with the reason chosen, or ABSENT when the
 * person says the computer has no such thing: states of rules.c
 * ("guided.skip_time"...), rendered in the reader's language like every
 * other code.  Without a person at a terminal, a guided part is NOT_TESTED
 * "guided.no_terminal"; left out of a run, "guided.not_run" (verdict.c).
 *
 * Markers: with --progress=json, each screen that waits for the person
 * prints a JSON line on stderr ({"event":"guided","test":"display",
 * "step":"red"}) so that the VM tests know what is shown and when to
 * answer; the menu does not ask for them.
 */
#include "guided.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/sysroot.h"

/* What each guided test says before it starts. */
static const struct {
	const char *kind;
	const char *intro; /* msgid */
} intros[] = {
	{ "keyboard", N_("Press every key of the keyboard once: each key lights up on the drawing. "
			 "The Fn key itself gives nothing; with Fn, the keys of the top row count. "
			 "When every key is lit the test ends; to end it before, hold Escape or Enter "
			 "for two seconds, then say what the keys not pressed are.") },
	{ "touchpad", N_("Move the pointer with the touchpad (or the mouse) onto each of the five "
			 "targets, the four corners and the centre; then click with the left button, "
			 "with the right button, and scroll with two fingers (or the wheel) when the "
			 "device can.") },
	{ "display", N_("The screen will show full-screen colours, one after the other: black, white, "
			"red, green, blue, grey and a gradient. Look at each closely (dead or stuck "
			"pixels, lines, light leaking at the edges, uneven colour), then press O if the "
			"screen is perfect, N if you see a defect.") },
	{ "speakers", N_("A beep is played on the left speaker, then on the right one. Say for each "
			 "whether you hear it, clearly, on the right side.") },
	{ "microphone", N_("Speak near the computer: a bar shows the level the microphone hears. Say "
			   "whether the bar moves with your voice.") },
	{ "webcam", N_("The camera's picture is shown on the whole screen for a few seconds. Wave your "
		       "hand in front of the camera; then say whether the picture was right.") },
	{ "usbports", N_("Plug a USB stick into each USB port of the computer, one after the other: "
			 "each port lights up on the map with its speed. Press Enter when every port "
			 "was tried.") },
};

/* The reasons a person can give for skipping a test, and their states. */
static const struct {
	const char *choice; /* msgid */
	const char *state;
} skips[] = {
	{ N_("No time now"), "guided.skip_time" },
	{ N_("Nothing to test it with (a USB stick, headphones...)"), "guided.skip_tool" },
	{ N_("This computer has none"), "guided.said_absent" },
	{ N_("The test does not work on this computer"), "guided.skip_broken" },
};

static struct gd_ctx *ctx_of(struct diag_run *r)
{
	if (r->guided)
		return r->guided;
	struct gd_ctx *g = calloc(1, sizeof(*g));
	if (!g)
		return NULL;
	g->r = r;
	const char *s = getenv("RECO_GUIDED_INPUT");
	g->script = s && *s ? s : NULL;
	s = getenv("RECO_GUIDED_FB");
	g->fb_dump = s && *s ? s : NULL;
	g->markers = r->guided_markers;
	uint64_t t = 0;
	if (reco_read_u64(r->root, "/sys/class/dmi/id/chassis_type", &t) == 0)
		g->laptop = diag_chassis_is_portable((unsigned)t);
	if (r->keymap && *r->keymap)
		snprintf(g->keymap, sizeof(g->keymap), "%s", r->keymap);
	else
		gd_keymap_system(r->root, g->keymap, sizeof(g->keymap));
	/* a person at a terminal, on the machine itself */
	if (!*r->root)
		g->ui = gd_ui_open(!r->guided_stdout_busy);
	r->guided = g;
	return g;
}

void diag_guided_end(struct diag_run *r)
{
	struct gd_ctx *g = r->guided;
	if (!g)
		return;
	gd_ui_close(g->ui);
	free(g);
	r->guided = NULL;
}

void gd_mark(const struct gd_ctx *g, const char *test, const char *step, const char *extra)
{
	if (!g->markers)
		return;
	fprintf(stderr, "{\"event\":\"guided\",\"test\":\"%s\",\"step\":\"%s\"%s%s}\n", test, step,
		extra && *extra ? "," : "", extra ? extra : "");
	fflush(stderr);
}

struct diag_part *gd_part(struct gd_ctx *g, const char *kind, const char *id)
{
	return diag_run_new_part(g->r, kind, id);
}

int gd_choose(struct gd_ctx *g, const char *title, const char *intro, const char *const *choices, size_t n,
	      void (*idle)(void *), void *arg)
{
	for (;;) {
		gd_ui_clear(g->ui);
		gd_ui_frame(g->ui, title, _(" 1-9: choose   Esc: back "));
		int row = 2;
		if (intro)
			row = gd_ui_wrap(g->ui, row, 2, GD_NORMAL, intro) + 1;
		for (size_t i = 0; i < n; i++) {
			char line[256];
			snprintf(line, sizeof(line), "%zu. %s", i + 1, _(choices[i]));
			row = gd_ui_wrap(g->ui, row, 4, GD_NORMAL, line);
		}
		gd_ui_refresh(g->ui);
		int k = gd_ui_key(g->ui, idle ? 20 : -1);
		if (k < 0 && idle)
			idle(arg);
		if (k == GD_KEY_ESC)
			return -1;
		if (k >= '1' && k < '1' + (int)n)
			return k - '1';
	}
}

int gd_ask(struct gd_ctx *g, const char *title, const char *question, void (*idle)(void *), void *arg)
{
	gd_ui_clear(g->ui);
	gd_ui_frame(g->ui, title, _(" O: yes   N: no   Esc: stop "));
	gd_ui_wrap(g->ui, 3, 2, GD_BOLD, question);
	gd_ui_refresh(g->ui);
	for (;;) {
		int k = gd_ui_key(g->ui, idle ? 20 : -1);
		if (k < 0) {
			if (idle)
				idle(arg);
			continue;
		}
		if (k == GD_KEY_ESC)
			return -1;
		int yn = gd_yes_no_key(k);
		if (yn >= 0)
			return yn;
	}
}

const char *gd_stop_reason(struct gd_ctx *g, const char *title)
{
	const char *choices[sizeof(skips) / sizeof(skips[0])];
	for (size_t i = 0; i < sizeof(skips) / sizeof(skips[0]); i++)
		choices[i] = skips[i].choice;
	int c = gd_choose(g, title, _("Stop this test? Say why (Esc: go on with the test)."), choices,
			  sizeof(skips) / sizeof(skips[0]), NULL, NULL);
	return c < 0 ? NULL : skips[c].state;
}

int gd_stop(struct gd_ctx *g, const char *title, struct diag_part *p)
{
	const char *why = gd_stop_reason(g, title);
	if (!why)
		return 0;
	diag_part_state(p, why, NULL);
	json_object_set_new(p->details, "skipped", json_string(why));
	return 1;
}

static const char *intro_of(const char *kind)
{
	for (size_t i = 0; i < sizeof(intros) / sizeof(intros[0]); i++)
		if (strcmp(intros[i].kind, kind) == 0)
			return intros[i].intro;
	return "";
}

void diag_guided_run_part(struct diag_run *r, const struct diag_part_desc *d)
{
	struct gd_ctx *g = ctx_of(r);
	if (!g) {
		r->env_error = 1;
		return;
	}
	if (!g->ui) {
		/* nobody to ask: the test needs a person */
		struct diag_part *p = gd_part(g, d->part, d->part);
		if (p)
			diag_part_state(p, *r->root ? "live_only" : "guided.no_terminal", NULL);
		if (!*r->root)
			r->env_error = 1;
		return;
	}
	const char *title = diag_title(d->part, 1);
	for (;;) {
		gd_ui_clear(g->ui);
		gd_ui_frame(g->ui, title, _(" Enter: start the test   S: skip it "));
		int row = gd_ui_wrap(g->ui, 2, 2, GD_BOLD, title) + 1;
		gd_ui_wrap(g->ui, row, 2, GD_NORMAL, _(intro_of(d->part)));
		gd_ui_refresh(g->ui);
		gd_mark(g, d->part, "intro", "");
		int k = gd_ui_key(g->ui, -1);
		if (k == GD_KEY_ENTER)
			break;
		if (k == 's' || k == 'S' || k == GD_KEY_ESC) {
			const char *why = gd_stop_reason(g, title);
			if (!why)
				continue;
			struct diag_part *p = gd_part(g, d->part, d->part);
			if (p) {
				diag_part_state(p, why, NULL);
				json_object_set_new(p->details, "skipped", json_string(why));
			}
			gd_mark(g, d->part, "skipped", "");
			return;
		}
	}
	gd_ui_flush(g->ui);
	((gd_test_fn)d->read)(g, d);
	gd_mark(g, d->part, "done", "");
}

#define GUIDED(name, fn)                                                                               \
	const struct diag_part_desc diag_##name##_desc = { #name, DIAG_NEEDS_MACHINE | DIAG_NEEDS_PERSON, NULL, \
							   diag_guided_run_part, (const void *)(gd_test_fn)fn }
GUIDED(keyboard, gd_keyboard_test);
GUIDED(touchpad, gd_touchpad_test);
GUIDED(display, gd_display_test);
GUIDED(webcam, gd_webcam_test);
GUIDED(speakers, gd_speakers_test);
GUIDED(microphone, gd_microphone_test);
GUIDED(usbports, gd_usbports_test);
