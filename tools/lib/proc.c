/*
 * proc.c — child-process helper (see proc.h).
 */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

struct sink {
	char *buf;
	size_t len, cap, max;
};

static int sink_add(struct sink *s, const char *data, size_t n)
{
	if (s->len + n > s->max)
		n = s->max > s->len ? s->max - s->len : 0;
	if (s->len + n + 1 > s->cap) {
		size_t ncap = s->cap ? s->cap : 4096;
		while (ncap < s->len + n + 1)
			ncap *= 2;
		char *nb = realloc(s->buf, ncap);
		if (!nb)
			return -ENOMEM;
		s->buf = nb;
		s->cap = ncap;
	}
	memcpy(s->buf + s->len, data, n);
	s->len += n;
	s->buf[s->len] = '\0';
	return 0;
}

int reco_proc_spawn(char *const argv[], int new_group, pid_t *pidp, int *out_fd, int *err_fd)
{
	int out[2], err[2], exec_err[2];
	if (!argv || !argv[0])
		return -EINVAL;
	if (pipe2(out, O_CLOEXEC))
		return -errno;
	if (pipe2(err, O_CLOEXEC)) {
		int rc = -errno;
		close(out[0]), close(out[1]);
		return rc;
	}
	if (pipe2(exec_err, O_CLOEXEC)) {
		int rc = -errno;
		close(out[0]), close(out[1]), close(err[0]), close(err[1]);
		return rc;
	}
	pid_t pid = fork();
	if (pid < 0) {
		int rc = -errno;
		close(out[0]), close(out[1]), close(err[0]), close(err[1]);
		close(exec_err[0]), close(exec_err[1]);
		return rc;
	}
	if (pid == 0) {
		if (new_group) {
			setpgid(0, 0);
			signal(SIGINT, SIG_DFL);
			signal(SIGTERM, SIG_DFL);
			signal(SIGPIPE, SIG_DFL);
		}
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		execvp(argv[0], argv);
		int e = errno;
		(void)!write(exec_err[1], &e, sizeof(e));
		_exit(127);
	}
	if (new_group)
		setpgid(pid, pid); /* both sides, whichever runs first */
	close(out[1]);
	close(err[1]);
	close(exec_err[1]);

	int e = 0;
	ssize_t got;
	do
		got = read(exec_err[0], &e, sizeof(e));
	while (got < 0 && errno == EINTR);
	close(exec_err[0]);
	if (got == (ssize_t)sizeof(e)) {
		close(out[0]);
		close(err[0]);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		return e == ENOENT || e == EACCES ? -ENOENT : -e;
	}
	*pidp = pid;
	*out_fd = out[0];
	*err_fd = err[0];
	return 0;
}

int reco_proc_run(char *const argv[], int timeout_ms, size_t max_out, struct reco_proc *p)
{
	memset(p, 0, sizeof(*p));
	pid_t pid;
	int ofd, efd;
	int rc0 = reco_proc_spawn(argv, 0, &pid, &ofd, &efd);
	if (rc0)
		return rc0;

	struct sink so = { .max = max_out }, se = { .max = max_out };
	struct pollfd fds[2] = { { .fd = ofd, .events = POLLIN }, { .fd = efd, .events = POLLIN } };
	uint64_t deadline = timeout_ms > 0 ? reco_now_ns() + (uint64_t)timeout_ms * 1000000ULL : 0;
	int open_fds = 2, rc = 0;
	char chunk[65536];

	while (open_fds > 0) {
		int wait_ms = -1;
		if (deadline) {
			uint64_t now = reco_now_ns();
			if (now >= deadline) {
				kill(pid, SIGKILL);
				p->timed_out = 1;
				break;
			}
			wait_ms = (int)((deadline - now) / 1000000ULL) + 1;
		}
		int n = poll(fds, 2, wait_ms);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			kill(pid, SIGKILL);
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			ssize_t r = read(fds[i].fd, chunk, sizeof(chunk));
			if (r > 0) {
				if (sink_add(i == 0 ? &so : &se, chunk, (size_t)r))
					rc = -ENOMEM;
			} else if (r == 0 || errno != EINTR) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			}
		}
	}
	for (int i = 0; i < 2; i++)
		if (fds[i].fd >= 0)
			close(fds[i].fd);

	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc == 0 && (sink_add(&so, "", 0) || sink_add(&se, "", 0)))
		rc = -ENOMEM;
	if (rc) {
		free(so.buf);
		free(se.buf);
		return rc;
	}
	p->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	p->out = so.buf;
	p->out_len = so.len;
	p->err = se.buf;
	p->err_len = se.len;
	return 0;
}

void reco_proc_release(struct reco_proc *p)
{
	free(p->out);
	free(p->err);
	p->out = p->err = NULL;
}
