/* moodplay - libcurl and libxml2, loaded on first use. */
#include "config.h"

#include "base/dynlib.h"
#include "base/i18n.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <string.h>

/* { "sym", offset of member in type }, where member must have the type
 * of a pointer to sym as the library's header declares it. */
#define SYM(type, member, sym)                                                      \
	{                                                                           \
#sym, offsetof(type, member) +                                      \
			      0 * sizeof(struct {                                   \
				      _Static_assert(                               \
					      __builtin_types_compatible_p(         \
						      __typeof__(((type *)0)        \
									 ->member), \
						      __typeof__(sym) *),           \
					      #member " is not a " #sym             \
						      " pointer");                  \
				      int unused;                                   \
			      })                                                    \
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
				    soname, what,
				    why ? why : _("unknown error"), package);
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

/* One library: what to load, then the outcome of its one load, kept for
 * every caller. */
struct dynlib_lib {
	const char *soname, *package, *what;
	const struct dynlib_sym *syms;
	size_t nsyms;
	void *table;     /* what dynlib_open() fills */
	const void *api; /* what callers get: the public part of table */
	/* After the symbols are in: library set-up, once (may be NULL). */
	enum mp_status (*init)(struct mp_error *err);
	pthread_mutex_t lock;
	bool done;
	enum mp_status rc;
	struct mp_error err;
};

#define DYNLIB_LIB(so, pkg, why, sym, tab, fn)                               \
	{                                                                    \
		.soname = so, .package = pkg, .what = why, .syms = sym,      \
		.nsyms = sizeof(sym) / sizeof(sym[0]), .table = &tab,        \
		.api = &tab.t, .init = fn, .lock = PTHREAD_MUTEX_INITIALIZER \
	}

static enum mp_status dynlib_load(struct dynlib_lib *l, const void **out,
				  struct mp_error *err)
{
	pthread_mutex_lock(&l->lock);
	if (!l->done) {
		l->rc = dynlib_open(l->soname, l->package, _(l->what), l->syms,
				    l->nsyms, l->table, &l->err);
		if (l->rc == MP_OK && l->init != NULL)
			l->rc = l->init(&l->err);
		l->done = true;
	}
	pthread_mutex_unlock(&l->lock);
	if (l->rc != MP_OK && err != NULL)
		*err = l->err;
	*out = l->rc == MP_OK ? l->api : NULL;
	return l->rc;
}

/* The public getter of a library: dynlib_curl(), dynlib_xml(). */
#define DYNLIB_GET(fn, lib)                                            \
	enum mp_status fn(const struct fn **out, struct mp_error *err) \
	{                                                              \
		const void *api;                                       \
		enum mp_status rc = dynlib_load(&lib, &api, err);      \
                                                                       \
		*out = api;                                            \
		return rc;                                             \
	}

/* ---------------------------------------------------------------- libcurl */

/* curl_global_init() is only needed here, once, before any handle. */
struct curl_loaded {
	struct dynlib_curl t;
	__typeof__(curl_global_init) *global_init;
};

/* The table's member easy_NAME is curl_easy_NAME. */
#define CURL_EASY(name) SYM(struct curl_loaded, t.easy_##name, curl_easy_##name)

static const struct dynlib_sym curl_syms[] = {
	CURL_EASY(init),
	CURL_EASY(setopt),
	CURL_EASY(perform),
	CURL_EASY(getinfo),
	CURL_EASY(strerror),
	CURL_EASY(cleanup),
	SYM(struct curl_loaded, global_init, curl_global_init),
};

static struct curl_loaded curl_lib;

static enum mp_status curl_init(struct mp_error *err)
{
	CURLcode cc = curl_lib.global_init(CURL_GLOBAL_DEFAULT);

	if (cc != CURLE_OK)
		return mp_error_set(err, MP_ERR, _("cannot initialise %s: %s"),
				    MOODPLAY_CURL_SONAME,
				    curl_lib.t.easy_strerror(cc));
	return MP_OK;
}

static struct dynlib_lib curl =
	DYNLIB_LIB(MOODPLAY_CURL_SONAME, MOODPLAY_CURL_PACKAGE,
		   N_("URL snapshots"), curl_syms, curl_lib, curl_init);

DYNLIB_GET(dynlib_curl, curl)

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
	SYM(struct xml_loaded, t.create_push_parser_ctxt,
	    xmlCreatePushParserCtxt),
	SYM(struct xml_loaded, t.ctxt_use_options, xmlCtxtUseOptions),
	SYM(struct xml_loaded, t.parse_chunk, xmlParseChunk),
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

static struct xml_loaded xml_lib;

static void xml_free(void *p)
{
#ifdef LIBXML_THREAD_ALLOC_ENABLED
	(*xml_lib.free_fn())(p);
#else
	(*xml_lib.free_var)(p);
#endif
}

static enum mp_status xml_init(struct mp_error *err)
{
	(void)err;
	xml_lib.t.free = xml_free;
	/* Once, before any thread parses (libxml2's rule for threaded
	 * programs).  No xmlCleanupParser(): another thread may still be
	 * parsing, and the library stays loaded until exit anyway. */
	xml_lib.init_parser();
	return MP_OK;
}

static struct dynlib_lib xml =
	DYNLIB_LIB(MOODPLAY_XML_SONAME, MOODPLAY_XML_PACKAGE,
		   N_("face cascades"), xml_syms, xml_lib, xml_init);

DYNLIB_GET(dynlib_xml, xml)
