/* moodplay - the MPD connection. */
#include "config.h"

#include "mpdc/mpdc.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <mpd/client.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
};

static char *dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

struct mpdc *mpdc_new(const struct mpdc_endpoint *ep, unsigned timeout_ms,
		      unsigned reconnect_max_ms)
{
	struct mpdc *m = xcalloc(1, sizeof(*m));

	m->ep.host = dup_or_null(ep->host);
	m->ep.port = ep->port;
	m->ep.password = dup_or_null(ep->password);
	m->ep.source = ep->source;
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

/* Translate the connection's error into an mp_status and message.  Errors
 * the connection cannot recover from drop it (*dead = true). */
static enum mp_status conn_error(struct mpd_connection *c, const char *where,
				 bool *dead, struct mp_error *err)
{
	enum mpd_error e = mpd_connection_get_error(c);
	const char *msg = mpd_connection_get_error_message(c);
	enum mp_status rc;

	*dead = false;
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
				     _("MPD at %s refused the password: %s"),
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
		rc = conn_error(c, where, &dead, err);
		if (rc == MP_ECONN)
			mp_error_set(err, MP_ECONN,
				     _("cannot connect to MPD at %s: %s"),
				     where,
				     mpd_connection_get_error_message(c));
		mpd_connection_free(c);
		return rc;
	}
	if (password != NULL && !mpd_run_password(c, password)) {
		rc = conn_error(c, where, &dead, err);
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
	enum mp_status rc = conn_error(m->conn, where(m), &dead, err);

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

enum mp_status mpdc_idle_begin(struct mpdc *m, struct mp_error *err)
{
	enum mp_status rc = ready(m, err);

	if (rc != MP_OK)
		return rc;
	if (!mpd_send_idle(m->conn))
		return fail(m, err);
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
	enum mpd_idle ev;

	*events = m->pending;
	m->pending = 0;
	if (m->conn == NULL)
		return mp_error_set(err, MP_ECONN,
				    _("not connected to MPD at %s"), where(m));
	if (!m->idle)
		return MP_OK;
	m->idle = false;
	ev = mpd_recv_idle(m->conn, false);
	if (ev == 0 && mpd_connection_get_error(m->conn) != MPD_ERROR_SUCCESS)
		return fail(m, err);
	*events |= ev;
	return MP_OK;
}

/* ---------------------------------------------------------------- queries */

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
	st->updating_db = mpd_status_get_update_id(s) != 0;
	if (mpd_status_get_error(s) != NULL)
		snprintf(st->error, sizeof(st->error), "%s",
			 mpd_status_get_error(s));
}

enum mp_status mpdc_get_status(struct mpdc *m, struct mpdc_status *st,
			       struct mp_error *err)
{
	struct mpd_status *s;
	enum mp_status rc = ready(m, err);

	if (rc != MP_OK)
		return rc;
	s = mpd_run_status(m->conn);
	if (s == NULL)
		return fail(m, err);
	status_fill(st, s);
	mpd_status_free(s);
	return MP_OK;
}

/* The end of a response, after its last item. */
static enum mp_status finish(struct mpdc *m, struct mp_error *err)
{
	if (mpd_connection_get_error(m->conn) != MPD_ERROR_SUCCESS ||
	    !mpd_response_finish(m->conn))
		return fail(m, err);
	return MP_OK;
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

/* Append the queue from position start on, in pages. */
static enum mp_status queue_from(struct mpdc *m, unsigned start,
				 struct mp_song_list *out, struct mp_error *err)
{
	unsigned got;
	enum mp_status rc;

	do {
		if (!mpd_send_list_queue_range_meta(m->conn, start,
						    start + PAGE_DEFAULT))
			return fail(m, err);
		rc = recv_songs(m, true, out, &got, err);
		if (rc != MP_OK)
			return rc;
		start += got;
	} while (got == PAGE_DEFAULT);
	return MP_OK;
}

enum mp_status mpdc_queue_list(struct mpdc *m, struct mp_song_list *out,
			       struct mp_error *err)
{
	enum mp_status rc = ready(m, err);

	return rc != MP_OK ? rc : queue_from(m, 0, out, err);
}

/* status, currentsong and the queue's first page go out as one command
 * list: one round trip where there were three. */
enum mp_status mpdc_get_state(struct mpdc *m, struct mpdc_status *st,
			      struct mp_song *song, bool *found,
			      struct mp_song_list *queue, struct mp_error *err)
{
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

enum mp_status mpdc_library_list(struct mpdc *m, unsigned page_size,
				 struct mp_song_list *out, struct mp_error *err)
{
	unsigned start = 0, got;
	enum mp_status rc = ready(m, err);

	if (rc != MP_OK)
		return rc;
	if (page_size == 0)
		page_size = LIBRARY_PAGE;
	/* A windowed search over every song: each answer stays far below
	 * MPD's max_output_buffer_size, unlike one listallinfo. */
	do {
		if (!mpd_search_db_songs(m->conn, true) ||
		    !mpd_search_add_expression(m->conn, "(base \"\")") ||
		    !mpd_search_add_window(m->conn, start, start + page_size) ||
		    !mpd_search_commit(m->conn))
			return fail(m, err);
		rc = recv_songs(m, false, out, &got, err);
		if (rc != MP_OK)
			return rc;
		start += got;
	} while (got == page_size);
	return MP_OK;
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

static enum mpd_tag_type mpd_tag(enum mpdc_tag t)
{
	return t == MPDC_TAG_ALBUM ? MPD_TAG_ALBUM : MPD_TAG_ARTIST;
}

/* Add the matches to the search being built. */
static bool add_matches(struct mpd_connection *c,
			const struct mpdc_match *match, size_t nmatch)
{
	for (size_t i = 0; i < nmatch; i++)
		if (!mpd_search_add_tag_constraint(c, MPD_OPERATOR_DEFAULT,
						   mpd_tag(match[i].tag),
						   match[i].value))
			return false;
	return true;
}

/* The start of a bounded listing: not truncated (yet), connected. */
static enum mp_status begin_listing(struct mpdc *m, bool *truncated,
				    struct mp_error *err)
{
	if (truncated != NULL)
		*truncated = false;
	return ready(m, err);
}

enum mp_status mpdc_tag_values(struct mpdc *m, enum mpdc_tag tag,
			       const struct mpdc_match *match, size_t nmatch,
			       size_t max, struct mpdc_names *out,
			       bool *truncated, struct mp_error *err)
{
	struct mpd_pair *pair;
	size_t got = 0;
	enum mp_status rc = begin_listing(m, truncated, err);

	if (rc != MP_OK)
		return rc;
	if (!mpd_search_db_tags(m->conn, mpd_tag(tag)) ||
	    !add_matches(m->conn, match, nmatch) || !mpd_search_commit(m->conn))
		return fail(m, err);
	/* MPD sends the whole answer; what is over max is read and dropped. */
	while ((pair = mpd_recv_pair_tag(m->conn, mpd_tag(tag))) != NULL) {
		if (got++ < max)
			names_push(out, pair->value);
		else if (truncated != NULL)
			*truncated = true;
		mpd_return_pair(m->conn, pair);
	}
	return finish(m, err);
}

enum mp_status mpdc_find_songs(struct mpdc *m, const struct mpdc_match *match,
			       size_t nmatch, size_t max,
			       struct mp_song_list *out, bool *truncated,
			       struct mp_error *err)
{
	unsigned start = 0, got, want;
	enum mp_status rc = begin_listing(m, truncated, err);

	if (rc != MP_OK)
		return rc;
	/* Windows of FIND_PAGE, asking for one song past max to know whether
	 * there are more. */
	do {
		size_t left = max - start;

		want = left < FIND_PAGE ? (unsigned)left + 1 : FIND_PAGE;
		if (!mpd_search_db_songs(m->conn, true) ||
		    !add_matches(m->conn, match, nmatch) ||
		    !mpd_search_add_window(m->conn, start, start + want) ||
		    !mpd_search_commit(m->conn))
			return fail(m, err);
		rc = recv_songs(m, false, out, &got, err);
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

enum mp_status mpdc_list_dir(struct mpdc *m, const char *path, size_t max,
			     struct mpdc_names *dirs,
			     struct mp_song_list *songs, bool *truncated,
			     struct mp_error *err)
{
	struct mpd_entity *e;
	size_t got = 0;
	enum mp_status rc = begin_listing(m, truncated, err);

	if (rc != MP_OK)
		return rc;
	if (!mpd_send_list_meta(m->conn, path))
		return fail(m, err);
	while ((e = mpd_recv_entity(m->conn)) != NULL) {
		enum mpd_entity_type t = mpd_entity_get_type(e);

		if (t == MPD_ENTITY_TYPE_DIRECTORY ||
		    t == MPD_ENTITY_TYPE_SONG) {
			if (got++ >= max) {
				if (truncated != NULL)
					*truncated = true;
			} else if (t == MPD_ENTITY_TYPE_DIRECTORY) {
				names_push(
					dirs,
					mpd_directory_get_path(
						mpd_entity_get_directory(e)));
			} else {
				song_from_mpd(song_list_push(songs),
					      mpd_entity_get_song(e), false);
			}
		}
		mpd_entity_free(e);
	}
	return finish(m, err);
}

/* Run an add that is already sent; *added from the queue's length before
 * (old_len) and after. */
static enum mp_status added_since(struct mpdc *m, unsigned old_len,
				  unsigned *added, struct mp_error *err)
{
	struct mpdc_status st;
	enum mp_status rc;

	if (!mpd_response_finish(m->conn))
		return fail(m, err);
	rc = mpdc_get_status(m, &st, err);
	if (rc != MP_OK)
		return rc;
	*added = st.queue_length > old_len ? st.queue_length - old_len : 0;
	return MP_OK;
}

enum mp_status mpdc_add_matching(struct mpdc *m, const struct mpdc_match *match,
				 size_t nmatch, unsigned *added,
				 struct mp_error *err)
{
	struct mpdc_status st;
	enum mp_status rc;

	*added = 0;
	if (nmatch == 0)
		return mp_error_set(err, MP_EINVAL, _("nothing to match"));
	rc = mpdc_get_status(m, &st, err);
	if (rc != MP_OK)
		return rc;
	if (!mpd_search_add_db_songs(m->conn, true) ||
	    !add_matches(m->conn, match, nmatch) || !mpd_search_commit(m->conn))
		return fail(m, err);
	return added_since(m, st.queue_length, added, err);
}

enum mp_status mpdc_add_uri(struct mpdc *m, const char *uri, unsigned *added,
			    struct mp_error *err)
{
	struct mpdc_status st;
	enum mp_status rc;

	*added = 0;
	rc = mpdc_get_status(m, &st, err);
	if (rc != MP_OK)
		return rc;
	if (!mpd_send_add(m->conn, uri))
		return fail(m, err);
	return added_since(m, st.queue_length, added, err);
}

enum mp_status mpdc_db_update_time(struct mpdc *m, long long *out,
				   struct mp_error *err)
{
	struct mpd_stats *s;
	enum mp_status rc = ready(m, err);

	if (rc != MP_OK)
		return rc;
	s = mpd_run_stats(m->conn);
	if (s == NULL)
		return fail(m, err);
	*out = (long long)mpd_stats_get_db_update_time(s);
	mpd_stats_free(s);
	return MP_OK;
}

enum mp_status mpdc_update_db(struct mpdc *m, struct mp_error *err)
{
	enum mp_status rc = ready(m, err);

	if (rc != MP_OK)
		return rc;
	if (mpd_run_update(m->conn, NULL) == 0)
		return fail(m, err);
	return MP_OK;
}

/* ---------------------------------------------------------------- changes */

enum mp_status mpdc_queue_apply(struct mpdc *m, enum mpdc_queue_mode mode,
				const char *const *uris, size_t n, bool play,
				struct mp_error *err)
{
	struct mpdc_status st;
	unsigned old_len, keep = 0, first_new;
	bool playing, ok = true;
	enum mp_status rc;

	rc = mpdc_get_status(m, &st, err);
	if (rc != MP_OK)
		return rc;
	old_len = st.queue_length;
	playing = (st.state == MPDC_PLAY || st.state == MPDC_PAUSE) &&
		  st.song_pos >= 0;
	switch (mode) {
	case MPDC_QUEUE_APPEND: keep = old_len; break;
	case MPDC_QUEUE_REPLACE_UPCOMING:
		keep = playing ? (unsigned)st.song_pos + 1 : 0;
		break;
	case MPDC_QUEUE_REPLACE: keep = 0; break;
	}
	first_new = keep;

	/* New songs go to the end first; only when every add succeeded does
	 * the same command list delete the old ones.  MPD stops a command list
	 * at the first failure, so a bad file leaves the old queue intact
	 * (plus the adds before it, removed below). */
	ok = mpd_command_list_begin(m->conn, false);
	for (size_t i = 0; ok && i < n; i++)
		ok = mpd_send_add(m->conn, uris[i]);
	if (ok && keep < old_len)
		ok = mpd_send_delete_range(m->conn, keep, old_len);
	if (ok && play && n > 0) {
		/* A kept song that is playing goes on; a paused one resumes;
		 * otherwise playback starts with the first new song. */
		bool kept_current = playing && (unsigned)st.song_pos < keep;

		if (!kept_current)
			ok = mpd_send_play_pos(m->conn, first_new);
		else if (st.state == MPDC_PAUSE)
			ok = mpd_send_pause(m->conn, false);
	}
	if (ok)
		ok = mpd_command_list_end(m->conn);
	if (ok)
		ok = mpd_response_finish(m->conn);
	if (ok)
		return MP_OK;

	if (mpd_connection_get_error(m->conn) == MPD_ERROR_SERVER) {
		unsigned failed_at =
			mpd_connection_get_server_error_location(m->conn);
		unsigned added = failed_at < n ? failed_at : (unsigned)n;

		rc = fail(m, err);
		if (failed_at > n) {
			/* Only the final play failed: the queue is already new. */
			return rc;
		}
		if (added > 0 && m->conn != NULL &&
		    !mpd_run_delete_range(m->conn, old_len, old_len + added)) {
			struct mp_error e2;

			fail(m, &e2);
			mp_error_prefix(
				err,
				_("could not undo a partial queue change (%s)"),
				e2.msg);
		}
		if (failed_at < n)
			mp_error_prefix(
				err, _("queue left unchanged: cannot add '%s'"),
				uris[failed_at]);
		return rc;
	}
	return fail(m, err);
}

#define SIMPLE_OP(call)                             \
	do {                                        \
		enum mp_status rc_ = ready(m, err); \
		if (rc_ != MP_OK)                   \
			return rc_;                 \
		if (!(call))                        \
			return fail(m, err);        \
		return MP_OK;                       \
	} while (0)

enum mp_status mpdc_play(struct mpdc *m, int pos, struct mp_error *err)
{
	SIMPLE_OP(pos < 0 ? mpd_run_play(m->conn)
			  : mpd_run_play_pos(m->conn, (unsigned)pos));
}

enum mp_status mpdc_toggle_pause(struct mpdc *m, struct mp_error *err)
{
	SIMPLE_OP(mpd_run_toggle_pause(m->conn));
}

enum mp_status mpdc_stop(struct mpdc *m, struct mp_error *err)
{
	SIMPLE_OP(mpd_run_stop(m->conn));
}

enum mp_status mpdc_next(struct mpdc *m, struct mp_error *err)
{
	SIMPLE_OP(mpd_run_next(m->conn));
}

enum mp_status mpdc_previous(struct mpdc *m, struct mp_error *err)
{
	SIMPLE_OP(mpd_run_previous(m->conn));
}

enum mp_status mpdc_seek(struct mpdc *m, int seconds, bool relative,
			 struct mp_error *err)
{
	SIMPLE_OP(mpd_run_seek_current(m->conn, (float)seconds, relative));
}

enum mp_status mpdc_set_volume(struct mpdc *m, int volume, bool relative,
			       struct mp_error *err)
{
	if (!relative && (volume < 0 || volume > 100))
		return mp_error_set(err, MP_EINVAL,
				    _("volume %d is not in 0-100"), volume);
	SIMPLE_OP(relative ? mpd_run_change_volume(m->conn, volume)
			   : mpd_run_set_volume(m->conn, (unsigned)volume));
}

enum mp_status mpdc_set_flag(struct mpdc *m, enum mpdc_flag flag, bool on,
			     struct mp_error *err)
{
	SIMPLE_OP(flag == MPDC_REPEAT   ? mpd_run_repeat(m->conn, on)
		  : flag == MPDC_RANDOM ? mpd_run_random(m->conn, on)
		  : flag == MPDC_SINGLE ? mpd_run_single(m->conn, on)
					: mpd_run_consume(m->conn, on));
}

enum mp_status mpdc_delete(struct mpdc *m, unsigned pos, struct mp_error *err)
{
	SIMPLE_OP(mpd_run_delete(m->conn, pos));
}

enum mp_status mpdc_move(struct mpdc *m, unsigned from, unsigned to,
			 struct mp_error *err)
{
	SIMPLE_OP(mpd_run_move(m->conn, from, to));
}

enum mp_status mpdc_move_range(struct mpdc *m, unsigned from, unsigned n,
			       unsigned to, struct mp_error *err)
{
	if (n == 0)
		return MP_OK;
	SIMPLE_OP(mpd_run_move_range(m->conn, from, from + n, to));
}

enum mp_status mpdc_clear(struct mpdc *m, struct mp_error *err)
{
	SIMPLE_OP(mpd_run_clear(m->conn));
}
