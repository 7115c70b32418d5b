/* moodplay tests - the live key map built from real configuration text:
 * built-in bindings, user bindings replacing a key's built-in meaning,
 * keys.defaults: false, external commands, and the Help lines' key lists. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "conf/conf.h"
#include "ui/ui-keys.h"

#include <string.h>

static struct conf *load(const char *yaml)
{
	struct conf *c = conf_new();
	struct mp_error err;

	if (conf_load_buffer(c, "keys.yaml", yaml, strlen(yaml), NULL, NULL,
			     &err) != MP_OK)
		fail_msg("%s", err.msg);
	return c;
}

static enum conf_action action_of(const struct ui_keymap *km, const char *key)
{
	const struct conf_command *cmd;
	enum conf_action a;

	if (ui_keymap_lookup(km, key, &a, &cmd) != UI_KEY_ACTION)
		return CONF_ACTION_COUNT;
	return a;
}

static void test_defaults(void **state)
{
	struct conf *c = load("");
	struct ui_keymap *km = ui_keymap_new(&c->keys);
	char keys[128];

	assert_int_equal(action_of(km, "j"), CONF_ACTION_DOWN);
	assert_int_equal(action_of(km, "<Down>"), CONF_ACTION_DOWN);
	assert_int_equal(action_of(km, "m"), CONF_ACTION_MOOD_CAPTURE);
	assert_int_equal(action_of(km, "M"), CONF_ACTION_MOOD_PICKER);
	assert_int_equal(action_of(km, "<F9>"), CONF_ACTION_COUNT);
	assert_int_equal(
		ui_keymap_keys(km, CONF_ACTION_PLAY_PAUSE, keys, sizeof(keys)),
		2);
	assert_string_equal(keys, "p, <Space>");
	assert_string_equal(ui_keymap_first(km, CONF_ACTION_SCREEN_LIBRARY),
			    "2");
	ui_keymap_free(km);
	conf_free(c);
}

static void test_override(void **state)
{
	struct conf *c = load("keys:\n  next: j\n  down: [<C-n>, <Down>]\n");
	struct ui_keymap *km = ui_keymap_new(&c->keys);
	char keys[128];

	/* j now means next; its built-in "down" is gone, other defaults stay. */
	assert_int_equal(action_of(km, "j"), CONF_ACTION_NEXT);
	assert_int_equal(action_of(km, "<C-n>"), CONF_ACTION_DOWN);
	assert_int_equal(action_of(km, ">"), CONF_ACTION_NEXT);
	ui_keymap_keys(km, CONF_ACTION_DOWN, keys, sizeof(keys));
	assert_string_equal(keys, "<C-n>, <Down>"); /* user order */
	assert_int_equal(action_of(km, "q"), CONF_ACTION_QUIT);
	ui_keymap_free(km);
	conf_free(c);
}

static void test_no_defaults(void **state)
{
	struct conf *c =
		load("keys:\n  defaults: false\n  quit: x\n"
		     "  commands:\n    - {key: e, run: [echo, \"%file\"]}\n");
	struct ui_keymap *km = ui_keymap_new(&c->keys);
	const struct conf_command *cmd = NULL;
	enum conf_action a;
	char keys[128];

	assert_int_equal(action_of(km, "q"), CONF_ACTION_COUNT);
	assert_int_equal(action_of(km, "x"), CONF_ACTION_QUIT);
	assert_int_equal(
		ui_keymap_keys(km, CONF_ACTION_DOWN, keys, sizeof(keys)), 0);
	assert_string_equal(keys, "");
	assert_null(ui_keymap_first(km, CONF_ACTION_MOOD_CAPTURE));
	assert_int_equal(ui_keymap_lookup(km, "e", &a, &cmd), UI_KEY_COMMAND);
	assert_non_null(cmd);
	assert_int_equal(cmd->run.n, 2);
	assert_string_equal(cmd->run.v[1], "%file");
	ui_keymap_free(km);
	conf_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_override),
		cmocka_unit_test(test_no_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
