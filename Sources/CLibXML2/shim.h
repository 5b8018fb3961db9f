#ifndef GATEHOUSE_CLIBXML2_SHIM_H
#define GATEHOUSE_CLIBXML2_SHIM_H

// xmlversion.h first, then switch ICU off: Debian builds libxml2 with ICU, and pulling system ICU
// headers into Swift clashes with the ICU that Foundation bundles (UErrorCode redefinition).
// Nothing here touches the ICU-dependent members of xmlCharEncodingHandler.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/c14n.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>

// xmlFree is a macro over a thread-local function pointer when threads are enabled; Swift cannot call it.
static inline void CLibXML2_xmlFree(void *pointer) {
    xmlFree(pointer);
}

#endif
