/*
 * admin.c — `madrasa migrate`, `madrasa user add`, `madrasa demo`.
 */
#include <stdio.h>
#include <string.h>

#include "app/accounts/accounts.h"
#include "app/app.h"
#include "base/args.h"
#include "base/err.h"
#include "base/log.h"
#include "cli/cli.h"

db *cli_open_db(int argc, char **argv, int pool)
{
    const char *url = args_value(argc, argv, "--db");
    db *d;
    if (db_open(&d, url ? url : "sqlite:madrasa.db", pool)) return NULL;
    int n = db_migrate(d);
    if (n < 0) {
        fprintf(stderr, "madrasa: migrating the database failed\n");
        db_close(d);
        return NULL;
    }
    return d;
}

int cli_migrate(int argc, char **argv)
{
    static const char *const allowed[] = {"--db=", NULL};
    if (args_check(argc, argv, allowed)) return 2;
    db *d = cli_open_db(argc, argv, 1);
    if (!d) return 1;
    db_close(d);
    return 0;
}

/* read the password from standard input: one line, without its newline */
static int read_password(char *out, size_t cap)
{
    if (!fgets(out, (int)cap, stdin)) return E_INVALID;
    size_t n = strlen(out);
    while (n && (out[n - 1] == '\n' || out[n - 1] == '\r')) out[--n] = 0;
    return n ? 0 : E_INVALID;
}

int cli_user(int argc, char **argv)
{
    static const char *const allowed[] = {"--db=", "--login=", "--role=", "--name=", "--name-ar=", "--lang=",
                                          "--student-code=", NULL};
    if (argc < 2 || strcmp(argv[1], "add") != 0 || args_check(argc, argv, allowed)) {
        fprintf(stderr, "usage: madrasa user add --db URL --login L --role R [--name N] [--name-ar N] "
                        "[--lang ar|fr|en|zgh] [--student-code C]   (password on standard input)\n");
        return 2;
    }
    user_new u = {.login = args_value(argc, argv, "--login"), .role = args_value(argc, argv, "--role"),
                  .name = args_value(argc, argv, "--name"), .name_ar = args_value(argc, argv, "--name-ar"),
                  .lang = args_value(argc, argv, "--lang"), .student_code = args_value(argc, argv, "--student-code")};
    if (!u.name) u.name = u.login;
    char pw[1024];
    if (read_password(pw, sizeof pw)) {
        fprintf(stderr, "madrasa user add: give the password on standard input\n");
        return 2;
    }
    u.password = pw;
    const char *field, *msg;
    if (accounts_validate(&u, &field, &msg)) {
        fprintf(stderr, "madrasa user add: %s: %s\n", field, msg);
        return 2;
    }
    accounts_init(60);
    db *d = cli_open_db(argc, argv, 1);
    if (!d) return 1;
    db_conn *c = db_acquire(d);
    int64_t id = 0;
    int rc = accounts_create(&id, c, &u);
    db_release(c);
    db_close(d);
    accounts_shutdown();
    if (rc == E_CONFLICT) fprintf(stderr, "madrasa user add: login '%s' (or that student code) exists already\n", u.login);
    else if (rc) fprintf(stderr, "madrasa user add: failed (%s)\n", err_name(rc));
    else printf("user %s (%s) created with id %lld\n", u.login, u.role, (long long)id);
    return rc ? 1 : 0;
}

int cli_demo(int argc, char **argv)
{
    static const char *const allowed[] = {"--db=", NULL};
    if (args_check(argc, argv, allowed)) return 2;
    accounts_init(60);
    db *d = cli_open_db(argc, argv, 1);
    if (!d) return 1;
    int rc = app_demo(d);
    db_close(d);
    accounts_shutdown();
    if (rc) return 1;
    printf("demo data loaded. Accounts (password \"%s\"): admin, director, teacher, amina, youssef, salma, omar, "
           "secretariat, member\n", APP_DEMO_PASSWORD);
    return 0;
}
