/* moodplay fuzz target - the Spotify CSV parser (dataset_parse), then every
 * getter over what it kept. */
#include "config.h"

#include "dataset/dataset.h"
#include "base/error.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mp_error err = { 0 };
	struct dataset_stats st;
	struct dataset *ds = dataset_new();
	size_t i, n;

	if (ds == NULL)
		return 0;
	if (dataset_parse(ds, "fuzz.csv", (const char *)data, size, &st,
			  &err) == MP_OK) {
		n = dataset_size(ds);
		for (i = 0; i < n; i++) {
			struct dataset_track t;

			dataset_get(ds, i, &t);
			(void)dataset_title(ds, i);
			(void)dataset_artists(ds, i);
			(void)dataset_duration_ms(ds, i);
			(void)dataset_features(ds, i);
		}
		n = dataset_genre_count(ds);
		for (i = 0; i < n; i++) {
			const char *name;
			float mean[DS_NFEAT];
			size_t rows;

			dataset_genre_get(ds, i, &name, &rows, mean);
		}
	}
	dataset_free(ds);
	return 0;
}
