/*
 * guided.h — the guided tests of reco diag: what only a person can judge
 * (a key that does not register, a line of dead pixels, a touchpad that
 * jumps, a crackling speaker, a dark camera picture, a dead USB port).
 *
 * Each guided test is a kind of part of its own (parts.c: keyboard,
 * touchpad, display, speakers, microphone, webcam, usbports), beside the
 * automatic parts it complements (screen, sound, camera, usb): the
 * certificate's "Fonctions testées" lists both, and says "tested on all its
 * functions" only when a person judged these too.  A guided part records
 * what was measured (the keys read from evdev, the pointer's targets
 * reached, the level a microphone gave, the speed of each port) and what
 * the person answered, as metrics and codes; the rows of rules.c turn them
 * into verdicts.  Every test can be skipped: the part is then NOT_TESTED
 * "skipped by the volunteer" with the reason chosen (or ABSENT when the
 * person says the computer has none); a skipped test never blocks
 * anything.  Without a person at a terminal (unattended mode) a guided
 * part is NOT_TESTED "needs a person".
 *
 * Pieces: the text face (gui.c, ncurses on the terminal the person sees),
 * input devices (evdev.c: libevdev, or a script for the tests), the screen
 * drawn through KMS (kms.c: libdrm dumb buffers, so it works on the console
 * without X; pattern.c fills and converts pictures), the keyboard layouts
 * (keymap.c), and one file per test (guided_*.c).  The pure pieces (layout
 * choice, the key set and its verdict, pointer targets, picture filling and
 * conversion) are unit-tested; the devices are tested in the VM.
 */
#ifndef RECO_DIAG_GUIDED_H
#define RECO_DIAG_GUIDED_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "functions.h"

/* ---- the text face (gui.c) ------------------------------------------------ */

enum gd_attr { GD_NORMAL = 0, GD_BOLD = 1, GD_REVERSE = 2, GD_GOOD = 4, GD_BAD = 8, GD_DIM = 16 };

struct gd_ui;

/* Opens the text face on the person's terminal: stdin/stdout when both are
 * terminals (and stdout is not kept for --json), else /dev/tty.  NULL when
 * there is none (no person to ask). */
struct gd_ui *gd_ui_open(int stdout_free);
/* Ends the text face (the terminal as it was). */
void gd_ui_close(struct gd_ui *u);
/* Clears the screen for the next painting. */
void gd_ui_clear(struct gd_ui *u);
/* The next refresh repaints everything (after a full-screen picture). */
void gd_ui_invalidate(struct gd_ui *u);
/* Text at row, col (cut to the width; UTF-8), with attributes. */
void gd_ui_text(struct gd_ui *u, int row, int col, int attr, const char *s);
/* The same, cut to width columns. */
void gd_ui_textw(struct gd_ui *u, int row, int col, int width, int attr, const char *s);
/* Word-wrapped text from row, indent columns in; returns the next row. */
int gd_ui_wrap(struct gd_ui *u, int row, int indent, int attr, const char *s);
/* The title bar (row 0) and the key help (last row). */
void gd_ui_frame(struct gd_ui *u, const char *title, const char *keys);
void gd_ui_refresh(struct gd_ui *u);
int gd_ui_rows(const struct gd_ui *u);
int gd_ui_cols(const struct gd_ui *u);
/* The next key typed within timeout_ms (-1: wait), or -1.  Keys: their
 * character, GD_KEY_ENTER, GD_KEY_ESC, GD_KEY_UP/DOWN, GD_KEY_SPACE. */
#define GD_KEY_ENTER '\n'
#define GD_KEY_ESC 27
#define GD_KEY_SPACE ' '
#define GD_KEY_UP 0x103
#define GD_KEY_DOWN 0x102
int gd_ui_key(struct gd_ui *u, int timeout_ms);
/* Drops keys typed ahead. */
void gd_ui_flush(struct gd_ui *u);
/* 1 for the yes keys (o, y), 0 for the no key (n), -1 otherwise. */
int gd_yes_no_key(int key);

/* ---- input devices (evdev.c) ------------------------------------------------ */

enum gd_dev_kind { GD_DEV_KEYBOARD = 1, GD_DEV_TOUCHPAD = 2, GD_DEV_MOUSE = 4, GD_DEV_TABLET = 8 };
#define GD_DEV_POINTER (GD_DEV_TOUCHPAD | GD_DEV_MOUSE | GD_DEV_TABLET)

struct gd_dev {
	char name[96];
	char path[64];            /* "/dev/input/event3", "script" */
	int kind;                 /* one GD_DEV_* */
	int32_t min_x, max_x, min_y, max_y; /* absolute devices */
	int buttonpad;            /* clickpad: one button under the pad */
	int two_finger;           /* reports two fingers (scrolling) */
	int has_right, has_wheel;
	int fd;
	void *ev;                 /* struct libevdev * */
};

struct gd_event {
	int dev;                  /* index in gd_input.dev */
	uint16_t type, code;
	int32_t value;
};

#define GD_MAX_DEVS 16

struct gd_input {
	struct gd_dev dev[GD_MAX_DEVS];
	size_t n;
	int grabbed;
	int scripted;             /* the events come from a script */
	/* the scripted source (tests): events and pauses read from a file */
	char **script;
	size_t n_script, pos;
	uint64_t wait_until_ms;
	/* the keys "layout-keys" stands for (set by the keyboard test) */
	const unsigned *layout;
	size_t n_layout;
};

/* Opens the input devices of the kinds asked (GD_DEV_* bits): every
 * /dev/input/event* through libevdev (grabbed when grab: the keys then
 * reach only this test, not the console: no console switch or reboot by a
 * key combination), or, when script names a file (RECO_GUIDED_INPUT, the
 * tests' driver), the devices and events of its [section] (see evdev.c).
 * Returns the number of devices (0: none of those kinds), or -errno. */
int gd_input_open(struct gd_input *in, unsigned kinds, int grab, const char *script, const char *section);
/* The next event within timeout_ms: 1, 0 on timeout, -errno. */
int gd_input_next(struct gd_input *in, int timeout_ms, struct gd_event *ev);
void gd_input_close(struct gd_input *in);
/* The script's words for a key code ("KEY_A"), or NULL. */
const char *gd_key_name(unsigned code);

/* ---- the screen through KMS (kms.c) and its pictures (pattern.c) --------- */

struct gd_fb {
	uint32_t width, height, stride; /* stride in bytes */
	uint8_t *px;                    /* XRGB8888, little endian */
};

struct gd_kms {
	struct gd_fb fb;
	int fd;
	uint32_t crtc, connector, fb_id, handle;
	uint64_t size;
	void *saved_crtc;               /* drmModeCrtc * to put back */
	char dump[256];                 /* tests: frames written to this PPM file */
	char card[32], connector_name[32];
	int shown;
};

/* Opens the first DRM card with a connected connector, creates a dumb
 * buffer of its preferred mode.  dump (RECO_GUIDED_FB, tests): no device;
 * a 320×200 picture written to that file at each gd_kms_show.  0 or
 * -errno (-ENODEV: no card or no connected screen). */
int gd_kms_open(struct gd_kms *k, const char *dump);
/* Puts the buffer on the screen (the first time: sets the CRTC) and
 * flushes what was drawn.  0 or -errno. */
int gd_kms_show(struct gd_kms *k);
/* Gives the screen back to the console (the CRTC as it was). */
void gd_kms_close(struct gd_kms *k);

/* The screens of the display test, in order. */
enum gd_pattern { GD_BLACK, GD_WHITE, GD_RED, GD_GREEN, GD_BLUE, GD_GREY, GD_GRADIENT, GD_N_PATTERNS };
/* Its name ("red"), for markers and diag.json. */
const char *gd_pattern_name(enum gd_pattern p);
/* Its title for people (msgid). */
const char *gd_pattern_title(enum gd_pattern p);
/* The colour of a solid pattern, 0xRRGGBB (the gradient: 0). */
uint32_t gd_pattern_rgb(enum gd_pattern p);
/* Fills fb with the pattern: a solid colour, or the gradient (four bands,
 * grey, red, green, blue, dark on the left to full on the right). */
void gd_fill(struct gd_fb *fb, enum gd_pattern p);
/* A camera frame (V4L2 fourcc, as frame.c reads: YUYV family, NV12/21,
 * YUV/YVU 4:2:0, GREY, RGB24/BGR24, 32-bit RGB) scaled into fb, centred,
 * aspect kept, black around.  0, -ENOTSUP for another format, -EINVAL
 * when len is too short for width × height.  Never reads past len. */
int gd_frame_to_fb(uint32_t fourcc, const uint8_t *data, size_t len, uint32_t width, uint32_t height,
		   uint32_t bytesperline, struct gd_fb *fb);

/* ---- keyboard layouts (keymap.c) --------------------------------------------- */

struct gd_key {
	uint16_t code;          /* evdev KEY_* */
	uint8_t row, col, width; /* on the drawing: row, column, columns */
	uint8_t height;         /* rows (2: the ISO Enter, keypad + and Enter) */
	uint8_t named;          /* label and name are msgids (translated) */
	const char *label;      /* short, on the drawing ("A", "Maj") */
	const char *name;       /* for lists and the report ("A", "Shift"); a
				 * msgid for named keys, the character else */
};

#define GD_MAX_KEYS 128

struct gd_layout {
	char keymap[16];        /* "fr", "us"... */
	char geometry[16];      /* "iso", "ansi" */
	int laptop;             /* no separate keypad */
	int numpad;             /* a numeric keypad drawn */
	const char *why;        /* how it was chosen: "keymap", "default", "dmi" */
	struct gd_key keys[GD_MAX_KEYS];
	size_t n;
};

/* The live session's keymap: the XKBLAYOUT of root/etc/default/keyboard,
 * else KEYMAP of root/etc/vconsole.conf, into out; "" when neither. */
void gd_keymap_system(const char *root, char *out, size_t size);
/* 1 when the model (DMI vendor, product name, version) is known to have a
 * numeric keypad, 0 known without, -1 unknown (the table in keymap.c). */
int gd_model_numpad(const char *vendor, const char *product, const char *version);
/* Builds the layout for keymap ("fr" when empty or unknown: AZERTY is the
 * default), a laptop or not, with a keypad (numpad -1: desktops have one,
 * laptops not).  Returns 0, or -ENOENT when the keymap is unknown (the
 * French one is built and l->why says "default"). */
int gd_layout_build(struct gd_layout *l, const char *keymap, int laptop, int numpad);
/* The key of code in l, or NULL. */
const struct gd_key *gd_layout_key(const struct gd_layout *l, unsigned code);

/* ---- the keyboard test's state (guided_keyboard.c) ------------------------ */

enum gd_mark { GD_MARK_NONE = 0, GD_MARK_ABSENT = 1, GD_MARK_BROKEN = 2 };

struct gd_kbd {
	const struct gd_layout *l;
	uint8_t pressed[GD_MAX_KEYS];
	uint8_t mark[GD_MAX_KEYS];
	unsigned extra[32];     /* keys pressed that the drawing lacks */
	size_t n_extra;
	unsigned presses;
};

void gd_kbd_init(struct gd_kbd *k, const struct gd_layout *l);
/* A key went down: 1 when it is a key of the layout not pressed before. */
int gd_kbd_press(struct gd_kbd *k, unsigned code);
/* Keys of the layout not pressed yet. */
size_t gd_kbd_missing(const struct gd_kbd *k);
/* The keyboard part from the state: metrics keyboard.keys, .pressed,
 * .absent, .broken, .unanswered; details layout, keys_* lists. */
void gd_kbd_part(const struct gd_kbd *k, struct diag_part *p);

/* ---- the pointer test's state (guided_touchpad.c) ----------------------------- */

#define GD_TARGETS 5 /* four corners and the centre */

struct gd_pointer {
	int kind;               /* GD_DEV_* of the device moving it */
	int32_t x, y;           /* position in 0..10000 both ways */
	int reached[GD_TARGETS];
	int left, right, scroll; /* seen */
	int can_scroll;         /* the device reports a wheel or two fingers */
	int touching, fingers;
	int32_t abs_x, abs_y, scroll_y0;
	int32_t min_x, max_x, min_y, max_y;
	int buttonpad;
};

void gd_pointer_init(struct gd_pointer *p, const struct gd_dev *d);
/* Feeds one event of the device; returns 1 when something new was
 * achieved (a target, a click, a scroll). */
int gd_pointer_event(struct gd_pointer *p, const struct gd_event *e);
/* The target t's centre in 0..10000 (0 top left .. 3 bottom right, 4 centre). */
void gd_pointer_target(unsigned t, int32_t *x, int32_t *y);
/* Steps still to do (targets, clicks, scroll when possible). */
int gd_pointer_left_to_do(const struct gd_pointer *p);

/* ---- a guided run (guided.c) ------------------------------------------------- */

struct gd_ctx {
	struct diag_run *r;
	struct gd_ui *ui;        /* NULL: no person at a terminal */
	const char *script;      /* RECO_GUIDED_INPUT (tests) */
	const char *fb_dump;     /* RECO_GUIDED_FB (tests) */
	int markers;             /* guided events on stderr (--progress=json) */
	int laptop;
	char keymap[16];
};

/* One guided test: adds its part(s) to the run (a test that finds no
 * device adds a part with its ABSENT or NOT_TESTED state). */
typedef void (*gd_test_fn)(struct gd_ctx *g, const struct diag_part_desc *d);

/* The runner of a guided part (the run of its descriptor): the intro
 * screen (start or skip with a reason), then the test. */
void diag_guided_run_part(struct diag_run *r, const struct diag_part_desc *d);
/* Ends the text face once the parts have run. */
void diag_guided_end(struct diag_run *r);

/* A JSON line {"event":"guided","test":...,"step":...,...} on stderr when
 * markers are on (the VM tests follow them); extra is "key":value pairs
 * already in JSON ("" for none). */
void gd_mark(const struct gd_ctx *g, const char *test, const char *step, const char *extra);

/* Asks the person to pick one of n choices (msgids), numbered 1..n; Esc
 * gives -1.  intro (may be NULL) is said above the list; idle (may be
 * NULL) is called about every 20 ms while waiting. */
int gd_choose(struct gd_ctx *g, const char *title, const char *intro, const char *const *choices, size_t n,
	      void (*idle)(void *), void *arg);
/* Asks a yes/no question: 1, 0, or -1 on Esc.  idle (may be NULL) is
 * called about every 20 ms while waiting (a sound kept playing). */
int gd_ask(struct gd_ctx *g, const char *title, const char *question, void (*idle)(void *), void *arg);
/* The stop screen: the person says why a test stops (the state code of
 * the reason, "guided.skip_time"...), or NULL to go on. */
const char *gd_stop_reason(struct gd_ctx *g, const char *title);
/* The stop screen during a test: the person stops it; the part gets the
 * state of the reason chosen (or "guided.stopped").  Returns 1 when the
 * test is to stop, 0 to go on. */
int gd_stop(struct gd_ctx *g, const char *title, struct diag_part *p);
/* A new part of the run for this kind and id (NULL when the table is
 * full). */
struct diag_part *gd_part(struct gd_ctx *g, const char *kind, const char *id);

/* The tests (one file each). */
void gd_keyboard_test(struct gd_ctx *g, const struct diag_part_desc *d);
void gd_touchpad_test(struct gd_ctx *g, const struct diag_part_desc *d);
void gd_display_test(struct gd_ctx *g, const struct diag_part_desc *d);
void gd_speakers_test(struct gd_ctx *g, const struct diag_part_desc *d);
void gd_microphone_test(struct gd_ctx *g, const struct diag_part_desc *d);
void gd_webcam_test(struct gd_ctx *g, const struct diag_part_desc *d);
void gd_usbports_test(struct gd_ctx *g, const struct diag_part_desc *d);

#endif
