/*
 * diag.h — reco diag: the library behind `reco diag` (CPU, RAM, disks,
 * battery, heat), shared by main.c and the unit tests.
 *
 * Shape: every check fills a struct diag_part: a list of named integer
 * metrics ("ata.197" = 3, "battery.health_permille" = 550...) plus a JSON
 * object of details.  The verdict is never decided in the checks: rules.c
 * holds the tables (data): the parts (parts.c: what each kind of part is),
 * the rows mapping metrics to verdicts with a plain-language reason and
 * action, the rows naming the measurements a part requires, and the grade
 * table.  verdict.c applies them.  Nothing here prints or exits (tools/lib
 * rules apply to the whole library part of the tool); main.c prints.
 *
 * The verdict model (README "Diagnostics"): PASS, WARN, FAIL, ABSENT (the
 * machine has no such part), NOT_TESTED (with its reason).  A part starts
 * NOT_TESTED and becomes PASS only when every measurement its rules require
 * is present and within limits; a measured FAIL stands whatever is missing.
 * Texts are stored as codes and values (rule code, metrics) and rendered in
 * the reader's language from them (diag_json_reason()).
 */
#ifndef RECO_DIAG_H
#define RECO_DIAG_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/reco.h"
#include "ram_tests.h"

/* Ordered by precedence: a part's verdict is its worst finding's (FAIL >
 * NOT_TESTED > WARN > PASS); ABSENT stands apart. */
enum diag_verdict { DIAG_PASS = 0, DIAG_WARN = 1, DIAG_NOT_TESTED = 2, DIAG_FAIL = 3, DIAG_ABSENT = 4 };

/* "PASS", "WARN", "NOT_TESTED", "FAIL", "ABSENT". */
const char *diag_verdict_name(enum diag_verdict v);
/* The verdict named s, or -1. */
int diag_verdict_parse(const char *s);

/* ---- rules (rules.c) --------------------------------------------------- */

enum diag_dir {
	DIAG_HIGH_IS_BAD, /* value >= threshold triggers */
	DIAG_LOW_IS_BAD,  /* value <= threshold triggers */
	DIAG_REQUIRED,    /* triggers when the metric is absent (a missing input) */
};

#define DIAG_NEVER INT64_MIN /* threshold that never triggers */

/* One row of the verdict table.  reason and action are English msgids
 * (translated at display); "{n}" in reason is replaced by the value, and
 * "{metric.name}" by that metric of the part.  A DIAG_REQUIRED row gives
 * `gives` (default NOT_TESTED) when its metric is missing; a threshold row
 * gives WARN at warn_at (or `gives` when set: NOT_TESTED for a coverage
 * floor) and FAIL at fail_at. */
struct diag_rule {
	const char *code;   /* stable id, "disk.pending_sectors" */
	const char *part;   /* "cpu", "ram", "disk", "battery", "thermal" */
	const char *metric; /* metric name the row reads */
	enum diag_dir dir;
	int64_t warn_at;    /* DIAG_NEVER: no WARN level */
	int64_t fail_at;    /* DIAG_NEVER: no FAIL level */
	const char *reason;
	const char *action;
	int per_mille;      /* 1: the value is per mille, shown as a percentage */
	enum diag_verdict gives; /* DIAG_PASS: the default (see above) */
};

/* The verdict table and its length. */
const struct diag_rule *diag_rules(size_t *count);

/* Reasons a part is NOT_TESTED or ABSENT that no metric row gives: the
 * check could not run, was left out, the machine has no such part. */
struct diag_state {
	const char *code;   /* "skipped", "ram.could_not_run" */
	enum diag_verdict verdict;
	const char *reason, *action; /* msgids */
};
const struct diag_state *diag_states(size_t *count);

/* One row of the grade table: a part ("*" any) at or above a verdict gives
 * at least this grade ('A' best .. 'D' worst). */
struct diag_grade_rule {
	const char *part;
	enum diag_verdict at_least;
	char grade;
	const char *meaning; /* msgid */
};
const struct diag_grade_rule *diag_grade_rules(size_t *count);
/* What a grade means for the volunteer (msgid). */
const char *diag_grade_meaning(char grade);

struct diag_run;
struct diag_part_kind;

/* What a part needs (diag_part_kind.needs). */
enum {
	DIAG_NEEDS_IDLE = 1,    /* measured at rest: before the processor load */
	DIAG_NEEDS_LOAD = 2,    /* judged with the processor load (after it) */
	DIAG_NEEDS_MACHINE = 4, /* live measurements on the machine itself: on a
				 * captured tree (--root) they are NOT_TESTED */
	DIAG_NEEDS_ADMIN = 8,   /* administrator rights (devices, sockets) */
	DIAG_NEEDS_PERSON = 16, /* a person answers at the screen (guided.h) */
};

/* What a kind of part is (parts.c): its name for people and whether every
 * machine has one (cpu, ram, cooling) or only some (battery, disk, Wi-Fi...).
 * Renderers (report, menu) need only this. */
struct diag_part_kind {
	const char *part;   /* "ram" */
	const char *title;  /* msgid, "Memory" */
	int always;         /* 1: never ABSENT */
	int guided;         /* 1: a person judges it (guided.h); not in a plain run */
};

/* How a kind of part runs: the descriptor each part's file exposes
 * (diag_cpu_desc in cpu.c, diag_wifi_desc in wifi.c...), listed in the
 * table of parts (table.c).  What it needs, begin (before any part runs:
 * the disks' self-tests) and run (measure, add its parts to the run); a
 * function part (functions.h) gives its reader and the shared runner.  Its
 * measurements become verdicts through the rows of rules.c that name the
 * part.  Adding a part is adding its file, its line in the table and its
 * rows. */
struct diag_part_desc {
	const char *part;   /* a kind of parts.c */
	unsigned needs;     /* DIAG_NEEDS_* */
	void (*begin)(struct diag_run *r);
	void (*run)(struct diag_run *r, const struct diag_part_desc *d);
	const void *read;   /* a function part's reader (diag_fn_reader), or NULL */
};
/* The table of parts, in the order they run. */
const struct diag_part_desc *const *diag_part_table(size_t *count);
extern const struct diag_part_desc diag_cpu_desc, diag_ram_desc, diag_disk_desc, diag_battery_desc,
	diag_thermal_desc, diag_power_desc, diag_wifi_desc, diag_bluetooth_desc, diag_ethernet_desc,
	diag_sound_desc, diag_camera_desc, diag_usb_desc, diag_screen_desc, diag_media_desc,
	/* the guided tests (guided.h) */
	diag_keyboard_desc, diag_touchpad_desc, diag_display_desc, diag_webcam_desc, diag_speakers_desc,
	diag_microphone_desc, diag_usbports_desc;
const struct diag_part_kind *diag_part_kinds(size_t *count);
const struct diag_part_kind *diag_part_kind(const char *part);

/* ---- parts ------------------------------------------------------------- */

#define DIAG_MAX_METRICS 32

struct diag_metric {
	const char *name; /* static string */
	int64_t value;
};

struct diag_part {
	char part[16];
	char id[64];
	struct diag_metric metrics[DIAG_MAX_METRICS];
	size_t n_metrics;
	json_t *details;    /* owned; object */
	/* set by the check when it could not measure (diag_part_state()): */
	const struct diag_state *state;
	char state_detail[160]; /* the system's own words (strerror...), or "" */
	/* filled by diag_part_judge(): */
	enum diag_verdict verdict;    /* NOT_TESTED until judged */
	const struct diag_rule *rule; /* the row explaining the verdict, NULL on PASS */
	int64_t rule_value;
	json_t *findings;   /* owned; array of {rule, verdict, value} */
};

/* Initialises p for part/id (details = empty object, verdict NOT_TESTED).
 * 0 or -ENOMEM. */
int diag_part_init(struct diag_part *p, const char *part, const char *id);
void diag_part_release(struct diag_part *p);
/* Sets (or replaces) a metric; silently ignored past DIAG_MAX_METRICS. */
void diag_metric_set(struct diag_part *p, const char *name, int64_t value);
/* 1 and *value when the metric is present. */
int diag_metric_get(const struct diag_part *p, const char *name, int64_t *value);
/* Marks p as not measured (or absent) for the reason `code` of the states
 * table, with the system's words as detail (may be NULL).  -ENOENT for an
 * unknown code (p unchanged). */
int diag_part_state(struct diag_part *p, const char *code, const char *detail);

/* Applies the rule table to p's metrics: verdict, explaining rule, findings
 * (every row that triggered, worst first in the table's order). */
void diag_part_judge(struct diag_part *p);

/* The part as a diag.json parts[] entry: part, id, verdict, rule (the
 * explaining code: a rule's or a state's), value, metrics, findings,
 * state_detail, the details merged in, and reason/action in English (for
 * people reading the JSON; documents render from the codes).  New
 * reference. */
json_t *diag_part_json(const struct diag_part *p);

/* The reason and the action of a diag.json part, rendered from its code and
 * values: translated (gettext) or in English.  Never NULL unless out of
 * memory; the caller frees.  An unknown code renders as the code. */
char *diag_json_reason(const json_t *part, int translated);
char *diag_json_action(const json_t *part, int translated);

/* The same for a judged part (through diag_part_json). */
char *diag_part_reason(const struct diag_part *p, int translated);
char *diag_part_action(const struct diag_part *p, int translated);

/* The functional grade of a set of judged parts ('A'..'D'): the grade
 * table, then capped at B when a part was not tested (grade A only when
 * every part the machine has was tested and passed). */
char diag_grade(const struct diag_part *parts, size_t n);

/* ---- a run (run.c) ------------------------------------------------------- */

/* The facts of /proc/meminfo a run needs, read once (diag_run.meminfo;
 * sensors.c): -1 when absent. */
struct diag_meminfo {
	int64_t total_kb, available_kb, swap_total_kb, early_memtest_bad_kb;
};

#define DIAG_MAX_PARTS 64
#define DIAG_MAX_LIST 64

/* A run of reco diag: main.c fills the options, then runs the table of
 * parts (diag_run_parts()); each part's run adds its parts here.  What the
 * parts share lives here too: the thermal watch during the processor load,
 * the disks' self-tests, the function parts' facts read once.  Progress
 * and warnings go through the callbacks (the library prints nothing). */
struct diag_run {
	/* options */
	const char *root;           /* "" the running system */
	int full, repair_cafe, no_selftest;
	long long duration_s;       /* -1: profile default */
	uint64_t ram_size;
	unsigned loops, threads;
	int inject_cpu;             /* test hooks (RECO_DIAG_INJECT) */
	struct ram_inject inject_ram;
	const char *wifi_conf;
	const char *session;        /* the session directory (wipe.json) */
	const char *keymap;         /* the keyboard test's keymap (--keymap), or NULL */
	int guided_markers;         /* guided tests: JSON markers on stderr */
	int guided_stdout_busy;     /* stdout is diag.json (--json): the tests use /dev/tty */
	const char *disks[DIAG_MAX_LIST];
	size_t n_disks;
	json_t *excluded;           /* disks not judged, with the reason */
	/* results */
	struct diag_part parts[DIAG_MAX_PARTS];
	size_t n_parts;
	int env_error;              /* a part could not run (exit status 3) */
	/* shared */
	void *thermal;              /* struct diag_thermal_watch (run.c) */
	int loaded;                 /* the processor load ran */
	void *selftests;            /* the disks' self-tests (disks.c) */
	void *fn;                   /* the function parts' facts (functions.c) */
	void *guided;               /* the guided tests' text face (guided.c) */
	struct diag_meminfo meminfo; /* /proc/meminfo, read once at the start */
	/* reporting */
	void (*progress)(struct diag_run *r, const char *test, const char *title, uint64_t done, uint64_t total,
			 int final);
	void (*warn)(struct diag_run *r, const char *msg);
	void (*note)(struct diag_run *r, const char *msg); /* information lines */
	void *user;
};

/* Initialises r (options to their defaults: duration -1, inject_cpu -1,
 * root "").  0 or -ENOMEM. */
int diag_run_init(struct diag_run *r);
/* Frees what the run holds (the parts too). */
void diag_run_release(struct diag_run *r);
/* A new part in the run (NULL when the table is full); an out-of-memory
 * part is an environment error. */
struct diag_part *diag_run_new_part(struct diag_run *r, const char *part, const char *id);
/* The progress callback, when set. */
void diag_run_progress(struct diag_run *r, const char *test, const char *title, uint64_t done, uint64_t total,
		       int final);
/* A warning, or an information line, for the person (printf-like),
 * through the callbacks. */
void diag_run_warn(struct diag_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_run_note(struct diag_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Runs the parts in `only` (bit 1 << the kind's index in parts.c): every
 * begin, then those that need the machine at rest, then the others in the
 * table's order; judges every part and completes the list (ABSENT,
 * NOT_TESTED for the kinds left out). */
void diag_run_parts(struct diag_run *r, unsigned only);

/* The shared runner of the function parts (functions.c). */
void diag_fn_run_part(struct diag_run *r, const struct diag_part_desc *d);

/* Parts a run may ask for (--only), in the order of diag_part_kinds(). */
enum {
	DIAG_P_CPU = 1, DIAG_P_RAM = 2, DIAG_P_DISK = 4, DIAG_P_BATTERY = 8, DIAG_P_THERMAL = 16,
	/* the function parts (functions.h) */
	DIAG_P_POWER = 1 << 5, DIAG_P_WIFI = 1 << 6, DIAG_P_BLUETOOTH = 1 << 7, DIAG_P_ETHERNET = 1 << 8,
	DIAG_P_SOUND = 1 << 9, DIAG_P_CAMERA = 1 << 10, DIAG_P_USB = 1 << 11, DIAG_P_SCREEN = 1 << 12,
	DIAG_P_MEDIA = 1 << 13,
	DIAG_P_FUNCTIONS = 0x3fe0,
	/* a plain run: every part that needs no person */
	DIAG_P_ALL = 0x3fff,
	/* the guided tests (guided.h), which need a person */
	DIAG_P_KEYBOARD = 1 << 14, DIAG_P_TOUCHPAD = 1 << 15, DIAG_P_DISPLAY = 1 << 16, DIAG_P_WEBCAM = 1 << 17,
	DIAG_P_SPEAKERS = 1 << 18, DIAG_P_MICROPHONE = 1 << 19, DIAG_P_USBPORTS = 1 << 20,
	DIAG_P_GUIDED = 0x1fc000,
};

/* Completes parts[0..n) so that every kind of part appears: a kind left
 * out of the run (not in `ran`) gets a NOT_TESTED part "skipped" (a guided
 * kind: "guided.not_run", it needs a person); a kind
 * that ran and found nothing (no battery, no internal disk) gets an ABSENT
 * part.  Returns the new count (at most max). */
size_t diag_parts_fill(struct diag_part *parts, size_t n, size_t max, unsigned ran);

/* 1 when no part is NOT_TESTED. */
int diag_complete(const struct diag_part *parts, size_t n);

/* Writes the diagnosis-level fields into a diag.json document: grade,
 * complete, and (when incomplete) grade_cap and not_tested[] ({part, id,
 * rule}). */
void diag_summary_json(json_t *doc, const struct diag_part *parts, size_t n);

/* ---- one diag.json per session (merge.c) ------------------------------------ */

/* A judged part from its diag.json form, for summaries: part, id, verdict
 * and the explaining code (rule or state; an unknown code is dropped); no
 * details.  0, or -1 when o has no part or no known verdict. */
int diag_part_from_json(struct diag_part *p, const json_t *o);

/* The parts of a run merged with the session's previous diag.json (old,
 * may be NULL): every part of parts[0..n) goes to out (diag.json form),
 * except the placeholders of kinds the run left out (not in `ran`) for
 * which old has parts: those old parts are copied instead, unchanged.
 * shadow (at most max) gets the merged list's summary-only parts (no
 * details: nothing to free), for diag_summary_json().  Returns their count. */
size_t diag_merge_parts(json_t *out, struct diag_part *shadow, size_t max, const struct diag_part *parts,
			size_t n, unsigned ran, const json_t *old);

/* Sets doc's runs[]: old's (or, for a document from before runs[], its one
 * run from started/finished/profile), then this run with the kinds it
 * measured. */
void diag_merge_runs(json_t *doc, const json_t *old, const char *profile, const char *started,
		     const char *finished, unsigned ran);

/* "Diagnosis incomplete, grade B at best: Memory not tested, Disk sda not
 * tested." (without the grade when a failure already gives a lower one)
 * from a diag.json document, translated or English; NULL when the
 * diagnosis is complete (or on allocation failure).  The caller frees.
 * A diag.json from before the codes (no "metrics") renders its stored
 * reason and action. */
char *diag_json_cap_text(const json_t *diag, int translated);

/* "Tested on all its functions" (summary.c): one entry per kind of part
 * ({part, verdict: the worst of its parts, in_report}), a kind missing
 * from the document being NOT_TESTED; 1 when every kind is PASS, WARN or
 * ABSENT; and the sentence a document prints: that the computer was tested
 * on all its functions, or "Not tested on all its functions: Wi-Fi (not
 * tested), Camera (faulty)." (malloc'd, translated or English). */
json_t *diag_json_functions(const json_t *diag);
int diag_json_all_functions(const json_t *diag);
/* 1 when diag.json says it is complete and every kind of part is in it
 * with a verdict other than NOT_TESTED (a FAIL was tested); 0 otherwise,
 * e.g. for a diag.json from before the function parts. */
int diag_json_every_part_tested(const json_t *diag);
char *diag_json_functions_text(const json_t *diag, int translated);

/* The title of a part ("Memory") and the words of a verdict ("good", "to
 * watch", "faulty", "not tested", "absent"), translated or English. */
const char *diag_title(const char *part, int translated);
const char *diag_words(const char *verdict, int translated);

/* ---- SMART (smart.c) -------------------------------------------------- */

/* Reads a `smartctl --json -x` document into p's metrics and details
 * (model, serial, protocol, power-on hours, temperature...).  Always
 * succeeds in filling something: an unreadable document sets
 * "smart.unreadable".  0, or -EINVAL when doc is not a JSON object. */
int diag_smart_eval(const json_t *doc, struct diag_part *p);

/* Parses text then diag_smart_eval(); a parse error gives "smart.unreadable". */
int diag_smart_eval_text(const char *text, size_t len, struct diag_part *p);

/* Runs `smartctl --json -x DEV` through reco_proc_run and evaluates it.
 * -ENOENT when smartctl is missing. */
int diag_smart_query(const char *dev, struct diag_part *p);

/* "nvme", "ssd" (rotation_rate 0) or "hdd" for a smartctl document. */
const char *diag_media_type(const json_t *doc);
/* The temperature limits used when the drive gives none (README). */
void diag_temp_defaults(const char *media, int64_t *warning_c, int64_t *critical_c);

/* ---- self-tests (selftest.c) --------------------------------------------- */

/* What a drive says of its self-test. */
enum diag_st_status {
	DIAG_ST_NONE = 0,   /* no result (none logged, or none newer than `before`) */
	DIAG_ST_RUNNING,    /* in progress */
	DIAG_ST_PASSED,
	DIAG_ST_FAILED,     /* completed with a failed element or segment */
	DIAG_ST_FATAL,      /* could not complete: fatal or unknown error */
	DIAG_ST_ABORTED,    /* aborted (host, reset, format, new test...) */
};

/* The self-test state in a `smartctl --json -x` document: ATA "self-test
 * execution status" (ata_smart_data.self_test.status.value, high nibble:
 * 0 passed, 1-2 aborted, 3 fatal, 4-8 failed, 15 in progress), NVMe
 * current operation and newest log entry (nvme_self_test_log; results 0
 * passed, 1-4/8/9 aborted, 5 fatal, 6-7 failed).  For NVMe, a newest entry
 * equal to `before` (the newest entry when the test was started) is no new
 * result.  *remaining_pct (may be NULL) gets the percentage left while
 * running; text the drive's words. */
int diag_selftest_status(const json_t *doc, const json_t *before, int *remaining_pct, char *text, size_t size);

/* Sets the part's self-test metrics and details from a status. */
void diag_selftest_metrics(struct diag_part *p, int status, const char *text);

/* The drive, as the self-test driver sees it (smartctl in reco diag, a
 * scripted drive in the tests). */
struct diag_selftest_ops {
	/* the drive's `smartctl --json -x` document (new reference), NULL on error */
	json_t *(*query)(void *arg);
	/* starts a test: kind "short" or "long"; 0 or -errno */
	int (*start)(void *arg, const char *kind);
	uint64_t (*now_ms)(void *arg);
	void (*sleep_ms)(void *arg, unsigned ms);
	void *arg;
};

struct diag_selftest {
	char kind[8];          /* "short", "long" */
	int minutes;           /* the drive's own duration for that kind */
	int started, reruns;
	uint64_t deadline_ms;  /* minutes + 2 after the (re)start */
	json_t *before;        /* NVMe: newest log entry before the start */
	int status;            /* enum diag_st_status once finished */
	char text[96];
	char why_not[96];      /* not started: the reason (English, data) */
};

/* Starts the self-test of kind `want` ("short"; "long" when the drive
 * says it takes at most max_long_minutes, else short) if the drive
 * supports one.  1 started, 0 not (why_not says why), -errno. */
int diag_selftest_begin(struct diag_selftest *st, const struct diag_selftest_ops *o, const char *want,
			int max_long_minutes);
/* Waits for it: reads "in progress" every poll_ms until it ends or the
 * deadline passes; an aborted test is started once more.  Sets st->status
 * (DIAG_ST_RUNNING when still running at the deadline). */
void diag_selftest_wait(struct diag_selftest *st, const struct diag_selftest_ops *o, unsigned poll_ms,
			int (*tick)(void *arg, uint64_t elapsed_ms, uint64_t total_ms), void *tick_arg);
/* The outcome as metrics of the disk part: passed, failed, could not
 * complete, aborted twice (NOT_TESTED), still running (NOT_TESTED). */
void diag_selftest_part(const struct diag_selftest *st, struct diag_part *p);
void diag_selftest_release(struct diag_selftest *st);

/* The smartctl-backed drive for dev (which must outlive o). */
void diag_selftest_smartctl_ops(struct diag_selftest_ops *o, const char *dev);

/* ---- the machine's disks (disks.c) ------------------------------------- */

/* Why a whole disk is not this machine's own disk: "boot medium" (always,
 * named or not), "external (usb)" or "removable" (unless named with
 * --disk); NULL when it is.  Sysfs under root; the boot medium is looked
 * for on the running system only. */
const char *diag_disk_exclusion(const char *root, const char *name, int named);

/* The machine's own disks under root/sys/block (names such as "sda",
 * sorted), at most max; the others go to excluded (may be NULL) as
 * {disk, reason}.  Returns the count. */
size_t diag_disks_list(const char *root, char (*names)[64], size_t max, json_t *excluded);

/* ---- surface scan (surface.c) ----------------------------------------- */

struct diag_surface_opts {
	uint64_t max_samples;   /* 0: 1000 */
	uint32_t sample_bytes;  /* 0: 64 KiB */
	uint64_t budget_ms;     /* stop sampling after this long (0: no limit) */
	int (*progress)(void *arg, uint64_t done, uint64_t total);
	void *progress_arg;
};

/* Sampled read-only scan of dev (O_RDONLY|O_DIRECT, falling back to
 * O_RDONLY for files): evenly spread samples including the first and last
 * block; fills "surface.*" metrics and details.surface
 * {latency_histogram{lt5ms..ge500ms}, slowest[], read_errors, samples}.
 * 0 or -errno (open failure). */
int diag_surface_scan(const char *dev, const struct diag_surface_opts *o, struct diag_part *p,
		      struct reco_err *err);

/* Takes the histogram of the target dev from a wipe.json document (its
 * verification pass read the disk): 1 found, 0 not in it. */
int diag_surface_from_wipe(const json_t *wipe, const char *dev, struct diag_part *p);

/* ---- battery (battery.c) ---------------------------------------------- */

/* One part per system battery under root/sys/class/power_supply (scope
 * Device batteries, such as a mouse's, are skipped).  Returns the number of
 * parts written to out (at most max), or -errno. */
int diag_battery_read(const char *root, struct diag_part *out, size_t max);

/* ---- sensors and thermal (sensors.c, thermal.c) ------------------------ */

#define DIAG_MAX_TEMPS 64
#define DIAG_MAX_FANS 16
#define DIAG_MAX_CPUS 256

struct diag_temp {
	char name[64];      /* "coretemp Package id 0", "thermal_zone0 x86_pkg_temp" */
	int64_t mc;         /* millidegrees C */
	int64_t crit_mc;    /* 0 when unknown */
	int cpu;            /* 1: the processor's own sensor (coretemp, k10temp, x86_pkg_temp...) */
};

struct diag_fan {
	char name[48];      /* "thinkpad fan1" */
	int64_t rpm;
};

/* One reading of every sensor. */
struct diag_snapshot {
	struct diag_temp temps[DIAG_MAX_TEMPS];
	size_t n_temps;
	struct diag_fan fans[DIAG_MAX_FANS];
	size_t n_fans;
	int64_t freq_khz[DIAG_MAX_CPUS];   /* scaling_cur_freq, -1 unknown */
	int64_t max_freq_khz;       /* cpuinfo_max_freq of cpu0, 0 unknown */
	int64_t bios_limit_khz;     /* cpufreq bios_limit, 0 unknown */
	int64_t scaling_max_khz;    /* scaling_max_freq of cpu0 */
	size_t n_cpus;
	int64_t throttle_events;    /* sum of core+package throttle counts, -1 unknown */
	int64_t mce_count;          /* /proc/interrupts MCE total, -1 unknown */
	int64_t edac_ce, edac_ue;   /* EDAC corrected/uncorrected, -1 without EDAC */
	int64_t early_memtest_bad;  /* EarlyMemtestBad kB from /proc/meminfo, -1 absent */
	int64_t mem_total_kb, swap_total_kb; /* /proc/meminfo, -1 unknown */
};

/* 1 when a sensor of this hwmon chip or thermal zone type is the
 * processor's own (coretemp, k10temp, x86_pkg_temp, cpu-thermal...). */
int diag_sensor_is_cpu(const char *chip_or_zone);

/* Reads root's /proc/meminfo.  0, or -errno (fields -1). */
int diag_meminfo_read(const char *root, struct diag_meminfo *m);

/* Reads every sensor under root into s.  0 (an empty machine is fine). */
int diag_sensors_read(const char *root, struct diag_snapshot *s);
/* The same, with the meminfo fields from m (read once) instead of
 * /proc/meminfo: what a watch sampling every second uses. */
int diag_sensors_sample(const char *root, const struct diag_meminfo *m, struct diag_snapshot *s);

/* What one fan did over a watch: its fastest reading, and its slowest while
 * the machine was hot (a processor sensor at 60 °C or more). */
struct diag_fan_watch {
	char name[48];
	int64_t max_rpm;
	int64_t min_rpm_hot;        /* -1: never read while hot */
};

/* Accumulates samples taken during a load (max temperature, fans, max
 * frequency seen, throttle/MCE counters before and after). */
struct diag_thermal_watch {
	struct diag_snapshot first, last;
	int64_t max_mc, max_crit_mc, min_margin_mc; /* min(crit - temp) where crit known */
	char hottest[64];
	int64_t max_cpu_mc;         /* hottest processor sensor, -273000 none */
	int64_t max_freq_seen_khz;
	struct diag_fan_watch fans[DIAG_MAX_FANS];
	size_t n_fans;
	uint64_t samples;
	uint64_t cpu_samples;       /* samples with a processor temperature */
	json_t *series;             /* array of per-second {t, max_mc, freq_khz} */
	const struct diag_meminfo *meminfo; /* the run's, read once; NULL: read it */
};

void diag_thermal_watch_init(struct diag_thermal_watch *w, const char *root);
/* The same with the run's meminfo (read once) for every sample. */
void diag_thermal_watch_start(struct diag_thermal_watch *w, const char *root, const struct diag_meminfo *mi);
void diag_thermal_watch_sample(struct diag_thermal_watch *w, const char *root, uint64_t t_ms);
/* Adds one snapshot taken under load (the sampling without the reading;
 * tests feed series of snapshots through it). */
void diag_thermal_watch_add(struct diag_thermal_watch *w, const struct diag_snapshot *s, uint64_t t_ms);
void diag_thermal_watch_release(struct diag_thermal_watch *w);

/* Fills the thermal part from a watch (loaded = 1 when the CPU test ran
 * during it; fan and "slow while cool" rules then apply to the load). */
void diag_thermal_part(const struct diag_thermal_watch *w, int loaded, struct diag_part *p);

/* ---- CPU (cpu.c) -------------------------------------------------------- */

enum diag_cpu_kernel { CPU_K_INT, CPU_K_FLOAT, CPU_K_SIMD, CPU_K_SHA256, CPU_K_FMA, CPU_K_COUNT };

/* The vector FMA load (cpu_fma.c): the widest unit this CPU has (5
 * AVX-512, 3 AVX2 + FMA3, 2 SSE2), its name, and one verified round at a
 * level (0 right, else the number of wrong lanes; corrupt: test hook). */
int diag_fma_level(void);
const char *diag_fma_name(int level);
int diag_fma_round(int level, int corrupt);

/* The rate of the CPU test over time, in windows (cpu.c): the first
 * window (turbo), the settled rate (second half, last window excluded)
 * and the last window.  A drop from the first window to the settled rate
 * is a normal turbo-to-sustained drop unless the kernel's throttle
 * counters rose (or, without counters, a sensor came within 10 °C of its
 * critical point): then it is thermal throttling.  A decline after the
 * rate settled is a slowdown either way. */
#define DIAG_CPU_WINDOW_S 5
struct diag_cpu_trend {
	int64_t first, settled, last;      /* rounds per second, all threads */
	int64_t drop_permille;             /* first -> min(settled, last) */
	int64_t decline_permille;          /* settled -> last */
	int windows;
};
/* From per-second rates (n seconds); 0, or -1 when fewer than 4 windows. */
int diag_cpu_trend(const uint64_t *per_second, size_t n, struct diag_cpu_trend *t);
const char *diag_cpu_kernel_name(enum diag_cpu_kernel k);

struct diag_cpu_opts {
	unsigned threads;            /* 0: one per online CPU */
	uint64_t duration_ms;
	int inject_kernel;           /* test hook: -1 none, else kernel whose result is corrupted */
	int (*tick)(void *arg, uint64_t elapsed_ms); /* called ~every second from the
						       calling thread; nonzero stops */
	void *tick_arg;
};

struct diag_cpu_result {
	unsigned threads;
	uint64_t errors;
	enum diag_cpu_kernel first_error_kernel;
	unsigned first_error_thread;
	int simd_level;              /* 0 none, 2 SSE2, 3 AVX2, 5 AVX-512 */
	int fma_level;               /* diag_fma_level() */
	uint64_t ops[DIAG_MAX_CPUS]; /* kernel rounds per thread */
	uint64_t elapsed_ms;
	/* per-thread rounds per second, min over the 1 s samples and overall */
	uint64_t ops_per_s[DIAG_MAX_CPUS];
	uint64_t min_ops_per_s[DIAG_MAX_CPUS];
	uint64_t first_ops_per_s[DIAG_MAX_CPUS];
	uint64_t last_ops_per_s[DIAG_MAX_CPUS];
	/* every second, the rounds per second of all threads together */
#define DIAG_CPU_MAX_SECONDS 7200
	uint64_t per_second[DIAG_CPU_MAX_SECONDS];
	size_t n_seconds;
};

/* Self-check of every kernel against its known answer, single-threaded
 * (inject as in the options).  0 all right, else the kernel index + 1. */
int diag_cpu_selftest(int inject_kernel);

/* Runs the workers for o->duration_ms.  0 or -errno (thread creation). */
int diag_cpu_run(const struct diag_cpu_opts *o, struct diag_cpu_result *r);

/* Fills the cpu part (metrics cpu.errors, cpu.mce_new ...). */
void diag_cpu_part(const struct diag_cpu_result *r, const struct diag_thermal_watch *w,
		   struct diag_part *p);

/* SHA-256 (FIPS 180-4) of data, for the hashing workload. */
void diag_sha256(const void *data, size_t len, unsigned char out[32]);

/* ---- human output (output.c) --------------------------------------------- */

#include <stdio.h>

/* The parts, figures, grade and cap of a diag.json document, translated. */
void diag_print_human(FILE *out, const json_t *doc);

/* ---- the Repair Café sheet (sheet.c) ------------------------------------ */

/* "Processor", "Memory"... translated. */
const char *diag_part_title(const char *part);
/* "good", "to watch", "faulty", "not tested", "absent", translated. */
const char *diag_verdict_words(enum diag_verdict v);
/* The one-page plain-language sheet of a diag.json document (translated,
 * malloc'd; NULL on allocation failure).  machine and date may be NULL. */
char *diag_sheet_text(const json_t *diag, const char *machine, const char *date, int wiped);

/* ---- RAM (ram.c, ram_tests.c) -------------------------------------------- */

#include "ram_tests.h"

struct diag_ram_opts {
	uint64_t size;      /* bytes; 0: 90% of MemAvailable */
	int full;
	unsigned threads;   /* 0: one per online CPU */
	unsigned loops;     /* 0: 1 */
	int no_mlock;
	uint64_t seed;      /* data of the random patterns; 0: a fresh random seed */
	struct ram_inject inject;
	const char *root;   /* for /proc/meminfo (size default) */
	/* called about 10 times a second from the calling thread */
	int (*progress)(void *arg, unsigned algo, uint64_t done, uint64_t total);
	void *progress_arg;
};

#define DIAG_RAM_MAX_ERRORS 64

struct diag_ram_result {
	uint64_t size;
	int locked, full;
	unsigned threads, loops, sweeps;
	uint64_t elapsed_ns;        /* the tests, without allocation */
	uint64_t bytes_moved;       /* reads + writes */
	uint64_t fill_mbps, copy_mbps; /* plain bandwidth of the same buffer (MB/s) */
	uint64_t error_count, bitmask;
	struct ram_error errors[DIAG_RAM_MAX_ERRORS];
	uint64_t phys[DIAG_RAM_MAX_ERRORS]; /* physical address, UINT64_MAX unknown */
	size_t n_errors;
	uint64_t errors_per_algo[64];
	uint64_t algo_ns[64];
	uint64_t seed;              /* the run's seed; loop L used ram_loop_seed(seed, L) */
};

/* Allocates, locks and tests the memory; 0 or -errno (-ENOMEM when the
 * buffer cannot be had).  Errors found are in r, not in the return. */
int diag_ram_run(const struct diag_ram_opts *o, struct diag_ram_result *r, struct reco_err *err);

/* Physical address of a virtual one of this process (root only): 0 and
 * *phys, or -errno (-EPERM when the kernel hides frame numbers). */
int diag_virt_to_phys(uint64_t vaddr, uint64_t *phys);

/* Fills the ram part from a result and a sensors snapshot (EarlyMemtestBad,
 * EDAC counters, MemTotal and SwapTotal for the coverage); before/after
 * are the readings around the test. */
void diag_ram_part(const struct diag_ram_result *r, const struct diag_snapshot *before,
		   const struct diag_snapshot *after, struct diag_part *p);

/* 90% of MemAvailable under root, in bytes (0 when unknown). */
uint64_t diag_ram_default_size(const char *root);

#endif
