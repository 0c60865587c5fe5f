/*
 * proc.h — run an external helper (smartctl, nvme, ...) with an argument
 * vector, never a shell string, and capture what it prints.
 */
#ifndef RECO_PROC_H
#define RECO_PROC_H

#include <stddef.h>
#include <sys/types.h>

struct reco_proc {
	int status;     /* exit status (0-255), or 128+signal if killed */
	int timed_out;  /* 1 if the helper was killed at the timeout */
	char *out;      /* stdout, NUL-terminated, malloc'd (never NULL on success) */
	size_t out_len;
	char *err;      /* stderr, NUL-terminated, malloc'd */
	size_t err_len;
};

/* Runs argv[0] (searched in PATH) with argv, stdin from /dev/null, and waits
 * at most timeout_ms (0: no limit; the helper is killed with SIGKILL at the
 * limit).  Output beyond max_out bytes per stream is dropped.
 * Returns 0 when the helper ran (whatever its exit status), -ENOENT when it
 * cannot be found or executed, another -errno on failure.  On 0 the caller
 * calls reco_proc_release(). */
int reco_proc_run(char *const argv[], int timeout_ms, size_t max_out, struct reco_proc *p);

void reco_proc_release(struct reco_proc *p);

/* Starts argv[0] (searched in PATH) with stdin from /dev/null and its stdout
 * and stderr on two pipes (*out_fd, *err_fd, close-on-exec).  new_group: the
 * child leads its own process group, with default SIGINT/SIGTERM/SIGPIPE, so
 * that the caller can stop it and everything it started.  0, -ENOENT when
 * it cannot be found or executed, another -errno on failure; the caller
 * reads both pipes, closes them and waits for *pid. */
int reco_proc_spawn(char *const argv[], int new_group, pid_t *pid, int *out_fd, int *err_fd);

#endif
