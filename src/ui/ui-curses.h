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

/* How text is drawn: one colour pair and attributes.  Colour pairs
 * cannot be combined (ORing two COLOR_PAIR() values names a third pair);
 * attributes can.  Pairs may exceed 255, so draw with attr_set()'s
 * extended pair argument (ui_look_set). */
struct ui_look {
	attr_t attrs;
	int pair;
};

/* The bit of element el in a ui_term_look() mask. */
#define UI_EL(el) (1u << (el))

/* The look of the elements in mask layered from "colors": row kind (list),
 * column (title, artist, album), state (playing), then the cursor
 * (selected) on top.  Each layer's foreground and background replace the
 * ones below unless they are "default"; attributes add up. */
struct ui_look ui_term_look(unsigned mask);

static inline void ui_look_set(struct ui_look l)
{
	attr_set(l.attrs, 0, &l.pair);
}
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
