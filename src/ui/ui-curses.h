/* moodplay - the one place curses is included (wide-character ncursesw),
 * and the terminal layer's functions that speak curses types.  Only the
 * drawing layer (ui-draw.c) and the terminal layer (ui-term.c) include
 * this; the model, actions and loop never see curses. */
#ifndef MOODPLAY_UI_CURSES_H
#define MOODPLAY_UI_CURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>

#include "conf/conf.h"

/* Attributes (colour pair and bold...) of a UI element from "colors". */
attr_t ui_term_attr(enum conf_element el);
/* A colour pair for a foreground/background pair of palette colours
 * (snapshot pixels); 0 when the terminal has too few pairs. */
int ui_term_pair(int fg, int bg);
/* Palette size usable for pictures: 0x1000000 (direct colour: curses
 * colours are RGB values, see ui_term_rgb), 256, 8, or 0 (monochrome). */
int ui_term_palette(void);
/* The colour number for 0xRRGGBB: itself on a direct-colour terminal,
 * else the nearest palette entry. */
int ui_term_rgb(int rgb);

#endif
