/* moodplay - a minimal JSON writer. */
#include "config.h"

#include "base/json.h"
#include "base/song.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at s, 0 if invalid. */
static int utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xe0 && s[1] < 0xa0) ||
		    (s[0] == 0xed && s[1] > 0x9f))
			return 0; /* overlong or surrogate */
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 ||
		    (s[3] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xf0 && s[1] < 0x90) ||
		    (s[0] == 0xf4 && s[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

void json_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	while (*s != '\0') {
		int n;

		switch (*s) {
		case '"':
			fputs("\\\"", f);
			s++;
			continue;
		case '\\':
			fputs("\\\\", f);
			s++;
			continue;
		case '\n':
			fputs("\\n", f);
			s++;
			continue;
		case '\r':
			fputs("\\r", f);
			s++;
			continue;
		case '\t':
			fputs("\\t", f);
			s++;
			continue;
		default: break;
		}
		if (*s < 0x20) {
			fprintf(f, "\\u%04x", *s);
			s++;
			continue;
		}
		n = utf8_len(s);
		if (n == 0) {
			fputs("\xef\xbf\xbd", f);
			s++;
			continue;
		}
		fwrite(s, 1, (size_t)n, f);
		s += n;
	}
	fputc('"', f);
}

void json_key(FILE *f, const char *key, bool *first)
{
	if (!*first)
		fputc(',', f);
	*first = false;
	json_string(f, key);
	fputc(':', f);
}

static locale_t c_numeric;
static pthread_once_t c_numeric_once = PTHREAD_ONCE_INIT;

static void c_numeric_init(void)
{
	c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

void json_number(FILE *f, double v)
{
	locale_t old = (locale_t)0;

	if (!isfinite(v)) {
		fputs("null", f);
		return;
	}
	if (v == (double)(int64_t)v && fabs(v) < 1e15) {
		fprintf(f, "%lld", (long long)v);
		return;
	}
	/* JSON's decimal point is '.', whatever LC_NUMERIC says (a German
	 * locale would write 0,5); uselocale() changes this thread only. */
	pthread_once(&c_numeric_once, c_numeric_init);
	if (c_numeric != (locale_t)0)
		old = uselocale(c_numeric);
	fprintf(f, "%.6g", v);
	if (old != (locale_t)0)
		uselocale(old);
}

void json_song(FILE *f, const struct mp_song *s, bool *first)
{
	json_key(f, "file", first);
	json_string(f, s->uri);
	json_key(f, "title", first);
	json_string(f, s->title);
	json_key(f, "artist", first);
	json_string(f, s->artist);
}
