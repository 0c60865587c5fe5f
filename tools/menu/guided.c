/*
 * guided.c — the menu's step for the guided tests (keyboard, touchpad,
 * screen, camera, speakers, microphone, USB ports: tools/diag/guided.h).
 *
 * reco diag draws them itself: the menu lets go of the terminal (endwin,
 * in main.c), runs `reco diag --guided` on it with the same standard input,
 * output and error, waits, and takes the terminal back; each test's first
 * screen lets the person start it or skip it with a reason.  reco diag
 * keeps the automatic parts of the session's diag.json and adds the guided
 * ones; the menu then reads it again (grade, faulty parts, completeness).
 * The unattended mode never runs this step: nobody is there to answer.
 */
#include "menu.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diag/diag.h"
#include "lib/i18n.h"

char **menu_guided_argv(struct menu_run *r)
{
	static char *argv[10];
	int n = 0;
	argv[n++] = r->reco;
	argv[n++] = "diag";
	argv[n++] = "--guided";
	argv[n++] = "--progress=none";
	argv[n++] = "--session";
	argv[n++] = r->session;
	if (r->o.keymap[0]) {
		argv[n++] = "--keymap";
		argv[n++] = r->o.keymap;
	}
	argv[n] = NULL;
	return argv;
}

int menu_step_guided(struct menu_run *r)
{
	char **argv = menu_guided_argv(r);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		snprintf(r->msg, sizeof(r->msg), _("%s: cannot run it: %s"), argv[0], strerror(e));
		return -e;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	int ws, st;
	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR) {
			int e = errno;
			snprintf(r->msg, sizeof(r->msg), "%s: %s", argv[0], strerror(e));
			return -e;
		}
	st = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	if (st == 127) {
		snprintf(r->msg, sizeof(r->msg), _("%s: cannot run it: %s"), argv[0], strerror(ENOENT));
		return -ENOENT;
	}
	r->msg[0] = '\0';
	menu_read_diag(r, 0);
	if (!r->diag)
		return 1; /* r->msg says why */
	/* this step's own outcome: the guided parts (a faulty automatic part
	 * is the diagnosis step's) */
	int failed = 0;
	size_t i;
	const json_t *p;
	json_array_foreach(json_object_get(r->diag, "parts"), i, p) {
		const struct diag_part_kind *k = diag_part_kind(json_string_value(json_object_get(p, "part")));
		const char *v = json_string_value(json_object_get(p, "verdict"));
		failed += k && k->guided && v && strcmp(v, "FAIL") == 0;
	}
	if (failed) {
		snprintf(r->msg, sizeof(r->msg), _("faulty parts found by the guided tests: %d"), failed);
		return 1;
	}
	if (st != 0 && st != 1) {
		snprintf(r->msg, sizeof(r->msg), _("%s ended with status %d"), "diag --guided", st);
		return 1;
	}
	return 0;
}
