/*
 * evdev.c — the input devices of the guided tests: keyboards, touchpads,
 * mice and tablets, read through libevdev from /dev/input/event* (the
 * kernel's input events, Documentation/input/event-codes.rst), so that
 * every key counts — the Fn row, the keys the console maps to nothing —
 * and the pointer's absolute finger positions, buttons and wheel are seen
 * as the device reports them.  A device is classed by what it reports:
 * a keyboard has letter keys; a touchpad absolute X/Y and a finger tool
 * (INPUT_PROP_BUTTONPAD: one button under the pad; two fingers: scrolling);
 * a mouse relative X/Y and a left button; a tablet (QEMU's usb-tablet)
 * absolute X/Y and a left button; touchscreens (INPUT_PROP_DIRECT) are
 * left out.  The keyboard test grabs its devices (EVIOCGRAB): its keys then
 * reach no one else — no console switch, no Ctrl-Alt-Del — until it ends.
 *
 * The tests' driver (RECO_GUIDED_INPUT=FILE) replaces the devices by a
 * script, one [section] per test, read as the events are asked for:
 *
 *   [keyboard]
 *   device keyboard name=Test keyboard
 *   press KEY_Q                 # down, sync, up, sync
 *   layout-keys except KEY_Q    # every key of the drawn layout, pressed
 *   down KEY_ESC
 *   sleep 2100                  # milliseconds before the next event
 *   up KEY_ESC
 *   [touchpad]
 *   device touchpad min_x=0 max_x=1000 min_y=0 max_y=1000 buttonpad twofinger name=Pad
 *   EV_ABS ABS_X 0              # any event: type, code, value
 *   sync
 *
 * The devices and timings come from the script; everything after (the
 * test's state, its verdict) is the same code as with real devices.
 */
#include "guided.h"

#include <errno.h>
#include <fcntl.h>
#include <libevdev/libevdev.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/util.h"

const char *gd_key_name(unsigned code)
{
	return libevdev_event_code_get_name(EV_KEY, code);
}

/* What a device is (GD_DEV_* bits, 0: none of them). */
static int classify(struct libevdev *ev, struct gd_dev *d)
{
	int k = 0;
	if (libevdev_has_event_code(ev, EV_KEY, KEY_A) && libevdev_has_event_code(ev, EV_KEY, KEY_Z) &&
	    libevdev_has_event_code(ev, EV_KEY, KEY_SPACE))
		k |= GD_DEV_KEYBOARD;
	if (libevdev_has_property(ev, INPUT_PROP_DIRECT))
		return k; /* a touchscreen or a pen: not a pointer to move */
	int abs = libevdev_has_event_code(ev, EV_ABS, ABS_X) && libevdev_has_event_code(ev, EV_ABS, ABS_Y);
	int finger = libevdev_has_event_code(ev, EV_KEY, BTN_TOOL_FINGER);
	int left = libevdev_has_event_code(ev, EV_KEY, BTN_LEFT);
	if (abs && finger)
		k |= GD_DEV_TOUCHPAD;
	else if (abs && left)
		k |= GD_DEV_TABLET;
	else if (left && libevdev_has_event_code(ev, EV_REL, REL_X) && libevdev_has_event_code(ev, EV_REL, REL_Y))
		k |= GD_DEV_MOUSE;
	if (abs) {
		d->min_x = libevdev_get_abs_minimum(ev, ABS_X);
		d->max_x = libevdev_get_abs_maximum(ev, ABS_X);
		d->min_y = libevdev_get_abs_minimum(ev, ABS_Y);
		d->max_y = libevdev_get_abs_maximum(ev, ABS_Y);
	}
	d->buttonpad = libevdev_has_property(ev, INPUT_PROP_BUTTONPAD);
	d->two_finger = libevdev_has_event_code(ev, EV_KEY, BTN_TOOL_DOUBLETAP) ||
			(libevdev_has_event_code(ev, EV_ABS, ABS_MT_SLOT) && libevdev_get_abs_maximum(ev, ABS_MT_SLOT) >= 1);
	d->has_right = libevdev_has_event_code(ev, EV_KEY, BTN_RIGHT);
	d->has_wheel = libevdev_has_event_code(ev, EV_REL, REL_WHEEL);
	return k;
}

/* ---- the script ----------------------------------------------------------- */

static int script_load(struct gd_input *in, const char *path, const char *section)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	char line[512], want[64];
	int inside = 0;
	snprintf(want, sizeof(want), "[%s]", section);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		char *l = line;
		while (*l == ' ' || *l == '\t')
			l++;
		if (*l == '#' || !*l)
			continue;
		if (*l == '[') {
			inside = strcmp(l, want) == 0;
			continue;
		}
		if (!inside)
			continue;
		if (strncmp(l, "device ", 7) == 0) {
			if (in->n >= GD_MAX_DEVS)
				continue;
			struct gd_dev *d = &in->dev[in->n];
			memset(d, 0, sizeof(*d));
			d->fd = -1;
			snprintf(d->path, sizeof(d->path), "script");
			char *name = strstr(l, "name=");
			if (name) {
				snprintf(d->name, sizeof(d->name), "%s", name + 5);
				*name = '\0';
			}
			char *save = NULL;
			strtok_r(l, " ", &save);
			const char *kind = strtok_r(NULL, " ", &save);
			d->kind = !kind ? 0 : !strcmp(kind, "keyboard") ? GD_DEV_KEYBOARD : !strcmp(kind, "touchpad") ? GD_DEV_TOUCHPAD
				: !strcmp(kind, "mouse") ? GD_DEV_MOUSE : !strcmp(kind, "tablet") ? GD_DEV_TABLET : 0;
			for (char *t = strtok_r(NULL, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
				int v;
				if (sscanf(t, "min_x=%d", &v) == 1) d->min_x = v;
				else if (sscanf(t, "max_x=%d", &v) == 1) d->max_x = v;
				else if (sscanf(t, "min_y=%d", &v) == 1) d->min_y = v;
				else if (sscanf(t, "max_y=%d", &v) == 1) d->max_y = v;
				else if (!strcmp(t, "buttonpad")) d->buttonpad = 1;
				else if (!strcmp(t, "twofinger")) d->two_finger = 1;
				else if (!strcmp(t, "right")) d->has_right = 1;
				else if (!strcmp(t, "wheel")) d->has_wheel = 1;
			}
			if (d->kind)
				in->n++;
			continue;
		}
		char **grown = realloc(in->script, (in->n_script + 1) * sizeof(*grown));
		if (!grown) {
			fclose(f);
			return -ENOMEM;
		}
		in->script = grown;
		if (!(grown[in->n_script] = strdup(l))) {
			fclose(f);
			return -ENOMEM;
		}
		in->n_script++;
	}
	fclose(f);
	return 0;
}

/* Queued events of a script line that stands for several (press,
 * layout-keys). */
#define Q_MAX (4 * GD_MAX_KEYS + 8)
static struct gd_event queue[Q_MAX];
static size_t q_len, q_pos;

static void q_key(unsigned code, int value)
{
	if (q_len + 2 > Q_MAX)
		return;
	queue[q_len++] = (struct gd_event){ 0, EV_KEY, (uint16_t)code, value };
	queue[q_len++] = (struct gd_event){ 0, EV_SYN, SYN_REPORT, 0 };
}

/* The next event of the script: 1, 0 (waiting or at its end). */
static int script_next(struct gd_input *in, int timeout_ms, struct gd_event *ev)
{
	uint64_t start = reco_now_ns() / 1000000;
	for (;;) {
		if (q_pos < q_len) {
			*ev = queue[q_pos++];
			return 1;
		}
		q_len = q_pos = 0;
		uint64_t now = reco_now_ns() / 1000000;
		if (in->wait_until_ms > now) {
			uint64_t until = in->wait_until_ms;
			if (timeout_ms >= 0 && start + (uint64_t)timeout_ms < until)
				until = start + (uint64_t)timeout_ms;
			if (until > now)
				usleep((useconds_t)(until - now) * 1000);
			if (reco_now_ns() / 1000000 < in->wait_until_ms)
				return 0;
		}
		if (in->pos >= in->n_script) {
			/* the end of the script: nothing more happens */
			if (timeout_ms > 0)
				usleep((useconds_t)timeout_ms * 1000);
			return 0;
		}
		char line[512];
		snprintf(line, sizeof(line), "%s", in->script[in->pos++]);
		char *save = NULL, *w = strtok_r(line, " ", &save);
		if (!w)
			continue;
		int dev = 0;
		if (strncmp(w, "dev=", 4) == 0) {
			dev = atoi(w + 4);
			w = strtok_r(NULL, " ", &save);
			if (!w)
				continue;
		}
		if (!strcmp(w, "sleep")) {
			const char *ms = strtok_r(NULL, " ", &save);
			in->wait_until_ms = reco_now_ns() / 1000000 + (ms ? strtoull(ms, NULL, 10) : 0);
			continue;
		}
		if (!strcmp(w, "sync")) {
			*ev = (struct gd_event){ dev, EV_SYN, SYN_REPORT, 0 };
			return 1;
		}
		if (!strcmp(w, "press") || !strcmp(w, "down") || !strcmp(w, "up")) {
			const char *k = strtok_r(NULL, " ", &save);
			int code = k ? libevdev_event_code_from_name(EV_KEY, k) : -1;
			if (code < 0)
				continue;
			if (strcmp(w, "up"))
				q_key((unsigned)code, 1);
			if (strcmp(w, "down"))
				q_key((unsigned)code, 0);
			for (size_t i = 0; i < q_len; i++)
				queue[i].dev = dev;
			continue;
		}
		if (!strcmp(w, "layout-keys")) {
			/* every key of the layout the test set, but those after "except" */
			unsigned except[16];
			size_t ne = 0;
			for (char *t = strtok_r(NULL, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
				int code = libevdev_event_code_from_name(EV_KEY, t);
				if (code >= 0 && ne < 16)
					except[ne++] = (unsigned)code;
			}
			for (size_t i = 0; i < in->n_layout; i++) {
				int skip = 0;
				for (size_t e = 0; e < ne; e++)
					skip |= in->layout[i] == except[e];
				if (!skip) {
					q_key(in->layout[i], 1);
					q_key(in->layout[i], 0);
				}
			}
			continue;
		}
		/* "EV_KEY KEY_A 1" */
		int type = libevdev_event_type_from_name(w);
		const char *c = strtok_r(NULL, " ", &save), *v = strtok_r(NULL, " ", &save);
		int code = type >= 0 && c ? libevdev_event_code_from_name((unsigned)type, c) : -1;
		if (code < 0 || !v)
			continue;
		*ev = (struct gd_event){ dev, (uint16_t)type, (uint16_t)code, (int32_t)strtol(v, NULL, 10) };
		return 1;
	}
}

/* ---- the devices ------------------------------------------------------------ */

int gd_input_open(struct gd_input *in, unsigned kinds, int grab, const char *script, const char *section)
{
	memset(in, 0, sizeof(*in));
	q_len = q_pos = 0;
	if (script && *script) {
		in->scripted = 1;
		int rc = script_load(in, script, section);
		if (rc)
			return rc;
		size_t k = 0;
		for (size_t i = 0; i < in->n; i++)
			if (in->dev[i].kind & (int)kinds)
				in->dev[k++] = in->dev[i];
		in->n = k;
		return (int)in->n;
	}
	for (int i = 0; i < 64 && in->n < GD_MAX_DEVS; i++) {
		char path[64];
		snprintf(path, sizeof(path), "/dev/input/event%d", i);
		int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		struct libevdev *ev = NULL;
		struct gd_dev *d = &in->dev[in->n];
		memset(d, 0, sizeof(*d));
		if (libevdev_new_from_fd(fd, &ev) < 0) {
			close(fd);
			continue;
		}
		int k = classify(ev, d) & (int)kinds;
		if (!k) {
			libevdev_free(ev);
			close(fd);
			continue;
		}
		/* one kind: a keyboard with a pointer counts as a keyboard */
		d->kind = k & GD_DEV_KEYBOARD ? GD_DEV_KEYBOARD : k & GD_DEV_TOUCHPAD ? GD_DEV_TOUCHPAD
			: k & GD_DEV_TABLET ? GD_DEV_TABLET : GD_DEV_MOUSE;
		snprintf(d->name, sizeof(d->name), "%s", libevdev_get_name(ev) ? libevdev_get_name(ev) : "");
		snprintf(d->path, sizeof(d->path), "%s", path);
		d->fd = fd;
		d->ev = ev;
		if (grab && libevdev_grab(ev, LIBEVDEV_GRAB) == 0)
			in->grabbed = 1;
		in->n++;
	}
	return (int)in->n;
}

int gd_input_next(struct gd_input *in, int timeout_ms, struct gd_event *out)
{
	if (in->scripted)
		return script_next(in, timeout_ms, out);
	for (int pass = 0; pass < 2; pass++) {
		/* what libevdev already holds first, then wait */
		for (size_t i = 0; i < in->n; i++) {
			struct libevdev *ev = in->dev[i].ev;
			struct input_event e;
			int rc = libevdev_next_event(ev, LIBEVDEV_READ_FLAG_NORMAL, &e);
			if (rc == LIBEVDEV_READ_STATUS_SYNC) /* events dropped: take the device's state */
				while (libevdev_next_event(ev, LIBEVDEV_READ_FLAG_SYNC, &e) == LIBEVDEV_READ_STATUS_SYNC)
					;
			if (rc == LIBEVDEV_READ_STATUS_SUCCESS) {
				*out = (struct gd_event){ (int)i, e.type, e.code, e.value };
				return 1;
			}
		}
		if (pass)
			break;
		struct pollfd pfd[GD_MAX_DEVS];
		for (size_t i = 0; i < in->n; i++)
			pfd[i] = (struct pollfd){ .fd = in->dev[i].fd, .events = POLLIN };
		int rc = poll(pfd, in->n, timeout_ms);
		if (rc < 0)
			return errno == EINTR ? 0 : -errno;
		if (rc == 0)
			return 0;
	}
	return 0;
}

void gd_input_close(struct gd_input *in)
{
	for (size_t i = 0; i < in->n; i++) {
		if (in->dev[i].ev) {
			if (in->grabbed)
				libevdev_grab(in->dev[i].ev, LIBEVDEV_UNGRAB);
			libevdev_free(in->dev[i].ev);
		}
		if (in->dev[i].fd >= 0)
			close(in->dev[i].fd);
	}
	for (size_t i = 0; i < in->n_script; i++)
		free(in->script[i]);
	free(in->script);
	memset(in, 0, sizeof(*in));
}
