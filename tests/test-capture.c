/* moodplay - tests for the capture API itself (src/capture.c): the
 * pollable, step-by-step use a UI makes of it, and what a helper inherits. */
#include "config.h"

#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "base/clock.h"
#include "capture/capture.h"
#include "conf/conf.h"

static struct conf *command_conf(const char *script)
{
	struct conf *c = conf_new();
	char **v = calloc(4, sizeof(*v));

	v[0] = strdup("sh");
	v[1] = strdup("-c");
	v[2] = strdup(script);
	for (size_t i = 0; i < c->capture.command.n; i++)
		free(c->capture.command.v[i]);
	free(c->capture.command.v);
	c->capture.command.v = v;
	c->capture.command.n = 3;
	c->capture.source = CONF_CAPTURE_COMMAND;
	return c;
}

/* The UI's way: start, poll the fd with the given timeout, step.  The
 * helper's delayed output arrives over several polls, never blocking. */
static void test_poll_loop(void **state)
{
	struct conf *c = command_conf("printf abc; sleep 0.3; printf def");
	struct capture_source *src;
	struct capture *cap;
	struct mp_error err;
	bool done = false;
	int polls = 0;
	const uint8_t *data;
	size_t len;

	assert_int_equal(capture_source_new(&c->capture, &src, &err), MP_OK);
	assert_int_equal(capture_start(src, &cap, &err), MP_OK);
	while (!done) {
		struct pollfd p = { capture_fd(cap), POLLIN, 0 };
		double t = clock_now_ms();

		assert_true(poll(&p, p.fd >= 0 ? 1 : 0,
				 capture_timeout_ms(cap)) >= 0);
		/* No single step waits for the helper. */
		assert_int_equal(capture_step(cap, &done, &err), MP_OK);
		assert_true(clock_now_ms() - t < 1000);
		polls++;
	}
	assert_true(polls >= 2);
	data = capture_data(cap, &len);
	assert_int_equal(len, 6);
	assert_memory_equal(data, "abcdef", 6);
	capture_free(cap);
	capture_source_free(src);
	conf_free(c);
}

/* capture_free() in the middle: the helper and its children are gone at
 * once, long before the timeout. */
static void test_free_while_running(void **state)
{
	struct conf *c = command_conf("sleep 30 & sleep 30");
	struct capture_source *src;
	struct capture *cap;
	struct mp_error err;
	double t;

	assert_int_equal(capture_source_new(&c->capture, &src, &err), MP_OK);
	assert_int_equal(capture_start(src, &cap, &err), MP_OK);
	t = clock_now_ms();
	capture_free(cap);
	assert_true(clock_now_ms() - t < 1000);
	capture_source_free(src);
	conf_free(c);
}

static bool cancel_now(void *ud)
{
	return true;
}

static void test_cancel(void **state)
{
	struct conf *c = command_conf("sleep 30");
	struct capture_source *src;
	struct mp_error err;
	uint8_t *data;
	size_t len;
	double t = clock_now_ms();

	assert_int_equal(capture_source_new(&c->capture, &src, &err), MP_OK);
	assert_int_equal(capture_run(src, cancel_now, NULL, &data, &len, &err),
			 MP_ERR);
	assert_non_null(strstr(err.msg, "cancelled"));
	assert_null(data);
	assert_true(clock_now_ms() - t < 1000);
	capture_source_free(src);
	conf_free(c);
}

/* A helper started from a thread with signals blocked (as UI workers are)
 * still gets default signals.  grep, not a shell: dash clears the mask. */
static void test_helper_signal_mask(void **state)
{
	struct conf *c = command_conf("");
	struct capture_source *src;
	struct mp_error err;
	sigset_t all, old;
	uint8_t *data;
	size_t len;

	free(c->capture.command.v[0]);
	free(c->capture.command.v[1]);
	free(c->capture.command.v[2]);
	c->capture.command.v[0] = strdup("grep");
	c->capture.command.v[1] = strdup("SigBlk");
	c->capture.command.v[2] = strdup("/proc/self/status");
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	assert_int_equal(capture_source_new(&c->capture, &src, &err), MP_OK);
	assert_int_equal(capture_run(src, NULL, NULL, &data, &len, &err),
			 MP_OK);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	assert_true(len > 0);
	data[len - 1] = '\0';
	assert_string_equal((char *)data, "SigBlk:\t0000000000000000");
	free(data);
	capture_source_free(src);
	conf_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_poll_loop),
		cmocka_unit_test(test_free_while_running),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_helper_signal_mask),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
