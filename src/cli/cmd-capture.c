/* moodplay - "moodplay capture": the hotkey pipeline once.  One snapshot
 * from the configured source, the face in it, its expression, the mood, and
 * a queue for it put into MPD (--face-only stops after the face). */
#include "config.h"

#include "capture/capture.h"
#include "cli/cli-plan.h"
#include "mood/mood-calib.h"
#include "cli/cli.h"
#include "conf/conf.h"
#include "base/file.h"
#include "base/i18n.h"
#include "base/interrupt.h"
#include "base/stop.h"
#include "base/json.h"
#include "mood/mood-queue.h"
#include "base/clock.h"
#include "snapshot/snapshot-run.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void print_json(const char *source, size_t bytes,
		       const struct snapshot_result *r, double capture_ms,
		       const char *error)
{
	bool first = true;

	putchar('{');
	json_key(stdout, "source", &first);
	json_string(stdout, source);
	json_key(stdout, "bytes", &first);
	json_number(stdout, (double)bytes);
	json_key(stdout, "frames", &first);
	json_number(stdout, r->frames);
	json_key(stdout, "faces", &first);
	json_number(stdout, r->faces);
	if (r->image != NULL) {
		json_key(stdout, "width", &first);
		json_number(stdout, r->image->w);
		json_key(stdout, "height", &first);
		json_number(stdout, r->image->h);
	}
	if (r->has_face) {
		bool f2 = true;

		json_key(stdout, "face", &first);
		putchar('{');
		json_key(stdout, "x", &f2);
		json_number(stdout, r->face.x);
		json_key(stdout, "y", &f2);
		json_number(stdout, r->face.y);
		json_key(stdout, "w", &f2);
		json_number(stdout, r->face.w);
		json_key(stdout, "h", &f2);
		json_number(stdout, r->face.h);
		putchar('}');
	}
	json_key(stdout, "boxes", &first);
	putchar('[');
	for (size_t i = 0; i < r->nboxes; i++)
		printf("%s[%d,%d,%d,%d]", i ? "," : "", r->boxes[i].x,
		       r->boxes[i].y, r->boxes[i].w, r->boxes[i].h);
	putchar(']');
	if (error != NULL) {
		json_key(stdout, "error", &first);
		json_string(stdout, error);
	}
	json_key(stdout, "capture_ms", &first);
	json_number(stdout, capture_ms);
	json_key(stdout, "decode_ms", &first);
	json_number(stdout, r->decode_ms);
	json_key(stdout, "detect_ms", &first);
	json_number(stdout, r->detect_ms);
}

/* The expression part of --json: the classes' probabilities by name,
 * and the calibrated ones. */
static void print_json_expression(const struct snapshot_nn *nn,
				  const struct snapshot_result *r,
				  const struct mood_calib *calib,
				  double fraction,
				  const double calibrated[MOOD_NEMOTIONS])
{
	bool f2 = true, first = false;

	printf(",\"emotion\":");
	json_string(stdout, snapshot_nn_label(nn, r->top));
	printf(",\"confidence\":");
	json_number(stdout, r->probs[r->top]);
	printf(",\"probs\":{");
	for (unsigned k = 0; k < r->nclasses; k++) {
		json_key(stdout, snapshot_nn_label(nn, k), &f2);
		json_number(stdout, r->probs[k]);
	}
	putchar('}');
	cli_calib_json_key(calib, fraction, calibrated, &first);
}

static int cmd_capture(struct cli *cli, int argc, char **argv);

static const struct cli_option capture_options[] = {
	{ "json", 'j', NULL, N_("one JSON object on stdout"), 'j' },
	{ "dry-run", 0, NULL, N_("plan the queue, leave MPD alone"), 'n' },
	{ "face-only", 0, NULL,
	  N_("stop after finding the face (no model, no MPD)"), 'F' },
	{ "no-calibration", 0, NULL,
	  N_("do not correct for the calibrated resting face"), 'N' },
	{ "output", 'o', N_("FILE"), N_("keep the captured bytes in FILE"),
	  'o' },
	{ "save-crop", 0, N_("FILE"),
	  N_("write the face's 48x48 crop (PNG; .pgm: PGM)"), 'C' },
	CLI_OPTIONS_END,
};

const struct cli_command cmd_capture_entry = {
	.name = "capture",
	.exec = cmd_capture,
	.options = capture_options,
	.no_operands = true,
	.usage = N_(
		"[--dry-run] [--json] [--face-only] [--no-calibration]\n"
		"                        [--output FILE] [--save-crop FILE]"),
	.summary = N_("take a snapshot, read the face, queue songs for it"),
	.about = N_("Take one snapshot from the configured source (the capture "
		    "section of\nmoodplay.conf(5)), find the face in it, "
		    "classify its expression, and\nqueue songs for the mood in "
		    "MPD (as 'moodplay recommend')."),
	.exit_status = N_("0 done, 1 capture failed, no face, or no queue "
			  "(MPD's\nqueue is then unchanged), 2 usage or "
			  "configuration."),
};

/* Mood and queue from the expression (calibrated when a calibration is
 * applied): nothing reaches MPD unless the whole plan is ready
 * (cli_mood_run applies it last). */
static int queue_for(struct cli *cli, const double probs[MOOD_NEMOTIONS],
		     bool calibrated, bool dry_run, struct moodq **q,
		     struct moodq_plan **plan, struct mp_error *err)
{
	struct moodq_request r;

	moodq_request_init(&r, cli->conf);
	/* Its confidence weighs the capture in smoothing. */
	moodq_request_capture(&r, probs, probs[mood_dominant(probs)]);
	r.calibrated = calibrated;
	return cli_mood_run(cli, &r, dry_run, cli->conf->queue.mode, q, plan,
			    err);
}

static int cmd_capture(struct cli *cli, int argc, char **argv)
{
	const char *output = NULL, *save_crop = NULL;
	struct snapshot_run *run = NULL;
	const struct snapshot_nn *nn;
	char *kept = NULL;
	struct moodq *q = NULL;
	struct moodq_plan *plan = NULL;
	struct stop stop;
	struct snapshot_result res = { 0 };
	struct mp_error err = { 0 };
	uint8_t *data = NULL;
	size_t len = 0;
	bool json = false, dry_run = false, face_only = false, no_calib = false;
	struct mood_calib calib = { 0 };
	double raw[MOOD_NEMOTIONS] = { 0 }, calibrated[MOOD_NEMOTIONS] = { 0 };
	double fraction = cli->conf->mood.calibration_fraction;
	const char *mode = conf_queue_mode_names[cli->conf->queue.mode];
	double t0, capture_ms;
	enum mp_status rc;
	int c, exit_code;

	while ((c = cli_getopt(&cmd_capture_entry, argc, argv)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'o': output = optarg; break;
		case 'C': save_crop = optarg; break;
		case 'n': dry_run = true; break;
		case 'F': face_only = true; break;
		case 'N': no_calib = true; break;
		case CLI_OPT_HELP: return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (!no_calib && !face_only &&
	    mood_calib_from_conf(cli->conf, &calib, &err) != MP_OK) {
		cli_error(_("%s (classifying without calibration)"), err.msg);
		calib.faces = 0;
	}
	rc = snapshot_run_new(cli->conf,
			      face_only ? SNAPSHOT_RUN_SOURCE |
						  SNAPSHOT_RUN_CASCADE
					: SNAPSHOT_RUN_ALL,
			      NULL, &run, &err);
	if (rc != MP_OK)
		return cli_fail(&err);
	nn = snapshot_run_nn(run);
	if (cli->verbose > 0)
		fprintf(stderr, _("moodplay: capturing from %s\n"),
			capture_source_describe(snapshot_run_source(run)));
	/* Until the snapshot is processed, a signal stops the stages (the
	 * helper killed, its files removed) before it ends moodplay.  One
	 * deadline covers capture, decoding, detection and classification. */
	interrupt_catch();
	stop_init(&stop, cli->conf->capture.timeout, "capture.timeout",
		  interrupt_pending, NULL);
	t0 = clock_now_ms();
	rc = snapshot_run_capture(run, interrupt_pending, NULL, &data, &len,
				  &kept, &err);
	capture_ms = clock_now_ms() - t0;
	if (rc != MP_OK && cli->conf->capture.source == CONF_CAPTURE_FILE)
		mp_error_prefix(&err, "capture.file");
	if (kept != NULL && cli->verbose > 0)
		fprintf(stderr, _("moodplay: snapshot kept in %s\n"), kept);
	free(kept);
	if (rc == MP_OK && output != NULL)
		rc = file_write(output, data, len, &err);
	if (rc == MP_OK)
		rc = snapshot_run_process(run, data, len, &stop, &res, &err);
	interrupt_release();
	if (rc == MP_OK && save_crop != NULL)
		rc = image_save(res.crop, save_crop, &err);
	exit_code = rc == MP_OK ? EXIT_OK : EXIT_RUNTIME;
	if (rc == MP_OK && !face_only) {
		/* The calibrated expression plans the queue; its confidence
		 * weighs it in smoothing. */
		if (snapshot_run_mood_probs(run, &res, raw, &err) != MP_OK) {
			exit_code = EXIT_RUNTIME;
		} else {
			mood_calib_apply(&calib, fraction, raw, calibrated);
			exit_code = queue_for(cli, calibrated, calib.faces > 0,
					      dry_run, &q, &plan, &err);
		}
	}
	if (json) {
		print_json(capture_source_describe(snapshot_run_source(run)),
			   len, &res, capture_ms,
			   exit_code == EXIT_OK ? NULL : err.msg);
		if (rc == MP_OK && !face_only)
			print_json_expression(nn, &res, &calib, fraction,
					      calibrated);
		if (plan != NULL) {
			bool first = false;

			cli_plan_json_keys(plan, !dry_run, mode, &first);
		}
		puts("}");
	} else if (rc == MP_OK) {
		printf(ngettext("face at %d,%d size %dx%d in a %dx%d image (%d "
				"of "
				"%d frame with a face)\n",
				"face at %d,%d size %dx%d in a %dx%d image (%d "
				"of "
				"%d frames with a face)\n",
				res.frames),
		       res.face.x, res.face.y, res.face.w, res.face.h,
		       res.image->w, res.image->h, res.faces, res.frames);
		printf(_("capture %.1f ms, decode %.1f ms, detect %.1f ms\n"),
		       capture_ms, res.decode_ms, res.detect_ms);
		if (!face_only)
			printf(_("expression: %s %.2f\n"),
			       snapshot_nn_label(nn, res.top),
			       res.probs[res.top]);
		if (!face_only && calib.faces > 0)
			printf(_("calibrated: %s %.2f\n"),
			       mood_emotion_names[mood_dominant(calibrated)],
			       calibrated[mood_dominant(calibrated)]);
		if (plan != NULL)
			cli_plan_print_text(plan, !dry_run, mode);
	}
	if (exit_code != EXIT_OK && err.msg[0] != '\0')
		cli_report(&err);
	moodq_plan_free(plan);
	moodq_free(q);
	snapshot_result_clear(&res);
	free(data);
	snapshot_run_free(run);
	return exit_code;
}
