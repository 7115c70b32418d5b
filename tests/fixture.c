/* moodplay tests - a real MPD per test group. */
#include "config.h"

#include "fixture.h"

#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char *script(void)
{
	static char path[PATH_MAX];
	const char *top = getenv("top_srcdir");

	snprintf(path, sizeof(path), "%s/tests/mpd-fixture.sh",
		 top != NULL ? top : TOP_SRCDIR);
	return path;
}

static const char *music(void)
{
	const char *m = getenv("MOODPLAY_TEST_MUSIC");

	return m != NULL ? m : "tests/fixture-music";
}

int fixture_run(char *const argv[])
{
	pid_t pid;
	int status;

	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool fixture_available(void)
{
	const char *mpd = getenv("MPD");

	if (mpd == NULL || mpd[0] == '\0')
		mpd = "/usr/bin/mpd";
	return access(mpd, X_OK) == 0 && access(music(), R_OK) == 0;
}

static bool launch(struct fixture *f)
{
	char *argv[10];
	int n = 0;
	char portfile[PATH_MAX + 8];
	FILE *fp;

	argv[n++] = "sh";
	argv[n++] = (char *)script();
	argv[n++] = "start";
	argv[n++] = f->state;
	argv[n++] = (char *)music();
	if (f->tcp)
		argv[n++] = "--tcp";
	if (f->password != NULL) {
		argv[n++] = "--password";
		argv[n++] = (char *)f->password;
	}
	argv[n] = NULL;
	if (fixture_run(argv) != 0)
		return false;
	f->running = true;
	if (f->tcp) {
		snprintf(portfile, sizeof(portfile), "%s/port", f->state);
		fp = fopen(portfile, "r");
		if (fp == NULL || fscanf(fp, "%u", &f->port) != 1) {
			if (fp != NULL)
				fclose(fp);
			return false;
		}
		fclose(fp);
	}
	return true;
}

bool fixture_start(struct fixture *f, bool tcp, const char *password)
{
	const char *tmp = getenv("TMPDIR");
	char owner[32];

	/* The fixture stops MPD by itself if this process dies first. */
	snprintf(owner, sizeof(owner), "%ld", (long)getpid());
	setenv("MOODPLAY_FIXTURE_OWNER", owner, 1);
	memset(f, 0, sizeof(*f));
	snprintf(f->state, sizeof(f->state), "%s/moodplay-mpd.XXXXXX",
		 tmp != NULL ? tmp : "/tmp");
	if (mkdtemp(f->state) == NULL)
		return false;
	if (snprintf(f->socket, sizeof(f->socket), "%s/socket", f->state) >=
	    (int)sizeof(f->socket))
		return false;
	f->tcp = tcp;
	f->password = password;
	return launch(f);
}

static void halt(struct fixture *f)
{
	char *argv[] = { "sh", (char *)script(), "stop", f->state, NULL };

	if (f->running)
		fixture_run(argv);
	f->running = false;
}

bool fixture_restart(struct fixture *f)
{
	halt(f);
	return launch(f);
}

void fixture_stop(struct fixture *f)
{
	char *argv[] = { "rm", "-rf", f->state, NULL };

	halt(f);
	if (f->state[0] != '\0')
		fixture_run(argv);
	f->state[0] = '\0';
}
