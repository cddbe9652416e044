/*
 * bot_llm.c — one chat completion from an OpenAI-compatible endpoint (llama.cpp's server,
 * Ollama, vLLM: POST {base}/v1/chat/completions), over a plain HTTP/1.1 socket.
 *
 * The product's binary does not link libcurl, and the endpoint is a local model server on the
 * same machine or network, so this is a deliberately small client: http:// only (no TLS),
 * `Connection: close`, a Content-Length or chunked answer read up to 1 MiB, a deadline on
 * connect, send and every read. The request asks for a non-streamed completion at
 * temperature 0; the reply's choices[0].message.content is the text.
 */
#include <errno.h>
#include <jansson.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "app/bot/bot_int.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/log.h"

enum { REPLY_MAX = 1 << 20 };

typedef struct url_parts {
    char host[256], port[8], path[512];
} url_parts;

/* parse_url: http://host[:port][/prefix] → the completions path under the prefix. */
static int parse_url(url_parts *u, const char *url)
{
    if (strncmp(url, "http://", 7) != 0) return E_INVALID;
    const char *h = url + 7, *slash = strchr(h, '/');
    size_t hl = slash ? (size_t)(slash - h) : strlen(h);
    const char *colon = memchr(h, ':', hl);
    size_t nl = colon ? (size_t)(colon - h) : hl;
    if (nl == 0 || nl >= sizeof u->host) return E_INVALID;
    memcpy(u->host, h, nl);
    u->host[nl] = 0;
    size_t pl = colon ? hl - nl - 1 : 2;
    if (pl == 0 || pl >= sizeof u->port) return E_INVALID;
    memcpy(u->port, colon ? colon + 1 : "80", pl);
    u->port[pl] = 0;
    const char *prefix = slash ? slash : "";
    size_t len = strlen(prefix);
    while (len && prefix[len - 1] == '/') len--;
    const char *tail = "/v1/chat/completions";
    if (len >= 17 && memcmp(prefix + len - 17, "/chat/completions", 17) == 0) tail = "";
    else if (len >= 3 && memcmp(prefix + len - 3, "/v1", 3) == 0) tail = "/chat/completions";
    int n = snprintf(u->path, sizeof u->path, "%.*s%s", (int)len, prefix, tail);
    return n > 0 && (size_t)n < sizeof u->path ? 0 : E_INVALID;
}

static int remaining_ms(const struct timespec *deadline)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long ms = (long)(deadline->tv_sec - now.tv_sec) * 1000 + (deadline->tv_nsec - now.tv_nsec) / 1000000;
    return ms > 0 ? (int)ms : 0;
}

static int wait_fd(int fd, short ev, const struct timespec *deadline)
{
    struct pollfd p = {fd, ev, 0};
    int ms = remaining_ms(deadline);
    return ms > 0 && poll(&p, 1, ms) == 1 ? 0 : E_FAIL;
}

static int connect_to(const url_parts *u, const struct timespec *deadline)
{
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(u->host, u->port, &hints, &res) != 0) return -1;
    int fd = -1;
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) continue;
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
            int err = 0;
            socklen_t el = sizeof err;
            if (errno != EINPROGRESS || wait_fd(fd, POLLOUT, deadline) ||
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) || err) {
                close(fd);
                fd = -1;
            }
        }
    }
    freeaddrinfo(res);
    return fd;
}

static int send_all(int fd, const char *p, size_t n, const struct timespec *deadline)
{
    while (n) {
        if (wait_fd(fd, POLLOUT, deadline)) return E_FAIL;
        ssize_t k = send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (k <= 0) return E_FAIL;
        p += k, n -= (size_t)k;
    }
    return 0;
}

static int recv_all(buf *b, int fd, const struct timespec *deadline)
{
    char chunk[8192];
    for (;;) {
        if (wait_fd(fd, POLLIN, deadline)) return E_FAIL;
        ssize_t k = recv(fd, chunk, sizeof chunk, 0);
        if (k < 0 && (errno == EAGAIN || errno == EINTR)) continue;
        if (k < 0) return E_FAIL;
        if (k == 0) return b->err ? E_LIMIT : 0;
        buf_append(b, chunk, (size_t)k);
        if (b->err) return E_LIMIT;
    }
}

/* dechunk: a chunked body decoded in place; its new length or -1. */
static long dechunk(char *body, size_t len)
{
    size_t in = 0, out = 0;
    for (;;) {
        char *end;
        unsigned long n = strtoul(body + in, &end, 16);
        char *crlf = strstr(end, "\r\n");
        if (end == body + in || !crlf) return -1;
        in = (size_t)(crlf - body) + 2;
        if (n == 0) return (long)out;
        if (n > len - in) return -1;
        memmove(body + out, body + in, n);
        out += n, in += n + 2;
        if (in > len) return -1;
    }
}

/* reply_text: the status must be 200 and the body a chat completion. */
static int reply_text(char **out, arena *a, char *resp, size_t len)
{
    char *hdr_end = strstr(resp, "\r\n\r\n");
    if (strncmp(resp, "HTTP/1.", 7) != 0 || !hdr_end || strtol(resp + 9, NULL, 10) != 200) return E_FAIL;
    *hdr_end = 0;
    char *body = hdr_end + 4;
    size_t blen = len - (size_t)(body - resp);
    for (char *h = strstr(resp, "\r\n"); h; h = strstr(h + 2, "\r\n"))
        if (strncasecmp(h + 2, "transfer-encoding:", 18) == 0 && strstr(h + 20, "chunked")) {
            long n = dechunk(body, blen);
            if (n < 0) return E_FAIL;
            blen = (size_t)n;
            break;
        }
    json_error_t jerr;
    json_t *j = json_loadb(body, blen, 0, &jerr);
    const char *text = NULL;
    if (json_unpack(j, "{s:[{s:{s:s}}]}", "choices", "message", "content", &text) != 0) text = NULL;
    if (text) *out = arena_strdup(a, text);
    json_decref(j);
    return text ? 0 : E_FAIL;
}

int bot_llm_chat(char **out, arena *a, const char *url, const char *system, const char *user, int timeout_s)
{
    url_parts u;
    if (parse_url(&u, url)) return E_INVALID;
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += timeout_s;
    json_t *body = json_pack("{s:s, s:[{s:s, s:s}, {s:s, s:s}], s:f, s:i, s:b}", "model", "local", "messages", "role",
                             "system", "content", system, "role", "user", "content", user, "temperature", 0.0,
                             "max_tokens", 512, "stream", 0);
    char *json = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    buf out_req = BUF_INIT(REPLY_MAX), resp = BUF_INIT(REPLY_MAX);
    buf_printf(&out_req,
               "POST %s HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
               "Content-Length: %zu\r\nConnection: close\r\n\r\n%s",
               u.path, u.host, u.port, strlen(json), json);
    free(json);
    int rc = E_FAIL;
    int fd = out_req.err ? -1 : connect_to(&u, &deadline);
    if (fd >= 0) {
        rc = send_all(fd, out_req.data, out_req.len, &deadline);
        if (rc == 0) rc = recv_all(&resp, fd, &deadline);
        close(fd);
    }
    if (rc == 0 && resp.len) rc = reply_text(out, a, resp.data, resp.len);
    else if (rc == 0) rc = E_FAIL;
    if (rc) log_error("bot: the LLM at %s gave no usable answer", url);
    buf_free(&out_req);
    buf_free(&resp);
    return rc == E_LIMIT ? E_FAIL : rc;
}
