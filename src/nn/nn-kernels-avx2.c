/* moodplay - convolution / fully connected kernel for AVX2.
 *
 * AVX2 has no exact 8-bit dot product (vpmaddubsw saturates at 16 bits),
 * so inputs are widened to int16 as x - in_zp (padding = 0, contributing
 * nothing) and multiplied with int16 weights by vpmaddwd, two taps per
 * int32 lane.  Output channels sit in the 8 int32 lanes; a block of 2 x 8
 * channels by 4 pixels accumulates over k, reading each kernel row's run
 * of taps straight from the padded input (runs padded to whole dwords with
 * zero weights). */
#include "config.h"

#include "nn/nn-kernels.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#include <string.h>

#define TARGET __attribute__((target("avx2")))
#define INLINE static inline __attribute__((always_inline))
#define NP 4

struct geom {
	unsigned ih, iw, c, kh, kw, sh, sw, pt, pl, pb, pr, oh, ow, oc;
};

static void geom_of(const struct nn_layer *L, struct geom *g)
{
	if (L->op == NN_OP_FULLY_CONNECTED) {
		*g = (struct geom){ 1, 1, L->in_c, 1, 1, 1, 1,
				    0, 0, 0,       0, 1, 1, L->out_c };
		return;
	}
	*g = (struct geom){ L->in_h,       L->in_w,      L->in_c,
			    L->kernel_h,   L->kernel_w,  L->stride_h,
			    L->stride_w,   L->pad_top,   L->pad_left,
			    L->pad_bottom, L->pad_right, L->out_h,
			    L->out_w,      L->out_c };
}

/* Arithmetic right shift of int64 lanes by per-lane counts (AVX2 only has
 * the logical one): flip negatives, shift, flip back. */
TARGET INLINE __m256i srav64(__m256i x, __m256i s)
{
	__m256i sign = _mm256_cmpgt_epi64(_mm256_setzero_si256(), x);

	return _mm256_xor_si256(_mm256_srlv_epi64(_mm256_xor_si256(x, sign), s),
				sign);
}

TARGET INLINE __m256i clamp64(__m256i x, __m256i lo, __m256i hi)
{
	x = _mm256_blendv_epi8(x, lo, _mm256_cmpgt_epi64(lo, x));
	return _mm256_blendv_epi8(x, hi, _mm256_cmpgt_epi64(x, hi));
}

struct rq {
	__m256i bias, m_e, m_o, s_e, s_o, r_e, r_o;
};

TARGET INLINE void rq_load(struct rq *q, const struct nn_packed *p, unsigned ch)
{
	const __m256i lo32 = _mm256_set1_epi64x(0xFFFFFFFF);
	const __m256i one = _mm256_set1_epi64x(1);
	__m256i m = _mm256_loadu_si256((const __m256i *)(p->mult + ch));
	__m256i s = _mm256_loadu_si256((const __m256i *)(p->shift + ch));

	q->bias = _mm256_loadu_si256((const __m256i *)(p->bias + ch));
	q->m_e = m;
	q->m_o = _mm256_srli_epi64(m, 32);
	q->s_e = _mm256_and_si256(s, lo32);
	q->s_o = _mm256_srli_epi64(s, 32);
	q->r_e = _mm256_sllv_epi64(one, _mm256_sub_epi64(q->s_e, one));
	q->r_o = _mm256_sllv_epi64(one, _mm256_sub_epi64(q->s_o, one));
}

/* nn_requantize() on 8 lanes, narrowed to 8 int8 in the low 64 bits. */
TARGET INLINE __m128i requant(__m256i acc, const struct rq *q, __m256i lo,
			      __m256i hi, __m256i zp)
{
	__m256i e, o, r;
	__m128i w;

	acc = _mm256_add_epi32(acc, q->bias);
	e = _mm256_mul_epi32(acc, q->m_e);
	o = _mm256_mul_epi32(_mm256_srli_epi64(acc, 32), q->m_o);
	e = clamp64(srav64(_mm256_add_epi64(e, q->r_e), q->s_e), lo, hi);
	o = clamp64(srav64(_mm256_add_epi64(o, q->r_o), q->s_o), lo, hi);
	r = _mm256_add_epi32(
		_mm256_blend_epi32(e, _mm256_slli_epi64(o, 32), 0xAA), zp);
	w = _mm_packs_epi32(_mm256_castsi256_si128(r),
			    _mm256_extracti128_si256(r, 1));
	return _mm_packs_epi16(w, w);
}

struct job {
	const struct nn_layer *L;
	const struct nn_packed *p;
	unsigned nseg, seg_dw;
	size_t seg_stride, ocb_stride; /* bytes */
	int8_t *out;
	__m256i lo, hi, zp;
};

/* Named accumulators acc<b>_<p> (channel block b, pixel p) stay in
 * registers, an array of vectors would not; see nn-kernels-avx512.c. */
#define B1(M, a) M(0, a)
#define B2(M, a) M(0, a) M(1, a)
#define P4(M) M(0) M(1) M(2) M(3)
#define PA4(M, a) M(0, a) M(1, a) M(2, a) M(3, a)

#define ZERO(b, p) __m256i acc##b##_##p = _mm256_setzero_si256();
#define ZEROS(p) BL(ZERO, p)
#define LOADW(b, _)    \
	__m256i w##b = \
		_mm256_load_si256((const __m256i *)(w + b * j->ocb_stride));
#define MADD(b, p)     \
	acc##b##_##p = \
		_mm256_add_epi32(acc##b##_##p, _mm256_madd_epi16(x##p, w##b));
#define PSTEP(p)                                 \
	{                                        \
		int32_t v##p;                    \
		__m256i x##p;                    \
		memcpy(&v##p, base[p] + off, 4); \
		x##p = _mm256_set1_epi32(v##p);  \
		BL(MADD, p)                      \
	}
#define STORE(p, b)                                             \
	if (p < nvalid)                                         \
		store8(j->out + (size_t)(pix + p) * oc + ch, n, \
		       requant(acc##b##_##p, &q, j->lo, j->hi, j->zp));
/* Channels ch.. of block b: how many (the last block may be short) and
 * their requantization parameters, for ESTEP and PESTEP. */
#define CHANNELS(b)                              \
	unsigned ch = (ocb + b) * 8;             \
	unsigned n = oc - ch >= 8 ? 8 : oc - ch; \
	struct rq q;                             \
	rq_load(&q, j->p, ch);
#define ESTEP(b, _)           \
	{                     \
		CHANNELS(b)   \
		PA4(STORE, b) \
	}
/* Fused 2x2 max pool: the 4 pixels are the window of pooled output pix;
 * the max of the accumulators requantizes to the max of the outputs
 * (see nn-kernels-avx512.c). */
#define PESTEP(b, _)                                                           \
	{                                                                      \
		CHANNELS(b)                                                    \
		store8(j->out + (size_t)pix * oc + ch, n,                      \
		       requant(_mm256_max_epi32(_mm256_max_epi32(acc##b##_0,   \
								 acc##b##_1),  \
						_mm256_max_epi32(acc##b##_2,   \
								 acc##b##_3)), \
			       &q, j->lo, j->hi, j->zp));                      \
	}

/* The low n (<= 8) bytes of r. */
TARGET INLINE void store8(int8_t *dst, unsigned n, __m128i r)
{
	int8_t tmp[16];

	if (n == 8) {
		_mm_storel_epi64((__m128i *)dst, r);
		return;
	}
	_mm_storeu_si128((__m128i *)tmp, r);
	memcpy(dst, tmp, n);
}

/* BL x 8 channels from ocb on, 4 pixels from pix on (nvalid of them real);
 * base[i] is pixel i's first input element; EPI is the epilogue. */
#define KERNEL(name, EPI)                                                    \
	TARGET static void name(const struct job *j, unsigned ocb,           \
				unsigned pix, unsigned nvalid,               \
				const uint8_t *const base[])                 \
	{                                                                    \
		const uint8_t *w =                                           \
			(const uint8_t *)j->p->w_avx2 + ocb * j->ocb_stride; \
		unsigned oc = j->L->out_c;                                   \
		P4(ZEROS)                                                    \
		for (unsigned s = 0; s < j->nseg; s++) {                     \
			size_t off = s * j->seg_stride;                      \
			for (unsigned d = 0; d < j->seg_dw;                  \
			     d++, w += 32, off += 4) {                       \
				BL(LOADW, 0)                                 \
				P4(PSTEP)                                    \
			}                                                    \
		}                                                            \
		BL(EPI, 0)                                                   \
	}

#define BL B2
KERNEL(block_2x4, ESTEP)
KERNEL(block_2x4_pool, PESTEP)
#undef BL
#define BL B1
KERNEL(block_1x4, ESTEP)
KERNEL(block_1x4_pool, PESTEP)
#undef BL

typedef void block_fn(const struct job *j, unsigned ocb, unsigned pix,
		      unsigned nvalid, const uint8_t *const base[]);

/* Pixel coordinates are stepped, not divided (see nn-kernels-avx512.c). */
static void sweep(const struct job *j, block_fn *block, unsigned ocb,
		  unsigned npix, const uint8_t *src, const struct geom *g)
{
	size_t row = (size_t)g->sh * (g->iw + g->pl + g->pr) * g->c * 2;
	size_t col = (size_t)g->sw * g->c * 2;
	unsigned oy = 0, ox = 0;

	for (unsigned pix = 0; pix < npix; pix += NP) {
		const uint8_t *base[NP];
		unsigned nvalid = npix - pix < NP ? npix - pix : NP;

		for (unsigned i = 0; i < NP; i++) {
			if (i >= nvalid) {
				base[i] = base[nvalid - 1];
				continue;
			}
			base[i] = src + oy * row + ox * col;
			if (++ox == g->ow) {
				ox = 0;
				oy++;
			}
		}
		block(j, ocb, pix, nvalid, base);
	}
}

/* x - in_zp as int16 into a padded copy whose border is 0. */
TARGET static void pad_input(const struct geom *g, const int8_t *in,
			     int16_t *dst, int32_t zp)
{
	size_t pw = g->iw + g->pl + g->pr, row = (size_t)g->iw * g->c;
	const __m256i vzp = _mm256_set1_epi16((short)zp);

	for (size_t y = 0; y < g->ih + g->pt + g->pb; y++) {
		int16_t *d = dst + y * pw * g->c;
		const int8_t *s;
		size_t x = 0;

		if (y < g->pt || y >= g->pt + g->ih) {
			memset(d, 0, pw * g->c * 2);
			continue;
		}
		s = in + (y - g->pt) * row;
		memset(d, 0, (size_t)g->pl * g->c * 2);
		d += (size_t)g->pl * g->c;
		for (; x + 16 <= row; x += 16)
			_mm256_storeu_si256(
				(__m256i *)(d + x),
				_mm256_sub_epi16(
					_mm256_cvtepi8_epi16(_mm_loadu_si128(
						(const __m128i *)(s + x))),
					vzp));
		for (; x < row; x++)
			d[x] = (int16_t)(s[x] - zp);
		memset(d + row, 0, (size_t)g->pr * g->c * 2);
	}
}

/* What the conv kernels share: the job and the padded input in scratch. */
TARGET static void setup(struct job *j, struct geom *g,
			 const struct nn_layer *L, const int8_t *in,
			 int8_t *out, void *scratch)
{
	const struct nn_packed *p = L->packed;
	size_t padded;

	geom_of(L, g);
	j->L = L;
	j->p = p;
	j->out = out;
	j->nseg = g->kh;
	j->seg_dw = p->run2 / 2;
	j->seg_stride = (size_t)(g->iw + g->pl + g->pr) * g->c * 2;
	j->ocb_stride = (size_t)p->k2 * 16;
	j->lo = _mm256_set1_epi64x(L->act_min - L->out_zp);
	j->hi = _mm256_set1_epi64x(L->act_max - L->out_zp);
	j->zp = _mm256_set1_epi32(L->out_zp);
	pad_input(g, in, scratch, L->in_zp);
	/* the slack read by the last runs (times zero weights) */
	padded = (size_t)(g->ih + g->pt + g->pb) * j->seg_stride;
	memset((uint8_t *)scratch + padded, 0, 4);
}

/* The fused conv + 2x2/2 max pool: one pooled output (its window's 4 conv
 * pixels) per block. */
static void sweep_pool(const struct job *j, block_fn *block, unsigned ocb,
		       const struct nn_layer *P, const uint8_t *src,
		       const struct geom *g)
{
	size_t row = (size_t)g->sh * (g->iw + g->pl + g->pr) * g->c * 2;
	size_t col = (size_t)g->sw * g->c * 2;

	for (unsigned py = 0; py < P->out_h; py++)
		for (unsigned px = 0; px < P->out_w; px++) {
			const uint8_t *base[NP];

			for (unsigned k = 0; k < 4; k++)
				base[k] = src + (2 * py + k / 2) * row +
					  (2 * px + k % 2) * col;
			block(j, ocb, py * P->out_w + px, 4, base);
		}
}

/* The conv, fused with the max pool P when P is not NULL: two blocks of 8
 * channels at a time, then one. */
TARGET static void conv(const struct nn_layer *L, const struct nn_layer *P,
			const int8_t *in, int8_t *out, void *scratch)
{
	struct geom g;
	struct job j;
	unsigned nocb = (L->out_c + 7) / 8, ocb = 0;

	setup(&j, &g, L, in, out, scratch);
	while (ocb < nocb) {
		bool two = ocb + 2 <= nocb;

		if (P == NULL)
			sweep(&j, two ? block_2x4 : block_1x4, ocb, g.oh * g.ow,
			      scratch, &g);
		else
			sweep_pool(&j, two ? block_2x4_pool : block_1x4_pool,
				   ocb, P, scratch, &g);
		ocb += two ? 2 : 1;
	}
}

TARGET void nn_conv_s8_avx2(const struct nn_layer *L, const int8_t *in,
			    int8_t *out, void *scratch)
{
	conv(L, NULL, in, out, scratch);
}

TARGET void nn_conv_pool_s8_avx2(const struct nn_layer *L,
				 const struct nn_layer *P, const int8_t *in,
				 int8_t *out, void *scratch)
{
	conv(L, P, in, out, scratch);
}

TARGET void nn_maxpool_s8_avx2(const struct nn_layer *L, const int8_t *in,
			       int8_t *out)
{
	size_t c = L->in_c;
	const __m256i lo = _mm256_set1_epi8((char)L->act_min);
	const __m256i hi = _mm256_set1_epi8((char)L->act_max);

	for (unsigned oy = 0; oy < L->out_h; oy++)
		for (unsigned ox = 0; ox < L->out_w; ox++) {
			int8_t *o = out + ((size_t)oy * L->out_w + ox) * c;
			const int8_t *p0 =
				in + ((size_t)oy * L->stride_h * L->in_w +
				      (size_t)ox * L->stride_w) *
					     c;
			size_t i = 0;

			for (; i + 32 <= c; i += 32) {
				__m256i m = _mm256_loadu_si256(
					(const __m256i *)(p0 + i));

				for (unsigned ky = 0; ky < L->kernel_h; ky++)
					for (unsigned kx = 0; kx < L->kernel_w;
					     kx++)
						m = _mm256_max_epi8(
							m,
							_mm256_loadu_si256((
								const __m256i
									*)(p0 +
									   ((size_t)ky *
										    L->in_w +
									    kx) * c +
									   i)));
				m = _mm256_min_epi8(_mm256_max_epi8(m, lo), hi);
				_mm256_storeu_si256((__m256i *)(o + i), m);
			}
			for (; i < c; i++) {
				int8_t m = p0[i];

				for (unsigned ky = 0; ky < L->kernel_h; ky++)
					for (unsigned kx = 0; kx < L->kernel_w;
					     kx++) {
						int8_t v = p0[((size_t)ky *
								       L->in_w +
							       kx) * c +
							      i];

						m = v > m ? v : m;
					}
				o[i] = m < L->act_min   ? (int8_t)L->act_min
				       : m > L->act_max ? (int8_t)L->act_max
							: m;
			}
		}
}

TARGET void nn_global_avgpool_s8_avx2(const struct nn_layer *L,
				      const int8_t *in, int8_t *out)
{
	size_t n = (size_t)L->in_h * L->in_w, c = L->in_c, ch = 0;

	for (; ch + 8 <= c; ch += 8) {
		__m256i acc = _mm256_setzero_si256();
		int32_t sum[8];

		for (size_t i = 0; i < n; i++)
			acc = _mm256_add_epi32(
				acc,
				_mm256_cvtepi8_epi32(_mm_loadl_epi64(
					(const __m128i *)(in + i * c + ch))));
		_mm256_storeu_si256((__m256i *)sum, acc);
		for (int k = 0; k < 8; k++)
			out[ch + k] = nn_requantize(
				sum[k] - (int32_t)n * L->in_zp, L->mult[ch + k],
				L->shift[ch + k], L->out_zp, L->act_min,
				L->act_max);
	}
	for (; ch < c; ch++) {
		int32_t acc = 0;

		for (size_t i = 0; i < n; i++)
			acc += in[i * c + ch] - L->in_zp;
		out[ch] = nn_requantize(acc, L->mult[ch], L->shift[ch],
					L->out_zp, L->act_min, L->act_max);
	}
}

#else
#include <stdlib.h>

void nn_conv_pool_s8_avx2(const struct nn_layer *L, const struct nn_layer *P,
			  const int8_t *in, int8_t *out, void *scratch)
{
	/* Impossible: nn_isa_supported() is false off x86-64, so no scratch
	 * for this path can exist. */
	abort();
}

void nn_global_avgpool_s8_avx2(const struct nn_layer *L, const int8_t *in,
			       int8_t *out)
{
	/* Only reachable off x86-64 by mistake: nn_isa_supported() is false. */
	nn_global_avgpool_s8(L, in, out);
}

void nn_maxpool_s8_avx2(const struct nn_layer *L, const int8_t *in, int8_t *out)
{
	/* Only reachable off x86-64 by mistake: nn_isa_supported() is false. */
	nn_maxpool_s8(L, in, out);
}

void nn_conv_s8_avx2(const struct nn_layer *L, const int8_t *in, int8_t *out,
		     void *scratch)
{
	/* Only reachable off x86-64 by mistake: nn_isa_supported() is false. */
	if (L->op == NN_OP_FULLY_CONNECTED)
		nn_fully_connected_s8(L, in, out);
	else
		nn_conv_s8(L, in, out);
}

#endif
