/* moodplay tests - a real MPD per test group, through tests/mpd-fixture.sh. */
#ifndef MOODPLAY_TEST_FIXTURE_H
#define MOODPLAY_TEST_FIXTURE_H

#include <limits.h>
#include <stdbool.h>

struct fixture {
	char state[PATH_MAX];  /* private directory of this MPD */
	char socket[PATH_MAX]; /* its unix socket */
	unsigned port;         /* its TCP port, 0 without --tcp */
	bool tcp;
	const char *password;
	bool running;
};

/* Start MPD on the shared generated library; false if that failed. */
bool fixture_start(struct fixture *f, bool tcp, const char *password);
bool fixture_restart(struct fixture *f);
void fixture_stop(struct fixture *f); /* also removes the directory */
/* Run argv (no shell); returns its exit status, -1 if it could not run. */
int fixture_run(char *const argv[]);
/* True when mpd and the library can be had; tests skip otherwise. */
bool fixture_available(void);

#endif
