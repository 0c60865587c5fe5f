/*
 * proc_stream.c — line-streaming child processes (see proc_stream.h).
 */
#include "proc_stream.h"
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int reco_pstream_start(char *const argv[], struct reco_pstream *ps)
{
	memset(ps, 0, sizeof(*ps));
	ps->fd[0] = ps->fd[1] = -1;
	ps->pid = -1;
	pid_t pid;
	int ofd, efd;
	int rc = reco_proc_spawn(argv, 1, &pid, &ofd, &efd);
	if (rc)
		return rc;
	ps->pid = pid;
	ps->fd[0] = ofd;
	ps->fd[1] = efd;
	for (int i = 0; i < 2; i++) {
		ps->buf[i] = malloc(RECO_PSTREAM_MAX_LINE + 1);
		if (!ps->buf[i]) {
			reco_pstream_release(ps);
			return -ENOMEM;
		}
	}
	return 0;
}

/* Passes every complete line in buffer i to fn; with flush, the rest too. */
static void drain(struct reco_pstream *ps, int i, int flush, reco_pstream_line_fn fn, void *arg)
{
	char *b = ps->buf[i];
	size_t start = 0;
	for (size_t k = 0; k < ps->len[i]; k++) {
		if (b[k] != '\n')
			continue;
		b[k] = '\0';
		size_t l = k - start;
		if (l && b[k - 1] == '\r')
			b[k - 1] = '\0', l--;
		if (fn)
			fn(b + start, l, i == 0 ? RECO_PSTREAM_OUT : RECO_PSTREAM_ERR, arg);
		start = k + 1;
	}
	size_t rest = ps->len[i] - start;
	if (rest && (flush || rest >= RECO_PSTREAM_MAX_LINE)) {
		b[start + rest] = '\0';
		if (fn)
			fn(b + start, rest, i == 0 ? RECO_PSTREAM_OUT : RECO_PSTREAM_ERR, arg);
		rest = 0;
		start = ps->len[i];
	}
	memmove(b, b + start, rest);
	ps->len[i] = rest;
}

int reco_pstream_poll(struct reco_pstream *ps, int timeout_ms, reco_pstream_line_fn fn, void *arg)
{
	if (ps->fd[0] < 0 && ps->fd[1] < 0)
		return 0;
	struct pollfd fds[2] = { { .fd = ps->fd[0], .events = POLLIN }, { .fd = ps->fd[1], .events = POLLIN } };
	int n = poll(fds, 2, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 1 : -errno;
	for (int i = 0; i < 2; i++) {
		if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		ssize_t r = read(fds[i].fd, ps->buf[i] + ps->len[i], RECO_PSTREAM_MAX_LINE - ps->len[i]);
		if (r > 0) {
			ps->len[i] += (size_t)r;
			drain(ps, i, 0, fn, arg);
		} else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
			drain(ps, i, 1, fn, arg);
			close(ps->fd[i]);
			ps->fd[i] = -1;
		}
	}
	return ps->fd[0] >= 0 || ps->fd[1] >= 0;
}

int reco_pstream_kill(struct reco_pstream *ps, int sig)
{
	if (ps->pid <= 0 || ps->waited)
		return -ESRCH;
	/* the whole process group: a helper's own helpers stop too */
	if (kill(-ps->pid, sig) == 0)
		return 0;
	return kill(ps->pid, sig) ? -errno : 0;
}

int reco_pstream_wait(struct reco_pstream *ps)
{
	if (ps->waited)
		return ps->status;
	if (ps->pid <= 0)
		return -ECHILD;
	int st;
	while (waitpid(ps->pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	ps->waited = 1;
	ps->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	return ps->status;
}

void reco_pstream_release(struct reco_pstream *ps)
{
	for (int i = 0; i < 2; i++) {
		if (ps->fd[i] >= 0)
			close(ps->fd[i]);
		ps->fd[i] = -1;
		free(ps->buf[i]);
		ps->buf[i] = NULL;
		ps->len[i] = 0;
	}
	if (ps->pid > 0 && !ps->waited) {
		if (kill(-ps->pid, SIGKILL))
			kill(ps->pid, SIGKILL);
		reco_pstream_wait(ps);
	}
}
