/* moodplay - signals as stop requests for the command line. */
#include "config.h"

#include "base/interrupt.h"

#include <signal.h>
#include <stddef.h>

static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
#define NSIGNALS (sizeof(signals) / sizeof(signals[0]))

static volatile sig_atomic_t caught;
static struct sigaction saved[NSIGNALS];
static bool active;

static void on_signal(int sig)
{
	caught = sig;
}

void interrupt_catch(void)
{
	struct sigaction sa = { 0 };

	if (active)
		return;
	/* No SA_RESTART: poll() and read() must come back to look. */
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NSIGNALS; i++) {
		sigaction(signals[i], NULL, &saved[i]);
		if (saved[i].sa_handler != SIG_IGN)
			sigaction(signals[i], &sa, NULL);
	}
	active = true;
}

int interrupt_caught(void)
{
	return caught;
}

bool interrupt_pending(void *ud)
{
	(void)ud;
	return caught != 0;
}

void interrupt_release(void)
{
	int sig = caught;

	if (!active)
		return;
	for (size_t i = 0; i < NSIGNALS; i++)
		sigaction(signals[i], &saved[i], NULL);
	active = false;
	if (sig != 0) {
		caught = 0;
		raise(sig);
	}
}
