/* moodplay - "moodplay match": how well the dataset covers the library. */
#include "config.h"

#include "cli/cli.h"
#include "base/i18n.h"
#include "base/json.h"
#include "mood/mood-queue.h"

#include <getopt.h>
#include <stdio.h>

/* Keys of the --json "examples" object, by match kind. */
static const char *const example_keys[MATCH_KIND_COUNT] = {
	[MATCH_EXACT] = "exact",         [MATCH_DURATION] = "duration",
	[MATCH_AMBIGUOUS] = "ambiguous", [MATCH_GENRE] = "genre_fallback",
	[MATCH_NONE] = "unmatched",
};

static const char *const kind_labels[MATCH_KIND_COUNT] = {
	[MATCH_EXACT] = N_("matched (title, artist, duration)"),
	[MATCH_DURATION] = N_("matched (title, duration)"),
	[MATCH_AMBIGUOUS] = N_("ambiguous"),
	[MATCH_GENRE] = N_("genre fallback"),
	[MATCH_NONE] = N_("unmatched"),
};

static void totals(const struct moodq_report *r, size_t *loaded,
		   size_t *skipped)
{
	*loaded = *skipped = 0;
	for (size_t i = 0; i < r->n_files; i++) {
		*loaded += r->files[i].stats.rows_loaded;
		*skipped += r->files[i].stats.rows_skipped;
	}
}

static void print_text(const struct moodq *q)
{
	const struct moodq_report *r = moodq_report(q);
	size_t loaded, skipped;

	totals(r, &loaded, &skipped);
	for (size_t i = 0; i < r->n_files; i++) {
		const struct dataset_stats *st = &r->files[i].stats;

		printf(ngettext("%s: %zu row loaded, %zu skipped\n",
				"%s: %zu rows loaded, %zu skipped\n",
				st->rows_loaded),
		       r->files[i].path, st->rows_loaded, st->rows_skipped);
		for (size_t j = 0; j < st->n_reported; j++)
			printf(_("  line %u skipped: %s\n"),
			       st->skipped_line[j], _(st->skipped_why[j]));
	}
	printf(ngettext("dataset: %zu row loaded, %zu skipped, %zu distinct "
			"tracks\n",
			"dataset: %zu rows loaded, %zu skipped, %zu distinct "
			"tracks\n",
			loaded),
	       loaded, skipped, r->tracks);
	printf(ngettext("library: %zu song\n", "library: %zu songs\n",
			r->library),
	       r->library);
	printf(_("matched: %zu (%zu exact, %zu by title and duration)\n"),
	       r->kind[MATCH_EXACT] + r->kind[MATCH_DURATION],
	       r->kind[MATCH_EXACT], r->kind[MATCH_DURATION]);
	printf(_("ambiguous: %zu\n"), r->kind[MATCH_AMBIGUOUS]);
	printf(_("genre fallback: %zu\n"), r->kind[MATCH_GENRE]);
	printf(_("unmatched: %zu\n"), r->kind[MATCH_NONE]);
	for (int k = 0; k < MATCH_KIND_COUNT; k++) {
		if (r->n_examples[k] == 0)
			continue;
		printf("%s:\n", _(kind_labels[k]));
		for (size_t j = 0; j < r->n_examples[k]; j++) {
			const struct mp_song *s =
				moodq_song(q, r->examples[k][j]);
			const struct match_result *m =
				moodq_match(q, r->examples[k][j]);

			printf("  %s - %s (%s): %s\n",
			       s->artist ? s->artist : "?",
			       song_display_title(s), s->uri, _(m->why));
		}
	}
}

static void print_json(const struct moodq *q)
{
	const struct moodq_report *r = moodq_report(q);
	size_t loaded, skipped;
	bool first = true, f2;

	totals(r, &loaded, &skipped);
	putchar('{');
	json_key(stdout, "rows_loaded", &first);
	json_number(stdout, (double)loaded);
	json_key(stdout, "rows_skipped", &first);
	json_number(stdout, (double)skipped);
	json_key(stdout, "tracks", &first);
	json_number(stdout, (double)r->tracks);
	json_key(stdout, "files", &first);
	putchar('[');
	for (size_t i = 0; i < r->n_files; i++) {
		const struct dataset_stats *st = &r->files[i].stats;

		f2 = true;
		fputs(i ? ",{" : "{", stdout);
		json_key(stdout, "path", &f2);
		json_string(stdout, r->files[i].path);
		json_key(stdout, "rows_loaded", &f2);
		json_number(stdout, (double)st->rows_loaded);
		json_key(stdout, "rows_skipped", &f2);
		json_number(stdout, (double)st->rows_skipped);
		json_key(stdout, "duplicates", &f2);
		json_number(stdout, (double)st->duplicates);
		json_key(stdout, "skipped_lines", &f2);
		putchar('[');
		for (size_t j = 0; j < st->n_reported; j++) {
			bool f3 = true;

			fputs(j ? ",{" : "{", stdout);
			json_key(stdout, "line", &f3);
			json_number(stdout, st->skipped_line[j]);
			json_key(stdout, "reason", &f3);
			json_string(stdout, st->skipped_why[j]);
			putchar('}');
		}
		fputs("]}", stdout);
	}
	putchar(']');
	json_key(stdout, "library", &first);
	json_number(stdout, (double)r->library);
	json_key(stdout, "matched", &first);
	json_number(stdout,
		    (double)(r->kind[MATCH_EXACT] + r->kind[MATCH_DURATION]));
	json_key(stdout, "matched_exact", &first);
	json_number(stdout, (double)r->kind[MATCH_EXACT]);
	json_key(stdout, "matched_duration", &first);
	json_number(stdout, (double)r->kind[MATCH_DURATION]);
	json_key(stdout, "ambiguous", &first);
	json_number(stdout, (double)r->kind[MATCH_AMBIGUOUS]);
	json_key(stdout, "genre_fallback", &first);
	json_number(stdout, (double)r->kind[MATCH_GENRE]);
	json_key(stdout, "unmatched", &first);
	json_number(stdout, (double)r->kind[MATCH_NONE]);
	json_key(stdout, "from_cache", &first);
	fputs(r->from_cache ? "true" : "false", stdout);
	json_key(stdout, "examples", &first);
	putchar('{');
	f2 = true;
	for (int k = 0; k < MATCH_KIND_COUNT; k++) {
		json_key(stdout, example_keys[k], &f2);
		putchar('[');
		for (size_t j = 0; j < r->n_examples[k]; j++) {
			const struct mp_song *s =
				moodq_song(q, r->examples[k][j]);
			const struct match_result *m =
				moodq_match(q, r->examples[k][j]);
			bool f3 = true;

			fputs(j ? ",{" : "{", stdout);
			json_song(stdout, s, &f3);
			json_key(stdout, "reason", &f3);
			json_string(stdout, m->why);
			if (m->kind != MATCH_AMBIGUOUS &&
			    m->kind != MATCH_NONE) {
				json_key(stdout, "valence", &f3);
				json_number(stdout, m->f[DS_VALENCE]);
				json_key(stdout, "energy", &f3);
				json_number(stdout, m->f[DS_ENERGY]);
			}
			putchar('}');
		}
		putchar(']');
	}
	puts("}}");
}

static int cmd_match(struct cli *cli, int argc, char **argv);

const struct cli_command cmd_match_entry = {
	.name = "match",
	.exec = cmd_match,
	.options = cli_json_options,
	.no_operands = true,
	.usage = N_("[--json]"),
	.summary = N_("match MPD's library to the Spotify dataset and report"),
	.about = N_("Load the dataset files, match MPD's library to them and "
		    "report how many\nsongs matched, with examples of each "
		    "outcome."),
	.exit_status = NULL,
};

static int cmd_match(struct cli *cli, int argc, char **argv)
{
	struct mp_error err;
	struct mpdc *m;
	struct moodq *q;
	bool json = false;
	int rc;

	rc = cli_json_only(&cmd_match_entry, argc, argv, &json);
	if (rc >= 0)
		return rc;
	rc = cli_connect(cli, &m);
	if (rc != EXIT_OK)
		return rc;
	q = moodq_new(cli->conf);
	if (moodq_load(q, m, &err) != MP_OK) {
		rc = cli_fail(&err);
	} else if (json) {
		print_json(q);
	} else {
		print_text(q);
	}
	moodq_free(q);
	mpdc_free(m);
	return rc;
}
