/* moodplay - snapshot sources: helper programs, HTTP(S) URLs, image files. */
#include "config.h"

#include "capture/capture.h"
#include "base/dynlib.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Redirects followed for a snapshot URL: enough for a login or http->https
 * hop, not for a loop. */
#define URL_MAX_REDIRS 3
/* Connecting may take at most this long, within the capture's timeout. */
#define URL_CONNECT_TIMEOUT_MS 3000
/* Bytes of a failed helper's stderr quoted in the error. */
#define STDERR_QUOTE 300
/* Images in a directory source. */
#define DIR_MAX_FILES 10000

enum capture_kind {
	KIND_COMMAND,
	KIND_URL,
	KIND_FILE,
};

struct capture_source {
	enum capture_kind kind;
	char **argv;  /* NULL-terminated, owned */
	char *device; /* source auto: must exist before the helper runs */
	char *url, *user, *password;
	const struct dynlib_curl *curl; /* lent; URL sources only */
	char *path;                     /* file or directory */
	char *save_dir;                 /* "" = keep nothing */
	size_t turn;                    /* next image of a directory */
	int timeout_ms;
	size_t max_bytes;
	char desc[512];
};

struct capture {
	struct capture_source *src;
	long long deadline; /* CLOCK_MONOTONIC ms */
	uint8_t *buf;
	size_t len, cap;
	bool done;
	/* command */
	pid_t pid;
	int out_fd; /* helper's stdout, -1 once at EOF or unused */
	int pid_fd; /* readable when the helper exits; -1 if unsupported */
	int err_fd; /* memfd holding the helper's stderr */
	char *tmpdir, *tmpfile;
	/* url */
	bool thread_started;
	pthread_t thread;
	int sock[2];
	atomic_bool cancel;
	enum mp_status url_rc;
	struct mp_error url_err;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ------------------------------------------------------------ sources */

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

enum mp_status capture_source_new(const struct conf_capture *cc,
				  struct capture_source **out,
				  struct mp_error *err)
{
	struct capture_source *s;
	const struct dynlib_curl *curl = NULL;
	char *prog = NULL;

	*out = NULL;
	/* Here, not at the first transfer: a missing libcurl is a setup
	 * error, reported before anything starts. */
	if (cc->source == CONF_CAPTURE_URL) {
		enum mp_status rc = dynlib_curl(&curl, err);

		if (rc != MP_OK)
			return rc;
	}
	s = xcalloc(1, sizeof(*s));
	s->timeout_ms = (int)(cc->timeout * 1000.0);
	s->save_dir = xstrdup(cc->save_dir);
	s->max_bytes = (size_t)cc->max_bytes;
	switch (cc->source) {
	case CONF_CAPTURE_AUTO:
		s->kind = KIND_COMMAND;
		s->argv = auto_argv(cc, &prog);
		if (s->argv == NULL) {
			free(s);
			return mp_error_set(
				err, MP_ENOENT,
				_("no camera program found: install "
				  "fswebcam or ffmpeg, or set "
				  "capture.source (see moodplay.conf(5))"));
		}
		free(prog);
		s->device = xstrdup(cc->device);
		describe_argv(s, _("camera"));
		break;
	case CONF_CAPTURE_COMMAND:
		if (cc->command.n == 0) {
			free(s);
			return mp_error_set(err, MP_EINVAL,
					    _("capture.command is empty"));
		}
		s->kind = KIND_COMMAND;
		s->argv = argv_dup((const char *const *)cc->command.v,
				   cc->command.n);
		describe_argv(s, _("command"));
		break;
	case CONF_CAPTURE_URL:
		s->kind = KIND_URL;
		s->url = xstrdup(cc->url);
		s->user = xstrdup(cc->url_user);
		s->password = xstrdup(cc->url_password);
		s->curl = curl;
		snprintf(s->desc, sizeof(s->desc), _("URL %s"), s->url);
		break;
	default:
		s->kind = KIND_FILE;
		s->path = xstrdup(cc->file);
		snprintf(s->desc, sizeof(s->desc), _("file %s"), s->path);
		break;
	}
	*out = s;
	return MP_OK;
}

void capture_source_free(struct capture_source *s)
{
	if (s == NULL)
		return;
	for (char **a = s->argv; a != NULL && *a != NULL; a++)
		free(*a);
	free(s->argv);
	free(s->device);
	free(s->url);
	free(s->user);
	free(s->password);
	free(s->path);
	free(s->save_dir);
	free(s);
}

const char *capture_source_describe(const struct capture_source *s)
{
	return s->desc;
}

/* ------------------------------------------------------------ buffer */

/* Append n bytes, refusing to grow past max_bytes. */
static enum mp_status append(struct capture *c, const void *p, size_t n,
			     struct mp_error *err)
{
	if (n > c->src->max_bytes - c->len)
		return mp_error_set(err, MP_ENOMEM,
				    _("%s: the image is over capture.max_bytes "
				      "(%zu bytes)"),
				    c->src->desc, c->src->max_bytes);
	if (c->len + n > c->cap) {
		size_t cap = c->cap ? c->cap : 64 * 1024;
		uint8_t *b;

		while (cap < c->len + n)
			cap *= 2;
		if (cap > c->src->max_bytes)
			cap = c->src->max_bytes;
		b = realloc(c->buf, cap);
		if (b == NULL)
			return mp_error_set(err, MP_ENOMEM, _("out of memory"));
		c->buf = b;
		c->cap = cap;
	}
	memcpy(c->buf + c->len, p, n);
	c->len += n;
	return MP_OK;
}

/* ------------------------------------------------------------ files */

static bool image_name(const char *name)
{
	static const char *const ext[] = { ".jpg", ".jpeg", ".png" };
	size_t n = strlen(name);

	if (name[0] == '.')
		return false;
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		size_t e = strlen(ext[i]);

		if (n > e && strcasecmp(name + n - e, ext[i]) == 0)
			return true;
	}
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The directory's next image in name order, taking turns. */
static enum mp_status next_in_dir(struct capture_source *s, char **path,
				  struct mp_error *err)
{
	DIR *d = opendir(s->path);
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;

	if (d == NULL)
		return mp_error_set(err, errno == ENOENT ? MP_ENOENT : MP_ERR,
				    _("cannot open %s: %s"), s->path,
				    strerror(errno));
	while ((e = readdir(d)) != NULL && n < DIR_MAX_FILES) {
		if (!image_name(e->d_name))
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n == 0) {
		free(names);
		return mp_error_set(err, MP_ENOENT,
				    _("%s has no .jpg, .jpeg or .png images"),
				    s->path);
	}
	qsort(names, n, sizeof(*names), cmp_str);
	*path = xasprintf("%s/%s", s->path, names[s->turn % n]);
	s->turn++;
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return MP_OK;
}

/* Read a whole regular file of at most max_bytes into the buffer. */
static enum mp_status read_file(struct capture *c, const char *path,
				struct mp_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	enum mp_status rc = MP_OK;
	uint8_t chunk[65536];
	ssize_t r;

	if (fd < 0)
		return mp_error_set(err, errno == ENOENT ? MP_ENOENT : MP_ERR,
				    _("cannot open %s: %s"), path,
				    strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return mp_error_set(err, MP_ERR, _("%s is not a regular file"),
				    path);
	}
	if ((unsigned long long)st.st_size > c->src->max_bytes) {
		close(fd);
		return mp_error_set(
			err, MP_ENOMEM,
			_("%s is over capture.max_bytes (%lld > %zu bytes)"),
			path, (long long)st.st_size, c->src->max_bytes);
	}
	while (rc == MP_OK && (r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = mp_error_set(err, MP_ERR, _("cannot read %s: %s"),
					  path, strerror(errno));
			break;
		}
		rc = append(c, chunk, (size_t)r, err);
	}
	close(fd);
	return rc;
}

static enum mp_status start_file(struct capture *c, struct mp_error *err)
{
	struct capture_source *s = c->src;
	struct stat st;
	char *path = NULL;
	enum mp_status rc;

	if (stat(s->path, &st) != 0)
		return mp_error_set(err, errno == ENOENT ? MP_ENOENT : MP_ERR,
				    _("cannot open %s: %s"), s->path,
				    strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		rc = next_in_dir(s, &path, err);
		if (rc != MP_OK)
			return rc;
	}
	rc = read_file(c, path != NULL ? path : s->path, err);
	free(path);
	c->done = rc == MP_OK;
	return rc;
}

/* ------------------------------------------------------------ commands */

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

/* argv with every "{output}" replaced by the temporary file's name. */
static char **expand_argv(char **argv, const char *file, bool *uses)
{
	size_t n = 0;
	char **out;

	*uses = false;
	while (argv[n] != NULL)
		n++;
	out = xcalloc(n + 1, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const char *at = strstr(argv[i], CAPTURE_OUTPUT);

		if (at == NULL) {
			out[i] = xstrdup(argv[i]);
			continue;
		}
		*uses = true;
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

static int open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);

	if (fd >= 0)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
	return fd;
#else
	return -1;
#endif
}

/* Between fork and exec: only async-signal-safe calls.  The helper gets
 * its own process group (so a timeout kills its children too), stdin from
 * /dev/null, umask 077 for the files it creates, and nothing else of ours. */
static void child_exec(char **argv, int out_fd, int err_fd, int status_fd,
		       size_t max_bytes)
{
	struct rlimit rl = { (rlim_t)max_bytes + 1, (rlim_t)max_bytes + 1 };
	int null_fd = open("/dev/null", O_RDWR);
	sigset_t none;
	int e;

	setpgid(0, 0);
	/* A helper starts with default signals, whatever thread forked it
	 * (UI workers run with signals blocked; moodplay ignores SIGPIPE). */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
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

static enum mp_status start_command(struct capture *c, struct mp_error *err)
{
	struct capture_source *s = c->src;
	int out[2] = { -1, -1 }, st[2] = { -1, -1 };
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
	rc = make_tmpdir(c, err);
	if (rc != MP_OK)
		return rc;
	argv = expand_argv(s->argv, c->tmpfile, &to_file);
	c->err_fd = memfd_create("moodplay-capture-stderr", MFD_CLOEXEC);
	if (c->err_fd < 0 || (!to_file && pipe2(out, O_CLOEXEC) != 0) ||
	    pipe2(st, O_CLOEXEC) != 0) {
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
		child_exec(argv, out[1], c->err_fd, st[1], s->max_bytes);
	/* Also here, against the race with the child's own call. */
	setpgid(c->pid, c->pid);
	close(st[1]);
	st[1] = -1;
	/* EOF: exec succeeded (the pipe is close-on-exec); else its errno. */
	do
		r = read(st[0], &e, sizeof(e));
	while (r < 0 && errno == EINTR);
	if (r == (ssize_t)sizeof(e)) {
		waitpid(c->pid, NULL, 0);
		c->pid = 0;
		rc = mp_error_set(err, e == ENOENT ? MP_ENOENT : MP_ERR,
				  _("cannot run %s: %s"), argv[0], strerror(e));
		goto out;
	}
	c->pid_fd = open_pidfd(c->pid);
	if (!to_file) {
		c->out_fd = out[0];
		out[0] = -1;
		fcntl(c->out_fd, F_SETFL,
		      fcntl(c->out_fd, F_GETFL) | O_NONBLOCK);
	}
	rc = MP_OK;
out:
	for (int i = 0; i < 2; i++) {
		if (out[i] >= 0)
			close(out[i]);
		if (st[i] >= 0)
			close(st[i]);
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
	if (c->pid <= 0)
		return;
	kill(-c->pid, SIGKILL);
	kill(c->pid, SIGKILL);
	while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
		;
	c->pid = 0;
}

/* Read what non-blocking fd has into the snapshot buffer: *eof is false
 * when it would block, true at end of file or on a read error. */
static enum mp_status drain(struct capture *c, int fd, bool *eof,
			    struct mp_error *err)
{
	uint8_t chunk[65536];
	enum mp_status rc;

	for (;;) {
		ssize_t r = read(fd, chunk, sizeof(chunk));

		if (r > 0) {
			rc = append(c, chunk, (size_t)r, err);
			if (rc != MP_OK)
				return rc;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		*eof = !(r < 0 && errno == EAGAIN);
		return MP_OK;
	}
}

static enum mp_status step_command(struct capture *c, struct mp_error *err)
{
	bool eof;
	int status;
	pid_t w;
	enum mp_status rc;

	if (c->out_fd >= 0) {
		rc = drain(c, c->out_fd, &eof, err);
		if (rc != MP_OK || !eof)
			return rc;
		close(c->out_fd);
		c->out_fd = -1;
	}
	do
		w = waitpid(c->pid, &status, WNOHANG);
	while (w < 0 && errno == EINTR);
	if (w == 0)
		return MP_OK; /* stdout closed, still running */
	c->pid = 0;
	if (w < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return exit_error(c, w < 0 ? 0 : status, err);
	if (c->tmpfile != NULL && c->len == 0 &&
	    access(c->tmpfile, F_OK) == 0) {
		rc = read_file(c, c->tmpfile, err);
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

/* ------------------------------------------------------------ URLs */

static size_t url_write(char *p, size_t size, size_t n, void *ud)
{
	struct capture *c = ud;
	size_t total = size * n, off = 0;

	while (off < total) {
		ssize_t w;

		if (atomic_load(&c->cancel))
			return 0;
		w = send(c->sock[1], p + off, total - off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return 0;
		off += (size_t)w;
	}
	return total;
}

static int url_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut,
			curl_off_t un)
{
	struct capture *c = ud;

	return atomic_load(&c->cancel) ? 1 : 0;
}

/* The transfer, on its own thread; bytes go to sock[1], whose closing
 * tells the reader it is over. */
static void *url_thread(void *arg)
{
	struct capture *c = arg;
	struct capture_source *s = c->src;
	const struct dynlib_curl *cu = s->curl;
	char errbuf[CURL_ERROR_SIZE] = "";
	CURL *h = cu->easy_init();
	CURLcode cc;
	long code = 0;

	if (h == NULL) {
		c->url_rc = mp_error_set(&c->url_err, MP_ENOMEM,
					 _("out of memory"));
		goto done;
	}
	cu->easy_setopt(h, CURLOPT_URL, s->url);
	cu->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	cu->easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	cu->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	cu->easy_setopt(h, CURLOPT_MAXREDIRS, (long)URL_MAX_REDIRS);
#if LIBCURL_VERSION_NUM >= 0x075500
	cu->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	cu->easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	cu->easy_setopt(h, CURLOPT_PROTOCOLS,
			(long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
	cu->easy_setopt(h, CURLOPT_REDIR_PROTOCOLS,
			(long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	cu->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	cu->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	cu->easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)s->timeout_ms);
	cu->easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
			(long)(s->timeout_ms < URL_CONNECT_TIMEOUT_MS
				       ? s->timeout_ms
				       : URL_CONNECT_TIMEOUT_MS));
	cu->easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)s->max_bytes);
	cu->easy_setopt(h, CURLOPT_FAILONERROR, 1L);
	cu->easy_setopt(h, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION);
	cu->easy_setopt(h, CURLOPT_WRITEFUNCTION, url_write);
	cu->easy_setopt(h, CURLOPT_WRITEDATA, c);
	cu->easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	cu->easy_setopt(h, CURLOPT_XFERINFOFUNCTION, url_progress);
	cu->easy_setopt(h, CURLOPT_XFERINFODATA, c);
	if (*s->user != '\0') {
		cu->easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		cu->easy_setopt(h, CURLOPT_USERNAME, s->user);
		cu->easy_setopt(h, CURLOPT_PASSWORD, s->password);
	}
	cc = cu->easy_perform(h);
	cu->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (cc == CURLE_OK) {
		c->url_rc = MP_OK;
	} else {
		static const struct {
			CURLcode cc;
			enum mp_status rc;
		} map[] = {
			{ CURLE_OPERATION_TIMEDOUT, MP_ETIMEDOUT },
			{ CURLE_COULDNT_CONNECT, MP_ECONN },
			{ CURLE_COULDNT_RESOLVE_HOST, MP_ECONN },
			{ CURLE_FILESIZE_EXCEEDED, MP_ENOMEM },
			{ CURLE_WRITE_ERROR, MP_ENOMEM },
			{ CURLE_LOGIN_DENIED, MP_EAUTH },
		};
		enum mp_status rc = MP_EPROTO;

		for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
			if (map[i].cc == cc)
				rc = map[i].rc;
		if (code == 401 || code == 403)
			rc = MP_EAUTH;
		/* The same words whichever timer fires first, curl's or
		 * capture_step()'s. */
		if (cc == CURLE_OPERATION_TIMEDOUT)
			c->url_rc =
				mp_error_set(&c->url_err, rc,
					     _("%s: no image within %.1f s "
					       "(capture.timeout)"),
					     s->url, s->timeout_ms / 1000.0);
		else if (cc == CURLE_FILESIZE_EXCEEDED)
			c->url_rc =
				mp_error_set(&c->url_err, rc,
					     _("%s: the image is over "
					       "capture.max_bytes (%zu bytes)"),
					     s->url, s->max_bytes);
		else
			c->url_rc = mp_error_set(
				&c->url_err, rc, "%s: %s", s->url,
				errbuf[0] ? errbuf : cu->easy_strerror(cc));
	}
	cu->easy_cleanup(h);
done:
	shutdown(c->sock[1], SHUT_WR);
	return NULL;
}

static enum mp_status start_url(struct capture *c, struct mp_error *err)
{
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, c->sock) != 0)
		return mp_error_set(err, MP_ERR,
				    _("cannot start the transfer: %s"),
				    strerror(errno));
	fcntl(c->sock[0], F_SETFL, fcntl(c->sock[0], F_GETFL) | O_NONBLOCK);
	if (pthread_create(&c->thread, NULL, url_thread, c) != 0)
		return mp_error_set(err, MP_ERR,
				    _("cannot start the transfer: %s"),
				    strerror(errno));
	c->thread_started = true;
	return MP_OK;
}

static void stop_url(struct capture *c)
{
	if (!c->thread_started)
		return;
	atomic_store(&c->cancel, true);
	/* Unblocks a send() stuck on a full socket. */
	shutdown(c->sock[0], SHUT_RDWR);
	pthread_join(c->thread, NULL);
	c->thread_started = false;
}

static enum mp_status step_url(struct capture *c, struct mp_error *err)
{
	bool eof;
	enum mp_status rc;

	rc = drain(c, c->sock[0], &eof, err);
	if (rc != MP_OK || !eof)
		return rc;
	pthread_join(c->thread, NULL);
	c->thread_started = false;
	if (c->url_rc != MP_OK) {
		if (err != NULL)
			*err = c->url_err;
		return c->url_rc;
	}
	if (c->len == 0)
		return mp_error_set(err, MP_EPROTO, _("%s: empty response"),
				    c->src->url);
	c->done = true;
	return MP_OK;
}

/* ------------------------------------------------------------ captures */

enum mp_status capture_start(struct capture_source *s, struct capture **out,
			     struct mp_error *err)
{
	struct capture *c = xcalloc(1, sizeof(*c));
	enum mp_status rc;

	c->src = s;
	c->out_fd = c->pid_fd = c->err_fd = -1;
	c->sock[0] = c->sock[1] = -1;
	c->deadline = now_ms() + s->timeout_ms;
	atomic_init(&c->cancel, false);
	switch (s->kind) {
	case KIND_COMMAND: rc = start_command(c, err); break;
	case KIND_URL: rc = start_url(c, err); break;
	default: rc = start_file(c, err); break;
	}
	if (rc != MP_OK) {
		capture_free(c);
		*out = NULL;
		return rc;
	}
	*out = c;
	return MP_OK;
}

int capture_fd(const struct capture *c)
{
	if (c->done)
		return -1;
	if (c->src->kind == KIND_URL)
		return c->sock[0];
	return c->out_fd >= 0 ? c->out_fd : c->pid_fd;
}

int capture_timeout_ms(const struct capture *c)
{
	long long left = c->deadline - now_ms();

	if (c->done || left < 0)
		return 0;
	/* Without a pidfd the helper's exit is noticed by looking. */
	if (capture_fd(c) < 0 && left > 20)
		return 20;
	return left > INT_MAX ? INT_MAX : (int)left;
}

enum mp_status capture_step(struct capture *c, bool *done, struct mp_error *err)
{
	enum mp_status rc;

	*done = c->done;
	if (c->done)
		return MP_OK;
	rc = c->src->kind == KIND_URL ? step_url(c, err) : step_command(c, err);
	if (rc == MP_OK && !c->done && now_ms() >= c->deadline)
		rc = mp_error_set(err, MP_ETIMEDOUT,
				  _("%s: timed out: no image within %.1f s "
				    "(capture.timeout)"),
				  c->src->kind == KIND_URL ? c->src->url
							   : c->src->argv[0],
				  c->src->timeout_ms / 1000.0);
	*done = c->done || rc != MP_OK;
	if (rc != MP_OK) {
		kill_helper(c);
		stop_url(c);
	}
	return rc;
}

const uint8_t *capture_data(const struct capture *c, size_t *len)
{
	*len = c->len;
	return c->buf;
}

void capture_free(struct capture *c)
{
	if (c == NULL)
		return;
	kill_helper(c);
	stop_url(c);
	for (int i = 0; i < 2; i++)
		if (c->sock[i] >= 0)
			close(c->sock[i]);
	if (c->out_fd >= 0)
		close(c->out_fd);
	if (c->pid_fd >= 0)
		close(c->pid_fd);
	if (c->err_fd >= 0)
		close(c->err_fd);
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
	free(c->buf);
	free(c);
}

enum mp_status capture_keep(const struct capture_source *s, const uint8_t *data,
			    size_t len, char **path, struct mp_error *err)
{
	const char *ext =
		len >= 4 && memcmp(data, "\x89PNG", 4) == 0 ? "png" : "jpg";
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	int fd = -1;
	char *name = NULL;
	size_t off = 0;

	if (path != NULL)
		*path = NULL;
	if (*s->save_dir == '\0')
		return MP_OK;
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	/* A new name every time: never overwrite an earlier snapshot. */
	for (int n = 0; fd < 0 && n < 100; n++) {
		free(name);
		name = n == 0 ? xasprintf("%s/snapshot-%s.%s", s->save_dir,
					  stamp, ext)
			      : xasprintf("%s/snapshot-%s-%d.%s", s->save_dir,
					  stamp, n, ext);
		fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		enum mp_status rc = mp_error_set(
			err, MP_ERR, _("cannot keep the snapshot in %s: %s"),
			s->save_dir, strerror(errno));

		free(name);
		return rc;
	}
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			enum mp_status rc = mp_error_set(
				err, MP_ERR, _("cannot write %s: %s"), name,
				strerror(errno));

			close(fd);
			unlink(name);
			free(name);
			return rc;
		}
		off += (size_t)w;
	}
	close(fd);
	if (path != NULL)
		*path = name;
	else
		free(name);
	return MP_OK;
}

enum mp_status capture_run(struct capture_source *s, bool (*cancel)(void *ud),
			   void *ud, uint8_t **data, size_t *len,
			   struct mp_error *err)
{
	struct capture *c;
	bool done = false;
	enum mp_status rc;

	*data = NULL;
	*len = 0;
	rc = capture_start(s, &c, err);
	while (rc == MP_OK) {
		struct pollfd p = { capture_fd(c), POLLIN, 0 };
		int t = capture_timeout_ms(c);

		rc = capture_step(c, &done, err);
		if (rc != MP_OK || done)
			break;
		if (cancel != NULL && cancel(ud)) {
			rc = mp_error_set(err, MP_ERR, _("capture cancelled"));
			break;
		}
		if (cancel != NULL && t > 50)
			t = 50;
		if (poll(&p, p.fd >= 0 ? 1 : 0, t) < 0 && errno != EINTR)
			rc = mp_error_set(err, MP_ERR, "poll: %s",
					  strerror(errno));
	}
	if (rc == MP_OK) {
		*data = c->buf;
		*len = c->len;
		c->buf = NULL;
	}
	capture_free(c);
	return rc;
}
