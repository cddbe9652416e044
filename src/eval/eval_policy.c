/*
 * eval_policy.c — `madrasa eval policy` (being written; see eval.h).
 */
#include <stdio.h>

#include "eval/eval.h"

int eval_policy_cmd(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "madrasa eval policy: not built yet\n");
    return 1;
}
