/*
 * reco menu — the text menu volunteers see on the live image (ncurses,
 * keyboard only, 80×25 console, French by default), and its unattended
 * mode (--auto, or reco.auto= on the kernel command line).  The steps and
 * screens live in the modules of menu.h; this file paints them and reads
 * the keyboard.
 */
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "auto.h"
#include "common/cli.h"
#include "lib/session.h"
#include "lib/util.h"
#include "menu.h"

struct menu_control {
	struct menu_opts o;
	const char *cmdline;     /* file holding the kernel command line */
	const char *data;        /* --data DIR */
	const char *serial;      /* serial console for --auto */
	const char *keyboard;    /* --keyboard: cancels the countdown of --auto */
	const char *lang;        /* --lang */
	int auto_, repair_cafe;
};

static noreturn void usage(void)
{
	printf(_("Usage: reco menu [options]\n\n"
		 "The volunteers' text menu: a summary of this computer, then diagnostics,\n"
		 "the guided tests a person answers (keyboard, screen, touchpad, speakers,\n"
		 "microphone, camera, USB ports; each can be skipped), the wipe of its\n"
		 "disks (each confirmed by typing the end of its serial number), the\n"
		 "signed report and its PDF certificate.  With --auto (or reco.auto= on\n"
		 "the kernel command line) the same steps but the guided tests run\n"
		 "unattended.\n\n"
		 "Options:\n"
		 "      --auto               run unattended, with plain progress lines\n"
		 "      --repair-cafe        read-only diagnosis, nothing is wiped\n"
		 "      --cmdline FILE       read reco.* options from FILE (default\n"
		 "                           /proc/cmdline)\n"
		 "      --data DIR           data directory (default $RECO_DATA, else\n"
		 "                           /run/reco/data, the RECO-DATA partition)\n"
		 "      --lang fr|en         language (default: reco.lang, reco.conf, LANG,\n"
		 "                           else French)\n"
		 "      --serial DEVICE      also print unattended progress there (default\n"
		 "                           /dev/ttyS0 when present)\n"
		 "      --keyboard DEVICE    with --auto: the terminal whose keys can cancel\n"
		 "                           the countdown (default: standard input)\n"
		 "  -h, --help               this help\n"
		 "  -V, --version            version\n\n"
		 "Kernel command line: reco.auto=inventory,diag,wipe,report\n"
		 "reco.wipe=auto|random|zero reco.verify=full|sample reco.yes=1 reco.lang=fr|en\n"
		 "reco.countdown=SECONDS reco.usb=1 reco.boot=net|local reco.keymap=fr\n"
		 "reco.registry=URL reco.operator=NAME reco.poweroff=1 reco.mode=repair-cafe\n"
		 "reco.conf in the data directory: language, keymap, operator, registry_url,\n"
		 "allow_machines, wipe_usb, countdown, wifi_ssid, wifi_passphrase.\n\n"
		 "Keys: Enter continue, S skip the diagnostics, arrows and Page Up/Down\n"
		 "scroll, Esc cancel, Q quit.\n\n"));
	fputs(cli_exit_status_help(_("a step failed (diagnosis, wipe, report) or the menu was interrupted")), stdout);
	exit(RECO_EXIT_OK);
}

static char *slurp(const char *path, size_t max)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	char *buf = malloc(max + 1);
	size_t n = buf ? fread(buf, 1, max, f) : 0;
	int err = ferror(f);
	fclose(f);
	if (!buf || err) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	return buf;
}

/* Language: LANGUAGE and a UTF-8 locale of that language when installed
 * (C.UTF-8 otherwise: the text stays readable, in English). */
static void set_language(const char *lang)
{
	static const char *const fr[] = { "fr_FR.UTF-8", "fr_FR.utf8", "C.UTF-8", NULL };
	static const char *const en[] = { "en_US.UTF-8", "en_GB.UTF-8", "C.UTF-8", NULL };
	const char *const *try = strcmp(lang, "en") ? fr : en;
	for (; *try; try++)
		if (setlocale(LC_ALL, *try)) {
			setenv("LC_ALL", *try, 1);
			break;
		}
	setenv("LANGUAGE", lang, 1);
	reco_i18n_init();
}

static void on_signal(int sig)
{
	menu_interrupted = sig;
}

/* ---- the ncurses face --------------------------------------------------------- */

struct tui {
	struct menu_run *r;
	struct menu_flow f;
	const char *title;       /* current step */
	char log[3][160];        /* last lines the tools printed */
	int asking_stop, stop;
	uint64_t last_paint;
	int has_color;
};

static void paint(struct tui *t, struct menu_lines *body, int scroll, const char *keys)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	erase();
	char buf[512], line[512];
	snprintf(buf, sizeof(buf), " reco %s — %s%s", reco_version(), t->title,
		 t->r->o.repair_cafe ? _(" (Repair Café)") : "");
	attron(A_REVERSE);
	mvaddstr(0, 0, menu_fit(buf, cols, 1, line, sizeof(line)));
	attroff(A_REVERSE);
	int top = 2, bottom = rows - 2; /* body rows [top, bottom) */
	for (int i = 0; body && i + scroll < body->n && top + i < bottom; i++) {
		const char *s = body->line[i + scroll];
		int attr = 0;
		if (t->has_color && strstr(s, "***"))
			attr = COLOR_PAIR(menu_flow_passed(&t->f) ? 1 : 2) | A_BOLD;
		else if (t->has_color && strstr(s, "!!"))
			attr = COLOR_PAIR(2) | A_BOLD; /* a disk not wiped, a report not safe */
		if (attr)
			attron(attr);
		mvaddstr(top + i, 0, menu_fit(s, cols, 0, line, sizeof(line)));
		if (attr)
			attroff(attr);
	}
	if (body && body->n > bottom - top)
		mvaddstr(rows - 2, cols - 16, scroll + (bottom - top) < body->n ? _("(more below)") : "");
	attron(A_REVERSE);
	mvaddstr(rows - 1, 0, menu_fit(keys, cols, 1, line, sizeof(line)));
	attroff(A_REVERSE);
	refresh();
}

static void paint_running(struct tui *t, int force)
{
	uint64_t now = reco_now_ns();
	if (!force && now - t->last_paint < 150000000ull)
		return;
	t->last_paint = now;
	struct menu_lines l;
	menu_lines_init(&l, COLS);
	if (t->r->bars.n == 0)
		menu_lines_add(&l, "%s", _("Starting..."));
	menu_screen_bars(&t->r->bars, &l);
	menu_lines_add(&l, "%s", "");
	for (int i = 0; i < 3; i++)
		if (t->log[i][0])
			menu_lines_add(&l, "  %s", t->log[i]);
	paint(t, &l, 0, t->asking_stop ? _(" Stop now? Y: yes, stop   N: no, go on ")
				       : _(" Please wait...   Esc: stop "));
	menu_lines_release(&l);
}

static void ui_progress(void *arg, const struct menu_progress *p)
{
	(void)p;
	paint_running(arg, 0);
}

static void ui_line(void *arg, const char *line, enum reco_pstream_fd from)
{
	struct tui *t = arg;
	if (from != RECO_PSTREAM_ERR || !*line)
		return;
	memmove(t->log[0], t->log[1], sizeof(t->log[0]) * 2);
	snprintf(t->log[2], sizeof(t->log[2]), "%s", line);
	paint_running(t, 0);
}

static int ui_idle(void *arg)
{
	struct tui *t = arg;
	int ch = getch();
	if (ch == 27 || ch == 'q' || ch == 'Q') {
		t->asking_stop = 1;
		paint_running(t, 1);
	} else if (t->asking_stop && (ch == 'y' || ch == 'Y' || ch == 'o' || ch == 'O')) {
		t->asking_stop = 0;
		t->stop = 1;
	} else if (t->asking_stop && (ch == 'n' || ch == 'N')) {
		t->asking_stop = 0;
		paint_running(t, 1);
	} else {
		paint_running(t, 0);
	}
	return t->stop;
}

/* Shows lines until Enter (returns ME_NEXT) or another key that means
 * something: S → ME_SKIP, Esc → ME_CANCEL, Q → ME_QUIT. */
static enum menu_event show(struct tui *t, struct menu_lines *l, const char *keys, int allow_skip)
{
	int scroll = 0;
	timeout(500);
	for (;;) {
		int rows = LINES - 4;
		paint(t, l, scroll, keys);
		int ch = getch();
		if (menu_interrupted)
			return ME_QUIT;
		switch (ch) {
		case '\n': case '\r': case KEY_ENTER: return ME_NEXT;
		case 's': case 'S': if (allow_skip) return ME_SKIP; break;
		case 'q': case 'Q': return ME_QUIT;
		case 27: return ME_CANCEL;
		case KEY_DOWN: if (scroll + rows < l->n) scroll++; break;
		case KEY_UP: if (scroll > 0) scroll--; break;
		case KEY_NPAGE: scroll += rows; if (scroll > l->n - rows) scroll = l->n > rows ? l->n - rows : 0; break;
		case KEY_PPAGE: scroll -= rows; if (scroll < 0) scroll = 0; break;
		case KEY_RESIZE: break;
		}
	}
}

static int run_step(struct tui *t, enum menu_step_id id, const char *title,
		    int (*fn)(struct menu_run *, const struct menu_ui *))
{
	struct menu_ui ui = { .progress = ui_progress, .line = ui_line, .idle = ui_idle, .arg = t };
	t->title = title;
	t->stop = t->asking_stop = 0;
	memset(t->log, 0, sizeof(t->log));
	timeout(0);
	t->r->msg[0] = '\0';
	paint_running(t, 1);
	int rc = fn(t->r, &ui);
	timeout(-1);
	if (menu_interrupted && rc == 0)
		rc = 1;
	menu_note(t->r, id, rc);
	return rc;
}

/* One disk's confirmation: ME_CONFIRMED or ME_CANCEL. */
static enum menu_event confirm_disk(struct tui *t, const struct menu_target *d, int idx, int n)
{
	char typed[32] = "", want[64];
	int wrong = 0;
	menu_confirm_expected(d, want, sizeof(want));
	t->title = _("Wipe: confirmation");
	for (;;) {
		struct menu_lines l;
		menu_lines_init(&l, COLS);
		menu_screen_confirm(d, idx, n, typed, wrong, &l);
		paint(t, &l, 0, _(" Enter: confirm   Esc: do not wipe anything "));
		menu_lines_release(&l);
		timeout(500);
		int ch = getch();
		size_t len = strlen(typed);
		if (menu_interrupted)
			return ME_CANCEL;
		if (ch == 27)
			return ME_CANCEL;
		if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
			if (menu_confirm_check(want, typed))
				return ME_CONFIRMED;
			wrong = 1;
			typed[0] = '\0';
		} else if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && len) {
			typed[len - 1] = '\0';
		} else if (ch > 32 && ch < 127 && len + 1 < sizeof(typed)) {
			typed[len] = (char)ch;
			typed[len + 1] = '\0';
		}
	}
}

/* Shows l until one of the keys of want is pressed ('\n' Enter, 27 Esc,
 * letters in lower case); returns it, 'q' when interrupted. */
static int ask(struct tui *t, struct menu_lines *l, const char *keys, const char *want)
{
	timeout(500);
	for (;;) {
		paint(t, l, 0, keys);
		int ch = getch();
		if (menu_interrupted)
			return 'q';
		if (ch == '\r' || ch == KEY_ENTER)
			ch = '\n';
		if (ch >= 'A' && ch <= 'Z')
			ch += 'a' - 'A';
		if (ch > 0 && ch < 128 && strchr(want, ch))
			return ch;
	}
}

/* The data directory is in RAM: asks for the station's RECO-DATA stick
 * until it is found (ME_NEXT: attached, the data is on it now) or the
 * person declines (ME_CANCEL: Esc; ME_QUIT: Q). */
static enum menu_event ask_stick(struct tui *t, int before_wipe)
{
	const char *saved = t->title;
	for (int tried = 0;; tried = 1) {
		struct menu_lines l;
		menu_lines_init(&l, COLS);
		t->title = _("RECO-DATA stick");
		menu_screen_stick(t->r, tried, before_wipe, &l);
		int k = ask(t, &l, before_wipe ? _(" Enter: the stick is plugged in   Esc: wipe nothing ")
					       : _(" Enter: the stick is plugged in   Esc: go on without it "),
			    "\n\033q");
		menu_lines_release(&l);
		t->title = saved;
		if (k != '\n')
			return k == 'q' ? ME_QUIT : ME_CANCEL;
		if (menu_attach_data(t->r) == 0)
			return ME_NEXT;
	}
}

/* After a power cut: resume the interrupted wipe (its journals' disks, each
 * confirmed again), or start again from the beginning.  0, or 1 to quit. */
static int ask_resume(struct tui *t)
{
	struct menu_run *r = t->r;
	char why[600];
	if (menu_resume_plan(r, why, sizeof(why))) {
		menu_resume_drop(r, why);
		return 0;
	}
	struct menu_lines l;
	menu_lines_init(&l, COLS);
	t->title = _("Interrupted wipe");
	menu_screen_resume(r, &l);
	int k = ask(t, &l, _(" Enter: resume the wipe   N: start again from the beginning   Q: quit "), "\nnq");
	menu_lines_release(&l);
	int rc;
	if (k == 'q')
		return 1;
	if (k == 'n')
		menu_resume_drop(r, _("the volunteer chose to start again"));
	else if ((rc = menu_resume_adopt(r)) != 0)
		menu_resume_drop(r, strerror(-rc));
	return 0;
}

static void show_sheet(struct menu_lines *l, const char *path)
{
	char *text = path[0] ? slurp(path, 1 << 20) : NULL;
	if (!text)
		return;
	menu_lines_add(l, "%s", "");
	char *save = NULL;
	for (char *ln = strtok_r(text, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save))
		menu_lines_wrap(l, 2, ln);
	free(text);
}

static int run_tui(struct menu_run *r)
{
	struct tui t = { .r = r };
	menu_flow_init(&t.f, r->o.repair_cafe);
	t.f.guided_on = 1; /* a person is at the screen */
	r->volatile_data = menu_data_volatile();
	if (!initscr())
		cli_die(RECO_EXIT_ENV, _("cannot start the text screen (TERM=%s)"), getenv("TERM") ? getenv("TERM") : "");
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(50);
	if (has_colors()) {
		start_color();
		init_pair(1, COLOR_GREEN, COLOR_BLACK);
		init_pair(2, COLOR_RED, COLOR_BLACK);
		t.has_color = 1;
	}
	while (t.f.st != MS_QUIT) {
		struct menu_lines l;
		menu_lines_init(&l, COLS);
		int rc;
		switch (t.f.st) {
		case MS_LOADING:
			rc = run_step(&t, MENU_ID_INVENTORY, _("Reading this computer"), menu_step_inventory);
			if (!r->session[0]) {
				endwin();
				cli_die(RECO_EXIT_ENV, "%s", r->msg);
			}
			if (!r->o.repair_cafe && menu_step_wipe_list(r, NULL))
				t.f.no_disk_list = 1;
			if (r->resume[0] && ask_resume(&t)) {
				menu_flow_next(&t.f, ME_QUIT);
				break;
			}
			t.f.n_targets = r->o.repair_cafe ? 0 : r->n_wipe;
			t.f.n_refused = r->o.repair_cafe ? 0 : r->n_refused;
			menu_flow_next(&t.f, rc == 0 ? ME_OK : ME_FAIL);
			break;
		case MS_SUMMARY: {
			t.title = _("Summary");
			menu_screen_summary(r, &l);
			const char *keys = r->o.repair_cafe ? _(" Enter: start the diagnosis   Q: quit ")
							    : _(" Enter: start   S: skip the diagnostics   Q: quit ");
			menu_flow_next(&t.f, show(&t, &l, keys, !r->o.repair_cafe));
			break;
		}
		case MS_DIAG:
			rc = run_step(&t, MENU_ID_DIAG, _("Diagnostics"), menu_step_diag);
			t.f.diag_incomplete = r->diag_incomplete;
			menu_flow_next(&t.f, rc == 0 ? ME_OK : ME_FAIL);
			break;
		case MS_GUIDED:
			/* reco diag draws the guided tests on this terminal */
			t.title = _("Guided tests");
			def_prog_mode();
			endwin();
			rc = menu_step_guided(r);
			reset_prog_mode();
			refresh();
			if (rc)
				menu_note(r, MENU_ID_DIAG, rc);
			t.f.diag_incomplete = r->diag_incomplete;
			menu_flow_next(&t.f, rc == 0 ? ME_OK : ME_FAIL);
			break;
		case MS_CONFIRM: {
			int i = t.f.confirm_idx;
			/* no wipe whose report would only be in memory */
			enum menu_event ev = i == 0 && r->volatile_data ? ask_stick(&t, 1) : ME_NEXT;
			if (ev != ME_NEXT) {
				snprintf(r->msg, sizeof(r->msg), "%s",
					 _("no RECO-DATA stick: nothing was wiped (its report would have been lost)"));
				menu_note(r, MENU_ID_WIPE, 1);
				menu_flow_next(&t.f, ev);
				break;
			}
			menu_flow_next(&t.f, confirm_disk(&t, &r->disks[r->wipe_idx[i]], i, r->n_wipe));
			break;
		}
		case MS_WIPE:
			rc = run_step(&t, MENU_ID_WIPE, _("Wiping the disks"), menu_step_wipe);
			menu_flow_next(&t.f, rc == 0 ? ME_OK : ME_FAIL);
			break;
		case MS_REPORT:
			if (t.f.no_disk_list && t.f.wipe == MO_FAIL && !r->why[MENU_ID_WIPE][0]) {
				snprintf(r->msg, sizeof(r->msg), "%s",
					 _("the list of disks could not be read: nothing was wiped"));
				menu_note(r, MENU_ID_WIPE, 1);
			}
			if (t.f.n_refused && t.f.wipe == MO_FAIL && !r->why[MENU_ID_WIPE][0]) {
				const struct menu_target *d = &r->disks[r->refused_idx[0]];
				snprintf(r->msg, sizeof(r->msg), _("%s of this computer could not be wiped: %s"), d->path,
					 d->reason);
				menu_note(r, MENU_ID_WIPE, 1);
			}
			/* a report only in memory is lost at power-off: one more chance */
			if (r->volatile_data && !r->o.repair_cafe)
				ask_stick(&t, 0); /* Esc or Q: the report is sealed anyway */
			rc = run_step(&t, MENU_ID_REPORT, _("Report and certificate"), menu_step_report);
			menu_flow_next(&t.f, rc == 0 ? ME_OK : ME_FAIL);
			if (r->report[0] && r->o.registry[0])
				run_step(&t, MENU_ID_REPORT + 1, _("Sending the report"), menu_step_sync);
			/* unsigned, or in RAM and not sent: never "ready", never "saved" */
			t.f.report_unsafe = menu_report_unsafe(r);
			break;
		case MS_RESULT:
			t.title = _("Result");
			menu_write_done(r, &t.f);
			menu_screen_result(r, &t.f, &l);
			if (r->o.repair_cafe)
				show_sheet(&l, r->sheet);
			if (show(&t, &l, _(" Enter: quit   arrows: scroll "), 0) == ME_NEXT)
				menu_flow_next(&t.f, ME_NEXT);
			break;
		case MS_QUIT:
			break;
		}
		menu_lines_release(&l);
		if (menu_interrupted)
			break;
	}
	endwin();
	if (menu_interrupted) {
		fprintf(stderr, _("reco menu: interrupted; session %s\n"), r->session);
		return RECO_EXIT_FAIL;
	}
	int pass = menu_flow_passed(&t.f);
	if (r->session[0])
		printf(pass ? _("reco menu: passed, session %s\n") : _("reco menu: not passed, session %s\n"), r->session);
	return pass ? RECO_EXIT_OK : RECO_EXIT_FAIL;
}

int main(int argc, char **argv)
{
	enum { OPT_AUTO = 256, OPT_RC, OPT_CMDLINE, OPT_DATA, OPT_LANG, OPT_SERIAL, OPT_KEYBOARD };
	static const struct option longopts[] = {
		{ "auto", no_argument, NULL, OPT_AUTO },
		{ "repair-cafe", no_argument, NULL, OPT_RC },
		{ "cmdline", required_argument, NULL, OPT_CMDLINE },
		{ "data", required_argument, NULL, OPT_DATA },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "serial", required_argument, NULL, OPT_SERIAL },
		{ "keyboard", required_argument, NULL, OPT_KEYBOARD },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct menu_control ctl = { .cmdline = "/proc/cmdline" };
	int c;

	cli_init("menu");
	while ((c = cli_getopt(argc, argv, "hV", longopts)) != -1) {
		switch (c) {
		case OPT_AUTO: ctl.auto_ = 1; break;
		case OPT_RC: ctl.repair_cafe = 1; break;
		case OPT_CMDLINE: ctl.cmdline = optarg; break;
		case OPT_DATA: ctl.data = optarg; break;
		case OPT_LANG:
			if (strcmp(optarg, "fr") && strcmp(optarg, "en"))
				cli_usage_error(_("invalid language '%s' (fr or en)"), optarg);
			ctl.lang = optarg;
			break;
		case OPT_SERIAL: ctl.serial = optarg; break;
		case OPT_KEYBOARD: ctl.keyboard = optarg; break;
		case 'h': usage();
		case 'V': cli_version();
		}
	}
	if (optind < argc)
		cli_usage_error(_("unexpected argument '%s'"), argv[optind]);

	struct menu_opts o;
	struct reco_err e = { 0 };
	menu_opts_init(&o);
	const char *env_data = getenv("RECO_DATA");
	char data[PATH_MAX];
	snprintf(data, sizeof(data), "%s", ctl.data ? ctl.data : env_data && *env_data ? env_data : "/run/reco/data");
	setenv("RECO_DATA", data, 1);

	char conf_path[PATH_MAX + 16];
	snprintf(conf_path, sizeof(conf_path), "%s/reco.conf", data);
	char *conf = slurp(conf_path, 1 << 16);
	if (conf && menu_opts_conf(&o, conf, &e)) {
		free(conf);
		cli_die(RECO_EXIT_USAGE, "%s: %s", conf_path, e.msg);
	}
	free(conf);
	char *cmdline = slurp(ctl.cmdline, 1 << 16);
	if (!cmdline && strcmp(ctl.cmdline, "/proc/cmdline"))
		cli_die(RECO_EXIT_ENV, "%s: %s", ctl.cmdline, strerror(errno));
	if (cmdline && menu_opts_cmdline(&o, cmdline, &e)) {
		free(cmdline);
		cli_die(RECO_EXIT_USAGE, "%s: %s", ctl.cmdline, e.msg);
	}
	free(cmdline);
	if (ctl.lang)
		snprintf(o.lang, sizeof(o.lang), "%s", ctl.lang);
	if (ctl.repair_cafe)
		o.repair_cafe = 1;
	if (ctl.auto_)
		o.auto_ = 1;
	char lang[8];
	snprintf(lang, sizeof(lang), "%s", menu_lang_pick(&o, getenv("LC_ALL"), getenv("LC_MESSAGES"), getenv("LANG")));
	snprintf(o.lang, sizeof(o.lang), "%s", lang);
	set_language(lang);
	if (o.operator_[0])
		setenv("RECO_OPERATOR", o.operator_, 1);

	struct menu_run r;
	menu_run_init(&r, &o);
	snprintf(r.data, sizeof(r.data), "%s", data);
	if (reco_mkdir_p(data, 0755))
		cli_die(RECO_EXIT_ENV, _("%s: cannot create the data directory: %s"), data, strerror(errno));
	/* One menu per machine: the unattended unit and the menu on tty1 must
	 * never both run the steps (two wipes of the same disks). */
	char lock_path[PATH_MAX + 32];
	snprintf(lock_path, sizeof(lock_path), "%s/.reco-menu.lock", data);
	int lock_fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (lock_fd < 0)
		cli_die(RECO_EXIT_ENV, "%s: %s", lock_path, strerror(errno));
	if (flock(lock_fd, LOCK_EX | LOCK_NB))
		cli_die(RECO_EXIT_ENV, _("another reco menu is already running on this data directory (%s)"), data);
	signal(SIGPIPE, SIG_IGN);
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	int rc;
	if (o.auto_) {
		const char *serial = ctl.serial;
		if (!serial && access("/dev/ttyS0", W_OK) == 0)
			serial = "/dev/ttyS0";
		rc = menu_auto(&r, serial, ctl.keyboard);
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
			cli_die(RECO_EXIT_ENV, _("the menu needs a terminal (use --auto without one)"));
		rc = run_tui(&r);
	}
	menu_run_release(&r);
	return rc;
}
