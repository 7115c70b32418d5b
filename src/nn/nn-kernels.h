/* moodplay - int8 kernels of the inference engine (CMSIS-NN style).
 *
 * Tensors are NHWC int8 with one batch.  Every kernel computes exactly what
 * models/intref.py computes:
 *   acc = bias[c] + sum(w * (x - in_zp))       (padding taps contribute 0)
 *   out = clamp(((acc * mult[c] + 2^(shift[c]-1)) >> shift[c]) + out_zp,
 *               act_min, act_max)
 * with a 64-bit product and an arithmetic shift (nn_requantize()).  The
 * loader guarantees |acc| < 2^31 for every possible input, so int32
 * accumulators are exact, whatever the order of the sums.
 *
 * Kernels never allocate and cannot fail on a validated layer: the caller
 * passes scratch of nn_kernel_scratch_size() bytes (aligned to 64).  The
 * SIMD paths are built with per-function target attributes and must only be
 * called when nn_isa_supported() says so. */
#ifndef MOODPLAY_NN_KERNELS_H
#define MOODPLAY_NN_KERNELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum nn_op {
	NN_OP_CONV2D = 1,
	NN_OP_MAXPOOL2D = 2,
	NN_OP_GLOBAL_AVGPOOL = 3,
	NN_OP_FULLY_CONNECTED = 4,
};

/* One layer as stored in the file, with its blobs converted to host order.
 * Convolution weights are OHWI; fully connected weights [out_c][in_c]. */
struct nn_layer {
	enum nn_op op;
	unsigned in_h, in_w, in_c, out_h, out_w, out_c;
	unsigned kernel_h, kernel_w, stride_h, stride_w;
	unsigned pad_top, pad_left, pad_bottom, pad_right;
	int32_t in_zp, out_zp, act_min, act_max;
	float in_scale, out_scale;
	const int8_t *weights; /* NULL for pooling */
	const int32_t *bias;   /* NULL for pooling */
	const int32_t *mult;   /* per output channel; NULL for max pool */
	const int32_t *shift;  /* 1..62; NULL for max pool */
	/* Weights repacked at load for the SIMD kernels (below), or NULL
	 * when this CPU cannot run them. */
	const struct nn_packed *packed;
};

enum nn_isa { NN_ISA_SCALAR, NN_ISA_AVX2, NN_ISA_AVX512VNNI, NN_ISA_COUNT };

/* "scalar", "avx2", "avx512vnni": the MOODPLAY_ISA and model.isa names. */
extern const char *const nn_isa_names[NN_ISA_COUNT];

bool nn_isa_supported(enum nn_isa isa);
/* The fastest path this CPU runs. */
enum nn_isa nn_isa_best(void);
/* Look a name up in nn_isa_names; false if unknown. */
bool nn_isa_from_name(const char *name, enum nn_isa *out);

/* Weights of one conv / fully connected layer in the SIMD layouts, made at
 * load time.  A fully connected layer is a 1x1 convolution of one pixel.
 * Along k the weights keep OHWI order, one run of kernel_w * in_c taps per
 * kernel row, each run padded with zero weights to a multiple of 4 (vnni)
 * or 2 (avx2): the kernels then read each run of a pixel's receptive field
 * straight from the padded input, a few bytes past its end included, which
 * the zero weights cancel.  Output channels are padded to a multiple of 16
 * (zero weights, mult 0). */
struct nn_packed {
	unsigned k;          /* kh * kw * in_c */
	unsigned run4, run2; /* kw * in_c rounded up to 4 and 2 */
	unsigned k4, k2;     /* kh * run4, kh * run2 */
	unsigned oc16;       /* out_c rounded up to 16 */
	/* [oc16/16][k4/4][16][4] int8, or NULL without AVX-512 VNNI. */
	int8_t *w_vnni;
	/* bias - (128 + in_zp) * sum(w): the VNNI kernel feeds x + 128 as u8. */
	int32_t *bias_vnni;
	/* [oc16/8][k2/2][8][2] int16, or NULL without AVX2. */
	int16_t *w_avx2;
	int32_t *bias, *mult, *shift; /* [oc16], padding lanes 0 / 0 / 1 */
};

/* Bytes of packed data for layer L (0 for pooling layers). */
size_t nn_packed_size(const struct nn_layer *L);
/* Fill p from L inside buf (nn_packed_size(L) bytes, 64-aligned). */
void nn_packed_init(struct nn_packed *p, const struct nn_layer *L, void *buf);

/* The one requantization step: int32 accumulator -> int8.  mult >= 0,
 * 1 <= shift <= 62, act_min <= act_max in [-128, 127]. */
static inline int8_t nn_requantize(int32_t acc, int32_t mult, int32_t shift,
				   int32_t zp, int32_t act_min, int32_t act_max)
{
	int64_t v =
		((int64_t)acc * mult + ((int64_t)1 << (shift - 1))) >> shift;

	v += zp;
	return (int8_t)(v < act_min ? act_min : v > act_max ? act_max : v);
}

size_t nn_kernel_scratch_size(const struct nn_layer *L, enum nn_isa isa);

/* Portable reference kernels (also used by every path for pooling). */
void nn_conv_s8(const struct nn_layer *L, const int8_t *in, int8_t *out);
void nn_fully_connected_s8(const struct nn_layer *L, const int8_t *in,
			   int8_t *out);
void nn_maxpool_s8(const struct nn_layer *L, const int8_t *in, int8_t *out);
void nn_global_avgpool_s8(const struct nn_layer *L, const int8_t *in,
			  int8_t *out);

/* Pooling with AVX2 (also used by the AVX-512 path). */
void nn_maxpool_s8_avx2(const struct nn_layer *L, const int8_t *in,
			int8_t *out);
void nn_global_avgpool_s8_avx2(const struct nn_layer *L, const int8_t *in,
			       int8_t *out);

/* Convolution or fully connected layer on a SIMD path (L->packed set). */
void nn_conv_s8_avx2(const struct nn_layer *L, const int8_t *in, int8_t *out,
		     void *scratch);
void nn_conv_s8_avx512vnni(const struct nn_layer *L, const int8_t *in,
			   int8_t *out, void *scratch);

/* A convolution L followed by max pool P (2x2, stride 2, no clamp) in one
 * pass on a SIMD path, without the conv's output: see
 * nn_conv_pool_fusable().  Same result as the two layers. */
bool nn_conv_pool_fusable(const struct nn_layer *L, const struct nn_layer *P);
void nn_conv_pool_s8_avx2(const struct nn_layer *L, const struct nn_layer *P,
			  const int8_t *in, int8_t *out, void *scratch);
void nn_conv_pool_s8_avx512vnni(const struct nn_layer *L,
				const struct nn_layer *P, const int8_t *in,
				int8_t *out, void *scratch);

#endif
