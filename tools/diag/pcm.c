/*
 * pcm.c — ALSA PCM streams and the mixer for reco diag's sound tests
 * (pcm.h): moved out of sound.c so that the guided speaker and microphone
 * tests share them.
 */
#include "pcm.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* A value at pct percent of an element's range. */
static long at_pct(long lo, long hi, int pct)
{
	return lo + (hi - lo) * pct / 100;
}

/* Opens the card's mixer, remembers every simple element's switches and
 * volumes, then switches playback and capture on at 80 % (a card starts
 * muted until something like alsactl sets it; the test must not fail for
 * that).  Returns 0, or -errno (the test then runs with the mixer as is). */
int diag_mixer_prepare(int card, struct diag_mixer *ms)
{
	char hw[32];
	memset(ms, 0, sizeof(*ms));
	snprintf(hw, sizeof(hw), "hw:%d", card);
	int rc;
	if ((rc = snd_mixer_open(&ms->m, 0)) < 0)
		return rc;
	if ((rc = snd_mixer_attach(ms->m, hw)) < 0 || (rc = snd_mixer_selem_register(ms->m, NULL, NULL)) < 0 ||
	    (rc = snd_mixer_load(ms->m)) < 0) {
		snd_mixer_close(ms->m);
		ms->m = NULL;
		return rc;
	}
	for (snd_mixer_elem_t *el = snd_mixer_first_elem(ms->m); el && ms->n < DIAG_MIX_MAX; el = snd_mixer_elem_next(el)) {
		if (!snd_mixer_selem_is_active(el))
			continue;
		size_t i = ms->n;
		if (snd_mixer_selem_id_malloc(&ms->e[i].id) < 0)
			break;
		snd_mixer_selem_get_id(el, ms->e[i].id);
		long lo, hi;
		for (int ch = 0; ch < 2; ch++) {
			snd_mixer_selem_channel_id_t c = ch ? SND_MIXER_SCHN_FRONT_RIGHT : SND_MIXER_SCHN_FRONT_LEFT;
			if (snd_mixer_selem_has_playback_volume(el)) {
				ms->e[i].has_pvol = 1;
				snd_mixer_selem_get_playback_volume(el, c, &ms->e[i].pvol[ch]);
			}
			if (snd_mixer_selem_has_playback_switch(el)) {
				ms->e[i].has_psw = 1;
				snd_mixer_selem_get_playback_switch(el, c, &ms->e[i].psw[ch]);
			}
			if (snd_mixer_selem_has_capture_volume(el)) {
				ms->e[i].has_cvol = 1;
				snd_mixer_selem_get_capture_volume(el, c, &ms->e[i].cvol[ch]);
			}
			if (snd_mixer_selem_has_capture_switch(el)) {
				ms->e[i].has_csw = 1;
				snd_mixer_selem_get_capture_switch(el, c, &ms->e[i].csw[ch]);
			}
		}
		ms->n++;
		if (snd_mixer_selem_has_playback_volume(el) &&
		    snd_mixer_selem_get_playback_volume_range(el, &lo, &hi) == 0 && hi > lo)
			snd_mixer_selem_set_playback_volume_all(el, at_pct(lo, hi, 80));
		if (snd_mixer_selem_has_playback_switch(el))
			snd_mixer_selem_set_playback_switch_all(el, 1);
		if (snd_mixer_selem_has_capture_volume(el) &&
		    snd_mixer_selem_get_capture_volume_range(el, &lo, &hi) == 0 && hi > lo)
			snd_mixer_selem_set_capture_volume_all(el, at_pct(lo, hi, 80));
		if (snd_mixer_selem_has_capture_switch(el))
			snd_mixer_selem_set_capture_switch_all(el, 1);
	}
	return 0;
}

void diag_mixer_restore(struct diag_mixer *ms)
{
	if (!ms->m)
		return;
	for (size_t i = 0; i < ms->n; i++) {
		snd_mixer_elem_t *el = snd_mixer_find_selem(ms->m, ms->e[i].id);
		for (int ch = 0; el && ch < 2; ch++) {
			snd_mixer_selem_channel_id_t c = ch ? SND_MIXER_SCHN_FRONT_RIGHT : SND_MIXER_SCHN_FRONT_LEFT;
			if (ms->e[i].has_pvol)
				snd_mixer_selem_set_playback_volume(el, c, ms->e[i].pvol[ch]);
			if (ms->e[i].has_psw)
				snd_mixer_selem_set_playback_switch(el, c, ms->e[i].psw[ch]);
			if (ms->e[i].has_cvol)
				snd_mixer_selem_set_capture_volume(el, c, ms->e[i].cvol[ch]);
			if (ms->e[i].has_csw)
				snd_mixer_selem_set_capture_switch(el, c, ms->e[i].csw[ch]);
		}
		snd_mixer_selem_id_free(ms->e[i].id);
	}
	snd_mixer_close(ms->m);
	ms->m = NULL;
}

static int standard_rate(unsigned r)
{
	return r == 44100 || r == 48000 || r == 88200 || r == 96000 || r == 32000;
}


/* Opens plughw:card,dev,sub in the given direction, 16-bit stereo,
 * non-blocking, resampling disabled so that the rate is the hardware's. */
int diag_pcm_open(struct diag_pcm *r, int card, int dev, int sub, snd_pcm_stream_t dir)
{
	char name[64];
	if (sub >= 0)
		snprintf(name, sizeof(name), "plughw:%d,%d,%d", card, dev, sub);
	else
		snprintf(name, sizeof(name), "plughw:%d,%d", card, dev);
	memset(r, 0, sizeof(*r));
	int rc = snd_pcm_open(&r->pcm, name, dir, SND_PCM_NONBLOCK | SND_PCM_NO_AUTO_RESAMPLE);
	if (rc < 0) {
		r->err = rc;
		r->failed_at = "open";
		r->pcm = NULL;
		return rc;
	}
	snd_pcm_hw_params_t *hw;
	snd_pcm_hw_params_alloca(&hw);
	unsigned rate = DIAG_PCM_RATE, btime = 400000, ptime = 50000;
	if ((rc = snd_pcm_hw_params_any(r->pcm, hw)) < 0 ||
	    (rc = snd_pcm_hw_params_set_access(r->pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED)) < 0 ||
	    (rc = snd_pcm_hw_params_set_format(r->pcm, hw, SND_PCM_FORMAT_S16_LE)) < 0 ||
	    (rc = snd_pcm_hw_params_set_channels(r->pcm, hw, 2)) < 0 ||
	    (rc = snd_pcm_hw_params_set_rate_near(r->pcm, hw, &rate, NULL)) < 0 ||
	    (rc = snd_pcm_hw_params_set_buffer_time_near(r->pcm, hw, &btime, NULL)) < 0 ||
	    (rc = snd_pcm_hw_params_set_period_time_near(r->pcm, hw, &ptime, NULL)) < 0 ||
	    (rc = snd_pcm_hw_params(r->pcm, hw)) < 0) {
		r->err = rc;
		r->failed_at = "params";
		return rc;
	}
	snd_pcm_hw_params_get_period_size(hw, &r->period, NULL);
	r->rate = rate;
	r->channels = 2;
	if (!standard_rate(rate)) {
		r->err = -EINVAL;
		r->failed_at = "rate";
		return -EINVAL;
	}
	return 0;
}

void diag_pcm_close(struct diag_pcm *r)
{
	if (r->pcm)
		snd_pcm_close(r->pcm);
	r->pcm = NULL;
}

/* One step of a stream: writes (play) or reads (capture) what is
 * available.  buf holds at least r->period frames.  Returns frames moved,
 * 0 when nothing was ready, or -errno (fatal). */
long diag_pcm_step(struct diag_pcm *r, snd_pcm_stream_t dir, int16_t *buf, size_t frames)
{
	snd_pcm_sframes_t n = dir == SND_PCM_STREAM_PLAYBACK ? snd_pcm_writei(r->pcm, buf, frames)
							     : snd_pcm_readi(r->pcm, buf, frames);
	if (n == -EAGAIN)
		return 0;
	if (n == -EPIPE || n == -ESTRPIPE) {
		r->xruns++;
		int rc = snd_pcm_recover(r->pcm, (int)n, 1);
		if (rc < 0)
			return rc;
		if (dir == SND_PCM_STREAM_CAPTURE)
			snd_pcm_start(r->pcm);
		return 0;
	}
	if (n < 0)
		return n;
	r->frames += (uint64_t)n;
	return n;
}

