/* moodplay - the terminal: curses set up and always torn down (normal exit,
 * fatal signals, atexit), signals turned into poll events through a pipe,
 * keys read without blocking and named as in moodplay.conf(5). */
#ifndef MOODPLAY_UI_TERM_H
#define MOODPLAY_UI_TERM_H

#include "conf/conf.h"
#include "base/error.h"

#include <stdbool.h>
#include <stddef.h>

enum ui_term_event {
	UI_TERM_QUIT = 1 << 0,   /* SIGINT, SIGTERM, SIGHUP */
	UI_TERM_RESIZE = 1 << 1, /* SIGWINCH */
	UI_TERM_CHILD = 1 << 2,  /* SIGCHLD */
};

enum ui_mouse {
	UI_MOUSE_NONE,
	UI_MOUSE_PRESS, /* button 1 */
	UI_MOUSE_WHEEL_UP,
	UI_MOUSE_WHEEL_DOWN,
};

struct ui_key {
	char name[16]; /* "j", "<Down>", "<C-f>", "<F5>"; "" if unnamed */
	char text[8];  /* the UTF-8 character typed, "" for special keys */
	enum ui_mouse mouse; /* a mouse event instead of a key */
	int y, x;            /* where, for mouse events */
};

/* Start curses with colours from conf; install the signal handlers. */
enum mp_status ui_term_open(const struct conf *conf, struct mp_error *err);
/* Restore the terminal; safe to call twice.  Quit signals then take
 * their default effect. */
void ui_term_close(void);
/* Whether the terminal went away (hung up: its pty closed). */
bool ui_term_gone(void);
/* Whether the locale's codeset is UTF-8; otherwise drawing sticks to
 * ASCII and text goes through ui_term_local(). */
bool ui_term_utf8(void);
/* UTF-8 s in the locale's codeset (transliterated where it can be, '?'
 * where not) into out; returns out.  A copy when the codeset is UTF-8. */
const char *ui_term_local(char *out, size_t outsz, const char *s);

/* Readable when a signal arrived; then ui_term_events() says which. */
int ui_term_signal_fd(void);
unsigned ui_term_events(void);

/* Adopt the terminal's new size (after UI_TERM_RESIZE). */
void ui_term_resize(void);
void ui_term_size(int *rows, int *cols);

/* The next key typed, without waiting; false when none is pending. */
bool ui_term_key(struct ui_key *key);

#endif
