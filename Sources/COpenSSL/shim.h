#ifndef GATEHOUSE_COPENSSL_SHIM_H
#define GATEHOUSE_COPENSSL_SHIM_H

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/core_names.h>

// OPENSSL_free is a macro adding __FILE__/__LINE__ to CRYPTO_free.
static inline void COpenSSL_OPENSSL_free(void *pointer) {
    OPENSSL_free(pointer);
}

// BIO_get_mem_ptr is a macro over BIO_ctrl.
static inline long COpenSSL_BIO_get_mem_ptr(BIO *bio, BUF_MEM **out) {
    return BIO_get_mem_ptr(bio, out);
}

// XN_FLAG_RFC2253 is a macro built from several others, which Swift does not import.
static inline unsigned long COpenSSL_XN_FLAG_RFC2253(void) {
    return XN_FLAG_RFC2253;
}

#endif
