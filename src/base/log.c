/*
 * log.c — timestamped log lines (see log.h). One fprintf per line keeps lines whole when
 * several server threads log at once (stdio locks the stream per call).
 */
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

static int quiet;

void log_quiet(int on) { quiet = on; }

static void vlog(const char *level, const char *fmt, va_list ap)
{
    char msg[2048], stamp[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    vsnprintf(msg, sizeof msg, fmt, ap);
    fprintf(stderr, "%s %s %s\n", stamp, level, msg);
}

void log_info(const char *fmt, ...)
{
    if (quiet) return;
    va_list ap;
    va_start(ap, fmt);
    vlog("info", fmt, ap);
    va_end(ap);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("error", fmt, ap);
    va_end(ap);
}
