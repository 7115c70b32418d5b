/* moodplay - the terminal client's colours: the elements that can be
 * coloured (one list, giving the enum, the names in the "colors" section,
 * the defaults and the docs) and the "FG on BG ATTR..." notation. */
#ifndef MOODPLAY_CONF_COLOR_H
#define MOODPLAY_CONF_COLOR_H

#include <stdbool.h>
#include <stddef.h>

/* Colour of one UI element.  fg/bg: CONF_COLOR_DEFAULT, 0..255 (terminal
 * palette; 0..7 are black..white), or CONF_COLOR_RGB(r,g,b) for #rrggbb
 * (the UI maps it to the nearest palette entry on terminals without
 * direct colour). */
#define CONF_COLOR_DEFAULT (-1)
#define CONF_COLOR_RGB_FLAG 0x1000000
#define CONF_COLOR_RGB(r, g, b) \
	(CONF_COLOR_RGB_FLAG | ((r) << 16) | ((g) << 8) | (b))
#define CONF_COLOR_IS_RGB(c) ((c) >= 0 && ((c)&CONF_COLOR_RGB_FLAG) != 0)

enum conf_attr {
	CONF_ATTR_BOLD = 1 << 0,
	CONF_ATTR_DIM = 1 << 1,
	CONF_ATTR_ITALIC = 1 << 2,
	CONF_ATTR_UNDERLINE = 1 << 3,
	CONF_ATTR_BLINK = 1 << 4,
	CONF_ATTR_REVERSE = 1 << 5,
	CONF_ATTR_STANDOUT = 1 << 6,
};

struct conf_color {
	int fg, bg;
	unsigned attrs; /* enum conf_attr bits */
};

/* X(ENUM, name, default, doc): every colourable element, in the order of
 * the "colors" section.  Docs are marked for translation with N_(). */
#define CONF_ELEMENTS(X)                                                       \
	X(HEADER, "header", "white on blue bold", N_("title line at the top")) \
	X(STATUS, "status", "default",                                         \
	  N_("status line with the playing song"))                             \
	X(PROGRESS, "progress", "yellow", N_("progress bar"))                  \
	X(SELECTED, "selected", "default reverse",                             \
	  N_("item under the cursor"))                                         \
	X(PLAYING, "playing", "green bold", N_("the playing song in lists"))   \
	X(NOTICE, "notice", "cyan", N_("messages"))                            \
	X(ERROR, "error", "red bold", N_("error messages"))                    \
	X(LIST, "list", "default", N_("list items"))                           \
	X(TITLE, "title", "default", N_("song titles"))                        \
	X(ARTIST, "artist", "cyan", N_("artist names"))                        \
	X(ALBUM, "album", "green", N_("album names"))                          \
	X(MOOD_BAR, "mood-bar", "magenta",                                     \
	  N_("bars of expression probabilities"))                              \
	X(MOOD_PLOT, "mood-plot", "yellow", N_("the valence/arousal plot"))

#define CONF_EL_ENUM(e, n, d, doc) CONF_EL_##e,
enum conf_element { CONF_ELEMENTS(CONF_EL_ENUM) CONF_EL_COUNT };
#undef CONF_EL_ENUM

/* "mood-bar" for CONF_EL_MOOD_BAR; NULL when out of range. */
const char *conf_element_name(enum conf_element e);

enum conf_color_error {
	CONF_COLOR_OK,
	CONF_COLOR_EMPTY,      /* no words at all */
	CONF_COLOR_UNKNOWN,    /* word is not a colour */
	CONF_COLOR_MISSING_BG, /* "on" at the end */
	CONF_COLOR_BAD_ATTR,   /* word is not an attribute */
};

/* Parse "FG [on BG] [ATTR...]" (FG, BG: default, black..white, colorN,
 * #rrggbb).  On an error *out is unchanged and the offending word, when
 * there is one, is copied to word (wordsz bytes). */
enum conf_color_error conf_color_parse(const char *s, struct conf_color *out,
				       char *word, size_t wordsz);

/* The canonical spelling of c ("white on blue bold"), as conf_color_parse
 * reads it back; outsz of 64 is always enough. */
void conf_color_format(const struct conf_color *c, char *out, size_t outsz);

#endif
