/*
 * eval.c — dispatch of `madrasa eval <what>` to the evaluation commands (see eval.h).
 */
#include "eval/eval.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
} evals[] = {
    {"kt", eval_kt_cmd, "--train F --test F --model bkt|lr|elo|irt"},
    {"fsrs", eval_fsrs_cmd, "--revlog F"},
    {"irt", eval_irt_cmd, "--responses F --model rasch|1pl|2pl|3pl [--method em|girth]"},
    {"cat", eval_cat_cmd, "--items N --examinees M --se 0.3"},
    {"policy", eval_policy_cmd, "--learners N"},
    {"bot", eval_bot_cmd, "--squad F"},
};

int eval_main(int argc, char **argv)
{
    if (argc >= 2)
        for (size_t i = 0; i < sizeof evals / sizeof evals[0]; i++)
            if (strcmp(argv[1], evals[i].name) == 0) return evals[i].run(argc - 1, argv + 1);
    fprintf(stderr, "usage:\n");
    for (size_t i = 0; i < sizeof evals / sizeof evals[0]; i++)
        fprintf(stderr, "  madrasa eval %s %s\n", evals[i].name, evals[i].usage);
    return 2;
}
