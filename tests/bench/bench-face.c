/* moodplay - make bench-face: face detection time per frame (vector and
 * plain C paths), and the whole capture -> decode -> detect -> classify
 * path from a file: source, on the grey PNGs tests/bench/bench-face.sh
 * prepares.  Prints one markdown row per image:
 * | image | size | boxes | 1 thread ms | all threads ms | plain C ms |
 * pipeline ms |
 * With --pipeline first, only the whole path, for frames as a camera gives
 * them (bench-face.sh's 1920x1080 JPEG):
 * | image | size | pipeline ms |
 * Times are the best of N runs (interference only ever adds time). */
#include "config.h"

#include "base/clock.h"
#include "capture/capture.h"
#include "conf/conf.h"
#include "face/face-cascade.h"
#include "face/face-detect.h"
#include "image/image-decode.h"
#include "snapshot/snapshot-nn.h"
#include "snapshot/snapshot.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void die(const struct mp_error *err)
{
	fprintf(stderr, "bench-face: %s\n", err->msg);
	exit(1);
}

static double time_detect(const struct face_cascade *c, const struct image *im,
			  bool reference, int threads, int runs, size_t *n,
			  char *boxes, size_t boxes_size)
{
	struct face_params p;
	struct mp_error err;
	double best = 1e30;

	face_params_default(&p);
	p.reference = reference;
	p.threads = threads;
	for (int r = 0; r < runs; r++) {
		struct face_box *b;
		double t = clock_now_ms();

		if (face_detect(c, im, &p, &b, n, &err) != MP_OK)
			die(&err);
		t = clock_now_ms() - t;
		if (t < best)
			best = t;
		if (r == 0 && boxes != NULL) {
			size_t k = 0;

			boxes[0] = '\0';
			for (size_t i = 0; i < *n && k < boxes_size; i++)
				k += (size_t)snprintf(boxes + k, boxes_size - k,
						      "%s%d,%d,%d,%d",
						      i ? " " : "", b[i].x,
						      b[i].y, b[i].w, b[i].h);
		}
		free(b);
	}
	return best;
}

/* capture_run() on a file: source, snapshot_process() with the model. */
static double time_pipeline(struct conf *conf, const struct face_cascade *c,
			    const char *path, int runs)
{
	struct capture_source *src;
	struct snapshot_nn *nn;
	struct snapshot_opts so;
	struct mp_error err;
	double best = 1e30;

	free(conf->capture.file);
	conf->capture.file = strdup(path);
	conf->capture.source = CONF_CAPTURE_FILE;
	if (capture_source_new(&conf->capture, &src, &err) != MP_OK ||
	    snapshot_nn_new(conf, &nn, &err) != MP_OK)
		die(&err);
	snapshot_nn_opts(nn, conf, &so);
	for (int r = 0; r < runs; r++) {
		struct snapshot_result res;
		uint8_t *data;
		size_t len;
		double t = clock_now_ms();
		enum mp_status rc;

		if (capture_run(src, NULL, NULL, &data, &len, &err) != MP_OK)
			die(&err);
		rc = snapshot_process(c, data, len, &so, snapshot_nn_classify,
				      nn, snapshot_nn_classes(nn), &res, &err);
		if (rc != MP_OK && rc != MP_ENOENT)
			die(&err);
		t = clock_now_ms() - t;
		if (t < best)
			best = t;
		snapshot_result_clear(&res);
		free(data);
	}
	snapshot_nn_free(nn);
	capture_source_free(src);
	return best;
}

int main(int argc, char **argv)
{
	struct conf *conf = conf_new();
	struct face_cascade *c;
	struct mp_error err;
	int runs = 10, first = 1;
	bool pipeline_only = argc > 1 && strcmp(argv[1], "--pipeline") == 0;

	if (pipeline_only)
		first = 2;
	if (argc <= first) {
		fprintf(stderr, "usage: bench-face [--pipeline] IMAGE...\n");
		return 2;
	}
	if (face_cascade_load_file(conf->face.cascade, NULL, &c, &err) != MP_OK)
		die(&err);
	for (int i = first; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		static uint8_t buf[1 << 24];
		size_t len, n;
		struct image *im;
		char boxes[512];
		double vec, par, ref, pipe;

		if (f == NULL) {
			perror(argv[i]);
			return 1;
		}
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		if (image_decode(buf, len, 8192, &im, &err) != MP_OK)
			die(&err);
		if (pipeline_only) {
			pipe = time_pipeline(conf, c, argv[i], runs);
			printf("| %s | %dx%d | %.1f |\n",
			       strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1
						     : argv[i],
			       im->w, im->h, pipe);
			image_free(im);
			continue;
		}
		vec = time_detect(c, im, false, 1, runs, &n, boxes,
				  sizeof(boxes));
		par = time_detect(c, im, false, 0, runs, &n, NULL, 0);
		ref = time_detect(c, im, true, 1, runs / 2, &n, NULL, 0);
		pipe = time_pipeline(conf, c, argv[i], runs);
		printf("| %s | %dx%d | %s | %.1f | %.1f | %.1f | %.1f |\n",
		       strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1
					     : argv[i],
		       im->w, im->h, n ? boxes : "-", vec, par, ref, pipe);
		image_free(im);
	}
	face_cascade_free(c);
	conf_free(conf);
	return 0;
}
