/* moodplay - running a loaded model: per-thread scratch, the layer loop,
 * flip averaging and softmax.
 *
 * A struct nn_model (nn-model.h) is read-only after loading and may be
 * shared by threads; each thread owns one struct nn_scratch, made for that
 * model and a kernel path.  Inference allocates nothing.
 *
 * Typical use (the capture pipeline):
 *   nn_model_load(conf->model.path, &model, &err);
 *   nn_scratch_new(model, nn_isa_default(), &scratch, &err);
 *   nn_classify(model, scratch, grey48, nn_model_flip_average(model), probs);
 */
#ifndef MOODPLAY_NN_RUN_H
#define MOODPLAY_NN_RUN_H

#include "base/error.h"
#include "nn/nn-kernels.h"
#include "nn/nn-model.h"

#include <stdbool.h>
#include <stdint.h>

struct nn_scratch;

/* The path named (a name in nn_isa_names), or nn_isa_best() for NULL, ""
 * or "auto".  MP_EINVAL for an unknown or unsupported name.  The engine
 * reads no environment: the caller passes the name. */
enum mp_status nn_isa_choose(const char *name, enum nn_isa *out,
			     struct mp_error *err);

/* Scratch for one thread running m on path isa (which must be
 * supported: MP_EINVAL otherwise). */
enum mp_status nn_scratch_new(const struct nn_model *m, enum nn_isa isa,
			      struct nn_scratch **out, struct mp_error *err);
void nn_scratch_free(struct nn_scratch *s);
enum nn_isa nn_scratch_isa(const struct nn_scratch *s);

/* Called after each layer with its int8 NHWC output (for tests). */
typedef void nn_layer_fn(void *ud, unsigned layer, const int8_t *out, size_t n);

/* One forward pass on grey pixels [input_h][input_w]; returns the int8
 * logits (num_classes of them, valid until the next call on s).  With a
 * hook, every layer runs on its own (no fused layers), same result. */
const int8_t *nn_forward(const struct nn_model *m, struct nn_scratch *s,
			 const uint8_t *pixels, nn_layer_fn *hook, void *ud);

/* Dequantized float logits of pixels, averaged with those of the mirror
 * image when flip is set (as intref.predict()).  logits[num_classes]. */
void nn_logits(const struct nn_model *m, struct nn_scratch *s,
	       const uint8_t *pixels, bool flip, float *logits);

/* Class probabilities: softmax of nn_logits().  probs[num_classes]; returns
 * the index of the most likely class (the first one on ties). */
unsigned nn_classify(const struct nn_model *m, struct nn_scratch *s,
		     const uint8_t *pixels, bool flip, float *probs);

#endif
