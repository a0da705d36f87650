#ifndef GOALSHEET_CLIBXML2_SHIM_H
#define GOALSHEET_CLIBXML2_SHIM_H
/* libxml2 may be built with ICU; its headers then clash with Foundation's ICU
   ("UErrorCode has different definitions"). We never use the ICU API. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlstring.h>

static inline void gs_xmlFree(void *p) { xmlFree(p); }
#endif
