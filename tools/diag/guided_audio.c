/*
 * guided_audio.c — the speaker and microphone tests a person judges
 * (alsa-lib, through pcm.c).
 *
 * Speakers: a beep (880 Hz, 0.3 s on, 0.3 s off) on the left channel
 * only, played until the person answers, then on the right channel only.
 * For each side the person says: heard clearly on that side; heard but
 * crackling or distorted; heard on the wrong side (or both); nothing.  The
 * card is the one whose HD-audio codec has a speaker pin (the built-in
 * speakers), else the first card that can play; the mixer is set audible
 * for the test and put back after (pcm.h).
 *
 * Microphone: the capture's level (the RMS of each tenth of a second, the
 * louder of the two channels) drawn as a bar while the person speaks; the
 * person says whether the bar moves with the voice (or only faintly).  The
 * highest level is recorded: a "yes" with a level that never rose above
 * 100 of 32767 (about -50 dBFS, a silent capture) is not proven
 * (NOT_TESTED).  The card is the one with a built-in microphone (an
 * internal Mic pin, a DMIC device), else the first that can record.
 *
 * Metrics: speakers.left, speakers.right (heard), speakers.swapped,
 * speakers.distorted; microphone.heard, microphone.faint,
 * microphone.peak_rms.
 */
#include "guided.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/json.h"
#include "lib/sysroot.h"
#include "lib/util.h"
#include "pcm.h"

#define BEEP_HZ 880
#define BEEP_MS 300
#define PEAK_FLOOR 100

/* The card and device to use: preferring a card whose codecs show the
 * built-in part (speaker pins, or internal microphone pins / a DMIC
 * device), else the first with a device in that direction.  1 found. */
static int pick(int capture, int *card_out, int *dev_out, char *name, size_t size)
{
	int best = -1, best_dev = -1, first = -1, first_dev = -1;
	int card = -1;
	snd_pcm_stream_t dir = capture ? SND_PCM_STREAM_CAPTURE : SND_PCM_STREAM_PLAYBACK;
	while (snd_card_next(&card) == 0 && card >= 0) {
		char hw[32];
		snd_ctl_t *ctl;
		snprintf(hw, sizeof(hw), "hw:%d", card);
		if (snd_ctl_open(&ctl, hw, 0) < 0)
			continue;
		int dev = -1, found = -1, dmic = 0;
		while (snd_ctl_pcm_next_device(ctl, &dev) == 0 && dev >= 0) {
			snd_pcm_info_t *pi;
			snd_pcm_info_alloca(&pi);
			snd_pcm_info_set_device(pi, (unsigned)dev);
			snd_pcm_info_set_subdevice(pi, 0);
			snd_pcm_info_set_stream(pi, dir);
			if (snd_ctl_pcm_info(ctl, pi) < 0)
				continue;
			const char *pn = snd_pcm_info_get_name(pi);
			if (capture && pn && strstr(pn, "DMIC")) {
				found = dev;
				dmic = 1;
				break;
			}
			if (found < 0)
				found = dev;
		}
		snd_ctl_close(ctl);
		if (found < 0)
			continue;
		if (first < 0) {
			first = card;
			first_dev = found;
		}
		struct diag_hda_pins all = { 0 };
		for (int codec = 0; codec < 8; codec++) {
			char path[64], *text = NULL;
			size_t len = 0;
			snprintf(path, sizeof(path), "/proc/asound/card%d/codec#%d", card, codec);
			if (reco_read_file("", path, &text, &len, 1 << 20) != 0)
				continue;
			struct diag_hda_pins pins;
			diag_hda_parse_pins(text, len, &pins);
			free(text);
			all.speakers += pins.speakers;
			all.int_mics += pins.int_mics;
		}
		if (best < 0 && (capture ? all.int_mics > 0 || dmic : all.speakers > 0)) {
			best = card;
			best_dev = found;
		}
	}
	snd_config_update_free_global();
	if (best < 0) {
		best = first;
		best_dev = first_dev;
	}
	if (best < 0)
		return 0;
	*card_out = best;
	*dev_out = best_dev;
	char path[64];
	snprintf(path, sizeof(path), "/proc/asound/card%d/id", best);
	if (reco_read_str("", path, name, size) != 0)
		snprintf(name, size, "card%d", best);
	return 1;
}

/* The part of a sound test and its device: the card picked (an ABSENT
 * part "<kind>.none" and NULL when there is none), the mixer set audible
 * (*mx, for audio_end; may stay NULL). */
static struct diag_part *audio_part(struct gd_ctx *g, const char *kind, int capture, int *card, int *dev,
				    struct diag_mixer **mx)
{
	char name[32], none[32];
	*mx = NULL;
	if (!pick(capture, card, dev, name, sizeof(name))) {
		struct diag_part *p = gd_part(g, kind, kind);
		snprintf(none, sizeof(none), "%s.none", kind);
		if (p)
			diag_part_state(p, none, NULL);
		return NULL;
	}
	struct diag_part *p = gd_part(g, kind, name);
	if (!p)
		return NULL;
	json_object_set_new(p->details, "card", json_integer(*card));
	json_object_set_new(p->details, "device", json_integer(*dev));
	*mx = calloc(1, sizeof(**mx));
	if (*mx)
		diag_mixer_prepare(*card, *mx);
	return p;
}

/* The mixer as it was, alsa-lib's configuration freed. */
static void audio_end(struct diag_mixer *mx)
{
	if (mx)
		diag_mixer_restore(mx);
	free(mx);
	snd_config_update_free_global();
}

/* ---- speakers ------------------------------------------------------------------ */

struct player {
	struct diag_pcm pcm;
	int16_t *buf;
	size_t chunk;
	uint64_t pos;     /* frames played */
	int side;         /* 0 left, 1 right */
	int err;
};

/* Keeps the device's buffer full of the beep pattern on one side. */
static void play_idle(void *arg)
{
	struct player *pl = arg;
	if (pl->err)
		return;
	for (int i = 0; i < 8; i++) {
		uint64_t period = (uint64_t)pl->pcm.rate * BEEP_MS / 1000;
		int on = (pl->pos / period) % 2 == 0;
		unsigned f = on ? BEEP_HZ : 0;
		diag_tone_fill(pl->buf, pl->chunk, pl->pcm.rate, pl->side ? 0 : f, pl->side ? f : 0, 9000, pl->pos);
		long n = diag_pcm_step(&pl->pcm, SND_PCM_STREAM_PLAYBACK, pl->buf, pl->chunk);
		if (n < 0) {
			pl->err = (int)n;
			return;
		}
		if (n == 0)
			return;
		pl->pos += (uint64_t)n;
	}
}

void gd_speakers_test(struct gd_ctx *g, const struct diag_part_desc *d)
{
	(void)d;
	int card, dev;
	struct diag_mixer *mx;
	struct diag_part *p = audio_part(g, "speakers", 0, &card, &dev, &mx);
	if (!p)
		return;
	struct player pl = { 0 };
	int rc = diag_pcm_open(&pl.pcm, card, dev, -1, SND_PCM_STREAM_PLAYBACK);
	pl.chunk = pl.pcm.period ? pl.pcm.period : 1024;
	pl.buf = rc ? NULL : calloc(pl.chunk, 2 * sizeof(int16_t));
	if (rc || !pl.buf) {
		diag_fn_skip(p, "could_not_run", NULL, rc ? -rc : 12);
		goto out;
	}
	static const char *const answers[] = {
		N_("Yes, clearly, on that side"),
		N_("Yes, but it crackles or is distorted"),
		N_("Yes, but on the wrong side (or on both)"),
		N_("Nothing"),
	};
	static const char *const sides[] = { N_("Do you hear the beep on the LEFT speaker?"),
					     N_("Do you hear the beep on the RIGHT speaker?") };
	int heard[2] = { 0, 0 }, swapped = 0, distorted = 0;
	for (int side = 0; side < 2; side++) {
		pl.side = side;
		play_idle(&pl);
		gd_mark(g, "speakers", side ? "right" : "left", "");
		int c = gd_choose(g, diag_title("speakers", 1), _(sides[side]), answers, 4, play_idle, &pl);
		snd_pcm_drop(pl.pcm.pcm);
		snd_pcm_prepare(pl.pcm.pcm);
		if (c < 0) {
			if (gd_stop(g, diag_title("speakers", 1), p))
				goto out;
			side--; /* the same side again */
			continue;
		}
		heard[side] = c != 3;
		distorted += c == 1;
		swapped += c == 2;
	}
	if (pl.err)
		json_object_set_new(p->details, "errno", json_integer(-pl.err));
	json_object_set_new(p->details, "rate", json_integer(pl.pcm.rate));
	json_object_set_new(p->details, "frames_played", json_integer((json_int_t)pl.pos));
	diag_metric_set(p, "speakers.left", heard[0]);
	diag_metric_set(p, "speakers.right", heard[1]);
	diag_metric_set(p, "speakers.swapped", swapped);
	diag_metric_set(p, "speakers.distorted", distorted);
out:
	free(pl.buf);
	diag_pcm_close(&pl.pcm);
	audio_end(mx);
}

/* ---- microphone ---------------------------------------------------------------- */

struct listener {
	struct gd_ctx *g;
	struct diag_pcm pcm;
	int16_t *win;       /* a tenth of a second */
	size_t win_frames, have;
	uint32_t level, peak;
	uint64_t frames;
	int err;
};

static void bar(struct gd_ctx *g, int row, uint32_t rms)
{
	/* -60 dBFS (33) .. 0 dBFS (32767) on a log scale, 50 cells */
	int cells = 0;
	for (uint32_t v = 33; v <= rms && cells < 50; cells++)
		v = v * 115 / 100 + 1;
	char line[64];
	memset(line, '#', (size_t)cells);
	memset(line + cells, '.', (size_t)(50 - cells));
	line[50] = '\0';
	gd_ui_text(g->ui, row, 2, GD_NORMAL, "[");
	gd_ui_text(g->ui, row, 3, GD_GOOD, line);
	gd_ui_text(g->ui, row, 53, GD_NORMAL, "]");
}

static void listen_idle(void *arg)
{
	struct listener *li = arg;
	if (li->err)
		return;
	for (;;) {
		long n = diag_pcm_step(&li->pcm, SND_PCM_STREAM_CAPTURE, li->win + 2 * li->have, li->win_frames - li->have);
		if (n < 0) {
			li->err = (int)n;
			return;
		}
		if (n == 0)
			break;
		li->have += (size_t)n;
		li->frames += (uint64_t)n;
		if (li->have == li->win_frames) {
			uint32_t l = diag_tone_rms(li->win, li->have, 2, 0), r = diag_tone_rms(li->win, li->have, 2, 1);
			li->level = l > r ? l : r;
			if (li->level > li->peak)
				li->peak = li->level;
			li->have = 0;
		}
	}
	bar(li->g, 6, li->level);
	gd_ui_refresh(li->g->ui);
}

void gd_microphone_test(struct gd_ctx *g, const struct diag_part_desc *d)
{
	(void)d;
	int card, dev;
	struct diag_mixer *mx;
	struct diag_part *p = audio_part(g, "microphone", 1, &card, &dev, &mx);
	if (!p)
		return;
	struct listener li = { .g = g };
	int rc = diag_pcm_open(&li.pcm, card, dev, -1, SND_PCM_STREAM_CAPTURE);
	li.win_frames = li.pcm.rate ? li.pcm.rate / 10 : 4800;
	li.win = rc ? NULL : calloc(li.win_frames, 2 * sizeof(int16_t));
	if (rc || !li.win) {
		diag_fn_skip(p, "could_not_run", NULL, rc ? -rc : 12);
		goto out;
	}
	snd_pcm_start(li.pcm.pcm);
	int answer = -1;
	for (;;) {
		gd_ui_clear(g->ui);
		gd_ui_frame(g->ui, diag_title("microphone", 1), _(" O: the bar moves with my voice   N: it does not   Esc: stop "));
		gd_ui_wrap(g->ui, 2, 2, GD_BOLD, _("Speak now, near the computer: does the bar move with your voice?"));
		listen_idle(&li);
		gd_mark(g, "microphone", "listening", "");
		while (answer < 0) {
			int k = gd_ui_key(g->ui, 20);
			if (k == GD_KEY_ESC)
				break;
			answer = gd_yes_no_key(k);
			listen_idle(&li);
		}
		if (answer >= 0)
			break;
		if (gd_stop(g, diag_title("microphone", 1), p))
			goto out;
	}
	int faint = 0;
	if (answer == 0) {
		static const char *const why[] = { N_("The bar does not move"), N_("It moves, but only faintly") };
		gd_mark(g, "microphone", "why?", "");
		int c = gd_choose(g, diag_title("microphone", 1), _("What does the bar do?"), why, 2, NULL, NULL);
		if (c == 1) {
			faint = 1;
			answer = 1;
		}
	}
	json_object_set_new(p->details, "rate", json_integer(li.pcm.rate));
	json_object_set_new(p->details, "frames", json_integer((json_int_t)li.frames));
	json_object_set_new(p->details, "peak_rms", json_integer(li.peak));
	if (li.err)
		json_object_set_new(p->details, "errno", json_integer(-li.err));
	diag_metric_set(p, "microphone.heard", answer);
	diag_metric_set(p, "microphone.faint", faint);
	diag_metric_set(p, "microphone.peak_rms", li.peak);
out:
	free(li.win);
	diag_pcm_close(&li.pcm);
	audio_end(mx);
}
