/*
 * eval_kt.c — `madrasa eval kt` (being written; see eval.h).
 */
#include <stdio.h>

#include "eval/eval.h"

int eval_kt_cmd(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "madrasa eval kt: not built yet\n");
    return 1;
}
