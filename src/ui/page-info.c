/* moodplay - the Song info screen.  Which song: the one song-info was
 * pressed on, else (opened with its key or Tab) the playing song, followed
 * as it changes.  Fetched from MPD when the screen is shown: the queue's
 * copy by id for queue songs (streams have no database entry), the
 * database's by URI for the others; the statistics with it. */
#include "config.h"

#include "ui/page-info.h"
#include "ui/ui-mpd.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <mpd/idle.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct info_line {
	char *label, *text;
	bool heading;
};

struct page_info {
	char *uri;   /* the song chosen with song-info; NULL: the playing one */
	unsigned id; /* its queue id, 0 outside the queue */
	struct info_line *lines;
	size_t n, cap;
	bool loaded;
	char error[MP_ERROR_MAX];
};

static struct page_info *info_of(struct ui *ui)
{
	if (ui->info == NULL)
		ui->info = xcalloc(1, sizeof(*ui->info));
	return ui->info;
}

static void info_clear_lines(struct page_info *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->lines[i].label);
		free(p->lines[i].text);
	}
	p->n = 0;
}

static void info_line(struct page_info *p, bool heading, const char *label,
		      const char *fmt, ...) MP_PRINTF(4, 5);

static void info_line(struct page_info *p, bool heading, const char *label,
		      const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->lines = xreallocarray(p->lines, p->cap, sizeof(*p->lines));
	}
	p->lines[p->n++] =
		(struct info_line){ label != NULL ? xstrdup(label) : NULL,
				    xstrdup(buf), heading };
}

/* "3:07", "1:02:03", or with days "2d 01:02:03". */
static void info_duration(char *out, size_t outsz, unsigned long s)
{
	if (s >= 86400)
		snprintf(out, outsz, "%lud %02lu:%02lu:%02lu", s / 86400,
			 s / 3600 % 24, s / 60 % 60, s % 60);
	else if (s >= 3600)
		snprintf(out, outsz, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60,
			 s % 60);
	else
		snprintf(out, outsz, "%lu:%02lu", s / 60, s % 60);
}

static void info_date(char *out, size_t outsz, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (t <= 0 || localtime_r(&tt, &tm) == NULL)
		snprintf(out, outsz, "%s", _("unknown"));
	else
		strftime(out, outsz, "%Y-%m-%d %H:%M:%S", &tm);
}

static void info_song_lines(struct page_info *p, const struct mpdc_song_info *s)
{
	char buf[64];

	info_line(p, true, NULL, "%s", _("Song"));
	info_line(p, false, _("File"), "%s", s->uri);
	for (size_t i = 0; i < s->names.n; i++)
		info_line(p, false, s->names.v[i], "%s", s->values.v[i]);
	if (s->duration_ms > 0) {
		info_duration(buf, sizeof(buf), s->duration_ms / 1000);
		info_line(p, false, _("Duration"), "%s", buf);
	}
	if (s->format[0] != '\0')
		info_line(p, false, _("Format"), "%s", s->format);
	if (s->modified > 0) {
		info_date(buf, sizeof(buf), s->modified);
		info_line(p, false, _("Modified"), "%s", buf);
	}
}

static void info_stats_lines(struct page_info *p, const struct mpdc_stats *st)
{
	char buf[64];

	info_line(p, true, NULL, "%s", _("MPD statistics"));
	info_line(p, false, _("Songs"), "%u", st->songs);
	info_line(p, false, _("Artists"), "%u", st->artists);
	info_line(p, false, _("Albums"), "%u", st->albums);
	info_duration(buf, sizeof(buf), st->db_playtime_s);
	info_line(p, false, _("Total time"), "%s", buf);
	info_duration(buf, sizeof(buf), st->uptime_s);
	info_line(p, false, _("Uptime"), "%s", buf);
	info_duration(buf, sizeof(buf), st->playtime_s);
	info_line(p, false, _("Played"), "%s", buf);
	info_date(buf, sizeof(buf), st->db_update);
	info_line(p, false, _("DB updated"), "%s", buf);
}

/* Fetch the song (if any) and the statistics into lines. */
static unsigned info_fetch(struct ui *ui)
{
	struct page_info *p = info_of(ui);
	struct mpdc_song_info song;
	struct mpdc_stats st;
	struct mp_error err;
	const char *uri = p->uri;
	unsigned id = p->id;
	enum mp_status rc = MP_OK;

	info_clear_lines(p);
	p->loaded = false;
	p->error[0] = '\0';
	if (!ui_connected(ui))
		return UI_REDRAW_BODY;
	if (uri == NULL && ui->has_current) {
		uri = ui->current.uri;
		id = ui->current.id;
	}
	mpdc_song_info_init(&song);
	if (uri != NULL) {
		rc = mpdc_song_info(ui_mpd_conn(ui), uri, id, &song, &err);
		/* A queue song deleted since: the database may still have it. */
		if (rc == MP_ENOENT && id > 0)
			rc = mpdc_song_info(ui_mpd_conn(ui), uri, 0, &song,
					    &err);
		if (rc == MP_OK)
			info_song_lines(p, &song);
		else if (rc == MP_ENOENT || rc == MP_ERR)
			info_line(p, false, NULL, "%s", err.msg);
		mpdc_song_info_clear(&song);
	} else {
		info_line(p, false, NULL, "%s",
			  _("No song chosen and nothing is playing: press "
			    "song-info on a song in any list."));
	}
	if (rc != MP_OK && rc != MP_ENOENT && rc != MP_ERR)
		goto failed;
	if (mpdc_stats(ui_mpd_conn(ui), &st, &err) != MP_OK)
		goto failed;
	info_line(p, false, NULL, "%s", "");
	info_stats_lines(p, &st);
	p->loaded = true;
	ui_filter_apply(ui, UI_SCREEN_INFO);
	ui_clamp(ui, UI_SCREEN_INFO);
	return UI_REDRAW_BODY | UI_REDRAW_STATUS;
failed:
	info_clear_lines(p);
	snprintf(p->error, sizeof(p->error), "%s", err.msg);
	return ui_mpd_failed(ui, &err);
}

static size_t info_rows(const struct ui *ui)
{
	return ui->info != NULL && ui_connected(ui) ? ui->info->n : 0;
}

static void info_row(const struct ui *ui, size_t base, struct ui_page_row *out,
		     char *buf, size_t bufsz)
{
	const struct info_line *l = &ui->info->lines[base];

	(void)buf;
	(void)bufsz;
	out->label = l->label;
	out->text = l->text;
	out->heading = l->heading;
	out->el = CONF_EL_LIST;
}

static const char *info_message(const struct ui *ui)
{
	if (!ui_connected(ui))
		return _("not connected to MPD");
	if (ui->info != NULL && ui->info->error[0] != '\0')
		return ui->info->error;
	if (ui->info == NULL || !ui->info->loaded)
		return _("loading...");
	return NULL;
}

static unsigned info_changed(struct ui *ui, unsigned events)
{
	/* Following the playing song, or the statistics after an update. */
	if (ui->info == NULL || ui->screen != UI_SCREEN_INFO)
		return 0;
	if ((ui->info->uri == NULL && (events & MPD_IDLE_PLAYER)) ||
	    (events & MPD_IDLE_DATABASE))
		return info_fetch(ui);
	return 0;
}

static void info_free(struct ui *ui)
{
	if (ui->info == NULL)
		return;
	info_clear_lines(ui->info);
	free(ui->info->lines);
	free(ui->info->uri);
	free(ui->info);
	ui->info = NULL;
}

const struct ui_page page_info = {
	.rows = info_rows,
	.row = info_row,
	.message = info_message,
	.show = info_fetch,
	.changed = info_changed,
	.free = info_free,
};

unsigned page_info_show_song(struct ui *ui)
{
	const struct mp_song *s = ui_selected_song(ui);
	struct page_info *p = info_of(ui);

	if (ui->screen == UI_SCREEN_INFO)
		return 0; /* showing the screen again fetches it again */
	free(p->uri);
	p->uri = s != NULL ? xstrdup(s->uri) : NULL;
	p->id = s != NULL && ui->screen == UI_SCREEN_QUEUE ? s->id : 0;
	ui->cur[UI_SCREEN_INFO] = (struct ui_cursor){ 0, 0 };
	return 0; /* the caller shows the screen, which fetches */
}
