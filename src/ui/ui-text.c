/* moodplay - UTF-8 text measured in terminal columns. */
#include "config.h"

#include "ui/ui-text.h"

#include <ctype.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

/* Decode one character at s (not at its end): *len bytes, shown as *wc
 * taking the returned number of columns.  Broken or unprintable input is
 * one byte shown as '?', so the caller always moves forward. */
static size_t ui_text_next(const char *s, wchar_t *wc, size_t *len)
{
	mbstate_t st;
	size_t n;
	int w;

	memset(&st, 0, sizeof(st));
	n = mbrtowc(wc, s, MB_CUR_MAX, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = L'?';
		*len = 1;
		return 1;
	}
	*len = n;
	w = wcwidth(*wc);
	if (w < 0) {
		*wc = L'?';
		return 1;
	}
	return (size_t)w;
}

size_t ui_text_width(const char *s)
{
	size_t cols = 0, len;
	wchar_t wc;

	while (*s != '\0') {
		cols += ui_text_next(s, &wc, &len);
		s += len;
	}
	return cols;
}

size_t ui_text_fit(const char *s, size_t cols, size_t *width)
{
	size_t used = 0, pos = 0, len, w;
	wchar_t wc;

	while (s[pos] != '\0') {
		w = ui_text_next(s + pos, &wc, &len);
		if (used + w > cols)
			break;
		used += w;
		pos += len;
	}
	if (width != NULL)
		*width = used;
	return pos;
}

size_t ui_text_wrap(const char *s, size_t cols, size_t *next)
{
	size_t fit = ui_text_fit(s, cols, NULL), end, len;
	wchar_t wc;

	if (fit == 0 && s[0] != '\0') {
		ui_text_next(s, &wc, &len);
		fit = len;
	}
	end = fit;
	if (s[fit] != '\0' && s[fit] != ' ') {
		/* Back to the last space, if the line has one. */
		size_t sp = fit;

		while (sp > 0 && s[sp - 1] != ' ')
			sp--;
		if (sp > 0)
			end = fit = sp;
	}
	while (end > 0 && s[end - 1] == ' ')
		end--;
	while (s[fit] == ' ')
		fit++;
	*next = fit;
	return end;
}

/* Copy s[0..n) to out with broken characters replaced by '?', as far as
 * outsz allows (leaving room for the NUL); *cols gets the columns copied.
 * Returns the bytes written. */
static size_t ui_text_copy(char *out, size_t outsz, const char *s, size_t n,
			   size_t *cols)
{
	size_t pos = 0, o = 0, len, w;
	wchar_t wc;

	*cols = 0;
	while (pos < n) {
		w = ui_text_next(s + pos, &wc, &len);
		if (wc == L'?' && s[pos] != '?') {
			if (o + 1 >= outsz)
				break;
			out[o++] = '?';
		} else {
			if (o + len >= outsz)
				break;
			memcpy(out + o, s + pos, len);
			o += len;
		}
		*cols += w;
		pos += len;
	}
	out[o] = '\0';
	return o;
}

size_t ui_text_cut(char *out, size_t outsz, const char *s, size_t cols)
{
	/* U+2026, one column; '~' where the codeset is not UTF-8. */
	const char *ellipsis = strcmp(nl_langinfo(CODESET), "UTF-8") == 0
				       ? "\xe2\x80\xa6"
				       : "~";
	size_t w, n, o, elen = strlen(ellipsis) + 1;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	if (cols == 0)
		return 0;
	n = ui_text_fit(s, cols, NULL);
	if (s[n] == '\0') {
		ui_text_copy(out, outsz, s, n, &w);
		return w;
	}
	n = ui_text_fit(s, cols - 1, NULL);
	o = ui_text_copy(out, outsz, s, n, &w);
	if (o + elen <= outsz) {
		memcpy(out + o, ellipsis, elen);
		return w + 1;
	}
	return w;
}

/* Lower-cased wide copy of s, cut at cap - 1 characters. */
static size_t ui_text_fold(const char *s, wchar_t *out, size_t cap)
{
	size_t n = 0, len;
	wchar_t wc;

	while (*s != '\0' && n + 1 < cap) {
		ui_text_next(s, &wc, &len);
		out[n++] = (wchar_t)towlower((wint_t)wc);
		s += len;
	}
	out[n] = L'\0';
	return n;
}

int ui_text_match(const char *haystack, const char *needle)
{
	wchar_t h[512], n[128];

	if (needle[0] == '\0')
		return 1;
	if (haystack == NULL)
		return 0;
	ui_text_fold(needle, n, sizeof(n) / sizeof(n[0]));
	ui_text_fold(haystack, h, sizeof(h) / sizeof(h[0]));
	return wcsstr(h, n) != NULL;
}

bool ui_text_time(const char *s, unsigned total_s, unsigned *out_s)
{
	unsigned long part[3];
	size_t n = 0;
	char *end;

	while (*s == ' ')
		s++;
	if (!isdigit((unsigned char)*s))
		return false;
	for (;;) {
		part[n++] = strtoul(s, &end, 10);
		if (*end != ':' || n == 3)
			break;
		s = end + 1;
		if (!isdigit((unsigned char)*s))
			return false;
	}
	if (n == 1 && *end == '%') {
		end++;
		if (total_s == 0 || part[0] > 100)
			return false;
		part[0] = part[0] * total_s / 100;
	} else if ((n >= 2 && part[n - 1] >= 60) || (n == 3 && part[1] >= 60)) {
		return false;
	}
	while (*end == ' ')
		end++;
	if (*end != '\0')
		return false;
	*out_s = 0;
	for (size_t i = 0; i < n; i++) {
		if (part[i] > 100000)
			return false;
		*out_s = *out_s * 60 + (unsigned)part[i];
	}
	return true;
}
