/* moodplay - snapshots from an HTTP(S) URL: libcurl on a thread of its
 * own, feeding a socket the capture polls. */
#include "config.h"

#include "capture/capture-internal.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* Redirects followed for a snapshot URL: enough for a login or http->https
 * hop, not for a loop. */
#define URL_MAX_REDIRS 3
/* Connecting may take at most this long, within the capture's timeout. */
#define URL_CONNECT_TIMEOUT_MS 3000

/* The URL as messages show it: a password in it (user:password@host)
 * becomes "***". */
static char *redact(const char *url)
{
	const char *auth = strstr(url, "://"), *end, *at, *colon;

	if (auth == NULL)
		return xstrdup(url);
	auth += 3;
	end = auth + strcspn(auth, "/?#");
	at = memchr(auth, '@', (size_t)(end - auth));
	/* The last '@' ends the user information. */
	while (at != NULL && memchr(at + 1, '@', (size_t)(end - at - 1)))
		at = memchr(at + 1, '@', (size_t)(end - at - 1));
	if (at == NULL)
		return xstrdup(url);
	colon = memchr(auth, ':', (size_t)(at - auth));
	if (colon == NULL)
		return xstrdup(url);
	return xasprintf("%.*s***%s", (int)(colon + 1 - url), url, at);
}

/* Here, not at the first transfer: a missing libcurl is a setup error,
 * reported before anything starts. */
static enum mp_status url_source_init(struct capture_source *s,
				      const struct conf_capture *cc,
				      struct mp_error *err)
{
	enum mp_status rc = dynlib_curl(&s->curl, err);

	if (rc != MP_OK)
		return rc;
	s->url = xstrdup(cc->url);
	s->url_shown = redact(cc->url);
	s->user = xstrdup(cc->url_user);
	s->password = xstrdup(cc->url_password);
	s->frames = cc->frames < 1 ? 1 : (size_t)cc->frames;
	s->who = s->url_shown;
	snprintf(s->desc, sizeof(s->desc), _("URL %s"), s->url_shown);
	return MP_OK;
}

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

/* A multipart response (an MJPEG stream) never ends by itself: noted so
 * step_url() can stop it once it has the frames. */
static size_t url_header(char *p, size_t size, size_t n, void *ud)
{
	struct capture *c = ud;
	static const char ct[] = "content-type:";
	size_t total = size * n;

	if (total > sizeof(ct) && strncasecmp(p, ct, sizeof(ct) - 1) == 0 &&
	    memmem(p, total, "multipart/", 10) != NULL)
		atomic_store(&c->multipart, true);
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
	cu->easy_setopt(h, CURLOPT_HEADERFUNCTION, url_header);
	cu->easy_setopt(h, CURLOPT_HEADERDATA, c);
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
					     s->who, s->timeout_ms / 1000.0);
		else if (cc == CURLE_FILESIZE_EXCEEDED)
			c->url_rc = mp_error_set(
				&c->url_err, rc,
				ngettext("%s: the image is over "
					 "capture.max_bytes (%zu byte)",
					 "%s: the image is over "
					 "capture.max_bytes (%zu bytes)",
					 s->max_bytes),
				s->who, s->max_bytes);
		else
			c->url_rc = mp_error_set(
				&c->url_err, rc, "%s: %s", s->who,
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

	rc = capture_drain(c, c->sock[0], &eof, err);
	if (rc != MP_OK)
		return rc;
	if (atomic_load(&c->multipart)) {
		size_t n = capture_mjpeg_frames(c->buf, c->len, c->src->frames,
						NULL);

		if (n == c->src->frames || (eof && n > 0)) {
			stop_url(c);
			capture_mjpeg_frames(c->buf, c->len, n, &c->len);
			c->done = true;
			return MP_OK;
		}
	}
	if (!eof)
		return MP_OK;
	pthread_join(c->thread, NULL);
	c->thread_started = false;
	if (c->url_rc != MP_OK) {
		if (err != NULL)
			*err = c->url_err;
		return c->url_rc;
	}
	if (c->len == 0)
		return mp_error_set(err, MP_EPROTO, _("%s: empty response"),
				    c->src->who);
	c->done = true;
	return MP_OK;
}

static int url_fd(const struct capture *c)
{
	return c->sock[0];
}

static void url_release(struct capture *c)
{
	for (int i = 0; i < 2; i++)
		if (c->sock[i] >= 0)
			close(c->sock[i]);
}

const struct capture_ops capture_url_ops = {
	.source_init = url_source_init,
	.start = start_url,
	.step = step_url,
	.fd = url_fd,
	.stop = stop_url,
	.release = url_release,
};
