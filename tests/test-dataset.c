/* moodplay tests - the dataset loader on the real Kaggle samples and on
 * generated edge cases, title normalisation, and library matching. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dataset/dataset-match.h"
#include "dataset/dataset-norm.h"
#include "dataset/dataset.h"
#include "shared-data.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A real Spotify sample from the shared data. */
static const char *sample(const char *name)
{
	static char rel[256];

	snprintf(rel, sizeof(rel), "spotify/%s", name);
	return shared_data(rel);
}

static struct dataset *load(const char *path, struct dataset_stats *st)
{
	struct dataset *ds = dataset_new();
	struct mp_error err;

	if (dataset_load_file(ds, path, st, &err) != MP_OK) {
		dataset_free(ds);
		fail_msg("%s", err.msg);
	}
	return ds;
}

/* The shared data's sample spotify/NAME, loaded whole: rows rows, none
 * skipped.  Without the shared data the test is skipped. */
static struct dataset *load_sample(const char *name, size_t rows)
{
	char rel[256];
	struct dataset_stats st;
	struct dataset *ds;

	snprintf(rel, sizeof(rel), "spotify/%s", name);
	SKIP_WITHOUT_SHARED_DATA(rel);
	ds = load(sample(name), &st);
	assert_int_equal(st.rows_loaded, rows);
	assert_int_equal(st.rows_skipped, 0);
	return ds;
}

static struct dataset *parse(const char *csv, struct dataset_stats *st,
			     enum mp_status want, struct mp_error *err)
{
	struct dataset *ds = dataset_new();

	assert_int_equal(dataset_parse(ds, "t.csv", csv, strlen(csv), st, err),
			 want);
	return ds;
}

/* The track with this id, or fail. */
static void find(const struct dataset *ds, const char *id,
		 struct dataset_track *t)
{
	for (size_t i = 0; i < dataset_size(ds); i++) {
		dataset_get(ds, i, t);
		if (strcmp(t->id, id) == 0)
			return;
	}
	fail_msg("no track %s", id);
}

/* Field NAME of the first data row of a CSV whose first row has no quotes,
 * split naively: an independent reading to hold the loader against, so the
 * test carries no copy of the shared data.  A static buffer. */
static const char *first_row_field(const char *path, const char *name)
{
	static char header[4096], row[4096], out[512];
	FILE *f = fopen(path, "r");
	char *h, *r, *hs;

	assert_non_null(f);
	assert_non_null(fgets(header, sizeof(header), f));
	assert_non_null(fgets(row, sizeof(row), f));
	fclose(f);
	header[strcspn(header, "\r\n")] = '\0';
	row[strcspn(row, "\r\n")] = '\0';
	h = strtok_r(header, ",", &hs);
	r = row;
	while (h != NULL) {
		size_t n = strcspn(r, ",");

		if (strcmp(h, name) == 0) {
			snprintf(out, sizeof(out), "%.*s", (int)n, r);
			return out;
		}
		r += n + (r[n] == ',');
		h = strtok_r(NULL, ",", &hs);
	}
	fail_msg("no column %s", name);
	return NULL;
}

static void test_real_genres_v2(void **state)
{
	const char *path;
	struct dataset *ds = load_sample("genres_v2-sample.csv", 238);
	struct dataset_track t;
	char id[64];

	assert_int_equal(dataset_size(ds), 238);
	path = sample("genres_v2-sample.csv");
	snprintf(id, sizeof(id), "%s", first_row_field(path, "id"));
	find(ds, id, &t);
	assert_string_equal(t.title, first_row_field(path, "song_name"));
	assert_string_equal(t.genre, first_row_field(path, "genre"));
	assert_string_equal(t.artists, "");
	assert_int_equal(t.duration_ms,
			 atoi(first_row_field(path, "duration_ms")));
	assert_float_equal(t.f[DS_VALENCE],
			   strtod(first_row_field(path, "valence"), NULL),
			   1e-6);
	assert_float_equal(t.f[DS_TEMPO],
			   strtod(first_row_field(path, "tempo"), NULL), 1e-4);
	assert_float_equal(t.f[DS_LOUDNESS],
			   strtod(first_row_field(path, "loudness"), NULL),
			   1e-5);
	/* Scientific notation. */
	find(ds, "0vSWgAlfpye0WCGeNmuNhy", &t);
	assert_float_equal(t.f[DS_INSTRUMENTALNESS], 4.14e-06, 1e-12);
	/* Quoted titles with commas, and Cyrillic. */
	find(ds, "6kl1qtQXQsFiIWRBK24Cfp", &t);
	assert_string_equal(t.title,
			    "RAF (feat. A$AP Rocky, Playboi Carti, Quavo, "
			    "Lil Uzi Vert & Frank Ocean)");
	assert_int_equal(dataset_genre_count(ds), 1);
	dataset_free(ds);
}

/* pandas' re-save has float noise ("0.19699999999999998") and LF endings:
 * as floats the values are the ones of the original text. */
static void test_real_pandas_resave(void **state)
{
	struct dataset *ds =
		load_sample("genres_v2-pandas-resave-sample.csv", 200);
	struct dataset_track t;

	find(ds, "5sqYbITLDDODlliFFgkITW", &t);
	assert_true(t.f[DS_ACOUSTICNESS] == 0.197f);
	assert_true(t.f[DS_VALENCE] == 0.224f);
	assert_true(t.f[DS_TEMPO] == 220.006f);
	assert_true(t.f[DS_INSTRUMENTALNESS] == 0.0f);
	find(ds, "23GLgk0r6rKVCic7cCFArg", &t);
	assert_string_equal(
		t.title, "...And To Those I Love, Thanks For Sticking Around");
	assert_true(t.f[DS_INSTRUMENTALNESS] == 8.82e-05f);
	dataset_free(ds);
}

static void test_real_tracks_dataset(void **state)
{
	struct dataset *ds = load_sample("tracks-dataset-sample.csv", 269);
	struct dataset_track t;

	find(ds, "1iJBSr7s7jYXzM8EGcbK5b", &t);
	assert_string_equal(t.artists, "Ingrid Michaelson;ZAYN");
	assert_string_equal(t.title, "To Begin Again");
	assert_string_equal(t.genre, "acoustic");
	assert_int_equal(t.duration_ms, 210826);
	assert_float_equal(t.f[DS_ENERGY], 0.359, 1e-6);
	find(ds, "6JGjevTaqr9J1xp7YvYUKF", &t);
	assert_string_equal(
		t.title,
		"Speak Your Mind (From the Netflix Series \"We The People\")");
	dataset_free(ds);
}

/* BOM, CRLF, a quoted field over two lines, missing values, malformed rows
 * reported by physical line, duplicates merged. */
static void test_edge_cases(void **state)
{
	const char *csv =
		"\xEF\xBB\xBFid,song_name,valence,energy,tempo,duration_ms,"
		"genre\r\n"
		"a,\"Two\r\nLines\",0.5,0.6,120,200000,Pop\r\n" /* lines 2-3 */
		"b,Short Row,0.5\r\n"                           /* 4: skipped */
		"c,No Tempo,0.25,0.75,,180000,Pop\r\n"          /* 5 */
		"d,Bad,zero,0.1,1,1,Pop\r\n"                    /* 6: skipped */
		"\r\n"                                          /* 7: blank */
		"e,Extra,0.1,0.1,1,1,Pop,x\r\n"                 /* 8: skipped */
		"a,,0.9,0.9,90,1,Rock\r\n"             /* 9: duplicate */
		",No Id,0.1,0.1,1,1,Pop\r\n"           /* 10: skipped */
		"f,Sci,1E-1,2.5e-1,1.2E+2,2.4e5,Rock"; /* 11, no newline */
	struct dataset_stats st;
	struct mp_error err;
	struct dataset *ds = parse(csv, &st, MP_OK, &err);
	struct dataset_track t;

	assert_int_equal(st.rows_loaded, 4);
	assert_int_equal(st.rows_skipped, 4);
	assert_int_equal(st.duplicates, 1);
	assert_int_equal(dataset_size(ds), 3);
	assert_int_equal(st.n_reported, 4);
	assert_int_equal(st.skipped_line[0], 4);
	assert_int_equal(st.skipped_line[1], 6);
	assert_int_equal(st.skipped_line[2], 8);
	assert_int_equal(st.skipped_line[3], 10);
	assert_string_equal(st.skipped_why[1], "a feature is not a number");
	find(ds, "a", &t);
	assert_string_equal(t.title, "Two\r\nLines");
	assert_float_equal(t.f[DS_VALENCE], 0.5, 1e-6); /* the first row wins */
	find(ds, "c", &t);
	assert_true(isnan(t.f[DS_TEMPO]));
	assert_true(isnan(t.f[DS_LOUDNESS])); /* no such column */
	find(ds, "f", &t);
	assert_float_equal(t.f[DS_VALENCE], 0.1, 1e-7);
	assert_float_equal(t.f[DS_ENERGY], 0.25, 1e-7);
	assert_int_equal(t.duration_ms, 240000);
	/* Genre means count every row, the duplicate's too. */
	for (size_t i = 0; i < dataset_genre_count(ds); i++) {
		const char *name;
		size_t rows;
		float mean[DS_NFEAT];

		dataset_genre_get(ds, i, &name, &rows, mean);
		if (strcmp(name, "Pop") == 0) {
			assert_int_equal(rows, 2);
			assert_float_equal(mean[DS_VALENCE], 0.375, 1e-6);
			assert_float_equal(mean[DS_TEMPO], 120, 1e-4);
		} else {
			assert_string_equal(name, "Rock");
			assert_int_equal(rows, 2);
		}
	}
	dataset_free(ds);
}

static void test_header_errors(void **state)
{
	struct dataset_stats st;
	struct mp_error err;
	struct dataset *ds;

	ds = parse("id,song_name,energy\n1,x,0.5\n", &st, MP_EINVAL, &err);
	assert_string_equal(err.msg,
			    "t.csv:1: the header has no 'valence' column");
	assert_int_equal(dataset_size(ds), 0);
	dataset_free(ds);
	ds = parse("", &st, MP_EINVAL, &err);
	assert_string_equal(err.msg, "t.csv: empty file, no header");
	dataset_free(ds);
	/* A quote never closed: said, with the lines it swallowed. */
	ds = parse("id,song_name,valence,energy\n1,ok,0.5,0.5\n"
		   "2,\"Open,0.5,0.5\n3,lost,0.5,0.5\n4,lost,0.5,0.5\n",
		   &st, MP_EINVAL, &err);
	assert_string_equal(err.msg,
			    "t.csv:3: a quote opened in this row is "
			    "never closed: lines 3 to 5 were not read");
	dataset_free(ds);
	ds = dataset_new();
	assert_int_equal(dataset_load_file(ds, "/nonexistent.csv", &st, &err),
			 MP_ENOENT);
	dataset_free(ds);
}

/* A field longer than the limit skips its row, not the file. */
static void test_field_limit(void **state)
{
	size_t n = DATASET_MAX_FIELD + 100;
	char *csv = malloc(n + 200);
	struct dataset_stats st;
	struct mp_error err;
	struct dataset *ds;
	int o = sprintf(csv, "id,song_name,valence,energy\n1,");

	memset(csv + o, 'x', n);
	strcpy(csv + o + n, ",0.5,0.5\n2,ok,0.5,0.5\n");
	ds = parse(csv, &st, MP_OK, &err);
	assert_int_equal(st.rows_loaded, 1);
	assert_int_equal(st.rows_skipped, 1);
	assert_string_equal(st.skipped_why[0], "field too long");
	dataset_free(ds);
	free(csv);
}

static void expect_title(const char *in, const char *want)
{
	char out[DATASET_NORM_MAX + 1];

	dataset_norm_title(in, out);
	if (strcmp(out, want) != 0)
		fail_msg("'%s' -> '%s', want '%s'", in, out, want);
}

static void test_norm(void **state)
{
	expect_title("Café del Mar (Remastered 2011)", "cafe del mar");
	expect_title("Cafe Del Mar - 2011 Remaster", "cafe del mar");
	expect_title("CAFÉ  DEL  MAR", "cafe del mar");
	expect_title("ProductOfDrugs (Prod. The Virus and Antidote)",
		     "productofdrugs");
	expect_title("RAF (feat. A$AP Rocky, Playboi Carti)", "raf");
	expect_title("Song feat. Someone Else", "song");
	expect_title("Song ft. Someone", "song");
	expect_title("Song [Live]", "song");
	expect_title("Song - Live at Wembley", "song");
	expect_title("Don’t Stop Me Now", "dont stop me now");
	expect_title("Don't Stop Me Now", "dont stop me now");
	expect_title("Rock & Roll", "rock and roll");
	expect_title("Mercury: Retrograde", "mercury retrograde");
	expect_title("ＦＵＬＬＷＩＤＴＨ straße", "fullwidth strasse");
	expect_title("Группа Крови", "группа крови");
	expect_title("Ёлка", "елка");
	expect_title("花束を君に", "花束を君に");
	expect_title("$uicideboy$ - 1000 Blunts", "uicideboy 1000 blunts");
	expect_title("Remix (Remix)", "remix remix");
	expect_title("(Live)", "live");
	expect_title("Love Song - Acoustic", "love song acoustic");
}

/* A generated dataset and library: accents, feat. parts, remaster
 * suffixes, a duplicate title with different durations, near misses. */
static const char match_csv[] =
	"track_id,artists,track_name,duration_ms,valence,energy,track_genre\n"
	"t1,Aurora Lane,Café del Mar,240000,0.8,0.7,pop\n"
	"t2,Aurora Lane,Sunrise Drive - Remastered 2011,180000,0.9,0.8,pop\n"
	"t3,Other Band,Sunrise Drive,300000,0.1,0.2,rock\n"
	"t4,Kino;Viktor Tsoi,Группа крови,285000,0.3,0.8,rock\n"
	"t5,Band A,Twin,200000,0.2,0.2,pop\n"
	"t6,Band B,Twin,201000,0.9,0.9,pop\n"
	"t7,Solo,Echo (feat. Guest),150000,0.5,0.5,pop\n"
	"t8,Solo,Echo,151000,0.52,0.48,pop\n"
	"t9,,Nameless,100000,0.4,0.4,jazz\n";

struct lib_song {
	const char *title, *artist, *genre;
	unsigned secs;
	enum match_kind want;
	const char *want_track;
};

static const struct lib_song library[] = {
	{ "Cafe Del Mar (Live)", "Aurora Lane", "Pop", 241, MATCH_EXACT, "t1" },
	{ "Sunrise Drive", "Aurora Lane", "Pop", 181, MATCH_EXACT, "t2" },
	{ "Sunrise Drive", "Other Band", "Rock", 299, MATCH_EXACT, "t3" },
	/* Near miss: right title, wrong duration, no genre to fall back on. */
	{ "Sunrise Drive", "Aurora Lane", NULL, 200, MATCH_NONE, NULL },
	/* Right title and duration, another artist. */
	{ "Café del Mar", "Somebody Else", NULL, 240, MATCH_NONE, NULL },
	{ "ГРУППА КРОВИ", "Кино feat. Nobody", NULL, 287, MATCH_NONE, NULL },
	{ "ГРУППА КРОВИ", "Viktor Tsoi", NULL, 287, MATCH_EXACT, "t4" },
	/* No artist tag: the duration confirms, but both Twins fit. */
	{ "Twin", NULL, NULL, 200, MATCH_AMBIGUOUS, NULL },
	/* Same recording twice: the mean is used. */
	{ "Echo", NULL, NULL, 150, MATCH_DURATION, NULL },
	{ "Nameless", "Anyone", NULL, 100, MATCH_DURATION, "t9" },
	{ "Unknown Song", NULL, "POP", 100, MATCH_GENRE, NULL },
	{ "Unknown Song", NULL, "Polka", 100, MATCH_NONE, NULL },
	{ NULL, NULL, "Jazz", 100, MATCH_GENRE, NULL },
};

static void test_match(void **state)
{
	size_t n = sizeof(library) / sizeof(library[0]);
	struct mp_song songs[sizeof(library) / sizeof(library[0])];
	struct match_result res[sizeof(library) / sizeof(library[0])];
	struct match_opts o = { 3000, true };
	struct dataset_stats st;
	struct mp_error err;
	struct dataset *ds = parse(match_csv, &st, MP_OK, &err);
	struct match_index *ix;

	assert_int_equal(match_index_new(ds, &ix, &err), MP_OK);
	memset(songs, 0, sizeof(songs));
	for (size_t i = 0; i < n; i++) {
		songs[i].uri = (char *)"x.flac";
		songs[i].title = (char *)library[i].title;
		songs[i].artist = (char *)library[i].artist;
		songs[i].genre = (char *)library[i].genre;
		songs[i].duration_ms = library[i].secs * 1000;
	}
	match_songs(ix, &o, songs, n, res);
	for (size_t i = 0; i < n; i++) {
		if (res[i].kind != library[i].want)
			fail_msg("song %zu (%s): %s, want %s (%s)", i,
				 library[i].title,
				 match_kind_names[res[i].kind],
				 match_kind_names[library[i].want], res[i].why);
		if (library[i].want_track != NULL) {
			struct dataset_track t;

			dataset_get(ds, res[i].track, &t);
			assert_string_equal(t.id, library[i].want_track);
			assert_float_equal(res[i].f[DS_VALENCE],
					   t.f[DS_VALENCE], 1e-6);
		}
	}
	assert_float_equal(res[8].f[DS_VALENCE], 0.51, 1e-6);
	assert_float_equal(res[10].f[DS_VALENCE],
			   (0.8 + 0.9 + 0.2 + 0.9 + 0.5 + 0.52) / 6, 1e-5);
	assert_string_equal(res[3].why,
			    "same title, another artist or duration");
	assert_string_equal(res[4].why, "same title, another artist");
	/* Without the fallback, genre songs stay unmatched. */
	o.genre_fallback = false;
	match_songs(ix, &o, songs, n, res);
	assert_int_equal(res[10].kind, MATCH_NONE);
	match_index_free(ix);
	dataset_free(ds);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_genres_v2),
		cmocka_unit_test(test_real_pandas_resave),
		cmocka_unit_test(test_real_tracks_dataset),
		cmocka_unit_test(test_edge_cases),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_field_limit),
		cmocka_unit_test(test_norm),
		cmocka_unit_test(test_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
