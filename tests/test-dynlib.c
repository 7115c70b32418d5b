/* moodplay tests - libcurl and libxml2 loaded on first use (src/dynlib.c):
 * the tables, loading from many threads at once, and the messages when a
 * library or a function is missing. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "base/dynlib.h"

#include <pthread.h>
#include <string.h>

#define THREADS 8

struct two {
	void *a, *b;
};

static void test_missing_library(void **state)
{
	static const struct dynlib_sym syms[] = {
		{ "moodplay_a", offsetof(struct two, a) },
	};
	struct two t = { NULL, NULL };
	struct mp_error err;

	assert_int_equal(dynlib_open("libmoodplay-missing.so.9", "libmoodplay9",
				     "the tests", syms, 1, &t, &err),
			 MP_ERR);
	assert_int_equal(err.code, MP_ERR);
	assert_non_null(
		strstr(err.msg, "cannot load libmoodplay-missing.so.9"));
	assert_non_null(strstr(err.msg, "which the tests need"));
	assert_non_null(strstr(err.msg, "(apt-get install libmoodplay9)"));
	assert_null(strchr(err.msg, '\n'));
	assert_null(t.a);
}

static void test_missing_symbol(void **state)
{
	static const struct dynlib_sym syms[] = {
		{ "xmlNewParserCtxt", offsetof(struct two, a) },
		{ "moodplay_no_such_function", offsetof(struct two, b) },
	};
	struct two t = { NULL, NULL };
	struct mp_error err;

	assert_int_equal(dynlib_open(MOODPLAY_XML_SONAME, MOODPLAY_XML_PACKAGE,
				     "the tests", syms, 2, &t, &err),
			 MP_ERR);
	assert_non_null(strstr(err.msg, MOODPLAY_XML_SONAME
			       " has no moodplay_no_such_function, which "
			       "the tests need"));
	assert_non_null(
		strstr(err.msg, "(apt-get install " MOODPLAY_XML_PACKAGE ")"));
	assert_null(t.b);
}

static void test_found(void **state)
{
	static const struct dynlib_sym syms[] = {
		{ "xmlNewParserCtxt", offsetof(struct two, a) },
		{ "xmlFreeParserCtxt", offsetof(struct two, b) },
	};
	struct two t = { NULL, NULL };

	assert_int_equal(dynlib_open(MOODPLAY_XML_SONAME, MOODPLAY_XML_PACKAGE,
				     "the tests", syms, 2, &t, NULL),
			 MP_OK);
	assert_non_null(t.a);
	assert_non_null(t.b);
}

static void *load_both(void *arg)
{
	const void **out = arg;
	const struct dynlib_curl *cu;
	const struct dynlib_xml *x;

	if (dynlib_curl(&cu, NULL) == MP_OK && dynlib_xml(&x, NULL) == MP_OK) {
		out[0] = cu;
		out[1] = x;
	}
	return NULL;
}

/* Capture and cascade loading run on worker threads: all get the one
 * table, loaded once. */
static void test_threads(void **state)
{
	pthread_t th[THREADS];
	const void *got[THREADS][2] = { { NULL } };

	for (int i = 0; i < THREADS; i++)
		assert_int_equal(
			pthread_create(&th[i], NULL, load_both, got[i]), 0);
	for (int i = 0; i < THREADS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (int i = 0; i < THREADS; i++) {
		assert_non_null(got[i][0]);
		assert_non_null(got[i][1]);
		assert_ptr_equal(got[i][0], got[0][0]);
		assert_ptr_equal(got[i][1], got[0][1]);
	}
}

static void test_curl(void **state)
{
	const struct dynlib_curl *cu;
	struct mp_error err;
	CURL *h;
	long code = -1;

	assert_int_equal(dynlib_curl(&cu, &err), MP_OK);
	assert_string_equal(cu->easy_strerror(CURLE_OK), "No error");
	h = cu->easy_init();
	assert_non_null(h);
	assert_int_equal(cu->easy_setopt(h, CURLOPT_URL, "http://127.0.0.1:1/"),
			 CURLE_OK);
	assert_int_equal(cu->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code),
			 CURLE_OK);
	assert_int_equal(code, 0);
	cu->easy_cleanup(h);
}

/* xmlFree is a variable in libxml2: the table's free must call what it
 * holds. */
static void test_xml(void **state)
{
	static const char doc_text[] = "<a k=\"v\"><b>1 2</b></a>";
	const struct dynlib_xml *x;
	struct mp_error err;
	xmlParserCtxt *ctx;
	xmlDoc *doc;
	xmlNode *root;
	xmlChar *s;

	assert_int_equal(dynlib_xml(&x, &err), MP_OK);
	ctx = x->create_push_parser_ctxt(NULL, NULL, NULL, 0, "t.xml");
	assert_non_null(ctx);
	x->ctxt_use_options(ctx, XML_PARSE_NONET);
	/* In two chunks, as the cascade loader feeds a file. */
	assert_int_equal(x->parse_chunk(ctx, doc_text, 5, 0), 0);
	assert_int_equal(
		x->parse_chunk(ctx, doc_text + 5, (int)strlen(doc_text) - 5, 1),
		0);
	assert_true(ctx->wellFormed);
	doc = ctx->myDoc;
	assert_non_null(doc);
	x->free_parser_ctxt(ctx);
	root = x->doc_get_root_element(doc);
	assert_string_equal((const char *)root->name, "a");
	s = x->get_prop(root, (const xmlChar *)"k");
	assert_string_equal((const char *)s, "v");
	x->free(s);
	s = x->node_get_content(root);
	assert_string_equal((const char *)s, "1 2");
	x->free(s);
	x->free_doc(doc);

	ctx = x->create_push_parser_ctxt(NULL, NULL, NULL, 0, "bad.xml");
	assert_non_null(ctx);
	x->ctxt_use_options(ctx, XML_PARSE_NONET | XML_PARSE_NOERROR |
					 XML_PARSE_NOWARNING);
	assert_int_not_equal(x->parse_chunk(ctx, "<a>", 3, 1), 0);
	assert_false(ctx->wellFormed);
	assert_non_null(x->ctxt_get_last_error(ctx));
	x->free_doc(ctx->myDoc);
	x->free_parser_ctxt(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_missing_library),
		cmocka_unit_test(test_missing_symbol),
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_curl),
		cmocka_unit_test(test_xml),
	};

	return cmocka_run_group_tests_name("dynlib", tests, NULL, NULL);
}
