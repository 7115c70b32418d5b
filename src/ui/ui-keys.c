/* moodplay - key map. */
#include "config.h"

#include "ui/ui-keys.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ui_keymap_entry {
	const char *key;
	enum ui_key_kind kind;
	enum conf_action action;
	const struct conf_command *cmd;
};

struct ui_keymap {
	size_t n;
	struct ui_keymap_entry *v; /* defaults first, in table order */
};

/* True when the user's section binds key to anything. */
static int ui_keymap_user_binds(const struct conf_keys *keys, const char *key)
{
	size_t i;

	for (i = 0; i < keys->n_bindings; i++)
		if (strcmp(keys->bindings[i].key, key) == 0)
			return 1;
	for (i = 0; i < keys->n_commands; i++)
		if (strcmp(keys->commands[i].key, key) == 0)
			return 1;
	return 0;
}

struct ui_keymap *ui_keymap_new(const struct conf_keys *keys)
{
	const struct conf_binding *def;
	struct ui_keymap *km = xcalloc(1, sizeof(*km));
	size_t n_def = 0, i;

	def = conf_default_bindings(&n_def);
	if (!keys->defaults)
		n_def = 0;
	/* The configuration caps bindings at CONF_MAX_BINDINGS, so this
	 * is small and bounded. */
	km->v = xcalloc(n_def + keys->n_bindings + keys->n_commands + 1,
			sizeof(*km->v));
	for (i = 0; i < n_def; i++) {
		if (ui_keymap_user_binds(keys, def[i].key))
			continue;
		km->v[km->n++] =
			(struct ui_keymap_entry){ def[i].key, UI_KEY_ACTION,
						  def[i].action, NULL };
	}
	for (i = 0; i < keys->n_bindings; i++)
		km->v[km->n++] = (struct ui_keymap_entry){
			keys->bindings[i].key, UI_KEY_ACTION,
			keys->bindings[i].action, NULL
		};
	for (i = 0; i < keys->n_commands; i++)
		km->v[km->n++] = (struct ui_keymap_entry){
			keys->commands[i].key, UI_KEY_COMMAND,
			CONF_ACTION_COUNT, &keys->commands[i]
		};
	return km;
}

void ui_keymap_free(struct ui_keymap *km)
{
	if (km == NULL)
		return;
	free(km->v);
	free(km);
}

enum ui_key_kind ui_keymap_lookup(const struct ui_keymap *km, const char *key,
				  enum conf_action *action,
				  const struct conf_command **cmd)
{
	size_t i;

	for (i = 0; i < km->n; i++) {
		if (strcmp(km->v[i].key, key) != 0)
			continue;
		*action = km->v[i].action;
		*cmd = km->v[i].cmd;
		return km->v[i].kind;
	}
	return UI_KEY_UNBOUND;
}

size_t ui_keymap_keys(const struct ui_keymap *km, enum conf_action action,
		      char *out, size_t outsz)
{
	size_t i, n = 0, len = 0;

	if (outsz > 0)
		out[0] = '\0';
	for (i = 0; i < km->n; i++) {
		if (km->v[i].kind != UI_KEY_ACTION || km->v[i].action != action)
			continue;
		if (len < outsz)
			len += (size_t)snprintf(out + len, outsz - len, "%s%s",
						n > 0 ? ", " : "",
						km->v[i].key);
		n++;
	}
	return n;
}

const char *ui_keymap_first(const struct ui_keymap *km, enum conf_action action)
{
	size_t i;

	for (i = 0; i < km->n; i++)
		if (km->v[i].kind == UI_KEY_ACTION && km->v[i].action == action)
			return km->v[i].key;
	return NULL;
}
