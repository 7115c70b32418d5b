/* moodplay fuzz target - the readers of the state files moodplay keeps
 * between runs (mood-state.h, mood-calib.h): the first byte picks one, the
 * rest is the file's text.  What a reader accepts must be inside the
 * ranges it promises, and a mood record must read back the same after
 * being written again. */
#include "config.h"

#include "base/error.h"
#include "fuzz.h"
#include "mood/mood-calib.h"
#include "mood/mood-state.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* A fixed "now", so that the same input always reads the same. */
#define NOW 1.7e9

static bool unit(double v)
{
	return isfinite(v) && v >= -1 && v <= 1;
}

static void ema(const char *text)
{
	struct mood_ema e = { 0 };

	if (mood_state_ema_parse(text, NOW, &e, NULL) != MP_OK)
		return;
	if (!e.set || !unit(e.point.valence) || !unit(e.point.arousal) ||
	    !isfinite(e.time) || e.time > NOW + MOOD_STATE_SKEW)
		abort();
}

/* Takes text over, as the history loader does. */
static void history(char *text, size_t len, bool cut)
{
	struct mood_history h = { 0 };

	mood_history_parse(&h, text, len, cut, 8);
	if (h.n > 8)
		abort();
	for (size_t i = 0; i < h.n; i++)
		if (h.uri[i] == NULL || strchr(h.uri[i], '\n') != NULL)
			abort();
	mood_history_clear(&h);
}

static void record(const char *text)
{
	struct mood_record r, again;
	char line[512];

	memset(&r, 0, sizeof(r));
	if (!mood_record_parse(text, NOW, &r, NULL))
		return;
	if (!isfinite(r.time) || r.time > NOW + MOOD_STATE_SKEW ||
	    !unit(r.valence) || !unit(r.arousal) ||
	    (unsigned)r.source >= MOOD_SOURCE_COUNT ||
	    (unsigned)r.strategy >= CONF_STRATEGY_COUNT)
		abort();
	for (int e = 0; r.has_probs && e < MOOD_NEMOTIONS; e++)
		if (!isfinite(r.probs[e]) || r.probs[e] < 0 || r.probs[e] > 1)
			abort();
	mood_record_format(&r, line, sizeof(line));
	memset(&again, 0, sizeof(again));
	if (!mood_record_parse(line, NOW, &again, NULL) ||
	    again.source != r.source || again.strategy != r.strategy ||
	    again.queued != r.queued || again.has_probs != r.has_probs ||
	    again.calibrated != r.calibrated)
		abort();
}

static void calibration(const char *text)
{
	struct mood_calib c;

	memset(&c, 0, sizeof(c));
	if (mood_calib_parse(&c, text, "fuzz", NULL) != MP_OK)
		return;
	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		if (!isfinite(c.baseline[e]) || c.baseline[e] < -50 ||
		    c.baseline[e] > 0)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size == 0)
		return 0;
	/* NUL-terminated, as the loaders hand the files over. */
	text = malloc(size);
	if (text == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] % 5) {
	case 0: ema(text); break;
	case 1: history(text, size - 1, false); return 0;
	case 2: history(text, size - 1, true); return 0;
	case 3: record(text); break;
	case 4: calibration(text); break;
	}
	free(text);
	return 0;
}
