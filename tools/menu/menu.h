/*
 * menu.h — the modules behind `reco menu` (the volunteers' text menu) and
 * its unattended mode.  Everything here works without a terminal, so that
 * unit tests cover it; main.c (ncurses) and auto.c (plain lines) are two
 * faces over the same steps.
 *
 *   options.c   kernel command line (reco.*) and reco.conf, language choice
 *   progress.c  `--progress=json` lines of reco wipe / reco diag → bars
 *   lines.c     a buffer of lines fitted to the screen width (UTF-8 aware)
 *   screens.c   what each screen says (summary, bars, confirmation, result)
 *   flow.c      the state machine of the walk-through and its verdict
 *   confirm.c   what the person must type before a disk is wiped
 *   steps.c     running the other tools as programs, reading their results
 *   guided.c    the guided tests: reco diag --guided on the person's screen
 *   guard.c     network-boot arming, a report kept safe (stick or sent)
 *   resume.c    an interrupted wipe found again after a power cut
 *
 * The other tools are only ever run as programs (argument vectors through
 * lib/proc_stream.h): `reco inventory --json`, `reco wipe --list --json`,
 * `reco diag --progress=json`, `reco wipe --progress=json --yes`,
 * `reco report seal|render`, `reco sync`.
 */
#ifndef RECO_MENU_H
#define RECO_MENU_H

#include <jansson.h>
#include <limits.h>
#include <stddef.h>
#include <time.h>

#include "lib/proc_stream.h"
#include "lib/reco.h"

#define MENU_WIDTH 80
#define MENU_MAX_BARS 32
#define MENU_MAX_TARGETS 32

/* ---- options.c ------------------------------------------------------------ */

enum { MENU_STEP_INVENTORY = 1, MENU_STEP_DIAG = 2, MENU_STEP_WIPE = 4, MENU_STEP_REPORT = 8 };

struct menu_opts {
	int auto_;               /* reco.auto= given (or --auto) */
	unsigned steps;          /* MENU_STEP_* bits; default: all four */
	char method[16];         /* reco.wipe: auto|random|zero (default auto) */
	char verify[16];         /* reco.verify: full|sample (default full) */
	int yes;                 /* reco.yes=1: wiping unattended is allowed */
	char lang[8];            /* fr|en, "" = not said */
	char keymap[32];         /* reco.keymap / keymap= */
	char registry[512];      /* reco.registry / registry_url= */
	char operator_[128];     /* operator= (a pseudonym) */
	int poweroff;            /* reco.poweroff=1 */
	int repair_cafe;         /* reco.mode=repair-cafe / --repair-cafe */
	int countdown;           /* reco.countdown= / countdown=: seconds before an
				  * unattended wipe; -1 = default (30) */
	int netboot;             /* booted over the network (reco.boot=net, fetch=) */
	int usb;                 /* reco.usb=1 / wipe_usb=yes: USB disks are wiped too */
	char allow[1024];        /* allow_machines=: DMI serials/UUIDs that may be
				  * wiped unattended over the network */
	int wifi;                /* reco.conf names the workshop's Wi-Fi (wifi_ssid=):
				  * reco diag reads it there (--wifi-conf) */
};

#define MENU_COUNTDOWN_DEFAULT 30
#define MENU_COUNTDOWN_NET_MIN 10

/* The countdown before an unattended wipe: o->countdown, else 30 s; over
 * the network never less than MENU_COUNTDOWN_NET_MIN. */
int menu_countdown_seconds(const struct menu_opts *o);

/* Defaults: every step, method auto, verify full, nothing else. */
void menu_opts_init(struct menu_opts *o);

/* Reads the reco.* words of a kernel command line (space separated,
 * "double quotes" allowed around values; other words are ignored).
 * 0, or -EINVAL with e naming the bad word. */
int menu_opts_cmdline(struct menu_opts *o, const char *cmdline, struct reco_err *e);

/* Reads reco.conf: `key = value` lines, `#` or `;` comments, [sections]
 * ignored; keys language, keymap, operator, registry_url (unknown keys are
 * an error so that a typo is seen).  0, or -EINVAL with e naming the line. */
int menu_opts_conf(struct menu_opts *o, const char *text, struct reco_err *e);

/* The language to show: o->lang when said, else the environment's
 * (LC_ALL, LC_MESSAGES, LANG: "en..." → en), else French.  "fr" or "en". */
const char *menu_lang_pick(const struct menu_opts *o, const char *lc_all, const char *lc_messages,
			   const char *lang);

/* ---- progress.c ----------------------------------------------------------- */

enum menu_progress_kind { MP_NONE = 0, MP_WIPE, MP_DIAG };

struct menu_progress {
	enum menu_progress_kind kind;
	char key[128];           /* wipe: target path; diag: test name */
	int permille;            /* 0..1000 */
	char phase[32];          /* wipe: write|verify|finish|erased|failed|aborted; diag: progress|done */
	int pass, passes;        /* wipe */
	long long bytes_per_s, eta_s, errors;
	int done;                /* the last line for this key */
};

/* Parses one line of `reco wipe --progress=json` (reco-wipe-progress/1) or
 * `reco diag --progress=json` ({"event","test","done","total","percent"}).
 * Returns 1 and fills p for a progress line, 0 for anything else (plain
 * text, other JSON, damaged lines). */
int menu_progress_parse(const char *line, size_t len, struct menu_progress *p);

struct menu_bar {
	struct menu_progress p;
};

struct menu_bars {
	struct menu_bar b[MENU_MAX_BARS];
	int n;
};

/* Updates (or adds, in order of first appearance) the bar of p->key.  A
 * bar never goes backwards within a phase; more than MENU_MAX_BARS keys
 * are dropped.  Returns the bar's index or -1. */
int menu_bars_update(struct menu_bars *bars, const struct menu_progress *p);

/* ---- lines.c -------------------------------------------------------------- */

struct menu_lines {
	char **line;
	int n, cap;
	int width;               /* in terminal columns */
};

void menu_lines_init(struct menu_lines *l, int width);
void menu_lines_release(struct menu_lines *l);
/* Adds one line, cut to the width (with "…" when cut).  0 or -ENOMEM. */
int menu_lines_add(struct menu_lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Adds text word-wrapped to the width, every line starting with indent
 * columns of spaces.  0 or -ENOMEM. */
int menu_lines_wrap(struct menu_lines *l, int indent, const char *text);

/* Display columns of a UTF-8 string (invalid bytes count 1). */
int menu_str_width(const char *s);
/* Copies s into out cut to at most width columns ("…" ends a cut string)
 * and pads with spaces to exactly width columns when pad.  Returns out. */
char *menu_fit(const char *s, int width, int pad, char *out, size_t size);

/* A bar of width cells for permille: "[#####.....]" in ASCII (the Linux
 * console's fonts lack block characters). */
void menu_bar_text(int permille, int width, char *out, size_t size);

/* ---- confirm.c ------------------------------------------------------------ */

struct menu_target {
	char path[256], name[64], model[128], serial[128], transport[16];
	char role[16];           /* internal, removable, boot-medium, live-system,
				  * virtual ("" from an older reco wipe) */
	long long size_bytes;
	unsigned long long diskseq; /* the kernel's, 0 when unknown */
	int eligible;
	char reason[256];
	char wipe_err[256];      /* why reco wipe, run on it, left it unwiped */
};

/* 1 when t is one of this computer's own disks (role internal; an old list
 * without roles: anything but USB), or a removable one when usb is set:
 * the disks the wipe must cover. */
int menu_target_is_machine(const struct menu_target *t, int usb);

/* Disks from `reco wipe --list --json` (reco-wipe-list/1), eligible or
 * not, in the list's order.  Returns how many (at most max), -EINVAL when
 * doc is not such a list. */
int menu_targets_from_list(const json_t *doc, struct menu_target *t, int max);

/* What the person must type for t: the last 4 characters of its serial
 * (spaces and dashes at the ends dropped; the whole serial when shorter),
 * or its name ("sdb") when it has no serial. */
void menu_confirm_expected(const struct menu_target *t, char *out, size_t size);

/* 1 when typed matches expected (case and surrounding spaces ignored). */
int menu_confirm_check(const char *expected, const char *typed);

/* ---- flow.c --------------------------------------------------------------- */

enum menu_state {
	MS_LOADING,   /* inventory + wipe list */
	MS_SUMMARY,   /* first screen */
	MS_DIAG,
	MS_GUIDED,    /* the guided tests a person answers (guided.c) */
	MS_CONFIRM,   /* one disk at a time */
	MS_WIPE,
	MS_REPORT,
	MS_RESULT,
	MS_QUIT
};

enum menu_event {
	ME_OK,        /* a step finished well */
	ME_FAIL,      /* a step finished badly */
	ME_NEXT,      /* Enter */
	ME_SKIP,      /* skip the diagnostics (summary screen) */
	ME_CONFIRMED, /* the right characters were typed for the current disk */
	ME_CANCEL,    /* Escape: no wipe */
	ME_QUIT
};

enum menu_outcome { MO_NOT_RUN = 0, MO_OK, MO_FAIL, MO_SKIPPED };

struct menu_flow {
	enum menu_state st;
	int repair_cafe;
	int n_targets;           /* eligible disks */
	int n_refused;           /* disks of this computer that cannot be wiped */
	int report_unsafe;       /* the report is unsigned or lives only in RAM */
	int no_disk_list;        /* the list of disks could not be read: the wipe fails */
	int confirm_idx;         /* which of them is being confirmed */
	enum menu_outcome inventory, diag, wipe, report;
	int diag_incomplete;     /* the diagnosis ran but left parts NOT_TESTED */
	int guided_on;           /* a person is at the screen: the guided tests follow the diagnosis */
	enum menu_outcome guided;
};

void menu_flow_init(struct menu_flow *f, int repair_cafe);
/* Moves on with ev; returns the new state (unchanged for an event that
 * means nothing in the current state). */
enum menu_state menu_flow_next(struct menu_flow *f, enum menu_event ev);
/* 1 when the machine is done: every step that should run ran well (in
 * Repair Café mode: the diagnosis ran and found no faulty part). */
int menu_flow_passed(const struct menu_flow *f);
const char *menu_state_name(enum menu_state s);

/* ---- steps.c -------------------------------------------------------------- */

enum menu_step_id { MENU_ID_INVENTORY, MENU_ID_DIAG, MENU_ID_WIPE, MENU_ID_REPORT };

/* How a step shows what happens; every member may be NULL. */
struct menu_ui {
	void (*progress)(void *arg, const struct menu_progress *p);
	void (*line)(void *arg, const char *line, enum reco_pstream_fd from);
	/* Called about every 100 ms while a tool runs; non-zero asks to stop
	 * it (SIGINT, as Ctrl-C would). */
	int (*idle)(void *arg);
	void *arg;
};

/* What reco wipe journaled of one target (reco-wipe-journal/1). */
struct menu_journal {
	char path[256], serial[128];
	long long size;          /* -1 when the journal does not say */
	long long offset;        /* done so far in this phase */
	int pass, npasses;
	int done;                /* phase=done */
};

struct menu_run {
	struct menu_opts o;
	char reco[PATH_MAX];     /* the reco program ("reco", or $RECO_BIN) */
	char data[PATH_MAX];     /* data directory */
	char session[PATH_MAX];  /* once created */
	json_t *inventory;       /* reco-inventory/1, or NULL */
	json_t *wipe_list;       /* reco-wipe-list/1, or NULL */
	struct menu_target disks[MENU_MAX_TARGETS];
	int n_disks;
	int wipe_idx[MENU_MAX_TARGETS]; /* indexes of eligible disks */
	int n_wipe;
	int refused_idx[MENU_MAX_TARGETS]; /* this computer's disks that cannot be wiped */
	int n_refused;
	char resume[PATH_MAX];   /* an interrupted wipe's session: found by
				  * menu_step_inventory, kept by menu_resume_plan
				  * when it can go on, "" otherwise */
	struct menu_journal jr[MENU_MAX_TARGETS]; /* its journals (menu_resume_plan) */
	int n_jr;
	char superseded[PATH_MAX]; /* an interrupted wipe started again: marked
				    * superseded when the new wipe starts */
	char resume_why[512];    /* why it was not resumed (translated) */
	int volatile_data;       /* the data directory is in RAM (no stick) */
	char attach_why[256];    /* why the last menu_attach_data found no stick */
	enum { SYNC_NOT_RUN, SYNC_SENT, SYNC_QUEUED, SYNC_UNSIGNED, SYNC_REJECTED } sync;
	char sync_msg[512];      /* what reco sync said of this report */
	char grade[4];           /* diag grade */
	int diag_failed_parts;
	int diag_incomplete;     /* diag.json does not say "complete": true */
	int erased, not_erased;  /* wipe result per target */
	int certified;
	char report[PATH_MAX + 32], pdf[PATH_MAX + 32], sheet[PATH_MAX + 32];
	char msg[1024];          /* why the last step failed, plain text */
	char why[4][1024];      /* why each step (enum menu_step_id) failed or was skipped */
	struct menu_bars bars;
	json_t *diag;            /* diag.json once read */
};

/* Set (to the signal number) by the program's SIGINT/SIGTERM handler:
 * menu_run_tool then stops the running tool (SIGINT to its process group)
 * and the caller stops after the step. */
#include <signal.h>
extern volatile sig_atomic_t menu_interrupted;

void menu_run_init(struct menu_run *r, const struct menu_opts *o);
void menu_run_release(struct menu_run *r);

/* Runs argv through lib/proc_stream: progress lines go to ui->progress (and
 * r->bars), other lines to ui->line; when out is not NULL the helper's
 * stdout is also kept there (malloc'd, NUL-terminated).  Returns the exit
 * status, or -errno when it could not run (r->msg says why). */
int menu_run_tool(struct menu_run *r, char *const argv[], const struct menu_ui *ui, char **out);

/* Each step: 0 done well, 1 done badly (r->msg says why), or -errno when
 * the step could not run at all (r->msg says why). */
int menu_step_inventory(struct menu_run *r, const struct menu_ui *ui); /* also creates the session */
int menu_step_wipe_list(struct menu_run *r, const struct menu_ui *ui);
int menu_step_diag(struct menu_run *r, const struct menu_ui *ui);
/* Reads the session's diag.json after reco diag ended with status st:
 * grade, faulty parts, completeness (r->diag...).  0, or 1 (r->msg says
 * why: faulty parts, unreadable, st != 0). */
int menu_read_diag(struct menu_run *r, int st);
int menu_step_wipe(struct menu_run *r, const struct menu_ui *ui);
int menu_step_report(struct menu_run *r, const struct menu_ui *ui);
int menu_step_sync(struct menu_run *r, const struct menu_ui *ui);

/* The data directory is in RAM: $RECO_VOLATILE_FLAG (default
 * /run/reco/data-volatile, written by the live image) exists. */
int menu_data_volatile(void);
/* Runs $RECO_ATTACH_DATA (default /usr/lib/reco-live/attach-data), which
 * mounts a RECO-DATA stick carrying our marker over the data directory,
 * keeping its sessions; 0 when the data is now on a stick, else r->attach_why
 * holds the helper's last line (why no stick was taken). */
int menu_attach_data(struct menu_run *r);
/* 1 when the report is unsigned, or only in RAM and not sent: it is not
 * safe, and the result must not say "ready" nor "saved". */
int menu_report_unsafe(const struct menu_run *r);
/* What is missing for the report to be safe and how to fix it ("" when it
 * is safe), translated. */
const char *menu_report_missing(const struct menu_run *r, char *buf, size_t size);

/* Unattended wiping over the network needs more than reco.yes=1: an arming
 * token from the netboot server ($RECO_ARM_FILE, default /run/reco/arm:
 * "reco-arm/1", token=HEX, issued=, expires= RFC 3339, a window of at most
 * a day that includes now) or this machine's DMI serial or UUID in
 * allow_machines.  0 allowed (how, in why), 1 refused (why says so). */
int menu_netboot_allowed(const struct menu_run *r, time_t now, char *why, size_t size);

/* The value of the first "key=value" line of text (out "" when none). */
void menu_kv(const char *text, const char *key, char *out, size_t size);

/* ---- resume.c ------------------------------------------------------------- */

/* An interrupted wipe of this device (sessions/<id>/<time>/wipe-*.journal
 * not done, no wipe.json, not marked superseded): its session directory in
 * out, 1; else 0. */
int menu_find_interrupted(const char *data, const char *device_id, char *out, size_t size);
/* The journals of session dir (wipe-*.journal), at most max: how many, or
 * -errno when the directory cannot be read.  Malformed ones are skipped. */
int menu_journals_read(const char *dir, struct menu_journal *j, int max);
/* Whether r->resume can go on with the disks listed now (r->disks): every
 * journal unfinished, each journal's disk listed at the path it recorded,
 * with the serial (and size) it recorded, one of this computer's and
 * eligible; and no other disk of this computer waiting to be wiped.  0:
 * r->jr holds the journals and r->wipe_idx the listed disks in the same
 * order.  1: it cannot (why, translated, says which disk and why). */
int menu_resume_plan(struct menu_run *r, char *why, size_t size);
/* Goes on in r->resume: this run's inventory.json and disks.json move
 * there, the session just made is removed, r->session and $RECO_SESSION
 * become r->resume.  0, or -errno (nothing changed). */
int menu_resume_adopt(struct menu_run *r);
/* Does not resume r->resume (why is kept in r->resume_why): the wipe
 * starts again, and the old session is marked superseded when it does. */
void menu_resume_drop(struct menu_run *r, const char *why);
/* Writes <r->superseded>/superseded (the new session's path) so that it is
 * never offered again; 0 or -errno.  Nothing to do when r->superseded is "". */
int menu_resume_supersede(struct menu_run *r);
/* ---- guided.c -------------------------------------------------------------- */

/* The guided tests (keyboard, touchpad, screen, camera, speakers,
 * microphone, USB ports): `reco diag --guided --session S [--keymap K]`
 * run on the terminal itself (the caller has let go of it: endwin), each
 * test startable or skippable by the person; then diag.json read again.
 * 0 every test done and none faulty, 1 a faulty part or a test that could
 * not run (r->msg says why), -errno when reco diag could not be started. */
int menu_step_guided(struct menu_run *r);
/* The argument vector of that run (static storage in r). */
char **menu_guided_argv(struct menu_run *r);

/* Keeps r->msg as the reason of step id (when rc != 0, or always when
 * rc < 0 is not what matters: callers pass the step's result). */
void menu_note(struct menu_run *r, enum menu_step_id id, int rc);
/* The first reason noted, in step order, else r->msg ("" when none). */
const char *menu_first_reason(const struct menu_run *r);
/* Why the run does not pass: the first reason noted, else that the
 * diagnosis was not run or is incomplete (translated), else "". */
const char *menu_fail_reason(const struct menu_run *r, const struct menu_flow *f);

/* Writes <session>/DONE: {"schema":"reco-auto-done/1","result":"ok"|"fail",
 * "report":path or "","finished":RFC 3339,"steps":{...}}.  0 or -errno. */
int menu_write_done(const struct menu_run *r, const struct menu_flow *f);

/* ---- screens.c ------------------------------------------------------------ */

/* The first screen: machine summary and the disks with their eligibility. */
void menu_screen_summary(const struct menu_run *r, struct menu_lines *l);
/* The question after a power cut: the interrupted wipe's session and the
 * disks its journals recorded (after menu_resume_plan). */
void menu_screen_resume(const struct menu_run *r, struct menu_lines *l);
/* The data directory is in RAM: asks for the station's RECO-DATA stick;
 * tried: a stick was looked for and not found; before_wipe: nothing is
 * wiped without it. */
void menu_screen_stick(const struct menu_run *r, int tried, int before_wipe, struct menu_lines *l);
/* One line per bar: label, bar, percent, and for disks speed/phase. */
void menu_screen_bars(const struct menu_bars *b, struct menu_lines *l);
/* The confirmation of disk t. */
void menu_screen_confirm(const struct menu_target *t, int idx, int n, const char *typed, int wrong,
			 struct menu_lines *l);
/* The countdown before an unattended wipe: the machine and each disk. */
void menu_screen_countdown(const struct menu_run *r, int seconds_left, struct menu_lines *l);
/* The last screen: PASS/FAIL, each step, where the files are. */
void menu_screen_result(const struct menu_run *r, const struct menu_flow *f, struct menu_lines *l);
/* Why a disk that is not this computer's is left out (boot medium, live
 * system, removable, virtual), translated. */
const char *menu_role_text(const struct menu_target *t);
/* A human word for a progress phase (write → "writing", erased → "ERASED"). */
const char *menu_phase_text(const char *phase);
/* A human name for a diag test key ("cpu", "ram/...", "disk/sda"). */
const char *menu_test_title(const char *key, char *buf, size_t size);

#endif
