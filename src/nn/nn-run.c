/* moodplay - the layer loop, flip averaging and softmax. */
#include "config.h"

#include "nn/nn-run.h"

#include "base/i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct nn_scratch {
	enum nn_isa isa;
	int8_t *act[2];  /* ping-pong activations, each max_tensor bytes */
	int8_t *input;   /* the int8 network input */
	uint8_t *mirror; /* the mirrored pixels for flip averaging */
	void *kernel;    /* nn_kernel_scratch_size() bytes, 64-aligned */
	void *mem;
};

enum mp_status nn_isa_choose(const char *name, enum nn_isa *out,
			     struct mp_error *err)
{
	if (name == NULL || name[0] == '\0' || strcmp(name, "auto") == 0) {
		*out = nn_isa_best();
		return MP_OK;
	}
	if (!nn_isa_from_name(name, out))
		return mp_error_set(err, MP_EINVAL,
				    _("unknown kernel path '%s' (scalar, avx2, "
				      "avx512vnni or auto)"),
				    name);
	if (!nn_isa_supported(*out))
		return mp_error_set(err, MP_EINVAL,
				    _("this CPU cannot run the %s kernels"),
				    name);
	return MP_OK;
}

static size_t align64(size_t n)
{
	return (n + 63) / 64 * 64;
}

enum mp_status nn_scratch_new(const struct nn_model *m, enum nn_isa isa,
			      struct nn_scratch **out, struct mp_error *err)
{
	size_t act = 0, ker = 0,
	       in = (size_t)nn_model_info(m)->input_h *
		    nn_model_info(m)->input_w;
	struct nn_scratch *s;
	unsigned char *p;

	*out = NULL;
	if (!nn_isa_supported(isa))
		return mp_error_set(err, MP_EINVAL,
				    _("this CPU cannot run the %s kernels"),
				    nn_isa_names[isa]);
	for (unsigned i = 0; i < nn_model_info(m)->num_layers; i++) {
		const struct nn_layer *L = nn_model_layer(m, i);
		size_t n = (size_t)L->out_h * L->out_w * L->out_c;
		size_t k = nn_kernel_scratch_size(L, isa);

		act = n > act ? n : act;
		ker = k > ker ? k : ker;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return mp_error_set(err, MP_ENOMEM, _("out of memory"));
	act = align64(act);
	s->mem = aligned_alloc(64,
			       2 * act + 2 * align64(in) + align64(ker) + 64);
	if (s->mem == NULL) {
		free(s);
		return mp_error_set(err, MP_ENOMEM, _("out of memory"));
	}
	p = s->mem;
	s->isa = isa;
	s->act[0] = (int8_t *)p;
	s->act[1] = (int8_t *)(p + act);
	s->input = (int8_t *)(p + 2 * act);
	s->mirror = p + 2 * act + align64(in);
	s->kernel = p + 2 * act + 2 * align64(in);
	*out = s;
	return MP_OK;
}

void nn_scratch_free(struct nn_scratch *s)
{
	if (s == NULL)
		return;
	free(s->mem);
	free(s);
}

enum nn_isa nn_scratch_isa(const struct nn_scratch *s)
{
	return s->isa;
}

typedef void conv_fn(const struct nn_layer *L, const int8_t *in, int8_t *out,
		     void *scratch);

typedef void pool_fn(const struct nn_layer *L, const int8_t *in, int8_t *out);
typedef void conv_pool_fn(const struct nn_layer *L, const struct nn_layer *P,
			  const int8_t *in, int8_t *out, void *scratch);

static const struct {
	conv_fn *conv; /* conv and fully connected; NULL: scalar */
	pool_fn *maxpool, *avgpool;
	conv_pool_fn *conv_pool; /* fused conv + max pool; NULL: none */
} paths[NN_ISA_COUNT] = {
	[NN_ISA_SCALAR] = { NULL, nn_maxpool_s8, nn_global_avgpool_s8, NULL },
	[NN_ISA_AVX2] = { nn_conv_s8_avx2, nn_maxpool_s8_avx2,
			  nn_global_avgpool_s8_avx2, nn_conv_pool_s8_avx2 },
	[NN_ISA_AVX512VNNI] = { nn_conv_s8_avx512vnni, nn_maxpool_s8_avx2,
				nn_global_avgpool_s8_avx2,
				nn_conv_pool_s8_avx512vnni },
};

static void run_layer(const struct nn_layer *L, enum nn_isa isa,
		      const int8_t *in, int8_t *out, void *scratch)
{
	switch (L->op) {
	case NN_OP_CONV2D:
	case NN_OP_FULLY_CONNECTED:
		if (paths[isa].conv != NULL && L->packed != NULL)
			paths[isa].conv(L, in, out, scratch);
		else if (L->op == NN_OP_CONV2D)
			nn_conv_s8(L, in, out);
		else
			nn_fully_connected_s8(L, in, out);
		break;
	case NN_OP_MAXPOOL2D: paths[isa].maxpool(L, in, out); break;
	case NN_OP_GLOBAL_AVGPOOL: paths[isa].avgpool(L, in, out); break;
	}
}

const int8_t *nn_forward(const struct nn_model *m, struct nn_scratch *s,
			 const uint8_t *pixels, nn_layer_fn *hook, void *ud)
{
	size_t n =
		(size_t)nn_model_info(m)->input_h * nn_model_info(m)->input_w;
	unsigned nl = nn_model_info(m)->num_layers, which = 0;
	int off = nn_model_info(m)->pixel_offset;
	const int8_t *in = s->input;

	for (size_t i = 0; i < n; i++)
		s->input[i] = (int8_t)(pixels[i] + off);
	for (unsigned i = 0; i < nl; i++) {
		const struct nn_layer *L = nn_model_layer(m, i);
		int8_t *out = s->act[which];

		which ^= 1;
		/* a hook sees every layer's output, so it gets no fusion */
		if (hook == NULL && paths[s->isa].conv_pool != NULL &&
		    i + 1 < nl &&
		    nn_conv_pool_fusable(L, nn_model_layer(m, i + 1))) {
			paths[s->isa].conv_pool(L, nn_model_layer(m, i + 1), in,
						out, s->kernel);
			i++;
		} else {
			run_layer(L, s->isa, in, out, s->kernel);
			if (hook != NULL)
				hook(ud, i, out,
				     (size_t)L->out_h * L->out_w * L->out_c);
		}
		in = out;
	}
	return in;
}

/* (q - zp) * scale in float32, as intref.dequantize_logits(). */
static void dequantize(const struct nn_model *m, const int8_t *q, float *z)
{
	const struct nn_layer *last =
		nn_model_layer(m, nn_model_info(m)->num_layers - 1);

	for (unsigned c = 0; c < nn_model_info(m)->num_classes; c++)
		z[c] = (float)(q[c] - last->out_zp) * last->out_scale;
}

void nn_logits(const struct nn_model *m, struct nn_scratch *s,
	       const uint8_t *pixels, bool flip, float *logits)
{
	unsigned h = nn_model_info(m)->input_h, w = nn_model_info(m)->input_w;
	unsigned k = nn_model_info(m)->num_classes;
	float z[NN_MAX_CLASSES];

	dequantize(m, nn_forward(m, s, pixels, NULL, NULL), logits);
	if (!flip)
		return;
	for (unsigned y = 0; y < h; y++)
		for (unsigned x = 0; x < w; x++)
			s->mirror[y * w + x] = pixels[y * w + (w - 1 - x)];
	dequantize(m, nn_forward(m, s, s->mirror, NULL, NULL), z);
	for (unsigned c = 0; c < k; c++)
		logits[c] = (logits[c] + z[c]) / 2;
}

unsigned nn_classify(const struct nn_model *m, struct nn_scratch *s,
		     const uint8_t *pixels, bool flip, float *probs)
{
	unsigned k = nn_model_info(m)->num_classes, best = 0;
	float max, sum = 0;

	nn_logits(m, s, pixels, flip, probs);
	for (unsigned c = 1; c < k; c++)
		if (probs[c] > probs[best])
			best = c;
	max = probs[best];
	for (unsigned c = 0; c < k; c++)
		sum += probs[c] = expf(probs[c] - max);
	for (unsigned c = 0; c < k; c++)
		probs[c] /= sum;
	return best;
}
