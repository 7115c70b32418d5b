/* moodplay - libcurl and libxml2, loaded on first use.
 *
 * Only URL snapshots need libcurl and only face cascades need libxml2, yet
 * linked in they (with gnutls, krb5, ICU, libstdc++...) are most of the
 * terminal client's start-up time and memory.  moodplay is not linked
 * against them: dynlib_curl() and dynlib_xml() dlopen() the library the
 * first time they are called (from any thread, once), resolve the
 * functions moodplay calls, and lend a table of them, typed from the real
 * headers.  The libraries are never unloaded.
 *
 *   const struct dynlib_curl *cu;
 *   if (dynlib_curl(&cu, err) != MP_OK)
 *           return MP_ERR;   (err says which package to install)
 *   CURL *h = cu->easy_init();
 *
 * Call the table's members, never the libraries' names: moodplay is not
 * linked against them, so a direct call does not link. */
#ifndef MOODPLAY_DYNLIB_H
#define MOODPLAY_DYNLIB_H

#include "base/error.h"

#include <stddef.h>

#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/* libcurl's functions moodplay uses; curl_global_init() has run. */
struct dynlib_curl {
	__typeof__(curl_easy_init) *easy_init;
	__typeof__(curl_easy_setopt) *easy_setopt;
	__typeof__(curl_easy_perform) *easy_perform;
	__typeof__(curl_easy_getinfo) *easy_getinfo;
	__typeof__(curl_easy_strerror) *easy_strerror;
	__typeof__(curl_easy_cleanup) *easy_cleanup;
};

/* libxml2's functions moodplay uses; xmlInitParser() has run.  free is
 * libxml2's xmlFree (a variable there, not a function): it frees what
 * node_get_content and get_prop return. */
struct dynlib_xml {
	__typeof__(xmlCreatePushParserCtxt) *create_push_parser_ctxt;
	__typeof__(xmlCtxtUseOptions) *ctxt_use_options;
	__typeof__(xmlParseChunk) *parse_chunk;
	__typeof__(xmlCtxtGetLastError) *ctxt_get_last_error;
	__typeof__(xmlDocGetRootElement) *doc_get_root_element;
	__typeof__(xmlNodeGetContent) *node_get_content;
	__typeof__(xmlGetProp) *get_prop;
	void (*free)(void *p);
	__typeof__(xmlFreeDoc) *free_doc;
	__typeof__(xmlFreeParserCtxt) *free_parser_ctxt;
};

/* Load libcurl (first call) and lend its table in *out.  MP_ERR, with a
 * message naming the library and the package to install, when it cannot
 * be loaded or lacks a function; every later call then fails the same. */
enum mp_status dynlib_curl(const struct dynlib_curl **out,
			   struct mp_error *err);

/* The same for libxml2. */
enum mp_status dynlib_xml(const struct dynlib_xml **out, struct mp_error *err);

/* One symbol to resolve: its name, and where its address goes in the
 * table dynlib_open() fills. */
struct dynlib_sym {
	const char *name;
	size_t offset;
};

/* dlopen() soname and store the address of each syms[i].name at
 * table + syms[i].offset (a pointer-sized member).  what says what needs
 * the library ("URL snapshots"), package which Debian package provides it.
 * MP_ERR when the library or a symbol is missing, with a message saying
 * so; nothing then stays loaded.  dynlib_curl() and dynlib_xml() use it;
 * tests call it on libraries and symbols that do not exist. */
enum mp_status dynlib_open(const char *soname, const char *package,
			   const char *what, const struct dynlib_sym *syms,
			   size_t n, void *table, struct mp_error *err);

#endif
