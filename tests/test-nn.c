/* Tests of the int8 engine: every kernel path this CPU has against the
 * golden vectors of models/intref.py (models/golden.py format), against
 * the scalar path on random inputs, and the loader on corrupt files. */
#include "config.h"

#include "nn/nn-model.h"
#include "nn/nn-run.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define TINY TOP_SRCDIR "/tests/data/nn/tiny.mpm"
#define TINY_GOLDEN TOP_SRCDIR "/tests/data/nn/tiny-golden"

static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (f == NULL)
		return NULL;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	buf = malloc(n > 0 ? (size_t)n : 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static struct nn_model *load(const char *path)
{
	struct nn_model *m;
	struct mp_error err = { 0 };

	if (nn_model_load(path, &m, &err) != MP_OK)
		fail_msg("%s", err.msg);
	return m;
}

static struct nn_scratch *scratch(const struct nn_model *m, enum nn_isa isa)
{
	struct nn_scratch *s;
	struct mp_error err = { 0 };

	if (nn_scratch_new(m, isa, &s, &err) != MP_OK)
		fail_msg("%s", err.msg);
	return s;
}

/* ---------------------------------------------------------------- golden */

struct expect {
	const char *dir;
	unsigned vec;
	unsigned char *layer[NN_MAX_LAYERS];
	size_t len[NN_MAX_LAYERS];
	enum nn_isa isa;
	unsigned checked;
};

static void check_layer(void *ud, unsigned layer, const int8_t *out, size_t n)
{
	struct expect *e = ud;

	assert_non_null(e->layer[layer]);
	assert_int_equal(e->len[layer], n);
	if (memcmp(e->layer[layer], out, n) != 0) {
		size_t i = 0;

		while (e->layer[layer][i] == (unsigned char)out[i])
			i++;
		fail_msg("%s: vector %u layer %u on %s: element %zu is %d, "
			 "intref says %d",
			 e->dir, e->vec, layer, nn_isa_names[e->isa], i, out[i],
			 (int8_t)e->layer[layer][i]);
	}
	e->checked++;
}

static unsigned char *golden_file(const char *dir, const char *name,
				  size_t *len)
{
	char path[4096];
	unsigned char *buf;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	buf = read_all(path, len);
	if (buf == NULL)
		fail_msg("cannot read %s", path);
	return buf;
}

/* Run every vector of dir/index.txt through m on every supported path. */
static void check_golden(const char *model_path, const char *dir)
{
	struct nn_model *m = load(model_path);
	char path[4096], line[1024];
	FILE *idx;
	unsigned nvec = 0, nlayers = nn_model_info(m)->num_layers;

	snprintf(path, sizeof(path), "%s/index.txt", dir);
	idx = fopen(path, "r");
	if (idx == NULL)
		fail_msg("cannot read %s", path);
	for (unsigned vec = 0;; vec++) {
		struct expect e = { .dir = dir, .vec = vec };
		unsigned char *pixels = NULL, *flip = NULL;
		size_t plen = 0, flen = 0;
		float probs_want[NN_MAX_CLASSES];
		unsigned nprobs = 0;

		rewind(idx);
		while (fgets(line, sizeof(line), idx) != NULL) {
			unsigned v, l;
			char name[256], file[256], op[64];
			int h, w, c, zp;
			float scale;

			if (sscanf(line, "input %u %255s %255s", &v, name,
				   file) == 3 &&
			    v == vec)
				pixels = golden_file(dir, file, &plen);
			else if (sscanf(line,
					"layer %u %u %63s %d %d %d %d %f %255s",
					&v, &l, op, &h, &w, &c, &zp, &scale,
					file) == 9 &&
				 v == vec) {
				assert_true(l < nlayers);
				assert_string_equal(
					op,
					nn_op_name(nn_model_layer(m, l)->op));
				e.layer[l] = golden_file(dir, file, &e.len[l]);
			} else if (sscanf(line, "flip %u %255s", &v, file) ==
					   2 &&
				   v == vec)
				flip = golden_file(dir, file, &flen);
			else if (strncmp(line, "probs ", 6) == 0 &&
				 sscanf(line + 6, "%u", &v) == 1 && v == vec) {
				char *p = line + 6;

				strtoul(p, &p, 10);
				while (nprobs < NN_MAX_CLASSES) {
					char *end;
					float f = strtof(p, &end);

					if (end == p)
						break;
					probs_want[nprobs++] = f;
					p = end;
				}
			}
		}
		if (pixels == NULL)
			break;
		assert_int_equal(plen, nn_model_info(m)->input_h *
					       nn_model_info(m)->input_w);
		for (int isa = 0; isa < NN_ISA_COUNT; isa++) {
			struct nn_scratch *s;
			unsigned char mirror[NN_MAX_DIM];
			float probs[NN_MAX_CLASSES];
			const int8_t *q;

			if (!nn_isa_supported((enum nn_isa)isa))
				continue;
			s = scratch(m, (enum nn_isa)isa);
			e.isa = (enum nn_isa)isa;
			e.checked = 0;
			nn_forward(m, s, pixels, check_layer, &e);
			assert_int_equal(e.checked, nlayers);
			/* without a hook, with fused layers */
			assert_memory_equal(
				nn_forward(m, s, pixels, NULL, NULL),
				e.layer[nlayers - 1], e.len[nlayers - 1]);
			if (flip != NULL) {
				unsigned w = nn_model_info(m)->input_w;
				unsigned char *mp = malloc(plen);

				assert_non_null(mp);
				for (size_t y = 0; y < plen / w; y++) {
					for (unsigned x = 0; x < w; x++)
						mirror[x] = pixels[y * w + w -
								   1 - x];
					memcpy(mp + y * w, mirror, w);
				}
				q = nn_forward(m, s, mp, NULL, NULL);
				assert_int_equal(flen,
						 nn_model_info(m)->num_classes);
				assert_memory_equal(q, flip, flen);
				free(mp);
			}
			if (nprobs > 0) {
				assert_int_equal(nprobs,
						 nn_model_info(m)->num_classes);
				nn_classify(m, s, pixels, true, probs);
				for (unsigned c = 0; c < nprobs; c++)
					assert_float_equal(probs[c],
							   probs_want[c], 2e-6);
			}
			nn_scratch_free(s);
		}
		for (unsigned l = 0; l < NN_MAX_LAYERS; l++)
			free(e.layer[l]);
		free(pixels);
		free(flip);
		nvec++;
	}
	fclose(idx);
	assert_true(nvec > 0);
	nn_model_free(m);
}

static void test_golden_tiny(void **state)
{
	check_golden(TINY, TINY_GOLDEN);
}

/* The committed model's own vectors (models/golden), when they belong to
 * the model built into this binary (cmocka's skip() reads as a failure
 * under the TAP driver, so this says why and passes). */
static void test_golden_builtin(void **state)
{
	const char *dir = TOP_SRCDIR "/models/golden";
	char path[4096], line[256];
	struct nn_model *m = load(NULL);
	unsigned crc = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/index.txt", dir);
	f = fopen(path, "r");
	if (f == NULL || fgets(line, sizeof(line), f) == NULL ||
	    strstr(line, "crc32 0x") == NULL ||
	    sscanf(strstr(line, "crc32 0x") + 8, "%x", &crc) != 1 ||
	    crc != nn_model_info(m)->crc) {
		if (f != NULL)
			fclose(f);
		nn_model_free(m);
		print_message(
			"# no models/golden vectors for the built-in model\n");
		return;
	}
	fclose(f);
	nn_model_free(m);
	check_golden(NULL, dir);
}

/* ---------------------------------------------------------------- random */

struct capture {
	int8_t *out[NN_MAX_LAYERS];
};

static void keep_layer(void *ud, unsigned layer, const int8_t *out, size_t n)
{
	struct capture *c = ud;

	c->out[layer] = malloc(n);
	assert_non_null(c->out[layer]);
	memcpy(c->out[layer], out, n);
}

static void compare_on_random(struct nn_model *m, unsigned rounds)
{
	unsigned n = nn_model_info(m)->input_h * nn_model_info(m)->input_w;
	unsigned nl = nn_model_info(m)->num_layers;
	uint8_t *px = malloc(n);
	struct nn_scratch *ref = scratch(m, NN_ISA_SCALAR);
	unsigned seed = 12345;

	assert_non_null(px);
	for (unsigned r = 0; r < rounds; r++) {
		struct capture want = { { NULL } };

		for (unsigned i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			/* noise, with runs of saturated pixels every other round */
			px[i] = r % 2 && (i / 97) % 3 == 0
					? (uint8_t)(r * 60)
					: (uint8_t)(seed >> 16);
		}
		nn_forward(m, ref, px, keep_layer, &want);
		for (int isa = 1; isa < NN_ISA_COUNT; isa++) {
			struct capture got = { { NULL } };
			struct nn_scratch *s;

			if (!nn_isa_supported((enum nn_isa)isa))
				continue;
			s = scratch(m, (enum nn_isa)isa);
			nn_forward(m, s, px, keep_layer, &got);
			for (unsigned l = 0; l < nl; l++) {
				const struct nn_layer *L = nn_model_layer(m, l);

				assert_memory_equal(
					got.out[l], want.out[l],
					(size_t)L->out_h * L->out_w * L->out_c);
				free(got.out[l]);
			}
			/* without a hook, with fused layers */
			assert_memory_equal(nn_forward(m, s, px, NULL, NULL),
					    want.out[nl - 1],
					    nn_model_info(m)->num_classes);
			nn_scratch_free(s);
		}
		for (unsigned l = 0; l < nl; l++)
			free(want.out[l]);
	}
	nn_scratch_free(ref);
	free(px);
}

static void test_random_tiny(void **state)
{
	struct nn_model *m = load(TINY);

	compare_on_random(m, 6);
	nn_model_free(m);
}

static void test_random_builtin(void **state)
{
	struct nn_model *m = load(NULL);

	compare_on_random(m, 4);
	nn_model_free(m);
}

/* Probabilities sum to 1, and flip averaging makes a mirror image score
 * the same as the original. */
static void test_classify(void **state)
{
	struct nn_model *m = load(NULL);
	struct nn_scratch *s = scratch(m, nn_isa_best());
	unsigned h = nn_model_info(m)->input_h, w = nn_model_info(m)->input_w;
	uint8_t *a = malloc((size_t)h * w), *b = malloc((size_t)h * w);
	float pa[NN_MAX_CLASSES], pb[NN_MAX_CLASSES], sum = 0;

	assert_non_null(a);
	assert_non_null(b);
	for (unsigned y = 0; y < h; y++)
		for (unsigned x = 0; x < w; x++) {
			a[y * w + x] = (uint8_t)(x * 7 + y * y);
			b[y * w + w - 1 - x] = a[y * w + x];
		}
	nn_classify(m, s, a, true, pa);
	nn_classify(m, s, b, true, pb);
	for (unsigned c = 0; c < nn_model_info(m)->num_classes; c++) {
		assert_true(pa[c] >= 0 && pa[c] <= 1);
		assert_float_equal(pa[c], pb[c], 1e-7);
		sum += pa[c];
	}
	assert_float_equal(sum, 1.0, 1e-5);
	free(a);
	free(b);
	nn_scratch_free(s);
	nn_model_free(m);
}

/* One model, several threads, each with its own scratch: the results are
 * those of a lone thread (the model is only read). */
struct worker {
	const struct nn_model *m;
	uint8_t px[48 * 48];
	float want[NN_MAX_CLASSES];
	int mismatches;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct nn_scratch *s;
	float probs[NN_MAX_CLASSES];

	if (nn_scratch_new(w->m, nn_isa_best(), &s, NULL) != MP_OK) {
		w->mismatches = -1;
		return NULL;
	}
	for (int i = 0; i < 30; i++) {
		nn_classify(w->m, s, w->px, true, probs);
		if (memcmp(probs, w->want,
			   nn_model_info(w->m)->num_classes * sizeof(float)) !=
		    0)
			w->mismatches++;
	}
	nn_scratch_free(s);
	return NULL;
}

static void test_threads(void **state)
{
	struct nn_model *m = load(NULL);
	struct nn_scratch *s = scratch(m, nn_isa_best());
	struct worker w[4];
	pthread_t t[4];

	assert_int_equal(nn_model_info(m)->input_h * nn_model_info(m)->input_w,
			 sizeof(w[0].px));
	for (int k = 0; k < 4; k++) {
		w[k].m = m;
		w[k].mismatches = 0;
		for (size_t i = 0; i < sizeof(w[k].px); i++)
			w[k].px[i] = (uint8_t)(i * (k + 3) + (i / 48) * k * 17);
		nn_classify(m, s, w[k].px, true, w[k].want);
	}
	for (int k = 0; k < 4; k++)
		assert_int_equal(pthread_create(&t[k], NULL, work, &w[k]), 0);
	for (int k = 0; k < 4; k++) {
		assert_int_equal(pthread_join(t[k], NULL), 0);
		assert_int_equal(w[k].mismatches, 0);
	}
	nn_scratch_free(s);
	nn_model_free(m);
}

static void test_isa_choose(void **state)
{
	enum nn_isa isa;
	struct mp_error err = { 0 };

	assert_int_equal(nn_isa_choose("scalar", &isa, &err), MP_OK);
	assert_int_equal(isa, NN_ISA_SCALAR);
	assert_int_equal(nn_isa_choose(NULL, &isa, &err), MP_OK);
	assert_int_equal(isa, nn_isa_best());
	assert_int_equal(nn_isa_choose("sse9", &isa, &err), MP_EINVAL);
	assert_non_null(strstr(err.msg, "sse9"));
}

/* ---------------------------------------------------------------- corrupt */

static uint32_t crc32_zlib(const unsigned char *p, size_t n, uint32_t crc)
{
	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = crc & 1 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
	}
	return ~crc;
}

static void put_u32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static uint32_t get_u32(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Make the CRC right again, so the checks behind it are reached. */
static void fix_crc(unsigned char *buf, size_t len)
{
	put_u32(buf + 20,
		crc32_zlib(buf + 24, len - 24, crc32_zlib(buf, 20, 0)));
}

/* Load a copy of the tiny model of length len (<= the file) after edit;
 * expect failure with want in the message. */
static void expect_reject(size_t len, void (*edit)(unsigned char *, size_t),
			  bool crc, const char *want)
{
	size_t n;
	unsigned char *file = read_all(TINY, &n);
	unsigned char *buf;
	struct nn_model *m = (struct nn_model *)1;
	struct mp_error err = { 0 };

	assert_non_null(file);
	if (len > n)
		len = n;
	/* an exact-size heap copy, so ASan sees any read past the end */
	buf = malloc(len ? len : 1);
	assert_non_null(buf);
	memcpy(buf, file, len);
	if (edit != NULL)
		edit(buf, len);
	if (crc)
		fix_crc(buf, len);
	assert_int_equal(nn_model_new(buf, len, "x.mpm", &m, &err), MP_EINVAL);
	assert_null(m);
	if (strstr(err.msg, want) == NULL)
		fail_msg("expected '%s' in: %s", want, err.msg);
	assert_non_null(strstr(err.msg, "x.mpm: invalid model file"));
	free(buf);
	free(file);
}

#define LAYER(buf, i) ((buf) + get_u32((buf) + 60) + 96 * (i))

static void bad_magic(unsigned char *b, size_t n)
{
	b[0] = 'X';
}
static void bad_version(unsigned char *b, size_t n)
{
	put_u32(b + 8, 2);
}
static void bad_weight_byte(unsigned char *b, size_t n)
{
	b[n - 100] ^= 1;
}
static void file_size_short(unsigned char *b, size_t n)
{
	put_u32(b + 16, (uint32_t)n);
}
static void bad_out_h(unsigned char *b, size_t n)
{
	LAYER(b, 0)[10]++;
}
static void bad_chain(unsigned char *b, size_t n)
{
	LAYER(b, 3)[8]++;
}
static void bad_op(unsigned char *b, size_t n)
{
	LAYER(b, 2)[0] = 9;
}
static void bad_pad(unsigned char *b, size_t n)
{
	LAYER(b, 0)[20] = 3;
}
static void bad_zp(unsigned char *b, size_t n)
{
	put_u32(LAYER(b, 0) + 32, 300);
}
static void bad_offset(unsigned char *b, size_t n)
{
	put_u32(LAYER(b, 2) + 48, (uint32_t)n);
}
static void bad_align(unsigned char *b, size_t n)
{
	put_u32(LAYER(b, 2) + 48, get_u32(LAYER(b, 2) + 48) + 4);
}
static void offset_overflow(unsigned char *b, size_t n)
{
	put_u32(LAYER(b, 4) + 56, 0xFFFFFFF0u);
}
static void bad_blob_size(unsigned char *b, size_t n)
{
	put_u32(LAYER(b, 2) + 52, get_u32(LAYER(b, 2) + 52) - 1);
}
static void bad_shift(unsigned char *b, size_t n)
{
	put_u32(b + get_u32(LAYER(b, 3) + 72), 0);
}
static void huge_layers(unsigned char *b, size_t n)
{
	put_u32(b + 56, 0x10000000u);
}
static void bad_labels(unsigned char *b, size_t n)
{
	memset(b + get_u32(b + 68), 'a', 16);
}
static void bad_classes(unsigned char *b, size_t n)
{
	b[30] = 6;
}
static void huge_bias(unsigned char *b, size_t n)
{
	put_u32(b + get_u32(LAYER(b, 0) + 56), 0x7FFFFFF0u);
}

static void test_corrupt(void **state)
{
	size_t n;
	unsigned char *file = read_all(TINY, &n);

	assert_non_null(file);
	free(file);
	/* truncated anywhere: header, table, blobs */
	expect_reject(0, NULL, false, "shorter than header");
	expect_reject(127, NULL, false, "shorter than header");
	expect_reject(200, NULL, false, "file_size does not match");
	expect_reject(n - 1, NULL, false, "file_size does not match");
	expect_reject(200, file_size_short, true, "bad labels");
	expect_reject(n / 2, file_size_short, true, "out of bounds");
	expect_reject(n, bad_magic, false, "bad magic");
	expect_reject(n, bad_version, false, "unsupported version 2");
	expect_reject(n, bad_weight_byte, false, "CRC mismatch");
	expect_reject(n, bad_out_h, true, "layer 0: output size mismatch");
	expect_reject(n, bad_chain, true, "layer 3: input shape mismatch");
	expect_reject(n, bad_op, true, "layer 2: unknown op 9");
	expect_reject(n, bad_pad, true, "layer 0: padding >= kernel");
	expect_reject(n, bad_zp, true, "layer 0: bad zero point");
	expect_reject(n, bad_offset, true,
		      "layer 2: weights blob out of bounds");
	expect_reject(n, bad_align, true,
		      "layer 2: weights blob out of bounds");
	expect_reject(n, offset_overflow, true,
		      "layer 4: bias blob out of bounds");
	expect_reject(n, bad_blob_size, true, "layer 2: weights size");
	expect_reject(n, bad_shift, true,
		      "layer 3: multiplier/shift out of range");
	expect_reject(n, huge_layers, true, "bad layer table");
	expect_reject(n, bad_labels, true, "label 0 not NUL-terminated");
	expect_reject(n, bad_classes, true, "num_classes");
	expect_reject(n, huge_bias, true, "can overflow 32 bits");
}

/* Truncations and single-bit flips (with a fixed CRC) of the header and
 * layer table are either accepted and run, or refused cleanly (ASan
 * watches the reads). */
static void test_fuzz_header(void **state)
{
	size_t n;
	unsigned char *file = read_all(TINY, &n);
	size_t table = get_u32(file + 60) + 96 * 8;

	for (size_t len = 0; len < table + 64; len += 7) {
		unsigned char *buf = malloc(len ? len : 1);
		struct nn_model *m;

		memcpy(buf, file, len);
		assert_int_not_equal(nn_model_new(buf, len, "t", &m, NULL),
				     MP_OK);
		free(buf);
	}
	for (size_t bit = 0; bit < table * 8; bit += 3) {
		unsigned char *buf = malloc(n);
		struct nn_model *m = NULL;

		memcpy(buf, file, n);
		buf[bit / 8] ^= (unsigned char)(1u << bit % 8);
		fix_crc(buf, n);
		if (nn_model_new(buf, n, "t", &m, NULL) == MP_OK) {
			struct nn_scratch *s = scratch(m, NN_ISA_SCALAR);
			uint8_t px[48 * 48] = { 0 };

			if (nn_model_info(m)->input_h *
				    nn_model_info(m)->input_w <=
			    sizeof(px))
				nn_forward(m, s, px, NULL, NULL);
			nn_scratch_free(s);
			nn_model_free(m);
		}
		free(buf);
	}
	free(file);
}

/* Models the loader accepts but no exporter would write (weights, biases,
 * multipliers and shifts overwritten at random; shifts down to 1 so that
 * the clamps work hard): every path still gives the scalar path's bytes. */
static void test_fuzz_paths(void **state)
{
	size_t n;
	unsigned char *file = read_all(TINY, &n);
	size_t data = get_u32(file + 60) + 96 * 8;
	uint32_t seed = 99;
	unsigned accepted = 0;

	assert_non_null(file);
	for (int round = 0; round < 120; round++) {
		unsigned char *buf = malloc(n);
		struct nn_model *m = NULL;
		uint8_t px[48 * 48];

		memcpy(buf, file, n);
		for (int k = 0; k < 1 + round % 6; k++) {
			size_t at;

			seed = seed * 1664525u + 1013904223u;
			at = data + (seed >> 8) % (n - data);
			buf[at] = (unsigned char)(seed >> 3);
		}
		if (round % 3 == 0) {
			/* a small shift in a random layer's channel 0 */
			const unsigned char *L = LAYER(buf, (seed >> 5) % 8);
			uint32_t off = get_u32(L + 72);

			if (off != 0)
				put_u32(buf + off, 1 + (seed >> 11) % 20);
		}
		fix_crc(buf, n);
		for (size_t i = 0; i < sizeof(px); i++) {
			seed = seed * 1664525u + 1013904223u;
			px[i] = (uint8_t)(seed >> 24);
		}
		if (nn_model_new(buf, n, "t", &m, NULL) == MP_OK) {
			struct nn_scratch *ref = scratch(m, NN_ISA_SCALAR);
			int8_t want[NN_MAX_CLASSES];

			memcpy(want, nn_forward(m, ref, px, NULL, NULL), 7);
			for (int isa = 1; isa < NN_ISA_COUNT; isa++) {
				struct nn_scratch *s;

				if (!nn_isa_supported((enum nn_isa)isa))
					continue;
				s = scratch(m, (enum nn_isa)isa);
				assert_memory_equal(
					nn_forward(m, s, px, NULL, NULL), want,
					7);
				nn_scratch_free(s);
			}
			nn_scratch_free(ref);
			nn_model_free(m);
			accepted++;
		}
		free(buf);
	}
	assert_true(accepted > 40);
	free(file);
}

static void test_missing_file(void **state)
{
	struct nn_model *m;
	struct mp_error err = { 0 };

	assert_int_equal(nn_model_load("/nonexistent/model.mpm", &m, &err),
			 MP_ENOENT);
	assert_non_null(strstr(err.msg, "/nonexistent/model.mpm"));
	assert_int_equal(nn_model_load(TOP_SRCDIR, &m, &err), MP_EINVAL);
	assert_non_null(strstr(err.msg, "not a regular file"));
}

static void test_metadata(void **state)
{
	struct nn_model *m = load(TINY);

	assert_string_equal(nn_model_name(m), "tiny-test");
	assert_int_equal(nn_model_info(m)->num_classes, 7);
	assert_string_equal(nn_model_label(m, 3), "happy");
	assert_int_equal(nn_model_info(m)->pixel_offset, -128);
	assert_true(nn_model_info(m)->flip_average);
	assert_float_equal(nn_model_info(m)->crop_scale, 1.25, 1e-6);
	assert_true(nn_model_macs(m) > 0);
	nn_model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_tiny),
		cmocka_unit_test(test_golden_builtin),
		cmocka_unit_test(test_random_tiny),
		cmocka_unit_test(test_random_builtin),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_isa_choose),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_fuzz_header),
		cmocka_unit_test(test_fuzz_paths),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_metadata),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
