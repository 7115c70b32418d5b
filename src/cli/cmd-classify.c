/* moodplay - "moodplay classify IMAGE...": the face and its expression in
 * photos, through the same pipeline as a capture; and "moodplay
 * calibrate", which classifies the user's relaxed face the same way. */
#include "config.h"

#include "cli/cli-plan.h"
#include "cli/cli.h"
#include "conf/conf.h"
#include "base/i18n.h"
#include "mood/mood-calib.h"
#include "base/json.h"
#include "base/clock.h"
#include "base/file.h"
#include "snapshot/snapshot-run.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct calib_view {
	const struct mood_calib *c;
	double fraction;
	double probs[MOOD_NEMOTIONS];
};

static void print_json(const char *file, const struct snapshot_nn *nn,
		       const struct snapshot_result *r, double ms,
		       const struct calib_view *cv, const char *error)
{
	bool first = true;

	putchar('{');
	json_key(stdout, "file", &first);
	json_string(stdout, file);
	if (error != NULL) {
		json_key(stdout, "error", &first);
		json_string(stdout, error);
		puts("}");
		return;
	}
	json_key(stdout, "face", &first);
	printf("{\"x\":%d,\"y\":%d,\"w\":%d,\"h\":%d}", r->face.x, r->face.y,
	       r->face.w, r->face.h);
	json_key(stdout, "emotion", &first);
	json_string(stdout, snapshot_nn_label(nn, r->top));
	json_key(stdout, "confidence", &first);
	json_number(stdout, r->probs[r->top]);
	json_key(stdout, "probs", &first);
	{
		bool f2 = true;

		putchar('{');
		for (unsigned k = 0; k < r->nclasses; k++) {
			json_key(stdout, snapshot_nn_label(nn, k), &f2);
			json_number(stdout, r->probs[k]);
		}
		putchar('}');
	}
	cli_calib_json_key(cv->c, cv->fraction, cv->probs, &first);
	json_key(stdout, "frames", &first);
	json_number(stdout, r->frames);
	json_key(stdout, "agree", &first);
	json_number(stdout, r->agree);
	json_key(stdout, "ms", &first);
	json_number(stdout, ms);
	puts("}");
}

static void print_text(const char *file, const struct snapshot_nn *nn,
		       const struct snapshot_result *r, double ms,
		       const struct calib_view *cv)
{
	printf(_("%s: %s %.2f (face at %d,%d size %dx%d; %.1f ms)\n"), file,
	       snapshot_nn_label(nn, r->top), r->probs[r->top], r->face.x,
	       r->face.y, r->face.w, r->face.h, ms);
	if (r->faces > 1)
		printf(ngettext("  %d of %d frame agrees\n",
				"  %d of %d frames agree\n", r->faces),
		       r->agree, r->faces);
	for (unsigned k = 0; k < r->nclasses; k++)
		printf("  %-10s %.3f\n", snapshot_nn_label(nn, k), r->probs[k]);
	if (cv->c != NULL && cv->c->faces > 0) {
		enum mood_emotion e = mood_dominant(cv->probs);

		printf(_("  calibrated: %s %.2f\n"), mood_emotion_names[e],
		       cv->probs[e]);
	}
}

/* One photo (or, with crop, a face crop) through the pipeline into res,
 * and its probabilities in mood order into probs. */
static enum mp_status classify_file(const char *path, size_t max,
				    struct snapshot_run *run, bool crop,
				    struct snapshot_result *res,
				    double probs[MOOD_NEMOTIONS],
				    struct mp_error *err)
{
	char *data;
	size_t len = 0;
	enum mp_status rc;

	memset(res, 0, sizeof(*res));
	rc = file_read(path, max, &data, &len, err);
	if (rc == MP_ENOMEM)
		mp_error_prefix(err, "capture.max_bytes");
	if (rc == MP_OK && crop)
		rc = snapshot_run_crop(run, (const uint8_t *)data, len, res,
				       err);
	else if (rc == MP_OK)
		rc = snapshot_run_process(run, (const uint8_t *)data, len, NULL,
					  res, err);
	free(data);
	/* A model of other classes has no mood; its own classes still
	 * print. */
	if (rc == MP_OK)
		snapshot_run_mood_probs(run, res, probs, NULL);
	return rc;
}

/* The cascade (unless every image is a crop), the model, and with frames
 * the capture source. */
static enum mp_status stages(const struct conf *conf, bool crop, bool frames,
			     struct snapshot_run **run, struct mp_error *err)
{
	enum mp_status rc = snapshot_run_new(
		conf,
		SNAPSHOT_RUN_MODEL | (crop ? 0 : SNAPSHOT_RUN_CASCADE) |
			(frames ? SNAPSHOT_RUN_SOURCE : 0),
		NULL, run, err);

	return rc;
}

static int cmd_classify(struct cli *cli, int argc, char **argv);

static const struct cli_option classify_options[] = {
	{ "json", 'j', NULL, N_("one JSON object per image per line"), 'j' },
	{ "crop", 0, NULL,
	  N_("each IMAGE is a face crop already: no detection,\nthe whole "
	     "image is resized to the model's input"),
	  'c' },
	{ "no-calibration", 0, NULL,
	  N_("do not correct for the calibrated resting face"), 'N' },
	{ "save-crop", 0, N_("FILE"),
	  N_("write the model's input crop (PNG; .pgm: PGM);\none IMAGE only"),
	  'C' },
	CLI_OPTIONS_END,
};

const struct cli_command cmd_classify_entry = {
	.name = "classify",
	.exec = cmd_classify,
	.options = classify_options,
	.no_operands = false,
	.usage = N_("[--json] [--crop] [--no-calibration]\n"
		    "                         [--save-crop FILE] IMAGE..."),
	.summary = N_("find the face in photos and classify its expression"),
	.about = N_("Each photo is a JPEG or PNG file."),
	.exit_status = N_("0 all classified, 1 an image failed (no face "
			  "found...), 2 usage."),
};

static int cmd_classify(struct cli *cli, int argc, char **argv)
{
	const char *save_crop = NULL;
	struct snapshot_run *run = NULL;
	const struct snapshot_nn *nn;
	struct mood_calib calib = { 0 };
	struct calib_view cv = { .fraction =
					 cli->conf->mood.calibration_fraction };
	struct mp_error err;
	bool json = false, crop = false, no_calib = false;
	int c, failed = 0;
	enum mp_status rc;

	while ((c = cli_getopt(&cmd_classify_entry, argc, argv)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'C': save_crop = optarg; break;
		case 'c': crop = true; break;
		case 'N': no_calib = true; break;
		case CLI_OPT_HELP: return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_error(_("no image given; try 'moodplay classify "
			    "--help'"));
		return EXIT_USAGE;
	}
	if (save_crop != NULL && argc - optind > 1) {
		cli_error(_("--save-crop takes one image"));
		return EXIT_USAGE;
	}
	if (!no_calib &&
	    mood_calib_from_conf(cli->conf, &calib, &err) != MP_OK) {
		cli_error(_("%s (classifying without calibration)"), err.msg);
		calib.faces = 0;
	}
	cv.c = &calib;
	rc = stages(cli->conf, crop, false, &run, &err);
	if (rc != MP_OK)
		return cli_fail(&err);
	nn = snapshot_run_nn(run);
	if (cli->verbose > 0)
		fprintf(stderr, _("moodplay: model %s\n"),
			snapshot_nn_describe(nn));
	for (int i = optind; i < argc; i++) {
		struct snapshot_result res;
		double t0 = clock_now_ms(), raw[MOOD_NEMOTIONS];

		rc = classify_file(argv[i],
				   (size_t)cli->conf->capture.max_bytes, run,
				   crop, &res, raw, &err);
		if (rc == MP_OK && save_crop != NULL)
			rc = image_save(res.crop, save_crop, &err);
		if (rc == MP_OK)
			mood_calib_apply(&calib, cv.fraction, raw, cv.probs);
		if (json)
			print_json(argv[i], nn, &res, clock_now_ms() - t0, &cv,
				   rc == MP_OK ? NULL : err.msg);
		else if (rc == MP_OK)
			print_text(argv[i], nn, &res, clock_now_ms() - t0, &cv);
		if (rc != MP_OK) {
			/* The image is named once, by the message or here. */
			if (!json && strstr(err.msg, argv[i]) != NULL)
				cli_error("%s", err.msg);
			else if (!json)
				cli_error("%s: %s", argv[i], err.msg);
			failed++;
		}
		snapshot_result_clear(&res);
	}
	snapshot_run_free(run);
	return failed ? EXIT_RUNTIME : EXIT_OK;
}

/* Snapshots of the relaxed face from the configured source into c; the
 * frames without a face are skipped (and counted in *missed). */
static enum mp_status calibrate_frames(struct cli *cli, int frames,
				       struct snapshot_run *run,
				       struct mood_calib *c, int *missed,
				       struct mp_error *err)
{
	enum mp_status rc = MP_OK;

	for (int i = 0; i < frames && rc == MP_OK; i++) {
		struct snapshot_result res = { 0 };
		uint8_t *data = NULL;
		size_t len = 0;
		double p[MOOD_NEMOTIONS];

		if (cli->verbose > 0 || isatty(STDERR_FILENO))
			fprintf(stderr, _("moodplay: snapshot %d of %d\n"),
				i + 1, frames);
		rc = snapshot_run_capture(run, NULL, NULL, &data, &len, NULL,
					  err);
		if (rc == MP_OK)
			rc = snapshot_run_process(run, data, len, NULL, &res,
						  err);
		free(data);
		if (rc == MP_ENOENT && res.image != NULL) {
			(*missed)++; /* no face in this one */
			rc = MP_OK;
		} else if (rc == MP_OK) {
			rc = snapshot_run_mood_probs(run, &res, p, err);
			if (rc == MP_OK)
				mood_calib_add(c, p);
		}
		snapshot_result_clear(&res);
	}
	return rc;
}

static int cmd_calibrate(struct cli *cli, int argc, char **argv);

static const struct cli_option calibrate_options[] = {
	{ "frames", 'n', N_("N"), N_("snapshots to take, 1-1000 (default 10)"),
	  'n' },
	{ "crop", 0, NULL,
	  N_("each IMAGE is a face crop already (as in "
	     "classify)"),
	  'c' },
	CLI_OPTIONS_END,
};

const struct cli_command cmd_calibrate_entry = {
	.name = "calibrate",
	.exec = cmd_calibrate,
	.options = calibrate_options,
	.no_operands = false,
	.usage = N_("[--frames N] [--crop] [IMAGE...]"),
	.summary = N_("learn your resting face, so it reads neutral"),
	.about = N_("Relax and look at the camera while moodplay takes N "
		    "snapshots (default 10)\nthrough the configured source, "
		    "or give photos of your relaxed face.  Later\n"
		    "classifications correct for it (mood.calibration, "
		    "mood.calibration_fraction)."),
	.exit_status = N_("0 stored, 1 no face found or the file not written, "
			  "2 usage."),
};

static int cmd_calibrate(struct cli *cli, int argc, char **argv)
{
	struct snapshot_run *run = NULL;
	struct mood_calib calib = { 0 };
	double raw[MOOD_NEMOTIONS] = { 0 }, cal[MOOD_NEMOTIONS];
	struct mp_error err = { 0 };
	bool crop = false;
	int c, frames = 10, missed = 0;
	char *end, *path;
	enum mp_status rc = MP_OK;
	enum mood_emotion before, after;

	while ((c = cli_getopt(&cmd_calibrate_entry, argc, argv)) != -1) {
		switch (c) {
		case 'n':
			frames = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || frames < 1 || frames > 1000) {
				cli_error(_("--frames wants a "
					    "number from 1 to 1000, not "
					    "'%s'"),
					  optarg);
				return EXIT_USAGE;
			}
			break;
		case 'c': crop = true; break;
		case CLI_OPT_HELP: return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (crop && optind >= argc) {
		cli_error(_("--crop needs IMAGEs"));
		return EXIT_USAGE;
	}
	rc = stages(cli->conf, crop, optind >= argc, &run, &err);
	if (rc != MP_OK)
		return cli_fail(&err);
	if (optind < argc) {
		for (int i = optind; i < argc && rc == MP_OK; i++) {
			struct snapshot_result res;
			double p[MOOD_NEMOTIONS];

			rc = classify_file(argv[i],
					   (size_t)cli->conf->capture.max_bytes,
					   run, crop, &res, p, &err);
			if (rc == MP_OK) {
				mood_calib_add(&calib, p);
			} else {
				mp_error_prefix(&err, "%s", argv[i]);
			}
			snapshot_result_clear(&res);
		}
	} else {
		rc = calibrate_frames(cli, frames, run, &calib, &missed, &err);
	}
	snapshot_run_free(run);
	if (rc == MP_OK && calib.faces == 0)
		rc = mp_error_set(&err, MP_ENOENT,
				  ngettext("no face in the %d snapshot",
					   "no face in any of the %d snapshots",
					   frames),
				  frames);
	if (rc == MP_OK)
		rc = mood_calib_save(&calib, &err);
	if (rc != MP_OK)
		return cli_fail(&err);
	for (int e = 0; e < MOOD_NEMOTIONS; e++)
		raw[e] = exp(calib.baseline[e]);
	mood_calib_apply(&calib, cli->conf->mood.calibration_fraction, raw,
			 cal);
	mood_calib_apply(NULL, 0, raw, raw);
	before = mood_dominant(raw);
	after = mood_dominant(cal);
	path = mood_calib_path();
	printf(ngettext("calibrated on %u face (%d without a face skipped), "
			"stored in %s\n"
			"your resting face reads %s %.0f%%; corrected "
			"(mood.calibration_fraction %.2f): %s %.0f%%\n",
			"calibrated on %u faces (%d without a face skipped), "
			"stored in %s\n"
			"your resting face reads %s %.0f%%; corrected "
			"(mood.calibration_fraction %.2f): %s %.0f%%\n",
			calib.faces),
	       calib.faces, missed, path ? path : "?",
	       mood_emotion_names[before], raw[before] * 100,
	       cli->conf->mood.calibration_fraction, mood_emotion_names[after],
	       cal[after] * 100);
	if (!cli->conf->mood.calibration)
		printf(_("mood.calibration is off: turn it on to use it\n"));
	free(path);
	return EXIT_OK;
}
