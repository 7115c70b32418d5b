/* moodplay - classifying face crops with the int8 engine. */
#include "config.h"

#include "snapshot/snapshot-nn.h"
#include "base/i18n.h"
#include "nn/nn-run.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct snapshot_nn {
	struct nn_model *model;
	struct nn_scratch *scratch;
	bool flip;
	char desc[128];
};

enum mp_status snapshot_nn_isa(const struct conf *c, const char *name,
			       enum nn_isa *isa, struct mp_error *err)
{
	enum mp_status rc;
	const char *what = "--isa";

	if (name == NULL && c->model.isa == CONF_ISA_AUTO) {
		name = getenv("MOODPLAY_ISA");
		what = "MOODPLAY_ISA";
	} else if (name == NULL) {
		name = conf_isa_names[c->model.isa];
		what = "model.isa";
	}
	rc = nn_isa_choose(name, isa, err);
	if (rc != MP_OK)
		mp_error_prefix(err, "%s", what);
	return rc;
}

enum mp_status snapshot_nn_new(const struct conf *c, struct snapshot_nn **out,
			       struct mp_error *err)
{
	struct snapshot_nn *nn = xcalloc(1, sizeof(*nn));
	enum nn_isa isa;
	enum mp_status rc;

	*out = NULL;
	rc = snapshot_nn_isa(c, NULL, &isa, err);
	if (rc == MP_OK)
		rc = nn_model_load(c->model.path, &nn->model, err);
	if (rc == MP_OK &&
	    (nn_model_info(nn->model)->num_classes > SNAPSHOT_MAX_CLASSES ||
	     nn_model_info(nn->model)->num_classes == 0))
		rc = mp_error_set(
			err, MP_EINVAL,
			ngettext("model %s has %u class (1 to %d supported)",
				 "model %s has %u classes (1 to %d supported)",
				 nn_model_info(nn->model)->num_classes),
			nn_model_name(nn->model),
			nn_model_info(nn->model)->num_classes,
			SNAPSHOT_MAX_CLASSES);
	if (rc == MP_OK)
		rc = nn_scratch_new(nn->model, isa, &nn->scratch, err);
	if (rc != MP_OK) {
		snapshot_nn_free(nn);
		return rc;
	}
	nn->flip = c->model.flip;
	snprintf(nn->desc, sizeof(nn->desc), "%s (%s%s)",
		 nn_model_name(nn->model), nn_isa_names[isa],
		 nn->flip ? ", flip" : "");
	*out = nn;
	return MP_OK;
}

void snapshot_nn_free(struct snapshot_nn *nn)
{
	if (nn == NULL)
		return;
	nn_scratch_free(nn->scratch);
	nn_model_free(nn->model);
	free(nn);
}

void snapshot_nn_opts(const struct snapshot_nn *nn, const struct conf *c,
		      struct snapshot_opts *o)
{
	snapshot_opts_from_conf(o, c, nn_model_info(nn->model)->crop_scale,
				nn_model_info(nn->model)->crop_shift_y,
				(int)nn_model_info(nn->model)->input_w,
				(int)nn_model_info(nn->model)->input_h);
}

unsigned snapshot_nn_classes(const struct snapshot_nn *nn)
{
	return nn_model_info(nn->model)->num_classes;
}

const char *snapshot_nn_label(const struct snapshot_nn *nn, unsigned i)
{
	return nn_model_label(nn->model, i);
}

const char *snapshot_nn_describe(const struct snapshot_nn *nn)
{
	return nn->desc;
}

enum mp_status snapshot_nn_classify(void *ud, const struct image *crop,
				    float *probs, struct mp_error *err)
{
	struct snapshot_nn *nn = ud;

	/* The engine reads input_h rows of input_w contiguous pixels. */
	if (crop->w != (int)nn_model_info(nn->model)->input_w ||
	    crop->h != (int)nn_model_info(nn->model)->input_h ||
	    crop->stride != (size_t)crop->w)
		return mp_error_set(
			err, MP_EINVAL, _("a %dx%d crop for a %ux%u model"),
			crop->w, crop->h, nn_model_info(nn->model)->input_w,
			nn_model_info(nn->model)->input_h);
	nn_classify(nn->model, nn->scratch, crop->px, nn->flip, probs);
	return MP_OK;
}
