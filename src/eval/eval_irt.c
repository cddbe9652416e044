/*
 * eval_irt.c — `madrasa eval irt` (being written; see eval.h).
 */
#include <stdio.h>

#include "eval/eval.h"

int eval_irt_cmd(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "madrasa eval irt: not built yet\n");
    return 1;
}
