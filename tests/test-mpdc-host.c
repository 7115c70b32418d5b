/* moodplay tests - resolving MPD's address from options, MPD_HOST/MPD_PORT
 * and the configuration. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "mpdc/mpdc-host.h"

#include <stdlib.h>
#include <string.h>

static void resolve(const char *cli_host, const char *cli_port,
		    const char *cli_pw, const char *env_host,
		    const char *env_port, const char *conf_host,
		    const char *conf_port, const char *conf_pw,
		    struct mpdc_endpoint *ep)
{
	struct mpdc_host_layer cli = { cli_host, cli_port, cli_pw };
	struct mpdc_host_layer env = { env_host, env_port, NULL };
	struct mpdc_host_layer conf = { conf_host, conf_port, conf_pw };
	struct mp_error err;

	assert_int_equal(mpdc_endpoint_resolve(ep, &cli, &env, &conf, &err),
			 MP_OK);
}

static void test_defaults(void **state)
{
	struct mpdc_endpoint ep;

	resolve(NULL, NULL, NULL, NULL, NULL, "", "", "", &ep);
	assert_null(ep.host);
	assert_int_equal(ep.port, 0);
	assert_null(ep.password);
	assert_string_equal(mpdc_endpoint_describe(&ep), "localhost:6600");
	mpdc_endpoint_clear(&ep);
}

static void test_env_forms(void **state)
{
	struct mpdc_endpoint ep;

	resolve(NULL, NULL, NULL, "music.lan", "6601", NULL, NULL, NULL, &ep);
	assert_string_equal(ep.host, "music.lan");
	assert_int_equal(ep.port, 6601);
	assert_string_equal(ep.source, "MPD_HOST");
	mpdc_endpoint_clear(&ep);

	resolve(NULL, NULL, NULL, "pa:ss@music.lan", NULL, NULL, NULL, NULL,
		&ep);
	assert_string_equal(ep.host, "music.lan");
	assert_string_equal(ep.password, "pa:ss");
	mpdc_endpoint_clear(&ep);

	resolve(NULL, NULL, NULL, "secret@/run/mpd/socket", NULL, NULL, NULL,
		NULL, &ep);
	assert_string_equal(ep.host, "/run/mpd/socket");
	assert_string_equal(ep.password, "secret");
	assert_true(mpdc_host_is_socket(ep.host));
	assert_string_equal(mpdc_endpoint_describe(&ep), "/run/mpd/socket");
	mpdc_endpoint_clear(&ep);

	/* A leading '@' is an abstract socket, not an empty password. */
	resolve(NULL, NULL, NULL, "@mpd", NULL, NULL, NULL, NULL, &ep);
	assert_string_equal(ep.host, "@mpd");
	assert_null(ep.password);
	assert_true(mpdc_host_is_socket(ep.host));
	mpdc_endpoint_clear(&ep);

	resolve(NULL, NULL, NULL, "::1", "7000", NULL, NULL, NULL, &ep);
	assert_string_equal(mpdc_endpoint_describe(&ep), "[::1]:7000");
	mpdc_endpoint_clear(&ep);
}

static void test_precedence(void **state)
{
	struct mpdc_endpoint ep;

	/* options > environment > configuration, field by field */
	resolve("cli.host", NULL, NULL, "env.host", "7001", "conf.host", "7002",
		"cpw", &ep);
	assert_string_equal(ep.host, "cli.host");
	assert_int_equal(ep.port, 7001);
	assert_string_equal(ep.password, "cpw");
	assert_string_equal(ep.source, "--host");
	mpdc_endpoint_clear(&ep);

	resolve(NULL, NULL, NULL, NULL, NULL, "conf.host", "7002", NULL, &ep);
	assert_string_equal(ep.host, "conf.host");
	assert_int_equal(ep.port, 7002);
	assert_string_equal(ep.source, "mpd.host");
	mpdc_endpoint_clear(&ep);

	/* --password beats a password in MPD_HOST, which beats mpd.password */
	resolve(NULL, NULL, "clipw", "envpw@h", NULL, NULL, NULL, "cpw", &ep);
	assert_string_equal(ep.password, "clipw");
	mpdc_endpoint_clear(&ep);
	resolve(NULL, NULL, NULL, "envpw@h", NULL, NULL, NULL, "cpw", &ep);
	assert_string_equal(ep.password, "envpw");
	mpdc_endpoint_clear(&ep);
}

static void test_home_expansion(void **state)
{
	struct mpdc_endpoint ep;

	setenv("HOME", "/home/tester", 1);
	resolve(NULL, NULL, NULL, NULL, NULL, "~/.mpd/socket", NULL, NULL, &ep);
	assert_string_equal(ep.host, "/home/tester/.mpd/socket");
	mpdc_endpoint_clear(&ep);
}

static void test_bad_values(void **state)
{
	static const char *const bad_ports[] = { "0", "65536", "66x",
						 "",  "-1",    "99999999999" };
	struct mpdc_host_layer env = { NULL, NULL, NULL };
	struct mpdc_endpoint ep;
	struct mp_error err;

	for (size_t i = 0; i < sizeof(bad_ports) / sizeof(bad_ports[0]); i++) {
		if (bad_ports[i][0] == '\0')
			continue; /* empty means unset */
		env.port = bad_ports[i];
		assert_int_equal(
			mpdc_endpoint_resolve(&ep, NULL, &env, NULL, &err),
			MP_EINVAL);
		assert_non_null(strstr(err.msg, "MPD_PORT"));
		assert_non_null(strstr(err.msg, bad_ports[i]));
	}
	env.port = NULL;
	env.host = "pw@";
	assert_int_equal(mpdc_endpoint_resolve(&ep, NULL, &env, NULL, &err),
			 MP_EINVAL);
	assert_non_null(strstr(err.msg, "MPD_HOST"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_env_forms),
		cmocka_unit_test(test_precedence),
		cmocka_unit_test(test_home_expansion),
		cmocka_unit_test(test_bad_values),
	};

	return cmocka_run_group_tests_name("mpdc-host", tests, NULL, NULL);
}
