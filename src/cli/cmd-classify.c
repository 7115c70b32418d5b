/* moodplay - "moodplay classify IMAGE...": the face and its expression in
 * photos, through the same pipeline as a capture. */
#include "config.h"

#include "cli/cli.h"
#include "conf/conf.h"
#include "face/face-cascade.h"
#include "base/i18n.h"
#include "image/image-decode.h"
#include "base/json.h"
#include "snapshot/snapshot-nn.h"
#include "snapshot/snapshot.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A whole file of at most max bytes, malloc'd. */
static enum mp_status slurp(const char *path, size_t max, uint8_t **out,
			    size_t *len, struct mp_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	uint8_t *buf;
	size_t n = 0;

	*out = NULL;
	if (fd < 0)
		return mp_error_set(err, errno == ENOENT ? MP_ENOENT : MP_ERR,
				    _("cannot open %s: %s"), path,
				    strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > max) {
		close(fd);
		return mp_error_set(err, MP_ENOMEM,
				    _("%s is not a regular file of at most "
				      "capture.max_bytes (%zu bytes)"),
				    path, max);
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		close(fd);
		return mp_error_set(err, MP_ENOMEM, _("out of memory"));
	}
	while (n < (size_t)st.st_size) {
		ssize_t r = read(fd, buf + n, (size_t)st.st_size - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	*out = buf;
	*len = n;
	return MP_OK;
}

static void print_json(const char *file, const struct snapshot_nn *nn,
		       const struct snapshot_result *r, double ms,
		       const char *error)
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
	json_key(stdout, "frames", &first);
	json_number(stdout, r->frames);
	json_key(stdout, "agree", &first);
	json_number(stdout, r->agree);
	json_key(stdout, "ms", &first);
	json_number(stdout, ms);
	puts("}");
}

static void print_text(const char *file, const struct snapshot_nn *nn,
		       const struct snapshot_result *r, double ms)
{
	printf(_("%s: %s %.2f (face at %d,%d size %dx%d; %.1f ms)\n"), file,
	       snapshot_nn_label(nn, r->top), r->probs[r->top], r->face.x,
	       r->face.y, r->face.w, r->face.h, ms);
	if (r->faces > 1)
		printf(_("  %d of %d frames agree\n"), r->agree, r->faces);
	for (unsigned k = 0; k < r->nclasses; k++)
		printf("  %-10s %.3f\n", snapshot_nn_label(nn, k), r->probs[k]);
}

/* --crop: the whole image is the face (a crop made elsewhere, or a FER2013
 * picture), resized to the model's input as models/README.md says: area
 * averaging to shrink, bilinear to enlarge.  Fills res as a one-frame
 * snapshot whose face box is the whole image. */
static enum mp_status classify_crop(struct snapshot_nn *nn,
				    const struct snapshot_opts *so,
				    const uint8_t *data, size_t len,
				    struct snapshot_result *res,
				    struct mp_error *err)
{
	enum mp_status rc =
		image_decode(data, len, so->max_dimension, &res->image, err);

	if (rc == MP_OK)
		rc = image_new(so->crop_w, so->crop_h, &res->crop, err);
	if (rc != MP_OK)
		return rc;
	if (res->image->w < so->crop_w)
		image_resize_linear(res->image, res->crop);
	else
		image_resample_area(res->image, 0, 0, res->image->w,
				    res->image->h, res->crop);
	res->has_face = true;
	res->face = (struct face_box){ .w = res->image->w, .h = res->image->h };
	res->frames = res->faces = res->agree = 1;
	res->nclasses = snapshot_nn_classes(nn);
	rc = snapshot_nn_classify(nn, res->crop, res->probs, err);
	for (unsigned k = 1; k < res->nclasses; k++)
		if (res->probs[k] > res->probs[res->top])
			res->top = k;
	return rc;
}

int cmd_classify(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "save-crop", required_argument, NULL, 'C' },
		{ "crop", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	const char *save_crop = NULL;
	struct face_cascade *cascade = NULL;
	struct snapshot_nn *nn = NULL;
	struct snapshot_opts so;
	struct mp_error err;
	bool json = false, crop = false;
	int c, failed = 0;
	enum mp_status rc;

	while ((c = getopt_long(argc, argv, "j", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'C': save_crop = optarg; break;
		case 'c': crop = true; break;
		case 'H':
			printf(_("Usage: moodplay classify [--json] [--crop] "
				 "[--save-crop FILE] IMAGE...\n"
				 "Find the face in each photo (JPEG or PNG) "
				 "and classify its expression.\n\n"
				 "  -j, --json             one JSON object per "
				 "image per line\n"
				 "      --crop             each IMAGE is a "
				 "face crop already: no detection,\n"
				 "                         the whole image is "
				 "resized to the model's input\n"
				 "      --save-crop FILE   write the model's "
				 "input crop (PNG; .pgm: PGM);\n"
				 "                         one IMAGE only\n\n"
				 "Exit status: 0 all classified, 1 an image "
				 "failed (no face found...), 2 usage.\n"));
			return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_error(_("classify: no image given; try 'moodplay classify "
			    "--help'"));
		return EXIT_USAGE;
	}
	if (save_crop != NULL && argc - optind > 1) {
		cli_error(_("classify: --save-crop takes one image"));
		return EXIT_USAGE;
	}
	rc = crop ? MP_OK
		  : face_cascade_load_file(cli->conf->face.cascade, &cascade,
					   &err);
	if (rc == MP_ENOENT)
		mp_error_prefix(
			&err, _("face.cascade (apt-get install opencv-data)"));
	if (rc == MP_OK)
		rc = snapshot_nn_new(cli->conf, &nn, &err);
	if (rc != MP_OK) {
		face_cascade_free(cascade);
		return cli_fail(&err);
	}
	if (cli->verbose > 0)
		fprintf(stderr, _("moodplay: model %s\n"),
			snapshot_nn_describe(nn));
	snapshot_nn_opts(nn, cli->conf, &so);
	for (int i = optind; i < argc; i++) {
		struct snapshot_result res;
		uint8_t *data;
		size_t len = 0;
		double t0 = now_ms();

		memset(&res, 0, sizeof(res));
		rc = slurp(argv[i], (size_t)cli->conf->capture.max_bytes, &data,
			   &len, &err);
		if (rc == MP_OK && crop)
			rc = classify_crop(nn, &so, data, len, &res, &err);
		else if (rc == MP_OK)
			rc = snapshot_process(
				cascade, data, len, &so, snapshot_nn_classify,
				nn, snapshot_nn_classes(nn), &res, &err);
		free(data);
		if (rc == MP_OK && save_crop != NULL)
			rc = image_save(res.crop, save_crop, &err);
		if (json)
			print_json(argv[i], nn, &res, now_ms() - t0,
				   rc == MP_OK ? NULL : err.msg);
		else if (rc == MP_OK)
			print_text(argv[i], nn, &res, now_ms() - t0);
		if (rc != MP_OK) {
			if (!json)
				cli_error("%s: %s", argv[i], err.msg);
			failed++;
		}
		snapshot_result_clear(&res);
	}
	snapshot_nn_free(nn);
	face_cascade_free(cascade);
	return failed ? EXIT_RUNTIME : EXIT_OK;
}
