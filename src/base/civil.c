/*
 * civil.c — days since the epoch of a Gregorian date (see civil.h). Eras of 400 years make the
 * leap-year rule a fixed cycle of 146,097 days; March-based months put the leap day last.
 */
#include "base/civil.h"

int64_t civil_days(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}
