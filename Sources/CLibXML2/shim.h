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

// libxml2 reports C14N failures through the generic error handler, which by default prints to stderr.
// The handler is variadic (Swift cannot implement it) and per thread in 2.9: the caller installs the
// capturing handler with its own buffer as the context, and the silent one once the buffer is gone.
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define CLIBXML2_GENERIC_ERROR_CAPACITY 256

static inline void CLibXML2_appendGenericError(void *buffer, const char *format, ...) {
    char *text = (char *)buffer;
    size_t used = strlen(text);
    if (used + 1 >= CLIBXML2_GENERIC_ERROR_CAPACITY) return;
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(text + used, CLIBXML2_GENERIC_ERROR_CAPACITY - used, format, arguments);
    va_end(arguments);
}

static inline void CLibXML2_ignoreGenericError(void *context, const char *format, ...) {
}

/// Collects generic errors into `buffer` (CLIBXML2_GENERIC_ERROR_CAPACITY bytes) until silenced.
static inline void CLibXML2_captureGenericErrors(char *buffer) {
    buffer[0] = 0;
    xmlSetGenericErrorFunc(buffer, CLibXML2_appendGenericError);
}

static inline void CLibXML2_silenceGenericErrors(void) {
    xmlSetGenericErrorFunc(NULL, CLibXML2_ignoreGenericError);
}

#endif
