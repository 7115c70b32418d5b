/* moodplay - printing a queue plan (see cli-plan.h). */
#include "config.h"

#include "cli/cli-plan.h"
#include "base/i18n.h"
#include "base/json.h"
#include "mood/mood-segments.h"

#include <stdio.h>
#include <time.h>

int cli_mood_run(struct cli *cli, struct moodq_request *r, bool dry_run,
		 enum conf_queue_mode mode, struct moodq **q,
		 struct moodq_plan **plan, struct mp_error *err)
{
	struct mood_ema ema;
	struct mp_error warn;
	struct mood_record rec;
	struct mpdc *m;
	int rc;

	*q = NULL;
	*plan = NULL;
	r->now = (double)time(NULL);
	if (mood_state_ema_load(&ema, r->now, &warn) != MP_OK)
		cli_warn(cli, _("warning: %s"), warn.msg);
	r->ema = &ema;
	rc = cli_connect(cli, &m);
	if (rc != EXIT_OK) {
		mp_error_set(err, MP_ECONN,
			     _("no queue: MPD is not reachable"));
		return rc;
	}
	*q = moodq_new(cli->conf);
	if (moodq_load(*q, m, err) != MP_OK ||
	    moodq_plan(*q, r, plan, err) != MP_OK ||
	    (!dry_run && moodq_apply(*q, m, *plan, moodq_queue_mode(mode),
				     cli->conf->queue.play, err) != MP_OK)) {
		moodq_plan_free(*plan);
		*plan = NULL;
		mpdc_free(m);
		return err->code == MP_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
	}
	mpdc_free(m);
	if (dry_run)
		return EXIT_OK;
	/* Applied, but the user must hear how (MPD answered late). */
	if (mp_error_note(err) != NULL)
		cli_error("%s", mp_error_note(err));
	if (mood_state_ema_save(&ema, &warn) != MP_OK)
		cli_warn(cli, _("warning: %s"), warn.msg);
	moodq_plan_record(*plan, r->now, (unsigned)(*plan)->n, &rec);
	if (mood_state_moods_append(&rec, &warn) != MP_OK)
		cli_warn(cli, _("warning: %s"), warn.msg);
	return EXIT_OK;
}

void cli_plan_print_text(const struct moodq_plan *p, bool applied,
			 const char *mode)
{
	if (p->emotion != MOOD_NEMOTIONS)
		printf(_("mood: %s (valence %+.2f, arousal %+.2f), "),
		       mood_emotion_names[p->emotion], p->mood.valence,
		       p->mood.arousal);
	else
		printf(_("mood: valence %+.2f, arousal %+.2f, "),
		       p->mood.valence, p->mood.arousal);
	if (p->segment >= 0)
		printf(ngettext("segment %s, %zu song\n",
				"segment %s, %zu songs\n", p->n),
		       mood_segment_names[p->segment], p->n);
	else
		printf(ngettext("strategy %s, %zu song\n",
				"strategy %s, %zu songs\n", p->n),
		       conf_mood_strategy_names[p->strategy], p->n);
	for (size_t i = 0; i < p->n; i++) {
		const struct moodq_pick *k = &p->picks[i];

		printf("%3zu. %s - %s\n     %s\n", i + 1,
		       k->song->artist ? k->song->artist : "?",
		       song_display_title(k->song), k->reason);
	}
	if (p->shortfall[0] != '\0')
		printf("%s\n", p->shortfall);
	if (applied)
		printf(ngettext("queued %zu song (%s)\n",
				"queued %zu songs (%s)\n", p->n),
		       p->n, mode);
}

void cli_plan_json_keys(const struct moodq_plan *p, bool applied,
			const char *mode, bool *first)
{
	json_key(stdout, "emotion", first);
	json_string(stdout, p->emotion != MOOD_NEMOTIONS
				    ? mood_emotion_names[p->emotion]
				    : NULL);
	json_key(stdout, "target", first);
	printf("{\"valence\":");
	json_number(stdout, p->mood.valence);
	printf(",\"arousal\":");
	json_number(stdout, p->mood.arousal);
	putchar('}');
	json_key(stdout, "model", first);
	json_string(stdout, conf_mood_model_names[p->model]);
	json_key(stdout, "strategy", first);
	json_string(stdout, conf_mood_strategy_names[p->strategy]);
	json_key(stdout, "segment", first);
	json_string(stdout,
		    p->segment >= 0 ? mood_segment_names[p->segment] : NULL);
	json_key(stdout, "mode", first);
	json_string(stdout, mode);
	json_key(stdout, "applied", first);
	fputs(applied ? "true" : "false", stdout);
	json_key(stdout, "wanted", first);
	printf("%zu", p->wanted);
	json_key(stdout, "shortfall", first);
	json_string(stdout, p->shortfall[0] != '\0' ? p->shortfall : NULL);
	json_key(stdout, "queue", first);
	putchar('[');
	for (size_t i = 0; i < p->n; i++) {
		const struct moodq_pick *k = &p->picks[i];
		bool f = true;

		fputs(i ? ",{" : "{", stdout);
		json_song(stdout, k->song, &f);
		json_key(stdout, "valence", &f);
		json_number(stdout, k->f[DS_VALENCE]);
		json_key(stdout, "energy", &f);
		json_number(stdout, k->f[DS_ENERGY]);
		json_key(stdout, "target", &f);
		printf("{\"valence\":");
		json_number(stdout, k->aim[MOOD_DIM_VALENCE]);
		printf(",\"energy\":");
		json_number(stdout, k->aim[MOOD_DIM_ENERGY]);
		putchar('}');
		json_key(stdout, "distance", &f);
		json_number(stdout, k->distance);
		json_key(stdout, "match", &f);
		json_string(stdout, match_kind_names[k->kind]);
		json_key(stdout, "reason", &f);
		json_string(stdout, k->reason);
		putchar('}');
	}
	putchar(']');
}

void cli_calib_json_key(const struct mood_calib *c, double fraction,
			const double calibrated[MOOD_NEMOTIONS], bool *first)
{
	bool f = true;

	json_key(stdout, "calibrated", first);
	if (c == NULL || c->faces == 0) {
		fputs("null", stdout);
		return;
	}
	putchar('{');
	json_key(stdout, "faces", &f);
	printf("%u", c->faces);
	json_key(stdout, "fraction", &f);
	json_number(stdout, fraction);
	json_key(stdout, "emotion", &f);
	json_string(stdout, mood_emotion_names[mood_dominant(calibrated)]);
	json_key(stdout, "probs", &f);
	putchar('{');
	f = true;
	for (int e = 0; e < MOOD_NEMOTIONS; e++) {
		json_key(stdout, mood_emotion_names[e], &f);
		json_number(stdout, calibrated[e]);
	}
	fputs("}}", stdout);
}
