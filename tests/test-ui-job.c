/* moodplay tests - worker jobs: the fd becomes readable with stages and at
 * the end, a second start while one runs is refused, the result and error
 * come back, freeing cancels a running job, and stopping one that ignores
 * the cancellation gives up after its wait. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui/ui-job.h"

#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool open;
	int sum;
};

/* Reports a stage, waits for the test to open the gate, then sums. */
static enum mp_status gated(struct ui_job *job, void *arg, struct mp_error *err)
{
	struct gate *g = arg;

	ui_job_stage(job, "waiting");
	pthread_mutex_lock(&g->lock);
	while (!g->open && !ui_job_cancelled(job)) {
		struct timespec t;

		/* Timed, so a cancel (which does not signal) is seen. */
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += 10000000;
		if (t.tv_nsec >= 1000000000) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&g->cond, &g->lock, &t);
	}
	pthread_mutex_unlock(&g->lock);
	for (int i = 1; i <= 100; i++)
		g->sum += i;
	return MP_OK;
}

static enum mp_status failing(struct ui_job *job, void *arg,
			      struct mp_error *err)
{
	return mp_error_set(err, MP_ENOENT, "no face found");
}

/* Poll the job's fd until it is over (or 5 s pass). */
static bool wait_end(struct ui_job *job, enum mp_status *rc,
		     struct mp_error *err)
{
	struct pollfd p = { ui_job_fd(job), POLLIN, 0 };

	for (int i = 0; i < 100; i++) {
		if (poll(&p, 1, 50) > 0 && ui_job_poll(job, rc, err))
			return true;
	}
	return false;
}

static void test_run(void **state)
{
	struct gate g = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
			  false, 0 };
	struct pollfd p;
	struct ui_job *job;
	struct mp_error err;
	enum mp_status rc = MP_ERR;
	char stage[64] = "";

	assert_int_equal(ui_job_new(&job, &err), MP_OK);
	assert_false(ui_job_running(job));
	assert_int_equal(ui_job_start(job, gated, &g, &err), MP_OK);
	assert_true(ui_job_running(job));
	/* The stage wakes the poll loop. */
	p = (struct pollfd){ ui_job_fd(job), POLLIN, 0 };
	for (int i = 0; i < 100 && strcmp(stage, "waiting") != 0; i++) {
		assert_true(poll(&p, 1, 50) >= 0);
		assert_false(ui_job_poll(job, &rc, &err));
		ui_job_get_stage(job, stage, sizeof(stage));
	}
	assert_string_equal(stage, "waiting");
	/* A second press while it runs is refused, with the stage. */
	assert_int_equal(ui_job_start(job, gated, &g, &err), MP_ERR);
	assert_non_null(strstr(err.msg, "waiting"));
	pthread_mutex_lock(&g.lock);
	g.open = true;
	pthread_cond_signal(&g.cond);
	pthread_mutex_unlock(&g.lock);
	assert_true(wait_end(job, &rc, &err));
	assert_int_equal(rc, MP_OK);
	assert_int_equal(g.sum, 5050);
	assert_false(ui_job_running(job));

	/* Reusable; failures come back with their message. */
	assert_int_equal(ui_job_start(job, failing, NULL, &err), MP_OK);
	assert_true(wait_end(job, &rc, &err));
	assert_int_equal(rc, MP_ENOENT);
	assert_string_equal(err.msg, "no face found");
	ui_job_free(job);
}

static void test_free_cancels(void **state)
{
	struct gate g = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
			  false, 0 };
	struct ui_job *job;
	struct mp_error err;

	assert_int_equal(ui_job_new(&job, &err), MP_OK);
	assert_int_equal(ui_job_start(job, gated, &g, &err), MP_OK);
	usleep(20000);
	/* The worker waits on a gate that never opens: free must ask it
	 * to stop and join it. */
	ui_job_free(job);
	assert_int_equal(g.sum, 5050);
}

/* Reads one byte from a pipe, deaf to cancellation (a read that never
 * returns, until the test writes). */
static enum mp_status deaf(struct ui_job *job, void *arg, struct mp_error *err)
{
	char c;

	return read(*(int *)arg, &c, 1) == 1 ? MP_OK : MP_ERR;
}

static void test_stop_bounded(void **state)
{
	struct ui_job *job;
	struct mp_error err;
	int fds[2];

	assert_int_equal(pipe(fds), 0);
	assert_int_equal(ui_job_new(&job, &err), MP_OK);
	assert_true(ui_job_stop(job, 10)); /* nothing running */
	assert_int_equal(ui_job_start(job, deaf, &fds[0], &err), MP_OK);
	/* A worker that does not look at the cancellation: stop gives up
	 * after the wait instead of blocking. */
	assert_false(ui_job_stop(job, 100));
	assert_true(ui_job_running(job));
	assert_int_equal(write(fds[1], "x", 1), 1);
	assert_true(ui_job_stop(job, 5000));
	assert_false(ui_job_running(job));
	ui_job_free(job);
	close(fds[0]);
	close(fds[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run),
		cmocka_unit_test(test_free_cancels),
		cmocka_unit_test(test_stop_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
