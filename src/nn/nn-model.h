/* moodplay - the int8 model file (.mpm): loading and complete validation.
 *
 * The format is defined by models/mpm.py (writer and reference reader) and
 * described in models/README.md.  nn_model_new() checks every field the
 * Python reader checks, so any file it accepts can be run without further
 * bounds checks.  A loaded model is immutable: one model can be shared
 * read-only by any number of threads, each with its own struct nn_scratch
 * (nn-run.h).  All memory a model needs is allocated here, at load time. */
#ifndef MOODPLAY_NN_MODEL_H
#define MOODPLAY_NN_MODEL_H

#include "base/error.h"
#include "nn/nn-kernels.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Limits on what a model file may ask for; bigger is rejected, not tried. */
#define NN_MAX_FILE_SIZE (64u * 1024 * 1024) /* bytes */
#define NN_MAX_LAYERS 64
#define NN_MAX_DIM 1024 /* height, width */
#define NN_MAX_CHANNELS 4096
#define NN_MAX_CLASSES 64
#define NN_MAX_TENSOR (16u * 1024 * 1024) /* int8 elements in one activation */

struct nn_model;

/* Parse and validate a model held in memory (the bytes are copied).
 * "what" names the source in error messages.  MP_EINVAL for a malformed
 * file or one over the size limit (a configuration error like any other bad
 * model), MP_ENOMEM over the other limits above or out of memory. */
enum mp_status nn_model_new(const void *data, size_t size, const char *what,
			    struct nn_model **out, struct mp_error *err);
/* Read and load a model file; MP_ENOENT when missing. */
enum mp_status nn_model_load_file(const char *path, struct nn_model **out,
				  struct mp_error *err);
/* The model built into the binary (chosen by NN_BUILTIN_MODEL in Makefile.am). */
enum mp_status nn_model_load_builtin(struct nn_model **out,
				     struct mp_error *err);
/* path NULL or "" = the built-in model, else the file. */
enum mp_status nn_model_load(const char *path, struct nn_model **out,
			     struct mp_error *err);
void nn_model_free(struct nn_model *m);

const char *nn_model_name(const struct nn_model *m);
/* What the header says about using the model (models/README.md). */
struct nn_model_info {
	unsigned input_h, input_w;
	int pixel_offset; /* added to a grey pixel (0..255): the int8 input */
	float crop_scale, crop_shift_y; /* face-crop hints for the detector */
	bool flip_average; /* evaluated with flip averaging (its default) */
	unsigned num_classes, num_layers;
	uint32_t crc; /* the file's CRC-32 field: the exact model */
};

const struct nn_model_info *nn_model_info(const struct nn_model *m);
const char *nn_model_label(const struct nn_model *m, unsigned i);
const struct nn_layer *nn_model_layer(const struct nn_model *m, unsigned i);
/* Multiply-accumulates of one forward pass (conv + fully connected). */
uint64_t nn_model_macs(const struct nn_model *m);
/* Name of an op as in models/mpm.py, for messages. */
const char *nn_op_name(enum nn_op op);

#endif
