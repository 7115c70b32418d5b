/* moodplay tests - terminal text: display width of UTF-8 (CJK, emoji,
 * combining marks, broken bytes) and clean cuts with an ellipsis. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui/ui-text.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

static void test_width(void **state)
{
	assert_int_equal(ui_text_width(""), 0);
	assert_int_equal(ui_text_width("abc"), 3);
	assert_int_equal(ui_text_width("Группа"), 6);
	assert_int_equal(ui_text_width("花束を君に"), 10);
	assert_int_equal(ui_text_width("\xf0\x9f\x8e\xb5"),
			 2); /* U+1F3B5 emoji */
	/* "e" + U+0301 combining acute: one column. */
	assert_int_equal(ui_text_width("e\xcc\x81"), 1);
	/* A stray continuation byte and a control character: '?' each. */
	assert_int_equal(ui_text_width("a\x80"
				       "b\t"),
			 4);
}

static void test_fit(void **state)
{
	size_t w;

	/* A double-width character never straddles the edge. */
	assert_int_equal(ui_text_fit("花束を", 3, &w), 3);
	assert_int_equal(w, 2);
	/* Combining marks stay with the last character kept. */
	assert_int_equal(ui_text_fit("e\xcc\x81x", 1, &w), 3);
	assert_int_equal(w, 1);
	assert_int_equal(ui_text_fit("abc", 10, &w), 3);
	assert_int_equal(w, 3);
}

static void test_cut(void **state)
{
	char out[64];

	assert_int_equal(ui_text_cut(out, sizeof(out), "Storm Engine", 12), 12);
	assert_string_equal(out, "Storm Engine");
	assert_int_equal(ui_text_cut(out, sizeof(out), "Storm Engine", 10), 10);
	assert_string_equal(out, "Storm Eng\xe2\x80\xa6");
	/* 5 columns of CJK: 2 characters + ellipsis = 5. */
	assert_int_equal(ui_text_cut(out, sizeof(out), "花束を君に", 5), 5);
	assert_string_equal(out, "花束\xe2\x80\xa6");
	/* 4 columns: one character (2) + ellipsis, never half a glyph. */
	assert_int_equal(ui_text_cut(out, sizeof(out), "花束を君に", 4), 3);
	assert_string_equal(out, "花\xe2\x80\xa6");
	/* Broken input comes out as '?', safe for the terminal. */
	ui_text_cut(out, sizeof(out), "a\xff\x1b[2Jb", 20);
	assert_string_equal(out, "a??[2Jb");
	/* A small buffer truncates without overflowing. */
	assert_int_equal(ui_text_cut(out, 4, "Группа", 20) <= 2, 1);
	assert_true(strlen(out) < 4);
	assert_int_equal(ui_text_cut(out, sizeof(out), "abc", 0), 0);
	assert_string_equal(out, "");
}

/* The lines of s wrapped at cols, joined by '|'. */
static void wrap_all(const char *s, size_t cols, char *out, size_t outsz)
{
	size_t pos = 0, o = 0, next, n;

	out[0] = '\0';
	while (s[pos] != '\0' && o + 2 < outsz) {
		n = ui_text_wrap(s + pos, cols, &next);
		o += (size_t)snprintf(out + o, outsz - o, "%s%.*s",
				      o ? "|" : "", (int)n, s + pos);
		assert_true(next > 0);
		pos += next;
	}
}

static void test_wrap(void **state)
{
	char out[256];

	(void)state;
	wrap_all("target valence 0.99 energy 0.55; exact", 16, out,
		 sizeof(out));
	assert_string_equal(out, "target valence|0.99 energy|0.55; exact");
	wrap_all("short", 16, out, sizeof(out));
	assert_string_equal(out, "short");
	/* A word longer than the line is cut mid-word. */
	wrap_all("abcdefghij kl", 4, out, sizeof(out));
	assert_string_equal(out, "abcd|efgh|ij|kl");
	/* Double-width characters count two columns and are not split. */
	wrap_all("花束を君に", 5, out, sizeof(out));
	assert_string_equal(out, "花束|を君|に");
	/* Wider than the line: on a line of its own, never an empty one. */
	wrap_all("花a", 1, out, sizeof(out));
	assert_string_equal(out, "花|a");
	/* Runs of spaces are where lines break, not lines of their own. */
	wrap_all("ab    cd", 3, out, sizeof(out));
	assert_string_equal(out, "ab|cd");
}

static void test_match(void **state)
{
	assert_true(ui_text_match("Storm Engine", ""));
	assert_true(ui_text_match("Storm Engine", "storm"));
	assert_true(ui_text_match("Storm Engine", "ENGINE"));
	assert_true(ui_text_match("Группа крови", "группа"));
	assert_true(ui_text_match("Ärger", "ärg"));
	assert_false(ui_text_match("Storm Engine", "stormy"));
	assert_false(ui_text_match(NULL, "x"));
}

static void test_time(void **state)
{
	/* A time in seconds, minutes:seconds, hours:minutes:seconds or a
	 * percentage of the song's length. */
	static const struct {
		const char *text;
		unsigned length, want;
	} good[] = {
		{ "75", 0, 75 },  { " 1:15 ", 0, 75 }, { "1:01:15", 0, 3675 },
		{ "0:00", 0, 0 }, { "50%", 300, 150 }, { "100%", 301, 301 },
	};
	/* Refused: seconds or minutes past 59, a percentage of an unknown
	 * length or over 100, anything else. */
	static const struct {
		const char *text;
		unsigned length;
	} bad[] = {
		{ "1:60", 0 },   { "1:60:00", 0 },   { "50%", 0 },
		{ "101%", 300 }, { "", 300 },        { "abc", 300 },
		{ "1:", 300 },   { "1:2:3:4", 300 }, { "-5", 300 },
		{ "5s", 300 },
	};
	unsigned t;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		t = 12345;
		assert_true(ui_text_time(good[i].text, good[i].length, &t));
		assert_int_equal(t, good[i].want);
	}
	t = 7;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(ui_text_time(bad[i].text, bad[i].length, &t));
	assert_int_equal(t, 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width), cmocka_unit_test(test_fit),
		cmocka_unit_test(test_cut),   cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_match), cmocka_unit_test(test_time),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return 77;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
