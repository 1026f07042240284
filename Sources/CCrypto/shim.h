#ifndef BASKET360_CCRYPTO_SHIM_H
#define BASKET360_CCRYPTO_SHIM_H
// OpenSSL's libcrypto, for SHA-256 only (it uses the CPU's SHA instructions where there are any).
// libpq links it already, and libpq-dev depends on libssl-dev.
#include <openssl/evp.h>
#endif
