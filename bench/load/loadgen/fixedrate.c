// fixedrate: an open-loop, fixed-rate HTTP/1.1 load generator with coordinated-omission-correct
// latency, in the manner of wrk2 (which Debian does not package). Part of bench/load/run.sh.
//
// Request j is due at t0 + j/rate and goes out on connection j % conns (one request in flight per
// connection, keep-alive), so each connection runs its own fixed schedule of rate/conns. A request
// whose connection is still busy when it falls due goes out as soon as the connection is free, and
// its latency is still measured from when it was DUE: a stall of the server shows up in the
// percentiles instead of silently slowing the client down (coordinated omission). Timers are
// timerfd with 1 ns slack, so the client's own wake-up error is microseconds, not the millisecond
// of a poll() timeout.
//
// Every request carries X-Tenant-Id: t%07d drawn uniformly from [0, tenants) unless -n 0.
// Loopback only: the target is always 127.0.0.1. Bounded: it stops by itself after
// warm-up + duration + 2 s at most.
//
// usage: fixedrate -p PORT -r RATE -d SECONDS [-w WARMUP_S] [-c CONNS] [-n TENANTS] [-P PATH]
// prints one line of key=value pairs (latencies in microseconds). Only requests due after the
// warm-up are in the percentiles; `late` counts requests of the schedule that were never sent
// because their connection was still busy at the end (non-zero: the target did not keep up).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define RBUF 65536
#define MAXCONN 4096
#define TIMER_TAG UINT64_MAX

typedef struct {
    int fd;
    int busy;
    int64_t cur_j;  // the request in flight, when busy
    int64_t next_j; // the next request of this connection's schedule
    size_t rlen;
    char rbuf[RBUF];
} conn_t;

static int port, conns = 64, tenants = 1000000;
static double rate, duration, warmup = 0;
static const char *path = "/";
static int64_t t0, t_measure, t_end;
static conn_t *cs;
static int ep, tfd;
static uint64_t *lat;
static size_t nlat, caplat;
static uint64_t completed, errors, non2xx, sent, late;
static uint64_t rng = 0x9E3779B97F4A7C15ull;

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t due(int64_t j) { return t0 + (int64_t)((long double)j * 1e9L / (long double)rate); }

static uint64_t next_rand(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void open_conn(int i) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) die("connect");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t)i};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
    cs[i].fd = fd;
    cs[i].rlen = 0;
}

static void reopen(int i) {
    epoll_ctl(ep, EPOLL_CTL_DEL, cs[i].fd, NULL);
    close(cs[i].fd);
    open_conn(i);
}

static void send_req(int i) {
    char req[256];
    int n;
    if (tenants > 0) {
        unsigned t = (unsigned)(next_rand() % (uint64_t)tenants);
        n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nX-Tenant-Id: t%07u\r\n\r\n", path, port, t);
    } else {
        n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n\r\n", path, port);
    }
    conn_t *c = &cs[i];
    c->cur_j = c->next_j;
    c->busy = 1;
    c->rlen = 0;
    sent++;
    // A request of ~80 bytes into an empty socket buffer is written whole or not at all.
    if (write(c->fd, req, (size_t)n) != n) {
        errors++;
        reopen(i);
        c->busy = 0;
        c->next_j += conns;
    }
}

// 0: incomplete; 1: complete; -1: malformed. Sets *status and *close_after.
static int parse(conn_t *c, int *status, int *close_after) {
    char *b = c->rbuf;
    size_t n = c->rlen;
    char *end = memmem(b, n, "\r\n\r\n", 4);
    if (!end) return n >= RBUF ? -1 : 0;
    size_t hdr = (size_t)(end - b) + 4;
    if (n < 12 || strncmp(b, "HTTP/1.", 7) != 0) return -1;
    *status = atoi(b + 9);
    long clen = -1;
    int chunked = 0;
    *close_after = 0;
    for (char *line = memchr(b, '\n', hdr) + 1; line < end; line = memchr(line, '\n', (size_t)(end - line) + 2) + 1) {
        if (strncasecmp(line, "content-length:", 15) == 0) clen = atol(line + 15);
        else if (strncasecmp(line, "transfer-encoding:", 18) == 0) chunked = memmem(line, (size_t)(end - line), "chunked", 7) != NULL;
        else if (strncasecmp(line, "connection:", 11) == 0) *close_after = memmem(line, (size_t)(end - line) < 40 ? (size_t)(end - line) : 40, "close", 5) != NULL;
    }
    if (!chunked) {
        if (clen < 0) clen = 0; // a response without a length to a GET here is an empty one (204/304)
        return n >= hdr + (size_t)clen ? 1 : 0;
    }
    size_t p = hdr;
    for (;;) {
        char *eol = memmem(b + p, n - p, "\r\n", 2);
        if (!eol) return 0;
        long size = strtol(b + p, NULL, 16);
        p = (size_t)(eol - b) + 2;
        if (size == 0) return n >= p + 2 ? 1 : 0; // no trailers
        p += (size_t)size + 2;
        if (p > n) return 0;
    }
}

static void arm_timer(int64_t when) {
    struct itimerspec it = {0};
    if (when > 0) {
        it.it_value.tv_sec = when / 1000000000LL;
        it.it_value.tv_nsec = when % 1000000000LL;
    }
    timerfd_settime(tfd, TFD_TIMER_ABSTIME, &it, NULL);
}

// Sends what is due on idle connections and arms the timer for the next due request.
static void pump(int64_t now) {
    int64_t next = 0;
    for (int i = 0; i < conns; i++) {
        conn_t *c = &cs[i];
        if (c->busy) continue;
        int64_t d = due(c->next_j);
        if (d >= t_end) continue;
        if (d <= now) send_req(i);
        else if (next == 0 || d < next) next = d;
    }
    arm_timer(next);
}

static int cmp(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double pct(double p) {
    if (nlat == 0) return 0;
    size_t k = (size_t)(p / 100.0 * (double)(nlat - 1) + 0.5);
    return (double)lat[k] / 1000.0;
}

int main(int argc, char **argv) {
    int opt;
    while ((opt = getopt(argc, argv, "p:r:d:w:c:n:P:")) != -1) {
        switch (opt) {
        case 'p': port = atoi(optarg); break;
        case 'r': rate = atof(optarg); break;
        case 'd': duration = atof(optarg); break;
        case 'w': warmup = atof(optarg); break;
        case 'c': conns = atoi(optarg); break;
        case 'n': tenants = atoi(optarg); break;
        case 'P': path = optarg; break;
        default: goto usage;
        }
    }
    if (port <= 0 || port > 65535 || rate <= 0 || duration <= 0 || duration > 600 || warmup < 0 || warmup > 600 || conns < 1 || conns > MAXCONN || tenants < 0) {
    usage:
        fprintf(stderr, "usage: fixedrate -p PORT -r RATE -d SECONDS [-w WARMUP_S] [-c CONNS] [-n TENANTS] [-P PATH]\n");
        return 2;
    }
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    rng ^= (uint64_t)now_ns();
    ep = epoll_create1(0);
    tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    if (ep < 0 || tfd < 0) die("epoll/timerfd");
    struct epoll_event tev = {.events = EPOLLIN, .data.u64 = TIMER_TAG};
    epoll_ctl(ep, EPOLL_CTL_ADD, tfd, &tev);
    cs = calloc((size_t)conns, sizeof *cs);
    caplat = (size_t)(rate * duration * 1.1) + 1024;
    lat = malloc(caplat * sizeof *lat);
    if (!cs || !lat) die("malloc");
    for (int i = 0; i < conns; i++) {
        open_conn(i);
        cs[i].next_j = i;
    }

    t0 = now_ns() + 1000000; // 1 ms from now
    t_measure = t0 + (int64_t)(warmup * 1e9);
    t_end = t_measure + (int64_t)(duration * 1e9);
    int64_t hard_stop = t_end + 2000000000LL; // in-flight requests get 2 s to finish
    pump(now_ns());

    struct epoll_event evs[256];
    for (;;) {
        int64_t now = now_ns();
        int inflight = 0;
        for (int i = 0; i < conns; i++) inflight += cs[i].busy;
        if (now >= hard_stop || (now >= t_end && inflight == 0)) break;
        // The timer sends on schedule; this bound only makes sure the loop notices the end.
        int timeout_ms = (int)(((now < t_end ? t_end : hard_stop) - now) / 1000000 + 1);
        int n = epoll_wait(ep, evs, 256, timeout_ms);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        now = now_ns();
        for (int e = 0; e < n; e++) {
            if (evs[e].data.u64 == TIMER_TAG) {
                uint64_t x;
                ssize_t r = read(tfd, &x, sizeof x);
                (void)r;
                continue;
            }
            int i = (int)evs[e].data.u64;
            conn_t *c = &cs[i];
            for (;;) {
                ssize_t r = read(c->fd, c->rbuf + c->rlen, RBUF - c->rlen);
                if (r > 0) {
                    c->rlen += (size_t)r;
                    if (c->rlen < RBUF) continue;
                }
                if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && c->rlen < RBUF) break;
                // closed, error or overflow
                if (c->busy) {
                    errors++;
                    c->busy = 0;
                    c->next_j = c->cur_j + conns;
                }
                reopen(i);
                break;
            }
            if (!c->busy || c->rlen == 0) continue;
            int status = 0, close_after = 0;
            int p = parse(c, &status, &close_after);
            if (p == 0) continue;
            c->busy = 0;
            c->next_j = c->cur_j + conns;
            if (p < 0) {
                errors++;
                reopen(i);
                continue;
            }
            completed++;
            if (status < 200 || status > 299) non2xx++;
            int64_t d = due(c->cur_j);
            if (d >= t_measure && nlat < caplat) lat[nlat++] = (uint64_t)(now - d);
            if (close_after) reopen(i);
        }
        pump(now);
    }

    for (int i = 0; i < conns; i++) {
        conn_t *c = &cs[i];
        int64_t j = c->busy ? c->cur_j + conns : c->next_j;
        for (; due(j) < t_end; j += conns) late++;
        if (c->busy) errors++; // still no answer 2 s after the end
    }
    qsort(lat, nlat, sizeof *lat, cmp);
    printf("target_rps=%.0f duration_s=%.1f warmup_s=%.1f conns=%d sent=%llu completed=%llu measured=%zu errors=%llu non2xx=%llu late=%llu achieved_rps=%.0f p50_us=%.0f p90_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f\n",
           rate, duration, warmup, conns, (unsigned long long)sent, (unsigned long long)completed, nlat,
           (unsigned long long)errors, (unsigned long long)non2xx, (unsigned long long)late,
           (double)nlat / duration, pct(50), pct(90), pct(99), pct(99.9), nlat ? (double)lat[nlat - 1] / 1000.0 : 0.0);
    return 0;
}
