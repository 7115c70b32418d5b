/* moodplay benchmark - the music half: load generated Spotify-schema CSVs
 * (the 42k rows of genres_v2.csv and 1M rows), match a 100k-song library
 * against the 1M rows, plan a queue, and time pandas.read_csv on the same
 * files as the reference.  Prints a markdown report.
 *
 *     bench-dataset DIR
 *         DIR receives the generated files.  With MOODPLAY_BENCH_MPD set to
 *         an MPD socket serving the library below, listing it is timed too.
 *     bench-dataset --mpd-db HEADER OUT DIR
 *         write that library as an MPD database (HEADER: the info block of
 *         a database made by the MPD that will load it), for
 *         tests/bench/bench-dataset.sh. */
#include "config.h"

#include "base/rng.h"
#include "dataset/dataset-match.h"
#include "dataset/dataset.h"
#include "mood/mood-plan.h"
#include "mood/mood-segments.h"
#include "mood/mood.h"
#include "mpdc/mpdc.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ROWS_SMALL 42305
#define ROWS_LARGE 1000000
#define LIBRARY 100000
#define RUNS 3

static uint64_t rng = 42;

static double now(void)
{
	struct timespec ts;

	/* CPU time: the figures stay meaningful on a busy machine. */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Pseudo-words from syllables: titles are word salads, mostly distinct. */
static void word(char *out, uint64_t k)
{
	static const char *const syl[] = {
		"ka",  "lo",  "mi",  "ne",   "ru",   "sa",  "to",  "vi",
		"ze",  "qua", "bri", "dell", "fro",  "gan", "hul", "jor",
		"mex", "nim", "op",  "pla",  "ster", "thu", "wen", "yo",
		"zan", "cre", "dus", "el",   "fin",  "gor",
	};
	size_t n = sizeof(syl) / sizeof(syl[0]);

	out[0] = '\0';
	for (int i = 0; i < 3; i++, k /= n)
		strcat(out, syl[k % n]);
	out[0] = (char)(out[0] - 'a' + 'A');
}

static void title(char *out, size_t cap, uint64_t k)
{
	char w[3][32];

	word(w[0], k % 27000);
	word(w[1], (k / 27000) % 27000);
	word(w[2], k * 7919 % 27000);
	snprintf(out, cap, "%s %s %s", w[0], w[1], w[2]);
}

static void id22(char *out, uint64_t k)
{
	static const char b62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh"
				  "ijklmnopqrstuvwxyz";
	uint64_t h = k * 0x9E3779B97F4A7C15ULL + 12345;

	for (int i = 0; i < 22; i++) {
		out[i] = b62[h % 62];
		h = h / 62 + (uint64_t)i * 0x51ED27ULL + k;
	}
	out[22] = '\0';
}

static unsigned duration_of(uint64_t k)
{
	return 120000 + (unsigned)(k * 2654435761u % 180000);
}

/* genres_v2.csv's layout, CRLF, half the rows without a song_name (as in
 * the real file), some quoted titles with commas, scientific notation. */
static int gen_csv(const char *path, size_t rows)
{
	static const char *const genres[] = {
		"Dark Trap",  "Underground Rap",
		"Trap Metal", "Emo",
		"Rap",        "RnB",
		"Pop",        "Hiphop",
		"techhouse",  "techno",
		"trance",     "psytrance",
		"trap",       "dnb",
		"hardstyle",
	};
	FILE *f = fopen(path, "w");
	char id[23], t[128];

	if (f == NULL)
		return -1;
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	fputs("danceability,energy,key,loudness,mode,speechiness,acousticness,"
	      "instrumentalness,liveness,valence,tempo,type,id,uri,track_href,"
	      "analysis_url,duration_ms,time_signature,genre,song_name,Unnamed:"
	      " 0,title\r\n",
	      f);
	for (size_t i = 0; i < rows; i++) {
		bool named = i % 2 == 0;

		id22(id, i);
		title(t, sizeof(t), i);
		fprintf(f,
			"%.3f,%.3f,%d,%.3f,%d,%.4f,%.4f,%.2E,%.4f,%.3f,%.3f,"
			"audio_features,"
			"%s,spotify:track:%s,https://api.spotify.com/v1/tracks/"
			"%s,"
			"https://api.spotify.com/v1/audio-analysis/%s,%u,4,%s,",
			rng_uniform(&rng), rng_uniform(&rng),
			(int)(rng_next(&rng) % 12), -2 - 20 * rng_uniform(&rng),
			(int)(rng_next(&rng) % 2), rng_uniform(&rng) / 2,
			rng_uniform(&rng), rng_uniform(&rng) / 1000,
			rng_uniform(&rng) / 2, rng_uniform(&rng),
			60 + 140 * rng_uniform(&rng), id, id, id, id,
			duration_of(i), genres[i % 15]);
		if (named && i % 20 == 0)
			fprintf(f, "\"%s, Pt. 2\",,\r\n", t);
		else if (named)
			fprintf(f, "%s,,\r\n", t);
		else
			fprintf(f, ",%zu,Playlist %zu\r\n", i, i % 97);
	}
	return fclose(f);
}

static double best_load(const char *path, size_t *tracks)
{
	double best = INFINITY;

	for (int r = 0; r < RUNS; r++) {
		struct dataset *ds = dataset_new();
		struct dataset_stats st;
		struct mp_error err;
		double t0 = now();

		if (dataset_load_file(ds, path, &st, &err) != MP_OK) {
			fprintf(stderr, "bench: %s\n", err.msg);
			exit(1);
		}
		t0 = now() - t0;
		best = t0 < best ? t0 : best;
		*tracks = dataset_size(ds);
		dataset_free(ds);
	}
	return best;
}

/* pandas.read_csv on the same file, best of RUNS ($PYTHON, default
 * Debian's /usr/bin/python3, which python3-pandas installs into, whatever
 * python3 comes first in PATH); NAN without pandas. */
static double pandas_load(const char *path)
{
	char cmd[4096];
	double t = NAN;
	FILE *p;

	snprintf(cmd, sizeof(cmd),
		 "${PYTHON:-/usr/bin/python3} -c 'import sys, time, pandas\n"
		 "best = 1e9\n"
		 "for _ in range(%d):\n"
		 "    t = time.process_time(); pandas.read_csv(sys.argv[1]); "
		 "best = min(best, time.process_time() - t)\n"
		 "print(best)' '%s' 2>/dev/null",
		 RUNS, path);
	p = popen(cmd, "r");
	if (p == NULL)
		return NAN;
	if (fscanf(p, "%lf", &t) != 1)
		t = NAN;
	pclose(p);
	return t;
}

/* The same library every run, whatever was generated before. */
static void library(const struct dataset *ds, struct mp_song_list *lib)
{
	size_t n = dataset_size(ds);
	char t[160];

	rng = 4242;
	song_list_init(lib);
	for (size_t i = 0; i < LIBRARY; i++) {
		struct mp_song *s = song_list_push(lib);
		uint64_t k = rng_next(&rng);

		s->uri = malloc(32);
		snprintf(s->uri, 32, "lib/%06zu.flac", i);
		s->artist = malloc(32);
		snprintf(s->artist, 32, "Artist %u", (unsigned)(k % 5000));
		s->genre = strdup(i % 3 ? "Pop" : "Folk");
		if (i % 10 < 7) {
			/* Owned and in the dataset, tagged a little differently. */
			size_t row = (size_t)(k % n);
			const char *dt = dataset_title(ds, row);

			while (dt[0] == '\0') {
				row = (row + 1) % n;
				dt = dataset_title(ds, row);
			}
			snprintf(t, sizeof(t),
				 i % 10 == 0 ? "%s - Remastered 2011" : "%s",
				 dt);
			s->title = strdup(t);
			s->duration_ms = dataset_duration_ms(ds, row) +
					 (unsigned)(k % 4000) - 2000;
		} else {
			title(t, sizeof(t), 5000000 + k % 1000000);
			s->title = strdup(t);
			s->duration_ms = duration_of(k);
		}
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The library as MPD's text database: HEADER's info block, then one
 * directory of songs without audio files (MPD serves them all the same). */
static int write_mpd_db(const char *header, const char *out,
			const struct mp_song_list *lib)
{
	FILE *h = fopen(header, "r"), *f = fopen(out, "w");
	char line[1024];

	if (h == NULL || f == NULL)
		return -1;
	while (fgets(line, sizeof(line), h) != NULL &&
	       strncmp(line, "directory:", 10) != 0)
		fputs(line, f);
	fclose(h);
	fputs("directory: lib\nmtime: 0\nbegin: lib\n", f);
	for (size_t i = 0; i < lib->n; i++) {
		const struct mp_song *s = &lib->items[i];

		fprintf(f,
			"song_begin: %s\nTime: %.3f\nArtist: %s\nTitle: "
			"%s\nGenre: %s\n"
			"mtime: 1700000000\nsong_end\n",
			s->uri + 4, s->duration_ms / 1000.0, s->artist,
			s->title, s->genre);
	}
	fputs("end: lib\n", f);
	return fclose(f);
}

/* Wall-clock time: listing waits on MPD, whose work CPU time would miss. */
static double wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* List the library from the MPD at socket; seconds (wall), or NAN. */
static double list_from_mpd(const char *socket, struct mp_song_list *out)
{
	struct mpdc_host_layer opt = { socket, NULL, NULL },
			       none = { NULL, NULL, NULL };
	struct mpdc_endpoint ep;
	struct mp_error err;
	struct mpdc *m;
	double t = NAN;

	song_list_init(out);
	if (mpdc_endpoint_resolve(&ep, &opt, &none, &none, &err) != MP_OK)
		return NAN;
	m = mpdc_new(&ep, 60000, 1000);
	mpdc_endpoint_clear(&ep);
	if (mpdc_connect(m, &err) == MP_OK) {
		t = wall();
		if (mpdc_library_list(m, 0, out, &err) != MP_OK)
			t = NAN;
		else
			t = wall() - t;
	}
	if (isnan(t))
		fprintf(stderr, "bench: MPD: %s\n", err.msg);
	mpdc_free(m);
	return t;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[argc - 1] : "tests/bench/data";
	const char *mpd = getenv("MOODPLAY_BENCH_MPD");
	double t_list = NAN, t_match_mpd = NAN;
	size_t n_mpd = 0, matched_mpd = 0;
	char small[4096], large[4096];
	double t_small, t_large, p_small, p_large, t_index, t_match, t_plan[21],
		t_seg;
	size_t tr_small, tr_large, kinds[MATCH_KIND_COUNT] = { 0 };
	struct mp_song_list lib;
	struct match_result *res;
	struct match_index *ix;
	struct dataset *ds;
	struct dataset_stats st;
	struct mp_error err;
	struct match_opts mo = { 3000, true };

#if defined(__SANITIZE_ADDRESS__)
	fprintf(stderr, "bench: built with sanitizers; timings are not "
			"representative\n");
#endif
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		perror(dir);
		return 1;
	}
	snprintf(small, sizeof(small), "%s/genres-42k.csv", dir);
	snprintf(large, sizeof(large), "%s/genres-1m.csv", dir);
	/* Generated once: the files are deterministic. */
	if ((access(small, R_OK) != 0 && gen_csv(small, ROWS_SMALL) != 0) ||
	    (access(large, R_OK) != 0 && gen_csv(large, ROWS_LARGE) != 0)) {
		perror("bench: generating the CSV files");
		return 1;
	}
	if (argc == 5 && strcmp(argv[1], "--mpd-db") == 0) {
		ds = dataset_new();
		if (dataset_load_file(ds, large, &st, &err) != MP_OK) {
			fprintf(stderr, "bench: %s\n", err.msg);
			return 1;
		}
		library(ds, &lib);
		if (write_mpd_db(argv[2], argv[3], &lib) != 0) {
			perror("bench: writing the MPD database");
			return 1;
		}
		song_list_clear(&lib);
		dataset_free(ds);
		return 0;
	}
	t_small = best_load(small, &tr_small);
	t_large = best_load(large, &tr_large);
	p_small = pandas_load(small);
	p_large = pandas_load(large);

	ds = dataset_new();
	if (dataset_load_file(ds, large, &st, &err) != MP_OK) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	library(ds, &lib);
	res = calloc(lib.n, sizeof(*res));
	t_index = now();
	if (match_index_new(ds, &ix, &err) != MP_OK) {
		fprintf(stderr, "bench: %s\n", err.msg);
		return 1;
	}
	t_index = now() - t_index;
	t_match = now();
	match_songs(ix, &mo, lib.items, lib.n, res);
	t_match = now() - t_match;
	for (size_t i = 0; i < lib.n; i++)
		kinds[res[i].kind]++;
	if (mpd != NULL && mpd[0] != '\0') {
		struct mp_song_list from;
		struct match_result *r2;

		t_list = list_from_mpd(mpd, &from);
		n_mpd = from.n;
		r2 = calloc(from.n ? from.n : 1, sizeof(*r2));
		t_match_mpd = now();
		match_songs(ix, &mo, from.items, from.n, r2);
		t_match_mpd = now() - t_match_mpd;
		for (size_t i = 0; i < from.n; i++)
			matched_mpd += r2[i].kind == MATCH_DURATION ||
				       r2[i].kind == MATCH_EXACT;
		free(r2);
		song_list_clear(&from);
	}

	{
		size_t n = 0;
		float *x = malloc(lib.n * MOOD_DIMS * sizeof(float));
		float *feat = malloc(lib.n * DS_NFEAT * sizeof(float));
		uint32_t *artist = malloc(lib.n * sizeof(uint32_t));
		float targets[20 * MOOD_DIMS], w[MOOD_DIMS];
		struct mood_point pts[20];
		struct conf_weights cw = { 1, 1, 0.2, 0.1 };
		struct plan_pick picks[20];
		struct mood_segments seg;
		void *scratch;

		for (size_t i = 0; i < lib.n; i++) {
			if (res[i].kind != MATCH_EXACT &&
			    res[i].kind != MATCH_DURATION &&
			    res[i].kind != MATCH_GENRE)
				continue;
			mood_song_vector(res[i].f, x + n * MOOD_DIMS);
			memcpy(feat + n * DS_NFEAT, res[i].f, sizeof(res[i].f));
			artist[n++] = mood_plan_artist_key(lib.items[i].artist);
		}
		mood_trajectory(CONF_STRATEGY_LIFT,
				mood_emotion_point(MOOD_SAD), 20, pts);
		for (int i = 0; i < 20; i++)
			mood_target_vector(pts[i], targets + i * MOOD_DIMS);
		mood_weights(&cw, w);
		scratch = NULL;
		for (int r = 0; r < 21; r++) {
			struct plan_input in = {
				.n_songs = n,
				.dims = MOOD_DIMS,
				.x = x,
				.artist = artist,
				.w = w,
				.n = 20,
				.targets = targets,
				.monotone_dim = MOOD_DIM_VALENCE,
				.monotone_dir = 1,
				.artist_gap = 3,
				.temperature = 0.2,
				.seed = (uint64_t)r,
			};

			if (scratch == NULL)
				scratch = malloc(mood_plan_scratch_size(&in));
			t_plan[r] = now();
			mood_plan(&in, scratch, picks);
			t_plan[r] = now() - t_plan[r];
		}
		qsort(t_plan, 21, sizeof(double), cmp_double);
		t_seg = now();
		mood_segments_fit(&seg, feat, n, 1, &err);
		t_seg = now() - t_seg;
		free(scratch);
		free(x);
		free(feat);
		free(artist);
	}

	printf("| step | size | moodplay | target | pandas.read_csv | pandas / "
	       "moodplay |\n");
	printf("| --- | --- | ---: | ---: | ---: | ---: |\n");
	printf("| load CSV (genres_v2 layout) | %d rows, %zu tracks | %.1f ms "
	       "| < 100 ms | %.1f ms | %.1fx |\n",
	       ROWS_SMALL, tr_small, t_small * 1e3, p_small * 1e3,
	       p_small / t_small);
	printf("| load CSV (genres_v2 layout) | %d rows, %zu tracks | %.0f ms "
	       "| < 1500 ms | %.0f ms | %.1fx |\n",
	       ROWS_LARGE, tr_large, t_large * 1e3, p_large * 1e3,
	       p_large / t_large);
	printf("| index 1M titles + match 100k songs | %zu + %zu | %.0f ms "
	       "(%.0f + %.0f) | < 1500 ms | | |\n",
	       tr_large, lib.n, (t_index + t_match) * 1e3, t_index * 1e3,
	       t_match * 1e3);
	if (!isnan(t_list))
		printf("| list the library from MPD (paged, wall time) + match "
		       "it | %zu songs, %zu matched "
		       "| %.0f ms (%.0f + %.0f) | | | |\n",
		       n_mpd, matched_mpd, (t_list + t_match_mpd) * 1e3,
		       t_list * 1e3, t_match_mpd * 1e3);
	printf("| plan a 20-song lift queue (median of 21) | %zu candidates | "
	       "%.2f ms | < 5 ms | | |\n",
	       kinds[MATCH_EXACT] + kinds[MATCH_DURATION] + kinds[MATCH_GENRE],
	       t_plan[10] * 1e3);
	printf("| fit the k-means segments model | %zu songs | %.0f ms | | | "
	       "|\n",
	       kinds[MATCH_EXACT] + kinds[MATCH_DURATION] + kinds[MATCH_GENRE],
	       t_seg * 1e3);
	printf("\nmatch outcome: %zu by title+duration, %zu ambiguous, %zu "
	       "genre fallback, "
	       "%zu unmatched (70%% of the library is in the dataset, 10%% of "
	       "those with a "
	       "remaster suffix)\n",
	       kinds[MATCH_DURATION], kinds[MATCH_AMBIGUOUS],
	       kinds[MATCH_GENRE], kinds[MATCH_NONE]);
	match_index_free(ix);
	dataset_free(ds);
	song_list_clear(&lib);
	free(res);
	return 0;
}
