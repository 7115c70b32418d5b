/* moodplay - snapshots from a helper program (fork/exec, never a shell):
 * its stdout, or the file it writes in place of {output}. */
#include "config.h"

#include "base/clock.h"
#include "capture/capture-internal.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* Bytes of a failed helper's stderr quoted in the error. */
#define STDERR_QUOTE 300

static char *find_in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char *copy, *save = NULL, *res = NULL;

	if (strchr(prog, '/') != NULL)
		return access(prog, X_OK) == 0 ? xstrdup(prog) : NULL;
	copy = xstrdup(path != NULL && *path ? path : "/usr/bin:/bin");
	for (char *d = strtok_r(copy, ":", &save); d;
	     d = strtok_r(NULL, ":", &save)) {
		char *full = xasprintf("%s/%s", d, prog);

		if (access(full, X_OK) == 0) {
			res = full;
			break;
		}
		free(full);
	}
	free(copy);
	return res;
}

static char **argv_dup(const char *const *v, size_t n)
{
	char **a = xcalloc(n + 1, sizeof(*a));

	for (size_t i = 0; i < n; i++)
		a[i] = xstrdup(v[i]);
	return a;
}

/* The default helpers for source auto, in order of preference.  fswebcam
 * writes one JPEG; ffmpeg writes capture.frames of them (a burst). */
static char **auto_argv(const struct conf_capture *cc, char **prog_out)
{
	char frames[16], *prog;

	snprintf(frames, sizeof(frames), "%d", cc->frames);
	if ((prog = find_in_path("fswebcam")) != NULL) {
		const char *v[] = { prog,       "-q", "--no-banner", "-d",
				    cc->device, "-r", "640x480",     "--jpeg",
				    "90",       "-" };

		*prog_out = prog;
		return argv_dup(v, sizeof(v) / sizeof(v[0]));
	}
	if ((prog = find_in_path("ffmpeg")) != NULL) {
		const char *v[] = { prog,      "-nostdin", "-loglevel",
				    "error",   "-f",       "v4l2",
				    "-i",      cc->device, "-frames:v",
				    frames,    "-f",       "image2pipe",
				    "-vcodec", "mjpeg",    "-" };

		*prog_out = prog;
		return argv_dup(v, sizeof(v) / sizeof(v[0]));
	}
	return NULL;
}

static void describe_argv(struct capture_source *s, const char *what)
{
	size_t n = (size_t)snprintf(s->desc, sizeof(s->desc), "%s '", what);

	for (char **a = s->argv; *a != NULL && n < sizeof(s->desc); a++)
		n += (size_t)snprintf(s->desc + n, sizeof(s->desc) - n, "%s%s",
				      a == s->argv ? "" : " ", *a);
	if (n < sizeof(s->desc) - 1)
		snprintf(s->desc + n, sizeof(s->desc) - n, "'");
}

static enum mp_status cmd_source_init(struct capture_source *s,
				      const struct conf_capture *cc,
				      struct mp_error *err)
{
	char *prog = NULL;

	if (cc->source == CONF_CAPTURE_AUTO) {
		s->argv = auto_argv(cc, &prog);
		if (s->argv == NULL)
			return mp_error_set(
				err, MP_ENOENT,
				_("no camera program found: install "
				  "fswebcam or ffmpeg, or set "
				  "capture.source (see moodplay.conf(5))"));
		free(prog);
		s->device = xstrdup(cc->device);
		describe_argv(s, _("camera"));
	} else {
		if (cc->command.n == 0)
			return mp_error_set(err, MP_EINVAL,
					    _("capture.command is empty"));
		s->argv = argv_dup((const char *const *)cc->command.v,
				   cc->command.n);
		describe_argv(s, _("command"));
	}
	s->who = s->argv[0];
	return MP_OK;
}

/* A private directory for {output}: in $XDG_RUNTIME_DIR (per-user, 0700,
 * tmpfs) when there is one, else in $TMPDIR or /tmp. */
static enum mp_status make_tmpdir(struct capture *c, struct mp_error *err)
{
	const char *base = getenv("XDG_RUNTIME_DIR");
	struct stat st;

	if (base == NULL || *base == '\0' || stat(base, &st) != 0 ||
	    !S_ISDIR(st.st_mode))
		base = getenv("TMPDIR");
	if (base == NULL || *base == '\0')
		base = "/tmp";
	c->tmpdir = xasprintf("%s/moodplay-XXXXXX", base);
	if (mkdtemp(c->tmpdir) == NULL) {
		enum mp_status rc = mp_error_set(
			err, MP_ERR, _("cannot create a directory in %s: %s"),
			base, strerror(errno));

		free(c->tmpdir);
		c->tmpdir = NULL;
		return rc;
	}
	c->tmpfile = xasprintf("%s/snapshot.jpg", c->tmpdir);
	return MP_OK;
}

/* Whether the helper writes to {output} rather than to its stdout. */
static bool uses_output(char *const *argv)
{
	for (; *argv != NULL; argv++)
		if (strstr(*argv, CAPTURE_OUTPUT) != NULL)
			return true;
	return false;
}

/* argv with every "{output}" replaced by file (NULL when uses_output()
 * says there is none). */
static char **expand_argv(char **argv, const char *file)
{
	size_t n = 0;
	char **out;

	while (argv[n] != NULL)
		n++;
	out = xcalloc(n + 1, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const char *at = strstr(argv[i], CAPTURE_OUTPUT);

		if (at == NULL) {
			out[i] = xstrdup(argv[i]);
			continue;
		}
		out[i] = xasprintf("%.*s%s%s", (int)(at - argv[i]), argv[i],
				   file, at + strlen(CAPTURE_OUTPUT));
	}
	return out;
}

static void free_argv(char **v)
{
	for (char **a = v; *a != NULL; a++)
		free(*a);
	free(v);
}

/* Between fork and exec: only async-signal-safe calls.  The helper gets
 * its own process group, stdin from /dev/null, umask 077 for the files it
 * creates, and nothing else of ours. */
static void child_exec(char **argv, int out_fd, int err_fd, int status_fd,
		       size_t max_bytes)
{
	struct rlimit rl = { (rlim_t)max_bytes + 1, (rlim_t)max_bytes + 1 };
	int null_fd = open("/dev/null", O_RDWR);
	sigset_t none;
	int e;

	setpgid(0, 0);
	/* A helper starts with default signals, whatever thread forked it
	 * (UI workers run with signals blocked; moodplay ignores SIGPIPE;
	 * the keeper blocks everything). */
	signal(SIGPIPE, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	umask(077);
	/* Caps what the helper can write to {output} and to stderr. */
	setrlimit(RLIMIT_FSIZE, &rl);
	if (null_fd < 0 || dup2(null_fd, 0) < 0 ||
	    dup2(out_fd >= 0 ? out_fd : null_fd, 1) < 0 || dup2(err_fd, 2) < 0)
		goto fail;
	for (int fd = 3; fd < 1024; fd++)
		if (fd != status_fd)
			close(fd);
	execvp(argv[0], argv);
fail:
	e = errno;
	if (write(status_fd, &e, sizeof(e)) < 0)
		_exit(127);
	_exit(127);
}

/* ---------------------------------------------------------------- keeper
 * The helper does not run as our child but as the child of a keeper: a
 * forked copy of moodplay that execs nothing, leads its own session (no
 * terminal signal reaches it), blocks every signal it can, and is a child
 * subreaper, so whatever the helper starts, even in sessions of its own
 * (setsid) or after its parent exited, stays its descendant.  It reports
 * the helper's exit and, when the control pipe closes (we are done, gave
 * up, or died), kills every descendant and exits.  It runs in a fork of a
 * possibly threaded process: system calls only, no allocation, no stdio.
 */

/* Processes the keeper tracks at once; more are killed in later rounds. */
#define KEEPER_MAX 512
/* How long the keeper keeps killing before it gives up on processes that
 * do not die (stuck in the kernel): they are SIGKILLed and go to init. */
#define KEEPER_KILL_MS 2000

struct keeper_dirent {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

static long keeper_atol(const char *s, const char *end)
{
	long v = 0;

	if (s == end)
		return -1;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9' || v > 99999999)
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

/* The parent of process pid, from /proc/PID/stat ("pid (comm) S ppid"),
 * or -1. */
static pid_t keeper_ppid(const char *pid)
{
	char path[64] = "/proc/", buf[512];
	size_t n = strlen(path);
	const char *p, *q, *end;
	ssize_t len;
	int fd;

	for (p = pid; *p != '\0' && n < sizeof(path) - 6; p++)
		path[n++] = *p;
	memcpy(path + n, "/stat", 6);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	len = read(fd, buf, sizeof(buf));
	close(fd);
	if (len <= 0)
		return -1;
	end = buf + len;
	/* The command name may hold anything, ')' too: the last one ends it. */
	for (p = NULL, q = buf; q < end; q++)
		if (*q == ')')
			p = q;
	if (p == NULL || end - p < 5)
		return -1;
	p += 4; /* ") S " */
	for (q = p; q < end && *q != ' '; q++)
		;
	return (pid_t)keeper_atol(p, q);
}

static bool keeper_has(const pid_t *set, size_t n, pid_t pid)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == pid)
			return true;
	return false;
}

/* set[0] = root, then root's descendants found in /proc, parents before
 * their children (at most max in all); returns how many. */
static size_t keeper_tree(pid_t root, pid_t *set, size_t max)
{
	size_t n = 1;
	bool grew = true;

	set[0] = root;
	while (grew && n < max) {
		int dir = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		char buf[4096];
		long got;

		grew = false;
		if (dir < 0)
			break;
		while (n < max && (got = syscall(SYS_getdents64, dir, buf,
						 sizeof(buf))) > 0) {
			for (long off = 0; off < got && n < max;) {
				struct keeper_dirent *d =
					(struct keeper_dirent *)(buf + off);
				long pid = keeper_atol(
					d->name, d->name + strlen(d->name));

				off += d->reclen;
				if (pid <= 0 || keeper_has(set, n, (pid_t)pid))
					continue;
				if (keeper_has(set, n, keeper_ppid(d->name))) {
					set[n++] = (pid_t)pid;
					grew = true;
				}
			}
		}
		close(dir);
	}
	return n;
}

/* SIGKILL to every descendant, parents first (a killed parent cannot reap
 * a child, so no id is freed and reused under us), until none is left. */
static void keeper_kill_all(const sigset_t *wait_mask)
{
	long long give_up = clock_ms() + KEEPER_KILL_MS;
	pid_t set[KEEPER_MAX];

	for (;;) {
		size_t n = keeper_tree(getpid(), set, KEEPER_MAX);
		struct timespec tick = { 0, 10 * 1000000L };
		pid_t w;

		for (size_t i = 1; i < n; i++)
			kill(set[i], SIGKILL);
		while ((w = waitpid(-1, NULL, WNOHANG)) > 0)
			;
		if (w < 0 && errno == ECHILD)
			return;
		if (clock_ms() >= give_up)
			return;
		ppoll(NULL, 0, &tick, wait_mask);
	}
}

static void on_sigchld(int sig)
{
	(void)sig;
}

/* The keeper: starts the helper (child_exec()'s arguments), writes its
 * wait status to report_fd when it exits, and kills every descendant once
 * ctl_fd reads end of file. */
__attribute__((noreturn)) static void keeper(char **argv, int out_fd,
					     int err_fd, int status_fd,
					     int ctl_fd, int report_fd,
					     size_t max_bytes)
{
	struct sigaction sa = { 0 };
	sigset_t all, wait_mask;
	pid_t helper, w;
	int st;

	setsid();
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	/* SIGCHLD only interrupts ppoll() below. */
	sa.sa_handler = on_sigchld;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	wait_mask = all;
	sigdelset(&wait_mask, SIGCHLD);
	helper = fork();
	if (helper == 0)
		child_exec(argv, out_fd, err_fd, status_fd, max_bytes);
	if (helper < 0) {
		int e = errno;

		if (write(status_fd, &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	/* Only the helper keeps its stdout, stderr and exec status open. */
	for (int fd = 3; fd < 1024; fd++)
		if (fd != ctl_fd && fd != report_fd)
			close(fd);
	for (;;) {
		struct pollfd pf = { .fd = ctl_fd, .events = POLLIN };

		while ((w = waitpid(-1, &st, WNOHANG)) > 0)
			if (w == helper) {
				/* If we are gone, ctl_fd says so next. */
				ssize_t sent =
					write(report_fd, &st, sizeof(st));

				(void)sent;
			}
		/* SIGCHLD stays pending outside ppoll(): none is missed. */
		if (ppoll(&pf, 1, NULL, &wait_mask) > 0)
			break;
	}
	keeper_kill_all(&wait_mask);
	_exit(0);
}

/* End the keeper, which ends the helper and all it started, and reap it.
 * The keeper's own status stands for the helper's when it reported none. */
static void end_keeper(struct capture *c)
{
	int st = 0;

	if (c->pid <= 0)
		return;
	if (c->ctl_fd >= 0) {
		close(c->ctl_fd);
		c->ctl_fd = -1;
	}
	while (waitpid(c->pid, &st, 0) < 0 && errno == EINTR)
		;
	c->pid = 0;
	if (!c->reported)
		c->status = st;
}

/* One descriptor for the caller to poll: readable when the helper writes
 * or exits, so an exit is seen even while a grandchild holds stdout. */
static enum mp_status watch(struct capture *c, struct mp_error *err)
{
	int fds[2] = { c->out_fd, c->report_fd };

	c->ev_fd = epoll_create1(EPOLL_CLOEXEC);
	if (c->ev_fd < 0)
		return mp_error_set(err, MP_ERR, _("cannot start %s: %s"),
				    c->src->argv[0], strerror(errno));
	for (int i = 0; i < 2; i++) {
		struct epoll_event ev = { .events = EPOLLIN,
					  .data.fd = fds[i] };

		if (fds[i] >= 0 &&
		    epoll_ctl(c->ev_fd, EPOLL_CTL_ADD, fds[i], &ev) != 0)
			return mp_error_set(err, MP_ERR,
					    _("cannot start %s: %s"),
					    c->src->argv[0], strerror(errno));
	}
	return MP_OK;
}

static enum mp_status start_command(struct capture *c, struct mp_error *err)
{
	struct capture_source *s = c->src;
	int out[2] = { -1, -1 }, st[2] = { -1, -1 }, ctl[2] = { -1, -1 },
	    rep[2] = { -1, -1 };
	char **argv;
	bool to_file;
	int e = 0;
	ssize_t r;
	enum mp_status rc;

	if (s->device != NULL && access(s->device, F_OK) != 0)
		return mp_error_set(
			err, MP_ENOENT,
			_("camera %s: %s (set capture.device, or "
			  "capture.source to command, url or file)"),
			s->device, strerror(errno));
	/* No directory unless the helper needs one: nothing to clean up
	 * after an interruption otherwise. */
	to_file = uses_output(s->argv);
	if (to_file) {
		rc = make_tmpdir(c, err);
		if (rc != MP_OK)
			return rc;
	}
	argv = expand_argv(s->argv, c->tmpfile);
	c->err_fd = memfd_create("moodplay-capture-stderr", MFD_CLOEXEC);
	if (c->err_fd < 0 || (!to_file && pipe2(out, O_CLOEXEC) != 0) ||
	    pipe2(st, O_CLOEXEC) != 0 || pipe2(ctl, O_CLOEXEC) != 0 ||
	    pipe2(rep, O_CLOEXEC | O_NONBLOCK) != 0) {
		rc = mp_error_set(err, MP_ERR, _("cannot start %s: %s"),
				  argv[0], strerror(errno));
		goto out;
	}
	c->pid = fork();
	if (c->pid < 0) {
		rc = mp_error_set(err, MP_ERR, _("cannot start %s: %s"),
				  argv[0], strerror(errno));
		goto out;
	}
	if (c->pid == 0)
		keeper(argv, out[1], c->err_fd, st[1], ctl[0], rep[1],
		       s->max_bytes);
	c->ctl_fd = ctl[1];
	ctl[1] = -1;
	c->report_fd = rep[0];
	rep[0] = -1;
	close(st[1]);
	st[1] = -1;
	/* EOF: exec succeeded (the pipe is close-on-exec, and the keeper
	 * closes its copy); else its errno. */
	do
		r = read(st[0], &e, sizeof(e));
	while (r < 0 && errno == EINTR);
	if (r == (ssize_t)sizeof(e)) {
		end_keeper(c);
		rc = mp_error_set(err, e == ENOENT ? MP_ENOENT : MP_ERR,
				  _("cannot run %s: %s"), argv[0], strerror(e));
		goto out;
	}
	if (!to_file) {
		c->out_fd = out[0];
		out[0] = -1;
		fcntl(c->out_fd, F_SETFL,
		      fcntl(c->out_fd, F_GETFL) | O_NONBLOCK);
	}
	rc = watch(c, err);
out:
	for (int i = 0; i < 2; i++) {
		int *fds[] = { &out[i], &st[i], &ctl[i], &rep[i] };

		for (size_t k = 0; k < sizeof(fds) / sizeof(fds[0]); k++)
			if (*fds[k] >= 0)
				close(*fds[k]);
	}
	free_argv(argv);
	return rc;
}

/* The start of the helper's stderr, on one line. */
static void quote_stderr(const struct capture *c, char *buf, size_t size)
{
	ssize_t n = c->err_fd >= 0 ? pread(c->err_fd, buf, size - 1, 0) : -1;

	if (n <= 0) {
		buf[0] = '\0';
		return;
	}
	buf[n] = '\0';
	while (n > 0 &&
	       (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	for (ssize_t i = 0; i < n; i++)
		if (buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\t')
			buf[i] = ' ';
}

static enum mp_status exit_error(const struct capture *c, int status,
				 struct mp_error *err)
{
	char quote[STDERR_QUOTE + 1], how[64];

	quote_stderr(c, quote, sizeof(quote));
	/* RLIMIT_FSIZE stops a helper writing past capture.max_bytes with
	 * SIGXFSZ; a shell in between reports that as 128 + the signal. */
	if ((WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ) ||
	    (WIFEXITED(status) && WEXITSTATUS(status) == 128 + SIGXFSZ))
		snprintf(how, sizeof(how),
			 _("wrote more than capture.max_bytes"));
	else if (WIFEXITED(status))
		snprintf(how, sizeof(how), _("exited with status %d"),
			 WEXITSTATUS(status));
	else
		snprintf(how, sizeof(how), _("was killed by signal %d"),
			 WIFSIGNALED(status) ? WTERMSIG(status) : 0);
	if (quote[0] != '\0')
		return mp_error_set(err, MP_ERR, "%s %s: %s", c->src->argv[0],
				    how, quote);
	return mp_error_set(err, MP_ERR, "%s %s", c->src->argv[0], how);
}

static void kill_helper(struct capture *c)
{
	end_keeper(c);
}

/* Whether buf ends like a whole JPEG (EOI) or PNG (IEND chunk): then a
 * helper that has exited has said all it will. */
static bool image_complete(const uint8_t *buf, size_t len)
{
	static const uint8_t iend[] = { 0,   0,   0,    0,    'I',  'E',
					'N', 'D', 0xAE, 0x42, 0x60, 0x82 };

	if (len >= 4 && buf[0] == 0xFF && buf[1] == 0xD8)
		return buf[len - 2] == 0xFF && buf[len - 1] == 0xD9;
	return len >= 8 + sizeof(iend) && memcmp(buf, "\x89PNG", 4) == 0 &&
	       memcmp(buf + len - sizeof(iend), iend, sizeof(iend)) == 0;
}

/* Whether the keeper has reported the helper's exit (c->status).
 * *failed: it did not exit with 0. */
static bool helper_exited(struct capture *c, bool *failed)
{
	ssize_t r;

	if (!c->reported && c->report_fd >= 0) {
		do
			r = read(c->report_fd, &c->status, sizeof(c->status));
		while (r < 0 && errno == EINTR);
		if (r < 0 && errno == EAGAIN)
			return false;
		/* End of file without a status: the keeper died; its own
		 * status (end_keeper()) says how. */
		c->reported = r == (ssize_t)sizeof(c->status);
		epoll_ctl(c->ev_fd, EPOLL_CTL_DEL, c->report_fd, NULL);
		close(c->report_fd);
		c->report_fd = -1;
		if (!c->reported)
			end_keeper(c);
	}
	*failed = !WIFEXITED(c->status) || WEXITSTATUS(c->status) != 0;
	return true;
}

static enum mp_status step_command(struct capture *c, struct mp_error *err)
{
	bool eof, failed;
	enum mp_status rc;

	if (c->out_fd >= 0) {
		rc = capture_drain(c, c->out_fd, &eof, err);
		if (rc != MP_OK)
			return rc;
		if (eof) {
			close(c->out_fd);
			c->out_fd = -1;
		}
	}
	if (!helper_exited(c, &failed))
		return MP_OK;
	/* Exited with 0, but stdout is still open (a child of the helper
	 * holds it): wait for the rest unless the image is whole. */
	if (!failed && c->out_fd >= 0 && !image_complete(c->buf, c->len))
		return MP_OK;
	end_keeper(c);
	if (failed)
		return exit_error(c, c->status, err);
	if (c->tmpfile != NULL && c->len == 0 &&
	    access(c->tmpfile, F_OK) == 0) {
		rc = capture_read_file(c, c->tmpfile, err);
		if (rc != MP_OK)
			return rc;
	}
	if (c->len == 0) {
		char quote[STDERR_QUOTE + 1];

		quote_stderr(c, quote, sizeof(quote));
		return mp_error_set(err, MP_ERR, _("%s printed no image%s%s"),
				    c->src->argv[0], quote[0] ? ": " : "",
				    quote);
	}
	c->done = true;
	return MP_OK;
}

static int cmd_fd(const struct capture *c)
{
	return c->out_fd >= 0 || c->report_fd >= 0 ? c->ev_fd : -1;
}

static void cmd_release(struct capture *c)
{
	if (c->out_fd >= 0)
		close(c->out_fd);
	if (c->report_fd >= 0)
		close(c->report_fd);
	if (c->err_fd >= 0)
		close(c->err_fd);
	if (c->ev_fd >= 0)
		close(c->ev_fd);
	if (c->tmpfile != NULL)
		unlink(c->tmpfile);
	if (c->tmpdir != NULL && rmdir(c->tmpdir) != 0 && errno == ENOTEMPTY) {
		/* The helper left more than {output}: clear out our own dir. */
		DIR *d = opendir(c->tmpdir);
		struct dirent *e;

		while (d != NULL && (e = readdir(d)) != NULL) {
			char *p;

			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			p = xasprintf("%s/%s", c->tmpdir, e->d_name);
			unlink(p);
			free(p);
		}
		if (d != NULL)
			closedir(d);
		rmdir(c->tmpdir);
	}
	free(c->tmpfile);
	free(c->tmpdir);
}

const struct capture_ops capture_cmd_ops = {
	.source_init = cmd_source_init,
	.start = start_command,
	.step = step_command,
	.fd = cmd_fd,
	.stop = kill_helper,
	.release = cmd_release,
};
