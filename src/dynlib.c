/* moodplay - libcurl and libxml2, loaded on first use. */
#include "config.h"

#include "dynlib.h"
#include "i18n.h"

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

/* { "sym", offset of member in type }, where member must have the type
 * of a pointer to sym as the library's header declares it. */
#define SYM(type, member, sym)                                                 \
	{                                                                      \
		#sym, offsetof(type, member) + 0 * sizeof(struct {             \
			_Static_assert(__builtin_types_compatible_p(            \
					       __typeof__(((type *)0)->member), \
					       __typeof__(sym) *),             \
				       #member " is not a " #sym " pointer");  \
			int unused;                                            \
		})                                                             \
	}

enum mp_status dynlib_open(const char *soname, const char *package,
			   const char *what, const struct dynlib_sym *syms,
			   size_t n, void *table, struct mp_error *err)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);

	if (h == NULL) {
		const char *why = dlerror();

		return mp_error_set(err, MP_ERR,
				    _("cannot load %s, which %s need: %s "
				      "(apt-get install %s)"),
				    soname, what, why ? why : _("unknown error"),
				    package);
	}
	for (size_t i = 0; i < n; i++) {
		void *addr;

		dlerror();
		addr = dlsym(h, syms[i].name);
		if (addr == NULL) {
			mp_error_set(err, MP_ERR,
				     _("%s has no %s, which %s need: it is too "
				       "old or not the one moodplay was built "
				       "for (apt-get install %s)"),
				     soname, syms[i].name, what, package);
			dlclose(h);
			return MP_ERR;
		}
		/* POSIX: a function's address from dlsym() converts to a
		 * function pointer; memcpy() keeps that free of aliasing. */
		memcpy((char *)table + syms[i].offset, &addr, sizeof(addr));
	}
	return MP_OK;
}

/* ---------------------------------------------------------------- libcurl */

/* curl_global_init() is only needed here, once, before any handle. */
struct curl_loaded {
	struct dynlib_curl t;
	__typeof__(curl_global_init) *global_init;
};

static const struct dynlib_sym curl_syms[] = {
	SYM(struct curl_loaded, t.easy_init, curl_easy_init),
	SYM(struct curl_loaded, t.easy_setopt, curl_easy_setopt),
	SYM(struct curl_loaded, t.easy_perform, curl_easy_perform),
	SYM(struct curl_loaded, t.easy_getinfo, curl_easy_getinfo),
	SYM(struct curl_loaded, t.easy_strerror, curl_easy_strerror),
	SYM(struct curl_loaded, t.easy_cleanup, curl_easy_cleanup),
	SYM(struct curl_loaded, global_init, curl_global_init),
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static struct curl_loaded curl_lib;
static enum mp_status curl_rc;
static struct mp_error curl_err;

static void curl_load(void)
{
	CURLcode cc;

	curl_rc = dynlib_open(MOODPLAY_CURL_SONAME, MOODPLAY_CURL_PACKAGE,
			      _("URL snapshots"), curl_syms,
			      sizeof(curl_syms) / sizeof(curl_syms[0]),
			      &curl_lib, &curl_err);
	if (curl_rc != MP_OK)
		return;
	cc = curl_lib.global_init(CURL_GLOBAL_DEFAULT);
	if (cc != CURLE_OK)
		curl_rc = mp_error_set(&curl_err, MP_ERR,
				       _("cannot initialise %s: %s"),
				       MOODPLAY_CURL_SONAME,
				       curl_lib.t.easy_strerror(cc));
}

enum mp_status dynlib_curl(const struct dynlib_curl **out, struct mp_error *err)
{
	pthread_once(&curl_once, curl_load);
	if (curl_rc != MP_OK) {
		*out = NULL;
		if (err != NULL)
			*err = curl_err;
		return curl_rc;
	}
	*out = &curl_lib.t;
	return MP_OK;
}

/* ---------------------------------------------------------------- libxml2 */

/* xmlFree is a variable holding libxml2's deallocator (set by
 * xmlMemSetup()), or with per-thread allocators a function returning the
 * calling thread's one: dlsym() gives the variable's address, read at
 * each call. */
struct xml_loaded {
	struct dynlib_xml t;
	__typeof__(xmlInitParser) *init_parser;
#ifdef LIBXML_THREAD_ALLOC_ENABLED
	xmlFreeFunc *(*free_fn)(void);
#else
	xmlFreeFunc *free_var;
#endif
};

static const struct dynlib_sym xml_syms[] = {
	SYM(struct xml_loaded, t.new_parser_ctxt, xmlNewParserCtxt),
	SYM(struct xml_loaded, t.ctxt_read_memory, xmlCtxtReadMemory),
	SYM(struct xml_loaded, t.ctxt_get_last_error, xmlCtxtGetLastError),
	SYM(struct xml_loaded, t.doc_get_root_element, xmlDocGetRootElement),
	SYM(struct xml_loaded, t.node_get_content, xmlNodeGetContent),
	SYM(struct xml_loaded, t.get_prop, xmlGetProp),
	SYM(struct xml_loaded, t.free_doc, xmlFreeDoc),
	SYM(struct xml_loaded, t.free_parser_ctxt, xmlFreeParserCtxt),
	SYM(struct xml_loaded, init_parser, xmlInitParser),
#ifdef LIBXML_THREAD_ALLOC_ENABLED
	SYM(struct xml_loaded, free_fn, __xmlFree),
#else
	SYM(struct xml_loaded, free_var, xmlFree),
#endif
};

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static struct xml_loaded xml_lib;
static enum mp_status xml_rc;
static struct mp_error xml_err;

static void xml_free(void *p)
{
#ifdef LIBXML_THREAD_ALLOC_ENABLED
	(*xml_lib.free_fn())(p);
#else
	(*xml_lib.free_var)(p);
#endif
}

static void xml_load(void)
{
	xml_rc = dynlib_open(MOODPLAY_XML_SONAME, MOODPLAY_XML_PACKAGE,
			     _("face cascades"), xml_syms,
			     sizeof(xml_syms) / sizeof(xml_syms[0]), &xml_lib,
			     &xml_err);
	if (xml_rc != MP_OK)
		return;
	xml_lib.t.free = xml_free;
	/* Once, before any thread parses (libxml2's rule for threaded
	 * programs).  No xmlCleanupParser(): another thread may still be
	 * parsing, and the library stays loaded until exit anyway. */
	xml_lib.init_parser();
}

enum mp_status dynlib_xml(const struct dynlib_xml **out, struct mp_error *err)
{
	pthread_once(&xml_once, xml_load);
	if (xml_rc != MP_OK) {
		*out = NULL;
		if (err != NULL)
			*err = xml_err;
		return xml_rc;
	}
	*out = &xml_lib.t;
	return MP_OK;
}
