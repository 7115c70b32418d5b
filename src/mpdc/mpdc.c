/* moodplay - the MPD connection. */
#include "config.h"

#include "mpdc/mpdc.h"
#include "mpdc/mpdc-internal.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <mpd/async.h>
#include <mpd/client.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* LIBRARY_PAGE: songs per window when listing the whole database.  MPD
 * walks its database from the start for every window: 100k songs took
 * 1.2 s in 1000-song windows and 0.67 s in 4096-song ones (0.55 s with
 * 16384), while a window of 4096 songs (about 4 MB with heavily tagged
 * files) stays well inside MPD's default 8 MiB output buffer. */
enum { RETRY_FIRST_MS = 250, PAGE_DEFAULT = 1000, LIBRARY_PAGE = 4096 };

/* One connection attempt running in a helper thread.  Shared by the thread
 * and the owning struct mpdc until both let go (refs). */
struct attempt {
	pthread_mutex_t lock;
	int refs;
	int pipe_r, pipe_w;
	char *host;
	unsigned port;
	char *password;
	unsigned timeout_ms;
	struct mpd_connection *conn; /* result, NULL on failure */
	enum mp_status rc;
	struct mp_error err;
};

/* The deadline of one request.  libmpdclient's timeout bounds each read,
 * so a server trickling a line at a time could hold a request for ever; a
 * watchdog thread shuts the socket down when a request has taken longer
 * than the timeout, and the blocked read fails at once.  One thread watches
 * every connection of the process: a thread per connection made each new
 * struct mpdc pay for starting and joining one. */
struct deadline {
	struct deadline *next; /* in watch.armed while armed */
	int fd;
	struct timespec at; /* CLOCK_MONOTONIC */
	bool armed, fired;
};

struct mpdc {
	struct mpdc_endpoint ep;
	unsigned timeout_ms;
	unsigned reconnect_max_ms;
	struct mpd_connection *conn;
	struct attempt *attempt;
	bool idle;              /* idle command sent, answer not read */
	mpdc_idle_mask pending; /* events collected by an implicit noidle */
	unsigned failures;      /* consecutive failed attempts */
	char version[32];
	struct deadline deadline; /* of the request under way */
	unsigned depth;           /* public operations under way (nesting) */
};

static struct {
	pthread_once_t once;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct deadline *armed;
	bool running;
} watch = { .once = PTHREAD_ONCE_INIT, .lock = PTHREAD_MUTEX_INITIALIZER };

static bool ts_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec != b->tv_sec ? a->tv_sec < b->tv_sec
				      : a->tv_nsec < b->tv_nsec;
}

static void watch_unlink(struct deadline *d)
{
	for (struct deadline **p = &watch.armed; *p != NULL; p = &(*p)->next)
		if (*p == d) {
			*p = d->next;
			break;
		}
	d->next = NULL;
	d->armed = false;
}

static void *watch_run(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&watch.lock);
	for (;;) {
		struct deadline *first = watch.armed;
		struct timespec now;

		for (struct deadline *d = watch.armed; d != NULL; d = d->next)
			if (ts_before(&d->at, &first->at))
				first = d;
		if (first == NULL) {
			pthread_cond_wait(&watch.cond, &watch.lock);
			continue;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (ts_before(&now, &first->at)) {
			pthread_cond_timedwait(&watch.cond, &watch.lock,
					       &first->at);
			continue;
		}
		shutdown(first->fd, SHUT_RDWR);
		first->fired = true;
		watch_unlink(first);
	}
	return NULL;
}

static void watch_start(void)
{
	pthread_condattr_t ca;
	pthread_attr_t attr;
	pthread_t tid;
	sigset_t all, old;

	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&watch.cond, &ca);
	pthread_condattr_destroy(&ca);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	/* Signals stay with the threads that wait for them. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	watch.running = pthread_create(&tid, &attr, watch_run, NULL) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
}

/* Start (or restart) the deadline of a request on the connection. */
static void deadline_start(struct mpdc *m)
{
	struct deadline *d = &m->deadline;
	struct timespec t;

	if (m->conn == NULL)
		return;
	pthread_once(&watch.once, watch_start);
	if (!watch.running)
		return; /* no overall deadline, still a per-read one */
	clock_gettime(CLOCK_MONOTONIC, &t);
	t.tv_sec += m->timeout_ms / 1000;
	t.tv_nsec += (long)(m->timeout_ms % 1000) * 1000000L;
	if (t.tv_nsec >= 1000000000L) {
		t.tv_sec++;
		t.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&watch.lock);
	d->fd = mpd_connection_get_fd(m->conn);
	d->at = t;
	d->fired = false;
	if (!d->armed) {
		d->next = watch.armed;
		watch.armed = d;
		d->armed = true;
	}
	pthread_cond_signal(&watch.cond);
	pthread_mutex_unlock(&watch.lock);
}

static void deadline_stop(struct mpdc *m)
{
	pthread_mutex_lock(&watch.lock);
	if (m->deadline.armed)
		watch_unlink(&m->deadline);
	pthread_mutex_unlock(&watch.lock);
}

/* Whether the watchdog cut the last request short. */
static bool deadline_passed(const struct mpdc *m)
{
	bool fired;

	pthread_mutex_lock(&watch.lock);
	fired = m->deadline.fired;
	pthread_mutex_unlock(&watch.lock);
	return fired;
}

/* A public operation: the deadline stops when the outermost one returns. */
struct op_scope {
	struct mpdc *m;
};

static struct op_scope op_scope_begin(struct mpdc *m)
{
	m->depth++;
	return (struct op_scope){ m };
}

static void op_scope_end(struct op_scope *s)
{
	if (--s->m->depth == 0)
		deadline_stop(s->m);
}

#define OP_SCOPE(m)                                                        \
	struct op_scope op_scope_ __attribute__((cleanup(op_scope_end))) = \
		op_scope_begin(m)

static char *dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

struct mpdc *mpdc_new(const struct mpdc_endpoint *ep, unsigned timeout_ms,
		      unsigned reconnect_max_ms)
{
	struct mpdc *m = xcalloc(1, sizeof(*m));

	mpdc_endpoint_copy(&m->ep, ep);
	m->timeout_ms = timeout_ms ? timeout_ms : 5000;
	m->reconnect_max_ms = reconnect_max_ms ? reconnect_max_ms : 30000;
	return m;
}

static void attempt_unref(struct attempt *a)
{
	int left;

	pthread_mutex_lock(&a->lock);
	left = --a->refs;
	pthread_mutex_unlock(&a->lock);
	if (left > 0)
		return;
	if (a->conn != NULL)
		mpd_connection_free(a->conn);
	close(a->pipe_r);
	close(a->pipe_w);
	free(a->host);
	free(a->password);
	pthread_mutex_destroy(&a->lock);
	free(a);
}

void mpdc_disconnect(struct mpdc *m)
{
	deadline_stop(m); /* the fd is about to be closed */
	if (m->conn != NULL)
		mpd_connection_free(m->conn);
	m->conn = NULL;
	m->idle = false;
	m->version[0] = '\0';
}

void mpdc_free(struct mpdc *m)
{
	if (m == NULL)
		return;
	mpdc_disconnect(m);
	if (m->attempt != NULL)
		attempt_unref(m->attempt);
	mpdc_endpoint_clear(&m->ep);
	free(m);
}

enum mpdc_state mpdc_state(const struct mpdc *m)
{
	if (m->conn != NULL)
		return MPDC_CONNECTED;
	return m->attempt != NULL ? MPDC_CONNECTING : MPDC_DISCONNECTED;
}

const struct mpdc_endpoint *mpdc_endpoint(const struct mpdc *m)
{
	return &m->ep;
}

const char *mpdc_server_version(const struct mpdc *m)
{
	return m->version;
}

unsigned mpdc_retry_delay_ms(const struct mpdc *m)
{
	unsigned d = RETRY_FIRST_MS;

	if (m->failures == 0)
		return 0;
	for (unsigned i = 1; i < m->failures && d < m->reconnect_max_ms; i++)
		d *= 2;
	return d < m->reconnect_max_ms ? d : m->reconnect_max_ms;
}

/* Copy a message that came from the server or the network into out (size
 * MP_ERROR_MAX) fit for a terminal and a log: control characters (C0, DEL,
 * C1 in UTF-8) become '?', as song tags do, and the password, should it
 * appear, becomes "***". */
static const char *clean_msg(const char *in, const char *secret, char *out)
{
	size_t o = 0, slen = secret != NULL ? strlen(secret) : 0;

	for (const unsigned char *p = (const unsigned char *)in;
	     *p != '\0' && o + 4 < MP_ERROR_MAX;) {
		if (slen > 0 && strncmp((const char *)p, secret, slen) == 0) {
			memcpy(out + o, "***", 3);
			o += 3;
			p += slen;
		} else if (*p < 0x20 || *p == 0x7f) {
			out[o++] = '?';
			p++;
		} else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			out[o++] = '?';
			p += 2;
		} else {
			out[o++] = (char)*p++;
		}
	}
	out[o] = '\0';
	return out;
}

/* The rest of an answer skipped, as mpd_response_finish() does, but
 * failing where that one aborts: libmpdclient leaves a connection
 * "receiving" after a malformed line (or a stray list_OK), and its
 * mpd_response_finish() then asserts that no error is set instead of
 * returning false.  Every command of a command list is skipped; true when
 * the answer ended with OK. */
static bool response_finish(struct mpd_connection *c)
{
	for (;;) {
		struct mpd_pair *p;

		if (mpd_connection_get_error(c) != MPD_ERROR_SUCCESS)
			return false;
		p = mpd_recv_pair(c);
		if (p != NULL) {
			mpd_return_pair(c, p);
			continue;
		}
		/* NULL without an error: the end, a list_OK, or a NULL put
		 * back; the next look says which. */
		if (mpd_connection_get_error(c) != MPD_ERROR_STATE)
			continue;
		/* Nothing left in this command's answer: the whole answer
		 * ended, or the next command's follows. */
		mpd_connection_clear_error(c);
		if (!mpd_response_next(c)) {
			bool ended =
				mpd_connection_get_error(c) == MPD_ERROR_STATE;

			if (ended)
				mpd_connection_clear_error(c);
			return ended;
		}
	}
}

/* Translate the connection's error into an mp_status and message.  Errors
 * the connection cannot recover from drop it (*dead = true). */
static enum mp_status conn_error(struct mpd_connection *c, const char *where,
				 const char *secret, bool *dead,
				 struct mp_error *err)
{
	enum mpd_error e = mpd_connection_get_error(c);
	char clean[MP_ERROR_MAX];
	const char *msg;
	enum mp_status rc;

	*dead = false;
	/* libmpdclient asserts that there is an error to give a message of. */
	if (e == MPD_ERROR_SUCCESS)
		return MP_OK;
	msg = clean_msg(mpd_connection_get_error_message(c), secret, clean);
	switch (e) {
	case MPD_ERROR_SUCCESS: return MP_OK;
	case MPD_ERROR_SERVER: {
		enum mpd_server_error se = mpd_connection_get_server_error(c);

		rc = (se == MPD_SERVER_ERROR_PASSWORD ||
		      se == MPD_SERVER_ERROR_PERMISSION)
			     ? MP_EAUTH
		     : se == MPD_SERVER_ERROR_NO_EXIST ? MP_ENOENT
						       : MP_ERR;
		if (se == MPD_SERVER_ERROR_PASSWORD)
			mp_error_set(err, rc,
				     _("MPD at %s refused the password: %s; "
				       "set the right one with --password, "
				       "MPD_HOST=password@host or "
				       "mpd.password"),
				     where, msg);
		else if (se == MPD_SERVER_ERROR_PERMISSION)
			mp_error_set(
				err, rc,
				_("MPD at %s: permission denied (%s); set a "
				  "password with --password, "
				  "MPD_HOST=password@host or mpd.password"),
				where, msg);
		else
			mp_error_set(err, rc, _("MPD at %s: %s"), where, msg);
		break;
	}
	case MPD_ERROR_TIMEOUT:
		rc = mp_error_set(err, MP_ETIMEDOUT,
				  _("MPD at %s did not answer in time"), where);
		break;
	case MPD_ERROR_MALFORMED:
		rc = mp_error_set(err, MP_EPROTO,
				  _("MPD at %s: protocol error: %s"), where,
				  msg);
		break;
	case MPD_ERROR_RESOLVER:
	case MPD_ERROR_SYSTEM:
	case MPD_ERROR_CLOSED:
		rc = mp_error_set(err, MP_ECONN,
				  _("cannot talk to MPD at %s: %s"), where,
				  msg);
		break;
	case MPD_ERROR_OOM:
	case MPD_ERROR_ARGUMENT:
	case MPD_ERROR_STATE:
	default:
		rc = mp_error_set(err, MP_ERR, _("MPD at %s: %s"), where, msg);
		break;
	}
	if (!mpd_connection_clear_error(c))
		*dead = true;
	return rc;
}

/* Open, authenticate and check one connection.  Runs in either thread. */
static enum mp_status open_connection(const char *host, unsigned port,
				      const char *password, unsigned timeout_ms,
				      const char *where,
				      struct mpd_connection **out,
				      struct mp_error *err)
{
	struct mpd_connection *c = mpd_connection_new(host, port, timeout_ms);
	enum mp_status rc;
	bool dead;

	*out = NULL;
	if (c == NULL)
		return mp_error_set(err, MP_ENOMEM, _("out of memory"));
	if (mpd_connection_get_error(c) != MPD_ERROR_SUCCESS) {
		char clean[MP_ERROR_MAX];

		rc = conn_error(c, where, password, &dead, err);
		if (rc == MP_ECONN)
			mp_error_set(
				err, MP_ECONN,
				_("cannot connect to MPD at %s: %s"), where,
				clean_msg(mpd_connection_get_error_message(c),
					  password, clean));
		mpd_connection_free(c);
		return rc;
	}
	if (password != NULL &&
	    (!mpd_send_password(c, password) || !response_finish(c))) {
		rc = conn_error(c, where, password, &dead, err);
		mpd_connection_free(c);
		return rc;
	}
	*out = c;
	return MP_OK;
}

static void adopt(struct mpdc *m, struct mpd_connection *c)
{
	const unsigned *v = mpd_connection_get_server_version(c);

	m->conn = c;
	m->idle = false;
	m->pending = 0;
	m->failures = 0;
	snprintf(m->version, sizeof(m->version), "%u.%u.%u", v[0], v[1], v[2]);
}

static const char *where(const struct mpdc *m)
{
	return mpdc_endpoint_describe(&m->ep);
}

enum mp_status mpdc_connect(struct mpdc *m, struct mp_error *err)
{
	struct mpd_connection *c;
	enum mp_status rc;

	if (m->conn != NULL)
		return MP_OK;
	rc = open_connection(m->ep.host, m->ep.port, m->ep.password,
			     m->timeout_ms, where(m), &c, err);
	if (rc != MP_OK) {
		m->failures++;
		return rc;
	}
	adopt(m, c);
	return MP_OK;
}

static void *attempt_run(void *arg)
{
	struct attempt *a = arg;
	char where_buf[512];
	struct mpdc_endpoint ep = { .host = a->host, .port = a->port };
	char byte = 1;

	snprintf(where_buf, sizeof(where_buf), "%s",
		 mpdc_endpoint_describe(&ep));
	a->rc = open_connection(a->host, a->port, a->password, a->timeout_ms,
				where_buf, &a->conn, &a->err);
	while (write(a->pipe_w, &byte, 1) < 0 && errno == EINTR)
		;
	attempt_unref(a);
	return NULL;
}

enum mp_status mpdc_connect_start(struct mpdc *m, struct mp_error *err)
{
	struct attempt *a;
	pthread_attr_t attr;
	pthread_t tid;
	int fds[2];

	if (m->conn != NULL || m->attempt != NULL)
		return MP_OK;
	if (pipe(fds) < 0)
		return mp_error_set(err, MP_ERR, _("cannot create a pipe: %s"),
				    strerror(errno));
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	a = xcalloc(1, sizeof(*a));
	pthread_mutex_init(&a->lock, NULL);
	a->refs = 2;
	a->pipe_r = fds[0];
	a->pipe_w = fds[1];
	a->host = dup_or_null(m->ep.host);
	a->port = m->ep.port;
	a->password = dup_or_null(m->ep.password);
	a->timeout_ms = m->timeout_ms;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&tid, &attr, attempt_run, a) != 0) {
		pthread_attr_destroy(&attr);
		a->refs = 1;
		attempt_unref(a);
		return mp_error_set(err, MP_ERR, _("cannot start a thread"));
	}
	pthread_attr_destroy(&attr);
	m->attempt = a;
	return MP_OK;
}

int mpdc_connect_fd(const struct mpdc *m)
{
	return m->attempt != NULL ? m->attempt->pipe_r : -1;
}

enum mp_status mpdc_connect_finish(struct mpdc *m, struct mp_error *err)
{
	struct attempt *a = m->attempt;
	enum mp_status rc;
	char byte;

	if (a == NULL)
		return m->conn != NULL
			       ? MP_OK
			       : mp_error_set(err, MP_ECONN,
					      _("not connected to MPD"));
	/* Blocks only if called before the fd was readable. */
	while (read(a->pipe_r, &byte, 1) < 0 && errno == EINTR)
		;
	rc = a->rc;
	if (rc == MP_OK) {
		adopt(m, a->conn);
		a->conn = NULL;
	} else {
		m->failures++;
		if (err != NULL)
			*err = a->err;
	}
	m->attempt = NULL;
	attempt_unref(a);
	return rc;
}

/* After an operation failed: translate, and drop a dead connection. */
static enum mp_status fail(struct mpdc *m, struct mp_error *err)
{
	bool dead;
	enum mp_status rc =
		conn_error(m->conn, where(m), m->ep.password, &dead, err);

	if (deadline_passed(m)) {
		rc = mp_error_set(
			err, MP_ETIMEDOUT,
			ngettext("MPD at %s did not answer in time (%u ms "
				 "for the whole answer)",
				 "MPD at %s did not answer in time (%u ms "
				 "for the whole answer)",
				 m->timeout_ms),
			where(m), m->timeout_ms);
		dead = true;
	}

	if (rc == MP_OK) /* libmpdclient said no without an error: a bug */
		rc = mp_error_set(err, MP_EPROTO,
				  _("MPD at %s: unexpected answer"), where(m));
	if (dead) {
		mpdc_disconnect(m);
		m->failures = 1;
	}
	return rc;
}

/* Make the connection ready for a command: connected and out of idle. */
static enum mp_status ready(struct mpdc *m, struct mp_error *err)
{
	if (m->conn == NULL)
		return mp_error_set(err, MP_ECONN,
				    _("not connected to MPD at %s"), where(m));
	deadline_start(m);
	if (m->idle) {
		enum mpd_idle ev = mpd_run_noidle(m->conn);

		m->idle = false;
		if (ev == 0 &&
		    mpd_connection_get_error(m->conn) != MPD_ERROR_SUCCESS)
			return fail(m, err);
		m->pending |= ev;
	}
	return MP_OK;
}

/* The body of an operation that is one command answered by OK: call
 * sends it (and reads what comes before the OK). */
#define SIMPLE_OP(call)                                   \
	do {                                              \
		OP_SCOPE(m);                              \
		enum mp_status rc_ = ready(m, err);       \
		if (rc_ != MP_OK)                         \
			return rc_;                       \
		if (!(call) || !response_finish(m->conn)) \
			return fail(m, err);              \
		return MP_OK;                             \
	} while (0)

enum mp_status mpdc_idle_begin(struct mpdc *m, struct mp_error *err)
{
	OP_SCOPE(m);
	enum mp_status rc = ready(m, err);

	if (rc != MP_OK)
		return rc;
	if (!mpd_send_idle(m->conn))
		return fail(m, err);
	deadline_stop(m); /* idle waits as long as it takes */
	m->idle = true;
	return MP_OK;
}

int mpdc_fd(const struct mpdc *m)
{
	return m->conn != NULL ? mpd_connection_get_fd(m->conn) : -1;
}

enum mp_status mpdc_idle_end(struct mpdc *m, mpdc_idle_mask *events,
			     struct mp_error *err)
{
	OP_SCOPE(m);
	enum mpd_idle ev;

	*events = m->pending;
	m->pending = 0;
	if (m->conn == NULL)
		return mp_error_set(err, MP_ECONN,
				    _("not connected to MPD at %s"), where(m));
	if (!m->idle)
		return MP_OK;
	m->idle = false;
	deadline_start(m);
	ev = mpd_recv_idle(m->conn, false);
	if (ev == 0 && mpd_connection_get_error(m->conn) != MPD_ERROR_SUCCESS)
		return fail(m, err);
	*events |= ev;
	return MP_OK;
}

/* ---------------------------------------------------------------- queries */

static enum mpd_tag_type mpd_tag(enum mpdc_tag t)
{
	static const enum mpd_tag_type tags[MPDC_TAG_COUNT] = {
		[MPDC_TAG_ARTIST] = MPD_TAG_ARTIST,
		[MPDC_TAG_ALBUM] = MPD_TAG_ALBUM,
		[MPDC_TAG_TITLE] = MPD_TAG_TITLE,
		[MPDC_TAG_ALBUM_ARTIST] = MPD_TAG_ALBUM_ARTIST,
		[MPDC_TAG_GENRE] = MPD_TAG_GENRE,
		[MPDC_TAG_COMPOSER] = MPD_TAG_COMPOSER,
		[MPDC_TAG_PERFORMER] = MPD_TAG_PERFORMER,
		[MPDC_TAG_FILE] = MPD_TAG_UNKNOWN,
	};

	return (unsigned)t < MPDC_TAG_COUNT ? tags[t] : MPD_TAG_UNKNOWN;
}

/* Add the matches to the search being built ("file" matches the URI). */
static bool add_matches(struct mpd_connection *c,
			const struct mpdc_match *match, size_t nmatch)
{
	for (size_t i = 0; i < nmatch; i++)
		if (match[i].tag == MPDC_TAG_FILE
			    ? !mpd_search_add_uri_constraint(
				      c, MPD_OPERATOR_DEFAULT, match[i].value)
			    : !mpd_search_add_tag_constraint(
				      c, MPD_OPERATOR_DEFAULT,
				      mpd_tag(match[i].tag), match[i].value))
			return false;
	return true;
}

/* The end of a response, after its last item. */
static enum mp_status finish(struct mpdc *m, struct mp_error *err)
{
	if (mpd_connection_get_error(m->conn) != MPD_ERROR_SUCCESS ||
	    !response_finish(m->conn))
		return fail(m, err);
	return MP_OK;
}

/* The start of a bounded listing: not truncated (yet), connected. */
static enum mp_status begin_listing(struct mpdc *m, bool *truncated,
				    struct mp_error *err)
{
	if (truncated != NULL)
		*truncated = false;
	return ready(m, err);
}

/* One more item of a listing bounded to max: whether to keep it (*got
 * counts them all); past max, *truncated says so.  MPD sends the whole
 * answer, so what is over max is read and dropped. */
static bool keep_item(size_t *got, size_t max, bool *truncated)
{
	if ((*got)++ < max)
		return true;
	if (truncated != NULL)
		*truncated = true;
	return false;
}

/* A listing: one command, then its whole answer item by item.  The send
 * function puts the command out; the take function receives one item and
 * keeps it or not (keep()), false after the last one or on an error, which
 * finish() then reports.  The listing holds what both need. */
struct listing {
	/* what the command asks for */
	bool exact, in_queue;
	const char *expression; /* a search's filter, else its match */
	const char *command;    /* for send_plain() */
	enum mpdc_tag tag;
	const struct mpdc_match *match;
	size_t nmatch;
	const char *name; /* a path, a playlist or a song's URI */
	unsigned id;      /* a queue song's id; 0: by name */
	/* where the items go: the ones the take function fills */
	struct mpdc_names *names, *dirs;
	struct mp_song_list *songs;
	struct mpdc_outputs *outputs;
	struct mpdc_song_info *info;
	struct mpdc_status *status;
	struct mpdc_stats *stats;
	/* at most max items kept, got counted */
	size_t max, got;
	bool *truncated;
};

typedef bool listing_send_fn(struct mpd_connection *c, const struct listing *l);
typedef bool listing_take_fn(struct mpd_connection *c, struct listing *l);

static bool keep(struct listing *l)
{
	return keep_item(&l->got, l->max, l->truncated);
}

static enum mp_status run_listing(struct mpdc *m, listing_send_fn *send,
				  listing_take_fn *take, struct listing *l,
				  size_t max, bool *truncated,
				  struct mp_error *err)
{
	OP_SCOPE(m);
	enum mp_status rc = begin_listing(m, truncated, err);

	if (rc != MP_OK)
		return rc;
	l->max = max;
	l->got = 0;
	l->truncated = truncated;
	if (!send(m->conn, l))
		return fail(m, err);
	while (take(m->conn, l))
		;
	return finish(m, err);
}

static char *tag_dup(const struct mpd_song *s, enum mpd_tag_type t)
{
	return dup_or_null(mpd_song_get_tag(s, t, 0));
}

static void song_from_mpd(struct mp_song *out, const struct mpd_song *s,
			  bool in_queue)
{
	out->uri = xstrdup(mpd_song_get_uri(s));
	out->title = tag_dup(s, MPD_TAG_TITLE);
	out->artist = tag_dup(s, MPD_TAG_ARTIST);
	out->album = tag_dup(s, MPD_TAG_ALBUM);
	out->genre = tag_dup(s, MPD_TAG_GENRE);
	out->duration_ms = mpd_song_get_duration_ms(s);
	out->pos = in_queue ? (int)mpd_song_get_pos(s) : -1;
	out->id = in_queue ? mpd_song_get_id(s) : 0;
}

static enum mpdc_play_state play_state(enum mpd_state s)
{
	switch (s) {
	case MPD_STATE_STOP: return MPDC_STOP;
	case MPD_STATE_PLAY: return MPDC_PLAY;
	case MPD_STATE_PAUSE: return MPDC_PAUSE;
	default: return MPDC_UNKNOWN;
	}
}

const char *mpdc_play_state_name(enum mpdc_play_state s)
{
	static const char *const names[] = {
		[MPDC_UNKNOWN] = N_("unknown"),
		[MPDC_STOP] = N_("stopped"),
		[MPDC_PLAY] = N_("playing"),
		[MPDC_PAUSE] = N_("paused"),
	};

	return _(names[s]);
}

static void status_fill(struct mpdc_status *st, const struct mpd_status *s)
{
	memset(st, 0, sizeof(*st));
	st->state = play_state(mpd_status_get_state(s));
	st->volume = mpd_status_get_volume(s);
	st->repeat = mpd_status_get_repeat(s);
	st->random = mpd_status_get_random(s);
	st->single = mpd_status_get_single(s);
	st->consume = mpd_status_get_consume(s);
	st->queue_length = mpd_status_get_queue_length(s);
	st->queue_version = mpd_status_get_queue_version(s);
	st->song_pos = mpd_status_get_song_pos(s);
	st->song_id = mpd_status_get_song_id(s) < 0
			      ? 0
			      : (unsigned)mpd_status_get_song_id(s);
	st->elapsed_ms = mpd_status_get_elapsed_ms(s);
	st->total_ms = mpd_status_get_total_time(s) * 1000u;
	st->kbit_rate = mpd_status_get_kbit_rate(s);
	st->crossfade = mpd_status_get_crossfade(s);
	st->updating_db = mpd_status_get_update_id(s) != 0;
	if (mpd_status_get_error(s) != NULL)
		snprintf(st->error, sizeof(st->error), "%s",
			 mpd_status_get_error(s));
}

/* A command without arguments, by its name in the protocol. */
static bool send_plain(struct mpd_connection *c, const struct listing *l)
{
	return mpd_send_command(c, l->command, NULL);
}

static void stats_fill(struct mpdc_stats *out, const struct mpd_stats *s)
{
	*out = (struct mpdc_stats){
		.songs = mpd_stats_get_number_of_songs(s),
		.artists = mpd_stats_get_number_of_artists(s),
		.albums = mpd_stats_get_number_of_albums(s),
		.uptime_s = mpd_stats_get_uptime(s),
		.playtime_s = mpd_stats_get_play_time(s),
		.db_playtime_s = mpd_stats_get_db_play_time(s),
		.db_update = (long long)mpd_stats_get_db_update_time(s),
	};
}

/* A status or statistics answer: one item, all of the answer. */
static bool take_one(struct mpd_connection *c, struct listing *l)
{
	if (l->status != NULL) {
		struct mpd_status *s = mpd_recv_status(c);

		if (s != NULL && keep(l))
			status_fill(l->status, s);
		if (s != NULL)
			mpd_status_free(s);
	} else {
		struct mpd_stats *s = mpd_recv_stats(c);

		if (s != NULL && keep(l))
			stats_fill(l->stats, s);
		if (s != NULL)
			mpd_stats_free(s);
	}
	return false;
}

/* A status or statistics command and its answer. */
static enum mp_status run_one(struct mpdc *m, struct listing *l,
			      struct mp_error *err)
{
	enum mp_status rc =
		run_listing(m, send_plain, take_one, l, 1, NULL, err);

	return rc == MP_OK && l->got == 0 ? fail(m, err) : rc;
}

enum mp_status mpdc_get_status(struct mpdc *m, struct mpdc_status *st,
			       struct mp_error *err)
{
	struct listing l = { .command = "status", .status = st };

	return run_one(m, &l, err);
}

/* Receive songs until the end of the response; returns how many. */
static enum mp_status recv_songs(struct mpdc *m, bool in_queue,
				 struct mp_song_list *out, unsigned *count,
				 struct mp_error *err)
{
	struct mpd_song *s;

	*count = 0;
	while ((s = mpd_recv_song(m->conn)) != NULL) {
		song_from_mpd(song_list_push(out), s, in_queue);
		mpd_song_free(s);
		(*count)++;
	}
	return finish(m, err);
}

/* Songs [start, end) of the queue, or of a search (listing.exact,
 * .expression or else .match). */
typedef bool window_send_fn(struct mpd_connection *c, const struct listing *l,
			    unsigned start, unsigned end);

static bool send_queue_window(struct mpd_connection *c, const struct listing *l,
			      unsigned start, unsigned end)
{
	(void)l;
	return mpd_send_list_queue_range_meta(c, start, end);
}

static bool send_search_window(struct mpd_connection *c,
			       const struct listing *l, unsigned start,
			       unsigned end)
{
	return mpd_search_db_songs(c, l->exact) &&
	       (l->expression != NULL
			? mpd_search_add_expression(c, l->expression)
			: add_matches(c, l->match, l->nmatch)) &&
	       mpd_search_add_window(c, start, end) && mpd_search_commit(c);
}

/* One window of n songs from start, appended to out; *got how many came. */
static enum mp_status song_window(struct mpdc *m, window_send_fn *send,
				  const struct listing *l, unsigned start,
				  unsigned n, struct mp_song_list *out,
				  unsigned *got, struct mp_error *err)
{
	*got = 0;
	deadline_start(m);
	if (!send(m->conn, l, start, start + n))
		return fail(m, err);
	return recv_songs(m, l->in_queue, out, got, err);
}

/* Windows of page songs from start on, until one comes back short. */
static enum mp_status song_pages(struct mpdc *m, window_send_fn *send,
				 const struct listing *l, unsigned start,
				 unsigned page, struct mp_song_list *out,
				 struct mp_error *err)
{
	unsigned got;
	enum mp_status rc;

	do {
		rc = song_window(m, send, l, start, page, out, &got, err);
		start += got;
	} while (rc == MP_OK && got == page);
	return rc;
}

/* Append the queue from position start on, in pages. */
static enum mp_status queue_from(struct mpdc *m, unsigned start,
				 struct mp_song_list *out, struct mp_error *err)
{
	struct listing l = { .in_queue = true };

	return song_pages(m, send_queue_window, &l, start, PAGE_DEFAULT, out,
			  err);
}

enum mp_status mpdc_queue_list(struct mpdc *m, struct mp_song_list *out,
			       struct mp_error *err)
{
	OP_SCOPE(m);
	enum mp_status rc = ready(m, err);

	return rc != MP_OK ? rc : queue_from(m, 0, out, err);
}

/* status, currentsong and the queue's first page go out as one command
 * list: one round trip where there were three. */
enum mp_status mpdc_get_state(struct mpdc *m, struct mpdc_status *st,
			      struct mp_song *song, bool *found,
			      struct mp_song_list *queue, struct mp_error *err)
{
	OP_SCOPE(m);
	struct mpd_connection *c = m->conn;
	struct mpd_status *s;
	struct mpd_song *cur;
	unsigned got;
	enum mp_status rc = ready(m, err);

	*found = false;
	if (rc != MP_OK)
		return rc;
	if (!mpd_command_list_begin(c, true) || !mpd_send_status(c) ||
	    !mpd_send_current_song(c) ||
	    (queue != NULL &&
	     !mpd_send_list_queue_range_meta(c, 0, PAGE_DEFAULT)) ||
	    !mpd_command_list_end(c) || (s = mpd_recv_status(c)) == NULL)
		return fail(m, err);
	status_fill(st, s);
	mpd_status_free(s);
	if (!mpd_response_next(c))
		return fail(m, err);
	/* Up to the NULL that ends this command's answer (libmpdclient
	 * holds it back after a song), or the next answer reads empty. */
	while ((cur = mpd_recv_song(c)) != NULL) {
		if (!*found)
			song_from_mpd(song, cur, true);
		mpd_song_free(cur);
		*found = true;
	}
	if (queue == NULL)
		rc = finish(m, err);
	else if (mpd_connection_get_error(c) != MPD_ERROR_SUCCESS ||
		 !mpd_response_next(c))
		rc = fail(m, err);
	else if ((rc = recv_songs(m, true, queue, &got, err)) == MP_OK &&
		 got == PAGE_DEFAULT)
		rc = queue_from(m, got, queue, err);
	if (rc != MP_OK && *found) {
		song_clear(song);
		*found = false;
	}
	return rc;
}

void mpdc_queue_sync_init(struct mpdc_queue_sync *q)
{
	memset(q, 0, sizeof(*q));
	q->current.pos = -1;
}

void mpdc_queue_sync_clear(struct mpdc_queue_sync *q)
{
	song_clear(&q->current);
	free(q->changes);
	song_list_clear(&q->songs);
	q->changes = NULL;
	q->n_changes = q->cap_changes = 0;
	q->found = false;
}

/* The next position and id of a plchangesposid answer.  Not
 * mpd_recv_queue_change_brief(): that one asserts (aborts the program) when
 * a "cpos" line is not followed by an "Id" one.  Here such a position, and
 * a number out of range, is skipped. */
static bool recv_posid(struct mpd_connection *c, struct mpdc_posid *out)
{
	struct mpd_pair *p;
	bool have_pos = false;

	while ((p = mpd_recv_pair(c)) != NULL) {
		bool is_pos = strcmp(p->name, "cpos") == 0;
		bool is_id = strcmp(p->name, "Id") == 0;
		char *end;
		unsigned long v;

		errno = 0;
		v = strtoul(p->value, &end, 10);
		mpd_return_pair(c, p);
		if ((!is_pos && !is_id) || errno != 0 || end == p->value ||
		    v > UINT_MAX) {
			have_pos = false;
			continue;
		}
		if (is_pos) {
			out->pos = (unsigned)v;
			have_pos = true;
		} else if (have_pos) {
			out->id = (unsigned)v;
			return true;
		}
	}
	return false;
}

static enum mp_status queue_sync_once(struct mpdc *m, struct mpdc_queue_sync *q,
				      bool window, struct mp_error *err)
{
	struct mpd_connection *c = m->conn;
	struct mpd_status *s;
	struct mpd_song *cur;
	struct mpdc_posid change;
	unsigned got;

	if (!mpd_command_list_begin(c, true) || !mpd_send_status(c) ||
	    !mpd_send_current_song(c) ||
	    (q->with_changes && !mpd_send_queue_changes_brief(c, q->since)) ||
	    (window && !mpd_send_list_queue_range_meta(c, q->start, q->end)) ||
	    !mpd_command_list_end(c) || (s = mpd_recv_status(c)) == NULL)
		return fail(m, err);
	status_fill(&q->st, s);
	mpd_status_free(s);
	if (!mpd_response_next(c))
		return fail(m, err);
	while ((cur = mpd_recv_song(c)) != NULL) {
		if (!q->found)
			song_from_mpd(&q->current, cur, true);
		mpd_song_free(cur);
		q->found = true;
	}
	if (mpd_connection_get_error(c) != MPD_ERROR_SUCCESS)
		return fail(m, err);
	if (q->with_changes) {
		if (!mpd_response_next(c))
			return fail(m, err);
		while (recv_posid(c, &change)) {
			if (q->n_changes == q->cap_changes) {
				q->cap_changes = q->cap_changes
							 ? 2 * q->cap_changes
							 : 64;
				q->changes = xreallocarray(q->changes,
							   q->cap_changes,
							   sizeof(*q->changes));
			}
			q->changes[q->n_changes++] = change;
		}
		if (mpd_connection_get_error(c) != MPD_ERROR_SUCCESS)
			return fail(m, err);
	}
	if (!window)
		return finish(m, err);
	if (!mpd_response_next(c))
		return fail(m, err);
	return recv_songs(m, true, &q->songs, &got, err);
}

enum mp_status mpdc_queue_sync(struct mpdc *m, struct mpdc_queue_sync *q,
			       struct mp_error *err)
{
	OP_SCOPE(m);
	bool window = q->end > q->start;
	enum mp_status rc = ready(m, err);

	if (rc != MP_OK)
		return rc;
	rc = queue_sync_once(m, q, window, err);
	/* The queue shrank below the window since the caller last looked:
	 * MPD refuses the whole list.  The rest of the look still counts. */
	if (rc != MP_OK && rc != MP_EAUTH && window && m->conn != NULL) {
		mpdc_queue_sync_clear(q);
		deadline_start(m);
		rc = queue_sync_once(m, q, false, err);
	}
	if (rc != MP_OK)
		mpdc_queue_sync_clear(q);
	return rc;
}

enum mp_status mpdc_library_list(struct mpdc *m, unsigned page_size,
				 struct mp_song_list *out, struct mp_error *err)
{
	OP_SCOPE(m);
	/* A windowed search over every song: each answer stays far below
	 * MPD's max_output_buffer_size, unlike one listallinfo. */
	struct listing l = { .exact = true, .expression = "(base \"\")" };
	enum mp_status rc = ready(m, err);

	if (rc != MP_OK)
		return rc;
	return song_pages(m, send_search_window, &l, 0,
			  page_size != 0 ? page_size : LIBRARY_PAGE, out, err);
}

/* ---------------------------------------------------------------- browsing */

enum { FIND_PAGE = 4096 };

void mpdc_names_init(struct mpdc_names *l)
{
	memset(l, 0, sizeof(*l));
}

void mpdc_names_clear(struct mpdc_names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	mpdc_names_init(l);
}

static void names_push(struct mpdc_names *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = xstrdup(s);
}

static void song_info_fill(struct mpdc_song_info *out, const struct mpd_song *s)
{
	const struct mpd_audio_format *af = mpd_song_get_audio_format(s);

	out->uri = xstrdup(mpd_song_get_uri(s));
	out->duration_ms = mpd_song_get_duration_ms(s);
	out->modified = (long long)mpd_song_get_last_modified(s);
	for (int t = 0; t < MPD_TAG_COUNT; t++) {
		const char *v;

		for (unsigned k = 0;
		     (v = mpd_song_get_tag(s, (enum mpd_tag_type)t, k)) != NULL;
		     k++) {
			names_push(&out->names,
				   mpd_tag_name((enum mpd_tag_type)t));
			names_push(&out->values, v);
		}
	}
	out->format[0] = '\0';
	if (af != NULL && af->sample_rate > 0)
		snprintf(out->format, sizeof(out->format),
			 ngettext("%u Hz, %u bit, %u channel",
				  "%u Hz, %u bit, %u channels", af->channels),
			 (unsigned)af->sample_rate, (unsigned)af->bits,
			 (unsigned)af->channels);
}

static bool send_tag_values(struct mpd_connection *c, const struct listing *l)
{
	/* "list file" has no tag type in libmpdclient: sent by hand. */
	if (l->tag == MPDC_TAG_FILE)
		return mpd_send_command(c, "list", "file", NULL);
	return mpd_search_db_tags(c, mpd_tag(l->tag)) &&
	       add_matches(c, l->match, l->nmatch) && mpd_search_commit(c);
}

static bool take_tag_value(struct mpd_connection *c, struct listing *l)
{
	struct mpd_pair *pair = l->tag == MPDC_TAG_FILE
					? mpd_recv_pair_named(c, "file")
					: mpd_recv_pair_tag(c, mpd_tag(l->tag));

	if (pair == NULL)
		return false;
	if (keep(l))
		names_push(l->names, pair->value);
	mpd_return_pair(c, pair);
	return true;
}

enum mp_status mpdc_tag_values(struct mpdc *m, enum mpdc_tag tag,
			       const struct mpdc_match *match, size_t nmatch,
			       size_t max, struct mpdc_names *out,
			       bool *truncated, struct mp_error *err)
{
	struct listing l = {
		.tag = tag, .match = match, .nmatch = nmatch, .names = out
	};

	return run_listing(m, send_tag_values, take_tag_value, &l, max,
			   truncated, err);
}

/* find (exact) or search (a case-insensitive substring), windowed. */
static enum mp_status songs_matching(struct mpdc *m, bool exact,
				     const struct mpdc_match *match,
				     size_t nmatch, size_t max,
				     struct mp_song_list *out, bool *truncated,
				     struct mp_error *err)
{
	OP_SCOPE(m);
	struct listing l = { .exact = exact, .match = match, .nmatch = nmatch };
	unsigned start = 0, got, want;
	enum mp_status rc = begin_listing(m, truncated, err);

	if (rc != MP_OK)
		return rc;
	/* Windows of FIND_PAGE, asking for one song past max to know whether
	 * there are more. */
	do {
		size_t left = max - start;

		want = left < FIND_PAGE ? (unsigned)left + 1 : FIND_PAGE;
		rc = song_window(m, send_search_window, &l, start, want, out,
				 &got, err);
		if (rc != MP_OK)
			return rc;
		start += got;
	} while (got == want && start <= max);
	if (start > max) {
		song_clear(&out->items[--out->n]);
		if (truncated != NULL)
			*truncated = true;
	}
	return MP_OK;
}

enum mp_status mpdc_find_songs(struct mpdc *m, const struct mpdc_match *match,
			       size_t nmatch, size_t max,
			       struct mp_song_list *out, bool *truncated,
			       struct mp_error *err)
{
	return songs_matching(m, true, match, nmatch, max, out, truncated, err);
}

enum mp_status mpdc_search_songs(struct mpdc *m, const struct mpdc_match *match,
				 size_t nmatch, size_t max,
				 struct mp_song_list *out, bool *truncated,
				 struct mp_error *err)
{
	return songs_matching(m, false, match, nmatch, max, out, truncated,
			      err);
}

static bool send_list_meta(struct mpd_connection *c, const struct listing *l)
{
	return mpd_send_list_meta(c, l->name);
}

/* A directory or a song, in the order MPD lists them; nothing else. */
static bool take_dir_entry(struct mpd_connection *c, struct listing *l)
{
	struct mpd_entity *e = mpd_recv_entity(c);
	enum mpd_entity_type t;

	if (e == NULL)
		return false;
	t = mpd_entity_get_type(e);
	if ((t == MPD_ENTITY_TYPE_DIRECTORY || t == MPD_ENTITY_TYPE_SONG) &&
	    keep(l)) {
		if (t == MPD_ENTITY_TYPE_DIRECTORY)
			names_push(l->dirs,
				   mpd_directory_get_path(
					   mpd_entity_get_directory(e)));
		else
			song_from_mpd(song_list_push(l->songs),
				      mpd_entity_get_song(e), false);
	}
	mpd_entity_free(e);
	return true;
}

enum mp_status mpdc_list_dir(struct mpdc *m, const char *path, size_t max,
			     struct mpdc_names *dirs,
			     struct mp_song_list *songs, bool *truncated,
			     struct mp_error *err)
{
	struct listing l = { .name = path, .dirs = dirs, .songs = songs };

	return run_listing(m, send_list_meta, take_dir_entry, &l, max,
			   truncated, err);
}

/* Add to the queue by the command send puts out; *added from the queue's
 * length before and after. */
static enum mp_status add_songs(struct mpdc *m, listing_send_fn *send,
				const struct listing *l, unsigned *added,
				struct mp_error *err)
{
	OP_SCOPE(m);
	struct mpdc_status st;
	unsigned old_len;
	enum mp_status rc;

	*added = 0;
	rc = mpdc_get_status(m, &st, err);
	if (rc != MP_OK)
		return rc;
	old_len = st.queue_length;
	if (!send(m->conn, l) || !response_finish(m->conn))
		return fail(m, err);
	rc = mpdc_get_status(m, &st, err);
	if (rc != MP_OK)
		return rc;
	*added = st.queue_length > old_len ? st.queue_length - old_len : 0;
	return MP_OK;
}

static bool send_add_matching(struct mpd_connection *c, const struct listing *l)
{
	return mpd_search_add_db_songs(c, true) &&
	       add_matches(c, l->match, l->nmatch) && mpd_search_commit(c);
}

static bool send_add(struct mpd_connection *c, const struct listing *l)
{
	return mpd_send_add(c, l->name);
}

enum mp_status mpdc_add_matching(struct mpdc *m, const struct mpdc_match *match,
				 size_t nmatch, unsigned *added,
				 struct mp_error *err)
{
	struct listing l = { .match = match, .nmatch = nmatch };

	*added = 0;
	if (nmatch == 0)
		return mp_error_set(err, MP_EINVAL, _("nothing to match"));
	return add_songs(m, send_add_matching, &l, added, err);
}

enum mp_status mpdc_add_uri(struct mpdc *m, const char *uri, unsigned *added,
			    struct mp_error *err)
{
	struct listing l = { .name = uri };

	return add_songs(m, send_add, &l, added, err);
}

enum mp_status mpdc_db_update_time(struct mpdc *m, long long *out,
				   struct mp_error *err)
{
	struct mpdc_stats st;
	enum mp_status rc = mpdc_stats(m, &st, err);

	*out = rc == MP_OK ? st.db_update : 0;
	return rc;
}

enum mp_status mpdc_update_db(struct mpdc *m, struct mp_error *err)
{
	SIMPLE_OP(mpd_send_update(m->conn, NULL) &&
		  mpd_recv_update_id(m->conn) != 0);
}

/* ---------------------------------------------------------------- changes */

/* The queue with its song ids, as one version of it: status, the songs in
 * pages, and status again until the version did not move in between. */
static enum mp_status queue_snapshot(struct mpdc *m, struct mpdc_status *st,
				     struct mp_song_list *q,
				     struct mp_error *err)
{
	for (int attempt = 0; attempt < 3; attempt++) {
		struct mpdc_status st2;
		enum mp_status rc = mpdc_get_status(m, st, err);

		if (rc == MP_OK)
			rc = queue_from(m, 0, q, err);
		if (rc == MP_OK)
			rc = mpdc_get_status(m, &st2, err);
		if (rc != MP_OK)
			return rc;
		if (st2.queue_version == st->queue_version &&
		    q->n == st->queue_length)
			return MP_OK;
		song_list_clear(q);
	}
	return mp_error_set(
		err, MP_ERR,
		_("MPD at %s: the queue kept changing while moodplay read it"),
		where(m));
}

/* What one queue change needs to know: the queue it was planned on, how
 * many of its first songs stay, the new songs and the ids MPD gave them. */
struct qedit {
	const struct mp_song_list *old;
	size_t keep;
	const char *const *uris;
	size_t n;
	unsigned *added;
	size_t nadded;
};

/* Take back an edit by ids: remove the songs it added, put back the first
 * ndeleted of the songs it removed at their old positions.  A best effort
 * on a healthy connection; false (with err) if MPD refused. */
static bool qedit_undo(struct mpdc *m, const struct qedit *e, size_t ndeleted,
		       struct mp_error *err)
{
	struct mpd_connection *c = m->conn;
	bool ok;

	if (c == NULL)
		return false;
	if (e->nadded == 0 && ndeleted == 0)
		return true;
	deadline_start(m);
	ok = mpd_command_list_begin(c, false);
	for (size_t i = 0; ok && i < e->nadded; i++)
		ok = mpd_send_delete_id(c, e->added[i]);
	for (size_t i = 0; ok && i < ndeleted; i++)
		ok = mpd_send_add_id_to(c, e->old->items[e->keep + i].uri,
					(unsigned)(e->keep + i));
	ok = ok && mpd_command_list_end(c) && response_finish(c);
	if (!ok)
		fail(m, err);
	return ok;
}

static bool same_ids(const struct mp_song_list *a, const struct mp_song_list *b,
		     size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a->items[i].id != b->items[i].id)
			return false;
	return true;
}

static bool has_id(const struct mp_song_list *l, unsigned id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].id == id)
			return true;
	return false;
}

/* The answer to the change was lost (timeout, dropped connection): look at
 * the queue on a new connection and say what really happened.  MPD runs a
 * command list as one step, so the queue is either as read, or changed as
 * planned, or shows only the adds of a list that stopped early (undone
 * here); anything else is reported as unknown, never as "unchanged". */
static enum mp_status qedit_lost_answer(struct mpdc *m, const struct qedit *e,
					enum mp_status lost,
					struct mp_error *err)
{
	struct mp_song_list now;
	struct mpdc_status st;
	struct mp_error e2;
	bool unknown = false;
	const struct mp_song_list *old = e->old;
	size_t extra;
	bool applied;
	enum mp_status rc;

	mpdc_disconnect(m);
	song_list_init(&now);
	if (mpdc_connect(m, &e2) != MP_OK ||
	    queue_snapshot(m, &st, &now, &e2) != MP_OK) {
		song_list_clear(&now);
		return mp_error_set(err, lost,
				    _("MPD at %s stopped answering after the "
				      "queue change was sent; whether it "
				      "applied the change is unknown (%s)"),
				    where(m), e2.msg);
	}
	applied = now.n == e->keep + e->n && same_ids(&now, old, e->keep);
	for (size_t i = e->keep; applied && i < now.n; i++)
		applied = strcmp(now.items[i].uri, e->uris[i - e->keep]) == 0 &&
			  !has_id(old, now.items[i].id);
	extra = now.n > old->n ? now.n - old->n : 0;
	if (now.n == old->n && same_ids(&now, old, old->n)) {
		rc = mp_error_set(err, lost,
				  _("MPD at %s did not answer in time; the "
				    "queue is unchanged"),
				  where(m));
	} else if (applied) {
		rc = mp_error_set(err, MP_OK,
				  _("MPD at %s answered late, but applied the "
				    "queue change"),
				  where(m));
	} else if (extra > 0 && extra <= e->n && same_ids(&now, old, old->n)) {
		struct qedit partial = *e;
		bool prefix = true;

		for (size_t i = 0; prefix && i < extra; i++)
			prefix = strcmp(now.items[old->n + i].uri,
					e->uris[i]) == 0;
		partial.added = xcalloc(extra, sizeof(*partial.added));
		partial.nadded = extra;
		for (size_t i = 0; i < extra; i++)
			partial.added[i] = now.items[old->n + i].id;
		if (prefix && qedit_undo(m, &partial, 0, &e2))
			rc = mp_error_set(err, lost,
					  _("MPD at %s did not answer in time; "
					    "the songs it had added were "
					    "removed, the queue is unchanged"),
					  where(m));
		else
			unknown = true;
		free(partial.added);
	} else {
		unknown = true;
	}
	if (unknown)
		rc = mp_error_set(err, lost,
				  ngettext("MPD at %s did not answer in time "
					   "and the queue has changed since "
					   "(%zu song now, %zu before); "
					   "moodplay cannot tell by whom",
					   "MPD at %s did not answer in time "
					   "and the queue has changed since "
					   "(%zu songs now, %zu before); "
					   "moodplay cannot tell by whom",
					   now.n),
				  where(m), now.n, old->n);
	song_list_clear(&now);
	return rc;
}

static enum mp_status changed_by_other(struct mpdc *m, struct mp_error *err)
{
	return mp_error_set(err, MP_ERR,
			    _("MPD at %s: queue changed by another client, "
			      "nothing done"),
			    where(m));
}

/* Send the edit as one command list (list_OK, so each answer can be read):
 *   playlistid of every song read   guards: all still there, or nothing runs
 *   addid of every new song         ids of what was added, for an undo
 *   deleteid of the songs replaced  only what was read, never by position
 *   play or pause                   optional
 *   status                          the length after: nobody added meanwhile
 * MPD runs a command list as one step, so no other client can come between
 * the guards and the edit; only an addition between the read and the list
 * gets past the guards, and the final length shows it. */
static enum mp_status qedit_run(struct mpdc *m, struct qedit *e, bool guard,
				int play_pos, bool resume, struct mp_error *err)
{
	struct mpd_connection *c = m->conn;
	const struct mp_song_list *old = e->old;
	size_t nguard = guard ? old->n : 0, ndel = old->n - e->keep;
	size_t nplay = play_pos >= 0 || resume ? 1 : 0;
	struct mpd_status *s = NULL;
	unsigned len_after = 0;
	bool ok;

	deadline_start(m);
	ok = mpd_command_list_begin(c, true);
	for (size_t i = 0; ok && i < nguard; i++)
		ok = mpd_send_get_queue_song_id(c, old->items[i].id);
	for (size_t i = 0; ok && i < e->n; i++)
		ok = mpd_send_add_id(c, e->uris[i]);
	for (size_t i = e->keep; ok && i < old->n; i++)
		ok = mpd_send_delete_id(c, old->items[i].id);
	if (ok && play_pos >= 0)
		ok = mpd_send_play_pos(c, (unsigned)play_pos);
	else if (ok && resume)
		ok = mpd_send_pause(c, false);
	ok = ok && mpd_send_status(c) && mpd_command_list_end(c);

	for (size_t i = 0; ok && i < nguard; i++)
		ok = mpd_response_next(c);
	while (ok && e->nadded < e->n) {
		int id = mpd_recv_song_id(c); /* -1: none, or an error */

		ok = id >= 0 && mpd_response_next(c);
		if (id >= 0)
			e->added[e->nadded++] = (unsigned)id;
	}
	for (size_t i = 0; ok && i < ndel + nplay; i++)
		ok = mpd_response_next(c);
	if (ok && (s = mpd_recv_status(c)) != NULL) {
		len_after = mpd_status_get_queue_length(s);
		mpd_status_free(s);
	}
	if (s != NULL && response_finish(c)) {
		if (!guard || len_after == e->keep + e->n)
			return MP_OK;
		/* Songs came in between the read and the list: put the queue
		 * back as it was, with them. */
		if (qedit_undo(m, e, ndel, err))
			return changed_by_other(m, err);
		mp_error_prefix(err,
				_("another client changed the queue meanwhile "
				  "and moodplay could not undo its change"));
		return MP_ERR;
	}

	if (mpd_connection_get_error(c) == MPD_ERROR_SERVER) {
		size_t at = mpd_connection_get_server_error_location(c);
		enum mp_status rc = fail(m, err);
		struct mp_error e2;

		if (at < nguard)
			return changed_by_other(m, err);
		if (at < nguard + e->n) {
			if (!qedit_undo(m, e, 0, &e2)) {
				mp_error_prefix(err,
						_("could not undo a partial "
						  "queue change (%s)"),
						e2.msg);
				return rc;
			}
			mp_error_prefix(err,
					_("queue left unchanged: cannot add "
					  "'%s'"),
					e->uris[at - nguard]);
			return rc;
		}
		if (at < nguard + e->n + ndel) {
			size_t done = at - nguard - e->n;

			if (!qedit_undo(m, e, done, &e2))
				mp_error_prefix(err,
						_("the queue is partly changed "
						  "(%s)"),
						e2.msg);
			else
				mp_error_prefix(err, _("queue left unchanged"));
			return rc;
		}
		/* Only play (or the final status) failed: the queue is new. */
		return rc;
	}
	{
		enum mp_status rc = fail(m, err);

		if (rc == MP_ETIMEDOUT || rc == MP_ECONN || rc == MP_EPROTO ||
		    m->conn == NULL)
			return qedit_lost_answer(m, e, rc, err);
		return rc;
	}
}

enum mp_status mpdc_queue_apply(struct mpdc *m, enum mpdc_queue_mode mode,
				const char *const *uris, size_t n, bool play,
				struct mp_error *err)
{
	OP_SCOPE(m);
	struct mpdc_status st;
	struct mp_song_list old;
	struct qedit e = { .uris = uris, .n = n };
	int play_pos = -1;
	bool playing, resume = false;
	enum mp_status rc;

	if (err != NULL) {
		err->code = MP_OK;
		err->msg[0] = '\0';
	}
	song_list_init(&old);
	rc = ready(m, err);
	if (rc == MP_OK)
		rc = queue_snapshot(m, &st, &old, err);
	if (rc != MP_OK) {
		song_list_clear(&old);
		return rc;
	}
	playing = (st.state == MPDC_PLAY || st.state == MPDC_PAUSE) &&
		  st.song_pos >= 0 && (size_t)st.song_pos < old.n;
	switch (mode) {
	case MPDC_QUEUE_APPEND: e.keep = old.n; break;
	case MPDC_QUEUE_REPLACE_UPCOMING:
		e.keep = playing ? (size_t)st.song_pos + 1 : 0;
		break;
	case MPDC_QUEUE_REPLACE: e.keep = 0; break;
	}
	if (play && n > 0) {
		/* A kept song that is playing goes on; a paused one resumes;
		 * otherwise playback starts with the first new song. */
		bool kept_current = playing && (size_t)st.song_pos < e.keep;

		if (!kept_current)
			play_pos = (int)e.keep;
		else
			resume = st.state == MPDC_PAUSE;
	}
	e.old = &old;
	e.added = xcalloc(n ? n : 1, sizeof(*e.added));
	/* Appending removes nothing, so it needs no guard. */
	rc = qedit_run(m, &e, mode != MPDC_QUEUE_APPEND, play_pos, resume, err);
	free(e.added);
	song_list_clear(&old);
	return rc;
}

enum mp_status mpdc_play(struct mpdc *m, int pos, struct mp_error *err)
{
	SIMPLE_OP(pos < 0 ? mpd_send_play(m->conn)
			  : mpd_send_play_pos(m->conn, (unsigned)pos));
}

enum mp_status mpdc_toggle_pause(struct mpdc *m, struct mp_error *err)
{
	SIMPLE_OP(mpd_send_toggle_pause(m->conn));
}

enum mp_status mpdc_stop(struct mpdc *m, struct mp_error *err)
{
	SIMPLE_OP(mpd_send_stop(m->conn));
}

enum mp_status mpdc_next(struct mpdc *m, struct mp_error *err)
{
	SIMPLE_OP(mpd_send_next(m->conn));
}

enum mp_status mpdc_previous(struct mpdc *m, struct mp_error *err)
{
	SIMPLE_OP(mpd_send_previous(m->conn));
}

enum mp_status mpdc_seek(struct mpdc *m, int seconds, bool relative,
			 struct mp_error *err)
{
	SIMPLE_OP(mpd_send_seek_current(m->conn, (float)seconds, relative));
}

enum mp_status mpdc_set_volume(struct mpdc *m, int volume, bool relative,
			       struct mp_error *err)
{
	if (!relative && (volume < 0 || volume > 100))
		return mp_error_set(err, MP_EINVAL,
				    _("volume %d is not in 0-100"), volume);
	SIMPLE_OP(relative ? mpd_send_change_volume(m->conn, volume)
			   : mpd_send_set_volume(m->conn, (unsigned)volume));
}

enum mp_status mpdc_set_flag(struct mpdc *m, enum mpdc_flag flag, bool on,
			     struct mp_error *err)
{
	SIMPLE_OP(flag == MPDC_REPEAT   ? mpd_send_repeat(m->conn, on)
		  : flag == MPDC_RANDOM ? mpd_send_random(m->conn, on)
		  : flag == MPDC_SINGLE ? mpd_send_single(m->conn, on)
					: mpd_send_consume(m->conn, on));
}

enum mp_status mpdc_delete(struct mpdc *m, unsigned pos, struct mp_error *err)
{
	SIMPLE_OP(mpd_send_delete(m->conn, pos));
}

enum mp_status mpdc_move(struct mpdc *m, unsigned from, unsigned to,
			 struct mp_error *err)
{
	SIMPLE_OP(mpd_send_move(m->conn, from, to));
}

enum mp_status mpdc_move_range(struct mpdc *m, unsigned from, unsigned n,
			       unsigned to, struct mp_error *err)
{
	if (n == 0)
		return MP_OK;
	SIMPLE_OP(mpd_send_move_range(m->conn, from, from + n, to));
}

enum mp_status mpdc_clear(struct mpdc *m, struct mp_error *err)
{
	SIMPLE_OP(mpd_send_clear(m->conn));
}

enum mp_status mpdc_shuffle(struct mpdc *m, struct mp_error *err)
{
	SIMPLE_OP(mpd_send_shuffle(m->conn));
}

enum mp_status mpdc_set_crossfade(struct mpdc *m, unsigned seconds,
				  struct mp_error *err)
{
	SIMPLE_OP(mpd_send_crossfade(m->conn, seconds));
}

/* ---------------------------------------------------------------- playlists */

static int names_cmp(const void *a, const void *b)
{
	return strcoll(*(char *const *)a, *(char *const *)b);
}

static bool take_playlist(struct mpd_connection *c, struct listing *l)
{
	struct mpd_playlist *pl = mpd_recv_playlist(c);

	if (pl == NULL)
		return false;
	if (keep(l))
		names_push(l->names, mpd_playlist_get_path(pl));
	mpd_playlist_free(pl);
	return true;
}

enum mp_status mpdc_playlists(struct mpdc *m, size_t max,
			      struct mpdc_names *out, bool *truncated,
			      struct mp_error *err)
{
	struct listing l = { .command = "listplaylists", .names = out };
	size_t first = out->n;
	enum mp_status rc = run_listing(m, send_plain, take_playlist, &l, max,
					truncated, err);

	/* MPD lists them in no useful order. */
	if (rc == MP_OK && out->n > first)
		qsort(out->v + first, out->n - first, sizeof(*out->v),
		      names_cmp);
	return rc;
}

static bool send_playlist_songs(struct mpd_connection *c,
				const struct listing *l)
{
	return mpd_send_list_playlist_meta(c, l->name);
}

/* A song: into songs, or the first one into info. */
static bool take_song(struct mpd_connection *c, struct listing *l)
{
	struct mpd_song *s = mpd_recv_song(c);

	if (s == NULL)
		return false;
	if (keep(l)) {
		if (l->info != NULL)
			song_info_fill(l->info, s);
		else
			song_from_mpd(song_list_push(l->songs), s, false);
	}
	mpd_song_free(s);
	return true;
}

enum mp_status mpdc_playlist_songs(struct mpdc *m, const char *name, size_t max,
				   struct mp_song_list *out, bool *truncated,
				   struct mp_error *err)
{
	struct listing l = { .name = name, .songs = out };

	return run_listing(m, send_playlist_songs, take_song, &l, max,
			   truncated, err);
}

static bool send_load(struct mpd_connection *c, const struct listing *l)
{
	return mpd_send_load(c, l->name);
}

enum mp_status mpdc_playlist_load(struct mpdc *m, const char *name,
				  unsigned *added, struct mp_error *err)
{
	struct listing l = { .name = name };

	return add_songs(m, send_load, &l, added, err);
}

/* Whether the command that just failed was refused because its target
 * exists (MPD's "already exists"); read before fail() clears the error. */
static bool refused_exists(struct mpdc *m)
{
	return mpd_connection_get_error(m->conn) == MPD_ERROR_SERVER &&
	       mpd_connection_get_server_error(m->conn) ==
		       MPD_SERVER_ERROR_EXIST;
}

enum mp_status mpdc_playlist_save(struct mpdc *m, const char *name,
				  bool replace, bool *exists,
				  struct mp_error *err)
{
	OP_SCOPE(m);
	enum mp_status rc = ready(m, err);
	bool there;

	if (exists != NULL)
		*exists = false;
	if (rc != MP_OK)
		return rc;
	if (mpd_send_save(m->conn, name) && response_finish(m->conn))
		return MP_OK;
	there = refused_exists(m);
	rc = fail(m, err);
	if (!there || !replace) {
		if (exists != NULL)
			*exists = there;
		return rc;
	}
	/* MPD before 0.24 cannot overwrite: remove, then save, in one
	 * command list so no other client sees the name missing for long. */
	deadline_start(m);
	if (!mpd_command_list_begin(m->conn, false) ||
	    !mpd_send_rm(m->conn, name) || !mpd_send_save(m->conn, name) ||
	    !mpd_command_list_end(m->conn) || !response_finish(m->conn))
		return fail(m, err);
	return MP_OK;
}

enum mp_status mpdc_playlist_rename(struct mpdc *m, const char *from,
				    const char *to, struct mp_error *err)
{
	SIMPLE_OP(mpd_send_rename(m->conn, from, to));
}

enum mp_status mpdc_playlist_delete(struct mpdc *m, const char *name,
				    struct mp_error *err)
{
	SIMPLE_OP(mpd_send_rm(m->conn, name));
}

enum mp_status mpdc_playlist_add(struct mpdc *m, const char *name,
				 const char *const *uris, size_t n,
				 struct mp_error *err)
{
	OP_SCOPE(m);
	enum mp_status rc = ready(m, err);

	if (rc != MP_OK || n == 0)
		return rc;
	/* A command list stops at the first failure, and MPD applies each
	 * command as it goes: a refused song leaves the ones before it. */
	if (!mpd_command_list_begin(m->conn, false))
		return fail(m, err);
	for (size_t i = 0; i < n; i++)
		if (!mpd_send_playlist_add(m->conn, name, uris[i]))
			return fail(m, err);
	if (!mpd_command_list_end(m->conn) || !response_finish(m->conn))
		return fail(m, err);
	return MP_OK;
}

enum mp_status mpdc_playlist_add_matching(struct mpdc *m, const char *name,
					  const struct mpdc_match *match,
					  size_t nmatch, struct mp_error *err)
{
	if (nmatch == 0)
		return mp_error_set(err, MP_EINVAL, _("nothing to match"));
	SIMPLE_OP(mpd_search_add_db_songs_to_playlist(m->conn, name) &&
		  add_matches(m->conn, match, nmatch) &&
		  mpd_search_commit(m->conn) && response_finish(m->conn));
}

static int unsigned_desc(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x > y ? -1 : x < y;
}

enum mp_status mpdc_playlist_remove(struct mpdc *m, const char *name,
				    const unsigned *pos, size_t n,
				    struct mp_error *err)
{
	OP_SCOPE(m);
	enum mp_status rc = ready(m, err);
	unsigned *desc;
	bool ok;

	if (rc != MP_OK || n == 0)
		return rc;
	/* From the end, so the positions still to remove do not move. */
	desc = xcalloc(n, sizeof(*desc));
	memcpy(desc, pos, n * sizeof(*desc));
	qsort(desc, n, sizeof(*desc), unsigned_desc);
	ok = mpd_command_list_begin(m->conn, false);
	for (size_t i = 0; ok && i < n; i++)
		ok = mpd_send_playlist_delete(m->conn, name, desc[i]);
	free(desc);
	if (!ok || !mpd_command_list_end(m->conn) || !response_finish(m->conn))
		return fail(m, err);
	return MP_OK;
}

/* ---------------------------------------------------------------- outputs */

void mpdc_outputs_init(struct mpdc_outputs *l)
{
	memset(l, 0, sizeof(*l));
}

void mpdc_outputs_clear(struct mpdc_outputs *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].plugin);
	}
	free(l->v);
	mpdc_outputs_init(l);
}

static bool take_output(struct mpd_connection *c, struct listing *l)
{
	struct mpdc_outputs *out = l->outputs;
	struct mpd_output *o = mpd_recv_output(c);
	const char *plugin;

	if (o == NULL)
		return false;
	plugin = mpd_output_get_plugin(o);
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 8;
		out->v = xreallocarray(out->v, out->cap, sizeof(*out->v));
	}
	out->v[out->n++] = (struct mpdc_output){
		.id = mpd_output_get_id(o),
		.name = xstrdup(mpd_output_get_name(o)),
		.plugin = xstrdup(plugin != NULL ? plugin : ""),
		.enabled = mpd_output_get_enabled(o),
	};
	mpd_output_free(o);
	return true;
}

enum mp_status mpdc_outputs(struct mpdc *m, struct mpdc_outputs *out,
			    struct mp_error *err)
{
	struct listing l = { .command = "outputs", .outputs = out };

	return run_listing(m, send_plain, take_output, &l, SIZE_MAX, NULL, err);
}

enum mp_status mpdc_output_enable(struct mpdc *m, unsigned id, bool on,
				  struct mp_error *err)
{
	SIMPLE_OP(on ? mpd_send_enable_output(m->conn, id)
		     : mpd_send_disable_output(m->conn, id));
}

/* ---------------------------------------------------------------- info */

enum mp_status mpdc_stats(struct mpdc *m, struct mpdc_stats *out,
			  struct mp_error *err)
{
	struct listing l = { .command = "stats", .stats = out };

	return run_one(m, &l, err);
}

void mpdc_song_info_init(struct mpdc_song_info *i)
{
	memset(i, 0, sizeof(*i));
}

void mpdc_song_info_clear(struct mpdc_song_info *i)
{
	mpdc_names_clear(&i->names);
	mpdc_names_clear(&i->values);
	free(i->uri);
	mpdc_song_info_init(i);
}

/* One song: by its id in the queue, else by its URI. */
static bool send_song(struct mpd_connection *c, const struct listing *l)
{
	return l->id > 0 ? mpd_send_get_queue_song_id(c, l->id)
			 : mpd_send_list_meta(c, l->name);
}

enum mp_status mpdc_song_info(struct mpdc *m, const char *uri, unsigned id,
			      struct mpdc_song_info *out, struct mp_error *err)
{
	struct listing l = { .name = uri, .id = id, .info = out };
	enum mp_status rc =
		run_listing(m, send_song, take_song, &l, 1, NULL, err);

	if (rc == MP_OK && l.got == 0)
		rc = mp_error_set(err, MP_ENOENT, _("MPD at %s has no song %s"),
				  where(m), uri != NULL ? uri : "");
	if (rc != MP_OK)
		mpdc_song_info_clear(out);
	return rc;
}

struct mpdc *mpdc_new_on_fd(int fd, const char *ep_host, unsigned timeout_ms)
{
	char *host = xstrdup(ep_host);
	struct mpdc_endpoint ep = { .host = host };
	struct mpd_async *a = mpd_async_new(fd);
	struct mpd_connection *c;
	struct mpdc *m;

	if (a == NULL) {
		close(fd);
		free(host);
		return NULL;
	}
	c = mpd_connection_new_async(a, "OK MPD 0.23.5");
	if (c == NULL) {
		free(host);
		return NULL;
	}
	mpd_connection_set_timeout(c, timeout_ms);
	m = mpdc_new(&ep, timeout_ms, 0);
	free(host);
	adopt(m, c);
	return m;
}
