/* moodplay - XDG base directories (see xdg.h). */
#include "config.h"

#include "base/xdg.h"
#include "base/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const struct {
	const char *var, *fallback;
} xdg_dirs[] = {
	[XDG_STATE] = { "XDG_STATE_HOME", ".local/state" },
	[XDG_CACHE] = { "XDG_CACHE_HOME", ".cache" },
};

char *xdg_path(enum xdg_dir dir, const char *name)
{
	const char *base = getenv(xdg_dirs[dir].var), *home = getenv("HOME");

	/* The specification says a relative value is to be ignored. */
	if (base != NULL && base[0] == '/')
		return xasprintf("%s/moodplay/%s", base, name);
	if (home == NULL || home[0] == '\0')
		return NULL;
	return xasprintf("%s/%s/moodplay/%s", home, xdg_dirs[dir].fallback,
			 name);
}

int xdg_make_parents(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = strchr(p + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = '/';
	}
	free(p);
	return rc;
}
