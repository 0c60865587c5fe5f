/*
 * proc_stream.h — run a helper with an argument vector (never a shell
 * string) and read what it prints line by line, as it comes, without
 * waiting for it to finish.  `reco menu` uses it to follow the
 * `--progress=json` lines of `reco diag` and `reco wipe` while keeping its
 * screen and keyboard alive.  (proc.h is the capture-everything variant.)
 *
 * Lifetime: reco_pstream_start() → reco_pstream_poll() until it returns 0
 * → reco_pstream_wait() → reco_pstream_release().  Nothing here prints.
 */
#ifndef RECO_PROC_STREAM_H
#define RECO_PROC_STREAM_H

#include <stddef.h>
#include <sys/types.h>

#define RECO_PSTREAM_MAX_LINE 65536

enum reco_pstream_fd { RECO_PSTREAM_OUT = 1, RECO_PSTREAM_ERR = 2 };

/* Called for each complete line (no newline; NUL-terminated; a line longer
 * than RECO_PSTREAM_MAX_LINE is cut into pieces of that size). */
typedef void (*reco_pstream_line_fn)(const char *line, size_t len, enum reco_pstream_fd from, void *arg);

struct reco_pstream {
	pid_t pid;
	int fd[2];             /* stdout, stderr read ends (-1 once closed) */
	char *buf[2];
	size_t len[2];
	int status;            /* after reco_pstream_wait */
	int waited;
};

/* Starts argv[0] (searched in PATH) with stdin from /dev/null and its own
 * process group (so that a terminal's Ctrl-C reaches the caller only).
 * Returns 0, -ENOENT when it cannot be found or executed, another -errno. */
int reco_pstream_start(char *const argv[], struct reco_pstream *ps);

/* Waits at most timeout_ms (0: just look, -1: until something comes) for
 * output and calls fn for each complete line.  Returns 1 while either
 * stream is open, 0 once both are closed (the last partial line has been
 * passed to fn), -errno on failure. */
int reco_pstream_poll(struct reco_pstream *ps, int timeout_ms, reco_pstream_line_fn fn, void *arg);

/* Sends sig to the helper's process group (the helper and whatever it
 * started), if not waited for yet.  0 or -errno. */
int reco_pstream_kill(struct reco_pstream *ps, int sig);

/* Reaps the helper; returns its exit status (0-255, 128+signal when killed)
 * or -errno. */
int reco_pstream_wait(struct reco_pstream *ps);

/* Closes what is open and frees the buffers; kills (SIGKILL, its process
 * group) and reaps a helper still running. */
void reco_pstream_release(struct reco_pstream *ps);

#endif
