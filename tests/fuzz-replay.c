/* moodplay tests - replays inputs through a fuzz target without libFuzzer,
 * so make check runs every target over its seed corpus with any compiler
 * (and under --enable-sanitizers catches regressions).
 *
 *   fuzz-TARGET [FILE|DIR]...
 *
 * Without arguments (as make check runs it): the seed corpus,
 * $top_srcdir/tests/fuzz-corpus/TARGET, TARGET being the program's name
 * after "fuzz-" (tests/fuzz-image replays tests/fuzz-corpus/image).
 * Each file, and each regular file directly in each directory (sorted), is
 * fed once to LLVMFuzzerTestOneInput().  Prints TAP: one "ok" per input;
 * a crash or sanitizer report ends the run, so the test fails. */
#include "config.h"

#include "fuzz.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define REPLAY_MAX_INPUT (64u * 1024 * 1024) /* bytes in one input */

static unsigned n_tests;

/* Read path whole; NULL with a message for anything unreadable. */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (f == NULL) {
		perror(path);
		return NULL;
	}
	do {
		if (n == cap) {
			uint8_t *b;

			cap = cap ? cap * 2 : 4096;
			if (cap > REPLAY_MAX_INPUT ||
			    (b = realloc(buf, cap)) == NULL) {
				fprintf(stderr, "%s: too large\n", path);
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = b;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		perror(path);
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

static int run_file(const char *path)
{
	size_t len = 0;
	uint8_t *buf = slurp(path, &len);
	uint8_t *copy;

	if (buf == NULL)
		return -1;
	/* An exact-size copy, so ASan sees reads past the end. */
	copy = malloc(len > 0 ? len : 1);
	if (copy == NULL) {
		free(buf);
		return -1;
	}
	memcpy(copy, buf, len);
	free(buf);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	printf("ok %u - %s\n", ++n_tests, path);
	fflush(stdout);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (d == NULL) {
		perror(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			char **nn;

			cap = cap ? cap * 2 : 64;
			nn = realloc(names, cap * sizeof(*names));
			if (nn == NULL) {
				rc = -1;
				break;
			}
			names = nn;
		}
		names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2);
		if (names[n] == NULL) {
			rc = -1;
			break;
		}
		sprintf(names[n], "%s/%s", dir, e->d_name);
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		struct stat sb;

		if (rc == 0 && stat(names[i], &sb) == 0 && S_ISREG(sb.st_mode))
			rc = run_file(names[i]);
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	const char *top = getenv("top_srcdir");
	const char *target = strrchr(argv[0], '/');
	char *seeds = NULL;
	int i, rc = 0;

	target = target != NULL ? target + 1 : argv[0];
	if (strncmp(target, "fuzz-", 5) == 0)
		target += 5;
	if (argc < 2) {
		if (top == NULL || *top == '\0')
			top = TOP_SRCDIR;
		seeds = malloc(strlen(top) + sizeof("/tests/fuzz-corpus/") +
			       strlen(target));
		if (seeds == NULL)
			return 1;
		sprintf(seeds, "%s/tests/fuzz-corpus/%s", top, target);
		rc = run_dir(seeds);
		free(seeds);
	}
	for (i = 1; i < argc && rc == 0; i++) {
		struct stat sb;

		if (stat(argv[i], &sb) != 0) {
			perror(argv[i]);
			rc = -1;
		} else if (S_ISDIR(sb.st_mode)) {
			rc = run_dir(argv[i]);
		} else {
			rc = run_file(argv[i]);
		}
	}
	if (rc != 0)
		printf("not ok %u - reading the inputs\n", ++n_tests);
	printf("1..%u\n", n_tests);
	return rc != 0;
}
