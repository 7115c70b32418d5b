/* moodplay - the expression model's input: a square greyscale crop around a
 * detected face, resized to the model's size (48x48).
 *
 * The convention is the model card's (models/README.md, "the face-crop
 * convention"), with crop_scale and crop_shift_y from the .mpm header: the
 * square of side max(w, h) centred on the box, its side scaled by scale,
 * its centre moved down by shift_y x that side; parts outside the photo
 * repeat the edge pixels; area averaging when shrinking, bilinear when
 * enlarging.  face.margin adds (1 + 2 x margin) on top of the model's
 * scale, for cameras that frame faces differently. */
#ifndef MOODPLAY_FACE_CROP_H
#define MOODPLAY_FACE_CROP_H

#include "face/face-detect.h"
#include "image/image.h"

struct face_crop_params {
	double scale;   /* side of the crop / side of the box; > 0 */
	double shift_y; /* centre offset in crop sides, + is down */
};

/* scale = model_scale * (1 + 2 * margin), shift_y = model_shift_y. */
void face_crop_params_make(struct face_crop_params *p, double model_scale,
			   double model_shift_y, double margin);

/* The crop's rectangle in im's coordinates (may extend past the edges). */
void face_crop_rect(const struct face_box *b, const struct face_crop_params *p,
		    double *x, double *y, double *side);

/* Fill all of out (any size; 48x48 for the model) with the crop. */
void face_crop(const struct image *im, const struct face_box *b,
	       const struct face_crop_params *p, struct image *out);

#endif
