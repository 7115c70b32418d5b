/* moodplay - error reporting shared by every module.
 *
 * Functions that can fail return an enum mp_status (MP_OK == 0, failures
 * negative) and, when given a non-NULL struct mp_error, leave there a message
 * the caller can show as is.  The message never ends in a newline. */
#ifndef MOODPLAY_ERROR_H
#define MOODPLAY_ERROR_H

#include <stdarg.h>

enum mp_status {
	MP_OK = 0,
	MP_ERR = -1,       /* runtime failure (I/O, external program...) */
	MP_EINVAL = -2,    /* bad input: usage, configuration, file format */
	MP_ENOMEM = -3,    /* out of memory or over a size limit */
	MP_ETIMEDOUT = -4, /* an operation took longer than allowed */
	MP_ECONN = -5,     /* cannot connect / connection lost */
	MP_EAUTH = -6,     /* password refused or permission denied */
	MP_EPROTO = -7,    /* the peer answered something unexpected */
	MP_ENOENT = -8,    /* a file or object does not exist */
};

#define MP_ERROR_MAX 1024

struct mp_error {
	enum mp_status code;
	char msg[MP_ERROR_MAX];
};

#if defined(__GNUC__)
#define MP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MP_PRINTF(f, a)
#endif

/* Fill err (may be NULL) and return code, so callers can write
 * "return mp_error_set(err, MP_EINVAL, ...);". */
enum mp_status mp_error_set(struct mp_error *err, enum mp_status code,
			    const char *fmt, ...) MP_PRINTF(3, 4);
enum mp_status mp_error_vset(struct mp_error *err, enum mp_status code,
			     const char *fmt, va_list ap) MP_PRINTF(3, 0);

/* Put "prefix: " in front of the message already in err. */
void mp_error_prefix(struct mp_error *err, const char *fmt, ...)
	MP_PRINTF(2, 3);

void mp_error_clear(struct mp_error *err);

/* A call that succeeded may still leave a message the user must see: a
 * note (code MP_OK, message set), such as MPD having applied a queue
 * change after its answer timed out.  The note, or NULL when there is
 * none (or err is NULL, or holds a failure). */
const char *mp_error_note(const struct mp_error *err);

#endif
