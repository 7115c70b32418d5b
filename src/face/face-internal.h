/* moodplay - the parsed cascade, shared by face-cascade.c (which fills it)
 * and face-detect.c (which evaluates it).  Layout follows OpenCV's
 * CascadeClassifierImpl::Data so that evaluation order, and with it every
 * floating-point rounding, is the same. */
#ifndef MOODPLAY_FACE_INTERNAL_H
#define MOODPLAY_FACE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

enum face_feature_type {
	FACE_HAAR,
	FACE_LBP,
};

struct face_rect {
	int x, y, w, h;
	float weight; /* Haar only */
};

/* Haar: up to 3 weighted rectangles (unused ones have weight 0).
 * LBP: r[0] is one cell of the 3x3 block grid.  A tilted rectangle (x, y,
 * w, h) has corners (x, y), (x - h, y + h), (x + w, y + w) and
 * (x + w - h, y + w + h). */
struct face_feature {
	struct face_rect r[3];
	bool tilted; /* Haar: rectangles turned 45 degrees (OpenCV's tilted
		      * features, on the rotated integral image) */
};

/* An internal tree node.  left/right > 0 index the next node of the same
 * tree; <= 0 is -(leaf index within the tree). */
struct face_node {
	int left, right;
	int feature;
	float threshold; /* Haar only; LBP uses the node's category subset */
};

struct face_weak {
	int node_count;
};

struct face_stage {
	int first; /* index of its first weak classifier */
	int ntrees;
	float threshold;
};

struct face_cascade {
	enum face_feature_type type;
	int win_w, win_h;
	int nstages, nweak, nnodes, nleaves, nfeatures;
	int subset_size; /* 32-bit words per LBP node, 0 for Haar */
	bool stumps;     /* every tree is a single node (the fast path) */
	bool tilted;     /* some feature is tilted */
	struct face_stage *stages;
	struct face_weak *weak;
	struct face_node *nodes;
	float *leaves;    /* node_count + 1 per tree, in tree order */
	int32_t *subsets; /* subset_size per node */
	struct face_feature *features;
};

#endif
