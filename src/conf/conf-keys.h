/* moodplay - the terminal client's key actions and key names.
 *
 * One table of actions (name as written in the "keys" section, the keys
 * bound by default, the help text) and one of bracketed key names; the
 * configuration parser, the UI's key map, the Help screen and the tests
 * all read them, so a name or a default is written once. */
#ifndef MOODPLAY_CONF_KEYS_H
#define MOODPLAY_CONF_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* UI actions a key can be bound to. */
enum conf_action {
	CONF_ACTION_QUIT,
	CONF_ACTION_HELP,
	CONF_ACTION_SCREEN_QUEUE,
	CONF_ACTION_SCREEN_LIBRARY,
	CONF_ACTION_SCREEN_MOOD,
	CONF_ACTION_SCREEN_HELP,
	CONF_ACTION_SCREEN_PLAYLISTS,
	CONF_ACTION_SCREEN_SEARCH,
	CONF_ACTION_SCREEN_OUTPUTS,
	CONF_ACTION_SONG_INFO,
	CONF_ACTION_PLAYLIST_SAVE,
	CONF_ACTION_PLAYLIST_ADD,
	CONF_ACTION_PLAYLIST_RENAME,
	CONF_ACTION_NEXT_SCREEN,
	CONF_ACTION_UP,
	CONF_ACTION_DOWN,
	CONF_ACTION_PAGE_UP,
	CONF_ACTION_PAGE_DOWN,
	CONF_ACTION_TOP,
	CONF_ACTION_BOTTOM,
	CONF_ACTION_SELECT,
	CONF_ACTION_PLAY_PAUSE,
	CONF_ACTION_STOP,
	CONF_ACTION_NEXT,
	CONF_ACTION_PREVIOUS,
	CONF_ACTION_SEEK_FORWARD,
	CONF_ACTION_SEEK_BACKWARD,
	CONF_ACTION_VOLUME_UP,
	CONF_ACTION_VOLUME_DOWN,
	CONF_ACTION_TOGGLE_REPEAT,
	CONF_ACTION_TOGGLE_RANDOM,
	CONF_ACTION_TOGGLE_SINGLE,
	CONF_ACTION_TOGGLE_CONSUME,
	CONF_ACTION_DELETE,
	CONF_ACTION_CLEAR,
	CONF_ACTION_MOVE_UP,
	CONF_ACTION_MOVE_DOWN,
	CONF_ACTION_ADD,
	CONF_ACTION_INSERT,
	CONF_ACTION_JUMP_TO_PLAYING,
	CONF_ACTION_SEARCH,
	CONF_ACTION_MOOD_CAPTURE,
	CONF_ACTION_MOOD_PICKER,
	CONF_ACTION_MOOD_CONFIRM,
	CONF_ACTION_MOOD_CALIBRATE,
	CONF_ACTION_UPDATE_DB,
	CONF_ACTION_SELECT_TOGGLE,
	CONF_ACTION_SELECT_RANGE,
	CONF_ACTION_SELECT_INVERT,
	CONF_ACTION_SELECT_CLEAR,
	CONF_ACTION_FIND_NEXT,
	CONF_ACTION_FIND_PREVIOUS,
	CONF_ACTION_PREVIOUS_SCREEN,
	CONF_ACTION_SHUFFLE,
	CONF_ACTION_CROSSFADE,
	CONF_ACTION_SEEK_TO,
	CONF_ACTION_LOCATE,
	CONF_ACTION_COUNT
};

/* "play-pause" for CONF_ACTION_PLAY_PAUSE; NULL when out of range. */
const char *conf_action_name(enum conf_action a);
/* One-line description for help screens (already translated). */
const char *conf_action_doc(enum conf_action a);
/* CONF_ACTION_COUNT when name is not an action. */
enum conf_action conf_action_from_name(const char *name);

/* A key binding.  key is canonical: one printable ASCII character ("j",
 * "G", "/") or a bracketed name ("<Down>", "<PageUp>", "<C-x>", "<F5>") with
 * the spelling used in moodplay.conf(5). */
struct conf_binding {
	enum conf_action action;
	char *key;
};

/* The built-in bindings, used when keys.defaults is true, grouped by action
 * in action order.  User bindings come on top: a key the user binds loses
 * its built-in meaning.  The array is static; do not free it. */
const struct conf_binding *conf_default_bindings(size_t *n);

/* Longest canonical key name, with its NUL. */
#define CONF_KEY_MAX 16

/* Validate a key name and write its canonical spelling (case of bracketed
 * names normalised) to out.  False when it is not a key name. */
bool conf_key_canon(const char *s, char out[CONF_KEY_MAX]);

#endif
