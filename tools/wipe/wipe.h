/*
 * wipe.h — the modules of `reco wipe`: targets, safety checks, methods,
 * patterns, the write/verify engine, bad-block bisection, journal and result.
 *
 * Ownership: a struct wipe_job owns its target (fd), its pattern contexts and
 * its lists; wipe_job_release() frees them.  Nothing here prints or exits
 * except main.c and progress.c (the CLI side); library functions return 0 or a
 * negative errno and explain with struct reco_err.
 */
#ifndef RECO_WIPE_H
#define RECO_WIPE_H

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "lib/reco.h"

#include <jansson.h>

#define WIPE_SCHEMA "reco-wipe/1"
#define WIPE_JOURNAL_SCHEMA "reco-wipe-journal/1"
/* The file at the root of a mounted filesystem that marks the reco stick. */
#define WIPE_BOOT_MARKER "reco-boot-medium"
/* Written by the live image at boot: the path of the boot device. */
#define WIPE_BOOT_DEVICE_FILE "/run/reco/boot-device"

/* ---- target.c: what a path is, opened and identified -------------------- */

enum wipe_kind { WIPE_KIND_NONE, WIPE_KIND_BLOCK, WIPE_KIND_FILE };

struct wipe_target {
	char path[PATH_MAX];
	char name[64];        /* "sdb", "loop3", or the file's basename */
	char sysdir[PATH_MAX]; /* /sys/dev/block/M:m (block devices) */
	enum wipe_kind kind;
	dev_t rdev;           /* block devices */
	int is_partition;
	char parent[64];      /* whole disk of a partition ("sdb") */
	char model[128], serial[128], wwn[128], transport[16];
	char vendor[32];      /* sysfs device/vendor ("ATA" for SATA disks behind SCSI layers) */
	uint64_t size;
	unsigned lss, pss;    /* logical / physical sector size */
	int rotational, readonly, discard;
	int fd;
	int direct;           /* opened with O_DIRECT */
	int excl;             /* opened with O_EXCL (block) or flock (file) */
};

/* Refusal classes; each maps to an exit code (main.c). */
enum wipe_refusal {
	WIPE_OK = 0,
	WIPE_REF_MISSING,     /* exit 3 */
	WIPE_REF_ACCESS,      /* exit 3: permission, I/O */
	WIPE_REF_KIND,        /* exit 2: directory, character device, fifo, empty */
	WIPE_REF_PARTITION,   /* exit 2: partition without --allow-partition */
	WIPE_REF_BOOT,        /* exit 1: the reco boot medium; never overridden */
	WIPE_REF_SYSTEM,      /* exit 1: holds / ; never overridden */
	WIPE_REF_MOUNTED,     /* exit 1: mounted (itself, a partition, a holder); never overridden */
	WIPE_REF_SWAP,        /* exit 1: swap in use; never overridden */
	WIPE_REF_BUSY,        /* exit 1: O_EXCL fails (EBUSY); --force opens without O_EXCL */
	WIPE_REF_READONLY,    /* exit 1 */
};

/* Stats path and fills kind, sizes and identity (no open for writing).
 * Returns WIPE_OK or a refusal with e->msg set (subject first). */
enum wipe_refusal wipe_target_identify(const char *path, struct wipe_target *t, struct reco_err *e);

/* Opens an identified target for writing (O_DIRECT when possible, O_EXCL for
 * block devices unless force).  WIPE_OK or a refusal with e->msg. */
enum wipe_refusal wipe_target_open(struct wipe_target *t, int force, int readonly, struct reco_err *e);
void wipe_target_close(struct wipe_target *t);

/* Fills identity fields of a block device named name ("sda") from sysfs and
 * the udev database.  Used by wipe_target_identify and list.c. */
void wipe_target_sysfs_identity(struct wipe_target *t, const char *name);

/* ---- safety.c: whether a device may be wiped ---------------------------- */

struct wipe_safety {
	enum wipe_refusal refusal;
	char reason[512];     /* translated, without the subject */
	char mountpoint[PATH_MAX];
};

/* Checks boot medium, /, mounts (the device, its partitions, their holders)
 * and swap for a block device target.  Returns the first refusal found (boot
 * medium first) and fills s. */
enum wipe_refusal wipe_safety_check(const struct wipe_target *t, struct wipe_safety *s);

/* ---- method.c: the method table ------------------------------------------ */

enum wipe_pass_kind { WIPE_PASS_BYTES, WIPE_PASS_RANDOM };

struct wipe_pass_spec {
	enum wipe_pass_kind kind;
	unsigned char bytes[3];
	int len;              /* 1 or 3 for WIPE_PASS_BYTES */
};

struct wipe_job;
struct wipe_method {
	const char *name;
	const char *description; /* N_() */
	int npasses;
	const struct wipe_pass_spec *passes;
	/* NULL for overwrite methods (the engine runs the passes); firmware
	 * methods (sanitize, issue 5) provide their own run. */
	int (*run)(struct wipe_job *job);
};

const struct wipe_method *wipe_method_find(const char *name);
const struct wipe_method *wipe_method_table(size_t *n);

/* ---- pattern.c: what to write at any offset ------------------------------ */

enum wipe_cipher { WIPE_CIPHER_AES128_CTR, WIPE_CIPHER_CHACHA20 };

struct wipe_pattern {
	enum wipe_pass_kind kind;
	unsigned char bytes[3];
	int len;
	enum wipe_cipher cipher;
	unsigned char key[32];   /* 16 used for AES */
	unsigned char iv[16];
};

/* The cipher for new random passes: AES-128-CTR when the CPU has AES
 * instructions, ChaCha20 otherwise ($RECO_WIPE_CIPHER overrides). */
enum wipe_cipher wipe_pattern_default_cipher(void);
const char *wipe_pattern_cipher_name(enum wipe_cipher c);
int wipe_pattern_cipher_parse(const char *s, enum wipe_cipher *c);

/* Fresh key and IV from getrandom().  0 or -errno. */
int wipe_pattern_new_seed(struct wipe_pattern *p, enum wipe_cipher c);

/* "aes-128-ctr:KEYHEX:IVHEX" (the seed as recorded) and back. */
void wipe_pattern_seed_string(const struct wipe_pattern *p, char *buf, size_t size);
int wipe_pattern_seed_parse(const char *s, struct wipe_pattern *p);
const char *wipe_pattern_name(const struct wipe_pattern *p); /* zero one fixed random */

/* Per-thread generator state (an EVP context). */
struct wipe_pattern_gen;
struct wipe_pattern_gen *wipe_pattern_gen_new(const struct wipe_pattern *p);
void wipe_pattern_gen_free(struct wipe_pattern_gen *g);

/* Fills buf[0..len) with the content expected at byte offset off (a multiple
 * of 64).  0 or -EIO on a crypto library failure. */
int wipe_pattern_fill(struct wipe_pattern_gen *g, unsigned char *buf, size_t len, uint64_t off);

/* Compares buf (read at offset off) with the expected content; may clobber
 * buf.  Sets bad[i] = 1 for each mismatching unit of `unit` bytes (bad may be
 * NULL).  Returns the number of mismatching units, or -EIO. */
long wipe_pattern_check(struct wipe_pattern_gen *g, unsigned char *buf, size_t len, uint64_t off,
		   size_t unit, unsigned char *bad);

/* ---- badblocks.c: ranges of LBAs ---------------------------------------- */

enum wipe_op { WIPE_OP_WRITE, WIPE_OP_READ, WIPE_OP_MISMATCH };

struct wipe_range {
	uint64_t first, count;
	enum wipe_op op;
};

struct wipe_ranges {
	struct wipe_range *v;
	size_t n, cap;
	pthread_mutex_t lock;
};

void wipe_ranges_init(struct wipe_ranges *r);
void wipe_ranges_release(struct wipe_ranges *r);
/* Adds [first, first+count) for op, merging with touching ranges of the same
 * op; kept sorted.  0 or -ENOMEM. */
int wipe_ranges_add(struct wipe_ranges *r, enum wipe_op op, uint64_t first, uint64_t count);
uint64_t wipe_ranges_total(struct wipe_ranges *r, int op /* -1 = all */);
const char *wipe_ranges_op_name(enum wipe_op op);

/* An I/O primitive for bisection: transfers len bytes at off (both multiples
 * of the sector size); 0 or -errno. */
typedef int (*wipe_io_fn)(void *ctx, unsigned char *buf, size_t len, uint64_t off);

/* Runs io on [off, off+len); on failure retries once, then bisects down to
 * single sectors of size lss, recording each failing sector in r under op.
 * Returns the number of bad sectors found (0 = everything transferred). */
uint64_t wipe_badblocks_io(wipe_io_fn io, void *ctx, unsigned char *buf, size_t len, uint64_t off,
		      unsigned lss, struct wipe_ranges *r, enum wipe_op op);

/* ---- faults.c: fault injection for tests --------------------------------- */

/* $RECO_WIPE_FAULTS = "write:LBA[+N],read:LBA[+N],sync:N,..." (LBAs of 512
 * bytes or the target's logical sector; sync:N fails the N-th fdatasync and
 * every later one).  Parsed once; wipe_faults_active() says whether
 * any is set (the result records it). */
int wipe_faults_parse(const char *spec);
int wipe_faults_active(void);
/* 1 if an access of op to [off, off+len) touches an injected bad LBA. */
int wipe_faults_hit(enum wipe_op op, uint64_t off, uint64_t len, unsigned lss);
/* fdatasync(fd), or -1 with errno EIO from the injected sync:N on. */
int wipe_faults_fdatasync(int fd);

/* ---- verify.c: sampling plan --------------------------------------------- */

struct wipe_extent {
	uint64_t off, len;
};

struct wipe_sample_plan {
	unsigned permille;       /* requested coverage */
	uint64_t seed;
	uint64_t block;          /* sample block size */
	uint64_t subsections;
	struct wipe_extent *v;   /* sorted, merged */
	size_t n;
	uint64_t bytes;          /* total planned bytes */
};

/* NIST SP 800-88 Rev.1 sampling: the device is cut into max(1000, ...) equal
 * subsections; in each, random blocks up to the requested coverage; the
 * first and last block always.  Deterministic for a given seed.  0 or
 * -ENOMEM / -EINVAL. */
int wipe_sample_plan_build(struct wipe_sample_plan *p, uint64_t size, unsigned lss, unsigned permille,
		      uint64_t seed);
void wipe_sample_plan_release(struct wipe_sample_plan *p);

/* ---- journal.c ------------------------------------------------------------ */

#define WIPE_MAX_PASSES 40

enum wipe_phase { WIPE_PHASE_WRITE, WIPE_PHASE_VERIFY, WIPE_PHASE_FINISH, WIPE_PHASE_DONE };
enum wipe_verify { WIPE_VERIFY_FULL, WIPE_VERIFY_SAMPLE, WIPE_VERIFY_NONE };

struct wipe_journal {
	char path[PATH_MAX];
	char serial[128];
	uint64_t size;
	char method[32];
	int npasses;
	int pass;                /* 0-based current pass */
	enum wipe_phase phase;
	uint64_t offset;         /* everything below is done in this phase */
	uint64_t io_size;
	enum wipe_verify verify;
	unsigned sample_permille;
	uint64_t sample_seed;
	struct wipe_pattern pats[WIPE_MAX_PASSES];
	uint64_t bytes_written, bytes_verified;
	/* Counters of the runs so far, the only evidence a resumed run takes
	 * from the journal (the phase and offset only say where to restart):
	 * bytes of each pass written below the checkpoint, and whether the
	 * cache was flushed after the pass. */
	uint64_t written[WIPE_MAX_PASSES];
	unsigned char flushed[WIPE_MAX_PASSES];
	int trim, label;         /* finishing steps asked for (they change the content) */
	uint64_t hist[6];
	char started[32];
	char ata_password[40];   /* firmware: the temporary ATA password while the drive may hold it */
	struct wipe_range *bad;
	size_t nbad;
};

/* Text form "key=value" lines under a schema line.  wipe_journal_format returns a
 * malloc'd string; wipe_journal_parse fills j (j->bad malloc'd: wipe_journal_release).
 * wipe_journal_parse returns 0 or -EINVAL (never trusts the input). */
char *wipe_journal_format(const struct wipe_journal *j);
int wipe_journal_parse(const char *buf, size_t len, struct wipe_journal *j);
void wipe_journal_release(struct wipe_journal *j);
/* Reads and parses a journal file (its copy in memory is wiped).  0, -EINVAL
 * (malformed) or -errno. */
int wipe_journal_load(const char *path, struct wipe_journal *j);
/* journal file for a target inside a session directory */
void wipe_journal_path_for(const char *session, const struct wipe_target *t, char *buf, size_t size);

/* ---- engine.c: one job per target --------------------------------------- */

enum wipe_result { WIPE_RESULT_NONE, WIPE_RESULT_ERASED, WIPE_RESULT_FAILED, WIPE_RESULT_ABORTED };

struct wipe_opts {
	const char *method;
	int remove_hpa;          /* ATA: restore the native max before the wipe */
	int restore_dco;         /* ATA: DEVICE CONFIGURATION RESTORE before the wipe */
	enum wipe_verify verify;
	unsigned sample_permille;
	int trim, label_gpt, force, allow_partition, dry_run;
	uint64_t io_size;
	int queue_depth;
	const char *session;
};

/* ATA Host Protected Area / Device Configuration Overlay (hidden.c). */
/* ATA hidden areas: Host Protected Area (or its ACS-3 successor, Accessible
 * Max Address Configuration) and Device Configuration Overlay (hidden.c).
 * Capacities in sectors; 0 where unknown. */
struct wipe_hpa {
	int ata;                 /* the disk is (or may be, behind a bridge) ATA: hidden areas are possible */
	int checked;             /* the native max was read: current/native below are known */
	char not_checked[256];   /* why not, when ata && !checked (English) */
	const char *command;     /* the command that read the native max */
	uint64_t current_max, native_max; /* before the wipe (native after a DCO restore) */
	int dco_checked;         /* DEVICE CONFIGURATION IDENTIFY answered, or no DCO feature */
	char dco_not_checked[160];
	uint64_t dco_max;        /* the factory capacity the DCO allows; 0: no DCO */
	uint64_t after_max;      /* sectors addressable for the wipe */
	int removed;             /* --remove-hpa made the native max addressable */
	int dco_restored;        /* --restore-dco brought the factory capacity back */
	char error[160];         /* what failed while changing them */
};

/* classify.c: the sanitization category of this method on this media
 * (NIST SP 800-88 Rev. 2 / IEEE 2883-2022), decided once before the run so
 * that the plan and the result say the same. */
#define WIPE_STANDARDS "NIST SP 800-88 Rev. 2 (September 2025)", "IEEE 2883-2022"
struct wipe_class {
	const char *category;    /* "purge" or "clear"; NULL for --verify-only */
	const char *technique;   /* "overwrite", "sanitize block erase", "cryptographic erase"... */
	const char *note;        /* what Purge relies on, or why it is only Clear; NULL */
	const char *media;       /* "hdd", "ssd", "removable flash", "unknown" */
};

/* scope.c: what a firmware method reaches (the target first). */
#define WIPE_SCOPE_MAX 32
struct wipe_scope {
	int n;
	char path[WIPE_SCOPE_MAX][64];
	int all_namespaces;      /* NVMe: every namespace of the controller */
	int truncated;           /* more than WIPE_SCOPE_MAX: refused */
	char why[256];           /* translated: why it reaches them */
};

struct wipe_slow {
	uint64_t lba;
	uint64_t ms;
};
#define WIPE_SLOWEST 10

/* What a job is to do, decided before the run (wipe_job_prepare, main's
 * prepare step) and not changed while it runs. */
struct wipe_job_setup {
	const struct wipe_method *m;     /* NULL for --verify-only */
	struct wipe_pattern pats[WIPE_MAX_PASSES];
	int npasses;             /* 0 for firmware methods; 1 for --verify-only */
	int verify_only;         /* --verify-only: no write passes */
	uint64_t sample_seed;
	struct wipe_sample_plan plan; /* n 0: no sampling plan */
	char journal[PATH_MAX];  /* "": no journal (no session, dry run) */
	char auto_why[512];      /* --method auto: why this method; "" otherwise */
	struct wipe_scope scope; /* firmware methods: every device the command reaches */
	struct wipe_class cls;   /* set by wipe_classify() */
	/* Records the job where a person can find it (journal checkpoint and a
	 * provisional wipe.json), before a firmware method sets a temporary
	 * ATA password; set by the CLI, NULL: nothing can be recorded.  0 or
	 * -errno. */
	int (*persist)(struct wipe_job *job);
	int fault_injection;     /* $RECO_WIPE_FAULTS was active */
};

/* Progress and work distribution while the job runs: read by the progress
 * display and the checkpoints, under `lock` where it says so. */
struct wipe_job_live {
	pthread_mutex_t lock;    /* next_item, nitems, inflight, and phase changes */
	_Atomic int pass;        /* 0-based */
	_Atomic int phase;       /* enum wipe_phase */
	_Atomic uint64_t done;   /* bytes done in this phase (firmware: 1/65536 of the command) */
	_Atomic uint64_t phase_total;
	_Atomic uint64_t errors; /* bad sectors so far */
	_Atomic int finished;    /* 1 once wipe_decide() has run; set under wipe_done_lock */
	atomic_int stop;         /* 1: an internal error stops this job (res.error says why) */
	_Atomic uint64_t throttle_bytes;
	uint64_t start_offset;   /* where the current phase starts in this run (0 after a phase change) */
	_Atomic uint64_t next_item;
	uint64_t nitems;         /* items of the current phase; 0: not started in this run */
	uint64_t *inflight;      /* per worker: the item it works on; UINT64_MAX: idle */
	int nworkers;
	uint64_t t0_ns;          /* when this run started */
	uint64_t pass_base;      /* res.pass_written[pass] when the current write phase started */
	_Atomic uint64_t phase_bad_bytes; /* bytes of the current phase that failed in this run */
	uint64_t base_verified;  /* res.bytes_verified when the verify phase started */
};

/* What happened: the counters wipe_decide() reads (this run and the runs it
 * resumes), what was found on the way, and the verdict. */
struct wipe_job_result {
	_Atomic uint64_t bytes_written;  /* every pass, this run and the resumed ones */
	_Atomic uint64_t bytes_verified; /* read back and compared in this run's validation */
	_Atomic uint64_t pass_written[WIPE_MAX_PASSES]; /* bytes of each pass written */
	int pass_flushed[WIPE_MAX_PASSES];               /* 1: fdatasync (+ BLKFLSBUF) succeeded after the pass */
	_Atomic uint64_t hist[6];        /* validation read latencies: <5, <20, <50, <150, <500, >=500 ms */
	struct wipe_slow slowest[WIPE_SLOWEST]; /* lba UINT64_MAX: an empty slot */
	struct wipe_ranges bad;
	int resumed;             /* 1: this run continues an interrupted one */
	int flush_checked;       /* fdatasync + BLKFLSBUF succeeded in this run */
	char flush_msg[128];
	int trimmed;             /* 1 done, 0 not asked, -1 unsupported */
	int labelled;            /* 1 GPT written, 0 not asked, -1 failed (label_msg) */
	char label_msg[512];
	time_t started, finished_at; /* finished_at 0: not finished */
	uint64_t active_ns;
	enum wipe_result result; /* WIPE_RESULT_NONE until wipe_decide() sets it */
	char reason[512];        /* wipe_decide(): why that result */
	char error[512];         /* an internal error that stopped the job (translated); "" none */
	struct wipe_fw_outcome *fw; /* firmware methods (fw_wipe.c); NULL otherwise */
	struct wipe_hpa hpa;     /* ATA disks: hidden areas, checked before the wipe */
	json_t *before;          /* partition table etc. before the wipe; NULL: not probed */
};

struct wipe_job {
	struct wipe_target t;        /* the device or image file, opened */
	struct wipe_opts o;          /* the options, as given (copied by wipe_job_prepare) */
	struct wipe_job_setup s;     /* decided before the run */
	struct wipe_job_live live;   /* while it runs */
	struct wipe_job_result res;  /* what happened */
};

/* Set by signal handlers: every job stops at the next request. */
extern atomic_int wipe_stop;
/* Broadcast when a job finishes (job->live.finished set under the lock). */
extern pthread_mutex_t wipe_done_lock;
extern pthread_cond_t wipe_done_cond;

/* Prepares a job from opts (patterns, seeds, plan); 0 or -errno. */
int wipe_job_prepare(struct wipe_job *job, const struct wipe_opts *o, struct reco_err *e);
/* Restores the job from a journal (same seeds, pass, offset). */
int wipe_job_restore(struct wipe_job *job, const struct wipe_journal *j, struct reco_err *e);
/* Runs the job to the end (thread entry point). */
void *wipe_job_run(void *job);
/* Writes the journal checkpoint: a consistent snapshot of phase, pass,
 * offset and counters, then fdatasync of the target, then the journal.  A
 * failed fdatasync stops the job with a reason and writes nothing.  0 or
 * -errno. */
int wipe_job_checkpoint(struct wipe_job *job);
/* run.c: runs the jobs in parallel (a controller thread each), checkpoints
 * the running ones every 2 s, calls progress(arg, 0) about once a second
 * and progress(arg, 1) at the end, and returns when all have finished.  0,
 * or -errno when a thread cannot start (the others are stopped). */
int wipe_run_jobs(struct wipe_job *jobs, int n, void (*progress)(void *arg, int final), void *arg);
/* Decides job->res.result and job->res.reason from the counters alone (bytes of
 * each pass written, flush, bytes verified against the plan, bad ranges,
 * hidden areas, the firmware outcome), never from the journal's phase. */
void wipe_decide(struct wipe_job *job, int stopped);
/* Test hook: with $RECO_WIPE_TEST_KILL_AT equal to the name of a boundary
 * ("write-end:2", "verify-begin"...), the process kills itself there with
 * SIGKILL (tests/integration/wipe-resume.t).  Returns the hook's value, or
 * NULL when unset (main warns when it is set). */
const char *wipe_test_kill_at(void);
void wipe_kill_point(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
uint64_t wipe_job_watermark(struct wipe_job *job);
void wipe_job_release(struct wipe_job *job);

/* ---- classify.c --------------------------------------------------------- */

/* Fills job->s.cls for job->s.m on the target's media. */
void wipe_classify(struct wipe_job *job);
/* The category a result may claim: job->s.cls.category when the result is
 * "erased", else "none". */
const char *wipe_achieved_category(const struct wipe_job *job);
/* The sanitization object of wipe.json: standards, category, technique,
 * media, note, and what the validation covered. */
json_t *wipe_class_json(const struct wipe_job *job);

/* ---- scope.c: firmware methods beyond the target ----------------------- */

/* For a firmware method: refuses a partition (the command erases the whole
 * disk), and, for NVMe Sanitize and for Format NVM when FNA says it reaches
 * every namespace, lists the namespaces of the controller in job->s.scope and
 * runs the safety checks on each.  WIPE_OK, or the refusal with e->msg. */
enum wipe_refusal wipe_fw_scope(struct wipe_job *job, struct reco_err *e);

/* ---- before.c / label.c --------------------------------------------------- */

/* Partition table type and partitions (fs type, label) via libblkid; NULL if
 * nothing could be probed. */
json_t *wipe_before_probe(const struct wipe_target *t);
/* Empty GPT with libparted; 0 or -errno with e. */
int wipe_label_gpt(const char *path, struct reco_err *e);

/* ---- result.c ------------------------------------------------------------ */

json_t *wipe_result_target(const struct wipe_job *job);
json_t *wipe_result_document(json_t *targets);
const char *wipe_result_name(enum wipe_result r);
const char *wipe_phase_name(int phase);
const char *wipe_verify_name(enum wipe_verify v);

/* ---- list.c -------------------------------------------------------------- */

/* Every disk with identity and eligibility (schema reco-wipe-list/1). */
json_t *wipe_list_disks(void);

#endif
