/* moodplay - snapshot sources: the front that runs any back end (helper
 * programs, HTTP(S) URLs, image files) to the end or the deadline. */
#include "config.h"

#include "base/clock.h"
#include "capture/capture-internal.h"
#include "base/i18n.h"
#include "base/xalloc.h"
#include "image/image-decode.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* How often a capture with a cancel hook looks at it while it waits (the
 * hook is a flag, not a descriptor to poll): a small part of the 100 ms
 * in which the terminal client's q must stop a mood run. */
#define CAPTURE_CANCEL_POLL_MS 20

/* ------------------------------------------------------------ sources */

static const struct capture_ops *const source_ops[CONF_CAPTURE_SOURCE_COUNT] = {
	[CONF_CAPTURE_AUTO] = &capture_cmd_ops,
	[CONF_CAPTURE_COMMAND] = &capture_cmd_ops,
	[CONF_CAPTURE_URL] = &capture_url_ops,
	[CONF_CAPTURE_FILE] = &capture_file_ops,
};

enum mp_status capture_source_new(const struct conf_capture *cc,
				  struct capture_source **out,
				  struct mp_error *err)
{
	struct capture_source *s = xcalloc(1, sizeof(*s));
	enum mp_status rc;

	*out = NULL;
	s->ops = source_ops[cc->source];
	s->timeout_ms = (int)(cc->timeout * 1000.0);
	s->save_dir = xstrdup(cc->save_dir);
	s->max_bytes = (size_t)cc->max_bytes;
	rc = s->ops->source_init(s, cc, err);
	if (rc != MP_OK) {
		capture_source_free(s);
		return rc;
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
	free(s->url_shown);
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
enum mp_status capture_append(struct capture *c, const void *p, size_t n,
			      struct mp_error *err)
{
	if (n > c->src->max_bytes - c->len)
		return mp_error_set(
			err, MP_ENOMEM,
			ngettext("%s: the image is over capture.max_bytes "
				 "(%zu byte)",
				 "%s: the image is over capture.max_bytes "
				 "(%zu bytes)",
				 c->src->max_bytes),
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

/* ------------------------------------------------------------ input */

/* Read a whole regular file of at most max_bytes into the buffer. */
enum mp_status capture_read_file(struct capture *c, const char *path,
				 struct mp_error *err)
{
	/* O_NONBLOCK: opening a FIFO (or a device) must not wait for a
	 * writer before fstat() can refuse it. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
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
		return mp_error_set(err, MP_ENOMEM,
				    ngettext("%s is over capture.max_bytes "
					     "(%lld > %zu byte)",
					     "%s is over capture.max_bytes "
					     "(%lld > %zu bytes)",
					     c->src->max_bytes),
				    path, (long long)st.st_size,
				    c->src->max_bytes);
	}
	while (rc == MP_OK && (r = read(fd, chunk, sizeof(chunk))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = mp_error_set(err, MP_ERR, _("cannot read %s: %s"),
					  path, strerror(errno));
			break;
		}
		rc = capture_append(c, chunk, (size_t)r, err);
	}
	close(fd);
	return rc;
}

/* Read what non-blocking fd has into the snapshot buffer: *eof is false
 * when it would block, true at end of file or on a read error. */
enum mp_status capture_drain(struct capture *c, int fd, bool *eof,
			     struct mp_error *err)
{
	uint8_t chunk[65536];
	enum mp_status rc;

	for (;;) {
		ssize_t r = read(fd, chunk, sizeof(chunk));

		if (r > 0) {
			rc = capture_append(c, chunk, (size_t)r, err);
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

/* ------------------------------------------------------------ streams */

size_t capture_mjpeg_frames(uint8_t *buf, size_t len, size_t want,
			    size_t *out_len)
{
	size_t n = 0, pos = 0, out = 0;

	while (n < want && pos + 3 <= len) {
		const uint8_t *soi =
			memmem(buf + pos, len - pos, "\xFF\xD8\xFF", 3);
		size_t at, l;

		if (soi == NULL)
			break;
		at = (size_t)(soi - buf);
		l = image_jpeg_length(buf + at, len - at);
		if (l == 0)
			break; /* not complete yet */
		if (out_len != NULL)
			memmove(buf + out, buf + at, l);
		out += l;
		pos = at + l;
		n++;
	}
	if (out_len != NULL)
		*out_len = out;
	return n;
}

/* ------------------------------------------------------------ captures */

enum mp_status capture_start(struct capture_source *s, struct capture **out,
			     struct mp_error *err)
{
	struct capture *c = xcalloc(1, sizeof(*c));
	enum mp_status rc;

	c->src = s;
	c->out_fd = c->report_fd = c->ctl_fd = c->err_fd = c->ev_fd = -1;
	c->sock[0] = c->sock[1] = -1;
	c->deadline = clock_ms() + s->timeout_ms;
	atomic_init(&c->cancel, false);
	rc = s->ops->start(c, err);
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
	return c->src->ops->fd(c);
}

int capture_timeout_ms(const struct capture *c)
{
	long long left = c->deadline - clock_ms();

	if (c->done || left < 0)
		return 0;
	/* Nothing to wait on: look again soon. */
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
	rc = c->src->ops->step(c, err);
	if (rc == MP_OK && !c->done && clock_ms() >= c->deadline)
		rc = mp_error_set(err, MP_ETIMEDOUT,
				  _("%s: timed out: no image within %.1f s "
				    "(capture.timeout)"),
				  c->src->who, c->src->timeout_ms / 1000.0);
	*done = c->done || rc != MP_OK;
	if (rc != MP_OK)
		c->src->ops->stop(c);
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
	c->src->ops->stop(c);
	c->src->ops->release(c);
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
		if (cancel != NULL && t > CAPTURE_CANCEL_POLL_MS)
			t = CAPTURE_CANCEL_POLL_MS;
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
