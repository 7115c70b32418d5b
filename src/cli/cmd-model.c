/* moodplay - "moodplay model eval": accuracy of the expression model on a
 * labelled set of face images (an ImageFolder tree or Kaggle's
 * fer2013.csv), with the same preprocessing and arithmetic as live use. */
#include "config.h"

#include "base/clock.h"
#include "cli/cli.h"
#include "conf/conf.h"
#include "base/i18n.h"
#include "image/image-decode.h"
#include "image/image.h"
#include "base/json.h"
#include "nn/nn-run.h"
#include "snapshot/snapshot-nn.h"
#include "base/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Unreadable images named in the report; more are only counted. */
#define MAX_NAMED_BAD 50

struct eval {
	const struct nn_model *m;
	struct nn_scratch *s;
	bool flip;
	int max_bytes, max_dimension;
	unsigned k;
	unsigned long *confusion; /* [k][k], rows = true class */
	unsigned long total, done, bad;
	char *bad_names[MAX_NAMED_BAD];
	double infer_us;
	bool progress;
	int shown;   /* percent on the progress bar */
	uint8_t *px; /* input_h * input_w */
};

static void progress(struct eval *e)
{
	int pct;

	if (!e->progress || e->total == 0)
		return;
	pct = (int)(100 * (e->done + e->bad) / e->total);
	if (pct == e->shown)
		return;
	e->shown = pct;
	fprintf(stderr, "\r[%-50.*s] %3d%% %lu/%lu", pct / 2,
		"==================================================", pct,
		e->done + e->bad, e->total);
	if (pct == 100)
		fputc('\n', stderr);
	fflush(stderr);
}

static void unreadable(struct eval *e, const char *name, const char *why)
{
	if (e->bad < MAX_NAMED_BAD)
		e->bad_names[e->bad] = xasprintf("%s: %s", name, why);
	e->bad++;
	progress(e);
}

/* Classify e->px (already filled) as an image of class label. */
static void score(struct eval *e, unsigned label)
{
	float probs[NN_MAX_CLASSES];
	double t = (clock_now_ms() * 1e3);
	unsigned pred = nn_classify(e->m, e->s, e->px, e->flip, probs);

	e->infer_us += (clock_now_ms() * 1e3) - t;
	e->confusion[label * e->k + pred]++;
	e->done++;
	progress(e);
}

/* Read a whole file of at most max bytes. */
static enum mp_status read_file(const char *path, size_t max, uint8_t **out,
				size_t *len, struct mp_error *err)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	size_t n;

	*out = NULL;
	if (f == NULL)
		return mp_error_set(err, MP_ERR, "%s", strerror(errno));
	buf = malloc(max + 1);
	if (buf == NULL) {
		fclose(f);
		return mp_error_set(err, MP_ENOMEM, _("out of memory"));
	}
	n = fread(buf, 1, max + 1, f);
	if (ferror(f) || n > max) {
		fclose(f);
		free(buf);
		return mp_error_set(err, MP_ERR,
				    n > max ? _("larger than capture.max_bytes")
					    : _("read error"));
	}
	fclose(f);
	*out = buf;
	*len = n;
	return MP_OK;
}

/* Decode an image file into e->px: grey, resampled to the model's input
 * size when it is not that size already (face crops of any size). */
static enum mp_status load_image(struct eval *e, const char *path,
				 struct mp_error *err)
{
	unsigned h = nn_model_info(e->m)->input_h,
		 w = nn_model_info(e->m)->input_w;
	struct image *im = NULL, *small = NULL;
	const struct image *src;
	uint8_t *buf;
	size_t len = 0;
	enum mp_status rc;

	rc = read_file(path, (size_t)e->max_bytes, &buf, &len, err);
	if (rc != MP_OK)
		return rc;
	rc = image_decode(buf, len, e->max_dimension, &im, err);
	free(buf);
	if (rc != MP_OK)
		return rc;
	src = im;
	if (im->w != (int)w || im->h != (int)h) {
		rc = image_new((int)w, (int)h, &small, err);
		if (rc != MP_OK) {
			image_free(im);
			return rc;
		}
		/* models/README.md: area averaging to shrink, bilinear to enlarge */
		if (im->w < (int)w)
			image_resize_linear(im, small);
		else
			image_resample_area(im, 0, 0, im->w, im->h, small);
		src = small;
	}
	for (unsigned y = 0; y < h; y++)
		memcpy(e->px + (size_t)y * w, src->px + y * src->stride, w);
	image_free(small);
	image_free(im);
	return MP_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted entries of dir not starting with '.'; NULL if unreadable. */
static char **list_dir(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	if (d == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			names = xreallocarray(names, cap, sizeof(*names));
		}
		names[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (*n > 0)
		qsort(names, *n, sizeof(*names), cmp_str);
	else
		names = xcalloc(1, sizeof(*names)); /* empty, not failed */
	return names;
}

static void free_list(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* DIR/<label>/<image> for every label of the model, in sorted order (as
 * models/ferdata.py reads it). */
static enum mp_status eval_dir(struct eval *e, const char *dir,
			       const struct cli *cli, struct mp_error *err)
{
	size_t nsub;
	char **sub = list_dir(dir, &nsub);
	char **files[NN_MAX_CLASSES] = { NULL };
	size_t nfiles[NN_MAX_CLASSES] = { 0 };

	if (sub == NULL)
		return mp_error_set(err, MP_ENOENT, _("cannot read %s: %s"),
				    dir, strerror(errno));
	for (size_t i = 0; i < nsub; i++) {
		unsigned c = 0;

		while (c < e->k && strcmp(sub[i], nn_model_label(e->m, c)) != 0)
			c++;
		if (c == e->k)
			cli_warn(cli,
				 _("%s/%s: not a class of the "
				   "model, skipped"),
				 dir, sub[i]);
	}
	free_list(sub, nsub);
	for (unsigned c = 0; c < e->k; c++) {
		char *cdir = xasprintf("%s/%s", dir, nn_model_label(e->m, c));

		files[c] = list_dir(cdir, &nfiles[c]);
		e->total += nfiles[c];
		free(cdir);
	}
	for (unsigned c = 0; c < e->k; c++) {
		for (size_t i = 0; i < nfiles[c]; i++) {
			char *path =
				xasprintf("%s/%s/%s", dir,
					  nn_model_label(e->m, c), files[c][i]);
			struct mp_error ierr = { 0 };

			if (load_image(e, path, &ierr) == MP_OK)
				score(e, c);
			else
				unreadable(e, path, ierr.msg);
			free(path);
		}
		free_list(files[c], nfiles[c]);
	}
	return MP_OK;
}

/* One "emotion,pixels,Usage" row of fer2013.csv into e->px; false if it is
 * malformed.  The pixels field may be quoted. */
static bool parse_row(struct eval *e, char *line, unsigned *label, char **usage)
{
	size_t n = (size_t)nn_model_info(e->m)->input_h *
		   nn_model_info(e->m)->input_w;
	char *p = line, *end;
	long v = strtol(p, &end, 10);

	if (end == p || *end != ',' || v < 0 || v >= (long)e->k)
		return false;
	*label = (unsigned)v;
	p = end + 1;
	if (*p == '"')
		p++;
	for (size_t i = 0; i < n; i++) {
		long x = strtol(p, &end, 10);

		if (end == p || x < 0 || x > 255)
			return false;
		e->px[i] = (uint8_t)x;
		p = end;
	}
	if (*p == '"')
		p++;
	if (*p != ',')
		return false;
	*usage = p + 1;
	p[1 + strcspn(p + 1, "\r\n")] = '\0';
	if (**usage == '"') {
		(*usage)++;
		(*usage)[strcspn(*usage, "\"")] = '\0';
	}
	return true;
}

/* Kaggle's fer2013.csv: the rows whose Usage is usage (all with NULL). */
static enum mp_status eval_csv(struct eval *e, const char *path,
			       const char *usage, struct mp_error *err)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;
	ssize_t len;

	if (f == NULL)
		return mp_error_set(err, errno == ENOENT ? MP_ENOENT : MP_ERR,
				    _("cannot read %s: %s"), path,
				    strerror(errno));
	/* count the rows first, for the progress bar */
	while ((len = getline(&line, &cap, f)) > 0)
		e->total++;
	e->total = e->total > 0 ? e->total - 1 : 0;
	rewind(f);
	while ((len = getline(&line, &cap, f)) > 0) {
		unsigned label;
		char *u;

		if (lineno++ == 0 && strncmp(line, "emotion,", 8) == 0)
			continue;
		if (!parse_row(e, line, &label, &u)) {
			char *name = xasprintf("%s:%lu", path, lineno);

			unreadable(e, name,
				   _("not an emotion,pixels,Usage row"));
			free(name);
		} else if (usage == NULL || strcmp(u, usage) == 0) {
			score(e, label);
		} else {
			e->total--;
			progress(e);
		}
	}
	free(line);
	fclose(f);
	if (e->done + e->bad == 0 && usage != NULL)
		return mp_error_set(err, MP_EINVAL,
				    _("%s: no rows with Usage %s"), path,
				    usage);
	return MP_OK;
}

struct metrics {
	double precision, recall, f1;
	unsigned long support, correct;
};

static void class_metrics(const struct eval *e, unsigned c, struct metrics *r)
{
	unsigned long tp = e->confusion[c * e->k + c], pred = 0, actual = 0;

	for (unsigned i = 0; i < e->k; i++) {
		pred += e->confusion[i * e->k + c];
		actual += e->confusion[c * e->k + i];
	}
	/* as models/intref.py: 0 when a class is never predicted / present */
	r->precision = (double)tp / (pred ? pred : 1);
	r->recall = (double)tp / (actual ? actual : 1);
	r->f1 = r->precision + r->recall > 0
			? 2 * r->precision * r->recall /
				  (r->precision + r->recall)
			: 0;
	r->support = actual;
	r->correct = tp;
}

static unsigned long correct(const struct eval *e)
{
	unsigned long n = 0;

	for (unsigned c = 0; c < e->k; c++)
		n += e->confusion[c * e->k + c];
	return n;
}

static void print_text(const struct eval *e, double wall_s)
{
	unsigned long ok = correct(e);

	printf(_("model %s, %s kernels%s\n"), nn_model_name(e->m),
	       nn_isa_names[nn_scratch_isa(e->s)],
	       e->flip ? _(", flip-averaged") : "");
	printf(_("accuracy %.4f (%lu/%lu)\n\n"),
	       e->done ? (double)ok / e->done : 0.0, ok, e->done);
	printf("%-10s %9s %9s %9s %9s\n", _("class"), _("precision"),
	       _("recall"), "F1", _("support"));
	for (unsigned c = 0; c < e->k; c++) {
		struct metrics r;

		class_metrics(e, c, &r);
		printf("%-10s %9.3f %9.3f %9.3f %9lu\n",
		       nn_model_label(e->m, c), r.precision, r.recall, r.f1,
		       r.support);
	}
	printf(_("\nconfusion matrix (rows = true class, columns = "
		 "predicted):\n%-10s"),
	       "");
	for (unsigned c = 0; c < e->k; c++)
		printf(" %8.8s", nn_model_label(e->m, c));
	putchar('\n');
	for (unsigned r = 0; r < e->k; r++) {
		printf("%-10s", nn_model_label(e->m, r));
		for (unsigned c = 0; c < e->k; c++)
			printf(" %8lu", e->confusion[r * e->k + c]);
		putchar('\n');
	}
	printf(_("\n%.1f images/s, %.1f us per face for the inference alone\n"),
	       wall_s > 0 ? e->done / wall_s : 0.0,
	       e->done ? e->infer_us / e->done : 0.0);
	if (e->bad > 0) {
		printf(_("%lu unreadable:\n"), e->bad);
		for (unsigned long i = 0; i < e->bad && i < MAX_NAMED_BAD; i++)
			printf("  %s\n", e->bad_names[i]);
		if (e->bad > MAX_NAMED_BAD)
			printf(_("  ... and %lu more\n"),
			       e->bad - MAX_NAMED_BAD);
	}
}

static void print_json(const struct eval *e, double wall_s)
{
	bool first = true, f2;
	unsigned long ok = correct(e);

	putchar('{');
	json_key(stdout, "model", &first);
	json_string(stdout, nn_model_name(e->m));
	json_key(stdout, "isa", &first);
	json_string(stdout, nn_isa_names[nn_scratch_isa(e->s)]);
	json_key(stdout, "flip", &first);
	fputs(e->flip ? "true" : "false", stdout);
	json_key(stdout, "images", &first);
	json_number(stdout, (double)e->done);
	json_key(stdout, "correct", &first);
	json_number(stdout, (double)ok);
	json_key(stdout, "accuracy", &first);
	json_number(stdout, e->done ? (double)ok / e->done : 0.0);
	json_key(stdout, "per_class", &first);
	putchar('[');
	for (unsigned c = 0; c < e->k; c++) {
		struct metrics r;

		class_metrics(e, c, &r);
		f2 = true;
		printf(c ? ",{" : "{");
		json_key(stdout, "class", &f2);
		json_string(stdout, nn_model_label(e->m, c));
		json_key(stdout, "precision", &f2);
		json_number(stdout, r.precision);
		json_key(stdout, "recall", &f2);
		json_number(stdout, r.recall);
		json_key(stdout, "f1", &f2);
		json_number(stdout, r.f1);
		json_key(stdout, "support", &f2);
		json_number(stdout, (double)r.support);
		putchar('}');
	}
	putchar(']');
	json_key(stdout, "confusion", &first);
	putchar('[');
	for (unsigned r = 0; r < e->k; r++) {
		if (r)
			putchar(',');
		putchar('[');
		for (unsigned c = 0; c < e->k; c++) {
			if (c)
				putchar(',');
			json_number(stdout, (double)e->confusion[r * e->k + c]);
		}
		putchar(']');
	}
	putchar(']');
	json_key(stdout, "us_per_face", &first);
	json_number(stdout, e->done ? e->infer_us / e->done : 0.0);
	json_key(stdout, "images_per_second", &first);
	json_number(stdout, wall_s > 0 ? e->done / wall_s : 0.0);
	json_key(stdout, "unreadable", &first);
	json_number(stdout, (double)e->bad);
	json_key(stdout, "unreadable_files", &first);
	putchar('[');
	for (unsigned long i = 0; i < e->bad && i < MAX_NAMED_BAD; i++) {
		if (i)
			putchar(',');
		json_string(stdout, e->bad_names[i]);
	}
	puts("]}");
}

static int cmd_model(struct cli *cli, int argc, char **argv);

static const struct cli_option model_options[] = {
	{ "json", 'j', NULL, N_("machine-readable report"), 'j' },
	{ "model", 'm', N_("FILE"),
	  N_("evaluate FILE instead of model.path / the built-in model"), 'm' },
	{ "isa", 0, N_("ISA"),
	  N_("kernels: auto, scalar, avx2, avx512vnni (default model.isa)"),
	  'i' },
	{ "flip", 0, NULL,
	  N_("average with the mirror image (default: "
	     "model.flip)"),
	  'f' },
	{ "no-flip", 0, NULL, N_("one pass per image"), 'F' },
	{ "usage", 0, N_("U"),
	  N_("CSV rows whose Usage is U (default PublicTest;\nall: every "
	     "row)"),
	  'u' },
	CLI_OPTIONS_END,
};

const struct cli_command cmd_model_entry = {
	.name = "model",
	.exec = cmd_model,
	.options = model_options,
	.no_operands = false,
	.usage = N_("eval [--json] [--model FILE] [--isa ISA]\n"
		    "                           [--flip|--no-flip] [--usage U] "
		    "DIR|CSV"),
	.summary = N_("measure the expression model's accuracy on labelled "
		      "faces"),
	.about = N_("Evaluate the expression model on labelled face images: "
		    "DIR/<class>/<image>\n(FER2013 class folder names) or "
		    "Kaggle's fer2013.csv."),
	.exit_status = NULL,
};

static int model_eval(struct cli *cli, int argc, char **argv)
{
	const char *model_path = cli->conf->model.path, *isa_name = NULL;
	const char *use = "PublicTest", *src;
	struct nn_model *m = NULL;
	struct eval e = { 0 };
	struct mp_error err = { 0 };
	struct stat st;
	bool json = false;
	enum nn_isa isa;
	enum mp_status rc;
	double wall;
	int c, ret = EXIT_OK;

	cli_set_label("model eval");
	e.flip = cli->conf->model.flip;
	while ((c = cli_getopt(&cmd_model_entry, argc, argv)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'm': model_path = optarg; break;
		case 'i': isa_name = optarg; break;
		case 'f': e.flip = true; break;
		case 'F': e.flip = false; break;
		case 'u':
			use = strcmp(optarg, "all") == 0 ? NULL : optarg;
			break;
		case CLI_OPT_HELP: return EXIT_OK;
		default: return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		cli_error(_("give one DIR or CSV; try 'moodplay "
			    "model --help'"));
		return EXIT_USAGE;
	}
	src = argv[optind];
	rc = snapshot_nn_isa(cli->conf, isa_name, &isa, &err);
	if (rc == MP_OK)
		rc = nn_model_load(model_path, &m, &err);
	if (rc == MP_OK)
		rc = nn_scratch_new(m, isa, &e.s, &err);
	if (rc != MP_OK) {
		nn_model_free(m);
		return cli_fail(&err);
	}
	e.m = m;
	e.k = nn_model_info(m)->num_classes;
	e.max_bytes = cli->conf->capture.max_bytes;
	e.max_dimension = cli->conf->capture.max_dimension;
	e.confusion = xcalloc((size_t)e.k * e.k, sizeof(*e.confusion));
	e.px = xmalloc((size_t)nn_model_info(m)->input_h *
		       nn_model_info(m)->input_w);
	e.progress = isatty(STDERR_FILENO) && !cli->quiet;
	e.shown = -1;
	wall = (clock_now_ms() * 1e3);
	if (stat(src, &st) == 0 && S_ISDIR(st.st_mode))
		rc = eval_dir(&e, src, cli, &err);
	else
		rc = eval_csv(&e, src, use, &err);
	wall = ((clock_now_ms() * 1e3) - wall) / 1e6;
	if (e.progress && e.shown >= 0 && e.shown < 100)
		fputc('\n', stderr);
	if (rc != MP_OK) {
		ret = cli_fail(&err);
	} else if (e.done == 0) {
		cli_error(_("no readable images in %s"), src);
		ret = EXIT_RUNTIME;
	}
	/* No report of nothing: "accuracy 0 (0/0)" would read as a result. */
	if (rc == MP_OK && e.done > 0) {
		if (json)
			print_json(&e, wall);
		else
			print_text(&e, wall);
	}
	for (unsigned long i = 0; i < e.bad && i < MAX_NAMED_BAD; i++)
		free(e.bad_names[i]);
	free(e.px);
	free(e.confusion);
	nn_scratch_free(e.s);
	nn_model_free(m);
	return ret;
}

static const struct {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
} model_commands[] = {
	{ "eval", model_eval },
};

static int cmd_model(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2)
		for (size_t i = 0;
		     i < sizeof(model_commands) / sizeof(model_commands[0]);
		     i++)
			if (strcmp(argv[1], model_commands[i].name) == 0)
				return model_commands[i].run(cli, argc - 1,
							     argv + 1);
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		cli_command_help(&cmd_model_entry, stdout);
		return EXIT_OK;
	}
	cli_error(_("expected a subcommand: eval; try 'moodplay "
		    "model --help'"));
	return EXIT_USAGE;
}
