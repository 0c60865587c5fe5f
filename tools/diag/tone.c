/*
 * tone.c — the arithmetic of the speaker→microphone test: a test tone, its
 * detection in a capture (the Goertzel algorithm: one bin of a discrete
 * Fourier transform, G. Goertzel, "An Algorithm for the Evaluation of Finite
 * Trigonometric Series", 1958), the level of a capture, and the HD-audio
 * pin configurations that tell whether a card has built-in speakers and a
 * microphone (Intel High Definition Audio Specification rev. 1.0a, 7.3.3.31
 * "Configuration Default": port connectivity bits 31:30, default device
 * bits 23:20), as the kernel prints them in /proc/asound/cardN/codec#M.
 *
 * The detection is a ratio: twice the power of the frequency's bin over
 * the signal's total power times the number of samples.  A pure tone scores
 * 1 000 000 ppm, two tones of the same level 500 000 each, white noise
 * about 2/N; the sound part calls a tone heard above 50 000 ppm (5 % of
 * what the microphone picked up) with a level above the noise floor.
 */
#include "functions.h"

#include <math.h>
#include <string.h>

uint32_t diag_tone_ppm(const int16_t *s, size_t frames, unsigned channels, unsigned ch, unsigned rate,
		       unsigned freq)
{
	if (!s || frames < 16 || channels == 0 || ch >= channels || rate == 0 || freq == 0 || freq * 2 >= rate)
		return 0;
	double w = 2.0 * M_PI * (double)freq / (double)rate;
	double coeff = 2.0 * cos(w);
	double s1 = 0, s2 = 0, energy = 0;
	for (size_t i = 0; i < frames; i++) {
		double x = s[i * channels + ch];
		energy += x * x;
		double s0 = x + coeff * s1 - s2;
		s2 = s1;
		s1 = s0;
	}
	if (energy <= 0)
		return 0;
	double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
	double r = 2.0 * power / ((double)frames * energy);
	if (r > 1.0)
		r = 1.0;
	if (r < 0)
		r = 0;
	return (uint32_t)(r * 1e6 + 0.5);
}

uint32_t diag_tone_rms(const int16_t *s, size_t frames, unsigned channels, unsigned ch)
{
	if (!s || frames == 0 || channels == 0 || ch >= channels)
		return 0;
	double e = 0;
	for (size_t i = 0; i < frames; i++) {
		double x = s[i * channels + ch];
		e += x * x;
	}
	return (uint32_t)(sqrt(e / (double)frames) + 0.5);
}

void diag_tone_fill(int16_t *s, size_t frames, unsigned rate, unsigned freq_l, unsigned freq_r, int16_t amp,
		    uint64_t start)
{
	for (size_t i = 0; i < frames; i++) {
		double t = (double)(start + i) / (double)rate;
		s[2 * i] = freq_l ? (int16_t)lrint(amp * sin(2.0 * M_PI * freq_l * t)) : 0;
		s[2 * i + 1] = freq_r ? (int16_t)lrint(amp * sin(2.0 * M_PI * freq_r * t)) : 0;
	}
}

void diag_hda_parse_pins(const char *text, size_t len, struct diag_hda_pins *p)
{
	static const char key[] = "Pin Default 0x";
	const size_t kl = sizeof(key) - 1;
	memset(p, 0, sizeof(*p));
	for (size_t i = 0; i + kl <= len; i++) {
		if (text[i] != 'P' || memcmp(text + i, key, kl) != 0)
			continue;
		size_t j = i + kl;
		uint32_t cfg = 0;
		unsigned digits = 0;
		while (j < len && digits < 8) {
			char c = text[j];
			unsigned v;
			if (c >= '0' && c <= '9')
				v = (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				v = (unsigned)(c - 'a' + 10);
			else if (c >= 'A' && c <= 'F')
				v = (unsigned)(c - 'A' + 10);
			else
				break;
			cfg = cfg << 4 | v;
			digits++;
			j++;
		}
		i = j - 1;
		if (digits != 8)
			continue;
		unsigned conn = cfg >> 30, dev = (cfg >> 20) & 0xf;
		if (conn == 1)
			continue; /* no physical connection */
		if (dev == 0x1)
			p->speakers++;
		else if (dev == 0x2)
			p->headphones++;
		else if (dev == 0xA) {
			p->mics++;
			if (conn == 2)
				p->int_mics++;
		}
	}
}
