/* moodplay - where moodplay keeps its files: the XDG base directories
 * ($XDG_STATE_HOME, $XDG_CACHE_HOME, each with its fallback under $HOME)
 * and a mkdir -p for the folders in front of a file. */
#ifndef MOODPLAY_XDG_H
#define MOODPLAY_XDG_H

enum xdg_dir {
	XDG_STATE, /* $XDG_STATE_HOME, else ~/.local/state */
	XDG_CACHE, /* $XDG_CACHE_HOME, else ~/.cache */
};

/* "<dir>/moodplay/<name>", malloc'd; NULL when neither the variable (an
 * absolute path) nor $HOME is set. */
char *xdg_path(enum xdg_dir dir, const char *name);

/* mkdir -p (mode 0700) of the folders in front of the last '/' of path;
 * 0, or -1 with errno. */
int xdg_make_parents(const char *path);

#endif
