/* moodplay - convolution / fully connected kernel for AVX-512 VNNI.
 *
 * vpdpbusd multiplies unsigned by signed bytes, so the input is fed as
 * u = x + 128 and the loader folds -(128 + in_zp) * sum(w) into the bias
 * (struct nn_packed.bias_vnni).  Padding is filled with u = in_zp + 128,
 * which then contributes exactly nothing, as in intref.py.  Output channels
 * sit in the 16 int32 lanes; a register block of NB x 16 channels by NP
 * output pixels accumulates over k with one broadcast input dword per
 * pixel, reading each kernel row's run of taps straight from the padded
 * input (runs are padded to whole dwords with zero weights). */
#include "config.h"

#include "nn/nn-kernels.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#include <string.h>

#define TARGET __attribute__((target("avx512f,avx512bw,avx512vnni")))
#define INLINE static inline __attribute__((always_inline))

/* Geometry of a conv; a fully connected layer is a 1x1 conv of 1 pixel. */
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

/* Requantization constants of 16 channels, split into even / odd lanes
 * for the 32x32->64 multiplies. */
struct rq {
	__m512i bias, m_e, m_o, s_e, s_o, r_e, r_o;
};

TARGET INLINE void rq_load(struct rq *q, const struct nn_packed *p, unsigned ch)
{
	const __m512i lo32 = _mm512_set1_epi64(0xFFFFFFFF);
	const __m512i one = _mm512_set1_epi64(1);
	__m512i m = _mm512_loadu_si512(p->mult + ch);
	__m512i s = _mm512_loadu_si512(p->shift + ch);

	q->bias = _mm512_loadu_si512(p->bias_vnni + ch);
	q->m_e = m;
	q->m_o = _mm512_srli_epi64(m, 32);
	q->s_e = _mm512_and_si512(s, lo32);
	q->s_o = _mm512_srli_epi64(s, 32);
	q->r_e = _mm512_sllv_epi64(one, _mm512_sub_epi64(q->s_e, one));
	q->r_o = _mm512_sllv_epi64(one, _mm512_sub_epi64(q->s_o, one));
}

/* nn_requantize() on 16 lanes; lo/hi = act_min/max - out_zp as int64. */
TARGET INLINE __m512i requant(__m512i acc, const struct rq *q, __m512i lo,
			      __m512i hi, __m512i zp)
{
	__m512i e, o;

	acc = _mm512_add_epi32(acc, q->bias);
	e = _mm512_mul_epi32(acc, q->m_e);
	o = _mm512_mul_epi32(_mm512_srli_epi64(acc, 32), q->m_o);
	e = _mm512_srav_epi64(_mm512_add_epi64(e, q->r_e), q->s_e);
	o = _mm512_srav_epi64(_mm512_add_epi64(o, q->r_o), q->s_o);
	e = _mm512_min_epi64(_mm512_max_epi64(e, lo), hi);
	o = _mm512_min_epi64(_mm512_max_epi64(o, lo), hi);
	return _mm512_add_epi32(
		_mm512_mask_blend_epi32(0xAAAA, e, _mm512_slli_epi64(o, 32)),
		zp);
}

/* What one register block needs besides its pixel pointers. */
struct job {
	const struct nn_layer *L;
	const struct nn_packed *p;
	unsigned nseg, seg_dw; /* runs of seg_dw dwords per pixel */
	size_t seg_stride;     /* bytes between runs */
	size_t ocb_stride;     /* bytes of packed weights per 16 channels */
	int8_t *out;
	__m512i lo, hi, zp;
};

/* The register blocks are spelled out with named accumulators (acc<b>_<p>
 * for channel block b, pixel p): GCC keeps those in zmm registers, while an
 * array of vectors ends up in memory.  B<n>(M, a) expands M(0, a) ...
 * M(n-1, a); P<n>(M) and PA<n>(M, a) do the same for pixels. */
#define B1(M, a) M(0, a)
#define B2(M, a) M(0, a) M(1, a)
#define B4(M, a) M(0, a) M(1, a) M(2, a) M(3, a)
#define P6(M) M(0) M(1) M(2) M(3) M(4) M(5)
#define P12(M) P6(M) M(6) M(7) M(8) M(9) M(10) M(11)
#define PA6(M, a) M(0, a) M(1, a) M(2, a) M(3, a) M(4, a) M(5, a)
#define PA12(M, a) PA6(M, a) M(6, a) M(7, a) M(8, a) M(9, a) M(10, a) M(11, a)

#define ZERO(b, p) __m512i acc##b##_##p = _mm512_setzero_si512();
#define ZEROS(p) BL(ZERO, p)
#define LOADW(b, _) __m512i w##b = _mm512_load_si512(w + b * j->ocb_stride);
#define DP(b, p) acc##b##_##p = _mm512_dpbusd_epi32(acc##b##_##p, x##p, w##b);
#define PSTEP(p)                                 \
	{                                        \
		int32_t v##p;                    \
		__m512i x##p;                    \
		memcpy(&v##p, base[p] + off, 4); \
		x##p = _mm512_set1_epi32(v##p);  \
		BL(DP, p)                        \
	}
#define STORE(p, b)                                                 \
	if (p < nvalid)                                             \
		_mm512_mask_cvtepi32_storeu_epi8(                   \
			j->out + (size_t)(pix + p) * oc + ch, mask, \
			requant(acc##b##_##p, &q, j->lo, j->hi, j->zp));
/* Channels ch.. of block b: the store mask (the last block may be short)
 * and the requantization parameters, for STORE and PSTORE. */
#define CHANNELS(b)                                                          \
	unsigned ch = (ocb + b) * 16;                                        \
	__mmask16 mask =                                                     \
		oc - ch >= 16 ? 0xFFFF : (__mmask16)((1u << (oc - ch)) - 1); \
	struct rq q;                                                         \
	rq_load(&q, j->p, ch);
#define ESTEP(b, _)           \
	{                     \
		CHANNELS(b)   \
		PLA(STORE, b) \
	}
/* Fused 2x2 max pool: pixels 4w..4w+3 of a block are the window of pooled
 * output w (pix and nvalid count pooled outputs).  Requantization never
 * decreases with the accumulator (mult >= 0), so the max of the four
 * accumulators requantizes to the max of the four outputs. */
#define Q3(M, b) M(0, b, 0, 1, 2, 3) M(1, b, 4, 5, 6, 7) M(2, b, 8, 9, 10, 11)
#define PSTORE(w, b, p0, p1, p2, p3)                                      \
	if (w < nvalid)                                                   \
		_mm512_mask_cvtepi32_storeu_epi8(                         \
			j->out + (size_t)(pix + w) * oc + ch, mask,       \
			requant(_mm512_max_epi32(                         \
					_mm512_max_epi32(acc##b##_##p0,   \
							 acc##b##_##p1),  \
					_mm512_max_epi32(acc##b##_##p2,   \
							 acc##b##_##p3)), \
				&q, j->lo, j->hi, j->zp));
#define PESTEP(b, _)          \
	{                     \
		CHANNELS(b)   \
		Q3(PSTORE, b) \
	}

/* BL x 16 channels from ocb on, PL pixels from pix on (nvalid of them
 * real); base[i] is pixel i's first input byte.  BL, PL and PLA name the
 * expansion macros of the shape being defined, EPI its epilogue. */
#define KERNEL(name, EPI)                                             \
	TARGET static void name(const struct job *j, unsigned ocb,    \
				unsigned pix, unsigned nvalid,        \
				const uint8_t *const base[])          \
	{                                                             \
		const int8_t *w = j->p->w_vnni + ocb * j->ocb_stride; \
		unsigned oc = j->L->out_c;                            \
		PL(ZEROS)                                             \
		for (unsigned s = 0; s < j->nseg; s++) {              \
			size_t off = s * j->seg_stride;               \
			for (unsigned d = 0; d < j->seg_dw;           \
			     d++, w += 64, off += 4) {                \
				BL(LOADW, 0)                          \
				PL(PSTEP)                             \
			}                                             \
		}                                                     \
		BL(EPI, 0)                                            \
	}

#define BL B4
#define PL P6
#define PLA PA6
KERNEL(block_4x6, ESTEP)
#undef BL
#undef PL
#undef PLA
#define BL B2
#define PL P12
#define PLA PA12
KERNEL(block_2x12, ESTEP)
KERNEL(block_2x12_pool, PESTEP)
#undef BL
#define BL B1
KERNEL(block_1x12, ESTEP)
KERNEL(block_1x12_pool, PESTEP)
#undef BL
#undef PL
#undef PLA

typedef void block_fn(const struct job *j, unsigned ocb, unsigned pix,
		      unsigned nvalid, const uint8_t *const base[]);

/* Run one block shape over all pixels for channel blocks from ocb on.
 * Pixel coordinates are stepped, not divided: a division per pixel costs
 * as much as the first layer's arithmetic. */
static void sweep(const struct job *j, block_fn *block, unsigned np,
		  unsigned ocb, unsigned npix, const uint8_t *src,
		  const struct geom *g)
{
	size_t row = (size_t)g->sh * (g->iw + g->pl + g->pr) * g->c;
	size_t col = (size_t)g->sw * g->c;
	unsigned oy = 0, ox = 0;

	for (unsigned pix = 0; pix < npix; pix += np) {
		const uint8_t *base[12];
		unsigned nvalid = npix - pix < np ? npix - pix : np;

		for (unsigned i = 0; i < np; i++) {
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

/* The fused conv + 2x2/2 max pool: blocks of 3 pooled outputs, each
 * the 4 conv pixels of its window. */
static void sweep_pool(const struct job *j, block_fn *block, unsigned ocb,
		       const struct nn_layer *P, const uint8_t *src,
		       const struct geom *g)
{
	size_t row = (size_t)g->sh * (g->iw + g->pl + g->pr) * g->c;
	size_t col = (size_t)g->sw * g->c;
	unsigned npool = P->out_h * P->out_w, py = 0, px = 0;

	for (unsigned pix = 0; pix < npool; pix += 3) {
		const uint8_t *base[12];
		unsigned nvalid = npool - pix < 3 ? npool - pix : 3;

		for (unsigned w = 0; w < 3; w++) {
			for (unsigned k = 0; k < 4; k++)
				base[4 * w + k] =
					w >= nvalid
						? base[4 * (nvalid - 1) + k]
						: src + (2 * py + k / 2) * row +
							  (2 * px + k % 2) *
								  col;
			if (w < nvalid && ++px == P->out_w) {
				px = 0;
				py++;
			}
		}
		block(j, ocb, pix, nvalid, base);
	}
}

/* x -> x + 128 (as u8) into a padded copy whose border holds in_zp + 128. */
TARGET static void pad_input(const struct geom *g, const int8_t *in,
			     uint8_t *dst, int32_t zp)
{
	size_t pw = g->iw + g->pl + g->pr, row = (size_t)g->iw * g->c;
	uint8_t fill = (uint8_t)(zp + 128);
	const __m512i flip = _mm512_set1_epi8((char)0x80);

	for (size_t y = 0; y < g->ih + g->pt + g->pb; y++) {
		uint8_t *d = dst + y * pw * g->c;
		const int8_t *s;
		size_t x = 0;

		if (y < g->pt || y >= g->pt + g->ih) {
			memset(d, fill, pw * g->c);
			continue;
		}
		s = in + (y - g->pt) * row;
		memset(d, fill, (size_t)g->pl * g->c);
		d += (size_t)g->pl * g->c;
		for (; x + 64 <= row; x += 64)
			_mm512_storeu_si512(
				d + x,
				_mm512_xor_si512(_mm512_loadu_si512(s + x),
						 flip));
		for (; x < row; x++)
			d[x] = (uint8_t)(s[x] ^ 0x80);
		memset(d + row, fill, (size_t)g->pr * g->c);
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
	j->seg_dw = p->run4 / 4;
	j->seg_stride = (size_t)(g->iw + g->pl + g->pr) * g->c;
	j->ocb_stride = (size_t)p->k4 * 16;
	j->lo = _mm512_set1_epi64(L->act_min - L->out_zp);
	j->hi = _mm512_set1_epi64(L->act_max - L->out_zp);
	j->zp = _mm512_set1_epi32(L->out_zp);
	pad_input(g, in, scratch, L->in_zp);
	/* the slack read by the last runs (times zero weights) */
	padded = (size_t)(g->ih + g->pt + g->pb) * j->seg_stride;
	memset((uint8_t *)scratch + padded, 0, 4);
}

TARGET void nn_conv_s8_avx512vnni(const struct nn_layer *L, const int8_t *in,
				  int8_t *out, void *scratch)
{
	struct geom g;
	struct job j;
	unsigned npix, nocb = L->packed->oc16 / 16, ocb = 0;

	setup(&j, &g, L, in, out, scratch);
	npix = g.oh * g.ow;
	for (; ocb + 4 <= nocb; ocb += 4)
		sweep(&j, block_4x6, 6, ocb, npix, scratch, &g);
	for (; ocb + 2 <= nocb; ocb += 2)
		sweep(&j, block_2x12, 12, ocb, npix, scratch, &g);
	for (; ocb < nocb; ocb++)
		sweep(&j, block_1x12, 12, ocb, npix, scratch, &g);
}

TARGET void nn_conv_pool_s8_avx512vnni(const struct nn_layer *L,
				       const struct nn_layer *P,
				       const int8_t *in, int8_t *out,
				       void *scratch)
{
	struct geom g;
	struct job j;
	unsigned nocb = L->packed->oc16 / 16, ocb = 0;

	setup(&j, &g, L, in, out, scratch);
	for (; ocb + 2 <= nocb; ocb += 2)
		sweep_pool(&j, block_2x12_pool, ocb, P, scratch, &g);
	for (; ocb < nocb; ocb++)
		sweep_pool(&j, block_1x12_pool, ocb, P, scratch, &g);
}

#else
#include <stdlib.h>

void nn_conv_pool_s8_avx512vnni(const struct nn_layer *L,
				const struct nn_layer *P, const int8_t *in,
				int8_t *out, void *scratch)
{
	/* Impossible: nn_isa_supported() is false off x86-64, so no scratch
	 * for this path can exist. */
	abort();
}

void nn_conv_s8_avx512vnni(const struct nn_layer *L, const int8_t *in,
			   int8_t *out, void *scratch)
{
	/* Only reachable off x86-64 by mistake: nn_isa_supported() is false. */
	if (L->op == NN_OP_FULLY_CONNECTED)
		nn_fully_connected_s8(L, in, out);
	else
		nn_conv_s8(L, in, out);
}

#endif
