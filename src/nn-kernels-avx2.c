/* moodplay - convolution / fully connected kernel for AVX2.
 *
 * AVX2 has no exact 8-bit dot product (vpmaddubsw saturates at 16 bits),
 * so inputs are widened to int16 as x - in_zp (padding = 0, contributing
 * nothing) and multiplied with int16 weights by vpmaddwd, two taps per
 * int32 lane.  Output channels sit in the 8 int32 lanes; a block of 2 x 8
 * channels by 4 pixels accumulates over k.  When in_c is even a pixel's
 * k-vector is kernel_h contiguous runs of the padded input; otherwise it is
 * gathered into im2col rows padded to an even length. */
#include "config.h"

#include "nn-kernels.h"

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#include <string.h>

#define TARGET __attribute__((target("avx2")))
#define INLINE static inline __attribute__((always_inline))
#define NB 2
#define NP 4

struct geom {
	unsigned ih, iw, c, kh, kw, sh, sw, pt, pl, pb, pr, oh, ow, oc;
};

static void geom_of(const struct nn_layer *L, struct geom *g)
{
	if (L->op == NN_OP_FULLY_CONNECTED) {
		*g = (struct geom){ 1, 1, L->in_c, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, L->out_c };
		return;
	}
	*g = (struct geom){ L->in_h, L->in_w, L->in_c, L->kernel_h, L->kernel_w,
			    L->stride_h, L->stride_w, L->pad_top, L->pad_left,
			    L->pad_bottom, L->pad_right, L->out_h, L->out_w, L->out_c };
}

/* Arithmetic right shift of int64 lanes by per-lane counts (AVX2 only has
 * the logical one): flip negatives, shift, flip back. */
TARGET INLINE __m256i srav64(__m256i x, __m256i s)
{
	__m256i sign = _mm256_cmpgt_epi64(_mm256_setzero_si256(), x);

	return _mm256_xor_si256(_mm256_srlv_epi64(_mm256_xor_si256(x, sign), s), sign);
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
	r = _mm256_add_epi32(_mm256_blend_epi32(e, _mm256_slli_epi64(o, 32), 0xAA), zp);
	w = _mm_packs_epi32(_mm256_castsi256_si128(r), _mm256_extracti128_si256(r, 1));
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

/* nb (1 or NB) x 8 channels from ocb on, NP pixels from pix on. */
TARGET INLINE void block(const struct job *j, const int nb, unsigned ocb,
			 unsigned pix, unsigned nvalid, const uint8_t *const base[])
{
	__m256i acc[NB * NP];
	const uint8_t *w = (const uint8_t *)j->p->w_avx2 + ocb * j->ocb_stride;

#pragma GCC unroll 16
	for (int i = 0; i < NB * NP; i++)
		acc[i] = _mm256_setzero_si256();
	for (unsigned s = 0; s < j->nseg; s++) {
		size_t off = s * j->seg_stride;

		for (unsigned d = 0; d < j->seg_dw; d++, w += 32, off += 4) {
			__m256i wv[NB];

#pragma GCC unroll 4
			for (int b = 0; b < nb; b++)
				wv[b] = _mm256_load_si256((const __m256i *)(w + b * j->ocb_stride));
#pragma GCC unroll 8
			for (int i = 0; i < NP; i++) {
				int32_t v;
				__m256i x;

				memcpy(&v, base[i] + off, 4);
				x = _mm256_set1_epi32(v);
#pragma GCC unroll 4
				for (int b = 0; b < nb; b++)
					acc[b * NP + i] = _mm256_add_epi32(acc[b * NP + i],
						_mm256_madd_epi16(x, wv[b]));
			}
		}
	}
#pragma GCC unroll 4
	for (int b = 0; b < nb; b++) {
		unsigned ch = (ocb + b) * 8, oc = j->L->out_c;
		unsigned n = oc - ch >= 8 ? 8 : oc - ch;
		struct rq q;

		rq_load(&q, j->p, ch);
#pragma GCC unroll 8
		for (int i = 0; i < NP; i++)
			if ((unsigned)i < nvalid) {
				__m128i r = requant(acc[b * NP + i], &q, j->lo, j->hi, j->zp);
				int8_t *dst = j->out + (size_t)(pix + i) * oc + ch;

				if (n == 8) {
					_mm_storel_epi64((__m128i *)dst, r);
				} else {
					int8_t tmp[16];

					_mm_storeu_si128((__m128i *)tmp, r);
					memcpy(dst, tmp, n);
				}
			}
	}
}

TARGET static void sweep(const struct job *j, const int nb, unsigned ocb,
			 unsigned npix, const uint8_t *src, const struct geom *g,
			 size_t pix_stride)
{
	for (unsigned pix = 0; pix < npix; pix += NP) {
		const uint8_t *base[NP];
		unsigned nvalid = npix - pix < NP ? npix - pix : NP;

		for (int i = 0; i < NP; i++) {
			unsigned q = pix + ((unsigned)i < nvalid ? (unsigned)i : nvalid - 1);

			if (pix_stride != 0) {
				base[i] = src + q * pix_stride;
			} else {
				unsigned oy = q / g->ow, ox = q % g->ow;
				size_t pw = g->iw + g->pl + g->pr;

				base[i] = src + ((size_t)oy * g->sh * pw + (size_t)ox * g->sw) *
						g->c * 2;
			}
		}
		if (nb == NB)
			block(j, NB, ocb, pix, nvalid, base);
		else
			block(j, 1, ocb, pix, nvalid, base);
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
			_mm256_storeu_si256((__m256i *)(d + x), _mm256_sub_epi16(
				_mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(s + x))),
				vzp));
		for (; x < row; x++)
			d[x] = (int16_t)(s[x] - zp);
		memset(d + row, 0, (size_t)g->pr * g->c * 2);
	}
}

static void im2col(const struct geom *g, const int8_t *in, int16_t *dst,
		   int32_t zp, unsigned k2)
{
	for (unsigned oy = 0; oy < g->oh; oy++)
		for (unsigned ox = 0; ox < g->ow; ox++) {
			int16_t *d = dst + ((size_t)oy * g->ow + ox) * k2;
			unsigned k = 0;

			for (unsigned ky = 0; ky < g->kh; ky++)
				for (unsigned kx = 0; kx < g->kw; kx++) {
					long y = (long)(oy * g->sh + ky) - g->pt;
					long x = (long)(ox * g->sw + kx) - g->pl;
					const int8_t *s = in + ((size_t)y * g->iw + x) * g->c;
					int inside = y >= 0 && y < (long)g->ih && x >= 0 &&
						     x < (long)g->iw;

					for (unsigned c = 0; c < g->c; c++)
						d[k++] = inside ? (int16_t)(s[c] - zp) : 0;
				}
			for (; k < k2; k++)
				d[k] = 0;
		}
}

TARGET void nn_conv_s8_avx2(const struct nn_layer *L, const int8_t *in,
			    int8_t *out, void *scratch)
{
	const struct nn_packed *p = L->packed;
	struct geom g;
	struct job j;
	unsigned npix, nocb = (L->out_c + 7) / 8, ocb = 0;
	size_t pix_stride;

	geom_of(L, &g);
	npix = g.oh * g.ow;
	j.L = L;
	j.p = p;
	j.out = out;
	j.ocb_stride = (size_t)p->k2 * 16;
	j.lo = _mm256_set1_epi64x(L->act_min - L->out_zp);
	j.hi = _mm256_set1_epi64x(L->act_max - L->out_zp);
	j.zp = _mm256_set1_epi32(L->out_zp);
	if (g.c % 2 == 0) {
		pad_input(&g, in, scratch, L->in_zp);
		j.nseg = g.kh;
		j.seg_dw = g.kw * g.c / 2;
		j.seg_stride = (size_t)(g.iw + g.pl + g.pr) * g.c * 2;
		pix_stride = 0;
	} else {
		im2col(&g, in, scratch, L->in_zp, p->k2);
		j.nseg = 1;
		j.seg_dw = p->k2 / 2;
		j.seg_stride = 0;
		pix_stride = (size_t)p->k2 * 2;
	}
	for (; ocb + NB <= nocb; ocb += NB)
		sweep(&j, NB, ocb, npix, scratch, &g, pix_stride);
	for (; ocb < nocb; ocb++)
		sweep(&j, 1, ocb, npix, scratch, &g, pix_stride);
}

#else

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
