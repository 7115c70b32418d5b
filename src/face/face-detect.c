/* moodplay - cascade evaluation over an image pyramid (the vector block is
 * in face-detect-avx2.c, the grouping in face-group.c).
 *
 * Speed comes from layout, not from changing what is computed: the cascade
 * is flattened once per image into per-stump records holding integral-image
 * offsets, weights, threshold and leaf values side by side, so the inner
 * loop walks one array without indirection; the windows, their order and
 * the float/double arithmetic are OpenCV's. */
#include "config.h"

#include "face/face-detect.h"
#include "face/face-scan.h"
#include "base/cpu.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* OpenCV's groupRectangles eps in detectMultiScale. */
#define GROUP_EPS 0.2

void face_params_default(struct face_params *p)
{
	p->scale_factor = 1.1;
	p->min_neighbors = 5;
	p->min_size = 40;
	p->max_size = 0;
	p->reference = false;
	p->threads = 0;
	p->stop = NULL;
}

static void rect_ofs(int32_t o[4], int x, int y, int w, int h, size_t stride)
{
	int32_t s = (int32_t)stride;

	o[0] = x + s * y;
	o[1] = x + w + s * y;
	o[2] = x + s * (y + h);
	o[3] = x + w + s * (y + h);
}

/* LBPEvaluator::OptFeature::setOffsets: a 3x3 grid of w x h cells gives a
 * 4x4 grid of integral points. */
static void lbp_ofs(int32_t o[16], const struct face_rect *r, size_t stride)
{
	for (int j = 0; j < 4; j++)
		for (int i = 0; i < 4; i++)
			o[j * 4 + i] =
				(int32_t)(r->x + i * r->w) +
				(int32_t)stride * (int32_t)(r->y + j * r->h);
}

/* CV_TILTED_OFS: corners (x, y), (x - h, y + h), (x + w, y + w),
 * (x + w - h, y + w + h) in the tilted integral, tofs past the sums. */
static void tilted_ofs(int32_t o[4], const struct face_rect *r, size_t stride,
		       size_t tofs)
{
	int32_t s = (int32_t)stride, t = (int32_t)tofs;

	o[0] = t + r->x + s * r->y;
	o[1] = t + r->x - r->h + s * (r->y + r->h);
	o[2] = t + r->x + r->w + s * (r->y + r->w);
	o[3] = t + r->x + r->w - r->h + s * (r->y + r->w + r->h);
}

static void opt_feature(struct face_opt_feature *of,
			const struct face_cascade *c,
			const struct face_feature *f, size_t stride,
			size_t tofs)
{
	memset(of, 0, sizeof(*of));
	if (c->type == FACE_LBP) {
		lbp_ofs(of->o, &f->r[0], stride);
		return;
	}
	for (int k = 0; k < 3; k++) {
		if (f->tilted)
			tilted_ofs(of->o + 4 * k, &f->r[k], stride, tofs);
		else
			rect_ofs(of->o + 4 * k, f->r[k].x, f->r[k].y, f->r[k].w,
				 f->r[k].h, stride);
		of->w[k] = f->r[k].weight;
	}
}

static void scan_init(struct face_scan *s, const struct face_cascade *c,
		      size_t stride, size_t tofs)
{
	memset(s, 0, sizeof(*s));
	s->c = c;
	s->stride = stride;
	s->tofs = tofs;
	rect_ofs(s->norm, 1, 1, c->win_w - 2, c->win_h - 2, stride);
	s->norm_area = (double)(c->win_w - 2) * (c->win_h - 2);
	if (c->stumps && c->type == FACE_HAAR) {
		s->haar =
			xreallocarray(NULL, (size_t)c->nweak, sizeof(*s->haar));
		for (int i = 0; i < c->nweak; i++) {
			struct face_opt_feature of;
			struct face_haar_stump *h = &s->haar[i];

			opt_feature(&of, c, &c->features[c->nodes[i].feature],
				    stride, tofs);
			memcpy(h->o, of.o, sizeof(h->o));
			memcpy(h->w, of.w, sizeof(h->w));
			h->threshold = c->nodes[i].threshold;
			h->left = c->leaves[2 * i];
			h->right = c->leaves[2 * i + 1];
		}
	} else if (c->stumps) {
		s->lbp = xreallocarray(NULL, (size_t)c->nweak, sizeof(*s->lbp));
		for (int i = 0; i < c->nweak; i++) {
			struct face_lbp_stump *l = &s->lbp[i];

			lbp_ofs(l->o, &c->features[c->nodes[i].feature].r[0],
				stride);
			memcpy(l->subset, c->subsets + (size_t)i * 8,
			       sizeof(l->subset));
			l->left = c->leaves[2 * i];
			l->right = c->leaves[2 * i + 1];
		}
	} else {
		s->feat = xreallocarray(NULL, (size_t)c->nfeatures,
					sizeof(*s->feat));
		for (int i = 0; i < c->nfeatures; i++)
			opt_feature(&s->feat[i], c, &c->features[i], stride,
				    tofs);
	}
}

static void scan_clear(struct face_scan *s)
{
	free(s->haar);
	free(s->lbp);
	free(s->feat);
}

#define SUM4(p, o) ((p)[(o)[0]] - (p)[(o)[1]] - (p)[(o)[2]] + (p)[(o)[3]])

static inline float haar_calc(const int32_t *p, const int32_t o[3][4],
			      const float w[3])
{
	float ret = w[0] * (float)SUM4(p, o[0]) + w[1] * (float)SUM4(p, o[1]);

	if (w[2] != 0.0f)
		ret += w[2] * (float)SUM4(p, o[2]);
	return ret;
}

static inline int lbp_calc(const int32_t *p, const int32_t *o)
{
	int32_t cval = p[o[5]] - p[o[6]] - p[o[9]] + p[o[10]];

	return (p[o[0]] - p[o[1]] - p[o[4]] + p[o[5]] >= cval ? 128 : 0) |
	       (p[o[1]] - p[o[2]] - p[o[5]] + p[o[6]] >= cval ? 64 : 0) |
	       (p[o[2]] - p[o[3]] - p[o[6]] + p[o[7]] >= cval ? 32 : 0) |
	       (p[o[6]] - p[o[7]] - p[o[10]] + p[o[11]] >= cval ? 16 : 0) |
	       (p[o[10]] - p[o[11]] - p[o[14]] + p[o[15]] >= cval ? 8 : 0) |
	       (p[o[9]] - p[o[10]] - p[o[13]] + p[o[14]] >= cval ? 4 : 0) |
	       (p[o[8]] - p[o[9]] - p[o[12]] + p[o[13]] >= cval ? 2 : 0) |
	       (p[o[4]] - p[o[5]] - p[o[8]] + p[o[9]] >= cval ? 1 : 0);
}

/* HaarEvaluator::setWindow: the window's 1/stddev, or false for windows
 * too flat to hold a face. */
static inline bool haar_norm(const struct face_scan *s, const int32_t *p,
			     const uint32_t *q, float *vnf)
{
	int32_t valsum = SUM4(p, s->norm);
	uint32_t valsqsum =
		q[s->norm[0]] - q[s->norm[1]] - q[s->norm[2]] + q[s->norm[3]];
	double nf = s->norm_area * valsqsum - (double)valsum * valsum;

	if (nf > 0.) {
		nf = sqrt(nf);
		*vnf = (float)(1. / nf);
		return s->norm_area * *vnf < 1e-1;
	}
	*vnf = 1.f;
	return false;
}

/* predictOrderedStump: the Haar stages for a window of 1/stddev vnf. */
static int haar_stages(const struct face_scan *s, const int32_t *p, float vnf)
{
	const struct face_cascade *c = s->c;
	const struct face_haar_stump *h = s->haar;

	for (int si = 0; si < c->nstages; si++) {
		double tmp = 0;
		int nt = c->stages[si].ntrees;

		for (int i = 0; i < nt; i++) {
			double value = haar_calc(p, h[i].o, h[i].w) * vnf;

			tmp += value < h[i].threshold ? h[i].left : h[i].right;
		}
		if (tmp < c->stages[si].threshold)
			return -si;
		h += nt;
	}
	return 1;
}

/* CascadeClassifierImpl::runAt: 1 = object, -k = rejected at stage k (so
 * 0 = first stage, after which the scan skips a step), -1 also for a flat
 * window. */
static int run_at(const struct face_scan *s, const int32_t *p,
		  const uint32_t *q)
{
	const struct face_cascade *c = s->c;
	float vnf = 1.f;

	if (c->type == FACE_HAAR && !haar_norm(s, p, q, &vnf))
		return -1;
	if (s->haar != NULL)
		return haar_stages(s, p, vnf);
	if (s->lbp != NULL) {
		const struct face_lbp_stump *l = s->lbp;

		for (int si = 0; si < c->nstages; si++) {
			double tmp = 0;
			int nt = c->stages[si].ntrees;

			for (int i = 0; i < nt; i++) {
				int v = lbp_calc(p, l[i].o);

				tmp += ((uint32_t)l[i].subset[v >> 5] &
					(1u << (v & 31)))
					       ? l[i].left
					       : l[i].right;
			}
			if (tmp < c->stages[si].threshold)
				return -si;
			l += nt;
		}
		return 1;
	}
	/* Trees: predictOrdered / predictCategorical. */
	{
		int node_ofs = 0, leaf_ofs = 0;

		for (int si = 0; si < c->nstages; si++) {
			const struct face_stage *st = &c->stages[si];
			double sum = 0;

			for (int wi = 0; wi < st->ntrees; wi++) {
				const struct face_weak *wk =
					&c->weak[st->first + wi];
				int idx = 0, root = node_ofs;

				do {
					const struct face_node *nd =
						&c->nodes[root + idx];
					const struct face_opt_feature *f =
						&s->feat[nd->feature];

					if (c->type == FACE_HAAR) {
						double val =
							haar_calc(
								p,
								(const int32_t(*)
									 [4])
									f->o,
								f->w) *
							vnf;

						idx = val < nd->threshold
							      ? nd->left
							      : nd->right;
					} else {
						int v = lbp_calc(p, f->o);
						const int32_t *sub =
							c->subsets +
							(size_t)(root + idx) *
								(size_t)c
									->subset_size;

						idx = ((uint32_t)sub[v >> 5] &
						       (1u << (v & 31)))
							      ? nd->left
							      : nd->right;
					}
				} while (idx > 0);
				sum += c->leaves[leaf_ofs - idx];
				node_ofs += wk->node_count;
				leaf_ofs += wk->node_count + 1;
			}
			if (sum < st->threshold)
				return -si;
		}
		return 1;
	}
}

/* Integral image and integral of squares of im, (w+1) x (h+1) with the
 * given stride.  The squares wrap modulo 2^32 like OpenCV's CV_32S sqsum:
 * window sums, which are far below 2^32, still come out exact. */
static void integrate(const struct image *im, int32_t *sum, uint32_t *sq,
		      size_t stride)
{
	memset(sum, 0, (size_t)(im->w + 1) * sizeof(*sum));
	if (sq != NULL)
		memset(sq, 0, (size_t)(im->w + 1) * sizeof(*sq));
	for (int y = 0; y < im->h; y++) {
		const uint8_t *row = im->px + (size_t)y * im->stride;
		int32_t *s0 = sum + (size_t)y * stride, *s1 = s0 + stride;
		int32_t acc = 0;

		s1[0] = 0;
		if (sq != NULL) {
			uint32_t *q0 = sq + (size_t)y * stride,
				 *q1 = q0 + stride;
			uint32_t qacc = 0;

			q1[0] = 0;
			for (int x = 0; x < im->w; x++) {
				acc += row[x];
				qacc += (uint32_t)row[x] * row[x];
				s1[x + 1] = s0[x + 1] + acc;
				q1[x + 1] = q0[x + 1] + qacc;
			}
		} else {
			for (int x = 0; x < im->w; x++) {
				acc += row[x];
				s1[x + 1] = s0[x + 1] + acc;
			}
		}
	}
}

/* OpenCV's tilted integral: T[Y][X] is the sum of the pixels (x, y) with
 * y < Y and |x - X + 1| <= Y - 1 - y, the triangle above (X - 1, Y - 1).
 * By inclusion-exclusion of the two triangles above and the one they
 * share, T[Y][X] = T[Y-1][X-1] + T[Y-1][X+1] - T[Y-2][X] + I(X-1, Y-1) +
 * I(X-1, Y-2).  Triangles reach h columns past either side, so rows are
 * computed h + 1 columns wider on each side (zero beyond: no pixels), in
 * 3 rolling rows of tmp.  Modulo 2^32 like OpenCV's int sums. */
static void integrate_tilted(const struct image *im, int32_t *t, size_t stride,
			     uint32_t *tmp)
{
	int pad = im->h + 1, ext = im->w + 1 + 2 * pad;
	uint32_t *r0 = tmp, *r1 = tmp + ext, *r2 = tmp + 2 * (size_t)ext;

	/* r2 = row Y-2, r1 = row Y-1, r0 = row Y; X at index X + pad. */
	memset(tmp, 0, 3 * (size_t)ext * sizeof(*tmp));
	memset(t, 0, (size_t)(im->w + 1) * sizeof(*t));
	for (int y = 1; y <= im->h; y++) {
		const uint8_t *a = im->px + (size_t)(y - 1) * im->stride;
		const uint8_t *b =
			y >= 2 ? im->px + (size_t)(y - 2) * im->stride : NULL;
		uint32_t *rot = r2;

		r2 = r1;
		r1 = r0;
		r0 = rot;
		/* Now r1 = row y-1, r2 = row y-2; fill r0 = row y. */
		for (int i = 0; i < ext; i++) {
			int x = i - pad - 1; /* the pixel column X - 1 */
			uint32_t v = (i > 0 ? r1[i - 1] : 0) +
				     (i + 1 < ext ? r1[i + 1] : 0) - r2[i];

			if (x >= 0 && x < im->w)
				v += a[x] + (b != NULL ? b[x] : 0);
			r0[i] = v;
		}
		for (int X = 0; X <= im->w; X++)
			t[(size_t)y * stride + (size_t)X] =
				(int32_t)r0[X + pad];
	}
}

struct boxes {
	struct face_box *v;
	size_t n, cap;
};

static void push_box(struct boxes *b, int x, int y, int w, int h)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->v = xreallocarray(b->v, b->cap, sizeof(*b->v));
	}
	b->v[b->n++] = (struct face_box){ x, y, w, h, 0 };
}

/* The scales detectMultiScale tries: window sizes from min to max, as
 * float like OpenCV keeps them. */
static size_t list_scales(const struct face_cascade *c, int img_w, int img_h,
			  const struct face_params *p, float *out, size_t max)
{
	int max_w = p->max_size > 0 ? p->max_size : img_w;
	int max_h = p->max_size > 0 ? p->max_size : img_h;
	size_t n = 0;

	for (double factor = 1; n < max; factor *= p->scale_factor) {
		int ww = (int)lrint(c->win_w * factor),
		    wh = (int)lrint(c->win_h * factor);

		if (ww > max_w || wh > max_h || ww > img_w || wh > img_h)
			break;
		if (ww < p->min_size || wh < p->min_size)
			continue;
		out[n++] = (float)factor;
	}
	return n;
}

#define MAX_SCALES 1024
/* Detection threads at most, and the memory their pyramids may take. */
#define MAX_THREADS 4
#define PYRAMID_BUDGET ((size_t)32 << 20)
/* Elements past the integral images the vector path may read: a block of
 * FACE_LANES windows at step 2 reads 2 * FACE_LANES + FACE_LANES - 1 further on. */
#define INTEGRAL_PAD (4 * FACE_LANES)

/* One detection's shared, read-only state; workers take scales from next
 * and keep each scale's boxes apart so the result is in OpenCV's order
 * whatever the interleaving. */
struct pyramid {
	const struct face_scan *s;
	const struct image *im;
	const float *scales;
	size_t nscales;
	bool simd;
	const struct stop *stop;
	atomic_bool stopped; /* a worker saw the stop: all end */
	atomic_size_t next;
	struct boxes *found; /* per scale */
};

/* A worker's buffers: the resized image and its integral images. */
struct level {
	struct image *small;
	int32_t *sum; /* sums, then (tilted cascades) the tilted sums */
	uint32_t *sq;
	uint32_t *tmp; /* 3 extended rows for integrate_tilted() */
};

static bool level_new(struct level *l, const struct pyramid *py, int w0, int h0)
{
	size_t cells = py->s->stride * ((size_t)h0 + 1);
	struct mp_error err;

	memset(l, 0, sizeof(*l));
	if (image_new(w0, h0, &l->small, &err) != MP_OK)
		return false;
	/* The vector path reads up to a block (and a window) past the last
	 * row's end: padding, zeroed so no read is of uninitialised memory. */
	l->sum = calloc(py->s->c->tilted ? 2 * (cells + INTEGRAL_PAD)
					 : cells + INTEGRAL_PAD,
			sizeof(*l->sum));
	if (py->s->c->type == FACE_HAAR)
		l->sq = calloc(cells + INTEGRAL_PAD, sizeof(*l->sq));
	if (py->s->c->tilted)
		l->tmp = malloc(3 * ((size_t)w0 + 2 * (size_t)h0 + 4) *
				sizeof(*l->tmp));
	return l->sum != NULL &&
	       (py->s->c->type != FACE_HAAR || l->sq != NULL) &&
	       (!py->s->c->tilted || l->tmp != NULL);
}

static void level_clear(struct level *l)
{
	image_free(l->small);
	free(l->tmp);
	free(l->sum);
	free(l->sq);
}

/* Whether to give up: p->stop said so, here or on another worker. */
static bool stopped(struct pyramid *py)
{
	if (py->stop == NULL)
		return false;
	if (atomic_load(&py->stopped))
		return true;
	if (stop_check(py->stop, NULL) == MP_OK)
		return false;
	atomic_store(&py->stopped, true);
	return true;
}

/* Every window of one scale, in OpenCV's scan order. */
static void scan_scale(struct pyramid *py, size_t si, struct level *l,
		       struct boxes *out)
{
	const struct face_scan *s = py->s;
	const struct face_cascade *c = s->c;
	const struct image *im = py->im;
	size_t stride = s->stride;
	float sc = py->scales[si];
	int sw = (int)lrintf((float)im->w / sc),
	    sh = (int)lrintf((float)im->h / sc);
	int ystep = sc >= 2 ? 1 : 2;
	int szw_w = sw + 1 - c->win_w, szw_h = sh + 1 - c->win_h;
	int win_w = (int)lrintf((float)c->win_w * sc);
	int win_h = (int)lrintf((float)c->win_h * sc);

	l->small->w = sw;
	l->small->h = sh;
	l->small->stride = (size_t)sw;
	image_resize_linear(im, l->small);
	integrate(l->small, l->sum, l->sq, stride);
	if (c->tilted)
		integrate_tilted(l->small, l->sum + s->tofs, stride, l->tmp);
	for (int y = 0; y < szw_h; y += ystep) {
		const int32_t *prow = l->sum + (size_t)y * stride;
		const uint32_t *qrow =
			l->sq ? l->sq + (size_t)y * stride : NULL;
		int res[FACE_LANES], first = -FACE_LANES;

		if (stopped(py))
			return;

		for (int x = 0; x < szw_w; x += ystep) {
			int k = x / ystep, r;

			if (!py->simd) {
				r = run_at(s, prow + x, qrow ? qrow + x : NULL);
			} else {
#ifdef FACE_HAVE_AVX2
				/* Results for the next FACE_LANES positions at once;
				 * some will be skipped unused. */
				if (k >= first + FACE_LANES) {
					first = k;
					face_haar_block_avx2(s, prow + x,
							     qrow + x, ystep,
							     res);
				}
#endif
				r = res[k - first];
			}
			if (r > 0)
				push_box(out, (int)lrintf((float)x * sc),
					 (int)lrintf((float)y * sc), win_w,
					 win_h);
			if (r == 0)
				x += ystep;
		}
	}
}

struct worker {
	struct pyramid *py;
	struct level level;
	pthread_t thread;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	size_t si;

	while ((si = atomic_fetch_add(&w->py->next, 1)) < w->py->nscales &&
	       !stopped(w->py))
		scan_scale(w->py, si, &w->level, &w->py->found[si]);
	return NULL;
}

/* Workers for p->threads (0: one per CPU, at most MAX_THREADS), fewer for
 * big images so the pyramids stay within PYRAMID_BUDGET bytes. */
static int thread_count(const struct face_params *p, size_t nscales,
			size_t cells)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int n = p->threads > 0 ? p->threads : cpus > 0 ? (int)cpus : 1;
	size_t per = cells * 8 + 1;

	if (n > MAX_THREADS)
		n = MAX_THREADS;
	if ((size_t)n > nscales)
		n = (int)nscales;
	while (n > 1 && per * (size_t)n > PYRAMID_BUDGET)
		n--;
	return n;
}

enum mp_status face_detect(const struct face_cascade *c, const struct image *im,
			   const struct face_params *p, struct face_box **boxes,
			   size_t *n, struct mp_error *err)
{
	float scales[MAX_SCALES];
	struct worker workers[MAX_THREADS];
	struct pyramid py = { 0 };
	struct boxes out = { 0 };
	struct face_scan s;
	int w0, h0, nthreads, started = 0;

	*boxes = NULL;
	*n = 0;
	if (!(p->scale_factor > 1.0) || p->min_neighbors < 0 || p->min_size < 0)
		return mp_error_set(err, MP_EINVAL,
				    _("bad face detection parameters"));
	py.nscales = list_scales(c, im->w, im->h, p, scales, MAX_SCALES);
	if (py.nscales == 0)
		return MP_OK;
	w0 = (int)lrintf((float)im->w / scales[0]);
	h0 = (int)lrintf((float)im->h / scales[0]);
	/* One stride for every scale: the stump offsets are made once. */
	/* The tilted integral, when needed, follows the sums in one buffer
	 * so feature offsets reach both from a window's pointer. */
	scan_init(&s, c, (size_t)w0 + 1,
		  ((size_t)w0 + 1) * ((size_t)h0 + 1) + INTEGRAL_PAD);
	py.s = &s;
	py.im = im;
	py.scales = scales;
	atomic_init(&py.next, 0);
	atomic_init(&py.stopped, false);
	py.stop = p->stop;
#ifdef FACE_HAVE_AVX2
	py.simd = s.haar != NULL && !p->reference && cpu_has_avx2();
#endif
	py.found = xcalloc(py.nscales, sizeof(*py.found));
	nthreads = thread_count(p, py.nscales, s.stride * ((size_t)h0 + 1));
	for (int i = 0; i < nthreads; i++) {
		workers[i].py = &py;
		if (!level_new(&workers[i].level, &py, w0, h0)) {
			level_clear(&workers[i].level);
			break;
		}
		/* Worker 0 is the calling thread. */
		if (i > 0 && pthread_create(&workers[i].thread, NULL,
					    worker_main, &workers[i]) != 0) {
			level_clear(&workers[i].level);
			break;
		}
		started++;
	}
	if (started == 0) {
		free(py.found);
		scan_clear(&s);
		return mp_error_set(
			err, MP_ENOMEM,
			_("out of memory for a %dx%d image pyramid"), im->w,
			im->h);
	}
	worker_main(&workers[0]);
	for (int i = 0; i < started; i++) {
		if (i > 0)
			pthread_join(workers[i].thread, NULL);
		level_clear(&workers[i].level);
	}
	scan_clear(&s);
	for (size_t si = 0; si < py.nscales; si++) {
		for (size_t k = 0; k < py.found[si].n; k++) {
			const struct face_box *b = &py.found[si].v[k];

			push_box(&out, b->x, b->y, b->w, b->h);
		}
		free(py.found[si].v);
	}
	free(py.found);
	if (atomic_load(&py.stopped)) {
		enum mp_status rc = stop_check(p->stop, err);

		free(out.v);
		return rc != MP_OK ? rc
				   : mp_error_set(err, MP_ETIMEDOUT,
						  _("timed out"));
	}
	if (p->min_neighbors > 0)
		out.n = face_group(out.v, out.n, p->min_neighbors, GROUP_EPS);
	if (out.n == 0) {
		free(out.v);
		out.v = NULL;
	}
	*boxes = out.v;
	*n = out.n;
	return MP_OK;
}
