/*
 * serve.c — `madrasa serve`: migrate, then serve the web app and the API until a signal.
 *
 *   madrasa serve [--db URL] [--listen ADDR:PORT] [--threads N] [--ui DIR] [--tls]
 *                 [--login-rate N] [--quiet] [--dev] [--llm-url URL] [--content DIR]
 *                 [--max-conn-per-ip N]
 *
 * --dev reads the UI files from disk on every request, so a page edit shows on reload.
 * --content names the curriculum folder (default $MADRASA_CONTENT, else ./content); it is loaded
 * and checked before the server listens, so a broken curriculum stops the start, loudly.
 * --max-conn-per-ip caps connections per client address (none by default: behind a load
 * balancer or a school's NAT every client shares one address).
 *
 * The database pool has one connection per worker thread, so a request never waits for a
 * connection that another thread holds.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/accounts/accounts.h"
#include "app/app.h"
#include "app/bot/bot.h"
#include "app/content/content_store.h"
#include "base/args.h"
#include "base/log.h"
#include "cli/cli.h"
#include "http/http.h"

#ifndef MADRASA_VERSION
#define MADRASA_VERSION "0.1.0"
#endif

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static int parse_listen(http_config *cfg, const char *s, char *host, size_t cap)
{
    const char *colon = strrchr(s, ':');
    if (!colon || (size_t)(colon - s) >= cap) return -1;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = 0;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 1 || port > 65535) return -1;
    cfg->listen_addr = host;
    cfg->port = (int)port;
    return 0;
}

int cli_serve(int argc, char **argv)
{
    static const char *const allowed[] = {"--db=", "--listen=", "--threads=", "--ui=", "--tls", "--login-rate=",
                                          "--quiet", "--dev", "--llm-url=", "--content=",
                                          "--max-conn-per-ip=", NULL};
    if (args_check(argc, argv, allowed)) return 2;
    http_config cfg = HTTP_CONFIG_INIT;
    char host[64];
    const char *listen = args_value(argc, argv, "--listen");
    if (listen && parse_listen(&cfg, listen, host, sizeof host)) {
        fprintf(stderr, "madrasa serve: --listen wants ADDR:PORT, e.g. 127.0.0.1:8080\n");
        return 2;
    }
    const char *threads = args_value(argc, argv, "--threads");
    if (threads) cfg.threads = (int)strtol(threads, NULL, 10);
    if (cfg.threads < 2 || cfg.threads > 64) cfg.threads = 8; /* 8 measured best on 2 cores: docs/performance.md */
    const char *ui = args_value(argc, argv, "--ui");
    if (ui) cfg.ui_dir = ui;
    cfg.tls = args_flag(argc, argv, "--tls");
    cfg.dev = args_flag(argc, argv, "--dev");
    cfg.version = MADRASA_VERSION;
    if (args_flag(argc, argv, "--quiet")) log_quiet(1);
    const char *rate = args_value(argc, argv, "--login-rate");
    accounts_init(rate ? strtod(rate, NULL) : 30);

    db *d = cli_open_db(argc, argv, cfg.threads + 1);
    if (!d) return 1;
    cfg.db = d;
    const char *content = args_value(argc, argv, "--content");
    if (content_store_init(content)) {
        fprintf(stderr, "madrasa serve: the curriculum in %s does not load (see `madrasa content validate`)\n",
                content ? content : "./content");
        db_close(d);
        return 1;
    }
    const char *per_ip = args_value(argc, argv, "--max-conn-per-ip");
    if (per_ip) cfg.max_conn_per_ip = (int)strtol(per_ip, NULL, 10);
    bot_init(d, args_value(argc, argv, "--llm-url")); /* Majlisbot's index (docs/bot.md) */
    cfg.authenticate = accounts_authenticate;
    cfg.tables = app_routes;
    cfg.ntables = app_nroutes;
    http_server *s;
    if (http_start(&s, &cfg)) {
        db_close(d);
        return 1;
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    log_info("madrasa %s serving http://%s:%d (%s, %d threads)", cfg.version, cfg.listen_addr, cfg.port,
             db_kind_name(d), cfg.threads);
    while (!stop) pause();
    log_info("madrasa: stopping");
    http_stop(s);
    db_close(d);
    accounts_shutdown();
    return 0;
}
