/* moodplay - the expression model behind snapshot.h: loads the model the
 * configuration names (model.path, model.isa, model.flip) and classifies
 * face crops with it.
 *
 * A struct snapshot_nn holds one model and one scratch, so it serves one
 * thread; make one per worker.  Typical use:
 *   snapshot_nn_new(conf, &nn, &err);
 *   snapshot_nn_opts(nn, conf, &opts);
 *   snapshot_process(cascade, bytes, len, &opts, snapshot_nn_classify, nn,
 *                    snapshot_nn_classes(nn), &result, &err);
 *   snapshot_nn_label(nn, result.top) ... */
#ifndef MOODPLAY_SNAPSHOT_NN_H
#define MOODPLAY_SNAPSHOT_NN_H

#include "conf/conf.h"
#include "base/error.h"
#include "image/image.h"
#include "nn/nn-kernels.h"
#include "snapshot/snapshot.h"

struct snapshot_nn;

/* MP_EINVAL for a malformed model or an unsupported model.isa; MP_ENOENT
 * when model.path does not exist. */
enum mp_status snapshot_nn_new(const struct conf *c, struct snapshot_nn **out,
			       struct mp_error *err);
void snapshot_nn_free(struct snapshot_nn *nn);

/* The kernel path: name when given (moodplay model eval --isa), else
 * model.isa, where auto defers to $MOODPLAY_ISA and then to the best this
 * CPU runs.  MP_EINVAL, naming where the name came from, for an unknown or
 * unsupported path. */
enum mp_status snapshot_nn_isa(const struct conf *c, const char *name,
			       enum nn_isa *isa, struct mp_error *err);

/* snapshot_opts_from_conf() with the model's crop convention and size. */
void snapshot_nn_opts(const struct snapshot_nn *nn, const struct conf *c,
		      struct snapshot_opts *o);
unsigned snapshot_nn_classes(const struct snapshot_nn *nn);
/* The model's name for class i ("happy"). */
const char *snapshot_nn_label(const struct snapshot_nn *nn, unsigned i);
/* "moodnet-fer-v1 (avx2)", for -v. */
const char *snapshot_nn_describe(const struct snapshot_nn *nn);

/* A snapshot_classify_fn; ud is the struct snapshot_nn. */
enum mp_status snapshot_nn_classify(void *ud, const struct image *crop,
				    float *probs, struct mp_error *err);

#endif
