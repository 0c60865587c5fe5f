/*
 * auto.c — the unattended mode (`reco menu --auto`, or reco.auto= on the
 * kernel command line): the same steps as the menu with no keyboard, plain
 * progress lines on stdout (the console) and on the serial port when there
 * is one, the completion marker <session>/DONE, and finally exactly
 *   RECO-AUTO-DONE result=<ok|fail> report=<path|none>
 * which the image check waits for on the serial console.
 */
#include "auto.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "lib/i18n.h"
#include "lib/proc.h"
#include "lib/util.h"

struct auto_out {
	FILE *serial;
	struct menu_bars shown;  /* what was last printed per bar */
};

static void say(struct auto_out *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct auto_out *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (a->serial) {
		va_start(ap, fmt);
		vfprintf(a->serial, fmt, ap);
		va_end(ap);
		fputs("\r\n", a->serial);
		fflush(a->serial);
	}
}

static void on_progress(void *arg, const struct menu_progress *p)
{
	struct auto_out *a = arg;
	struct menu_progress *old = NULL;
	for (int i = 0; i < a->shown.n; i++)
		if (!strcmp(a->shown.b[i].p.key, p->key))
			old = &a->shown.b[i].p;
	/* a line per 10 %, per phase change, and at the end */
	if (old && old->permille / 100 == p->permille / 100 && !strcmp(old->phase, p->phase) &&
	    old->pass == p->pass && old->done == p->done)
		return;
	int i = menu_bars_update(&a->shown, p);
	if (i < 0)
		return;
	char title[96];
	if (p->kind == MP_WIPE)
		/* TRANSLATORS: unattended progress: disk, percent, phase, pass x/y, MB/s */
		say(a, _("reco: wipe %s %3d%% %s pass %d/%d %lld MB/s"), p->key, p->permille / 10, menu_phase_text(p->phase),
		    p->pass, p->passes, p->bytes_per_s / 1000000);
	else
		say(a, _("reco: diag %s %3d%%"), menu_test_title(p->key, title, sizeof(title)), p->permille / 10);
}

static void on_line(void *arg, const char *line, enum reco_pstream_fd from)
{
	(void)arg;
	(void)from;
	/* the tools' own messages go to the console only (the journal keeps them) */
	fprintf(stderr, "%s\n", line);
}

static void step(struct auto_out *a, struct menu_run *r, struct menu_flow *f, enum menu_step_id id,
		 const char *name, int rc)
{
	if (menu_interrupted && rc == 0)
		rc = 1;
	if (menu_interrupted)
		snprintf(r->msg, sizeof(r->msg), "%s", _("interrupted (signal): the run was stopped"));
	menu_note(r, id, rc);
	if (rc == 0) {
		say(a, _("reco: %s: done"), name);
		menu_flow_next(f, ME_OK);
	} else {
		say(a, _("reco: %s: FAILED: %s"), name, r->msg[0] ? r->msg : "?");
		menu_flow_next(f, ME_FAIL);
	}
}

/* The keyboard in raw mode (no echo, no line buffering), keys typed
 * before now discarded; returns 1 when *saved must be restored. */
static int kbd_raw(int kbd, struct termios *saved)
{
	if (kbd < 0 || !isatty(kbd) || tcgetattr(kbd, saved) != 0)
		return 0;
	struct termios t = *saved;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	tcsetattr(kbd, TCSANOW, &t);
	tcflush(kbd, TCIFLUSH); /* keys typed before do not count */
	return 1;
}

/* Waits ms milliseconds, or less when a key is read from kbd (a terminal
 * or a FIFO; < 0: none) or a signal came: 1 then, else 0. */
static int key_within(int kbd, unsigned ms)
{
	uint64_t end = reco_now_ns() + (uint64_t)ms * 1000000ull;
	for (;;) {
		uint64_t now = reco_now_ns();
		if (now >= end)
			return 0;
		if (menu_interrupted)
			return 1;
		if (kbd < 0) {
			struct timespec ts = { 0, 100000000 };
			nanosleep(&ts, NULL);
			continue;
		}
		struct pollfd p = { .fd = kbd, .events = POLLIN };
		int n = poll(&p, 1, (int)((end - now) / 1000000) + 1);
		char c;
		if (n > 0 && (p.revents & POLLIN) && read(kbd, &c, 1) == 1)
			return 1;
		if (n > 0 && !(p.revents & POLLIN)) {
			struct timespec ts = { 0, 100000000 };
			nanosleep(&ts, NULL); /* hung-up FIFO: keep counting */
		}
	}
}

/* The countdown before an unattended wipe: the screen (machine, each disk)
 * on the console, a line a second; any byte read from kbd cancels.
 * 0 elapsed, 1 cancelled (a key, or a signal). */
static int countdown(struct auto_out *a, const struct menu_run *r, int secs, int kbd)
{
	struct termios saved;
	int raw = kbd_raw(kbd, &saved);
	struct menu_lines l;
	menu_lines_init(&l, MENU_WIDTH);
	menu_screen_countdown(r, secs, &l);
	if (isatty(STDOUT_FILENO))
		fputs("\033[H\033[2J", stdout); /* the whole console for it */
	for (int i = 0; i < l.n; i++)
		say(a, "%s", l.line[i]);
	menu_lines_release(&l);
	if (kbd < 0)
		say(a, "%s", _("reco: no keyboard to cancel with: Ctrl+Alt+Del or the power button stop the machine"));
	int cancelled = 0;
	for (int left = secs; left > 0 && !cancelled; left--) {
		say(a, _("reco: wiping in %d s — press any key to cancel"), left);
		cancelled = key_within(kbd, 1000);
	}
	if (raw)
		tcsetattr(kbd, TCSANOW, &saved);
	return cancelled;
}

/* The data directory is in RAM (a network or CD boot without the stick): a
 * wipe now would leave a report unsigned (the station key is on the stick)
 * and lost at power-off, so the run waits for the station's RECO-DATA stick
 * (attach-data every 2 s), at most $RECO_MENU_WAIT_S seconds (unset: until
 * it comes).  Any key on kbd, or a signal, stops waiting.  1 when the stick
 * is attached (the data is on it now), 0 when not. */
static int stick_before_wipe(struct auto_out *a, struct menu_run *r, int kbd)
{
	const char *w = getenv("RECO_MENU_WAIT_S");
	long max = w && *w ? atol(w) : -1;
	struct termios saved;
	int raw = kbd_raw(kbd, &saved), got = 0;
	say(a, _("reco: waiting for this station's RECO-DATA stick before wiping: its report would otherwise be lost; plug it in (any key: wipe nothing)"));
	char shown[sizeof(r->attach_why)] = "";
	for (long waited = 0; !got; waited += 2) {
		if (menu_attach_data(r) == 0) {
			got = 1;
			say(a, _("reco: RECO-DATA stick found: the session is now on it (%s)"), r->data);
		} else if ((max >= 0 && waited >= max) || key_within(kbd, 2000)) {
			break;
		} else if (strcmp(shown, r->attach_why) || waited % 60 == 58) {
			/* what the stick search says, when it changes, and every minute */
			snprintf(shown, sizeof(shown), "%s", r->attach_why);
			say(a, _("reco: still waiting for the RECO-DATA stick (%s)"), r->attach_why[0] ? r->attach_why : "?");
		}
	}
	if (raw)
		tcsetattr(kbd, TCSANOW, &saved);
	return got;
}

/* Says what allowed an unattended wipe over the network (NULL: nothing to
 * say); returns 1 so that it can stand in a condition. */
static int announce(struct auto_out *a, const char *why)
{
	if (why)
		say(a, "reco: %s", why);
	return 1;
}

/* A report in RAM only: plug in the data stick (attach-data) or reach the
 * registry; until then the station does not power off.  Waits at most
 * $RECO_MENU_WAIT_S seconds (unset: until the report is safe or a signal). */
static void wait_until_safe(struct auto_out *a, struct menu_run *r, const struct menu_ui *ui)
{
	const char *w = getenv("RECO_MENU_WAIT_S");
	long max = w && *w ? atol(w) : -1;
	uint64_t t0 = reco_now_ns();
	int tries = 0;
	char why[600];
	say(a, _("reco: NOT switching off: %s"), menu_report_missing(r, why, sizeof(why)));
	while (menu_report_unsafe(r) && !menu_interrupted) {
		if (max >= 0 && (long)((reco_now_ns() - t0) / 1000000000ull) >= max)
			break;
		if (menu_attach_data(r) == 0) {
			say(a, _("reco: RECO-DATA stick found: the session is now on it (%s)"), r->data);
			if (!r->certified) {
				r->msg[0] = '\0';
				if (menu_step_report(r, ui) == 0)
					say(a, _("reco: report sealed again with the station key: %s"), r->report);
			}
		}
		if (r->o.registry[0] && r->certified && r->sync != SYNC_SENT && tries++ % 3 == 0) {
			menu_step_sync(r, ui);
			say(a, "reco: %s", r->sync_msg);
		}
		if (!menu_report_unsafe(r))
			break;
		struct timespec ts = { 2, 0 };
		nanosleep(&ts, NULL);
	}
	if (menu_report_unsafe(r))
		say(a, "%s", _("reco: the report is still not safe: not switching off"));
}

/* Runs $RECO_POWEROFF_CMD (split on spaces, no shell), else systemctl
 * poweroff, else poweroff -f. */
static void power_off(struct auto_out *a)
{
	const char *cmd = getenv("RECO_POWEROFF_CMD");
	char buf[512], *argv[32];
	int n = 0;
	if (cmd && *cmd) {
		snprintf(buf, sizeof(buf), "%s", cmd);
		char *save = NULL;
		for (char *w = strtok_r(buf, " \t", &save); w && n < 31; w = strtok_r(NULL, " \t", &save))
			argv[n++] = w;
		argv[n] = NULL;
	}
	char *sysd[] = { "systemctl", "poweroff", NULL }, *pf[] = { "poweroff", "-f", NULL };
	char **tries[] = { n ? argv : NULL, sysd, pf };
	for (size_t i = 0; i < 3; i++) {
		if (!tries[i])
			continue;
		struct reco_proc p;
		if (reco_proc_run(tries[i], 60000, 1 << 16, &p) == 0) {
			int st = p.status;
			reco_proc_release(&p);
			if (st == 0)
				return;
		}
		if (n && i == 0)
			break; /* an explicit command is the only one tried */
	}
	say(a, _("reco: could not power off"));
}

int menu_auto(struct menu_run *r, const char *serial_path, const char *keyboard_path)
{
	struct auto_out a = { 0 };
	int kbd = -1;
	if (keyboard_path && *keyboard_path)
		kbd = open(keyboard_path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	else if (isatty(STDIN_FILENO))
		kbd = STDIN_FILENO;
	struct menu_flow f;
	if (serial_path && *serial_path) {
		int fd = open(serial_path, O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC | O_APPEND);
		if (fd >= 0) {
			a.serial = fdopen(fd, "w");
			if (!a.serial)
				close(fd);
		}
	}
	struct menu_ui ui = { .progress = on_progress, .line = on_line, .arg = &a };
	const struct menu_opts *o = &r->o;
	menu_flow_init(&f, o->repair_cafe);

	if (o->keymap[0]) {
		char *argv[] = { "loadkeys", (char *)o->keymap, NULL };
		struct reco_proc p;
		if (reco_proc_run(argv, 30000, 1 << 16, &p) == 0)
			reco_proc_release(&p);
	}
	say(&a, _("reco: unattended run (%s%s%s%s), data in %s"), o->steps & MENU_STEP_INVENTORY ? "inventory" : "",
	    o->steps & MENU_STEP_DIAG ? ",diag" : "", o->steps & MENU_STEP_WIPE && !o->repair_cafe ? ",wipe" : "",
	    o->steps & MENU_STEP_REPORT && !o->repair_cafe ? ",report" : "", r->data);

	r->volatile_data = menu_data_volatile();
	if (r->volatile_data)
		say(&a, _("reco: ATTENTION: no RECO-DATA stick: %s is in memory only; plug in the station's stick (it carries the station key)"),
		    r->data);
	int rc = menu_step_inventory(r, &ui);
	if (!r->session[0]) {
		say(&a, _("reco: inventory: FAILED: %s"), r->msg);
		say(&a, "RECO-AUTO-DONE result=fail report=none");
		if (a.serial)
			fclose(a.serial);
		return RECO_EXIT_ENV;
	}
	say(&a, _("reco: session %s"), r->session);
	step(&a, r, &f, MENU_ID_INVENTORY, "inventory", rc);
	int want_wipe = (o->steps & MENU_STEP_WIPE) && !o->repair_cafe;
	if (want_wipe) {
		r->msg[0] = '\0';
		rc = menu_step_wipe_list(r, &ui);
		if (rc) {
			say(&a, _("reco: list of disks: FAILED: %s"), r->msg);
			f.no_disk_list = 1;
		}
		for (int i = 0; i < r->n_disks; i++) {
			const struct menu_target *t = &r->disks[i];
			if (!menu_target_is_machine(t, o->usb))
				say(&a, _("reco: not this computer's: %s %s %s: %s"), t->path, t->model, t->serial,
				    menu_role_text(t));
			else
				say(&a, _("reco: disk %s %s %s: %s"), t->path, t->model, t->serial,
				    t->eligible ? _("will be wiped") : t->reason);
		}
		for (int i = 0; i < r->n_refused; i++)
			say(&a, _("reco: disk %s of this computer CANNOT BE WIPED: %s"), r->disks[r->refused_idx[i]].path,
			    r->disks[r->refused_idx[i]].reason);
		if (r->resume[0]) {
			char why[600];
			int rc2 = menu_resume_plan(r, why, sizeof(why));
			if (!rc2 && (rc2 = menu_resume_adopt(r)) < 0)
				snprintf(why, sizeof(why), "%s", strerror(-rc2));
			if (!rc2) {
				say(&a, _("reco: an interrupted wipe (power cut?) is resumed: session %s"), r->resume);
			} else {
				say(&a, _("reco: the interrupted wipe in %s is not resumed: %s; the wipe starts again from the beginning"),
				    r->resume, why);
				menu_resume_drop(r, why);
			}
		}
	}
	f.n_targets = want_wipe ? r->n_wipe : 0;
	f.n_refused = want_wipe ? r->n_refused : 0;

	if (o->steps & MENU_STEP_DIAG || o->repair_cafe) {
		menu_flow_next(&f, ME_NEXT);
		r->msg[0] = '\0';
		rc = menu_step_diag(r, &ui);
		f.diag_incomplete = r->diag_incomplete;
		step(&a, r, &f, MENU_ID_DIAG, "diag", rc);
		if (r->grade[0])
			say(&a, _("reco: diag: grade %s"), r->grade);
		if (r->diag && r->diag_incomplete)
			say(&a, "%s", _("reco: diag: INCOMPLETE: parts were not tested (see the diagnosis)"));
	} else {
		menu_flow_next(&f, ME_SKIP);
	}
	if (f.no_disk_list && f.wipe == MO_FAIL) {
		snprintf(r->msg, sizeof(r->msg), "%s", _("the list of disks could not be read: nothing was wiped"));
		menu_note(r, MENU_ID_WIPE, 1);
	}
	if (menu_interrupted && f.st == MS_CONFIRM) {
		menu_flow_next(&f, ME_CANCEL);
		f.wipe = MO_FAIL;
	}
	char why[600];
	int secs = menu_countdown_seconds(o);
	if (f.st == MS_CONFIRM) {
		if (!o->yes) {
			snprintf(r->msg, sizeof(r->msg), "%s",
				 _("wiping unattended needs reco.yes=1 on the kernel command line: nothing was wiped"));
			say(&a, _("reco: wipe: REFUSED: %s"), r->msg);
			menu_note(r, MENU_ID_WIPE, 1);
			menu_flow_next(&f, ME_CANCEL);
		} else if (o->netboot && menu_netboot_allowed(r, time(NULL), why, sizeof(why))) {
			snprintf(r->msg, sizeof(r->msg), _("%s: nothing was wiped"), why);
			say(&a, _("reco: wipe: REFUSED: %s"), r->msg);
			menu_note(r, MENU_ID_WIPE, 1);
			menu_flow_next(&f, ME_CANCEL);
		} else if (announce(&a, o->netboot ? why : NULL) && r->volatile_data && !stick_before_wipe(&a, r, kbd)) {
			snprintf(r->msg, sizeof(r->msg), "%s",
				 _("no RECO-DATA stick: nothing was wiped (its report would have been lost)"));
			say(&a, _("reco: wipe: REFUSED: %s"), r->msg);
			menu_note(r, MENU_ID_WIPE, 1);
			menu_flow_next(&f, ME_CANCEL);
		} else if (secs > 0 && countdown(&a, r, secs, kbd)) {
			snprintf(r->msg, sizeof(r->msg), "%s", _("the wipe was cancelled at the countdown: nothing was wiped"));
			say(&a, _("reco: wipe: CANCELLED: %s"), r->msg);
			menu_note(r, MENU_ID_WIPE, 1);
			menu_flow_next(&f, ME_CANCEL);
		} else {
			for (int i = 0; i < r->n_wipe; i++)
				menu_flow_next(&f, ME_CONFIRMED);
			r->msg[0] = '\0';
			rc = menu_step_wipe(r, &ui);
			step(&a, r, &f, MENU_ID_WIPE, "wipe", rc);
		}
	}
	if (f.wipe == MO_FAIL && f.n_refused && !r->why[MENU_ID_WIPE][0]) {
		const struct menu_target *t = &r->disks[r->refused_idx[0]];
		snprintf(r->msg, sizeof(r->msg), _("%s of this computer could not be wiped: %s"), t->path, t->reason);
		menu_note(r, MENU_ID_WIPE, 1);
	}
	if (f.st == MS_REPORT && o->steps & MENU_STEP_REPORT && r->volatile_data && !menu_interrupted) {
		/* no stick at boot (network boot): the station key comes with it */
		if (menu_attach_data(r) == 0)
			say(&a, _("reco: RECO-DATA stick found: the session is now on it (%s)"), r->data);
	}
	if (f.st == MS_REPORT) {
		if (o->steps & MENU_STEP_REPORT && !menu_interrupted) {
			r->msg[0] = '\0';
			rc = menu_step_report(r, &ui);
			step(&a, r, &f, MENU_ID_REPORT, "report", rc);
		} else {
			f.report = menu_interrupted ? MO_FAIL : MO_SKIPPED;
			f.st = MS_RESULT;
		}
	}
	if (r->report[0] && o->registry[0]) {
		menu_step_sync(r, &ui);
		say(&a, "reco: %s", r->sync_msg);
	}
	f.report_unsafe = menu_report_unsafe(r);
	if (f.report_unsafe && o->poweroff && !menu_interrupted) {
		wait_until_safe(&a, r, &ui);
		f.report_unsafe = menu_report_unsafe(r);
	}
	if (f.report_unsafe)
		say(&a, "reco: %s", menu_report_missing(r, why, sizeof(why)));
	int pass = menu_flow_passed(&f) && !menu_interrupted;
	int wrc = menu_write_done(r, &f);
	if (wrc)
		say(&a, _("reco: %s/DONE: cannot write: %s"), r->session, strerror(-wrc));
	if (pass)
		say(&a, _("reco: RESULT: PASS"));
	else if (menu_fail_reason(r, &f)[0])
		say(&a, _("reco: RESULT: FAIL: %s"), menu_fail_reason(r, &f));
	else
		say(&a, _("reco: RESULT: FAIL"));
	if (r->pdf[0])
		say(&a, _("reco: certificate: %s"), r->pdf);
	if (r->sheet[0]) {
		FILE *sf = fopen(r->sheet, "re");
		char line[1024];
		while (sf && fgets(line, sizeof(line), sf)) {
			line[strcspn(line, "\n")] = '\0';
			say(&a, "%s", line);
		}
		if (sf)
			fclose(sf);
		say(&a, _("reco: diagnosis sheet: %s"), r->sheet);
	}
	say(&a, "RECO-AUTO-DONE result=%s report=%s", pass ? "ok" : "fail", r->report[0] ? r->report : "none");
	if (o->poweroff && !f.report_unsafe) {
		sync();
		power_off(&a);
	}
	if (a.serial)
		fclose(a.serial);
	if (kbd > STDIN_FILENO)
		close(kbd);
	return pass ? RECO_EXIT_OK : RECO_EXIT_FAIL;
}
