/*
 * eval.h — the `madrasa eval …` subcommands: every evaluation anyone can re-run.
 *
 * Each command reads public data from files, runs one of the pure libraries (engine/, text/)
 * and prints its figures as one JSON object per line on standard output, so that a script can
 * compare runs. Diagnostics go to standard error. Each returns a process exit code.
 */
#ifndef EVAL_EVAL_H
#define EVAL_EVAL_H

int eval_main(int argc, char **argv);

int eval_kt_cmd(int argc, char **argv);     /* eval_kt.c:     knowledge tracing AUC/RMSE */
int eval_fsrs_cmd(int argc, char **argv);   /* eval_fsrs.c:   FSRS log loss on a review log */
int eval_irt_cmd(int argc, char **argv);    /* eval_irt.c:    IRT calibration */
int eval_cat_cmd(int argc, char **argv);    /* eval_cat.c:    adaptive placement test */
int eval_policy_cmd(int argc, char **argv); /* eval_policy.c: item selection vs baselines */
int eval_bot_cmd(int argc, char **argv);    /* eval_bot.c:    Majlisbot retrieval quality */

#endif
