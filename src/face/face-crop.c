/* moodplay - face crops for the expression model. */
#include "config.h"

#include "face/face-crop.h"

void face_crop_params_make(struct face_crop_params *p, double model_scale,
			   double model_shift_y, double margin)
{
	p->scale = model_scale * (1.0 + 2.0 * margin);
	p->shift_y = model_shift_y;
}

void face_crop_rect(const struct face_box *b, const struct face_crop_params *p,
		    double *x, double *y, double *side)
{
	double cx = b->x + b->w / 2.0, cy = b->y + b->h / 2.0;

	*side = p->scale * (b->w > b->h ? b->w : b->h);
	cy += p->shift_y * *side;
	*x = cx - *side / 2.0;
	*y = cy - *side / 2.0;
}

void face_crop(const struct image *im, const struct face_box *b,
	       const struct face_crop_params *p, struct image *out)
{
	double x, y, side;

	face_crop_rect(b, p, &x, &y, &side);
	if (side < out->w || side < out->h)
		image_resample_linear(im, x, y, side, side, out);
	else
		image_resample_area(im, x, y, side, side, out);
}
