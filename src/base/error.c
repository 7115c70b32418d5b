/* moodplay - error reporting shared by every module. */
#include "config.h"

#include "base/error.h"

#include <stdio.h>
#include <string.h>

enum mp_status mp_error_vset(struct mp_error *err, enum mp_status code,
			     const char *fmt, va_list ap)
{
	if (err != NULL) {
		err->code = code;
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	}
	return code;
}

enum mp_status mp_error_set(struct mp_error *err, enum mp_status code,
			    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mp_error_vset(err, code, fmt, ap);
	va_end(ap);
	return code;
}

void mp_error_prefix(struct mp_error *err, const char *fmt, ...)
{
	char prefix[MP_ERROR_MAX], old[MP_ERROR_MAX];
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* Truncation is acceptable: a long message is still a message. */
	if (snprintf(err->msg, sizeof(err->msg), "%s: %s", prefix, old) < 0)
		memcpy(err->msg, old, sizeof(old));
}

void mp_error_clear(struct mp_error *err)
{
	if (err != NULL) {
		err->code = MP_OK;
		err->msg[0] = '\0';
	}
}

const char *mp_error_note(const struct mp_error *err)
{
	if (err == NULL || err->code != MP_OK || err->msg[0] == '\0')
		return NULL;
	return err->msg;
}
