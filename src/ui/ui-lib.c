/* moodplay - Library model: a stack of levels fetched on demand. */
#include "config.h"

#include "ui/ui-lib.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UI_LIB_MAX_DEPTH 64

enum ui_lib_state {
	UI_LIB_WANTED, /* to be asked for */
	UI_LIB_ASKED,  /* request out, waiting for the answer */
	UI_LIB_LOADED,
	UI_LIB_FAILED,
};

struct ui_lib_level {
	enum ui_lib_kind kind;
	char *artist, *album, *path; /* what the level lists (owned) */
	enum ui_lib_state state;
	unsigned ticket;
	size_t cursor; /* row the user entered the next level from */
	struct ui_lib_answer data;
	struct ui_lib_row *rows;
	size_t n_rows;
};

struct ui_lib {
	enum ui_lib_view view;
	struct ui_lib_level stack[UI_LIB_MAX_DEPTH];
	unsigned depth;
	unsigned next_ticket;
	/* The song ui_lib_locate() is heading for; uri NULL when none. */
	struct {
		char *uri, *artist, *album;
	} loc;
};

static char *ui_lib_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

void ui_lib_request_clear(struct ui_lib_request *rq)
{
	free(rq->artist);
	free(rq->album);
	free(rq->path);
	memset(rq, 0, sizeof(*rq));
}

void ui_lib_answer_init(struct ui_lib_answer *a)
{
	mpdc_names_init(&a->names);
	song_list_init(&a->songs);
	a->truncated = false;
}

void ui_lib_answer_clear(struct ui_lib_answer *a)
{
	mpdc_names_clear(&a->names);
	song_list_clear(&a->songs);
	a->truncated = false;
}

static void ui_lib_level_clear(struct ui_lib_level *lv)
{
	free(lv->artist);
	free(lv->album);
	free(lv->path);
	ui_lib_answer_clear(&lv->data);
	free(lv->rows);
	memset(lv, 0, sizeof(*lv));
	ui_lib_answer_init(&lv->data);
}

static struct ui_lib_level *ui_lib_top(const struct ui_lib *lib)
{
	return (struct ui_lib_level *)&lib->stack[lib->depth];
}

struct ui_lib *ui_lib_new(enum ui_lib_view view)
{
	struct ui_lib *lib = xcalloc(1, sizeof(*lib));

	for (unsigned i = 0; i < UI_LIB_MAX_DEPTH; i++)
		ui_lib_answer_init(&lib->stack[i].data);
	ui_lib_set_view(lib, view);
	return lib;
}

void ui_lib_free(struct ui_lib *lib)
{
	if (lib == NULL)
		return;
	for (unsigned i = 0; i <= lib->depth; i++)
		ui_lib_level_clear(&lib->stack[i]);
	ui_lib_locate(lib, NULL);
	free(lib);
}

enum ui_lib_view ui_lib_view(const struct ui_lib *lib)
{
	return lib->view;
}

void ui_lib_set_view(struct ui_lib *lib, enum ui_lib_view view)
{
	struct ui_lib_level *lv;

	for (unsigned i = 0; i <= lib->depth; i++)
		ui_lib_level_clear(&lib->stack[i]);
	lib->view = view;
	lib->depth = 0;
	lv = &lib->stack[0];
	lv->kind = view == UI_LIB_TAGS ? UI_LIB_ARTISTS : UI_LIB_DIR;
	if (view == UI_LIB_FILES)
		lv->path = xstrdup("");
}

bool ui_lib_loading(const struct ui_lib *lib)
{
	enum ui_lib_state s = ui_lib_top(lib)->state;

	return s == UI_LIB_WANTED || s == UI_LIB_ASKED;
}

bool ui_lib_failed(const struct ui_lib *lib)
{
	return ui_lib_top(lib)->state == UI_LIB_FAILED;
}

bool ui_lib_request(struct ui_lib *lib, struct ui_lib_request *rq)
{
	struct ui_lib_level *lv = ui_lib_top(lib);

	if (lv->state != UI_LIB_WANTED)
		return false;
	lv->state = UI_LIB_ASKED;
	lv->ticket = ++lib->next_ticket;
	*rq = (struct ui_lib_request){ lv->kind, ui_lib_dup(lv->artist),
				       ui_lib_dup(lv->album),
				       ui_lib_dup(lv->path), lv->ticket };
	return true;
}

/* The level waiting for ticket, or NULL when the user has left it. */
static struct ui_lib_level *ui_lib_waiting(struct ui_lib *lib, unsigned ticket)
{
	struct ui_lib_level *lv = ui_lib_top(lib);

	return lv->state == UI_LIB_ASKED && lv->ticket == ticket ? lv : NULL;
}

static const char *ui_lib_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

bool ui_lib_answer(struct ui_lib *lib, unsigned ticket, struct ui_lib_answer *a)
{
	struct ui_lib_level *lv = ui_lib_waiting(lib, ticket);
	size_t n = 0;

	if (lv == NULL)
		return false;
	lv->data = *a;
	ui_lib_answer_init(a);
	lv->rows = xreallocarray(NULL, lv->data.names.n + lv->data.songs.n + 1,
				 sizeof(*lv->rows));
	for (size_t i = 0; i < lv->data.names.n; i++) {
		const char *v = lv->data.names.v[i];
		struct ui_lib_row *r = &lv->rows[n++];

		r->value = v;
		r->song = NULL;
		r->leaf = false;
		if (lv->kind == UI_LIB_DIR)
			r->label = ui_lib_base(v);
		else if (v[0] != '\0')
			r->label = v;
		else
			r->label = lv->kind == UI_LIB_ARTISTS ? _("[no artist]")
							      : _("[no album]");
	}
	for (size_t i = 0; i < lv->data.songs.n; i++) {
		const struct mp_song *s = &lv->data.songs.items[i];
		struct ui_lib_row *r = &lv->rows[n++];

		r->value = NULL;
		r->song = s;
		r->leaf = true;
		r->label = lv->kind == UI_LIB_DIR ? ui_lib_base(s->uri)
						  : song_display_title(s);
	}
	lv->n_rows = n;
	lv->state = UI_LIB_LOADED;
	return true;
}

bool ui_lib_fail(struct ui_lib *lib, unsigned ticket)
{
	struct ui_lib_level *lv = ui_lib_waiting(lib, ticket);

	if (lv == NULL)
		return false;
	lv->state = UI_LIB_FAILED;
	return true;
}

const struct ui_lib_row *ui_lib_rows(const struct ui_lib *lib, size_t *n)
{
	const struct ui_lib_level *lv = ui_lib_top(lib);

	*n = lv->n_rows;
	return lv->rows;
}

unsigned ui_lib_depth(const struct ui_lib *lib)
{
	return lib->depth;
}

enum mp_status ui_lib_enter(struct ui_lib *lib, size_t row, size_t cursor,
			    struct mp_error *err)
{
	struct ui_lib_level *lv = ui_lib_top(lib), *next;
	const struct ui_lib_row *r;

	if (row >= lv->n_rows || lv->rows[row].leaf)
		return mp_error_set(err, MP_EINVAL, _("not a folder"));
	if (lib->depth + 1 >= UI_LIB_MAX_DEPTH)
		return mp_error_set(err, MP_EINVAL,
				    _("folders nested too deep"));
	r = &lv->rows[row];
	lv->cursor = cursor;
	next = &lib->stack[lib->depth + 1];
	ui_lib_level_clear(next);
	switch (lv->kind) {
	case UI_LIB_ARTISTS:
		next->kind = UI_LIB_ALBUMS;
		next->artist = xstrdup(r->value);
		break;
	case UI_LIB_ALBUMS:
		next->kind = UI_LIB_SONGS;
		next->artist = xstrdup(lv->artist);
		next->album = xstrdup(r->value);
		break;
	case UI_LIB_SONGS:
		return mp_error_set(err, MP_EINVAL, _("not a folder"));
	case UI_LIB_DIR:
		next->kind = UI_LIB_DIR;
		next->path = xstrdup(r->value);
		break;
	}
	lib->depth++;
	return MP_OK;
}

bool ui_lib_leave(struct ui_lib *lib, size_t *cursor)
{
	if (lib->depth == 0)
		return false;
	ui_lib_level_clear(&lib->stack[lib->depth]);
	lib->depth--;
	*cursor = lib->stack[lib->depth].cursor;
	return true;
}

void ui_lib_target(const struct ui_lib *lib, const struct ui_lib_row *r,
		   struct ui_lib_target *t)
{
	const struct ui_lib_level *lv = ui_lib_top(lib);

	memset(t, 0, sizeof(*t));
	if (r->leaf) {
		t->uri = r->song->uri;
		return;
	}
	switch (lv->kind) {
	case UI_LIB_ARTISTS:
		t->match[t->nmatch++] =
			(struct mpdc_match){ MPDC_TAG_ARTIST, r->value };
		break;
	case UI_LIB_ALBUMS:
		t->match[t->nmatch++] =
			(struct mpdc_match){ MPDC_TAG_ARTIST, lv->artist };
		t->match[t->nmatch++] =
			(struct mpdc_match){ MPDC_TAG_ALBUM, r->value };
		break;
	case UI_LIB_SONGS: /* no folders here */ break;
	case UI_LIB_DIR: t->uri = r->value; break;
	}
}

void ui_lib_locate(struct ui_lib *lib, const struct mp_song *s)
{
	free(lib->loc.uri);
	free(lib->loc.artist);
	free(lib->loc.album);
	memset(&lib->loc, 0, sizeof(lib->loc));
	if (s == NULL)
		return;
	lib->loc.uri = xstrdup(s->uri);
	lib->loc.artist = xstrdup(s->artist ? s->artist : "");
	lib->loc.album = xstrdup(s->album ? s->album : "");
	ui_lib_set_view(lib, lib->view);
}

/* Whether folder row r of a level of kind k leads to the located song. */
static bool ui_lib_leads(const struct ui_lib *lib, enum ui_lib_kind k,
			 const struct ui_lib_row *r)
{
	size_t n;

	switch (k) {
	case UI_LIB_ARTISTS: return strcmp(r->value, lib->loc.artist) == 0;
	case UI_LIB_ALBUMS: return strcmp(r->value, lib->loc.album) == 0;
	case UI_LIB_DIR:
		n = strlen(r->value);
		return n > 0 && strncmp(lib->loc.uri, r->value, n) == 0 &&
		       lib->loc.uri[n] == '/';
	case UI_LIB_SONGS: break;
	}
	return false;
}

enum ui_lib_step ui_lib_locate_step(struct ui_lib *lib, size_t *row)
{
	const struct ui_lib_level *lv = ui_lib_top(lib);

	if (lib->loc.uri == NULL || lv->state == UI_LIB_WANTED ||
	    lv->state == UI_LIB_ASKED)
		return UI_LIB_STEP_NONE;
	for (size_t i = 0; lv->state == UI_LIB_LOADED && i < lv->n_rows; i++) {
		const struct ui_lib_row *r = &lv->rows[i];

		*row = i;
		if (r->leaf && strcmp(r->song->uri, lib->loc.uri) == 0) {
			ui_lib_locate(lib, NULL);
			return UI_LIB_STEP_FOUND;
		}
		if (!r->leaf && ui_lib_leads(lib, lv->kind, r))
			return UI_LIB_STEP_ENTER;
	}
	ui_lib_locate(lib, NULL);
	return UI_LIB_STEP_MISSING;
}

static const char *ui_lib_tag_label(const char *tag, bool artist)
{
	if (tag[0] != '\0')
		return tag;
	return artist ? _("[no artist]") : _("[no album]");
}

void ui_lib_path(const struct ui_lib *lib, char *out, size_t outsz)
{
	const struct ui_lib_level *lv = ui_lib_top(lib);

	if (outsz == 0)
		return;
	out[0] = '\0';
	if (lib->depth == 0)
		return;
	if (lv->kind == UI_LIB_DIR)
		snprintf(out, outsz, "%s/", lv->path);
	else if (lv->kind == UI_LIB_ALBUMS)
		snprintf(out, outsz, "%s", ui_lib_tag_label(lv->artist, true));
	else
		snprintf(out, outsz, "%s / %s",
			 ui_lib_tag_label(lv->artist, true),
			 ui_lib_tag_label(lv->album, false));
}
