/* moodplay - a song as moodplay's core sees it: plain values, no MPD types.
 *
 * The MPD module fills these from libmpdclient; the dataset matcher and the
 * queue planner work on them without a connection. */
#ifndef MOODPLAY_SONG_H
#define MOODPLAY_SONG_H

#include <stddef.h>

struct mp_song {
	char *uri;   /* MPD file name, never NULL in a filled song */
	char *title; /* tags: NULL when the file has none */
	char *artist;
	char *album;
	char *genre;
	unsigned duration_ms; /* 0 = unknown */
	int pos;              /* queue position, -1 outside the queue */
	unsigned id;          /* queue id, 0 outside the queue */
};

/* A growable array of songs; the list owns the songs' strings. */
struct mp_song_list {
	struct mp_song *items;
	size_t n, cap;
};

void song_clear(struct mp_song *s); /* frees the strings, zeroes s */
void song_list_init(struct mp_song_list *l);
struct mp_song *song_list_push(struct mp_song_list *l); /* zeroed slot */
void song_list_clear(struct mp_song_list *l);

/* The title tag, or the file's base name when the song has none. */
const char *song_display_title(const struct mp_song *s);

#endif
