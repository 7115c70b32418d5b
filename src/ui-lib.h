/* moodplay - the Library screen's model, no curses: MPD's songs sorted two
 * ways and browsed level by level, either by tags (artists -> albums ->
 * songs) or as the file system (directories -> files).
 *
 * A level is a list of rows; each row stands for a contiguous range of the
 * sorted songs (one artist's songs, one directory's files), so entering,
 * adding and counting cost no more than the range, and a level is computed
 * only when entered: 100k songs cost two sorts at load. */
#ifndef MOODPLAY_UI_LIB_H
#define MOODPLAY_UI_LIB_H

#include "error.h"
#include "song.h"

#include <stdbool.h>
#include <stddef.h>

struct ui_lib;

enum ui_lib_view {
	UI_LIB_TAGS,  /* artists -> albums -> songs */
	UI_LIB_FILES, /* directories -> files */
};

struct ui_lib_row {
	const char *label; /* borrowed from the library; never NULL */
	size_t begin, end; /* the songs it stands for: ui_lib_song(begin..end-1) */
	bool leaf;         /* one song (end == begin + 1) */
};

/* Takes the songs out of *songs (left empty).  MP_ENOMEM when the index
 * cannot be allocated; *songs is then untouched. */
enum mp_status ui_lib_new(struct mp_song_list *songs, struct ui_lib **out,
			  struct mp_error *err);
void ui_lib_free(struct ui_lib *lib);

size_t ui_lib_song_count(const struct ui_lib *lib);
/* All songs, unsorted, for the mood planner (borrowed, read-only). */
const struct mp_song *ui_lib_songs(const struct ui_lib *lib);
enum ui_lib_view ui_lib_view(const struct ui_lib *lib);

/* Switch view and go back to its top level. */
enum mp_status ui_lib_set_view(struct ui_lib *lib, enum ui_lib_view view,
			       struct mp_error *err);

/* Rows of the current level (borrowed until the level changes). */
const struct ui_lib_row *ui_lib_rows(const struct ui_lib *lib, size_t *n);

/* Song i (0 <= i < ui_lib_song_count) in the current view's order. */
const struct mp_song *ui_lib_song(const struct ui_lib *lib, size_t i);

/* Descend into row (not a leaf), remembering cursor for ui_lib_leave. */
enum mp_status ui_lib_enter(struct ui_lib *lib, size_t row, size_t cursor,
			    struct mp_error *err);
/* Back up one level; false at the top.  *cursor gets the row the user was
 * on when entering. */
bool ui_lib_leave(struct ui_lib *lib, size_t *cursor, struct mp_error *err);
unsigned ui_lib_depth(const struct ui_lib *lib);

/* Where we are, "Кино / Группа крови" or "Кино/Группа крови/", in out. */
void ui_lib_path(const struct ui_lib *lib, char *out, size_t outsz);

#endif
