/*
 * keymap.c — the keyboards the keyboard test draws: where each key is and
 * what is printed on it, for the live session's keymap.
 *
 * Keys are evdev codes (linux/input-event-codes.h): a code names a position
 * on the keyboard, not a character (KEY_Q is the key an AZERTY keyboard
 * labels A), so one geometry serves every keymap and only the labels of
 * the 48 character keys change.  Two geometries: ISO (105 keys: the Enter
 * on two rows, a key left of Z/W — French, Belgian, German, British) and
 * ANSI (104: US).  A laptop has no separate keypad, and the keys that
 * laptops rarely have (Scroll Lock, Pause, the right Windows key) are left
 * out; the person marks the ones a keyboard lacks anyway.  The drawing is
 * 4 columns a key unit: the main block takes columns 0-59 of rows 0-5,
 * the navigation keys columns 62-73, the keypad rows 7-11 below them: it
 * fits the 80 × 25 console.
 *
 * The layout is chosen from the keymap (reco.keymap, else the live
 * session's /etc/default/keyboard; French AZERTY when none is said) and
 * from the machine: a laptop (SMBIOS chassis) has no keypad unless the
 * small table of models below says it has.
 */
#include "guided.h"

#include <errno.h>
#include <linux/input-event-codes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/i18n.h"
#include "lib/sysroot.h"

/* The character keys, in the order of the label strings below. */
static const uint16_t char_codes[48] = {
	KEY_GRAVE, KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7, KEY_8, KEY_9, KEY_0, KEY_MINUS, KEY_EQUAL,
	KEY_Q, KEY_W, KEY_E, KEY_R, KEY_T, KEY_Y, KEY_U, KEY_I, KEY_O, KEY_P, KEY_LEFTBRACE, KEY_RIGHTBRACE,
	KEY_A, KEY_S, KEY_D, KEY_F, KEY_G, KEY_H, KEY_J, KEY_K, KEY_L, KEY_SEMICOLON, KEY_APOSTROPHE, KEY_BACKSLASH,
	KEY_102ND, KEY_Z, KEY_X, KEY_C, KEY_V, KEY_B, KEY_N, KEY_M, KEY_COMMA, KEY_DOT, KEY_SLASH,
};

/* What each keymap prints on them (the unshifted character; digits for the
 * number row, as people name those keys). */
static const struct {
	const char *keymap;
	int iso;
	const char *labels[48];
} keymaps[] = {
	{ "fr", 1, { "²", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", ")", "=",
		     "A", "Z", "E", "R", "T", "Y", "U", "I", "O", "P", "^", "$",
		     "Q", "S", "D", "F", "G", "H", "J", "K", "L", "M", "ù", "*",
		     "<", "W", "X", "C", "V", "B", "N", ",", ";", ":", "!" } },
	{ "be", 1, { "²", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", ")", "-",
		     "A", "Z", "E", "R", "T", "Y", "U", "I", "O", "P", "^", "$",
		     "Q", "S", "D", "F", "G", "H", "J", "K", "L", "M", "ù", "µ",
		     "<", "W", "X", "C", "V", "B", "N", ",", ";", ":", "=" } },
	{ "de", 1, { "^", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "ß", "´",
		     "Q", "W", "E", "R", "T", "Z", "U", "I", "O", "P", "Ü", "+",
		     "A", "S", "D", "F", "G", "H", "J", "K", "L", "Ö", "Ä", "#",
		     "<", "Y", "X", "C", "V", "B", "N", "M", ",", ".", "-" } },
	{ "gb", 1, { "`", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "-", "=",
		     "Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P", "[", "]",
		     "A", "S", "D", "F", "G", "H", "J", "K", "L", ";", "'", "#",
		     "\\", "Z", "X", "C", "V", "B", "N", "M", ",", ".", "/" } },
	{ "us", 0, { "`", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "-", "=",
		     "Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P", "[", "]",
		     "A", "S", "D", "F", "G", "H", "J", "K", "L", ";", "'", "\\",
		     "", "Z", "X", "C", "V", "B", "N", "M", ",", ".", "/" } },
};

/* Other names of the same keymaps (console keymaps, XKB names). */
static const struct {
	const char *alias, *keymap;
} aliases[] = {
	{ "fr-latin9", "fr" }, { "fr-latin1", "fr" }, { "fr-pc", "fr" }, { "azerty", "fr" },
	{ "be-latin1", "be" }, { "de-latin1", "de" }, { "uk", "gb" }, { "en", "us" },
};

/* Where the keys are: evdev code, row, column, width, height; the
 * character keys take their label from the keymap, the others from
 * `name` (msgid) and `label` (short msgid, fits the key).  flags: ISO
 * only, ANSI only, desktop only, laptop only, keypad. */
enum { ISO = 1, ANSI = 2, DESK = 4, LAP = 8, PAD = 16 };
struct place {
	uint16_t code;
	uint8_t row, col, width, height, flags;
	const char *label, *name;
};

/* TRANSLATORS: the keyboard test draws these short labels on the keys
 * (at most the key's width: 3 columns for the navigation keys, "Esc",
 * "Ins"...); the longer names are said in lists ("Keys not pressed: ..."). */
static const struct place places[] = {
	{ KEY_ESC, 0, 0, 4, 1, 0, N_("Esc"), N_("Escape") },
	{ KEY_F1, 0, 8, 4, 1, 0, "F1", "F1" }, { KEY_F2, 0, 12, 4, 1, 0, "F2", "F2" },
	{ KEY_F3, 0, 16, 4, 1, 0, "F3", "F3" }, { KEY_F4, 0, 20, 4, 1, 0, "F4", "F4" },
	{ KEY_F5, 0, 26, 4, 1, 0, "F5", "F5" }, { KEY_F6, 0, 30, 4, 1, 0, "F6", "F6" },
	{ KEY_F7, 0, 34, 4, 1, 0, "F7", "F7" }, { KEY_F8, 0, 38, 4, 1, 0, "F8", "F8" },
	{ KEY_F9, 0, 44, 4, 1, 0, "F9", "F9" }, { KEY_F10, 0, 48, 4, 1, 0, "F10", "F10" },
	{ KEY_F11, 0, 52, 4, 1, 0, "F11", "F11" }, { KEY_F12, 0, 56, 4, 1, 0, "F12", "F12" },
	{ KEY_BACKSPACE, 1, 52, 8, 1, 0, "<--", N_("Backspace") },
	{ KEY_TAB, 2, 0, 6, 1, 0, N_("Tab"), N_("Tab") },
	{ KEY_ENTER, 2, 54, 6, 2, ISO, "<-|", N_("Enter") },
	{ KEY_CAPSLOCK, 3, 0, 7, 1, 0, N_("Caps"), N_("Caps Lock") },
	{ KEY_ENTER, 3, 51, 9, 1, ANSI, "<-|", N_("Enter") },
	{ KEY_LEFTSHIFT, 4, 0, 5, 1, ISO, N_("Shift"), N_("Shift") },
	{ KEY_LEFTSHIFT, 4, 0, 9, 1, ANSI, N_("Shift"), N_("Shift") },
	{ KEY_RIGHTSHIFT, 4, 49, 11, 1, 0, N_("Shift"), N_("Right Shift") },
	{ KEY_LEFTCTRL, 5, 0, 5, 1, 0, N_("Ctrl"), N_("Ctrl") },
	{ KEY_LEFTMETA, 5, 5, 5, 1, 0, N_("Win"), N_("Windows") },
	{ KEY_LEFTALT, 5, 10, 5, 1, 0, N_("Alt"), N_("Alt") },
	{ KEY_SPACE, 5, 15, 25, 1, 0, N_("Space"), N_("Space") },
	{ KEY_RIGHTALT, 5, 40, 5, 1, 0, N_("AltGr"), N_("AltGr") },
	{ KEY_RIGHTMETA, 5, 45, 5, 1, DESK, N_("Win"), N_("Right Windows") },
	{ KEY_COMPOSE, 5, 50, 5, 1, 0, N_("Menu"), N_("Menu") },
	{ KEY_RIGHTCTRL, 5, 55, 5, 1, 0, N_("Ctrl"), N_("Right Ctrl") },
	/* navigation: a desktop's block of six and its arrows */
	{ KEY_SYSRQ, 0, 62, 4, 1, 0, N_("Prt"), N_("Print Screen") },
	{ KEY_SCROLLLOCK, 0, 66, 4, 1, DESK, N_("Scr"), N_("Scroll Lock") },
	{ KEY_PAUSE, 0, 70, 4, 1, DESK, N_("Pau"), N_("Pause") },
	{ KEY_INSERT, 1, 62, 4, 1, DESK, N_("Ins"), N_("Insert") },
	{ KEY_HOME, 1, 66, 4, 1, DESK, N_("Hom"), N_("Home") },
	{ KEY_PAGEUP, 1, 70, 4, 1, DESK, N_("PgU"), N_("Page Up") },
	{ KEY_DELETE, 2, 62, 4, 1, DESK, N_("Del"), N_("Delete") },
	{ KEY_END, 2, 66, 4, 1, DESK, N_("End"), N_("End") },
	{ KEY_PAGEDOWN, 2, 70, 4, 1, DESK, N_("PgD"), N_("Page Down") },
	/* ... a laptop's: in the top row and beside the arrows */
	{ KEY_INSERT, 0, 66, 4, 1, LAP, N_("Ins"), N_("Insert") },
	{ KEY_DELETE, 0, 70, 4, 1, LAP, N_("Del"), N_("Delete") },
	{ KEY_HOME, 1, 62, 4, 1, LAP, N_("Hom"), N_("Home") },
	{ KEY_END, 1, 66, 4, 1, LAP, N_("End"), N_("End") },
	{ KEY_PAGEUP, 2, 62, 4, 1, LAP, N_("PgU"), N_("Page Up") },
	{ KEY_PAGEDOWN, 2, 66, 4, 1, LAP, N_("PgD"), N_("Page Down") },
	{ KEY_UP, 4, 66, 4, 1, 0, "^", N_("Up arrow") },
	{ KEY_LEFT, 5, 62, 4, 1, 0, "<", N_("Left arrow") },
	{ KEY_DOWN, 5, 66, 4, 1, 0, "v", N_("Down arrow") },
	{ KEY_RIGHT, 5, 70, 4, 1, 0, ">", N_("Right arrow") },
	/* the keypad */
	{ KEY_NUMLOCK, 7, 62, 4, 1, PAD, N_("Num"), N_("Num Lock") },
	{ KEY_KPSLASH, 7, 66, 4, 1, PAD, "/", N_("Keypad /") },
	{ KEY_KPASTERISK, 7, 70, 4, 1, PAD, "*", N_("Keypad *") },
	{ KEY_KPMINUS, 7, 74, 4, 1, PAD, "-", N_("Keypad -") },
	{ KEY_KP7, 8, 62, 4, 1, PAD, "7", N_("Keypad 7") },
	{ KEY_KP8, 8, 66, 4, 1, PAD, "8", N_("Keypad 8") },
	{ KEY_KP9, 8, 70, 4, 1, PAD, "9", N_("Keypad 9") },
	{ KEY_KPPLUS, 8, 74, 4, 2, PAD, "+", N_("Keypad +") },
	{ KEY_KP4, 9, 62, 4, 1, PAD, "4", N_("Keypad 4") },
	{ KEY_KP5, 9, 66, 4, 1, PAD, "5", N_("Keypad 5") },
	{ KEY_KP6, 9, 70, 4, 1, PAD, "6", N_("Keypad 6") },
	{ KEY_KP1, 10, 62, 4, 1, PAD, "1", N_("Keypad 1") },
	{ KEY_KP2, 10, 66, 4, 1, PAD, "2", N_("Keypad 2") },
	{ KEY_KP3, 10, 70, 4, 1, PAD, "3", N_("Keypad 3") },
	{ KEY_KPENTER, 10, 74, 4, 2, PAD, "<-|", N_("Keypad Enter") },
	{ KEY_KP0, 11, 62, 8, 1, PAD, "0", N_("Keypad 0") },
	{ KEY_KPDOT, 11, 70, 4, 1, PAD, ".", N_("Keypad .") },
};

/* Where each character key sits (row, column), ISO / ANSI. */
static void char_place(size_t i, int iso, uint8_t *row, uint8_t *col, uint8_t *width)
{
	*width = 4;
	if (i < 13) { /* ` 1..0 - = */
		*row = 1;
		*col = (uint8_t)(4 * i);
	} else if (i < 25) { /* Q..P [ ] */
		*row = 2;
		*col = (uint8_t)(6 + 4 * (i - 13));
	} else if (i < 37) { /* A..L ; ' and ISO # / ANSI \ */
		*row = 3;
		*col = (uint8_t)(7 + 4 * (i - 25));
		if (i == 36 && !iso) { /* ANSI backslash: above Enter */
			*row = 2;
			*col = 54;
			*width = 6;
		}
	} else { /* ISO <, Z..M , . / */
		*row = 4;
		*col = (uint8_t)(5 + 4 * (i - 37));
	}
}

void gd_keymap_system(const char *root, char *out, size_t size)
{
	char *text = NULL;
	size_t len = 0;
	out[0] = '\0';
	static const struct {
		const char *file, *key;
	} src[] = { { "/etc/default/keyboard", "XKBLAYOUT=" }, { "/etc/vconsole.conf", "KEYMAP=" } };
	for (size_t s = 0; s < 2 && !out[0]; s++) {
		if (reco_read_file(root ? root : "", src[s].file, &text, &len, 1 << 16) != 0)
			continue;
		for (char *line = text; line && *line;) {
			char *nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			while (*line == ' ' || *line == '\t')
				line++;
			if (strncmp(line, src[s].key, strlen(src[s].key)) == 0) {
				const char *v = line + strlen(src[s].key);
				size_t n = 0;
				if (*v == '"' || *v == '\'')
					v++;
				/* the first layout of a list ("fr,us") */
				while (v[n] && v[n] != '"' && v[n] != '\'' && v[n] != ',' && v[n] != ' ' && n + 1 < size)
					n++;
				snprintf(out, size, "%.*s", (int)n, v);
				break;
			}
			line = nl ? nl + 1 : NULL;
		}
		free(text);
		text = NULL;
	}
}

/* Models whose keypad the chassis type does not tell (matched in the DMI
 * vendor and in the product name or version: Lenovo puts "ThinkPad E590"
 * in the version).  A 15-inch laptop of these ranges has a keypad. */
static const struct {
	const char *vendor, *model;
	int numpad;
} models[] = {
	{ "LENOVO", "ThinkPad E58", 1 }, { "LENOVO", "ThinkPad E59", 1 }, { "LENOVO", "ThinkPad E15", 1 },
	{ "LENOVO", "ThinkPad L58", 1 }, { "LENOVO", "ThinkPad L59", 1 }, { "LENOVO", "ThinkPad T58", 1 },
	{ "LENOVO", "ThinkPad T59", 1 }, { "LENOVO", "ThinkPad T4", 0 }, { "LENOVO", "ThinkPad X", 0 },
	{ "Dell", "Latitude 55", 1 }, { "Dell", "Latitude 35", 1 }, { "Dell", "Latitude 54", 0 },
	{ "Dell", "Latitude 74", 0 }, { "HP", "ProBook 45", 1 }, { "HP", "ProBook 65", 1 },
	{ "HP", "ProBook 43", 0 }, { "HP", "EliteBook 84", 0 },
};

int gd_model_numpad(const char *vendor, const char *product, const char *version)
{
	for (size_t i = 0; vendor && i < sizeof(models) / sizeof(models[0]); i++) {
		if (strncasecmp(vendor, models[i].vendor, strlen(models[i].vendor)) != 0)
			continue;
		if ((product && strstr(product, models[i].model)) || (version && strstr(version, models[i].model)))
			return models[i].numpad;
	}
	return -1;
}

static const char *resolve(const char *keymap)
{
	for (size_t i = 0; keymap && i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcasecmp(keymap, aliases[i].alias) == 0)
			return aliases[i].keymap;
	return keymap;
}

int gd_layout_build(struct gd_layout *l, const char *keymap, int laptop, int numpad)
{
	memset(l, 0, sizeof(*l));
	const char *km = resolve(keymap && *keymap ? keymap : "fr");
	/* "fr(latin9)", "fr-oss": the layout before its variant */
	char base[16];
	snprintf(base, sizeof(base), "%s", km);
	base[strcspn(base, "(-_:")] = '\0';
	size_t k = 0;
	while (k < sizeof(keymaps) / sizeof(keymaps[0]) && strcasecmp(keymaps[k].keymap, base) != 0)
		k++;
	int rc = 0;
	if (k == sizeof(keymaps) / sizeof(keymaps[0])) {
		k = 0;
		rc = -ENOENT;
		l->why = "default";
	} else {
		l->why = keymap && *keymap ? "keymap" : "default";
	}
	snprintf(l->keymap, sizeof(l->keymap), "%s", keymaps[k].keymap);
	int iso = keymaps[k].iso;
	snprintf(l->geometry, sizeof(l->geometry), "%s", iso ? "iso" : "ansi");
	l->laptop = laptop;
	l->numpad = numpad < 0 ? !laptop : numpad;
	for (size_t i = 0; i < 48; i++) {
		const char *label = keymaps[k].labels[i];
		if (!*label)
			continue; /* ANSI: no key left of Z */
		struct gd_key *key = &l->keys[l->n++];
		key->code = char_codes[i];
		char_place(i, iso, &key->row, &key->col, &key->width);
		key->height = 1;
		key->label = key->name = label;
	}
	for (size_t i = 0; i < sizeof(places) / sizeof(places[0]) && l->n < GD_MAX_KEYS; i++) {
		const struct place *p = &places[i];
		if ((p->flags & ISO && !iso) || (p->flags & ANSI && iso) || (p->flags & DESK && laptop) ||
		    (p->flags & LAP && !laptop) || (p->flags & PAD && !l->numpad))
			continue;
		struct gd_key *key = &l->keys[l->n++];
		key->code = p->code;
		key->row = p->row;
		key->col = p->col;
		key->width = p->width;
		key->height = p->height;
		key->label = p->label;
		key->name = p->name;
		key->named = 1;
	}
	return rc;
}

const struct gd_key *gd_layout_key(const struct gd_layout *l, unsigned code)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->keys[i].code == code)
			return &l->keys[i];
	return NULL;
}
