/* Peak memory of `moodplay capture` on the largest captures it accepts: a
 * 1920x1080 colour frame (baseline and progressive), a progressive JPEG
 * just under the decoder's coefficient budget, a burst of 30 full-HD
 * frames (the capture's pixel budget), a JPEG whose header claims
 * 8000x8000 and a grey 8192x8192 PNG.  Each runs as its own process and
 * its peak RSS is what wait4() reports.
 *
 * The promise is 64 MiB for any accepted capture.  A plain build is held
 * to exactly that.  Under --enable-sanitizers the absolute figure is
 * ASan's, not moodplay's (its shadow memory and allocator start near
 * 45 MiB before any image, and its quarantine keeps freed frames
 * resident), so there the quarantine is turned off and only what a
 * capture adds over the same build capturing a small photo is held to the
 * same budget less a plain build's start-up (see RSS_GROWTH_KIB).  CI runs
 * both: make check under the sanitizers, make distcheck without. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jpeglib.h>
#include <png.h>

#include "jpeg-header.h"

#define DOC "/usr/share/doc/opencv-doc/examples/data/"
#define CASCADE \
	"/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml"

#define RSS_LIMIT_KIB (64L * 1024)
/* A plain build capturing a small photo peaks near 17 MiB: the program,
 * its libraries, the cascade and the model.  What a capture may add on
 * top is the rest of the 64 MiB. */
#define RSS_GROWTH_KIB (RSS_LIMIT_KIB - 16L * 1024)

struct env {
	char dir[64];
	const char *moodplay;
	long base_kib; /* peak of capturing the small photo */
};

static struct env env_;

/* ------------------------------------------------------------ inputs */

static void write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	size_t n = 0, cap = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (n == cap)
			b = realloc(b, cap = cap ? cap * 2 : 65536);
		got = fread(b + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*len = n;
	return b;
}

/* messi5.jpg as RGB, scaled to w x h (nearest neighbour keeps the face
 * detectable and the picture textured, as a camera's is). */
static uint8_t *messi_rgb(int w, int h)
{
	struct jpeg_decompress_struct di;
	struct jpeg_error_mgr jerr;
	size_t len;
	uint8_t *jpg = read_file(DOC "messi5.jpg", &len), *src, *out;
	int sw, sh;

	if (jpg == NULL)
		return NULL;
	di.err = jpeg_std_error(&jerr);
	jpeg_create_decompress(&di);
	jpeg_mem_src(&di, jpg, (unsigned long)len);
	jpeg_read_header(&di, TRUE);
	di.out_color_space = JCS_RGB;
	jpeg_start_decompress(&di);
	sw = (int)di.output_width;
	sh = (int)di.output_height;
	src = malloc((size_t)sw * (size_t)sh * 3);
	while (di.output_scanline < di.output_height) {
		JSAMPROW row =
			src + (size_t)di.output_scanline * (size_t)sw * 3;

		jpeg_read_scanlines(&di, &row, 1);
	}
	jpeg_finish_decompress(&di);
	jpeg_destroy_decompress(&di);
	free(jpg);
	out = malloc((size_t)w * (size_t)h * 3);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			memcpy(out + ((size_t)y * (size_t)w + (size_t)x) * 3,
			       src + ((size_t)(y * sh / h) * (size_t)sw +
				      (size_t)(x * sw / w)) *
					       3,
			       3);
	free(src);
	return out;
}

/* An RGB picture as a 4:2:0 JPEG of quality 90 in path. */
static void write_jpeg(const char *path, const uint8_t *rgb, int w, int h,
		       bool progressive)
{
	struct jpeg_compress_struct ci;
	struct jpeg_error_mgr jerr;
	unsigned char *out = NULL;
	unsigned long n = 0;

	ci.err = jpeg_std_error(&jerr);
	jpeg_create_compress(&ci);
	jpeg_mem_dest(&ci, &out, &n);
	ci.image_width = (JDIMENSION)w;
	ci.image_height = (JDIMENSION)h;
	ci.input_components = 3;
	ci.in_color_space = JCS_RGB;
	jpeg_set_defaults(&ci);
	jpeg_set_quality(&ci, 90, TRUE);
	if (progressive)
		jpeg_simple_progression(&ci);
	jpeg_start_compress(&ci, TRUE);
	while (ci.next_scanline < ci.image_height) {
		JSAMPROW row = (JSAMPROW)rgb +
			       (size_t)ci.next_scanline * (size_t)w * 3;

		jpeg_write_scanlines(&ci, &row, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	write_file(path, out, n);
	free(out);
}

static void write_messi_jpeg(const char *path, int w, int h, bool progressive)
{
	uint8_t *rgb = messi_rgb(w, h);

	assert_non_null(rgb);
	write_jpeg(path, rgb, w, h, progressive);
	free(rgb);
}

/* messi5.jpg with its frame header saying 8000x8000 (73 KB). */
static void write_header_bomb(const char *path)
{
	size_t n;
	uint8_t *b = read_file(DOC "messi5.jpg", &n);

	assert_non_null(b);
	assert_true(jpeg_claim_size(b, n, 8000, 8000));
	write_file(path, b, n);
	free(b);
}

/* dst: the file src 30 times over, as a helper's burst gives it. */
static void write_burst(const char *src, const char *dst)
{
	size_t n;
	uint8_t *one = read_file(src, &n);
	FILE *out = fopen(dst, "wb");

	assert_non_null(one);
	assert_non_null(out);
	for (int k = 0; k < 30; k++)
		assert_int_equal(fwrite(one, 1, n, out), n);
	assert_int_equal(fclose(out), 0);
	free(one);
}

/* A grey 8192x8192 PNG, the pixel budget of one capture in 65 KB. */
static void write_big_png(const char *path)
{
	FILE *f = fopen(path, "wb");
	png_structp p = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
						NULL, NULL);
	png_infop info = png_create_info_struct(p);
	uint8_t *row = calloc(8192, 1);

	assert_non_null(f);
	if (setjmp(png_jmpbuf(p)))
		fail_msg("libpng could not write %s", path);
	png_init_io(p, f);
	png_set_compression_level(p, 9);
	png_set_IHDR(p, info, 8192, 8192, 8, PNG_COLOR_TYPE_GRAY,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	png_write_info(p, info);
	for (int y = 0; y < 8192; y++)
		png_write_row(p, row);
	png_write_end(p, NULL);
	png_destroy_write_struct(&p, &info);
	fclose(f);
	free(row);
}

/* ------------------------------------------------------------ runs */

/* The configuration NAME.yaml in the test's directory: a generous
 * capture.timeout (sanitizers, a loaded machine), then the lines given. */
static void conf(const char *name, ...)
{
	char path[128];
	FILE *f;
	va_list ap;
	const char *line;

	snprintf(path, sizeof(path), "%s/%s.yaml", env_.dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "capture:\n  timeout: 300\n");
	va_start(ap, name);
	while ((line = va_arg(ap, const char *)) != NULL)
		fprintf(f, "%s\n", line);
	va_end(ap);
	assert_int_equal(fclose(f), 0);
}

/* The measurer, this program run again as "--peak RESULT PROGRAM ARG...":
 * runs PROGRAM and writes its peak RSS in KiB and its exit status to
 * RESULT.  A child's peak counts the pages it shared with its parent when
 * forked, so the parent must be a small, freshly started process, not
 * the test that holds megapixels of generated pictures. */
static int peak_main(char **argv)
{
	struct rusage ru;
	int ws;
	pid_t pid = fork();
	FILE *f;

	if (pid < 0)
		return 1;
	if (pid == 0) {
		execv(argv[1], argv + 1);
		_exit(127);
	}
	if (wait4(pid, &ws, 0, &ru) != pid || !WIFEXITED(ws))
		return 1;
	f = fopen(argv[0], "w");
	if (f == NULL)
		return 1;
	fprintf(f, "%ld %d\n", ru.ru_maxrss, WEXITSTATUS(ws));
	return fclose(f) != 0;
}

/* `moodplay -c NAME.yaml capture --face-only`, or with photo `moodplay -c
 * NAME.yaml classify PHOTO` (the model too): its peak RSS in KiB; its exit
 * status in *status and what it printed in out. */
static long capture_peak(const char *name, const char *photo, int *status,
			 char *out, size_t outsz)
{
	char path[128], log[128], res[128];
	const char *argv[10] = { "test-peak-rss", "--peak", res,
				 env_.moodplay,   "-c",     path };
	long kib = -1;
	pid_t pid;
	int ws, k = 6;
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s.yaml", env_.dir, name);
	snprintf(log, sizeof(log), "%s/%s.out", env_.dir, name);
	snprintf(res, sizeof(res), "%s/%s.peak", env_.dir, name);
	if (photo != NULL) {
		argv[k++] = "classify";
		argv[k++] = photo;
	} else {
		argv[k++] = "capture";
		argv[k++] = "--face-only";
	}
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (freopen(log, "w", stdout) == NULL ||
		    dup2(fileno(stdout), 2) < 0)
			_exit(126);
		execv("/proc/self/exe", (char *const *)argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws) && WEXITSTATUS(ws) == 0);
	f = fopen(res, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%ld %d", &kib, status), 2);
	fclose(f);
	f = fopen(log, "r");
	assert_non_null(f);
	n = fread(out, 1, outsz - 1, f);
	out[n] = '\0';
	fclose(f);
	return kib; /* KiB on Linux */
}

/* Capture NAME; it must end with status and say what, and stay within
 * the memory budget. */
static void expect_run(const char *name, const char *photo, int status,
		       const char *what)
{
	char out[2048];
	int st;
	long kib = capture_peak(name, photo, &st, out, sizeof(out));

	print_message("# %s: peak %ld KiB (small photo %ld KiB), exit %d: %s",
		      name, kib, env_.base_kib, st, out);
	assert_int_equal(st, status);
	assert_non_null(strstr(out, what));
#ifdef MOODPLAY_SANITIZERS
	assert_true(kib - env_.base_kib <= RSS_GROWTH_KIB);
#else
	assert_true(kib <= RSS_LIMIT_KIB);
#endif
}

static int setup(void **state)
{
	char out[2048], opts[512];
	const char *asan = getenv("ASAN_OPTIONS");
	int st;

	env_.moodplay = getenv("MOODPLAY");
	*state = &env_;
	if (env_.moodplay == NULL || access(DOC "messi5.jpg", R_OK) != 0 ||
	    access(CASCADE, R_OK) != 0)
		return 0;
	/* ASan's quarantine keeps freed memory resident to catch use after
	 * free: memory moodplay gave back, not memory it holds. */
	snprintf(opts, sizeof(opts), "%s%squarantine_size_mb=0",
		 asan != NULL ? asan : "", asan != NULL && *asan ? ":" : "");
	setenv("ASAN_OPTIONS", opts, 1);
	strcpy(env_.dir, "/tmp/moodplay-rss.XXXXXX");
	assert_non_null(mkdtemp(env_.dir));
	conf("small", "  source: file", "  file: " DOC "messi5.jpg",
	     (char *)NULL);
	env_.base_kib = capture_peak("small", NULL, &st, out, sizeof(out));
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	if (env_.dir[0] != '\0') {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", env_.dir);
		if (system(cmd) != 0)
			return -1;
	}
	return 0;
}

static char *path_in_dir(const char *file)
{
	static char p[4][160];
	static int k;

	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", env_.dir, file);
	return p[k];
}

static void file_conf(const char *name, const char *file, const char *extra)
{
	char line[256];

	snprintf(line, sizeof(line), "  file: %s", path_in_dir(file));
	conf(name, "  source: file", line, extra, (char *)NULL);
}

static void expect_capture(const char *name, int status, const char *what)
{
	expect_run(name, NULL, status, what);
}

#define NEED_INPUTS()                    \
	do {                             \
		if (env_.dir[0] == '\0') \
			skip();          \
	} while (0)

static void test_full_hd(void **state)
{
	(void)state;
	NEED_INPUTS();
	write_messi_jpeg(path_in_dir("hd.jpg"), 1920, 1080, false);
	file_conf("hd", "hd.jpg", "  frames: 1");
	expect_capture("hd", 0, "face at");
	expect_run("hd", path_in_dir("hd.jpg"), 0, "face at");
	write_messi_jpeg(path_in_dir("hd-prog.jpg"), 1920, 1080, true);
	file_conf("hdprog", "hd-prog.jpg", "  frames: 1");
	expect_capture("hdprog", 0, "face at");
}

/* A progressive JPEG keeps every coefficient until the last scan: 3
 * bytes a pixel at 4:2:0, so 3264x2448 (8 Mpx) is the largest a camera
 * gives that the decoder's 24 MiB accept. */
static void test_progressive_8mpx(void **state)
{
	(void)state;
	NEED_INPUTS();
	write_messi_jpeg(path_in_dir("8mpx.jpg"), 3264, 2448, true);
	file_conf("8mpx", "8mpx.jpg", "  frames: 1");
	expect_capture("8mpx", 0, "face at");
}

/* 30 full-HD frames in one burst: all within the capture's pixel budget,
 * all decoded and searched, one after the other. */
static void test_burst(void **state)
{
	char cat[256];

	(void)state;
	NEED_INPUTS();
	write_messi_jpeg(path_in_dir("hd1.jpg"), 1920, 1080, false);
	write_burst(path_in_dir("hd1.jpg"), path_in_dir("burst.jpg"));
	snprintf(cat, sizeof(cat), "  command: [cat, %s]",
		 path_in_dir("burst.jpg"));
	/* Faces of 70 pixels and up (the face is 76): the memory is the
	 * same, the search of 30 frames a few times shorter. */
	conf("burst", "  source: command", cat, "  frames: 30",
	     "face:", "  min_size: 70", (char *)NULL);
	expect_capture("burst", 0, "30 of 30 frames with a face");
}

static void test_header_bombs(void **state)
{
	char cat[256];

	(void)state;
	NEED_INPUTS();
	write_header_bomb(path_in_dir("bomb.jpg"));
	file_conf("bomb", "bomb.jpg", "  frames: 1");
	expect_capture("bomb", 1, "JPEG");
	write_burst(path_in_dir("bomb.jpg"), path_in_dir("bomb30.jpg"));
	snprintf(cat, sizeof(cat), "  command: [cat, %s]",
		 path_in_dir("bomb30.jpg"));
	conf("bomb30", "  source: command", cat, "  frames: 30", (char *)NULL);
	expect_capture("bomb30", 1, "JPEG");
}

static void test_big_png(void **state)
{
	(void)state;
	NEED_INPUTS();
	write_big_png(path_in_dir("big.png"));
	file_conf("bigpng", "big.png", "  frames: 1");
	expect_capture("bigpng", 1, "no face found");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_hd),
		cmocka_unit_test(test_progressive_8mpx),
		cmocka_unit_test(test_burst),
		cmocka_unit_test(test_header_bombs),
		cmocka_unit_test(test_big_png),
	};

	if (argc > 3 && strcmp(argv[1], "--peak") == 0)
		return peak_main(argv + 2);
	return cmocka_run_group_tests(tests, setup, teardown);
}
