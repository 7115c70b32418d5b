/* moodplay - convolution / fully connected kernel for AVX-512 VNNI.
 *
 * vpdpbusd multiplies unsigned by signed bytes, so the input is fed as
 * u = x + 128 and the loader folds -(128 + in_zp) * sum(w) into the bias
 * (struct nn_packed.bias_vnni).  Padding is filled with u = in_zp + 128,
 * which then contributes exactly nothing, as in intref.py.  Output channels
 * sit in the 16 int32 lanes; a register block of NB x 16 channels by NP
 * output pixels accumulates over k with one broadcast input dword per
 * pixel.  When in_c is a multiple of 4 a pixel's k-vector is kernel_h
 * contiguous runs of the padded input (no im2col); otherwise (the first,
 * grey layer) it is gathered into im2col rows padded to a multiple of 4. */
#include "config.h"

#include "nn-kernels.h"

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
		*g = (struct geom){ 1, 1, L->in_c, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, L->out_c };
		return;
	}
	*g = (struct geom){ L->in_h, L->in_w, L->in_c, L->kernel_h, L->kernel_w,
			    L->stride_h, L->stride_w, L->pad_top, L->pad_left,
			    L->pad_bottom, L->pad_right, L->out_h, L->out_w, L->out_c };
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
		_mm512_mask_blend_epi32(0xAAAA, e, _mm512_slli_epi64(o, 32)), zp);
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

/* NB x 16 channels from ocb on, NP pixels from pix on (nvalid real ones);
 * base[i] is pixel i's first input byte. */
TARGET INLINE void block(const struct job *j, const int NB, const int NP,
			 unsigned ocb, unsigned pix, unsigned nvalid,
			 const uint8_t *const base[])
{
	__m512i acc[NB * NP];
	const int8_t *w = j->p->w_vnni + ocb * j->ocb_stride;

#pragma GCC unroll 64
	for (int i = 0; i < NB * NP; i++)
		acc[i] = _mm512_setzero_si512();
	for (unsigned s = 0; s < j->nseg; s++) {
		size_t off = s * j->seg_stride;

		for (unsigned d = 0; d < j->seg_dw; d++, w += 64, off += 4) {
			__m512i wv[NB];

#pragma GCC unroll 8
			for (int b = 0; b < NB; b++)
				wv[b] = _mm512_load_si512(w + b * j->ocb_stride);
#pragma GCC unroll 16
			for (int i = 0; i < NP; i++) {
				int32_t v;
				__m512i x;

				memcpy(&v, base[i] + off, 4);
				x = _mm512_set1_epi32(v);
#pragma GCC unroll 8
				for (int b = 0; b < NB; b++)
					acc[b * NP + i] = _mm512_dpbusd_epi32(acc[b * NP + i], x, wv[b]);
			}
		}
	}
#pragma GCC unroll 8
	for (int b = 0; b < NB; b++) {
		unsigned ch = (ocb + b) * 16, oc = j->L->out_c;
		__mmask16 mask = oc - ch >= 16 ? 0xFFFF : (__mmask16)((1u << (oc - ch)) - 1);
		struct rq q;

		rq_load(&q, j->p, ch);
#pragma GCC unroll 16
		for (int i = 0; i < NP; i++)
			if ((unsigned)i < nvalid)
				_mm512_mask_cvtepi32_storeu_epi8(
					j->out + (size_t)(pix + i) * oc + ch, mask,
					requant(acc[b * NP + i], &q, j->lo, j->hi, j->zp));
	}
}

/* Run NB x NP blocks over all pixels for channel blocks [ocb, ocb + NB). */
TARGET INLINE void sweep(const struct job *j, const int NB, const int NP,
			 unsigned ocb, unsigned npix, const uint8_t *src,
			 const struct geom *g, size_t pix_stride)
{
	for (unsigned pix = 0; pix < npix; pix += NP) {
		const uint8_t *base[NP];
		unsigned nvalid = npix - pix < (unsigned)NP ? npix - pix : (unsigned)NP;

		for (int i = 0; i < NP; i++) {
			unsigned q = pix + ((unsigned)i < nvalid ? (unsigned)i : nvalid - 1);

			if (pix_stride != 0) {
				base[i] = src + q * pix_stride;
			} else {
				unsigned oy = q / g->ow, ox = q % g->ow;
				size_t pw = g->iw + g->pl + g->pr;

				base[i] = src + ((size_t)oy * g->sh * pw + (size_t)ox * g->sw) * g->c;
			}
		}
		block(j, NB, NP, ocb, pix, nvalid, base);
	}
}

TARGET static void sweep_4x6(const struct job *j, unsigned ocb, unsigned npix,
			     const uint8_t *src, const struct geom *g, size_t ps)
{
	sweep(j, 4, 6, ocb, npix, src, g, ps);
}

TARGET static void sweep_2x12(const struct job *j, unsigned ocb, unsigned npix,
			      const uint8_t *src, const struct geom *g, size_t ps)
{
	sweep(j, 2, 12, ocb, npix, src, g, ps);
}

TARGET static void sweep_1x12(const struct job *j, unsigned ocb, unsigned npix,
			      const uint8_t *src, const struct geom *g, size_t ps)
{
	sweep(j, 1, 12, ocb, npix, src, g, ps);
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
			_mm512_storeu_si512(d + x, _mm512_xor_si512(
				_mm512_loadu_si512(s + x), flip));
		for (; x < row; x++)
			d[x] = (uint8_t)(s[x] ^ 0x80);
		memset(d + row, fill, (size_t)g->pr * g->c);
	}
}

/* im2col rows of k4 bytes for layers whose in_c is not a multiple of 4. */
static void im2col(const struct geom *g, const int8_t *in, uint8_t *dst,
		   int32_t zp, unsigned k4)
{
	uint8_t fill = (uint8_t)(zp + 128);

	for (unsigned oy = 0; oy < g->oh; oy++)
		for (unsigned ox = 0; ox < g->ow; ox++) {
			uint8_t *d = dst + ((size_t)oy * g->ow + ox) * k4;
			unsigned k = 0;

			for (unsigned ky = 0; ky < g->kh; ky++)
				for (unsigned kx = 0; kx < g->kw; kx++) {
					long y = (long)(oy * g->sh + ky) - g->pt;
					long x = (long)(ox * g->sw + kx) - g->pl;
					const int8_t *s = in + ((size_t)y * g->iw + x) * g->c;
					int inside = y >= 0 && y < (long)g->ih && x >= 0 &&
						     x < (long)g->iw;

					for (unsigned c = 0; c < g->c; c++)
						d[k++] = inside ? (uint8_t)(s[c] ^ 0x80) : fill;
				}
			memset(d + k, 0, k4 - k);
		}
}

TARGET void nn_conv_s8_avx512vnni(const struct nn_layer *L, const int8_t *in,
				  int8_t *out, void *scratch)
{
	const struct nn_packed *p = L->packed;
	struct geom g;
	struct job j;
	const uint8_t *src = scratch;
	unsigned npix, nocb = p->oc16 / 16, ocb = 0;
	size_t pix_stride;

	geom_of(L, &g);
	npix = g.oh * g.ow;
	j.L = L;
	j.p = p;
	j.out = out;
	j.ocb_stride = (size_t)p->k4 * 16;
	j.lo = _mm512_set1_epi64(L->act_min - L->out_zp);
	j.hi = _mm512_set1_epi64(L->act_max - L->out_zp);
	j.zp = _mm512_set1_epi32(L->out_zp);
	if (g.c % 4 == 0) {
		pad_input(&g, in, scratch, L->in_zp);
		j.nseg = g.kh;
		j.seg_dw = g.kw * g.c / 4;
		j.seg_stride = (size_t)(g.iw + g.pl + g.pr) * g.c;
		pix_stride = 0;
	} else {
		im2col(&g, in, scratch, L->in_zp, p->k4);
		j.nseg = 1;
		j.seg_dw = p->k4 / 4;
		j.seg_stride = 0;
		pix_stride = p->k4;
	}
	for (; ocb + 4 <= nocb; ocb += 4)
		sweep_4x6(&j, ocb, npix, src, &g, pix_stride);
	for (; ocb + 2 <= nocb; ocb += 2)
		sweep_2x12(&j, ocb, npix, src, &g, pix_stride);
	for (; ocb < nocb; ocb++)
		sweep_1x12(&j, ocb, npix, src, &g, pix_stride);
}

#else

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
