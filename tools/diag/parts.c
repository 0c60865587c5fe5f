/*
 * parts.c — the kinds of part reco diag judges, and their words.
 *
 * One row per kind: its name for people, and whether every machine has one
 * (processor, memory, cooling: never ABSENT) or only some (a battery, a
 * disk, a camera).  How each runs is its descriptor (table.c); the
 * measurements it requires and its thresholds are rows of rules.c.
 * Titles and verdict words are msgids, rendered translated or in English
 * (documents choose their language apart from the user's locale).
 */
#include "diag.h"

#include <string.h>

#include "lib/i18n.h"

/* The order of --only's bits (1 << index). */
static const struct diag_part_kind kinds[] = {
	{ "cpu", N_("Processor"), 1 },
	{ "ram", N_("Memory"), 1 },
	{ "disk", N_("Disk"), 0 },
	{ "battery", N_("Battery"), 0 },
	{ "thermal", N_("Cooling"), 1 },
	/* the functions a family uses (functions.h): some machines lack them */
	{ "power", N_("Power"), 0 },
	{ "wifi", N_("Wi-Fi"), 0 },
	{ "bluetooth", N_("Bluetooth"), 0 },
	{ "ethernet", N_("Ethernet"), 0 },
	{ "sound", N_("Sound"), 0 },
	{ "camera", N_("Camera"), 0 },
	{ "usb", N_("USB ports"), 0 },
	{ "screen", N_("Screen"), 0 },
	{ "media", N_("Optical drive / card reader"), 0 },
	/* what a person judges, guided by reco menu (guided.h) */
	{ "keyboard", N_("Keyboard"), 0, 1 },
	{ "touchpad", N_("Touchpad, mouse"), 0, 1 },
	{ "display", N_("Screen, seen"), 0, 1 },
	{ "webcam", N_("Camera, seen"), 0, 1 },
	{ "speakers", N_("Speakers"), 0, 1 },
	{ "microphone", N_("Microphone"), 0, 1 },
	{ "usbports", N_("USB ports, tried"), 0, 1 },
};

const struct diag_part_kind *diag_part_kinds(size_t *count)
{
	*count = sizeof(kinds) / sizeof(kinds[0]);
	return kinds;
}

const struct diag_part_kind *diag_part_kind(const char *part)
{
	for (size_t i = 0; part && i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].part, part) == 0)
			return &kinds[i];
	return NULL;
}

const char *diag_title(const char *part, int translated)
{
	const struct diag_part_kind *k = diag_part_kind(part);
	if (!k)
		return part ? part : "?";
	return translated ? _(k->title) : k->title;
}

static const char *const verdict_names[] = { "PASS", "WARN", "NOT_TESTED", "FAIL", "ABSENT" };
static const char *const verdict_words[] = { N_("good"), N_("to watch"), N_("not tested"), N_("faulty"),
					     N_("absent") };

const char *diag_verdict_name(enum diag_verdict v)
{
	return (unsigned)v < 5 ? verdict_names[v] : "NOT_TESTED";
}

int diag_verdict_parse(const char *s)
{
	for (int i = 0; s && i < 5; i++)
		if (strcmp(s, verdict_names[i]) == 0)
			return i;
	return -1;
}

const char *diag_words(const char *verdict, int translated)
{
	int v = diag_verdict_parse(verdict);
	if (v < 0)
		return verdict ? verdict : "?";
	return translated ? _(verdict_words[v]) : verdict_words[v];
}

const char *diag_part_title(const char *part)
{
	return diag_title(part, 1);
}

const char *diag_verdict_words(enum diag_verdict v)
{
	return diag_words(diag_verdict_name(v), 1);
}
