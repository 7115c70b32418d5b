/* moodplay - the Search screen: the whole database searched by one tag or
 * all of them, with Unicode case and accent folding ("bjork" finds
 * "Björk"); the results browse and add like the Library's songs. */
#ifndef MOODPLAY_PAGE_SEARCH_H
#define MOODPLAY_PAGE_SEARCH_H

#include "ui/ui-page.h"

#include <stddef.h>

extern const struct ui_page page_search;

/* screen-search: after showing the screen, ask for the text when there
 * was no search yet (Tab passes through without asking). */
unsigned page_search_open(struct ui *ui);

/* s folded for searching: case-folded (Unicode full folding),
 * compatibility-decomposed and stripped of combining marks, into out
 * (outsz bytes, cut at a character boundary).  Bytes that are not UTF-8
 * are kept as they are.  Returns out. */
char *page_search_fold(const char *s, char *out, size_t outsz);

#endif
