/*
 * fuzz_csv.c — the CSV reader (rosters, knowledge-tracing logs) on arbitrary bytes.
 */
#include "base/csv.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    csv_reader r;
    csv_open_mem(&r, (const char *)data, size);
    int rc;
    while ((rc = csv_next(&r)) == 1)
        for (int i = 0; i < r.nfields; i++) (void)r.field[i][0];
    csv_close(&r);
    return 0;
}
