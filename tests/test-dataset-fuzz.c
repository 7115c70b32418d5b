/* moodplay tests - the dataset parser, the title normaliser and the matcher
 * on mutated input: thousands of damaged copies of the real Kaggle sample
 * (bytes flipped, quotes, newlines and NULs inserted, cut short) and random
 * bytes.  Under the sanitizers, any out-of-bounds access or leak fails;
 * the counts must stay consistent.  Deterministic (fixed seeds). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/rng.h"
#include "dataset/dataset-match.h"
#include "dataset/dataset-norm.h"
#include "dataset/dataset.h"
#include "shared-data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUNDS 800

static uint64_t rng = 1;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Damage a copy of src: a few edits from a menu of what breaks parsers. */
static size_t mutate(const char *src, size_t len, char *dst)
{
	static const char *const inserts[] = {
		"\"",       "\"\"",
		",",        "\n",
		"\r\n",     "\r",
		"\0",       "\xEF\xBB\xBF",
		"\xC3",     "\xFF\xFE",
		"1e999",    "-0",
		"nan",      ",,,,,,,,,,,,,,,,,,,,,,,,,",
		"\"a\nb\"",
	};
	size_t n = len;
	int edits = 1 + (int)(rng_next(&rng) % 8);

	memcpy(dst, src, len);
	for (int e = 0; e < edits; e++) {
		size_t at = n ? (size_t)(rng_next(&rng) % n) : 0;

		switch (rng_next(&rng) % 4) {
		case 0: /* flip a byte */
			if (n)
				dst[at] = (char)rng_next(&rng);
			break;
		case 1: { /* insert a troublemaker */
			const char *s =
				inserts[rng_next(&rng) %
					(sizeof(inserts) / sizeof(inserts[0]))];
			size_t k = s[0] == '\0' ? 1 : strlen(s);

			memmove(dst + at + k, dst + at, n - at);
			memcpy(dst + at, s, k);
			n += k;
			break;
		}
		case 2: /* cut short */ n = at; break;
		default: { /* delete a run */
			size_t k = (size_t)(rng_next(&rng) % 64);

			if (at + k > n)
				k = n - at;
			memmove(dst + at, dst + at + k, n - at - k);
			n -= k;
			break;
		}
		}
	}
	return n;
}

static void test_mutated_sample(void **state)
{
	size_t len, lines = 0;
	char *src, *buf;

	SKIP_WITHOUT_SHARED_DATA("spotify/genres_v2-sample.csv");
	src = slurp(shared_data("spotify/genres_v2-sample.csv"), &len);
	buf = malloc(len + 8 * 64 + 64);

	for (size_t i = 0; i < len; i++)
		lines += src[i] == '\n';
	for (int round = 0; round < ROUNDS; round++) {
		struct dataset *ds = dataset_new();
		struct dataset_stats st;
		struct mp_error err;
		size_t n = mutate(src, len, buf);
		enum mp_status rc =
			dataset_parse(ds, "fuzz.csv", buf, n, &st, &err);

		assert_true(rc == MP_OK || rc == MP_EINVAL);
		if (rc == MP_OK) {
			/* Rows never appear from nowhere: at most one per line
			 * (plus the inserted ones). */
			assert_true(st.rows_loaded + st.rows_skipped <=
				    lines + 16);
			assert_true(dataset_size(ds) <= st.rows_loaded);
			assert_true(st.n_reported <= DATASET_REPORTED_LINES);
			for (size_t i = 0; i < dataset_size(ds); i++) {
				struct dataset_track t;

				dataset_get(ds, i, &t);
				assert_true(t.f[DS_VALENCE] >= 0 &&
					    t.f[DS_VALENCE] <= 1);
				assert_true(t.id[0] != '\0');
			}
		}
		dataset_free(ds);
	}
	free(buf);
	free(src);
}

/* Random bytes, valid and invalid UTF-8 alike, through the normaliser and
 * the matcher (as titles, artists and genres). */
static void test_random_text(void **state)
{
	static const char csv[] =
		"id,song_name,artists,valence,energy,duration_ms,genre\n"
		"a,Caf\xC3\xA9,\xC3\x89"
		"dith,0.5,0.5,100000,pop\n"
		"b,\xE2\x80\x8B,x,0.5,0.5,100000,\xF0\x9F\x8E\xB5\n";
	struct dataset_stats st;
	struct mp_error err;
	struct dataset *ds = dataset_new();
	struct match_index *ix;
	struct match_opts o = { 3000, true };

	assert_int_equal(
		dataset_parse(ds, "t.csv", csv, strlen(csv), &st, &err), MP_OK);
	assert_int_equal(match_index_new(ds, &ix, &err), MP_OK);
	for (int round = 0; round < 8000; round++) {
		char in[3000], out[DATASET_NORM_MAX + 1];
		size_t n = (size_t)(rng_next(&rng) % (sizeof(in) - 1));
		struct mp_song song = { 0 };
		struct match_result r;

		for (size_t i = 0; i < n; i++) {
			uint64_t k = rng_next(&rng);

			/* Mostly ASCII and UTF-8 lead/continuation bytes. */
			in[i] = (char)(k % 3 == 0   ? 0x80 | (k >> 8) % 0x40
				       : k % 3 == 1 ? 0xC0 | (k >> 8) % 0x30
						    : 0x20 + (k >> 8) % 0x5F);
		}
		in[n] = '\0';
		assert_true(dataset_norm_title(in, out) <= DATASET_NORM_MAX);
		assert_true(strlen(out) <= DATASET_NORM_MAX);
		song.uri = (char *)"x";
		song.title = in;
		song.artist = round % 2 ? in : NULL;
		song.genre = round % 3 ? in : NULL;
		song.duration_ms = 100000;
		match_songs(ix, &o, &song, 1, &r);
		assert_true(r.kind < MATCH_KIND_COUNT);
	}
	match_index_free(ix);
	dataset_free(ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mutated_sample),
		cmocka_unit_test(test_random_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
