/* moodplay - the terminal client's key actions and key names. */
#include "config.h"

#include "conf/conf-keys.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"

#define CONF_KEYS_LEN(a) (sizeof(a) / sizeof((a)[0]))
/* Most keys an action is bound to by default. */
#define CONF_ACTION_KEYS 2

/* One row per action: its name in the "keys" section, the keys bound to it
 * by default and its line on the Help screen. */
static const struct {
	const char *name;
	const char *keys[CONF_ACTION_KEYS];
	const char *doc;
} conf_actions[CONF_ACTION_COUNT] = {
	[CONF_ACTION_QUIT] = { "quit", { "q" }, N_("quit moodplay") },
	[CONF_ACTION_HELP] = { "help", { "?" }, N_("show the key bindings") },
	[CONF_ACTION_SCREEN_QUEUE] = { "screen-queue",
				       { "1" },
				       N_("show the queue") },
	[CONF_ACTION_SCREEN_LIBRARY] = { "screen-library",
					 { "2" },
					 N_("show the music library") },
	[CONF_ACTION_SCREEN_MOOD] = { "screen-mood",
				      { "3" },
				      N_("show the mood screen") },
	[CONF_ACTION_SCREEN_HELP] = { "screen-help",
				      { "<F1>" },
				      N_("show the help screen") },
	[CONF_ACTION_SCREEN_PLAYLISTS] = { "screen-playlists",
					   { "4" },
					   N_("show the stored playlists") },
	[CONF_ACTION_SCREEN_SEARCH] = { "screen-search",
					{ "5" },
					N_("search the whole database (case "
					   "and accents do not matter)") },
	[CONF_ACTION_SCREEN_OUTPUTS] = { "screen-outputs",
					 { "6" },
					 N_("show MPD's audio outputs; Enter "
					    "enables or disables one") },
	[CONF_ACTION_SONG_INFO] = { "song-info",
				    { "I" },
				    N_("show every tag of the song under the "
				       "cursor (else the playing one) and "
				       "MPD's statistics") },
	[CONF_ACTION_PLAYLIST_SAVE] = { "playlist-save",
					{ "S" },
					N_("save the queue as a stored "
					   "playlist") },
	[CONF_ACTION_PLAYLIST_ADD] = { "playlist-add",
				       { "A" },
				       N_("add the selected songs to a stored "
					  "playlist") },
	[CONF_ACTION_PLAYLIST_RENAME] = { "playlist-rename",
					  { "e" },
					  N_("rename the playlist under the "
					     "cursor") },
	[CONF_ACTION_NEXT_SCREEN] = { "next-screen",
				      { "<Tab>" },
				      N_("switch to the next screen") },
	[CONF_ACTION_UP] = { "up", { "k", "<Up>" }, N_("move the cursor up") },
	[CONF_ACTION_DOWN] = { "down",
			       { "j", "<Down>" },
			       N_("move the cursor down") },
	[CONF_ACTION_PAGE_UP] = { "page-up",
				  { "<PageUp>", "<C-b>" },
				  N_("move the cursor a page up") },
	[CONF_ACTION_PAGE_DOWN] = { "page-down",
				    { "<PageDown>", "<C-f>" },
				    N_("move the cursor a page down") },
	[CONF_ACTION_TOP] = { "top",
			      { "g", "<Home>" },
			      N_("go to the first item") },
	[CONF_ACTION_BOTTOM] = { "bottom",
				 { "G", "<End>" },
				 N_("go to the last item") },
	[CONF_ACTION_SELECT] = { "select",
				 { "<Enter>" },
				 N_("play or open the item under the cursor") },
	[CONF_ACTION_PLAY_PAUSE] = { "play-pause",
				     { "p", "<Space>" },
				     N_("play or pause") },
	[CONF_ACTION_STOP] = { "stop", { "s" }, N_("stop playback") },
	[CONF_ACTION_NEXT] = { "next", { ">" }, N_("play the next song") },
	[CONF_ACTION_PREVIOUS] = { "previous",
				   { "<" },
				   N_("play the previous song") },
	[CONF_ACTION_SEEK_FORWARD] = { "seek-forward",
				       { "f", "<Right>" },
				       N_("seek forward") },
	[CONF_ACTION_SEEK_BACKWARD] = { "seek-backward",
					{ "b", "<Left>" },
					N_("seek backward") },
	[CONF_ACTION_VOLUME_UP] = { "volume-up",
				    { "+" },
				    N_("raise the volume") },
	[CONF_ACTION_VOLUME_DOWN] = { "volume-down",
				      { "-" },
				      N_("lower the volume") },
	[CONF_ACTION_TOGGLE_REPEAT] = { "toggle-repeat",
					{ "r" },
					N_("toggle repeat mode") },
	[CONF_ACTION_TOGGLE_RANDOM] = { "toggle-random",
					{ "z" },
					N_("toggle random mode") },
	[CONF_ACTION_TOGGLE_SINGLE] = { "toggle-single",
					{ "y" },
					N_("toggle single mode") },
	[CONF_ACTION_TOGGLE_CONSUME] = { "toggle-consume",
					 { "R" },
					 N_("toggle consume mode") },
	[CONF_ACTION_DELETE] = { "delete",
				 { "d", "<Delete>" },
				 N_("remove the selected songs from the "
				    "queue") },
	[CONF_ACTION_CLEAR] = { "clear", { "C" }, N_("clear the queue") },
	[CONF_ACTION_MOVE_UP] = { "move-up",
				  { "K" },
				  N_("move the selected songs up") },
	[CONF_ACTION_MOVE_DOWN] = { "move-down",
				    { "J" },
				    N_("move the selected songs down") },
	[CONF_ACTION_ADD] = { "add",
			      { "a" },
			      N_("append the selected songs to the queue") },
	[CONF_ACTION_INSERT] = { "insert",
				 { "i" },
				 N_("insert the selected songs after the "
				    "playing one") },
	[CONF_ACTION_JUMP_TO_PLAYING] = { "jump-to-playing",
					  { "o" },
					  N_("move the cursor to the playing "
					     "song") },
	[CONF_ACTION_SEARCH] = { "search", { "/" }, N_("search the list") },
	[CONF_ACTION_MOOD_CAPTURE] = { "mood-capture",
				       { "m" },
				       N_("take a snapshot and detect the "
					  "mood") },
	[CONF_ACTION_MOOD_PICKER] = { "mood-picker",
				      { "M" },
				      N_("choose a mood by hand") },
	[CONF_ACTION_MOOD_CONFIRM] = { "mood-confirm",
				       { "Y" },
				       N_("accept the detected mood and build "
					  "the queue") },
	[CONF_ACTION_MOOD_CALIBRATE] = { "mood-calibrate",
					 { "c" },
					 N_("learn your resting face: relax "
					    "for a few snapshots") },
	[CONF_ACTION_UPDATE_DB] = { "update-db",
				    { "u" },
				    N_("update the MPD database") },
	[CONF_ACTION_SELECT_TOGGLE] = { "select-toggle",
					{ "t", "<Insert>" },
					N_("mark or unmark the item under the "
					   "cursor") },
	[CONF_ACTION_SELECT_RANGE] = { "select-range",
				       { "<C-v>" },
				       N_("mark the items from the last marked "
					  "one to the cursor") },
	[CONF_ACTION_SELECT_INVERT] = { "select-invert",
					{ "v" },
					N_("invert the marks of the list") },
	[CONF_ACTION_SELECT_CLEAR] = { "select-clear",
				       { "V" },
				       N_("unmark every item") },
	[CONF_ACTION_FIND_NEXT] = { "find-next",
				    { "n" },
				    N_("go to the next match of the last "
				       "search") },
	[CONF_ACTION_FIND_PREVIOUS] = { "find-previous",
					{ "N" },
					N_("go to the previous match of the "
					   "last search") },
	[CONF_ACTION_PREVIOUS_SCREEN] = { "previous-screen",
					  { "`" },
					  N_("go back to the previous "
					     "screen") },
	[CONF_ACTION_SHUFFLE] = { "shuffle", { "Z" }, N_("shuffle the queue") },
	[CONF_ACTION_CROSSFADE] = { "crossfade",
				    { "x" },
				    N_("set the crossfade between songs "
				       "(asks for seconds)") },
	[CONF_ACTION_SEEK_TO] = { "seek-to",
				  { "T" },
				  N_("seek to a position in the song (asks "
				     "for m:ss or a percentage)") },
	[CONF_ACTION_LOCATE] = { "locate",
				 { "~" },
				 N_("show the song under the cursor, or the "
				    "playing one, in the Library") },
};

const char *conf_action_name(enum conf_action a)
{
	return (unsigned)a < CONF_ACTION_COUNT ? conf_actions[a].name : NULL;
}

const char *conf_action_doc(enum conf_action a)
{
	return (unsigned)a < CONF_ACTION_COUNT ? _(conf_actions[a].doc) : NULL;
}

enum conf_action conf_action_from_name(const char *name)
{
	unsigned i;

	for (i = 0; i < CONF_ACTION_COUNT; i++)
		if (conf_actions[i].name != NULL &&
		    strcmp(conf_actions[i].name, name) == 0)
			return (enum conf_action)i;
	return CONF_ACTION_COUNT;
}

/* The bindings are laid out from the action table once, on first use. */
static struct conf_binding
	conf_default_keys[CONF_ACTION_COUNT * CONF_ACTION_KEYS];
static size_t conf_n_default_keys;
static pthread_once_t conf_default_once = PTHREAD_ONCE_INIT;

static void conf_default_init(void)
{
	for (unsigned a = 0; a < CONF_ACTION_COUNT; a++)
		for (unsigned k = 0; k < CONF_ACTION_KEYS; k++)
			if (conf_actions[a].keys[k] != NULL)
				conf_default_keys[conf_n_default_keys++] =
					(struct conf_binding){
						(enum conf_action)a,
						(char *)conf_actions[a].keys[k]
					};
}

const struct conf_binding *conf_default_bindings(size_t *n)
{
	pthread_once(&conf_default_once, conf_default_init);
	*n = conf_n_default_keys;
	return conf_default_keys;
}

/* Bracketed key names, in the spelling that conf_key_canon() produces. */
static const char *const conf_key_names[] = {
	"Up",       "Down",      "Left",   "Right",  "PageUp",
	"PageDown", "Home",      "End",    "Enter",  "Tab",
	"Space",    "Backspace", "Delete", "Insert", "Esc",
};

bool conf_key_canon(const char *s, char out[CONF_KEY_MAX])
{
	size_t len = strlen(s), i;
	char inner[CONF_KEY_MAX];

	if (len == 1) {
		if ((unsigned char)s[0] <= 0x20 || (unsigned char)s[0] >= 0x7f)
			return false;
		snprintf(out, CONF_KEY_MAX, "%s", s);
		return true;
	}
	if (len < 3 || len > 12 || s[0] != '<' || s[len - 1] != '>')
		return false;
	memcpy(inner, s + 1, len - 2);
	inner[len - 2] = '\0';
	for (i = 0; i < CONF_KEYS_LEN(conf_key_names); i++) {
		if (strcasecmp(inner, conf_key_names[i]) == 0) {
			snprintf(out, CONF_KEY_MAX, "<%s>", conf_key_names[i]);
			return true;
		}
	}
	if ((inner[0] == 'C' || inner[0] == 'c') && inner[1] == '-' &&
	    isalpha((unsigned char)inner[2]) && inner[3] == '\0') {
		snprintf(out, CONF_KEY_MAX, "<C-%c>",
			 tolower((unsigned char)inner[2]));
		return true;
	}
	if ((inner[0] == 'F' || inner[0] == 'f') &&
	    isdigit((unsigned char)inner[1])) {
		char *end;
		long n = strtol(inner + 1, &end, 10);

		if (*end == '\0' && inner[1] != '0' && n >= 1 && n <= 12) {
			snprintf(out, CONF_KEY_MAX, "<F%ld>", n);
			return true;
		}
	}
	return false;
}
