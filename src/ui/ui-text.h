/* moodplay - measuring and cutting UTF-8 text for the terminal, by display
 * columns (wcwidth), with no curses: double-width CJK and emoji count two
 * columns, combining marks zero, and a cut never splits a character or
 * strips the marks off the last base character kept.
 *
 * Text is in the locale's codeset (LC_CTYPE, setlocale): UTF-8, or what
 * ui_term_local() made of it.  Bytes that are not valid there and
 * unprintable characters are shown as one-column '?'. */
#ifndef MOODPLAY_UI_TEXT_H
#define MOODPLAY_UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Display columns of s. */
size_t ui_text_width(const char *s);

/* The longest prefix of s that fits in cols columns: its length in bytes;
 * *width (may be NULL) receives its columns.  Combining marks after the
 * last character kept are kept too. */
size_t ui_text_fit(const char *s, size_t cols, size_t *width);

/* Copy s into out (outsz bytes) cut to cols columns; when s is longer the
 * copy ends in "…".  Returns the columns written.  Invalid and unprintable
 * characters become '?', so out is always safe to hand to the terminal. */
size_t ui_text_cut(char *out, size_t outsz, const char *s, size_t cols);

/* One line of s wrapped at cols columns: the bytes of the line (without
 * the spaces where it breaks); *next gets the offset of the next line's
 * start (s's length at the end).  A line breaks after the last space that
 * fits, or mid-word when no space does; it is never empty while s is not
 * (one character wider than cols still goes on a line of its own). */
size_t ui_text_wrap(const char *s, size_t cols, size_t *next);

/* Case-insensitive substring search over UTF-8 (ASCII and the letters
 * towlower knows), for incremental search.  An empty needle matches. */
int ui_text_match(const char *haystack, const char *needle);
/* A position typed by the user: "75" or "1:15" or "1:01:15" (seconds,
 * m:ss, h:mm:ss) or "50%" of total_s; spaces around are fine.  False when
 * s is none of these, or a percentage with total_s 0. */
bool ui_text_time(const char *s, unsigned total_s, unsigned *out_s);

#endif
