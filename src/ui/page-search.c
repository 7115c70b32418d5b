/* moodplay - the Search screen.
 *
 * MPD's own search is case-insensitive but does not fold accents, so a
 * search for "bjork" would miss "Björk".  Instead the distinct values of
 * each tag searched are listed ("list TAG", far fewer than the songs for
 * all tags but the title), folded and matched here, and the songs behind
 * each matching value asked for ("find TAG VALUE"), up to a bound.  The
 * query may start with a tag name and a colon ("artist:bjork"); without
 * one every tag and the file name are searched. */
#include "config.h"

#include "ui/page-search.h"
#include "ui/ui-mpd.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

/* At most this many songs are shown; a query that finds more says so. */
#define SEARCH_MAX_SONGS 2000
/* Bound on the values of one tag held while matching. */
#define SEARCH_MAX_VALUES 2000000

/* The tags a query can name, and what "any" (no name) searches. */
static const struct {
	const char *name;
	enum mpdc_tag tag;
} search_tags[] = {
	{ "artist", MPDC_TAG_ARTIST },
	{ "albumartist", MPDC_TAG_ALBUM_ARTIST },
	{ "album", MPDC_TAG_ALBUM },
	{ "title", MPDC_TAG_TITLE },
	{ "genre", MPDC_TAG_GENRE },
	{ "composer", MPDC_TAG_COMPOSER },
	{ "performer", MPDC_TAG_PERFORMER },
	{ "file", MPDC_TAG_FILE },
};
#define SEARCH_NTAGS (sizeof(search_tags) / sizeof(search_tags[0]))

/* What the worker reads and fills; the UI touches it only while no
 * search runs. */
struct search_work {
	const struct mpdc_endpoint *ep;
	unsigned timeout_ms;
	struct mpdc *mpd; /* the worker's own connection, kept */
	char needle[512]; /* folded */
	size_t t0, t1;    /* the search_tags[] searched */
	struct mp_song_list songs;
	bool truncated;
};

struct page_search {
	char query[256];      /* as typed, "" before the first search */
	char text[256];       /* the query without its tag prefix */
	const char *tag_name; /* the tag searched, NULL for all */
	struct search_work work;
	struct mp_song_list songs;
	bool loaded, truncated;
	/* The body's message when there are no songs. */
	char message[MP_ERROR_MAX];
};

char *page_search_fold(const char *s, char *out, size_t outsz)
{
	uint8_t buf[1024], *folded;
	size_t n = sizeof(buf), o = 0;
	const uint8_t *p, *end;

	if (outsz == 0)
		return out;
	/* Plain ASCII (most tags and file names) needs no Unicode pass:
	 * lower case is all its folding. */
	for (n = 0; s[n] != '\0' && (unsigned char)s[n] < 0x80; n++)
		;
	if (s[n] == '\0') {
		for (; *s != '\0' && o + 1 < outsz; s++)
			out[o++] =
				(char)((*s >= 'A' && *s <= 'Z') ? *s + 32 : *s);
		out[o] = '\0';
		return out;
	}
	n = sizeof(buf);
	folded = u8_casefold((const uint8_t *)s, strlen(s), NULL, UNINORM_NFKD,
			     buf, &n);
	if (folded == NULL) {
		/* Not UTF-8: compared byte for byte, ASCII lower-cased. */
		for (; *s != '\0' && o + 1 < outsz; s++)
			out[o++] =
				(char)((*s >= 'A' && *s <= 'Z') ? *s + 32 : *s);
		out[o] = '\0';
		return out;
	}
	for (p = folded, end = folded + n; p < end;) {
		ucs4_t uc;
		int len = u8_mbtouc(&uc, p, (size_t)(end - p));

		if (!uc_is_general_category(uc, UC_CATEGORY_M)) {
			if (o + (size_t)len >= outsz)
				break;
			memcpy(out + o, p, (size_t)len);
			o += (size_t)len;
		}
		p += len;
	}
	out[o] = '\0';
	if (folded != buf)
		free(folded);
	return out;
}

static struct page_search *search_of(struct ui *ui)
{
	if (ui->search == NULL) {
		ui->search = xcalloc(1, sizeof(*ui->search));
		song_list_init(&ui->search->songs);
		song_list_init(&ui->search->work.songs);
	}
	return ui->search;
}

static int search_cmp_uri(const void *a, const void *b)
{
	return strcmp(((const struct mp_song *)a)->uri,
		      ((const struct mp_song *)b)->uri);
}

/* Sorted by file name (so albums stay together, in track order), each
 * song once: a song can match in several tags. */
static void search_sort_unique(struct mp_song_list *l)
{
	size_t o = 0;

	if (l->n < 2)
		return;
	qsort(l->items, l->n, sizeof(*l->items), search_cmp_uri);
	for (size_t i = 0; i < l->n; i++) {
		if (o > 0 &&
		    strcmp(l->items[o - 1].uri, l->items[i].uri) == 0) {
			song_clear(&l->items[i]);
			continue;
		}
		l->items[o++] = l->items[i];
	}
	l->n = o;
}

static bool search_has_uri(const struct mp_song_list *l, const char *uri)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].uri, uri) == 0)
			return true;
	return false;
}

static size_t search_dir_len(const char *uri)
{
	const char *slash = strrchr(uri, '/');

	return slash != NULL ? (size_t)(slash - uri) : 0;
}

/* The songs of the files uris[0..n) (one directory), appended to out: one
 * "lsinfo" of the directory when there are several, else one "find". */
static enum mp_status search_files(struct mpdc *m, char **uris, size_t n,
				   struct mp_song_list *out, bool *truncated,
				   struct mp_error *err)
{
	struct mpdc_names dirs;
	struct mp_song_list songs;
	char dir[1024];
	size_t len = search_dir_len(uris[0]);
	enum mp_status rc;

	if (n == 1) {
		struct mpdc_match match = { MPDC_TAG_FILE, uris[0] };
		bool cut = false;

		rc = mpdc_find_songs(m, &match, 1, SEARCH_MAX_SONGS - out->n,
				     out, &cut, err);
		*truncated |= cut;
		return rc;
	}
	snprintf(dir, sizeof(dir), "%.*s", (int)len, uris[0]);
	mpdc_names_init(&dirs);
	song_list_init(&songs);
	rc = mpdc_list_dir(m, dir, SEARCH_MAX_VALUES, &dirs, &songs, NULL, err);
	for (size_t i = 0; rc == MP_OK && i < songs.n; i++) {
		bool want = false;

		for (size_t k = 0; k < n && !want; k++)
			want = strcmp(songs.items[i].uri, uris[k]) == 0;
		if (!want)
			continue;
		if (out->n >= SEARCH_MAX_SONGS) {
			*truncated = true;
			break;
		}
		*song_list_push(out) = songs.items[i];
		memset(&songs.items[i], 0, sizeof(songs.items[i]));
		songs.items[i].uri = NULL;
	}
	/* The songs moved to out left NULL uris behind: song_clear copes. */
	song_list_clear(&songs);
	mpdc_names_clear(&dirs);
	return rc;
}

static bool search_ascii(const char *s)
{
	while (*s != '\0' && (unsigned char)*s < 0x80)
		s++;
	return *s == '\0';
}

/* The songs of tag whose values contain the folded needle, appended to
 * out while it holds fewer than SEARCH_MAX_SONGS.  On the worker.
 *
 * One "find" per matching value costs MPD a walk of its database each:
 * the values in plain ASCII, where folding is only case, are left to one
 * MPD "search" (case-insensitive) when the needle is ASCII too; the
 * others are found one by one, files a directory at a time. */
static enum mp_status search_tag(struct ui_job *job, struct mpdc *m,
				 enum mpdc_tag tag, const char *needle,
				 struct mp_song_list *out, bool *truncated,
				 struct mp_error *err)
{
	struct mpdc_names values;
	char folded[1024];
	bool by_mpd = search_ascii(needle), mpd_asked = false;
	enum mp_status rc;

	mpdc_names_init(&values);
	rc = mpdc_tag_values(m, tag, NULL, 0, SEARCH_MAX_VALUES, &values, NULL,
			     err);
	for (size_t i = 0; rc == MP_OK && i < values.n; i++) {
		struct mpdc_match match = { tag, values.v[i] };
		bool cut = false;

		if (ui_job_cancelled(job))
			break;
		if (values.v[i][0] == '\0' ||
		    strstr(page_search_fold(values.v[i], folded,
					    sizeof(folded)),
			   needle) == NULL)
			continue;
		if (out->n >= SEARCH_MAX_SONGS) {
			*truncated = true;
			break;
		}
		if (by_mpd && search_ascii(values.v[i])) {
			struct mpdc_match sub = { tag, needle };

			if (!mpd_asked)
				rc = mpdc_search_songs(
					m, &sub, 1, SEARCH_MAX_SONGS - out->n,
					out, &cut, err);
			mpd_asked = true;
			*truncated |= cut;
			continue;
		}
		if (tag == MPDC_TAG_FILE) {
			/* The files of one directory ("list file" keeps them
			 * together) in one listing. */
			size_t k = i, len = search_dir_len(values.v[i]);
			size_t n = 0;
			char **group;

			while (k < values.n &&
			       search_dir_len(values.v[k]) == len &&
			       strncmp(values.v[k], values.v[i], len) == 0)
				k++;
			group = xcalloc(k - i, sizeof(*group)); /* borrowed */
			for (size_t j = i; j < k; j++)
				if (!search_has_uri(out, values.v[j]) &&
				    strstr(page_search_fold(values.v[j], folded,
							    sizeof(folded)),
					   needle) != NULL)
					group[n++] = values.v[j];
			i = k - 1;
			if (n > 0)
				rc = search_files(m, group, n, out, truncated,
						  err);
			free(group);
			continue;
		}
		rc = mpdc_find_songs(m, &match, 1, SEARCH_MAX_SONGS - out->n,
				     out, &cut, err);
		*truncated |= cut;
	}
	mpdc_names_clear(&values);
	return rc;
}

/* Worker: the search on a connection of its own, so the UI's stays
 * responsive; kept between searches, and once more on a new one when it
 * turns out to have died since (MPD restarted). */
static enum mp_status search_job_run(struct ui_job *job, void *arg,
				     struct mp_error *err)
{
	struct search_work *w = arg;
	enum mp_status rc;
	bool fresh;

	ui_job_stage(job, _("searching the database"));
	if (w->mpd == NULL)
		w->mpd = mpdc_new(w->ep, w->timeout_ms, 0);
	for (;;) {
		fresh = mpdc_state(w->mpd) != MPDC_CONNECTED;
		if (fresh && (rc = mpdc_connect(w->mpd, err)) != MP_OK)
			return rc;
		rc = MP_OK;
		for (size_t i = w->t0; i < w->t1 && rc == MP_OK &&
				       !w->truncated && !ui_job_cancelled(job);
		     i++)
			rc = search_tag(job, w->mpd, search_tags[i].tag,
					w->needle, &w->songs, &w->truncated,
					err);
		if (rc == MP_OK || fresh ||
		    mpdc_state(w->mpd) == MPDC_CONNECTED ||
		    ui_job_cancelled(job))
			return rc;
		song_list_clear(&w->songs);
		w->truncated = false;
	}
}

/* The worker finished: take its songs. */
static unsigned search_job_done(struct ui *ui)
{
	struct page_search *p = search_of(ui);
	struct search_work *w = &p->work;
	struct mp_error err;
	enum mp_status rc;

	if (!ui_job_poll(ui->page_job, &rc, &err))
		return UI_REDRAW_STATUS;
	ui->page_job_done = NULL;
	if (rc != MP_OK) {
		song_list_clear(&w->songs);
		snprintf(p->message, sizeof(p->message), "%s", err.msg);
		return ui_notify(ui, true, "%s", err.msg) | UI_REDRAW_ALL;
	}
	song_list_clear(&p->songs);
	p->songs = w->songs;
	song_list_init(&w->songs);
	p->truncated = w->truncated;
	search_sort_unique(&p->songs);
	p->loaded = true;
	snprintf(p->message, sizeof(p->message),
		 _("Nothing in the database matches '%s'."), p->text);
	if (p->truncated)
		ui_notify(ui, true,
			  ngettext("only the first %d song is shown",
				   "only the first %d songs are shown",
				   SEARCH_MAX_SONGS),
			  SEARCH_MAX_SONGS);
	ui_filter_apply(ui, UI_SCREEN_SEARCH);
	ui_clamp(ui, UI_SCREEN_SEARCH);
	return UI_REDRAW_ALL;
}

/* Run the query in p->query on the worker. */
static unsigned search_run(struct ui *ui)
{
	struct page_search *p = search_of(ui);
	struct search_work *w = &p->work;
	const char *text = p->query, *colon = strchr(p->query, ':');
	struct mp_error err;

	if (!ui_connected(ui))
		return ui_not_connected(ui) | UI_REDRAW_BODY;
	if (ui_job_running(ui->page_job))
		return ui_notify(ui, false, _("a search is already running"));
	w->t0 = 0;
	w->t1 = SEARCH_NTAGS;
	p->tag_name = NULL;
	if (colon != NULL) {
		for (size_t i = 0; i < SEARCH_NTAGS; i++)
			if (strlen(search_tags[i].name) ==
				    (size_t)(colon - p->query) &&
			    strncasecmp(search_tags[i].name, p->query,
					(size_t)(colon - p->query)) == 0) {
				w->t0 = i;
				w->t1 = i + 1;
				p->tag_name = search_tags[i].name;
				text = colon + 1;
			}
	}
	while (*text == ' ')
		text++;
	page_search_fold(text, w->needle, sizeof(w->needle));
	if (w->needle[0] == '\0')
		return ui_notify(ui, false, _("type something to search for"));
	snprintf(p->text, sizeof(p->text), "%s", text);
	song_list_clear(&p->songs);
	song_list_clear(&w->songs);
	ui_sel_clear(ui, UI_SCREEN_SEARCH);
	ui_filter_off(ui, UI_SCREEN_SEARCH);
	ui->cur[UI_SCREEN_SEARCH] = (struct ui_cursor){ 0, 0 };
	p->loaded = p->truncated = w->truncated = false;
	w->ep = &ui->ep;
	w->timeout_ms = (unsigned)(ui->conf->mpd.timeout * 1000.0);
	snprintf(p->message, sizeof(p->message), "%s",
		 _("searching the database..."));
	if (ui_job_start(ui->page_job, search_job_run, w, &err) != MP_OK) {
		snprintf(p->message, sizeof(p->message), "%s", err.msg);
		return ui_notify(ui, true, "%s", err.msg) | UI_REDRAW_BODY;
	}
	ui->page_job_done = search_job_done;
	return UI_REDRAW_ALL;
}

static unsigned search_done(struct ui *ui, const char *text)
{
	struct page_search *p = search_of(ui);

	if (text[0] == '\0')
		return ui_notify(ui, false, _("cancelled"));
	if (ui_job_running(ui->page_job))
		return ui_notify(ui, false, _("a search is already running"));
	snprintf(p->query, sizeof(p->query), "%s", text);
	return search_run(ui);
}

/* "/" on the Search screen, and showing it before any search: ask. */
static unsigned search_ask(struct ui *ui)
{
	struct page_search *p = search_of(ui);

	if (!ui_connected(ui))
		return ui_not_connected(ui);
	return ui_ask_line(ui, _("Search the database:"), p->query, NULL,
			   search_done);
}

unsigned page_search_open(struct ui *ui)
{
	struct page_search *p = search_of(ui);

	return p->query[0] == '\0' ? search_ask(ui) : 0;
}

static size_t search_rows(const struct ui *ui)
{
	return ui->search != NULL && ui_connected(ui) ? ui->search->songs.n : 0;
}

static void search_row(const struct ui *ui, size_t base,
		       struct ui_page_row *out, char *buf, size_t bufsz)
{
	(void)buf;
	(void)bufsz;
	out->song = &ui->search->songs.items[base];
}

static const char *search_message(const struct ui *ui)
{
	const struct page_search *p = ui->search;

	if (!ui_connected(ui))
		return _("not connected to MPD");
	if (p == NULL || p->query[0] == '\0')
		return _("Press / to search the whole database: every tag and "
			 "the file name, or one with a prefix such as "
			 "artist:, album:, title:, genre:, composer: or file:. "
			 "Case and accents do not matter.");
	if (!p->loaded || p->songs.n == 0)
		return p->message;
	return NULL;
}

static bool search_status(const struct ui *ui, char *buf, size_t bufsz)
{
	const struct page_search *p = ui->search;

	if (p == NULL || !p->loaded || !ui_connected(ui))
		return false;
	snprintf(buf, bufsz,
		 ngettext("%zu song matches '%s' (%s), %zu marked",
			  "%zu songs match '%s' (%s), %zu marked", p->songs.n),
		 p->songs.n, p->query,
		 p->tag_name != NULL ? p->tag_name : _("all tags"),
		 ui->sel[UI_SCREEN_SEARCH].count);
	return true;
}

static size_t search_target_uris(struct ui *ui, const char ***out)
{
	size_t *rows, n = ui_targets(ui, UI_SCREEN_SEARCH, &rows);

	*out = xcalloc(n ? n : 1, sizeof(**out));
	for (size_t i = 0; i < n; i++)
		(*out)[i] = ui->search->songs.items[rows[i]].uri;
	free(rows);
	return n;
}

static unsigned search_add(struct ui *ui, bool insert)
{
	const char **v;
	size_t n;
	unsigned redraw;

	if (ui->search == NULL)
		return 0;
	n = search_target_uris(ui, &v);
	redraw = ui_mpd_queue_uris(ui, v, n, insert, false);
	free(v);
	ui_sel_clear(ui, UI_SCREEN_SEARCH);
	return redraw | UI_REDRAW_BODY;
}

/* Enter: add the song and play it, as in the Library. */
static unsigned search_select(struct ui *ui)
{
	size_t c = ui->cur[UI_SCREEN_SEARCH].cursor;

	if (ui->search == NULL || c >= ui_rows(ui, UI_SCREEN_SEARCH))
		return 0;
	return ui_mpd_queue_uris(
		ui,
		(const char *const[]){
			ui->search->songs.items[ui_row(ui, UI_SCREEN_SEARCH, c)]
				.uri },
		1, false, true);
}

static void search_free(struct ui *ui)
{
	if (ui->search == NULL)
		return;
	/* The worker is stopped (ui.c frees the page job first). */
	mpdc_free(ui->search->work.mpd);
	song_list_clear(&ui->search->work.songs);
	song_list_clear(&ui->search->songs);
	free(ui->search);
	ui->search = NULL;
}

const struct ui_page page_search = {
	.rows = search_rows,
	.row = search_row,
	.message = search_message,
	.status = search_status,
	.select = search_select,
	.add = search_add,
	.search = search_ask,
	.free = search_free,
	.marks = true,
};
