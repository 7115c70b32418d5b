/* moodplay - the live key map: the configuration's "keys" section (built-in
 * bindings unless keys.defaults is false, the user's on top) resolved into
 * one table the UI looks keys up in and the Help screen is drawn from.
 *
 * Keys are named as in moodplay.conf(5): "j", "G", "<Down>", "<C-f>",
 * "<F5>"; the terminal layer turns what it reads into these names. */
#ifndef MOODPLAY_UI_KEYS_H
#define MOODPLAY_UI_KEYS_H

#include "conf/conf.h"

#include <stddef.h>

struct ui_keymap;

enum ui_key_kind {
	UI_KEY_UNBOUND,
	UI_KEY_ACTION,
	UI_KEY_COMMAND,
};

/* Borrows keys: its strings must outlive the map. */
struct ui_keymap *ui_keymap_new(const struct conf_keys *keys);
void ui_keymap_free(struct ui_keymap *km);

/* What key does: an action (*action set) or an external command (*cmd
 * set, borrowed from the configuration). */
enum ui_key_kind ui_keymap_lookup(const struct ui_keymap *km, const char *key,
				  enum conf_action *action,
				  const struct conf_command **cmd);

/* The keys bound to action, as "j, <Down>" in out; "" when none.
 * Returns how many keys there are. */
size_t ui_keymap_keys(const struct ui_keymap *km, enum conf_action action,
		      char *out, size_t outsz);

/* The first key bound to action, for hints ("press m"); NULL when none. */
const char *ui_keymap_first(const struct ui_keymap *km,
			    enum conf_action action);

#endif
