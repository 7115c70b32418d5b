/* moodplay - getting a snapshot: from a helper program (fswebcam, ffmpeg,
 * gstreamer... run with fork/exec, never a shell), an HTTP(S) snapshot URL
 * (libcurl), or image files (demos, tests).
 *
 * A capture is asynchronous: capture_start() returns at once; the caller
 * polls capture_fd() for input (POLLIN) with capture_timeout_ms() as the
 * timeout, and calls capture_step() whenever poll returns, until it says
 * done.  capture_run() does that loop for callers on a worker thread.
 * Every capture ends within capture.timeout seconds: then the helper's
 * whole process group is killed.  No temporary file outlives
 * capture_free().
 *
 * The bytes are the helper's output as is: one image, or several JPEGs
 * back to back (an MJPEG burst), which snapshot.h splits. */
#ifndef MOODPLAY_CAPTURE_H
#define MOODPLAY_CAPTURE_H

#include "conf/conf.h"
#include "base/error.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The placeholder replaced by a private temporary file in a command. */
#define CAPTURE_OUTPUT "{output}"

/* Where captures come from; keeps the turn of a file: directory.  Made from
 * the capture section; source auto looks for fswebcam, then ffmpeg, on
 * $PATH (MP_ENOENT with advice when neither is installed). */
struct capture_source;

enum mp_status capture_source_new(const struct conf_capture *cc,
				  struct capture_source **out,
				  struct mp_error *err);
void capture_source_free(struct capture_source *s);
/* "command 'fswebcam -q ...'", "url http://...", "file DIR": for -v. */
const char *capture_source_describe(const struct capture_source *s);

struct capture;

/* Begin one capture.  MP_ENOENT: the camera device, file or program does
 * not exist; MP_ERR: it cannot be started. */
enum mp_status capture_start(struct capture_source *s, struct capture **out,
			     struct mp_error *err);
/* The descriptor to poll for POLLIN; -1 when there is none to wait for
 * (then just wait capture_timeout_ms()). */
int capture_fd(const struct capture *c);
/* Milliseconds the caller may wait before calling capture_step(). */
int capture_timeout_ms(const struct capture *c);
/* Make progress.  MP_OK with *done false: poll again.  MP_OK with *done
 * true: capture_data() holds the image.  Otherwise the capture failed
 * (MP_ETIMEDOUT, MP_ENOMEM over capture.max_bytes, MP_ERR for a helper
 * that failed or printed nothing, MP_ECONN/MP_EPROTO for HTTP) and err
 * says how, with the helper's stderr or the HTTP status. */
enum mp_status capture_step(struct capture *c, bool *done,
			    struct mp_error *err);
/* The bytes captured, lent until capture_free(). */
const uint8_t *capture_data(const struct capture *c, size_t *len);
/* Stops a capture still running (kills the helper, aborts the transfer)
 * and removes its temporary files. */
void capture_free(struct capture *c);

/* Keep a copy of captured bytes in capture.save_dir as
 * snapshot-YYYYMMDD-HHMMSS[-N].jpg (or .png), mode 0600; does nothing when
 * save_dir is empty.  *path (may be NULL) gets the malloc'd name, NULL if
 * nothing was written. */
enum mp_status capture_keep(const struct capture_source *s, const uint8_t *data,
			    size_t len, char **path, struct mp_error *err);

/* The first want complete JPEGs in buf, skipping whatever lies between
 * (the part headers and boundaries of a multipart MJPEG stream).  Returns
 * how many there are; when out_len is not NULL they are also moved to the
 * start of buf, back to back, and *out_len is their total length. */
size_t capture_mjpeg_frames(uint8_t *buf, size_t len, size_t want,
			    size_t *out_len);

/* Start and step to the end, blocking.  cancel (may be NULL) is asked
 * every 50 ms; when it says true the capture stops with MP_ERR.  *data is
 * malloc'd for the caller. */
enum mp_status capture_run(struct capture_source *s, bool (*cancel)(void *ud),
			   void *ud, uint8_t **data, size_t *len,
			   struct mp_error *err);

#endif
