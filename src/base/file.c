/* moodplay - bounded whole-file reads, private writes (see file.h). */
#include "config.h"

#include "base/file.h"
#include "base/i18n.h"
#include "base/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum mp_status file_read_tail(const char *path, size_t max, char **out,
			      size_t *len, bool *cut, struct mp_error *err)
{
	/* O_NONBLOCK: a FIFO must not hold the open until fstat() refuses
	 * it; reads from a regular file ignore the flag. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat sb;
	size_t want, got = 0;
	char *buf;

	*out = NULL;
	*len = 0;
	*cut = false;
	if (fd < 0)
		return mp_error_set(err, errno == ENOENT ? MP_ENOENT : MP_ERR,
				    _("cannot open %s: %s"), path,
				    strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return mp_error_set(err, MP_ERR, _("%s is not a regular file"),
				    path);
	}
	want = (unsigned long long)sb.st_size > max ? max : (size_t)sb.st_size;
	*cut = want < (size_t)sb.st_size;
	if (*cut && lseek(fd, sb.st_size - (off_t)want, SEEK_SET) < 0) {
		close(fd);
		return mp_error_set(err, MP_ERR, _("cannot read %s: %s"), path,
				    strerror(errno));
	}
	buf = malloc(want + 1);
	if (buf == NULL) {
		close(fd);
		return mp_error_set(err, MP_ENOMEM, _("%s: out of memory"),
				    path);
	}
	while (got < want) {
		ssize_t r = read(fd, buf + got, want - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			close(fd);
			free(buf);
			return mp_error_set(err, MP_ERR,
					    _("cannot read %s: %s"), path,
					    strerror(e));
		}
		if (r == 0)
			break; /* the file shrank: what was read is the file */
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	*out = buf;
	*len = got;
	return MP_OK;
}

enum mp_status file_read(const char *path, size_t max, char **out, size_t *len,
			 struct mp_error *err)
{
	bool cut;
	/* One byte over the limit tells a file of exactly max bytes from a
	 * larger one. */
	enum mp_status rc = file_read_tail(path, max + 1, out, len, &cut, err);

	if (rc == MP_OK && (cut || *len > max)) {
		free(*out);
		*out = NULL;
		*len = 0;
		return mp_error_set(err, MP_ENOMEM,
				    ngettext("%s is larger than %zu byte",
					     "%s is larger than %zu bytes",
					     max),
				    path, max);
	}
	return rc;
}

FILE *file_create_private(const char *path, struct mp_error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;

	if (f == NULL) {
		mp_error_set(err, MP_ERR, _("cannot create %s: %s"), path,
			     strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	return f;
}

enum mp_status file_close(FILE *f, bool ok, const char *path, const char *why,
			  struct mp_error *err)
{
	if (fclose(f) != 0)
		ok = false;
	if (!ok)
		return mp_error_set(
			err, MP_ERR, _("cannot write %s: %s"), path,
			why != NULL && why[0] != '\0' ? why : strerror(errno));
	return MP_OK;
}

enum mp_status file_write(const char *path, const void *data, size_t len,
			  struct mp_error *err)
{
	FILE *f = file_create_private(path, err);

	if (f == NULL)
		return MP_ERR;
	return file_close(f, fwrite(data, 1, len, f) == len, path, NULL, err);
}

enum mp_status file_write_atomic(const char *path, const void *data, size_t len,
				 struct mp_error *err)
{
	char *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	enum mp_status rc = file_write(tmp, data, len, err);

	if (rc == MP_OK && rename(tmp, path) != 0)
		rc = mp_error_set(err, MP_ERR, _("cannot write %s: %s"), path,
				  strerror(errno));
	if (rc != MP_OK)
		unlink(tmp);
	free(tmp);
	return rc;
}
