/* moodplay - the page interface: a page's rows as the model asks for them. */
#include "config.h"

#include "ui/ui-page.h"
#include "ui/ui-text.h"

size_t ui_page_rows(const struct ui_page *p, const struct ui *ui)
{
	return p != NULL && p->rows != NULL ? p->rows(ui) : 0;
}

const struct mp_song *ui_page_song(const struct ui_page *p, const struct ui *ui,
				   size_t base)
{
	struct ui_page_row r = { 0 };
	char buf[8];

	if (p == NULL || p->row == NULL || base >= ui_page_rows(p, ui))
		return NULL;
	p->row(ui, base, &r, buf, sizeof(buf));
	return r.song;
}

bool ui_page_row_matches(const struct ui_page *p, const struct ui *ui,
			 size_t base, const char *q)
{
	struct ui_page_row r = { 0 };
	char buf[512];

	if (p == NULL || p->row == NULL)
		return false;
	p->row(ui, base, &r, buf, sizeof(buf));
	if (r.song != NULL)
		return ui_text_match(song_display_title(r.song), q) ||
		       ui_text_match(r.song->artist, q) ||
		       ui_text_match(r.song->album, q) ||
		       ui_text_match(r.song->uri, q);
	return ui_text_match(r.text, q) || ui_text_match(r.label, q);
}
