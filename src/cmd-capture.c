/* moodplay - "moodplay capture": one snapshot from the configured source,
 * the face found in it, and how long each step took. */
#include "config.h"

#include "capture.h"
#include "cli.h"
#include "conf.h"
#include "face-cascade.h"
#include "i18n.h"
#include "json.h"
#include "snapshot.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The expression model's input; crops are made at this size. */
#define CROP_SIZE 48

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static enum mp_status write_bytes(const char *path, const uint8_t *data,
				  size_t len, struct mp_error *err)
{
	FILE *f = fopen(path, "wb");
	bool ok;

	if (f == NULL)
		return mp_error_set(err, MP_ERR, _("cannot create %s: %s"), path,
				    strerror(errno));
	ok = fwrite(data, 1, len, f) == len;
	if (fclose(f) != 0)
		ok = false;
	if (!ok)
		return mp_error_set(err, MP_ERR, _("cannot write %s: %s"), path,
				    strerror(errno));
	return MP_OK;
}

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
	puts("}");
}

int cmd_capture(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "save-crop", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL, *save_crop = NULL;
	struct capture_source *src = NULL;
	struct face_cascade *cascade = NULL;
	struct snapshot_opts so;
	struct snapshot_result res = { 0 };
	struct mp_error err;
	uint8_t *data = NULL;
	size_t len = 0;
	bool json = false;
	double t0, capture_ms;
	enum mp_status rc;
	int c, exit_code;

	while ((c = getopt_long(argc, argv, "jo:", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'o': output = optarg; break;
		case 'C': save_crop = optarg; break;
		case 'H':
			printf(_("Usage: moodplay capture [--json] [--output FILE] [--save-crop FILE]\n"
				 "Take one snapshot from the configured source (the capture section of\n"
				 "moodplay.conf(5)), find the face in it and report it.\n\n"
				 "  -j, --json             one JSON object on stdout\n"
				 "  -o, --output FILE      keep the captured bytes in FILE\n"
				 "      --save-crop FILE   write the face's 48x48 crop (PNG; .pgm: PGM)\n\n"
				 "Exit status: 0 face found, 1 capture failed or no face, 2 usage.\n"));
			return EXIT_OK;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error(_("capture: unexpected argument '%s'"), argv[optind]);
		return EXIT_USAGE;
	}
	rc = face_cascade_load_file(cli->conf->face.cascade, &cascade, &err);
	if (rc == MP_ENOENT)
		mp_error_prefix(&err, _("face.cascade (apt-get install opencv-data)"));
	if (rc == MP_OK)
		rc = capture_source_new(&cli->conf->capture, &src, &err);
	if (rc != MP_OK) {
		face_cascade_free(cascade);
		return cli_fail(&err);
	}
	if (cli->verbose > 0)
		fprintf(stderr, _("moodplay: capturing from %s\n"),
			capture_source_describe(src));
	t0 = now_ms();
	rc = capture_run(src, NULL, NULL, &data, &len, &err);
	capture_ms = now_ms() - t0;
	if (rc == MP_OK && output != NULL)
		rc = write_bytes(output, data, len, &err);
	if (rc == MP_OK) {
		snapshot_opts_from_conf(&so, cli->conf, 1.0, 0.0, CROP_SIZE, CROP_SIZE);
		rc = snapshot_process(cascade, data, len, &so, NULL, NULL, 0, &res,
				      &err);
	}
	if (rc == MP_OK && save_crop != NULL)
		rc = image_save(res.crop, save_crop, &err);
	if (json) {
		print_json(capture_source_describe(src), len, &res, capture_ms,
			   rc == MP_OK ? NULL : err.msg);
	} else if (rc == MP_OK) {
		printf(_("face at %d,%d size %dx%d in a %dx%d image (%d of %d frames "
			 "with a face)\n"),
		       res.face.x, res.face.y, res.face.w, res.face.h, res.image->w,
		       res.image->h, res.faces, res.frames);
		printf(_("capture %.1f ms, decode %.1f ms, detect %.1f ms\n"),
		       capture_ms, res.decode_ms, res.detect_ms);
	}
	exit_code = rc == MP_OK ? EXIT_OK : EXIT_RUNTIME;
	if (rc != MP_OK)
		cli_error("%s", err.msg);
	snapshot_result_clear(&res);
	free(data);
	capture_source_free(src);
	face_cascade_free(cascade);
	return exit_code;
}
