/*
 * main.c — the one binary `madrasa` and its subcommands.
 *
 * Everything the product does can be done from here: serve the web app, migrate a database,
 * manage users, import content and documents, verify the audit chain, and re-run every
 * evaluation. Each subcommand lives with its module; this file is only the table.
 */
#include <stdio.h>
#include <string.h>

#include "app/audit/audit.h"
#include "app/bot/bot.h"
#include "app/content/content_cmd.h"
#include "cli/cli.h"
#include "eval/eval.h"

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} commands[] = {
    {"serve", cli_serve, "serve the web app and the API (--db URL --listen ADDR:PORT)"},
    {"migrate", cli_migrate, "create or upgrade a database (--db URL)"},
    {"user", cli_user, "user add --db URL --login L --role R [--name N]; password on stdin"},
    {"demo", cli_demo, "load the demo school, accounts and content (--db URL)"},
    {"audit", audit_cmd, "verify the audit chain (audit verify --db URL)"},
    {"content", content_validate_cmd, "content validate [PATH…]: prove the curriculum files"},
    {"import", bot_import_cmd, "import docs PATH… --db URL: council documents for Majlisbot"},
    {"eval", eval_main, "evaluations on public data (kt, fsrs, irt, cat, policy, bot)"},
};

static int usage(void)
{
    fprintf(stderr, "usage: madrasa <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(stderr, "  %-8s %s\n", commands[i].name, commands[i].help);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2) return usage();
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0) return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "madrasa: unknown command '%s'\n", argv[1]);
    return usage();
}
