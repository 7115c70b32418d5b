/* moodplay - the terminal client's colours and their notation. */
#include "config.h"

#include "conf/conf-color.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/xalloc.h"

#define CONF_COLOR_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define CONF_EL_NAME(e, n, d, doc) [CONF_EL_##e] = n,
static const char *const conf_element_names[CONF_EL_COUNT] = { CONF_ELEMENTS(
	CONF_EL_NAME) };
#undef CONF_EL_NAME

const char *conf_element_name(enum conf_element e)
{
	return (unsigned)e < CONF_EL_COUNT ? conf_element_names[e] : NULL;
}

static const char *const conf_color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const struct {
	const char *name;
	unsigned bit;
} conf_attrs[] = {
	{ "bold", CONF_ATTR_BOLD },
	{ "dim", CONF_ATTR_DIM },
	{ "italic", CONF_ATTR_ITALIC },
	{ "underline", CONF_ATTR_UNDERLINE },
	{ "blink", CONF_ATTR_BLINK },
	{ "reverse", CONF_ATTR_REVERSE },
	{ "standout", CONF_ATTR_STANDOUT },
};

/* One colour word: default, a name, colorN or #rrggbb. */
static bool conf_color_word(const char *w, int *out)
{
	size_t i;
	char *end;

	if (strcasecmp(w, "default") == 0) {
		*out = CONF_COLOR_DEFAULT;
		return true;
	}
	for (i = 0; i < CONF_COLOR_LEN(conf_color_names); i++) {
		if (strcasecmp(w, conf_color_names[i]) == 0) {
			*out = (int)i;
			return true;
		}
	}
	if (strncasecmp(w, "color", 5) == 0 && isdigit((unsigned char)w[5]) &&
	    strlen(w) <= 8) {
		long n = strtol(w + 5, &end, 10);

		if (*end == '\0' && n <= 255 && (w[5] != '0' || w[6] == '\0')) {
			*out = (int)n;
			return true;
		}
		return false;
	}
	if (w[0] == '#' && strlen(w) == 7 &&
	    strspn(w + 1, "0123456789abcdefABCDEF") == 6) {
		*out = CONF_COLOR_RGB_FLAG | (int)strtol(w + 1, NULL, 16);
		return true;
	}
	return false;
}

enum conf_color_error conf_color_parse(const char *s, struct conf_color *out,
				       char *word, size_t wordsz)
{
	struct conf_color col = { CONF_COLOR_DEFAULT, CONF_COLOR_DEFAULT, 0 };
	char *words = xstrdup(s), *w, *save = NULL;
	enum conf_color_error rc = CONF_COLOR_OK;
	int n = 0;
	size_t i;

	if (wordsz > 0)
		word[0] = '\0';
	for (w = strtok_r(words, " \t", &save); w != NULL;
	     w = strtok_r(NULL, " \t", &save), n++) {
		if (n == 0) {
			if (!conf_color_word(w, &col.fg)) {
				rc = CONF_COLOR_UNKNOWN;
				break;
			}
			continue;
		}
		if (n == 1 && strcasecmp(w, "on") == 0) {
			w = strtok_r(NULL, " \t", &save);
			if (w == NULL) {
				rc = CONF_COLOR_MISSING_BG;
				break;
			}
			if (!conf_color_word(w, &col.bg)) {
				rc = CONF_COLOR_UNKNOWN;
				break;
			}
			continue;
		}
		for (i = 0; i < CONF_COLOR_LEN(conf_attrs); i++)
			if (strcasecmp(w, conf_attrs[i].name) == 0)
				break;
		if (i == CONF_COLOR_LEN(conf_attrs)) {
			rc = CONF_COLOR_BAD_ATTR;
			break;
		}
		col.attrs |= conf_attrs[i].bit;
	}
	if (rc == CONF_COLOR_OK && n == 0)
		rc = CONF_COLOR_EMPTY;
	if ((rc == CONF_COLOR_UNKNOWN || rc == CONF_COLOR_BAD_ATTR) &&
	    wordsz > 0)
		snprintf(word, wordsz, "%s", w);
	if (rc == CONF_COLOR_OK)
		*out = col;
	free(words);
	return rc;
}

static size_t conf_color_word_format(int c, char *out, size_t outsz)
{
	if (c == CONF_COLOR_DEFAULT)
		return (size_t)snprintf(out, outsz, "default");
	if (CONF_COLOR_IS_RGB(c))
		return (size_t)snprintf(out, outsz, "#%06x", c & 0xffffff);
	if (c >= 0 && c < 8)
		return (size_t)snprintf(out, outsz, "%s", conf_color_names[c]);
	return (size_t)snprintf(out, outsz, "color%d", c);
}

void conf_color_format(const struct conf_color *c, char *out, size_t outsz)
{
	size_t len = conf_color_word_format(c->fg, out, outsz);

	if (c->bg != CONF_COLOR_DEFAULT && len < outsz) {
		len += (size_t)snprintf(out + len, outsz - len, " on ");
		if (len < outsz)
			len += conf_color_word_format(c->bg, out + len,
						      outsz - len);
	}
	for (size_t i = 0; i < CONF_COLOR_LEN(conf_attrs) && len < outsz; i++)
		if (c->attrs & conf_attrs[i].bit)
			len += (size_t)snprintf(out + len, outsz - len, " %s",
						conf_attrs[i].name);
}
