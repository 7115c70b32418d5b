/* moodplay fuzz target - the YAML configuration loader (conf_load_buffer). */
#include "config.h"

#include "conf/conf.h"
#include "base/error.h"
#include "fuzz.h"

static void ignore_warning(void *ud, const char *msg)
{
	(void)ud;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mp_error err = { 0 };
	struct conf *c = conf_new();

	if (c == NULL)
		return 0;
	conf_load_buffer(c, "fuzz.yaml", (const char *)data, size,
			 ignore_warning, NULL, &err);
	conf_free(c);
	return 0;
}
