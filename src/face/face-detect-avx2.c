/* moodplay - the AVX2 path of the cascade scan: eight windows at once,
 * bit-identical to the scalar path. */
#include "config.h"

#include "face/face-scan.h"

#ifdef FACE_HAVE_AVX2
#include <immintrin.h>

/* The 8 window sums of one rectangle (4 integral offsets o) for windows at
 * p, p + step, ..., p + 7 step (step 1 or 2). */
__attribute__((target("avx2"))) static inline __m256i
sum8(const int32_t *p, const int32_t *o, int step)
{
	__m256i a = _mm256_sub_epi32(
		_mm256_add_epi32(
			_mm256_loadu_si256((const __m256i *)(p + o[0])),
			_mm256_loadu_si256((const __m256i *)(p + o[3]))),
		_mm256_add_epi32(
			_mm256_loadu_si256((const __m256i *)(p + o[1])),
			_mm256_loadu_si256((const __m256i *)(p + o[2]))));
	__m256i b;

	if (step == 1)
		return a;
	/* Step 2: sums at 16 consecutive positions, keep the even ones. */
	b = _mm256_sub_epi32(
		_mm256_add_epi32(
			_mm256_loadu_si256((const __m256i *)(p + 8 + o[0])),
			_mm256_loadu_si256((const __m256i *)(p + 8 + o[3]))),
		_mm256_add_epi32(
			_mm256_loadu_si256((const __m256i *)(p + 8 + o[1])),
			_mm256_loadu_si256((const __m256i *)(p + 8 + o[2]))));
	a = _mm256_permutevar8x32_epi32(
		a, _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6));
	b = _mm256_permutevar8x32_epi32(
		b, _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6));
	return _mm256_blend_epi32(a, b, 0xF0);
}

/* run_at() for 8 windows at once, Haar stumps only: the same operations in
 * the same order per lane (float feature values, double stage sums, no
 * fused multiply-add), so every lane's result equals the scalar one.  A
 * group stops when all its lanes are rejected. */
__attribute__((target("avx2"))) void
face_haar_block_avx2(const struct face_scan *s, const int32_t *p,
		     const uint32_t *q, int step, int res[FACE_LANES])
{
	const struct face_cascade *c = s->c;
	const struct face_haar_stump *h = s->haar;
	__m256i vs = sum8(p, s->norm, step);
	__m256i vq = sum8((const int32_t *)q, s->norm, step);
	__m256d area = _mm256_set1_pd(s->norm_area);
	__m256d two32 = _mm256_set1_pd(4294967296.0),
		zero = _mm256_setzero_pd();
	__m256 vnf;
	__m256d alive_lo, alive_hi;
	int alive, visited;

	/* HaarEvaluator::setWindow in double, 4 lanes at a time. */
	{
		__m256d sl = _mm256_cvtepi32_pd(_mm256_castsi256_si128(vs));
		__m256d sh =
			_mm256_cvtepi32_pd(_mm256_extracti128_si256(vs, 1));
		__m256d ql = _mm256_cvtepi32_pd(_mm256_castsi256_si128(vq));
		__m256d qh =
			_mm256_cvtepi32_pd(_mm256_extracti128_si256(vq, 1));
		__m256d nl, nh, fl, fh, one = _mm256_set1_pd(1.0);
		__m128 vl, vh;

		/* The squares are unsigned 32-bit. */
		ql = _mm256_add_pd(
			ql, _mm256_and_pd(_mm256_cmp_pd(ql, zero, _CMP_LT_OQ),
					  two32));
		qh = _mm256_add_pd(
			qh, _mm256_and_pd(_mm256_cmp_pd(qh, zero, _CMP_LT_OQ),
					  two32));
		nl = _mm256_sub_pd(_mm256_mul_pd(area, ql),
				   _mm256_mul_pd(sl, sl));
		nh = _mm256_sub_pd(_mm256_mul_pd(area, qh),
				   _mm256_mul_pd(sh, sh));
		alive_lo = _mm256_cmp_pd(nl, zero, _CMP_GT_OQ);
		alive_hi = _mm256_cmp_pd(nh, zero, _CMP_GT_OQ);
		/* Flat lanes get nf = 1 so the arithmetic stays finite. */
		nl = _mm256_blendv_pd(one, nl, alive_lo);
		nh = _mm256_blendv_pd(one, nh, alive_hi);
		vl = _mm256_cvtpd_ps(_mm256_div_pd(one, _mm256_sqrt_pd(nl)));
		vh = _mm256_cvtpd_ps(_mm256_div_pd(one, _mm256_sqrt_pd(nh)));
		fl = _mm256_mul_pd(area, _mm256_cvtps_pd(vl));
		fh = _mm256_mul_pd(area, _mm256_cvtps_pd(vh));
		alive_lo = _mm256_and_pd(
			alive_lo,
			_mm256_cmp_pd(fl, _mm256_set1_pd(1e-1), _CMP_LT_OQ));
		alive_hi = _mm256_and_pd(
			alive_hi,
			_mm256_cmp_pd(fh, _mm256_set1_pd(1e-1), _CMP_LT_OQ));
		vnf = _mm256_set_m128(vh, vl);
	}
	alive = _mm256_movemask_pd(alive_lo) | _mm256_movemask_pd(alive_hi)
						       << 4;
	visited = (1 << FACE_LANES) - 1;
	for (int j = 0; j < FACE_LANES; j++)
		res[j] = alive & (1 << j) ? 1 : -1;
	for (int si = 0; si < c->nstages && alive; si++) {
		int nt = c->stages[si].ntrees;
		__m256d tlo = zero, thi = zero, thr;
		int rej;

		for (int i = 0; i < nt; i++, h++) {
			__m256 f = _mm256_add_ps(
				_mm256_mul_ps(_mm256_set1_ps(h->w[0]),
					      _mm256_cvtepi32_ps(
						      sum8(p, h->o[0], step))),
				_mm256_mul_ps(_mm256_set1_ps(h->w[1]),
					      _mm256_cvtepi32_ps(
						      sum8(p, h->o[1], step))));
			__m256 lt, v;

			if (h->w[2] != 0.0f)
				f = _mm256_add_ps(
					f, _mm256_mul_ps(
						   _mm256_set1_ps(h->w[2]),
						   _mm256_cvtepi32_ps(sum8(
							   p, h->o[2], step))));
			f = _mm256_mul_ps(f, vnf);
			lt = _mm256_cmp_ps(f, _mm256_set1_ps(h->threshold),
					   _CMP_LT_OQ);
			v = _mm256_blendv_ps(_mm256_set1_ps(h->right),
					     _mm256_set1_ps(h->left), lt);
			tlo = _mm256_add_pd(
				tlo,
				_mm256_cvtps_pd(_mm256_castps256_ps128(v)));
			thi = _mm256_add_pd(
				thi,
				_mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
		}
		thr = _mm256_set1_pd(c->stages[si].threshold);
		rej = (_mm256_movemask_pd(_mm256_cmp_pd(tlo, thr, _CMP_LT_OQ)) |
		       _mm256_movemask_pd(_mm256_cmp_pd(thi, thr, _CMP_LT_OQ))
			       << 4) &
		      alive;
		for (int j = 0; j < FACE_LANES; j++)
			if (rej & (1 << j))
				res[j] = -si;
		alive &= ~rej;
		if (si == 0) {
			/* A lane rejected at stage 0 makes the scan skip the
			 * next position (the first lane is always visited):
			 * skipped lanes need no more work. */
			for (int j = 1; j < FACE_LANES; j++)
				if (res[j - 1] == 0 &&
				    (visited & (1 << (j - 1))))
					visited &= ~(1 << j);
			alive &= visited;
		}
	}
}
#endif
