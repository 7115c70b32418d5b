/* moodplay - deadlines and cancellation for long computations. */
#include "config.h"

#include "base/clock.h"
#include "base/stop.h"
#include "base/i18n.h"

#include <stddef.h>
#include <time.h>

void stop_init(struct stop *s, double timeout_s, const char *what,
	       bool (*cancel)(void *ud), void *ud)
{
	s->deadline_ms =
		timeout_s > 0 ? clock_ms() + (long long)(timeout_s * 1000) : 0;
	s->cancel = cancel;
	s->ud = ud;
	s->what = what;
	s->timeout_s = timeout_s;
}

enum mp_status stop_check(const struct stop *s, struct mp_error *err)
{
	if (s == NULL)
		return MP_OK;
	if (s->cancel != NULL && s->cancel(s->ud))
		return mp_error_set(err, MP_ERR, _("cancelled"));
	if (s->deadline_ms > 0 && clock_ms() >= s->deadline_ms) {
		if (s->what != NULL)
			return mp_error_set(err, MP_ETIMEDOUT,
					    _("timed out: no result within "
					      "%.1f s (%s)"),
					    s->timeout_s, s->what);
		return mp_error_set(err, MP_ETIMEDOUT, _("timed out"));
	}
	return MP_OK;
}
