/*
 * pcm.h — ALSA PCM streams and the mixer, as reco diag's sound tests use
 * them (alsa-lib): the automatic sound part (sound.c) and the guided
 * speaker and microphone tests (guided_audio.c).  A stream is opened on
 * plughw:card,dev[,sub], 16-bit stereo, non-blocking, at 48 kHz or the
 * nearest standard rate the hardware runs without resampling; a step moves
 * what is ready and counts underruns/overruns.  The mixer is set audible
 * for a test (every playback and capture control on, at 80 %) and put back
 * as it was after.  Nothing here prints.
 */
#ifndef RECO_DIAG_PCM_H
#define RECO_DIAG_PCM_H

#include <stddef.h>
#include <stdint.h>

#include <alsa/asoundlib.h>

#define DIAG_PCM_RATE 48000

#define DIAG_MIX_MAX 48

struct diag_mixer {
	snd_mixer_t *m;
	size_t n;
	struct {
		snd_mixer_selem_id_t *id;
		int has_pvol, has_psw, has_cvol, has_csw;
		long pvol[2], cvol[2];
		int psw[2], csw[2];
	} e[DIAG_MIX_MAX];
};

/* Opens the card's mixer, remembers every simple element's switches and
 * volumes, then switches playback and capture on at 80 % (a card starts
 * muted until something like alsactl sets it; a test must not fail for
 * that).  Returns 0, or -errno (the test then runs with the mixer as is). */
int diag_mixer_prepare(int card, struct diag_mixer *ms);
/* Puts every element back as diag_mixer_prepare found it, and closes. */
void diag_mixer_restore(struct diag_mixer *ms);

struct diag_pcm {
	snd_pcm_t *pcm;
	unsigned rate, channels;
	snd_pcm_uframes_t period;
	int err;         /* -errno of the first failure */
	const char *failed_at; /* "open", "params", "run", "stall" */
	unsigned xruns;
	uint64_t frames;
};

/* Opens plughw:card,dev[,sub] (sub -1: any) in direction dir, 16-bit
 * stereo, non-blocking, resampling disabled so that the rate is the
 * hardware's (a non-standard one is refused: r->err -EINVAL).  0, or
 * -errno with r->err and r->failed_at set ("open", "params", "rate"). */
int diag_pcm_open(struct diag_pcm *r, int card, int dev, int sub, snd_pcm_stream_t dir);
void diag_pcm_close(struct diag_pcm *r);
/* One step of a stream: writes (play) or reads (capture) up to frames.
 * Returns frames moved, 0 when nothing was ready (or after an xrun,
 * counted and recovered), or -errno (fatal). */
long diag_pcm_step(struct diag_pcm *r, snd_pcm_stream_t dir, int16_t *buf, size_t frames);

#endif
