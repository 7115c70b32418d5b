/* moodplay - the Library screen's model, no curses and no I/O: MPD's
 * database browsed level by level, either by tags (artists -> albums ->
 * songs) or as the file system (directories -> songs).
 *
 * Levels are fetched on demand, the way ncmpc and ncmpcpp do it: entering
 * a row pushes an empty level; ui_lib_request() says what to ask MPD for
 * it (the caller asks on a worker connection) and ui_lib_answer() fills it.
 * Leaving pops back to the parent, whose rows and cursor are kept.  A
 * client that browses three levels of a 100k-song library holds three
 * short lists, never the whole database.  Each request carries a ticket:
 * an answer for a level the user has left since is dropped. */
#ifndef MOODPLAY_UI_LIB_H
#define MOODPLAY_UI_LIB_H

#include "base/error.h"
#include "mpdc/mpdc.h"
#include "base/song.h"

#include <stdbool.h>
#include <stddef.h>

struct ui_lib;

enum ui_lib_view {
	UI_LIB_TAGS,  /* artists -> albums -> songs */
	UI_LIB_FILES, /* directories -> songs */
};

/* What a level lists, and so what to ask MPD for it. */
enum ui_lib_kind {
	UI_LIB_ARTISTS, /* list artist */
	UI_LIB_ALBUMS,  /* list album, artist == artist */
	UI_LIB_SONGS,   /* find artist == artist, album == album */
	UI_LIB_DIR,     /* lsinfo path */
};

struct ui_lib_row {
	const char *label; /* never NULL; "[no artist]" for "" */
	const char *value; /* folder: its tag value or directory path */
	const struct mp_song *song; /* leaf: the song; NULL for a folder */
	bool leaf;
};

/* A level to fetch.  Strings are owned by the request ("" = songs without
 * the tag; NULL where the kind does not use them). */
struct ui_lib_request {
	enum ui_lib_kind kind;
	char *artist, *album, *path;
	unsigned ticket;
};
void ui_lib_request_clear(struct ui_lib_request *rq);

/* MPD's answer: tag values or subdirectory paths, and songs.  ui_lib_answer
 * takes both lists (left empty); the caller clears what is left. */
struct ui_lib_answer {
	struct mpdc_names names;
	struct mp_song_list songs;
	bool truncated; /* MPD had more than the bound */
};
void ui_lib_answer_init(struct ui_lib_answer *a);
void ui_lib_answer_clear(struct ui_lib_answer *a);

/* At the view's top level, nothing fetched yet. */
struct ui_lib *ui_lib_new(enum ui_lib_view view);
void ui_lib_free(struct ui_lib *lib);

enum ui_lib_view ui_lib_view(const struct ui_lib *lib);
/* Switch view (or, with the same view, start over after the database
 * changed): back to the top level, to be fetched again.  Answers to
 * earlier requests are dropped. */
void ui_lib_set_view(struct ui_lib *lib, enum ui_lib_view view);

/* The current level is being fetched (or waits to be). */
bool ui_lib_loading(const struct ui_lib *lib);
/* True, with *rq filled, when the current level is to be fetched and was
 * not asked for yet; it counts as asked from then on. */
bool ui_lib_request(struct ui_lib *lib, struct ui_lib_request *rq);
/* The answer to request ticket: true when it filled the current level. */
bool ui_lib_answer(struct ui_lib *lib, unsigned ticket,
		   struct ui_lib_answer *a);

/* The current level's fetch failed (until ui_lib_set_view). */
bool ui_lib_failed(const struct ui_lib *lib);
/* The fetch for ticket failed: its level stays empty, and is asked for
 * again only after ui_lib_set_view.  True when it was the current level. */
bool ui_lib_fail(struct ui_lib *lib, unsigned ticket);

/* Rows of the current level (borrowed until the level changes). */
const struct ui_lib_row *ui_lib_rows(const struct ui_lib *lib, size_t *n);

/* Descend into row (a folder), remembering cursor for ui_lib_leave. */
enum mp_status ui_lib_enter(struct ui_lib *lib, size_t row, size_t cursor,
			    struct mp_error *err);
/* Back up one level; false at the top.  *cursor gets the row the user was
 * on when entering. */
bool ui_lib_leave(struct ui_lib *lib, size_t *cursor);
unsigned ui_lib_depth(const struct ui_lib *lib);

/* What adding row r means to MPD: a song or a directory by its URI, or the
 * songs matching tags (borrowed from lib). */
struct ui_lib_target {
	const char *uri; /* non-NULL: add this */
	struct mpdc_match match[2];
	size_t nmatch;
};
void ui_lib_target(const struct ui_lib *lib, const struct ui_lib_row *r,
		   struct ui_lib_target *t);

/* Show a song: back to the view's top level, then down the levels that
 * lead to s (artist and album, or its directories) as they are fetched;
 * ui_lib_locate_step() says what to do each time a level has come in. */
void ui_lib_locate(struct ui_lib *lib, const struct mp_song *s);
enum ui_lib_step {
	UI_LIB_STEP_NONE,    /* no locate under way, or the level is loading */
	UI_LIB_STEP_ENTER,   /* enter *row, fetch it, then step again */
	UI_LIB_STEP_FOUND,   /* the song is *row: the locate is over */
	UI_LIB_STEP_MISSING, /* not in the Library: the locate is over */
};
enum ui_lib_step ui_lib_locate_step(struct ui_lib *lib, size_t *row);

/* Where we are, "Кино / Группа крови" or "Кино/Группа крови/", in out. */
void ui_lib_path(const struct ui_lib *lib, char *out, size_t outsz);

#endif
