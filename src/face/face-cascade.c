/* moodplay - reading OpenCV cascade XML with libxml2 (loaded on first use,
 * dynlib.h). */
#include "config.h"

#include "face/face-cascade.h"
#include "face/face-internal.h"
#include "base/dynlib.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Sanity bounds: OpenCV's biggest shipped cascade (frontalface_alt_tree)
 * has 8468 nodes; these leave room for custom ones without letting a
 * hostile file make us allocate without end. */
#define MAX_FILE_SIZE (64 * 1024 * 1024)
#define MAX_STAGES 1000
#define MAX_NODES 1000000
#define MAX_WINDOW 1024
#define MAX_TREE_NODES 256
#define LBP_CATEGORIES 256

/* OpenCV subtracts this from every stage threshold when loading. */
#define THRESHOLD_EPS 1e-5f

struct parse {
	const struct dynlib_xml *xml;
	const char *name;
	const struct stop *stop; /* checked between chunks and stages */
	struct mp_error *err;
	struct face_cascade *c;
	size_t cap_weak, cap_nodes, cap_leaves, cap_subsets;
};

static xmlNode *child(const xmlNode *n, const char *name)
{
	for (xmlNode *k = n ? n->children : NULL; k != NULL; k = k->next)
		if (k->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)k->name, name) == 0)
			return k;
	return NULL;
}

static xmlNode *next_element(xmlNode *n)
{
	while (n != NULL && n->type != XML_ELEMENT_NODE)
		n = n->next;
	return n;
}

static int count_elements(const xmlNode *n)
{
	int k = 0;

	for (xmlNode *e = next_element(n->children); e;
	     e = next_element(e->next))
		k++;
	return k;
}

/* OpenCV writes its numbers in the C format ("0.5"), whatever the user's
 * LC_NUMERIC says. */
static locale_t c_numeric;
static pthread_once_t c_numeric_once = PTHREAD_ONCE_INIT;

static void c_numeric_init(void)
{
	c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
}

/* Up to max whitespace-separated numbers from an element's text; *n gets
 * how many there were (which may exceed max: the caller checks). */
static bool numbers(const struct parse *p, const xmlNode *e, double *out,
		    size_t max, size_t *n)
{
	xmlChar *text = p->xml->node_get_content(e);
	const char *at = (const char *)text;
	bool ok = true;

	*n = 0;
	if (text == NULL)
		return false;
	pthread_once(&c_numeric_once, c_numeric_init);
	for (;;) {
		char *end;
		double v;

		while (*at == ' ' || *at == '\t' || *at == '\n' || *at == '\r')
			at++;
		if (*at == '\0')
			break;
		errno = 0;
		v = c_numeric != (locale_t)0 ? strtod_l(at, &end, c_numeric)
					     : strtod(at, &end);
		if (end == at || errno == ERANGE) {
			ok = false;
			break;
		}
		if (*n < max)
			out[*n] = v;
		(*n)++;
		at = end;
	}
	p->xml->free(text);
	return ok;
}

static bool one_number(const struct parse *p, const xmlNode *parent,
		       const char *name, double *v)
{
	const xmlNode *e = child(parent, name);
	size_t n;

	return e != NULL && numbers(p, e, v, 1, &n) && n == 1;
}

static bool one_int(const struct parse *p, const xmlNode *parent,
		    const char *name, int lo, int hi, int *v)
{
	double d;

	/* Range first: converting a double outside int's range is undefined. */
	if (!one_number(p, parent, name, &d) || !(d >= lo && d <= hi) ||
	    d != (int)d)
		return false;
	*v = (int)d;
	return true;
}

static bool is_int(double d)
{
	return d >= INT_MIN && d <= INT_MAX && d == (int)d;
}

/* A rect coordinate: an integer small enough that sums of a few of them
 * cannot overflow before they are compared with the window. */
static bool is_coord(double d)
{
	return d >= -MAX_WINDOW && d <= MAX_WINDOW && d == (int)d;
}

static enum mp_status bad(struct parse *p, const char *fmt, ...)
	MP_PRINTF(2, 3);

static enum mp_status bad(struct parse *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	mp_error_vset(p->err, MP_EINVAL, fmt, ap);
	va_end(ap);
	mp_error_prefix(p->err, "%s", p->name);
	return MP_EINVAL;
}

static void *grow(void *v, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return v;
	*cap = *cap ? *cap * 2 : 256;
	if (*cap < need)
		*cap = need;
	return xreallocarray(v, *cap, size);
}

/* One <_> of <weakClassifiers>: internalNodes and leafValues. */
static enum mp_status read_weak(struct parse *p, const xmlNode *w, int si,
				int wi)
{
	struct face_cascade *c = p->c;
	int step = 3 + (c->subset_size ? c->subset_size : 1);
	double vals[MAX_TREE_NODES * (3 + LBP_CATEGORIES / 32)];
	double leaves[MAX_TREE_NODES + 1];
	const xmlNode *in = child(w, "internalNodes"),
		      *lv = child(w, "leafValues");
	size_t n, nl;
	int nodes;

	if (in == NULL || lv == NULL)
		return bad(p,
			   _("stage %d, weak classifier %d: internalNodes or "
			     "leafValues missing"),
			   si, wi);
	if (!numbers(p, in, vals, sizeof(vals) / sizeof(vals[0]), &n) ||
	    n == 0 || n % (size_t)step != 0 ||
	    n > sizeof(vals) / sizeof(vals[0]))
		return bad(
			p,
			ngettext("stage %d, weak classifier %d: internalNodes "
				 "must hold groups of %d number",
				 "stage %d, weak classifier %d: internalNodes "
				 "must hold groups of %d numbers",
				 step),
			si, wi, step);
	nodes = (int)(n / (size_t)step);
	if (!numbers(p, lv, leaves, sizeof(leaves) / sizeof(leaves[0]), &nl) ||
	    nl != (size_t)nodes + 1)
		return bad(
			p,
			ngettext(
				"stage %d, weak classifier %d: %zu leaf values "
				"for %d node (expected %d)",
				"stage %d, weak classifier %d: %zu leaf values "
				"for %d nodes (expected %d)",
				nodes),
			si, wi, nl, nodes, nodes + 1);
	if ((size_t)c->nnodes + (size_t)nodes > MAX_NODES)
		return bad(p, _("more than %d tree nodes"), MAX_NODES);

	c->weak = grow(c->weak, &p->cap_weak, (size_t)c->nweak + 1,
		       sizeof(*c->weak));
	c->weak[c->nweak++].node_count = nodes;
	c->nodes = grow(c->nodes, &p->cap_nodes,
			(size_t)c->nnodes + (size_t)nodes, sizeof(*c->nodes));
	c->leaves = grow(c->leaves, &p->cap_leaves,
			 (size_t)c->nleaves + (size_t)nodes + 1,
			 sizeof(*c->leaves));
	if (c->subset_size)
		c->subsets = grow(c->subsets, &p->cap_subsets,
				  (size_t)(c->nnodes + nodes) *
					  (size_t)c->subset_size,
				  sizeof(*c->subsets));
	for (int k = 0; k < nodes; k++) {
		const double *v = vals + (size_t)k * (size_t)step;
		struct face_node *nd = &c->nodes[c->nnodes + k];

		for (int j = 0; j < step; j++)
			if (!(j == 3 && !c->subset_size) && !is_int(v[j]))
				return bad(p,
					   _("stage %d, weak classifier %d: "
					     "node %d has a non-integer field"),
					   si, wi, k);
		nd->left = (int)v[0];
		nd->right = (int)v[1];
		nd->feature = (int)v[2];
		/* Children must come later in the tree: no loops, and every
		 * walk ends at a leaf that exists. */
		if ((nd->left > 0 && (nd->left <= k || nd->left >= nodes)) ||
		    (nd->right > 0 && (nd->right <= k || nd->right >= nodes)) ||
		    -nd->left > nodes || -nd->right > nodes)
			return bad(p,
				   _("stage %d, weak classifier %d: node %d "
				     "points outside its tree"),
				   si, wi, k);
		if (nd->feature < 0)
			return bad(p,
				   _("stage %d, weak classifier %d: negative "
				     "feature index"),
				   si, wi);
		if (c->subset_size) {
			nd->threshold = 0;
			for (int j = 0; j < c->subset_size; j++)
				c->subsets[(size_t)(c->nnodes + k) *
						   (size_t)c->subset_size +
					   (size_t)j] = (int32_t)v[3 + j];
		} else {
			nd->threshold = (float)v[3];
		}
	}
	for (int k = 0; k <= nodes; k++)
		c->leaves[c->nleaves + k] = (float)leaves[k];
	c->nnodes += nodes;
	c->nleaves += nodes + 1;
	return MP_OK;
}

static enum mp_status read_stages(struct parse *p, const xmlNode *stages,
				  int declared)
{
	struct face_cascade *c = p->c;
	int n = count_elements(stages), si = 0;

	if (n != declared)
		return bad(p,
			   ngettext("stageNum is %d but there is %d stage",
				    "stageNum is %d but there are %d stages",
				    n),
			   declared, n);
	c->stages = xcalloc((size_t)n, sizeof(*c->stages));
	for (xmlNode *s = next_element(stages->children); s;
	     s = next_element(s->next), si++) {
		const xmlNode *wc = child(s, "weakClassifiers");
		double thr;
		int maxweak, wi = 0;
		enum mp_status rc = stop_check(p->stop, p->err);

		if (rc != MP_OK)
			return rc;
		if (!one_int(p, s, "maxWeakCount", 1, MAX_NODES, &maxweak) ||
		    !one_number(p, s, "stageThreshold", &thr) || wc == NULL)
			return bad(p,
				   _("stage %d: maxWeakCount, stageThreshold "
				     "or weakClassifiers missing or invalid"),
				   si);
		if (count_elements(wc) != maxweak)
			return bad(p,
				   _("stage %d: maxWeakCount is %d but there "
				     "are %d weak classifiers"),
				   si, maxweak, count_elements(wc));
		c->stages[si].first = c->nweak;
		c->stages[si].ntrees = maxweak;
		c->stages[si].threshold = (float)thr - THRESHOLD_EPS;
		for (xmlNode *w = next_element(wc->children); w;
		     w = next_element(w->next), wi++) {
			rc = read_weak(p, w, si, wi);
			if (rc != MP_OK)
				return rc;
		}
	}
	c->nstages = n;
	return MP_OK;
}

static enum mp_status read_features(struct parse *p, const xmlNode *feats)
{
	struct face_cascade *c = p->c;
	int n = count_elements(feats), fi = 0;

	if (n == 0 || n > MAX_NODES)
		return bad(p,
			   ngettext("%d feature (expected 1 to %d)",
				    "%d features (expected 1 to %d)", n),
			   n, MAX_NODES);
	c->features = xcalloc((size_t)n, sizeof(*c->features));
	for (xmlNode *f = next_element(feats->children); f;
	     f = next_element(f->next), fi++) {
		struct face_feature *ft = &c->features[fi];
		double v[5];
		size_t k;

		if (fi % 256 == 0) {
			enum mp_status rc = stop_check(p->stop, p->err);

			if (rc != MP_OK)
				return rc;
		}
		if (c->type == FACE_LBP) {
			const xmlNode *r = child(f, "rect");
			struct face_rect *rr = &ft->r[0];

			if (r == NULL || !numbers(p, r, v, 4, &k) || k != 4 ||
			    !is_coord(v[0]) || !is_coord(v[1]) ||
			    !is_coord(v[2]) || !is_coord(v[3]))
				return bad(p,
					   _("feature %d: rect must be 4 "
					     "integers"),
					   fi);
			*rr = (struct face_rect){ (int)v[0], (int)v[1],
						  (int)v[2], (int)v[3], 0 };
			if (rr->x < 0 || rr->y < 0 || rr->w <= 0 ||
			    rr->h <= 0 || rr->x + 3 * rr->w > c->win_w ||
			    rr->y + 3 * rr->h > c->win_h)
				return bad(
					p,
					_("feature %d: block outside the %dx%d "
					  "window"),
					fi, c->win_w, c->win_h);
			continue;
		}
		{
			const xmlNode *rects = child(f, "rects");
			double tilted = 0;
			int ri = 0;

			if (one_number(p, f, "tilted", &tilted) &&
			    tilted != 0) {
				ft->tilted = true;
				c->tilted = true;
			}
			if (rects == NULL || count_elements(rects) < 1 ||
			    count_elements(rects) > 3)
				return bad(p,
					   _("feature %d: needs 1 to 3 rects"),
					   fi);
			for (xmlNode *r = next_element(rects->children); r;
			     r = next_element(r->next), ri++) {
				struct face_rect *rr = &ft->r[ri];

				if (!numbers(p, r, v, 5, &k) || k != 5 ||
				    !is_coord(v[0]) || !is_coord(v[1]) ||
				    !is_coord(v[2]) || !is_coord(v[3]))
					return bad(p,
						   _("feature %d: a rect must "
						     "be x y w h "
						     "weight"),
						   fi);
				*rr = (struct face_rect){ (int)v[0], (int)v[1],
							  (int)v[2], (int)v[3],
							  (float)v[4] };
				if (rr->x < 0 || rr->y < 0 || rr->w < 0 ||
				    rr->h < 0 ||
				    (!ft->tilted &&
				     (rr->x + rr->w > c->win_w ||
				      rr->y + rr->h > c->win_h)) ||
				    (ft->tilted &&
				     (rr->x - rr->h < 0 ||
				      rr->x + rr->w > c->win_w ||
				      rr->y + rr->w + rr->h > c->win_h)))
					return bad(p,
						   _("feature %d: rect outside "
						     "the "
						     "%dx%d window"),
						   fi, c->win_w, c->win_h);
			}
		}
	}
	c->nfeatures = n;
	return MP_OK;
}

static enum mp_status read_cascade(struct parse *p, const xmlNode *root)
{
	struct face_cascade *c = p->c;
	const xmlNode *casc = next_element(root->children);
	const xmlNode *stages, *feats, *ft, *st;
	xmlChar *type_id;
	int nstages;
	enum mp_status rc;

	if (strcmp((const char *)root->name, "opencv_storage") != 0 ||
	    casc == NULL)
		return bad(p, _("not an OpenCV cascade (no opencv_storage)"));
	type_id = p->xml->get_prop(casc, (const xmlChar *)"type_id");
	if (type_id != NULL &&
	    strcmp((const char *)type_id, "opencv-haar-classifier") == 0) {
		p->xml->free(type_id);
		return bad(p,
			   _("old-format cascade (opencv-haar-classifier) is "
			     "not supported; use one in the "
			     "opencv-cascade-classifier format"));
	}
	p->xml->free(type_id);
	st = child(casc, "stageType");
	ft = child(casc, "featureType");
	if (st == NULL || ft == NULL)
		return bad(p, _("stageType or featureType missing"));
	{
		xmlChar *s = p->xml->node_get_content(st);
		xmlChar *f = p->xml->node_get_content(ft);
		bool boost = s && strcmp((const char *)s, "BOOST") == 0;
		bool haar = f && strcmp((const char *)f, "HAAR") == 0;
		bool lbp = f && strcmp((const char *)f, "LBP") == 0;

		p->xml->free(s);
		p->xml->free(f);
		if (!boost)
			return bad(p, _("stageType must be BOOST"));
		if (!haar && !lbp)
			return bad(p, _("featureType must be HAAR or LBP"));
		c->type = haar ? FACE_HAAR : FACE_LBP;
	}
	if (!one_int(p, casc, "width", 4, MAX_WINDOW, &c->win_w) ||
	    !one_int(p, casc, "height", 4, MAX_WINDOW, &c->win_h))
		return bad(p,
			   _("width and height must be integers from 4 to %d"),
			   MAX_WINDOW);
	if (c->type == FACE_LBP) {
		int cats;

		if (!one_int(p, child(casc, "featureParams"), "maxCatCount", 1,
			     LBP_CATEGORIES, &cats) ||
		    cats != LBP_CATEGORIES)
			return bad(p, _("LBP cascade needs maxCatCount %d"),
				   LBP_CATEGORIES);
		c->subset_size = LBP_CATEGORIES / 32;
	}
	if (!one_int(p, casc, "stageNum", 1, MAX_STAGES, &nstages))
		return bad(p, _("stageNum must be an integer from 1 to %d"),
			   MAX_STAGES);
	stages = child(casc, "stages");
	feats = child(casc, "features");
	if (stages == NULL || feats == NULL)
		return bad(p, _("stages or features missing"));
	rc = read_features(p, feats);
	if (rc == MP_OK)
		rc = read_stages(p, stages, nstages);
	if (rc != MP_OK)
		return rc;
	c->stumps = true;
	for (int i = 0; i < c->nnodes; i++) {
		if (c->nodes[i].feature >= c->nfeatures)
			return bad(p, _("a node uses feature %d of %d"),
				   c->nodes[i].feature, c->nfeatures);
	}
	for (int i = 0; i < c->nweak; i++)
		if (c->weak[i].node_count != 1)
			c->stumps = false;
	return MP_OK;
}

/* Where the XML comes from: len bytes at buf, or the file f, read a chunk
 * at a time (never whole: the stop is checked between chunks, and a big
 * file is not held twice). */
struct xml_src {
	const char *buf;
	size_t len, off;
	FILE *f;
	char chunk[64 * 1024];
};

/* The next chunk of src into *data and *n; *n == 0 at the end. */
static enum mp_status xml_src_next(struct parse *p, struct xml_src *src,
				   const char **data, size_t *n)
{
	if (src->f == NULL) {
		*n = src->len - src->off < sizeof(src->chunk)
			     ? src->len - src->off
			     : sizeof(src->chunk);
		*data = src->buf + src->off;
		src->off += *n;
		return MP_OK;
	}
	*n = fread(src->chunk, 1, sizeof(src->chunk), src->f);
	*data = src->chunk;
	src->off += *n;
	if (ferror(src->f))
		return mp_error_set(p->err, MP_ERR, _("cannot read %s: %s"),
				    p->name, strerror(errno));
	if (src->off > MAX_FILE_SIZE)
		return mp_error_set(p->err, MP_EINVAL, _("%s: over %d MiB"),
				    p->name, MAX_FILE_SIZE >> 20);
	return MP_OK;
}

/* The XML into a document, fed to libxml2's push parser a chunk at a
 * time so that a cancel (the TUI's q during the first capture's set-up) is
 * seen between chunks: reading and parsing OpenCV's 930 KB default takes
 * tens of milliseconds, more under the sanitizers. */
static enum mp_status parse_xml(struct parse *p, struct xml_src *src,
				xmlDoc **out)
{
	xmlParserCtxt *ctx;
	enum mp_status rc = MP_OK;
	bool ok = true;
	size_t n;

	*out = NULL;
	ctx = p->xml->create_push_parser_ctxt(NULL, NULL, NULL, 0, p->name);
	if (ctx == NULL)
		return mp_error_set(p->err, MP_ENOMEM, _("%s: out of memory"),
				    p->name);
	/* No network, no entity expansion tricks, no messages on stderr. */
	p->xml->ctxt_use_options(ctx, XML_PARSE_NONET | XML_PARSE_NOERROR |
					      XML_PARSE_NOWARNING);
	do {
		const char *data;

		rc = stop_check(p->stop, p->err);
		if (rc == MP_OK)
			rc = xml_src_next(p, src, &data, &n);
		if (rc != MP_OK)
			break;
		ok = p->xml->parse_chunk(ctx, n > 0 ? data : NULL, (int)n,
					 n == 0) == 0;
	} while (ok && n > 0);
	if (rc == MP_OK && (!ok || !ctx->wellFormed || ctx->myDoc == NULL)) {
		const xmlError *e = p->xml->ctxt_get_last_error(ctx);

		rc = mp_error_set(p->err, MP_EINVAL, _("%s:%d: XML error: %s"),
				  p->name, e ? e->line : 0,
				  e && e->message ? e->message : _("unknown"));
		/* libxml2 messages end in a newline; ours never do. */
		if (p->err != NULL) {
			size_t k = strlen(p->err->msg);

			while (k > 0 && p->err->msg[k - 1] == '\n')
				p->err->msg[--k] = '\0';
		}
	}
	if (rc == MP_OK)
		*out = ctx->myDoc;
	else
		p->xml->free_doc(ctx->myDoc);
	p->xml->free_parser_ctxt(ctx);
	return rc;
}

/* The cascade in len bytes at buf, or in the file f. */
static enum mp_status load(struct parse *p, const char *buf, size_t len,
			   FILE *f, struct face_cascade **out)
{
	struct xml_src *src = xcalloc(1, sizeof(*src)); /* 64 KiB */
	xmlDoc *doc;
	enum mp_status rc;

	*out = NULL;
	src->buf = buf;
	src->len = len;
	src->f = f;
	rc = dynlib_xml(&p->xml, p->err);
	if (rc == MP_OK)
		rc = parse_xml(p, src, &doc);
	free(src);
	if (rc != MP_OK)
		return rc;
	p->c = xcalloc(1, sizeof(*p->c));
	rc = read_cascade(p, p->xml->doc_get_root_element(doc));
	p->xml->free_doc(doc);
	if (rc != MP_OK) {
		face_cascade_free(p->c);
		return rc;
	}
	*out = p->c;
	return MP_OK;
}

enum mp_status face_cascade_load_buffer(const char *name, const char *buf,
					size_t len, const struct stop *stop,
					struct face_cascade **out,
					struct mp_error *err)
{
	struct parse p = { .name = name, .err = err, .stop = stop };

	*out = NULL;
	if (len > MAX_FILE_SIZE)
		return mp_error_set(err, MP_EINVAL, _("%s: over %d MiB"), name,
				    MAX_FILE_SIZE >> 20);
	return load(&p, buf, len, NULL, out);
}

enum mp_status face_cascade_load_file(const char *path, const struct stop *stop,
				      struct face_cascade **out,
				      struct mp_error *err)
{
	struct parse p = { .name = path, .err = err, .stop = stop };
	/* O_NONBLOCK: a FIFO must not hold the open until fstat() refuses
	 * it. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
	struct stat st;
	enum mp_status rc;

	*out = NULL;
	if (f == NULL) {
		rc = mp_error_set(err, errno == ENOENT ? MP_ENOENT : MP_ERR,
				  _("cannot open cascade %s: %s"), path,
				  strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > MAX_FILE_SIZE) {
		fclose(f);
		return mp_error_set(
			err, MP_EINVAL,
			_("%s: not a regular file of at most %d MiB"), path,
			MAX_FILE_SIZE >> 20);
	}
	rc = load(&p, NULL, 0, f, out);
	fclose(f);
	return rc;
}

void face_cascade_free(struct face_cascade *c)
{
	if (c == NULL)
		return;
	free(c->stages);
	free(c->weak);
	free(c->nodes);
	free(c->leaves);
	free(c->subsets);
	free(c->features);
	free(c);
}

void face_cascade_window(const struct face_cascade *c, int *w, int *h)
{
	*w = c->win_w;
	*h = c->win_h;
}
