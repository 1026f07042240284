#ifndef BASKET360_CLIBPQ_SHIM_H
#define BASKET360_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
