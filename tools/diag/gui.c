/*
 * gui.c — the text face of the guided tests: ncurses on the terminal the
 * person sees (the console of the live image, 80 × 25, or a terminal),
 * with a title bar, a body and the key help on the last line, like
 * `reco menu`'s screens.  When reco diag runs inside the menu, the menu
 * has let go of the terminal (endwin) and takes it back afterwards.
 *
 * Text is UTF-8 (the French accents); widths are counted in display
 * columns (wcwidth), and text is cut to the screen, never wrapped by the
 * terminal.  Colours when the terminal has them; reverse video always, so
 * that a monochrome console shows a lit key too.
 */
#include "guided.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "lib/util.h"

struct gd_ui {
	SCREEN *scr;
	FILE *in, *out;
	int own_files;
	int color;
};

struct gd_ui *gd_ui_open(int stdout_free)
{
	struct gd_ui *u = calloc(1, sizeof(*u));
	if (!u)
		return NULL;
	const char *term = getenv("TERM");
	if (!term || !*term || strcmp(term, "dumb") == 0)
		term = "linux"; /* the console */
	if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && stdout_free) {
		u->in = stdin;
		u->out = stdout;
	} else {
		int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
		if (fd < 0 || !(u->in = fdopen(fd, "r+"))) {
			if (fd >= 0)
				close(fd);
			free(u);
			return NULL;
		}
		u->out = u->in;
		u->own_files = 1;
	}
	u->scr = newterm((char *)term, u->out, u->in);
	if (!u->scr) {
		if (u->own_files)
			fclose(u->in);
		free(u);
		return NULL;
	}
	set_term(u->scr);
	raw(); /* Ctrl-C is an answer here, not a signal */
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(50);
	if (has_colors()) {
		start_color();
		init_pair(1, COLOR_BLACK, COLOR_GREEN);
		init_pair(2, COLOR_WHITE, COLOR_RED);
		u->color = 1;
	}
	return u;
}

void gd_ui_close(struct gd_ui *u)
{
	if (!u)
		return;
	set_term(u->scr);
	erase();
	refresh();
	endwin();
	delscreen(u->scr);
	if (u->own_files)
		fclose(u->in);
	free(u);
}

void gd_ui_clear(struct gd_ui *u)
{
	set_term(u->scr);
	erase();
}

void gd_ui_invalidate(struct gd_ui *u)
{
	set_term(u->scr);
	clearok(curscr, TRUE);
}

int gd_ui_rows(const struct gd_ui *u)
{
	(void)u;
	return LINES;
}

int gd_ui_cols(const struct gd_ui *u)
{
	(void)u;
	return COLS;
}

static int attr_of(const struct gd_ui *u, int a)
{
	int x = 0;
	if (a & GD_BOLD)
		x |= A_BOLD;
	/* a colour stands for reverse video where the terminal has colours */
	if (a & GD_REVERSE && !(u->color && (a & (GD_GOOD | GD_BAD))))
		x |= A_REVERSE;
	if (a & GD_DIM)
		x |= A_DIM;
	if (a & GD_GOOD)
		x |= u->color ? COLOR_PAIR(1) : A_REVERSE;
	if (a & GD_BAD)
		x |= u->color ? COLOR_PAIR(2) | A_BOLD : A_BOLD;
	return x;
}

/* The bytes of s that fit in width display columns. */
static size_t fit(const char *s, int width, int *used)
{
	mbstate_t st;
	memset(&st, 0, sizeof(st));
	size_t i = 0, len = strlen(s);
	int w = 0;
	while (i < len) {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s + i, len - i, &st);
		int cw = 1;
		if (n == (size_t)-1 || n == (size_t)-2) {
			n = 1;
			memset(&st, 0, sizeof(st));
		} else {
			if (n == 0)
				break;
			cw = wcwidth(wc);
			if (cw < 0)
				cw = 1;
		}
		if (w + cw > width)
			break;
		w += cw;
		i += n;
	}
	if (used)
		*used = w;
	return i;
}

void gd_ui_text(struct gd_ui *u, int row, int col, int attr, const char *s)
{
	gd_ui_textw(u, row, col, COLS, attr, s);
}

void gd_ui_textw(struct gd_ui *u, int row, int col, int width, int attr, const char *s)
{
	if (row < 0 || row >= LINES || col >= COLS || width <= 0)
		return;
	size_t n = fit(s, COLS - col < width ? COLS - col : width, NULL);
	int a = attr_of(u, attr);
	if (a)
		attron(a);
	mvaddnstr(row, col, s, (int)n);
	if (a)
		attroff(a);
}

int gd_ui_wrap(struct gd_ui *u, int row, int indent, int attr, const char *s)
{
	int width = COLS - indent;
	if (width < 10)
		width = 10;
	while (*s) {
		while (*s == ' ')
			s++;
		int used;
		size_t n = fit(s, width, &used);
		if (s[n]) {
			/* back to the last space, unless the word is longer than a line */
			size_t k = n;
			while (k > 0 && s[k] != ' ')
				k--;
			if (k > 0)
				n = k;
		}
		char line[512];
		snprintf(line, sizeof(line), "%.*s", (int)(n < sizeof(line) ? n : sizeof(line) - 1), s);
		gd_ui_text(u, row++, indent, attr, line);
		s += n;
		if (!n)
			break;
	}
	return row;
}

void gd_ui_frame(struct gd_ui *u, const char *title, const char *keys)
{
	char line[512];
	snprintf(line, sizeof(line), " reco %s — %s", reco_version(), title);
	attron(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	attroff(A_REVERSE);
	gd_ui_text(u, 0, 0, GD_REVERSE, line);
	attron(A_REVERSE);
	mvhline(LINES - 1, 0, ' ', COLS);
	attroff(A_REVERSE);
	gd_ui_text(u, LINES - 1, 0, GD_REVERSE, keys);
}

void gd_ui_refresh(struct gd_ui *u)
{
	(void)u;
	refresh();
}

int gd_ui_key(struct gd_ui *u, int timeout_ms)
{
	(void)u;
	timeout(timeout_ms);
	int ch = getch();
	switch (ch) {
	case ERR: return -1;
	case '\r': case KEY_ENTER: return GD_KEY_ENTER;
	case KEY_UP: return GD_KEY_UP;
	case KEY_DOWN: return GD_KEY_DOWN;
	default: return ch;
	}
}

void gd_ui_flush(struct gd_ui *u)
{
	(void)u;
	flushinp();
}

int gd_yes_no_key(int key)
{
	switch (key) {
	case 'o': case 'O': case 'y': case 'Y': return 1;
	case 'n': case 'N': return 0;
	default: return -1;
	}
}
