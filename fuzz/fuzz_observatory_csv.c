/*
 * fuzz_observatory_csv.c — the official statistics CSV check (src/app/observatory/obs.c) on
 * arbitrary bytes: it must either return every row, valid, or one problem with a line, never
 * crash, read out of bounds or loop.
 */
#include <string.h>

#include "app/observatory/obs.h"
#include "base/err.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a = ARENA_INIT;
    obs_row *rows;
    int n;
    obs_problem why = {0, NULL, NULL};
    int rc = obs_csv_parse(&rows, &n, &why, &a, (const char *)data, size);
    if (rc == 0) {
        for (int i = 0; i < n; i++)
            if (!rows[i].indicator[0] || rows[i].year < OBS_MIN_YEAR || rows[i].line < 2) __builtin_trap();
    } else if (rc != E_INVALID || !why.msg || why.line < 1) {
        __builtin_trap();
    }
    arena_free(&a);
    return 0;
}
