/* moodplay - the Queue as the TUI holds it: every position of MPD's
 * queue, and the songs of those fetched so far.  A long queue is shown
 * from the rows on screen; the rest arrive in windows between key
 * presses.  Changes by any client arrive as the positions that changed
 * since a version (with the song id now there), and the songs already
 * held follow their ids, so a change never refetches the whole queue.
 * No I/O: ui-mpd.c asks MPD (mpdc_queue_sync) and hands the answer here. */
#ifndef MOODPLAY_UI_QUEUE_H
#define MOODPLAY_UI_QUEUE_H

#include "ui/ui-model.h"

#include <stdbool.h>
#include <stddef.h>

/* Songs per window fetched in the background: one window delays a key
 * press by a few milliseconds at most. */
#define UI_QUEUE_WINDOW 512

/* Is the song at queue position pos fetched. */
bool ui_queue_has(const struct ui *ui, size_t pos);
/* Has the queue been seen and is every song fetched. */
bool ui_queue_complete(const struct ui *ui);

/* Take MPD's answer: status, current song, then the changes since
 * ui->queue_version (or, when fresh, a queue of st.queue_length unfetched
 * positions), then the window's songs.  The cursor, the marks and the
 * filter follow.  Returns what to redraw. */
unsigned ui_queue_apply(struct ui *ui, struct mpdc_queue_sync *q, bool fresh);

/* The first run of unfetched positions in [from, to), at most max long:
 * [*start, *end).  False when all of them are fetched. */
bool ui_queue_gap(const struct ui *ui, size_t from, size_t to, size_t max,
		  size_t *start, size_t *end);
/* The next run to fetch in the background (from ui->queue_scan on). */
bool ui_queue_next_gap(struct ui *ui, size_t max, size_t *start, size_t *end);

#endif
