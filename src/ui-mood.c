/* moodplay - mood records shared by the TUI and the pipeline. */
#include "config.h"

#include "ui-mood.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

static const char *const ui_emotion_names[UI_EMOTION_COUNT] = {
	N_("angry"), N_("disgust"), N_("fear"), N_("happy"),
	N_("sad"), N_("surprise"), N_("neutral"),
};

const char *ui_emotion_name(enum ui_emotion e)
{
	return (unsigned)e < UI_EMOTION_COUNT ? _(ui_emotion_names[e]) : NULL;
}

void ui_mood_result_clear(struct ui_mood_result *r)
{
	for (size_t i = 0; i < r->n_plan; i++) {
		free(r->plan[i].uri);
		free(r->plan[i].reason);
	}
	free(r->plan);
	free(r->pixels);
	memset(r, 0, sizeof(*r));
}
