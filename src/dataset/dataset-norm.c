/* moodplay - text normalisation for matching (libunistring for Unicode). */
#include "config.h"

#include "dataset/dataset-norm.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

/* Longest input looked at; tags longer than this are cut the same way on
 * both sides, so keys still agree. */
#define NORM_INPUT_MAX 2048

/* Words that mark a bracketed part or a " - " suffix as a release detail
 * rather than part of the title. */
static const char *const version_words[] = {
	"feat",        "ft",       "featuring",  "with",     "prod",
	"produced",    "remaster", "remastered", "live",     "mono",
	"stereo",      "version",  "edit",       "radio",    "single",
	"bonus",       "deluxe",   "explicit",   "clean",    "demo",
	"mix",         "original", "from",       "recorded", "mixed",
	"anniversary",
};

static bool is_alnum_ascii(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static bool is_version_word(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(version_words) / sizeof(version_words[0]);
	     i++) {
		const char *v = version_words[i];
		size_t k;

		for (k = 0; k < n && v[k] != '\0'; k++)
			if ((w[k] | 0x20) != v[k])
				break;
		if (k == n && v[k] == '\0')
			return true;
	}
	return false;
}

/* Does s[0..n) contain a version word (or start with a year, when
 * year_ok)? */
static bool names_version(const char *s, size_t n, bool year_ok)
{
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	/* A year: 19xx or 20xx, as a whole word. */
	if (year_ok && n - i >= 4 &&
	    ((s[i] == '1' && s[i + 1] == '9') ||
	     (s[i] == '2' && s[i + 1] == '0')) &&
	    s[i + 2] >= '0' && s[i + 2] <= '9' && s[i + 3] >= '0' &&
	    s[i + 3] <= '9' &&
	    (n - i == 4 || !is_alnum_ascii((unsigned char)s[i + 4])))
		return true;
	while (i < n) {
		size_t start;

		while (i < n && !is_alnum_ascii((unsigned char)s[i]))
			i++;
		start = i;
		while (i < n && is_alnum_ascii((unsigned char)s[i]))
			i++;
		if (i > start && is_version_word(s + start, i - start))
			return true;
	}
	return false;
}

/* " - Remastered 2011", " – Live": the offset where such a suffix starts,
 * or n. */
static size_t version_suffix(const char *s, size_t n)
{
	for (size_t i = 1; i + 2 < n; i++) {
		size_t dash = 0;

		if (s[i - 1] != ' ')
			continue;
		if (s[i] == '-')
			dash = 1;
		else if (i + 3 < n && memcmp(s + i, "\xE2\x80\x93", 3) == 0)
			dash = 3; /* en dash */
		if (dash == 0 || s[i + dash] != ' ')
			continue;
		if (names_version(s + i + dash, n - i - dash, true))
			return i - 1;
	}
	return n;
}

/* " feat. X", " ft. X", " featuring X" outside brackets. */
static size_t feat_tail(const char *s, size_t n)
{
	static const char *const tails[] = { " feat. ", " feat ", " ft. ",
					     " featuring " };

	for (size_t i = 1; i < n; i++) {
		if (s[i] != ' ')
			continue;
		for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
			size_t k = strlen(tails[t]);

			if (i + k <= n && strncasecmp(s + i, tails[t], k) == 0)
				return i;
		}
	}
	return n;
}

/* Copy s without version brackets into out (at least n + 1 bytes). */
static size_t strip_brackets(const char *s, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		char close = s[i] == '(' ? ')' : s[i] == '[' ? ']' : '\0';

		if (close != '\0') {
			const char *end = memchr(s + i + 1, close, n - i - 1);

			if (end != NULL &&
			    names_version(s + i + 1, (size_t)(end - s) - i - 1,
					  false)) {
				i = (size_t)(end - s);
				continue;
			}
		}
		out[o++] = s[i];
	}
	out[o] = '\0';
	return o;
}

/* Append one byte to the key; spaces collapse and never lead. */
static void emit(char *out, size_t *o, char c)
{
	if (*o >= DATASET_NORM_MAX)
		return;
	if (c == ' ' && (*o == 0 || out[*o - 1] == ' '))
		return;
	out[(*o)++] = c;
}

static void emit_and(char *out, size_t *o)
{
	emit(out, o, ' ');
	for (const char *a = "and"; *a; a++)
		emit(out, o, *a);
	emit(out, o, ' ');
}

/* Apostrophes and quotes vanish so "Don't" meets "Dont". */
static bool dropped_ascii(unsigned char c)
{
	return c == '\'' || c == '.' || c == '"' || c == '`';
}

static bool dropped_uc(ucs4_t uc)
{
	return uc == 0x2018 || uc == 0x2019 || uc == 0x201C || uc == 0x201D ||
	       uc == 0x00B4 || uc == 0x02BC;
}

static size_t fold_ascii(const char *s, size_t n, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 'A' && c <= 'Z')
			emit(out, &o, (char)(c | 0x20));
		else if (is_alnum_ascii(c))
			emit(out, &o, (char)c);
		else if (c == '&')
			emit_and(out, &o);
		else if (!dropped_ascii(c))
			emit(out, &o, ' ');
	}
	return o;
}

static size_t fold_unicode(const char *s, size_t n, char *out)
{
	uint8_t buf[NORM_INPUT_MAX * 4];
	size_t flen = sizeof(buf), o = 0;
	ucs4_t base = 0;
	uint8_t *f = u8_casefold((const uint8_t *)s, n, NULL, UNINORM_NFKD, buf,
				 &flen);

	if (f == NULL)
		return fold_ascii(s, n,
				  out); /* out of memory: ASCII part only */
	for (size_t i = 0; i < flen;) {
		ucs4_t uc;
		int len = u8_mbtoucr(&uc, f + i, flen - i);

		if (len <= 0) {
			i++;
			continue;
		}
		if (uc < 0x80) {
			if (is_alnum_ascii((unsigned char)uc))
				emit(out, &o, (char)uc);
			else if (uc == '&')
				emit_and(out, &o);
			else if (!dropped_ascii((unsigned char)uc))
				emit(out, &o, ' ');
			base = uc;
		} else if (uc_is_general_category(uc, UC_CATEGORY_M)) {
			/* Accents on Latin, Greek, Cyrillic go; marks that are
			 * part of a letter elsewhere (Devanagari...) stay. */
			if (base >= 0x530 &&
			    o + (size_t)len <= DATASET_NORM_MAX) {
				memcpy(out + o, f + i, (size_t)len);
				o += (size_t)len;
			}
		} else if (uc_is_general_category(uc, UC_CATEGORY_L) ||
			   uc_is_general_category(uc, UC_CATEGORY_N)) {
			if (o + (size_t)len <= DATASET_NORM_MAX) {
				memcpy(out + o, f + i, (size_t)len);
				o += (size_t)len;
			}
			base = uc;
		} else if (!dropped_uc(uc)) {
			emit(out, &o, ' ');
			base = uc;
		}
		i += (size_t)len;
	}
	if (f != buf)
		free(f);
	return o;
}

size_t dataset_norm_text(const char *s, char *out)
{
	size_t n = strnlen(s, NORM_INPUT_MAX), o;
	bool ascii = true;

	/* Keep whole characters when cutting. */
	if (n == NORM_INPUT_MAX)
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	for (size_t i = 0; i < n && ascii; i++)
		ascii = (unsigned char)s[i] < 0x80;
	o = ascii ? fold_ascii(s, n, out) : fold_unicode(s, n, out);
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return o;
}

size_t dataset_norm_title(const char *s, char *out)
{
	char buf[NORM_INPUT_MAX + 1];
	size_t n = strnlen(s, NORM_INPUT_MAX);

	if (n == NORM_INPUT_MAX)
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	n = strip_brackets(s, n, buf);
	n = version_suffix(buf, n);
	n = feat_tail(buf, n);
	buf[n] = '\0';
	/* A title that is only a version part, such as "(Live)", keeps its
	 * words rather than becoming empty. */
	if (dataset_norm_text(buf, out) == 0)
		return dataset_norm_text(s, out);
	return strlen(out);
}
