/* moodplay - OpenCV's rectangle grouping (cv::groupRectangles) and box
 * helpers. */
#include "config.h"

#include "face/face-detect.h"
#include "base/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* OpenCV's SimilarRects. */
static bool similar(const struct face_box *a, const struct face_box *b,
		    double eps)
{
	double delta =
		eps *
		((a->w < b->w ? a->w : b->w) + (a->h < b->h ? a->h : b->h)) *
		0.5;

	return abs(a->x - b->x) <= delta && abs(a->y - b->y) <= delta &&
	       abs(a->x + a->w - b->x - b->w) <= delta &&
	       abs(a->y + a->h - b->y - b->h) <= delta;
}

static int find_root(int *parent, int i)
{
	while (parent[i] >= 0)
		i = parent[i];
	return i;
}

size_t face_group(struct face_box *r, size_t n, int min_neighbors, double eps)
{
	int *parent, *label, *count;
	struct face_box *avg;
	size_t nclasses = 0, kept = 0;

	if (n == 0)
		return 0;
	parent = xreallocarray(NULL, n * 3, sizeof(int));
	label = parent + n;
	count = label + n;
	for (size_t i = 0; i < n; i++)
		parent[i] = -1;
	/* Equivalence classes of the "similar" relation (cv::partition). */
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (similar(&r[i], &r[j], eps)) {
				int a = find_root(parent, (int)i);
				int b = find_root(parent, (int)j);

				if (a != b)
					parent[b] = a;
			}
	/* Classes numbered in order of their first member. */
	for (size_t i = 0; i < n; i++)
		label[i] = -1;
	for (size_t i = 0; i < n; i++) {
		int root = find_root(parent, (int)i);

		if (label[root] < 0)
			label[root] = (int)nclasses++;
		count[i] = label[root];
	}
	avg = xcalloc(nclasses, sizeof(*avg));
	for (size_t i = 0; i < n; i++) {
		struct face_box *a = &avg[count[i]];

		a->x += r[i].x;
		a->y += r[i].y;
		a->w += r[i].w;
		a->h += r[i].h;
		a->neighbors++;
	}
	for (size_t i = 0; i < nclasses; i++) {
		float s = 1.f / (float)avg[i].neighbors;

		avg[i].x = (int)lrintf((float)avg[i].x * s);
		avg[i].y = (int)lrintf((float)avg[i].y * s);
		avg[i].w = (int)lrintf((float)avg[i].w * s);
		avg[i].h = (int)lrintf((float)avg[i].h * s);
	}
	for (size_t i = 0; i < nclasses; i++) {
		const struct face_box *r1 = &avg[i];
		int n1 = r1->neighbors;
		size_t j;

		if (n1 <= min_neighbors)
			continue;
		/* Drop a box inside a stronger cluster's box. */
		for (j = 0; j < nclasses; j++) {
			const struct face_box *r2 = &avg[j];
			int n2 = r2->neighbors, dx, dy;

			if (j == i || n2 <= min_neighbors)
				continue;
			dx = (int)lrint(r2->w * eps);
			dy = (int)lrint(r2->h * eps);
			if (r1->x >= r2->x - dx && r1->y >= r2->y - dy &&
			    r1->x + r1->w <= r2->x + r2->w + dx &&
			    r1->y + r1->h <= r2->y + r2->h + dy &&
			    (n2 > (n1 > 3 ? n1 : 3) || n1 < 3))
				break;
		}
		if (j == nclasses)
			r[kept++] = *r1;
	}
	free(avg);
	free(parent);
	return kept;
}

const struct face_box *face_largest(const struct face_box *b, size_t n)
{
	const struct face_box *best = NULL;

	for (size_t i = 0; i < n; i++)
		if (best == NULL ||
		    (long)b[i].w * b[i].h > (long)best->w * best->h)
			best = &b[i];
	return best;
}

double face_iou(const struct face_box *a, const struct face_box *b)
{
	int x0 = a->x > b->x ? a->x : b->x, y0 = a->y > b->y ? a->y : b->y;
	int x1 = a->x + a->w < b->x + b->w ? a->x + a->w : b->x + b->w;
	int y1 = a->y + a->h < b->y + b->h ? a->y + a->h : b->y + b->h;
	double inter, uni;

	if (x1 <= x0 || y1 <= y0)
		return 0;
	inter = (double)(x1 - x0) * (y1 - y0);
	uni = (double)a->w * a->h + (double)b->w * b->h - inter;
	return uni > 0 ? inter / uni : 0;
}
