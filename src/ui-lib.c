/* moodplay - Library model: sorted indexes and browsing levels. */
#include "config.h"

#include "ui-lib.h"
#include "i18n.h"
#include "xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define UI_LIB_MAX_DEPTH 64

struct ui_lib_level {
	size_t begin, end;  /* songs of the level, in the view's order */
	size_t prefix_len;  /* files view: bytes of the directory prefix */
	size_t cursor;      /* row the user entered from (for leave) */
};

struct ui_lib {
	struct mp_song_list songs;
	size_t *order[2]; /* per view: indexes into songs.items */
	enum ui_lib_view view;
	struct ui_lib_level stack[UI_LIB_MAX_DEPTH];
	unsigned depth;
	struct ui_lib_row *rows;
	size_t n_rows;
	char *arena; /* labels of the files view's directory rows */
};

static const char *ui_lib_tag(const char *s)
{
	return s != NULL ? s : "";
}

/* Comparators for qsort_r (glibc); ctx is the song array.  Libraries are
 * built on a worker thread, so no global sort state. */
static int ui_lib_cmp_tags(const void *a, const void *b, void *ctx)
{
	const struct mp_song *songs = ctx;
	const struct mp_song *x = &songs[*(const size_t *)a];
	const struct mp_song *y = &songs[*(const size_t *)b];
	int c;

	c = strcasecmp(ui_lib_tag(x->artist), ui_lib_tag(y->artist));
	if (c == 0)
		c = strcmp(ui_lib_tag(x->artist), ui_lib_tag(y->artist));
	if (c == 0)
		c = strcasecmp(ui_lib_tag(x->album), ui_lib_tag(y->album));
	if (c == 0)
		c = strcmp(ui_lib_tag(x->album), ui_lib_tag(y->album));
	if (c == 0)
		c = strcmp(x->uri, y->uri);
	return c;
}

static int ui_lib_cmp_files(const void *a, const void *b, void *ctx)
{
	const struct mp_song *songs = ctx;

	return strcmp(songs[*(const size_t *)a].uri,
		      songs[*(const size_t *)b].uri);
}

static const struct mp_song *ui_lib_at(const struct ui_lib *lib, size_t i)
{
	return &lib->songs.items[lib->order[lib->view][i]];
}

/* The text that groups song s at the tags view's depth. */
static const char *ui_lib_group_tag(const struct mp_song *s, unsigned depth)
{
	return ui_lib_tag(depth == 0 ? s->artist : s->album);
}

static const char *ui_lib_tag_label(const char *tag, unsigned depth)
{
	if (tag[0] != '\0')
		return tag;
	return depth == 0 ? _("[no artist]") : _("[no album]");
}

/* The files view's next path component after prefix_len: its length, and
 * whether more path follows (a directory). */
static size_t ui_lib_component(const struct mp_song *s, size_t prefix_len,
			       bool *dir)
{
	const char *rest = s->uri + prefix_len;
	const char *slash = strchr(rest, '/');

	*dir = slash != NULL;
	return slash != NULL ? (size_t)(slash - rest) : strlen(rest);
}

/* Compute the rows of the level on top of the stack. */
static enum mp_status ui_lib_build(struct ui_lib *lib, struct mp_error *err)
{
	const struct ui_lib_level *lv = &lib->stack[lib->depth];
	size_t i, n = 0, arena_len = 0, a = 0;
	struct ui_lib_row *rows;
	char *arena = NULL;
	bool tags = lib->view == UI_LIB_TAGS;

	if (lv->end > lv->begin
	    && lv->end - lv->begin > SIZE_MAX / sizeof(*rows))
		return mp_error_set(err, MP_ENOMEM, _("library too large"));
	rows = malloc((lv->end - lv->begin + 1) * sizeof(*rows));
	if (rows == NULL)
		return mp_error_set(err, MP_ENOMEM, _("out of memory"));
	for (i = lv->begin; i < lv->end; i++) {
		const struct mp_song *s = ui_lib_at(lib, i);
		bool leaf, dir = false;
		size_t clen = 0;

		if (tags) {
			leaf = lib->depth >= 2;
			if (!leaf && n > 0 && !rows[n - 1].leaf
			    && strcmp(ui_lib_group_tag(s, lib->depth),
				      ui_lib_group_tag(ui_lib_at(lib, rows[n - 1].begin),
						       lib->depth)) == 0) {
				rows[n - 1].end = i + 1;
				continue;
			}
		} else {
			const struct mp_song *p;
			bool pdir;

			clen = ui_lib_component(s, lv->prefix_len, &dir);
			leaf = !dir;
			if (dir && n > 0 && !rows[n - 1].leaf) {
				p = ui_lib_at(lib, rows[n - 1].begin);
				if (ui_lib_component(p, lv->prefix_len, &pdir) == clen
				    && memcmp(p->uri + lv->prefix_len,
					      s->uri + lv->prefix_len, clen) == 0) {
					rows[n - 1].end = i + 1;
					continue;
				}
			}
			if (dir)
				arena_len += clen + 1;
		}
		rows[n].begin = i;
		rows[n].end = i + 1;
		rows[n].leaf = leaf;
		rows[n].label = NULL;
		n++;
	}
	if (arena_len > 0) {
		arena = malloc(arena_len);
		if (arena == NULL) {
			free(rows);
			return mp_error_set(err, MP_ENOMEM, _("out of memory"));
		}
	}
	for (i = 0; i < n; i++) {
		const struct mp_song *s = ui_lib_at(lib, rows[i].begin);
		bool dir;
		size_t clen;

		if (tags) {
			rows[i].label = rows[i].leaf
				? song_display_title(s)
				: ui_lib_tag_label(ui_lib_group_tag(s, lib->depth),
						   lib->depth);
			continue;
		}
		clen = ui_lib_component(s, lv->prefix_len, &dir);
		if (!dir) {
			rows[i].label = s->uri + lv->prefix_len;
			continue;
		}
		memcpy(arena + a, s->uri + lv->prefix_len, clen);
		arena[a + clen] = '\0';
		rows[i].label = arena + a;
		a += clen + 1;
	}
	free(lib->rows);
	free(lib->arena);
	lib->rows = rows;
	lib->n_rows = n;
	lib->arena = arena;
	return MP_OK;
}

enum mp_status ui_lib_new(struct mp_song_list *songs, struct ui_lib **out,
			  struct mp_error *err)
{
	struct ui_lib *lib = xcalloc(1, sizeof(*lib));
	size_t i, n = songs->n;
	int v;

	*out = NULL;
	for (v = 0; v < 2; v++) {
		lib->order[v] = n > SIZE_MAX / sizeof(size_t) ? NULL
			: malloc((n + 1) * sizeof(size_t));
		if (lib->order[v] == NULL) {
			free(lib->order[0]);
			free(lib);
			return mp_error_set(err, MP_ENOMEM,
					    _("out of memory indexing %zu songs"), n);
		}
		for (i = 0; i < n; i++)
			lib->order[v][i] = i;
	}
	qsort_r(lib->order[UI_LIB_TAGS], n, sizeof(size_t), ui_lib_cmp_tags,
		songs->items);
	qsort_r(lib->order[UI_LIB_FILES], n, sizeof(size_t), ui_lib_cmp_files,
		songs->items);
	lib->songs = *songs;
	song_list_init(songs);
	if (ui_lib_set_view(lib, UI_LIB_TAGS, err) != MP_OK) {
		*songs = lib->songs;
		free(lib->order[0]);
		free(lib->order[1]);
		free(lib);
		return err != NULL ? err->code : MP_ENOMEM;
	}
	*out = lib;
	return MP_OK;
}

void ui_lib_free(struct ui_lib *lib)
{
	if (lib == NULL)
		return;
	song_list_clear(&lib->songs);
	free(lib->order[0]);
	free(lib->order[1]);
	free(lib->rows);
	free(lib->arena);
	free(lib);
}

size_t ui_lib_song_count(const struct ui_lib *lib)
{
	return lib->songs.n;
}

const struct mp_song *ui_lib_songs(const struct ui_lib *lib)
{
	return lib->songs.items;
}

enum ui_lib_view ui_lib_view(const struct ui_lib *lib)
{
	return lib->view;
}

enum mp_status ui_lib_set_view(struct ui_lib *lib, enum ui_lib_view view,
			       struct mp_error *err)
{
	lib->view = view;
	lib->depth = 0;
	lib->stack[0] = (struct ui_lib_level){0, lib->songs.n, 0, 0};
	return ui_lib_build(lib, err);
}

const struct ui_lib_row *ui_lib_rows(const struct ui_lib *lib, size_t *n)
{
	*n = lib->n_rows;
	return lib->rows;
}

const struct mp_song *ui_lib_song(const struct ui_lib *lib, size_t i)
{
	return ui_lib_at(lib, i);
}

unsigned ui_lib_depth(const struct ui_lib *lib)
{
	return lib->depth;
}

enum mp_status ui_lib_enter(struct ui_lib *lib, size_t row, size_t cursor,
			    struct mp_error *err)
{
	const struct ui_lib_row *r;
	struct ui_lib_level *lv;
	size_t clen = 0;
	bool dir;

	if (row >= lib->n_rows || lib->rows[row].leaf)
		return mp_error_set(err, MP_EINVAL, _("not a folder"));
	if (lib->depth + 1 >= UI_LIB_MAX_DEPTH)
		return mp_error_set(err, MP_EINVAL, _("folders nested too deep"));
	r = &lib->rows[row];
	if (lib->view == UI_LIB_FILES)
		clen = ui_lib_component(ui_lib_at(lib, r->begin),
					lib->stack[lib->depth].prefix_len, &dir) + 1;
	lib->stack[lib->depth].cursor = cursor;
	lv = &lib->stack[lib->depth + 1];
	*lv = (struct ui_lib_level){r->begin, r->end,
				    lib->stack[lib->depth].prefix_len + clen, 0};
	lib->depth++;
	if (ui_lib_build(lib, err) != MP_OK) {
		lib->depth--;
		return err != NULL ? err->code : MP_ENOMEM;
	}
	return MP_OK;
}

bool ui_lib_leave(struct ui_lib *lib, size_t *cursor, struct mp_error *err)
{
	if (lib->depth == 0)
		return false;
	lib->depth--;
	if (ui_lib_build(lib, err) != MP_OK) {
		lib->depth++;
		return false;
	}
	*cursor = lib->stack[lib->depth].cursor;
	return true;
}

void ui_lib_path(const struct ui_lib *lib, char *out, size_t outsz)
{
	const struct ui_lib_level *lv = &lib->stack[lib->depth];
	const struct mp_song *s;
	size_t len;

	if (outsz == 0)
		return;
	out[0] = '\0';
	if (lib->depth == 0 || lv->begin >= lv->end)
		return;
	s = ui_lib_at(lib, lv->begin);
	if (lib->view == UI_LIB_FILES) {
		len = lv->prefix_len < outsz ? lv->prefix_len : outsz - 1;
		memcpy(out, s->uri, len);
		out[len] = '\0';
	} else if (lib->depth == 1) {
		snprintf(out, outsz, "%s", ui_lib_tag_label(ui_lib_tag(s->artist), 0));
	} else {
		snprintf(out, outsz, "%s / %s",
			 ui_lib_tag_label(ui_lib_tag(s->artist), 0),
			 ui_lib_tag_label(ui_lib_tag(s->album), 1));
	}
}
