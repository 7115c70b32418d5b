/* moodplay - a song as moodplay's core sees it. */
#include "config.h"

#include "base/song.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

void song_clear(struct mp_song *s)
{
	free(s->uri);
	free(s->title);
	free(s->artist);
	free(s->album);
	free(s->genre);
	memset(s, 0, sizeof(*s));
	s->pos = -1;
}

void song_list_init(struct mp_song_list *l)
{
	memset(l, 0, sizeof(*l));
}

struct mp_song *song_list_push(struct mp_song_list *l)
{
	struct mp_song *s;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->items = xreallocarray(l->items, l->cap, sizeof(*l->items));
	}
	s = &l->items[l->n++];
	memset(s, 0, sizeof(*s));
	s->pos = -1;
	return s;
}

void song_list_clear(struct mp_song_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		song_clear(&l->items[i]);
	free(l->items);
	song_list_init(l);
}

const char *song_display_title(const struct mp_song *s)
{
	const char *slash;

	if (s->title != NULL)
		return s->title;
	slash = strrchr(s->uri, '/');
	return slash != NULL ? slash + 1 : s->uri;
}
