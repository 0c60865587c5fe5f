/*
 * sound.c — the sound part: one per ALSA card (alsa-lib).
 *
 * Every PCM device of the card (snd_ctl_pcm_next_device / snd_ctl_pcm_info)
 * is opened in each direction it has, set to 16-bit stereo at 48 kHz (or the
 * nearest rate the hardware runs without resampling, which must be a
 * standard one), and run for half a second: a quiet tone played, or a
 * capture read; underruns/overruns (-EPIPE) and stalls (no frame for two
 * seconds) are counted.  A card starts muted until something sets its
 * mixer (alsactl, a desktop): for the test every playback and capture
 * control is switched on at 80 %, and put back as it was after.  On a laptop, when the card has built-in speakers and a
 * microphone (HD-audio pin configurations, tone.c; or a pairing from the
 * table below), a 1 kHz tone on the left speaker and a 1.5 kHz tone on the
 * right one are played while the microphone records: each frequency found in
 * the capture proves that side's speaker and the microphone.
 *
 * Metrics: sound.devices (tested), sound.devices_failed, sound.xruns,
 * sound.loop_silent, sound.loop_left, sound.loop_right (the last three only
 * when the speaker→microphone test ran), sound.loop_failed (it could not
 * run), sound.loop_missing (a laptop card with speakers and no microphone).
 */
#include "functions.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcm.h"

#include "lib/json.h"
#include "lib/sysroot.h"
#include "lib/util.h"

#define RUN_MS 500
#define LOOP_MS 1500
#define LOOP_SKIP_MS 500     /* latency before the tone reaches the capture */
#define LOOP_FILL_PERIODS 4  /* playback periods written between two capture reads */
#define FREQ_LEFT 1000
#define FREQ_RIGHT 1500
#define HEARD_PPM 50000
#define SILENT_RMS 8         /* of 32767: about -72 dBFS */

/* Cards whose speaker→microphone path is known without pin
 * configurations: the kernel's loopback card plays device 0 back on the
 * capture of device 1 (Documentation/sound/cards/... snd-aloop). */
static const struct {
	const char *driver;
	int play_dev, cap_dev, sub; /* sub: the substream pair, -1 any */
} pairs[] = {
	{ "Loopback", 0, 1, 0 },
};

/* Runs one direction for RUN_MS: the two test tones out (quietly), or a
 * capture read and dropped. */
static void pcm_exercise(struct diag_pcm *r, snd_pcm_stream_t dir)
{
	size_t chunk = r->period ? r->period : 1024;
	int16_t *buf = calloc(chunk, 2 * sizeof(int16_t));
	if (!buf) {
		r->err = -ENOMEM;
		r->failed_at = "run";
		return;
	}
	uint64_t want = (uint64_t)r->rate * RUN_MS / 1000;
	if (dir == SND_PCM_STREAM_CAPTURE)
		snd_pcm_start(r->pcm);
	uint64_t t_last = reco_now_ns();
	while (r->frames < want) {
		int w = snd_pcm_wait(r->pcm, 1000);
		if (dir == SND_PCM_STREAM_PLAYBACK)
			diag_tone_fill(buf, chunk, r->rate, FREQ_LEFT, FREQ_RIGHT, 4000, r->frames);
		long n = w < 0 ? w : diag_pcm_step(r, dir, buf, chunk);
		if (n < 0) {
			r->err = (int)n;
			r->failed_at = "run";
			break;
		}
		if (n > 0)
			t_last = reco_now_ns();
		else if ((reco_now_ns() - t_last) / 1000000 > 2000) {
			r->err = -ETIMEDOUT;
			r->failed_at = "stall"; /* the device stopped taking or giving frames */
			break;
		}
	}
	if (dir == SND_PCM_STREAM_PLAYBACK && !r->err) {
		snd_pcm_nonblock(r->pcm, 0);
		snd_pcm_drain(r->pcm);
	}
	free(buf);
}

static json_t *pcm_json(int dev, const char *dir, const char *name, const struct diag_pcm *r)
{
	json_t *o = json_pack("{s:i,s:s}", "device", dev, "stream", dir);
	reco_json_set_str(o, "name", name);
	if (r->rate)
		json_object_set_new(o, "rate", json_integer(r->rate));
	json_object_set_new(o, "frames", json_integer((json_int_t)r->frames));
	json_object_set_new(o, "xruns", json_integer(r->xruns));
	if (r->err) {
		json_object_set_new(o, "failed_at", json_string(r->failed_at ? r->failed_at : "run"));
		json_object_set_new(o, "errno", json_integer(-r->err));
	}
	return o;
}

/* The speaker→microphone test on card: plays the two tones on play_dev
 * while capturing cap_dev.  Fills the loop metrics and details.loopback. */
static void loopback(struct diag_part *p, int card, int play_dev, int cap_dev, int sub)
{
	struct diag_pcm pl, cp;
	json_t *o = json_object();
	json_object_set_new(p->details, "loopback", o);
	json_object_set_new(o, "playback_device", json_integer(play_dev));
	json_object_set_new(o, "capture_device", json_integer(cap_dev));
	if (diag_pcm_open(&pl, card, play_dev, sub, SND_PCM_STREAM_PLAYBACK) != 0 ||
	    diag_pcm_open(&cp, card, cap_dev, sub, SND_PCM_STREAM_CAPTURE) != 0) {
		json_object_set_new(o, "errno", json_integer(pl.err ? -pl.err : -cp.err));
		diag_pcm_close(&pl);
		diag_pcm_close(&cp);
		diag_metric_set(p, "sound.loop_failed", 1);
		return;
	}
	size_t total = (size_t)cp.rate * LOOP_MS / 1000, skip = (size_t)cp.rate * LOOP_SKIP_MS / 1000;
	size_t chunk = pl.period ? pl.period : 1024;
	int16_t *cap = calloc(total + cp.period + 1, 2 * sizeof(int16_t));
	/* one second of the two tones, computed before the streams run: both
	 * frequencies make whole cycles in a second, so the table loops
	 * seamlessly and playing costs a copy, not a sine per sample */
	int16_t *tone = calloc(pl.rate, 2 * sizeof(int16_t));
	if (!cap || !tone) {
		free(cap);
		free(tone);
		diag_pcm_close(&pl);
		diag_pcm_close(&cp);
		json_object_set_new(o, "errno", json_integer(ENOMEM));
		diag_metric_set(p, "sound.loop_failed", 1);
		return;
	}
	diag_tone_fill(tone, pl.rate, pl.rate, FREQ_LEFT, FREQ_RIGHT, 8000, 0);
	uint64_t played = 0;
	size_t got = 0;
	snd_pcm_start(cp.pcm);
	uint64_t t0 = reco_now_ns();
	int err = 0;
	/* an emulated card may capture slower than real time: up to 8 × */
	while (got < total && (reco_now_ns() - t0) / 1000000 < LOOP_MS * 8) {
		/* top the playback buffer up, a few periods at most before the
		 * capture is read again: an unbounded fill starved the capture
		 * into overruns whenever writing took as long as playing */
		for (int i = 0; i < LOOP_FILL_PERIODS; i++) {
			size_t at = (size_t)(played % pl.rate), len = pl.rate - at < chunk ? pl.rate - at : chunk;
			long n = diag_pcm_step(&pl, SND_PCM_STREAM_PLAYBACK, tone + 2 * at, len);
			if (n <= 0) {
				if (n < 0)
					err = (int)n;
				break;
			}
			played += (uint64_t)n;
		}
		long n = diag_pcm_step(&cp, SND_PCM_STREAM_CAPTURE, cap + 2 * got,
				  total - got < cp.period ? total - got : cp.period);
		if (n < 0 || err) {
			err = n < 0 ? (int)n : err;
			break;
		}
		got += (size_t)n;
		if (n == 0)
			snd_pcm_wait(cp.pcm, 50);
	}
	snd_pcm_drop(pl.pcm);
	json_object_set_new(o, "captured_frames", json_integer((json_int_t)got));
	json_object_set_new(o, "played_frames", json_integer((json_int_t)played));
	json_object_set_new(o, "ms", json_integer((json_int_t)((reco_now_ns() - t0) / 1000000)));
	json_object_set_new(o, "xruns", json_integer(pl.xruns + cp.xruns));
	json_object_set_new(o, "capture_overruns", json_integer(cp.xruns));
	/* a slow capture (an emulated card) is judged on what came in, as
	 * long as a quarter of a second of it follows the latency skipped */
	size_t min = skip + (size_t)cp.rate / 4;
	if (err || got < min) {
		json_object_set_new(o, "errno", json_integer(err ? -err : ETIMEDOUT));
		diag_metric_set(p, "sound.loop_failed", 1);
	} else {
		const int16_t *a = cap + 2 * skip;
		size_t n = got - skip;
		/* both channels of the capture: a stereo microphone pair may have
		 * one side closer to each speaker; take the better of the two */
		uint32_t rms = 0, l = 0, r = 0;
		for (unsigned ch = 0; ch < 2; ch++) {
			uint32_t x = diag_tone_rms(a, n, 2, ch);
			uint32_t pl_ = diag_tone_ppm(a, n, 2, ch, cp.rate, FREQ_LEFT);
			uint32_t pr_ = diag_tone_ppm(a, n, 2, ch, cp.rate, FREQ_RIGHT);
			rms = x > rms ? x : rms;
			l = pl_ > l ? pl_ : l;
			r = pr_ > r ? pr_ : r;
		}
		int silent = rms < SILENT_RMS;
		json_object_set_new(o, "capture_rms", json_integer(rms));
		json_object_set_new(o, "left_ppm", json_integer(l));
		json_object_set_new(o, "right_ppm", json_integer(r));
		json_object_set_new(o, "left_hz", json_integer(FREQ_LEFT));
		json_object_set_new(o, "right_hz", json_integer(FREQ_RIGHT));
		diag_metric_set(p, "sound.loop_silent", silent);
		diag_metric_set(p, "sound.loop_left", !silent && l >= HEARD_PPM);
		diag_metric_set(p, "sound.loop_right", !silent && r >= HEARD_PPM);
	}
	free(cap);
	free(tone);
	diag_pcm_close(&pl);
	diag_pcm_close(&cp);
}

/* The speaker→microphone pair of a card, from the pairing table or its
 * HD-audio codecs: 1 and the devices, 0 none. */
static int speaker_mic_pair(const struct diag_fn_ctx *c, int card, const char *driver, int have_cap0,
			    int dmic_dev, int *play_dev, int *cap_dev, int *sub, struct diag_part *p)
{
	*sub = -1;
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (strcmp(driver, pairs[i].driver) == 0) {
			*play_dev = pairs[i].play_dev;
			*cap_dev = pairs[i].cap_dev;
			*sub = pairs[i].sub;
			return 1;
		}
	struct diag_hda_pins all = { 0 };
	for (int codec = 0; codec < 8; codec++) {
		char path[128], *text = NULL;
		size_t len = 0;
		snprintf(path, sizeof(path), "/proc/asound/card%d/codec#%d", card, codec);
		if (reco_read_file(c->root, path, &text, &len, 1 << 20) != 0)
			continue;
		struct diag_hda_pins pins;
		diag_hda_parse_pins(text, len, &pins);
		free(text);
		all.speakers += pins.speakers;
		all.mics += pins.mics;
		all.int_mics += pins.int_mics;
		all.headphones += pins.headphones;
	}
	json_object_set_new(p->details, "pins",
			    json_pack("{s:i,s:i,s:i,s:i}", "speakers", all.speakers, "mics", all.mics,
				      "internal_mics", all.int_mics, "headphones", all.headphones));
	/* built-in microphones on recent Intel laptops are a DMIC device of
	 * the card, not a codec pin */
	if (all.speakers && (all.mics || dmic_dev >= 0)) {
		*play_dev = 0;
		*cap_dev = dmic_dev >= 0 ? dmic_dev : 0;
		return dmic_dev >= 0 || have_cap0;
	}
	return 0;
}

static void card_part(const struct diag_fn_ctx *c, int card, struct diag_part *p)
{
	snd_ctl_t *ctl;
	char hw[32];
	snprintf(hw, sizeof(hw), "hw:%d", card);
	if (snd_ctl_open(&ctl, hw, 0) < 0) {
		diag_fn_skip(p, DIAG_SKIP_ERROR, NULL, EIO);
		return;
	}
	snd_ctl_card_info_t *info;
	snd_ctl_card_info_alloca(&info);
	char driver[64] = "";
	if (snd_ctl_card_info(ctl, info) == 0) {
		snprintf(driver, sizeof(driver), "%s", snd_ctl_card_info_get_driver(info));
		reco_json_set_str(p->details, "driver", driver);
		reco_json_set_str(p->details, "name", snd_ctl_card_info_get_name(info));
	}
	/* the mixer set audible for the test, put back after (not in read-only
	 * mode: the card is then tested as it is set) */
	struct diag_mixer *ms = calloc(1, sizeof(*ms));
	if (ms && !c->read_only) {
		int mrc = diag_mixer_prepare(card, ms);
		json_object_set_new(p->details, "mixer_set", json_boolean(mrc == 0));
	}
	json_t *devs = json_array();
	json_object_set_new(p->details, "pcm", devs);
	int tested = 0, failed = 0, have_cap0 = 0, dmic = -1;
	unsigned xruns = 0;
	int dev = -1;
	while (snd_ctl_pcm_next_device(ctl, &dev) == 0 && dev >= 0) {
		for (int d = 0; d < 2; d++) {
			snd_pcm_stream_t dir = d ? SND_PCM_STREAM_CAPTURE : SND_PCM_STREAM_PLAYBACK;
			snd_pcm_info_t *pi;
			snd_pcm_info_alloca(&pi);
			snd_pcm_info_set_device(pi, (unsigned)dev);
			snd_pcm_info_set_subdevice(pi, 0);
			snd_pcm_info_set_stream(pi, dir);
			if (snd_ctl_pcm_info(ctl, pi) < 0)
				continue; /* no such direction */
			const char *pname = snd_pcm_info_get_name(pi);
			if (dir == SND_PCM_STREAM_CAPTURE) {
				if (dev == 0)
					have_cap0 = 1;
				if (pname && strstr(pname, "DMIC") && dmic < 0)
					dmic = dev;
			}
			struct diag_pcm r;
			if (diag_pcm_open(&r, card, dev, -1, dir) == 0)
				pcm_exercise(&r, dir);
			tested++;
			failed += r.err != 0;
			xruns += r.xruns;
			json_array_append_new(devs, pcm_json(dev, d ? "capture" : "playback", pname, &r));
			diag_pcm_close(&r);
		}
	}
	snd_ctl_close(ctl);
	diag_metric_set(p, "sound.devices", tested);
	diag_metric_set(p, "sound.devices_failed", failed);
	diag_metric_set(p, "sound.xruns", xruns);
	int play_dev, cap_dev, sub;
	if (!speaker_mic_pair(c, card, driver, have_cap0, dmic, &play_dev, &cap_dev, &sub, p)) {
		json_object_set_new(p->details, "loopback_skipped", json_string(DIAG_SKIP_NO_PAIR));
		/* a laptop's card with speakers and no microphone to hear them:
		 * its speakers were not tested */
		json_t *pins = json_object_get(p->details, "pins");
		if (c->laptop && json_integer_value(json_object_get(pins, "speakers")) > 0)
			diag_metric_set(p, "sound.loop_missing", 1);
	}
	else if (!c->laptop)
		json_object_set_new(p->details, "loopback_skipped", json_string(DIAG_SKIP_NOT_LAPTOP));
	else
		loopback(p, card, play_dev, cap_dev, sub);
	if (ms)
		diag_mixer_restore(ms);
	free(ms);
}

int diag_sound_read(const struct diag_fn_ctx *c, struct diag_part *out, size_t max)
{
	int n = 0;
	if (!c->live) {
		/* the cards of a captured tree, without playing anything */
		for (int card = 0; card < 32 && (size_t)n < max; card++) {
			char path[64], id[32];
			snprintf(path, sizeof(path), "/proc/asound/card%d/id", card);
			if (reco_read_str(c->root, path, id, sizeof(id)) != 0)
				continue;
			if (diag_part_init(&out[n], "sound", id) != 0)
				break;
			diag_fn_skip(&out[n], DIAG_SKIP_NO_LIVE, NULL, 0);
			n++;
		}
		return n;
	}
	int card = -1;
	while (snd_card_next(&card) == 0 && card >= 0 && (size_t)n < max) {
		char *id = NULL;
		char name[32];
		snprintf(name, sizeof(name), "card%d", card);
		if (snd_card_get_name(card, &id) == 0 && id) {
			/* the card's id is the stable name (/proc/asound/cardN/id) */
			char path[64], cid[32];
			snprintf(path, sizeof(path), "/proc/asound/card%d/id", card);
			if (reco_read_str("", path, cid, sizeof(cid)) == 0)
				snprintf(name, sizeof(name), "%s", cid);
			free(id);
		}
		struct diag_part *p = &out[n];
		if (diag_part_init(p, "sound", name) != 0)
			break;
		n++;
		json_object_set_new(p->details, "card", json_integer(card));
		card_part(c, card, p);
	}
	snd_config_update_free_global();
	return n;
}

const struct diag_part_desc diag_sound_desc = { "sound", DIAG_NEEDS_MACHINE, NULL, diag_fn_run_part,
						(const void *)(diag_fn_reader)diag_sound_read };
