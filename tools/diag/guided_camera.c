/*
 * guided_camera.c — the camera test a person judges: each camera's live
 * picture on the whole screen (V4L2 frames, v4l2.c, converted and scaled
 * by pattern.c, shown through KMS, kms.c) until the person answers O (the
 * picture is right: it moves with a hand waved before the lens, its
 * colours are natural) or N and what is wrong: black, frozen, lines or
 * noise, blurred, wrong colours.  A camera that gives no frame within
 * three seconds is judged on that alone.
 *
 * One part per camera (videoN).  Metrics: webcam.frames (shown),
 * webcam.answered, webcam.black, webcam.frozen, webcam.noise,
 * webcam.blurred, webcam.colours.
 */
#include "guided.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/sysroot.h"
#include "lib/util.h"

#define FIRST_FRAME_MS 3000

static const struct {
	const char *choice, *metric;
} faults[] = {
	{ N_("Black, no picture"), "webcam.black" },
	{ N_("The picture does not move (frozen)"), "webcam.frozen" },
	{ N_("Lines, stripes or noise"), "webcam.noise" },
	{ N_("Blurred"), "webcam.blurred" },
	{ N_("Wrong colours"), "webcam.colours" },
};
#define N_FAULTS (sizeof(faults) / sizeof(faults[0]))

/* Streams the camera to the screen until the person answers: 1 right,
 * 0 wrong, -1 stopped (Esc), -2 no frame; *frames the frames shown. */
static int preview(struct gd_ctx *g, struct diag_part *p, int fd, uint32_t fmt, struct gd_kms *k, int *frames)
{
	struct diag_v4l2 s;
	uint32_t mw = k->fb.width < 1280 ? k->fb.width : 1280, mh = k->fb.height < 720 ? k->fb.height : 720;
	int rc = diag_v4l2_start(&s, fd, fmt, mw, mh);
	if (rc) {
		json_object_set_new(p->details, "failed_at", json_string(s.failed_at ? s.failed_at : "stream"));
		json_object_set_new(p->details, "errno", json_integer(-rc));
		diag_v4l2_stop(&s);
		return -2;
	}
	char f4[5];
	diag_fourcc_str(s.fourcc, f4);
	json_object_set_new(p->details, "preview",
			    json_pack("{s:s,s:i,s:i}", "format", f4, "width", (int)s.width, "height", (int)s.height));
	uint64_t t0 = reco_now_ns() / 1000000;
	int answer = -3, marked = 0;
	while (answer == -3) {
		struct diag_v4l2_frame fr;
		int n = diag_v4l2_next(&s, 40, &fr);
		if (n > 0) {
			if (!fr.bad && gd_frame_to_fb(s.fourcc, fr.data, fr.len, s.width, s.height, s.bpl, &k->fb) == 0 &&
			    gd_kms_show(k) == 0)
				(*frames)++;
			diag_v4l2_requeue(&s, &fr);
		}
		if (*frames && !marked) {
			gd_mark(g, "webcam", "preview", "");
			marked = 1;
		}
		if (!*frames && reco_now_ns() / 1000000 - t0 > FIRST_FRAME_MS)
			answer = -2;
		int key = gd_ui_key(g->ui, 0);
		if (key == GD_KEY_ESC)
			answer = -1;
		else if (*frames && gd_yes_no_key(key) >= 0)
			answer = gd_yes_no_key(key);
	}
	diag_v4l2_stop(&s);
	return answer;
}

static int cmp_video(const void *a, const void *b)
{
	return atoi(*(char *const *)a + 5) - atoi(*(char *const *)b + 5);
}

void gd_webcam_test(struct gd_ctx *g, const struct diag_part_desc *d)
{
	(void)d;
	DIR *dir = reco_opendir("", "/sys/class/video4linux");
	char *names[32];
	size_t nn = 0;
	struct dirent *de;
	while (dir && (de = readdir(dir)) && nn < 32)
		if (strncmp(de->d_name, "video", 5) == 0)
			names[nn++] = strdup(de->d_name);
	if (dir)
		closedir(dir);
	qsort(names, nn, sizeof(*names), cmp_video);
	int cameras = 0;
	for (size_t i = 0; i < nn; i++) {
		char path[300], title[128];
		if (!names[i])
			continue;
		snprintf(path, sizeof(path), "/dev/%s", names[i]);
		int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0 || diag_v4l2_is_camera(fd) != 1) {
			if (fd >= 0)
				close(fd);
			free(names[i]);
			continue;
		}
		cameras++;
		struct diag_part *p = gd_part(g, "webcam", names[i]);
		snprintf(title, sizeof(title), "%s %s", diag_title("webcam", 1), names[i]);
		free(names[i]);
		if (!p) {
			close(fd);
			continue;
		}
		char sys[300], name[128] = "";
		snprintf(sys, sizeof(sys), "/sys/class/video4linux/%s/name", p->id);
		reco_read_str("", sys, name, sizeof(name));
		reco_json_set_str(p->details, "name", name);
		int compressed = 0;
		uint32_t fmt = diag_v4l2_native_format(fd, NULL, &compressed);
		struct gd_kms k;
		int rc = fmt ? gd_kms_open(&k, g->fb_dump) : 0;
		if (!fmt) {
			diag_fn_skip(p, "could_not_run", compressed ? "MJPEG" : NULL, compressed ? 0 : ENOTSUP);
			close(fd);
			continue;
		}
		if (rc) {
			diag_fn_skip(p, "display.none", NULL, -rc);
			close(fd);
			continue;
		}
		int frames = 0, answer = preview(g, p, fd, fmt, &k, &frames);
		gd_kms_close(&k);
		gd_ui_invalidate(g->ui);
		close(fd);
		diag_metric_set(p, "webcam.frames", frames);
		if (answer == -2) {
			diag_metric_set(p, "webcam.answered", 1);
			continue;
		}
		if (answer == -1 && gd_stop(g, title, p))
			continue;
		for (size_t f = 0; f < N_FAULTS; f++)
			diag_metric_set(p, faults[f].metric, 0);
		if (answer == 0) {
			const char *choices[N_FAULTS];
			for (size_t f = 0; f < N_FAULTS; f++)
				choices[f] = faults[f].choice;
			gd_mark(g, "webcam", "fault?", "");
			int c = gd_choose(g, title, _("What is wrong with the picture?"), choices, N_FAULTS, NULL, NULL);
			if (c >= 0)
				diag_metric_set(p, faults[c].metric, 1);
			else
				continue; /* no answer: not judged */
		}
		if (answer >= 0)
			diag_metric_set(p, "webcam.answered", 1);
	}
	if (!cameras) {
		struct diag_part *p = gd_part(g, "webcam", "webcam");
		if (p)
			diag_part_state(p, "webcam.none", NULL);
	}
}
