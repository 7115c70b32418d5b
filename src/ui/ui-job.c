/* moodplay - worker-thread jobs with a pollable end. */
#include "config.h"

#include "ui/ui-job.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct ui_job {
	int fds[2]; /* worker writes [1], UI polls [0] */
	pthread_t thread;
	bool running; /* UI side: a thread exists and is not joined */
	atomic_bool done;
	atomic_bool cancel;
	ui_job_fn *fn;
	void *arg;
	enum mp_status status;
	struct mp_error err;
	pthread_mutex_t lock; /* guards stage */
	char stage[128];
};

enum mp_status ui_job_new(struct ui_job **out, struct mp_error *err)
{
	struct ui_job *job = xcalloc(1, sizeof(*job));

	*out = NULL;
	if (pipe(job->fds) != 0) {
		free(job);
		return mp_error_set(err, MP_ERR, _("cannot create a pipe: %s"),
				    strerror(errno));
	}
	for (int i = 0; i < 2; i++) {
		fcntl(job->fds[i], F_SETFD, FD_CLOEXEC);
		fcntl(job->fds[i], F_SETFL, O_NONBLOCK);
	}
	pthread_mutex_init(&job->lock, NULL);
	*out = job;
	return MP_OK;
}

static void ui_job_join(struct ui_job *job)
{
	if (!job->running)
		return;
	pthread_join(job->thread, NULL);
	job->running = false;
}

bool ui_job_stop(struct ui_job *job, int wait_ms)
{
	struct pollfd p = { job->fds[0], POLLIN, 0 };
	char buf[64];
	double end = clock_now_ms() + wait_ms, left;

	if (!job->running)
		return true;
	atomic_store(&job->cancel, true);
	while (!atomic_load(&job->done) && (left = end - clock_now_ms()) > 0) {
		if (poll(&p, 1, (int)left + 1) > 0)
			while (read(job->fds[0], buf, sizeof(buf)) > 0)
				;
	}
	if (!atomic_load(&job->done))
		return false;
	ui_job_join(job);
	return true;
}

void ui_job_free(struct ui_job *job)
{
	if (job == NULL)
		return;
	atomic_store(&job->cancel, true);
	ui_job_join(job);
	close(job->fds[0]);
	close(job->fds[1]);
	pthread_mutex_destroy(&job->lock);
	free(job);
}

/* Wake the UI.  A full pipe already means "look at me", so a failed
 * non-blocking write loses nothing. */
static void ui_job_wake(struct ui_job *job)
{
	ssize_t n = write(job->fds[1], "x", 1);

	(void)n;
}

static void *ui_job_main(void *p)
{
	struct ui_job *job = p;

	job->status = job->fn(job, job->arg, &job->err);
	atomic_store(&job->done, true);
	ui_job_wake(job);
	return NULL;
}

enum mp_status ui_job_start(struct ui_job *job, ui_job_fn *fn, void *arg,
			    struct mp_error *err)
{
	char stage[sizeof(job->stage)];
	sigset_t all, old;
	int rc;

	if (job->running) {
		ui_job_get_stage(job, stage, sizeof(stage));
		return mp_error_set(err, MP_ERR, _("busy: %s"), stage);
	}
	job->fn = fn;
	job->arg = arg;
	job->status = MP_OK;
	mp_error_clear(&job->err);
	atomic_store(&job->done, false);
	atomic_store(&job->cancel, false);
	ui_job_stage(job, "");
	/* Signals (SIGCHLD, SIGWINCH...) are for the UI thread's poll loop:
	 * the worker starts with all of them blocked, so its own waits are
	 * never interrupted. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&job->thread, NULL, ui_job_main, job);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return mp_error_set(err, MP_ERR, _("cannot start a thread: %s"),
				    strerror(rc));
	job->running = true;
	return MP_OK;
}

bool ui_job_running(const struct ui_job *job)
{
	return job->running;
}

int ui_job_fd(const struct ui_job *job)
{
	return job->fds[0];
}

bool ui_job_poll(struct ui_job *job, enum mp_status *status,
		 struct mp_error *err)
{
	char buf[64];

	while (read(job->fds[0], buf, sizeof(buf)) > 0)
		;
	if (!job->running || !atomic_load(&job->done))
		return false;
	ui_job_join(job);
	*status = job->status;
	if (err != NULL)
		*err = job->err;
	return true;
}

void ui_job_stage(struct ui_job *job, const char *stage)
{
	pthread_mutex_lock(&job->lock);
	snprintf(job->stage, sizeof(job->stage), "%s", stage);
	pthread_mutex_unlock(&job->lock);
	ui_job_wake(job);
}

bool ui_job_cancelled(struct ui_job *job)
{
	return atomic_load(&job->cancel);
}

void ui_job_get_stage(struct ui_job *job, char *out, size_t outsz)
{
	pthread_mutex_lock(&job->lock);
	snprintf(out, outsz, "%s", job->stage);
	pthread_mutex_unlock(&job->lock);
}
