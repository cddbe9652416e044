/*
 * eval_cat.c — `madrasa eval cat` (being written; see eval.h).
 */
#include <stdio.h>

#include "eval/eval.h"

int eval_cat_cmd(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "madrasa eval cat: not built yet\n");
    return 1;
}
