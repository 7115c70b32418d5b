/* moodplay - the Playlists screen: MPD's stored playlists, each opened to
 * its songs; and the actions on stored playlists that work from any screen
 * (save the queue as one, add the selected songs to one). */
#ifndef MOODPLAY_PAGE_PLAYLISTS_H
#define MOODPLAY_PAGE_PLAYLISTS_H

#include "ui/ui-page.h"

extern const struct ui_page page_playlists;

/* playlist-save: ask for a name and save the queue under it (asking
 * before replacing a playlist of that name). */
unsigned page_playlists_save(struct ui *ui);
/* playlist-add: ask for a playlist and add the selected songs (the marked
 * ones, else the one under the cursor) of the Queue, the Library, the
 * Search results or an open playlist to it. */
unsigned page_playlists_add_to(struct ui *ui);
/* playlist-rename: on the Playlists screen, ask for the new name of the
 * playlist under the cursor. */
unsigned page_playlists_rename(struct ui *ui);

#endif
