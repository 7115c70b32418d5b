/* moodplay - the TUI's model kept in step with MPD: refreshes after
 * commands and idle events, connection outcomes, and the Library and mood
 * worker jobs.  Functions returning unsigned return what to redraw. */
#ifndef MOODPLAY_UI_MPD_H
#define MOODPLAY_UI_MPD_H

#include "ui/ui-model.h"

/* The jobs' private state, with the model. */
void ui_mpd_jobs_new(struct ui *ui);
void ui_mpd_jobs_free(struct ui *ui);

/* The UI's connection for a command: any command takes it out of idle,
 * so the loop is told to enter idle again afterwards. */
struct mpdc *ui_mpd_conn(struct ui *ui);
/* Put uris at the end of the queue, or after the playing song with
 * insert; a notice counts them.  With play, the first one plays. */
unsigned ui_mpd_queue_uris(struct ui *ui, const char *const *uris, size_t n,
			   bool insert, bool play);

/* After a failed operation: say why; a lost connection is retried. */
unsigned ui_mpd_failed(struct ui *ui, const struct mp_error *err);
/* The outcome of an MPD command: a failure is shown, success refreshes. */
unsigned ui_mpd_done(struct ui *ui, enum mp_status rc,
		     const struct mp_error *err);
/* Fetch status and current song, and the queue's changes since the
 * version held (its first screenful when there is none yet). */
unsigned ui_refresh(struct ui *ui);

/* Queue rows on screen that are not fetched yet: fetch them (before a
 * frame is drawn). */
unsigned ui_queue_show(struct ui *ui);
/* Are queue songs still to fetch in the background. */
bool ui_queue_loading(const struct ui *ui);
/* Fetch the next window of them (between key presses). */
unsigned ui_queue_step(struct ui *ui);
/* Fetch all of them now (a search or marks need every song). */
unsigned ui_queue_load_all(struct ui *ui);
/* The connection attempt finished / idle returned events. */
unsigned ui_connect_done(struct ui *ui);
unsigned ui_idle_done(struct ui *ui);

/* Fetch the Library's current level in the background if it needs it. */
void ui_lib_fetch(struct ui *ui);
/* (Re)start the Library at its top level once the user has opened it. */
void ui_lib_reload(struct ui *ui);
/* The Library job finished. */
unsigned ui_lib_loaded(struct ui *ui);
/* A locate under way (ui_lib_locate): enter the next level towards the
 * song, or put the cursor on it, once the current level has come in. */
void ui_lib_locate_go(struct ui *ui);

/* Start a mood run on the worker. */
unsigned ui_mood_start(struct ui *ui, struct ui_mood_request req);
/* Put the newest plan into MPD's queue. */
unsigned ui_mood_put(struct ui *ui);
/* The mood job finished. */
unsigned ui_mood_done(struct ui *ui);

#endif
