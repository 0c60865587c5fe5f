/*
 * guided_display.c — the screen test: full-screen black, white, red,
 * green, blue, grey and a gradient, put on the screen through KMS
 * (kms.c, pattern.c), one after the other; for each the person answers O
 * (the picture is perfect) or N, then picks what is wrong from a list:
 * dead or stuck pixels, lines or bands, light leaking at the edges
 * (backlight bleed), wrong or uneven colour, flicker or darkness.  While
 * the person picks, the console comes back (the list is text); the next
 * colour takes the screen again.
 *
 * Metrics: display.screens (pictures judged), display.pixels,
 * display.lines, display.bleed, display.colours, display.flicker (how many
 * pictures showed each defect), display.unanswered (pictures not judged
 * when the person stopped).  Details: the card, connector and mode, and
 * each picture's answer.
 */
#include "guided.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/json.h"

static const struct {
	const char *choice, *metric, *code;
} defects[] = {
	{ N_("Dead or stuck pixels (dots of the wrong colour)"), "display.pixels", "pixels" },
	{ N_("Lines or bands"), "display.lines", "lines" },
	{ N_("Light leaking at the edges (backlight bleed)"), "display.bleed", "bleed" },
	{ N_("Wrong or uneven colour"), "display.colours", "colours" },
	{ N_("It flickers or goes dark"), "display.flicker", "flicker" },
};
#define N_DEFECTS (sizeof(defects) / sizeof(defects[0]))

void gd_display_test(struct gd_ctx *g, const struct diag_part_desc *d)
{
	(void)d;
	struct diag_part *p = gd_part(g, "display", "display");
	if (!p)
		return;
	struct gd_kms k;
	int rc = gd_kms_open(&k, g->fb_dump);
	if (rc) {
		diag_fn_skip(p, rc == -EACCES || rc == -EPERM ? "no_permission" : "display.none", NULL, -rc);
		return;
	}
	json_object_set_new(p->details, "screen",
			    json_pack("{s:s,s:s,s:i,s:i}", "card", k.card, "connector", k.connector_name, "width",
				      (int)k.fb.width, "height", (int)k.fb.height));
	json_t *answers = json_array();
	json_object_set_new(p->details, "pictures", answers);
	int64_t count[N_DEFECTS] = { 0 };
	int judged = 0, stopped = 0;
	for (int pat = 0; pat < GD_N_PATTERNS && !stopped; pat++) {
		if (!k.fb.px && (rc = gd_kms_open(&k, g->fb_dump)) != 0)
			break;
		gd_fill(&k.fb, (enum gd_pattern)pat);
		if ((rc = gd_kms_show(&k)) != 0)
			break;
		/* the text face too, for a terminal that is not this screen (and the
		 * tests): which picture and which keys */
		char title[128], extra[64];
		snprintf(title, sizeof(title), "%s: %s", diag_title("display", 1), _(gd_pattern_title((enum gd_pattern)pat)));
		gd_ui_clear(g->ui);
		gd_ui_frame(g->ui, title, _(" O: perfect   N: a defect   Esc: stop "));
		gd_ui_refresh(g->ui);
		snprintf(extra, sizeof(extra), "\"rgb\":\"%06x\"", gd_pattern_rgb((enum gd_pattern)pat));
		gd_mark(g, "display", gd_pattern_name((enum gd_pattern)pat), extra);
		int yes = -1;
		while (yes < 0) {
			int key = gd_ui_key(g->ui, -1);
			if (key == GD_KEY_ESC) {
				gd_kms_close(&k);
				gd_ui_invalidate(g->ui);
				if (gd_stop(g, diag_title("display", 1), p)) {
					stopped = 1;
					break;
				}
				if ((rc = gd_kms_open(&k, g->fb_dump)) != 0 || (gd_fill(&k.fb, (enum gd_pattern)pat), gd_kms_show(&k)))
					break;
				continue;
			}
			yes = gd_yes_no_key(key);
		}
		if (stopped || rc)
			break;
		json_t *a = json_pack("{s:s}", "picture", gd_pattern_name((enum gd_pattern)pat));
		if (yes) {
			json_object_set_new(a, "answer", json_string("perfect"));
		} else {
			/* the list is text: the console back while the person reads */
			gd_kms_close(&k);
			gd_ui_invalidate(g->ui);
			const char *choices[N_DEFECTS];
			for (size_t i = 0; i < N_DEFECTS; i++)
				choices[i] = defects[i].choice;
			gd_mark(g, "display", "defect?", "");
			int c = gd_choose(g, title, _("What is wrong with this picture?"), choices, N_DEFECTS, NULL, NULL);
			if (c < 0) {
				json_decref(a);
				pat--; /* Esc: the same picture again */
				continue;
			}
			count[c]++;
			json_object_set_new(a, "answer", json_string("defect"));
			json_object_set_new(a, "defect", json_string(defects[c].code));
		}
		json_array_append_new(answers, a);
		judged++;
	}
	gd_kms_close(&k);
	gd_ui_invalidate(g->ui);
	if (rc && !stopped) {
		diag_fn_skip(p, "could_not_run", NULL, -rc);
		return;
	}
	diag_metric_set(p, "display.screens", judged);
	for (size_t i = 0; i < N_DEFECTS; i++)
		diag_metric_set(p, defects[i].metric, count[i]);
	if (judged < GD_N_PATTERNS)
		diag_metric_set(p, "display.unanswered", GD_N_PATTERNS - judged);
}
