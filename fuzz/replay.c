/*
 * replay.c — runs every file named on the command line through the target's
 * LLVMFuzzerTestOneInput, for `make fuzz-replay` without libFuzzer. Prints one line per target:
 * "replay <name>: N inputs". A crash aborts under the sanitizers, which is the failure.
 */
#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "fuzz.h"

int main(int argc, char **argv)
{
    int n = 0;
    for (int i = 1; i < argc; i++) {
        char *data;
        size_t len;
        if (read_file_all(&data, &len, argv[i], 16 << 20) != 0) {
            fprintf(stderr, "replay: cannot read %s\n", argv[i]);
            return 1;
        }
        LLVMFuzzerTestOneInput((const uint8_t *)data, len);
        free(data);
        n++;
    }
    printf("replay %s: %d inputs\n", argv[0], n);
    return 0;
}
