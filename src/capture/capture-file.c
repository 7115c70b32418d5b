/* moodplay - snapshots from image files: one file, or a directory whose
 * images are taken in turn (demos, tests). */
#include "config.h"

#include "capture/capture-internal.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>
#include <sys/stat.h>

/* Images in a directory source. */
#define DIR_MAX_FILES 10000

static enum mp_status file_source_init(struct capture_source *s,
				       const struct conf_capture *cc,
				       struct mp_error *err)
{
	(void)err;
	s->path = xstrdup(cc->file);
	s->who = s->path;
	snprintf(s->desc, sizeof(s->desc), _("file %s"), s->path);
	return MP_OK;
}

static bool image_name(const char *name)
{
	static const char *const ext[] = { ".jpg", ".jpeg", ".png" };
	size_t n = strlen(name);

	if (name[0] == '.')
		return false;
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		size_t e = strlen(ext[i]);

		if (n > e && strcasecmp(name + n - e, ext[i]) == 0)
			return true;
	}
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The directory's next image in name order, taking turns. */
static enum mp_status next_in_dir(struct capture_source *s, char **path,
				  struct mp_error *err)
{
	DIR *d = opendir(s->path);
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;

	if (d == NULL)
		return mp_error_set(err, errno == ENOENT ? MP_ENOENT : MP_ERR,
				    _("cannot open %s: %s"), s->path,
				    strerror(errno));
	while ((e = readdir(d)) != NULL && n < DIR_MAX_FILES) {
		if (!image_name(e->d_name))
			continue;
		names = xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n == 0) {
		free(names);
		return mp_error_set(err, MP_ENOENT,
				    _("%s has no .jpg, .jpeg or .png images"),
				    s->path);
	}
	qsort(names, n, sizeof(*names), cmp_str);
	*path = xasprintf("%s/%s", s->path, names[s->turn % n]);
	s->turn++;
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return MP_OK;
}

static enum mp_status start_file(struct capture *c, struct mp_error *err)
{
	struct capture_source *s = c->src;
	struct stat st;
	char *path = NULL;
	enum mp_status rc;

	if (stat(s->path, &st) != 0)
		return mp_error_set(err, errno == ENOENT ? MP_ENOENT : MP_ERR,
				    _("cannot open %s: %s"), s->path,
				    strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		rc = next_in_dir(s, &path, err);
		if (rc != MP_OK)
			return rc;
	}
	rc = capture_read_file(c, path != NULL ? path : s->path, err);
	free(path);
	c->done = rc == MP_OK;
	return rc;
}

/* A file is read whole at start: nothing to step, wait for or stop. */
static enum mp_status file_step(struct capture *c, struct mp_error *err)
{
	(void)c;
	(void)err;
	return MP_OK;
}

static int file_fd(const struct capture *c)
{
	(void)c;
	return -1;
}

static void file_nothing(struct capture *c)
{
	(void)c;
}

const struct capture_ops capture_file_ops = {
	.source_init = file_source_init,
	.start = start_file,
	.step = file_step,
	.fd = file_fd,
	.stop = file_nothing,
	.release = file_nothing,
};
