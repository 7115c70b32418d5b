/* moodplay - the Song info screen: every tag of a song, its file, audio
 * format and duration, and MPD's statistics below. */
#ifndef MOODPLAY_PAGE_INFO_H
#define MOODPLAY_PAGE_INFO_H

#include "ui/ui-page.h"

extern const struct ui_page page_info;

/* song-info: show the song under the cursor on the current screen (the
 * playing one where there is none) on the Song info screen. */
unsigned page_info_show_song(struct ui *ui);

#endif
