/* moodplay - what the capture back ends (capture-cmd.c: helper programs,
 * capture-url.c: HTTP(S), capture-file.c: image files) share with the
 * front (capture.c), which drives them through struct capture_ops. */
#ifndef MOODPLAY_CAPTURE_INTERNAL_H
#define MOODPLAY_CAPTURE_INTERNAL_H

#include "capture/capture.h"
#include "base/dynlib.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sys/types.h>

struct capture;

/* One back end.  start begins a capture (setting c->done when it is
 * finished at once); step makes progress after poll; fd is what to poll;
 * stop ends whatever still runs (idempotent, also on success); release
 * frees the back end's resources at capture_free(). */
struct capture_ops {
	enum mp_status (*source_init)(struct capture_source *s,
				      const struct conf_capture *cc,
				      struct mp_error *err);
	enum mp_status (*start)(struct capture *c, struct mp_error *err);
	enum mp_status (*step)(struct capture *c, struct mp_error *err);
	int (*fd)(const struct capture *c);
	void (*stop)(struct capture *c);
	void (*release)(struct capture *c);
};

extern const struct capture_ops capture_cmd_ops, capture_url_ops,
	capture_file_ops;

struct capture_source {
	const struct capture_ops *ops;
	const char *who; /* in messages: argv[0] or the URL (lent) */
	char **argv;     /* NULL-terminated, owned */
	char *device;    /* source auto: must exist before the helper runs */
	char *url, *user, *password;
	char *url_shown; /* url without its password, for messages */
	size_t frames;   /* capture.frames: JPEGs taken from an MJPEG stream */
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
	pid_t pid;     /* the keeper, which runs the helper (capture-cmd.c) */
	int out_fd;    /* helper's stdout, -1 once at EOF or unused */
	int report_fd; /* the keeper writes the helper's wait status here */
	int ctl_fd;    /* closing it makes the keeper kill all and exit */
	int err_fd;    /* memfd holding the helper's stderr */
	int ev_fd;     /* epoll over out_fd and report_fd: what to poll */
	bool reported; /* status holds the helper's wait status */
	int status;
	char *tmpdir, *tmpfile;
	/* url */
	bool thread_started;
	pthread_t thread;
	int sock[2];
	atomic_bool cancel;
	atomic_bool multipart; /* the response is multipart (MJPEG) */
	enum mp_status url_rc;
	struct mp_error url_err;
};

/* Append n bytes to the capture's buffer, refusing to grow past
 * capture.max_bytes (MP_ENOMEM). */
enum mp_status capture_append(struct capture *c, const void *p, size_t n,
			      struct mp_error *err);
/* Append a whole regular file of at most capture.max_bytes. */
enum mp_status capture_read_file(struct capture *c, const char *path,
				 struct mp_error *err);
/* Append what the non-blocking fd has: *eof is false when it would block,
 * true at end of file or on a read error. */
enum mp_status capture_drain(struct capture *c, int fd, bool *eof,
			     struct mp_error *err);

#endif
