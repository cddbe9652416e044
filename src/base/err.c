/*
 * err.c — names for the result codes of err.h.
 */
#include "base/err.h"

const char *err_name(int code)
{
    switch (code) {
    case E_OK: return "ok";
    case E_NOTFOUND: return "not_found";
    case E_INVALID: return "invalid";
    case E_FORBIDDEN: return "forbidden";
    case E_CONFLICT: return "conflict";
    case E_LIMIT: return "limit";
    case E_UNAUTH: return "unauthenticated";
    case E_RATE: return "rate_limited";
    default: return "internal";
    }
}
