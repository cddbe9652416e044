/*
 * civil.h — calendar arithmetic without the C library's time zone machinery.
 *
 * Dates in our data (review logs, OAI-PMH arguments) are proleptic Gregorian and UTC; mktime
 * would apply the process's time zone and timegm is not standard C. One pure function does the
 * job for every caller.
 */
#ifndef BASE_CIVIL_H
#define BASE_CIVIL_H

#include <stdint.h>

/* civil_days: days since 1970-01-01 of year y, month m (1–12), day d (1–31); negative before
 * 1970. No validation: the caller checks ranges (H. Hinnant's days_from_civil). */
int64_t civil_days(int64_t y, int m, int d);

#endif
