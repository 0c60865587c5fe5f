/*
 * run.c — runs the jobs of one invocation in parallel: one controller
 * thread per job (engine.c wipe_job_run), a journal checkpoint of every running
 * job every 2 s, and the caller's progress callback about once a second
 * (the display) and once at the end.  The caller waits here until every job
 * has finished; nothing here prints.
 */
#include "wipe.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "lib/util.h"

#define CHECKPOINT_NS 2000000000ull
#define PROGRESS_NS 1000000000ull

static int all_finished(struct wipe_job *jobs, int n)
{
	for (int i = 0; i < n; i++)
		if (!atomic_load(&jobs[i].live.finished))
			return 0;
	return 1;
}

int wipe_run_jobs(struct wipe_job *jobs, int n, void (*progress)(void *arg, int final), void *arg)
{
	pthread_t *th = calloc((size_t)n, sizeof(*th));
	if (!th)
		return -ENOMEM;
	for (int i = 0; i < n; i++) {
		if (!jobs[i].res.started)
			jobs[i].res.started = time(NULL);
		wipe_job_checkpoint(&jobs[i]);
		if (pthread_create(&th[i], NULL, wipe_job_run, &jobs[i]) != 0) {
			/* the jobs already started stop at their next request */
			atomic_store(&wipe_stop, 1);
			for (int k = 0; k < i; k++)
				pthread_join(th[k], NULL);
			free(th);
			return -EAGAIN;
		}
	}
	uint64_t last_cp = reco_now_ns(), last_pr = 0;
	while (!all_finished(jobs, n)) {
		uint64_t now = reco_now_ns();
		if (progress && now - last_pr >= PROGRESS_NS) {
			progress(arg, 0);
			last_pr = now;
		}
		if (now - last_cp >= CHECKPOINT_NS) {
			for (int i = 0; i < n; i++)
				if (!atomic_load(&jobs[i].live.finished))
					wipe_job_checkpoint(&jobs[i]);
			last_cp = now;
		}
		/* wake up when a job finishes, or in 100 ms for the display */
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_mutex_lock(&wipe_done_lock);
		if (!all_finished(jobs, n))
			pthread_cond_timedwait(&wipe_done_cond, &wipe_done_lock, &ts);
		pthread_mutex_unlock(&wipe_done_lock);
	}
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	free(th);
	if (progress)
		progress(arg, 1);
	return 0;
}
