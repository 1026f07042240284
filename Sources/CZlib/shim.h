#ifndef BASKET360_CZLIB_SHIM_H
#define BASKET360_CZLIB_SHIM_H
#include <zlib.h>

// inflateInit2 is a macro in zlib.h, which Swift cannot call; wrap it.
static inline int basket360_inflate_init_gzip(z_streamp strm) {
  // 15 window bits + 32: detect gzip or zlib headers automatically.
  return inflateInit2(strm, 15 + 32);
}

// deflateInit2 is a macro too: a gzip writer (16 + 15 window bits: gzip header and trailer).
static inline int basket360_deflate_init_gzip(z_streamp strm, int level) {
  return deflateInit2(strm, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
#endif
