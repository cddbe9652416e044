/*
 * log.h — one line per event on standard error, with a UTC timestamp and a level.
 *
 * The server writes its access log through log_info (one line per request). Messages must not
 * carry passwords, tokens or the text of a learner's answer; callers scrub before logging.
 */
#ifndef BASE_LOG_H
#define BASE_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* log_quiet(1) silences log_info (tests, evaluations); errors are always written. */
void log_quiet(int on);

#endif
