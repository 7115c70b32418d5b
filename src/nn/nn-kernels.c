/* moodplay - portable reference kernels, SIMD weight packing and the
 * run-time choice of a kernel path. */
#include "config.h"

#include "nn/nn-kernels.h"
#include "base/cpu.h"

#include <string.h>

const char *const nn_isa_names[NN_ISA_COUNT] = {
	[NN_ISA_SCALAR] = "scalar",
	[NN_ISA_AVX2] = "avx2",
	[NN_ISA_AVX512VNNI] = "avx512vnni",
};

bool nn_isa_supported(enum nn_isa isa)
{
	switch (isa) {
	case NN_ISA_SCALAR: return true;
	case NN_ISA_AVX2: return cpu_has_avx2();
	case NN_ISA_AVX512VNNI: return cpu_has_avx512vnni();
	case NN_ISA_COUNT: break;
	}
	return false;
}

enum nn_isa nn_isa_best(void)
{
	for (int i = NN_ISA_COUNT - 1; i > 0; i--)
		if (nn_isa_supported((enum nn_isa)i))
			return (enum nn_isa)i;
	return NN_ISA_SCALAR;
}

bool nn_isa_from_name(const char *name, enum nn_isa *out)
{
	for (int i = 0; i < NN_ISA_COUNT; i++)
		if (strcmp(name, nn_isa_names[i]) == 0) {
			*out = (enum nn_isa)i;
			return true;
		}
	return false;
}

/* ---------------------------------------------------------------- packing */

static unsigned round_up(unsigned v, unsigned m)
{
	return (v + m - 1) / m * m;
}

/* A conv's or fully connected layer's kernel rows and taps per row. */
static void layer_runs(const struct nn_layer *L, unsigned *rows, unsigned *run)
{
	if (L->op == NN_OP_CONV2D) {
		*rows = L->kernel_h;
		*run = L->kernel_w * L->in_c;
	} else {
		*rows = 1;
		*run = L->in_c;
	}
}

size_t nn_packed_size(const struct nn_layer *L)
{
	unsigned rows, run, oc16 = round_up(L->out_c, 16);
	size_t head = 3 * 4 * (size_t)oc16, n = head;

	if (L->weights == NULL)
		return 0;
	layer_runs(L, &rows, &run);
	if (nn_isa_supported(NN_ISA_AVX512VNNI))
		n += (size_t)oc16 * rows * round_up(run, 4) + 4 * (size_t)oc16;
	if (nn_isa_supported(NN_ISA_AVX2))
		n += 2 * (size_t)oc16 * rows * round_up(run, 2);
	return n == head ? 0 : (n + 63) / 64 * 64;
}

void nn_packed_init(struct nn_packed *p, const struct nn_layer *L, void *buf)
{
	unsigned char *b = buf;
	unsigned rows, run, oc = L->out_c;

	layer_runs(L, &rows, &run);
	p->k = rows * run;
	p->run4 = round_up(run, 4);
	p->run2 = round_up(run, 2);
	p->k4 = rows * p->run4;
	p->k2 = rows * p->run2;
	p->oc16 = round_up(oc, 16);
	p->bias = (int32_t *)b;
	p->mult = p->bias + p->oc16;
	p->shift = p->mult + p->oc16;
	b += 3 * 4 * (size_t)p->oc16;
	for (unsigned c = 0; c < p->oc16; c++) {
		p->bias[c] = c < oc ? L->bias[c] : 0;
		p->mult[c] = c < oc ? L->mult[c] : 0;
		p->shift[c] = c < oc ? L->shift[c] : 1;
	}
	p->w_vnni = NULL;
	p->bias_vnni = NULL;
	p->w_avx2 = NULL;
	if (nn_isa_supported(NN_ISA_AVX512VNNI)) {
		p->bias_vnni = (int32_t *)b;
		b += 4 * (size_t)p->oc16;
		p->w_vnni = (int8_t *)b;
		b += (size_t)p->oc16 * p->k4;
		memset(p->w_vnni, 0, (size_t)p->oc16 * p->k4);
		for (unsigned c = 0; c < p->oc16; c++) {
			int32_t sum = 0;

			for (unsigned j = 0; c < oc && j < p->k; j++) {
				int8_t w = L->weights[(size_t)c * p->k + j];
				unsigned kk = j / run * p->run4 + j % run;

				sum += w;
				p->w_vnni[((size_t)(c / 16) * (p->k4 / 4) +
					   kk / 4) *
						  64 +
					  (c % 16) * 4 + kk % 4] = w;
			}
			p->bias_vnni[c] = p->bias[c] - (128 + L->in_zp) * sum;
		}
	}
	if (nn_isa_supported(NN_ISA_AVX2)) {
		p->w_avx2 = (int16_t *)b;
		memset(p->w_avx2, 0, 2 * (size_t)p->oc16 * p->k2);
		for (unsigned c = 0; c < oc; c++)
			for (unsigned j = 0; j < p->k; j++) {
				unsigned kk = j / run * p->run2 + j % run;

				p->w_avx2[((size_t)(c / 8) * (p->k2 / 2) +
					   kk / 2) *
						  16 +
					  (c % 8) * 2 + kk % 2] =
					L->weights[(size_t)c * p->k + j];
			}
	}
}

bool nn_conv_pool_fusable(const struct nn_layer *L, const struct nn_layer *P)
{
	return L->op == NN_OP_CONV2D && L->packed != NULL &&
	       P->op == NN_OP_MAXPOOL2D && P->kernel_h == 2 &&
	       P->kernel_w == 2 && P->stride_h == 2 && P->stride_w == 2 &&
	       P->act_min == -128 && P->act_max == 127;
}

/* ---------------------------------------------------------------- scalar */

size_t nn_kernel_scratch_size(const struct nn_layer *L, enum nn_isa isa)
{
	size_t padded = (size_t)(L->in_h + L->pad_top + L->pad_bottom) *
			(L->in_w + L->pad_left + L->pad_right) * L->in_c;

	if (L->op != NN_OP_CONV2D && L->op != NN_OP_FULLY_CONNECTED)
		return 0;
	if (L->op == NN_OP_FULLY_CONNECTED)
		padded = L->in_c;
	/* The padded input (u8 for vnni, int16 for avx2), plus the slack the
	 * last pixel's rounded-up runs read past its end. */
	if (isa == NN_ISA_AVX512VNNI)
		return (padded + 64 + 63) / 64 * 64;
	if (isa == NN_ISA_AVX2)
		return (2 * padded + 64 + 63) / 64 * 64;
	return 0;
}

void nn_conv_s8(const struct nn_layer *L, const int8_t *in, int8_t *out)
{
	unsigned ic = L->in_c, kh = L->kernel_h, kw = L->kernel_w;

	for (unsigned oy = 0; oy < L->out_h; oy++)
		for (unsigned ox = 0; ox < L->out_w; ox++)
			for (unsigned oc = 0; oc < L->out_c; oc++) {
				const int8_t *w =
					L->weights + (size_t)oc * kh * kw * ic;
				int32_t acc = L->bias[oc];

				for (unsigned ky = 0; ky < kh; ky++) {
					long y = (long)(oy * L->stride_h + ky) -
						 L->pad_top;

					if (y < 0 || y >= (long)L->in_h)
						continue;
					for (unsigned kx = 0; kx < kw; kx++) {
						long x =
							(long)(ox * L->stride_w +
							       kx) -
							L->pad_left;
						const int8_t *px, *wk;

						if (x < 0 || x >= (long)L->in_w)
							continue;
						px = in + ((size_t)y * L->in_w +
							   x) * ic;
						wk = w + ((size_t)ky * kw +
							  kx) * ic;
						for (unsigned c = 0; c < ic;
						     c++)
							acc += wk[c] *
							       (px[c] -
								L->in_zp);
					}
				}
				out[((size_t)oy * L->out_w + ox) * L->out_c +
				    oc] = nn_requantize(acc, L->mult[oc],
							L->shift[oc], L->out_zp,
							L->act_min, L->act_max);
			}
}

void nn_fully_connected_s8(const struct nn_layer *L, const int8_t *in,
			   int8_t *out)
{
	for (unsigned o = 0; o < L->out_c; o++) {
		const int8_t *w = L->weights + (size_t)o * L->in_c;
		int32_t acc = L->bias[o];

		for (unsigned i = 0; i < L->in_c; i++)
			acc += w[i] * (in[i] - L->in_zp);
		out[o] = nn_requantize(acc, L->mult[o], L->shift[o], L->out_zp,
				       L->act_min, L->act_max);
	}
}

void nn_maxpool_s8(const struct nn_layer *L, const int8_t *in, int8_t *out)
{
	unsigned c = L->in_c;

	for (unsigned oy = 0; oy < L->out_h; oy++)
		for (unsigned ox = 0; ox < L->out_w; ox++) {
			int8_t *o = out + ((size_t)oy * L->out_w + ox) * c;

			for (unsigned ky = 0; ky < L->kernel_h; ky++)
				for (unsigned kx = 0; kx < L->kernel_w; kx++) {
					const int8_t *p =
						in +
						((size_t)(oy * L->stride_h +
							  ky) *
							 L->in_w +
						 ox * L->stride_w + kx) *
							c;

					for (unsigned i = 0; i < c; i++)
						o[i] = ky + kx == 0 || p[i] > o[i]
							       ? p[i]
							       : o[i];
				}
			for (unsigned i = 0; i < c; i++)
				o[i] = o[i] < L->act_min   ? (int8_t)L->act_min
				       : o[i] > L->act_max ? (int8_t)L->act_max
							   : o[i];
		}
}

void nn_global_avgpool_s8(const struct nn_layer *L, const int8_t *in,
			  int8_t *out)
{
	size_t n = (size_t)L->in_h * L->in_w;

	for (unsigned c = 0; c < L->in_c; c++) {
		int32_t acc = 0;

		for (size_t i = 0; i < n; i++)
			acc += in[i * L->in_c + c] - L->in_zp;
		out[c] = nn_requantize(acc, L->mult[c], L->shift[c], L->out_zp,
				       L->act_min, L->act_max);
	}
}
