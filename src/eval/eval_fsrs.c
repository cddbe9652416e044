/*
 * eval_fsrs.c — `madrasa eval fsrs` (being written; see eval.h).
 */
#include <stdio.h>

#include "eval/eval.h"

int eval_fsrs_cmd(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "madrasa eval fsrs: not built yet\n");
    return 1;
}
