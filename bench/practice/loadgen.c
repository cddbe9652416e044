/*
 * loadgen.c — the practice benchmark's load generator (not part of the product binary).
 *
 *   loadgen BASE_URL LOGIN_PREFIX N PASSWORD SECONDS ACK_FILE [RATE]
 *
 * With RATE (answers per second, all learners together) each learner answers every N/RATE
 * seconds on average (± 50 %, on a schedule of its own, so the offered load is RATE whatever
 * the latency: a class of children); without it they answer back to back, which measures the
 * saturated throughput.
 * Signs in N learners (LOGIN_PREFIX1 … LOGIN_PREFIXN), then drives them concurrently over one
 * libcurl multi handle for SECONDS: each learner asks POST /api/practice/next once, then answers
 * the item it was given with POST /api/practice/answer (a fresh client_id each time) and takes
 * the reply's `next` item, again and again — the answer→next round trip is what is timed.
 * Every acknowledged answer (a 200) has its client_id appended to ACK_FILE and flushed at once,
 * so when the server is killed mid-run the file lists exactly what the clients saw acknowledged.
 * Prints one JSON line: answers, seconds, answers_per_s, p50_ms, p99_ms, errors.
 * Connection failures (the server gone) end the run quietly.
 */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct learner {
    CURL *h;
    char body[65536];
    size_t len;
    char item[256];
    char cid[64];
    char csrf[128];
    struct curl_slist *hdr;
    double t0;
    int phase; /* 1 next, 2 answer */
    int waiting; /* until `due`: 1 to answer, 2 to open the session (paced start) */
    double due;
    double sched; /* when the last answer was due (0: none yet) */
    double jitter; /* this pair of pauses' jitter, 0..1 */
    long npaused;
    char post[1024];
} learner;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t on_body(char *p, size_t sz, size_t n, void *ud)
{
    learner *l = ud;
    size_t k = sz * n;
    if (l->len + k < sizeof l->body) {
        memcpy(l->body + l->len, p, k);
        l->len += k;
        l->body[l->len] = 0;
    }
    return k;
}

static const char *base;
static unsigned long seq;

static void set_csrf(learner *l)
{
    struct curl_slist *cookies = NULL;
    curl_easy_getinfo(l->h, CURLINFO_COOKIELIST, &cookies);
    for (struct curl_slist *c = cookies; c; c = c->next) {
        const char *name = strstr(c->data, "\tmadrasa_csrf\t");
        if (name) snprintf(l->csrf, sizeof l->csrf, "%s", name + strlen("\tmadrasa_csrf\t"));
    }
    curl_slist_free_all(cookies);
}

static void start(CURLM *m, learner *l, const char *path, const char *json)
{
    char url[512], origin[300], tok[200];
    snprintf(url, sizeof url, "%s%s", base, path);
    curl_slist_free_all(l->hdr);
    snprintf(origin, sizeof origin, "Origin: %s", base);
    snprintf(tok, sizeof tok, "X-CSRF-Token: %s", l->csrf);
    l->hdr = curl_slist_append(NULL, "Content-Type: application/json");
    l->hdr = curl_slist_append(l->hdr, origin);
    if (l->csrf[0]) l->hdr = curl_slist_append(l->hdr, tok);
    snprintf(l->post, sizeof l->post, "%s", json);
    curl_multi_remove_handle(m, l->h);
    curl_easy_setopt(l->h, CURLOPT_URL, url);
    curl_easy_setopt(l->h, CURLOPT_HTTPHEADER, l->hdr);
    curl_easy_setopt(l->h, CURLOPT_POSTFIELDS, l->post);
    l->len = 0;
    l->body[0] = 0;
    l->t0 = now_s();
    curl_multi_add_handle(m, l->h);
}

static int next_item(learner *l, const char *wrap)
{
    json_t *j = json_loads(l->body, 0, NULL);
    json_t *o = wrap ? json_object_get(j, wrap) : j;
    const char *id = json_string_value(json_object_get(json_object_get(o, "item"), "id"));
    int ok = id != NULL;
    if (ok) snprintf(l->item, sizeof l->item, "%s", id);
    json_decref(j);
    return ok;
}

static void answer(CURLM *m, learner *l)
{
    char json[600];
    snprintf(l->cid, sizeof l->cid, "bench-%lx-%lu", (unsigned long)time(NULL), ++seq);
    snprintf(json, sizeof json, "{\"item_id\":\"%s\",\"response\":\"0\",\"client_id\":\"%s\",\"duration_ms\":4000}",
             l->item, l->cid);
    l->phase = 2;
    start(m, l, "/api/practice/answer", json);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc != 7 && argc != 8) {
        fprintf(stderr, "usage: loadgen BASE_URL LOGIN_PREFIX N PASSWORD SECONDS ACK_FILE [RATE]\n");
        return 2;
    }
    base = argv[1];
    int n = (int)strtol(argv[3], NULL, 10);
    double secs = strtod(argv[5], NULL);
    double rate = argc == 8 ? strtod(argv[7], NULL) : 0, think = rate > 0 ? n / rate : 0;
    FILE *ack = fopen(argv[6], "a");
    if (n < 1 || n > 5000 || !ack) return 2;
    signal(SIGPIPE, SIG_IGN); /* a write to a closed connection fails with EPIPE instead */
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *m = curl_multi_init();
    /* the server allows 200 connections per client address (src/http/server.c): stay under it */
    curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)(n < 190 ? n : 190));
    learner *ls = calloc((size_t)n, sizeof *ls);
    size_t cap = 1 << 20, nlat = 0;
    double *lat = malloc(cap * sizeof *lat);
    long errors = 0, answers = 0;
    for (int i = 0; i < n; i++) {
        learner *l = &ls[i];
        l->h = curl_easy_init();
        curl_easy_setopt(l->h, CURLOPT_COOKIEFILE, "");
        curl_easy_setopt(l->h, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(l->h, CURLOPT_WRITEDATA, l);
        curl_easy_setopt(l->h, CURLOPT_PRIVATE, l);
        curl_easy_setopt(l->h, CURLOPT_TIMEOUT, 30L);
        /* without it libcurl swaps the SIGPIPE handler in and out (two sigaction calls) around
         * every step of every transfer: most of this program's CPU time */
        curl_easy_setopt(l->h, CURLOPT_NOSIGNAL, 1L);
        char json[300];
        snprintf(json, sizeof json, "{\"login\":\"%s%d\",\"password\":\"%s\"}", argv[2], i + 1, argv[4]);
        /* sign-ins one after the other: the server hashes passwords two at a time on purpose */
        start(m, l, "/api/auth/login", json);
        curl_multi_remove_handle(m, l->h);
        /* close the sign-in connection: the server allows 200 connections per address */
        curl_easy_setopt(l->h, CURLOPT_FORBID_REUSE, 1L);
        long status = 0;
        for (int tries = 0; tries < 20 && status != 200; tries++) {
            l->len = 0;
            if (tries) sleep(1);
            if (curl_easy_perform(l->h) == CURLE_OK) curl_easy_getinfo(l->h, CURLINFO_RESPONSE_CODE, &status);
        }
        if (status != 200) {
            fprintf(stderr, "loadgen: %s%d could not sign in (%ld %s)\n", argv[2], i + 1, status, l->body);
            return 1;
        }
        curl_easy_setopt(l->h, CURLOPT_FORBID_REUSE, 0L);
        set_csrf(l);
        l->phase = 1;
    }
    /* paced, the learners open their sessions (POST /api/practice/next) spread over one pause
     * before the window starts, as a class does, not all in the same millisecond: a burst of
     * 200 requests would be queued behind each other and counted in the first answers' latency */
    double t_start = now_s() + think, t_end = t_start + secs;
    for (int i = 0; i < n; i++) {
        ls[i].waiting = think > 0 ? 2 : 0;
        ls[i].due = t_start - think + think * i / n;
        if (!ls[i].waiting) start(m, &ls[i], "/api/practice/next", "{}");
    }
    int running = 1, dead = 0;
    while (running && !dead) {
        int still;
        curl_multi_perform(m, &still);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left))) {
            if (msg->msg != CURLMSG_DONE) continue;
            learner *l;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&l);
            long status = 0;
            curl_easy_getinfo(l->h, CURLINFO_RESPONSE_CODE, &status);
            double t = now_s();
            if (msg->data.result != CURLE_OK) { /* the server is gone (killed) */
                errors++;
                dead = 1;
                continue;
            }
            if (status == 200 && l->phase == 2) {
                fprintf(ack, "%s\n", l->cid);
                fflush(ack);
                answers++;
                if (nlat == cap) lat = realloc(lat, (cap *= 2) * sizeof *lat);
                lat[nlat++] = (t - l->t0) * 1000.0;
            } else if (status != 200) {
                errors++;
            }
            if (t >= t_end) continue;
            if (status == 200 && next_item(l, l->phase == 2 ? "next" : NULL)) {
                /* each learner keeps a schedule: the first answers spread evenly over one pause
                 * from the start, then one pause after the previous scheduled answer, so the
                 * offered rate is N/think whatever the latency (an answer whose time has passed
                 * goes at once) */
                if (l->sched == 0) {
                    l->sched = t_start + think * ((double)(l - ls) + 0.5) / n;
                } else {
                    /* pauses in pairs 0.5+u, 1.5-u of the mean: jittered, yet every two answers
                     * take exactly two pauses, so the rate is RATE and not RATE ± chance */
                    if (l->npaused++ % 2 == 0) l->jitter = (double)(seq % 101) / 100.0;
                    l->sched += think * (l->npaused % 2 ? 0.5 + l->jitter : 1.5 - l->jitter);
                }
                l->waiting = 1;
                l->due = think > 0 ? l->sched : t;
            } else { /* no item came back: ask for one (a reply to that is not an answer) */
                l->phase = 1;
                start(m, l, "/api/practice/next", "{}");
            }
        }
        double t = now_s();
        for (int i = 0; i < n; i++)
            if (ls[i].waiting && ls[i].due <= t && t < t_end) {
                if (ls[i].waiting == 2) start(m, &ls[i], "/api/practice/next", "{}");
                else answer(m, &ls[i]);
                ls[i].waiting = 0;
                still++;
            }
        if (now_s() >= t_end && still == 0) running = 0;
        if (still || think > 0) curl_multi_poll(m, NULL, 0, think > 0 ? 1 : 100, NULL);
    }
    /* paced, the rate is over the sending window (every answer sent in it is counted when its
     * reply comes); saturated, over the whole run */
    double el = (think > 0 && now_s() > t_end ? t_end : now_s()) - t_start;
    qsort(lat, nlat, sizeof *lat, cmp_d);
    double p50 = nlat ? lat[nlat / 2] : 0, p99 = nlat ? lat[(size_t)((double)nlat * 0.99)] : 0;
    printf("{\"learners\": %d, \"target_rate\": %.0f, \"answers\": %ld, \"seconds\": %.2f, \"answers_per_s\": %.1f, \"p50_ms\": %.2f, "
           "\"p99_ms\": %.2f, \"errors\": %ld, \"server_died\": %s}\n",
           n, rate, answers, el, el > 0 ? (double)answers / el : 0, p50, p99, errors, dead ? "true" : "false");
    fclose(ack);
    for (int i = 0; i < n; i++) {
        curl_multi_remove_handle(m, ls[i].h);
        curl_easy_cleanup(ls[i].h);
        curl_slist_free_all(ls[i].hdr);
    }
    curl_multi_cleanup(m);
    free(ls);
    free(lat);
    curl_global_cleanup();
    return 0;
}
