/*
 * eval_bot.c — `madrasa eval bot` (being written; see eval.h).
 */
#include <stdio.h>

#include "eval/eval.h"

int eval_bot_cmd(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "madrasa eval bot: not built yet\n");
    return 1;
}
