#!/usr/bin/env bash
# Load comparison (issue "Performance", item 2): the Cellular router against the same traffic sent
# directly to a cell, through plain YARP, through nginx with a tenant map and through HAProxy with a
# map file. One script, one run, loopback only; see bench/load/README.md for what is measured and
# how. Writes bench/load/results/<date>-<host>.md and prints it.
#
#   bench/load/run.sh                      # the full comparison (about 10-12 minutes on 2 cores)
#   DURATION=5 WARMUP=2 RUNS=1 bench/load/run.sh   # a quick smoke run
#
# Settings (environment):
#   DURATION=10     seconds per measurement          WARMUP=5     seconds of warm-up before each
#   PRIME=30        seconds of load on each .NET server once, before the rounds (JIT tiering;
#                   tiering is still compiling after 15 s when the machine is busy); 5 s on the others
#   NICE=0          nice value for every process of the benchmark (negative = ahead of other work
#                   on a shared machine; 0 leaves the others alone)
#   RUNS=3          rounds, alternating order        CONNS=64     client connections (all scenarios)
#   THREADS=1       wrk threads                      PIN=0        0: nothing pinned, one worker per core;
#                                                                   1: server on CPU 0 (1 worker), client
#                                                                   and backend on CPU 1
#   TENANTS=1000000 CELLS=10                         RATE_FRACTION=0.5  fixed rate = this × router max RPS
#   RATE=           fixed rate (requests/s) instead of RATE_FRACTION × router max
#   SCENARIOS="direct yarp router router_yarp nginx haproxy"   (also: yarp_lean, plain YARP with ASP.NET Core's
#                   per-request hosting logs off as the router ships (no Activity per request);
#                   router_rl, the router with its tenant
#                   rate limit on, as shipped; off in "router", as the comparison asks; and
#                   router_alt, the router with ROUTER_ALT_ARGS added, to measure a setting;
#                   router_yarp, the router with its lean HTTP/1.1 path off: every request on YARP)
#   ROUTER_ALT_ARGS= extra arguments of router_alt (e.g. --Cellular:Router:StatsRetention=00:00:10)
#   ROUTER_ALT_ENV=  extra environment of router_alt (e.g. DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0)
#   ROUTER_ALT2_ARGS= ROUTER_ALT2_ENV=  the same for router_alt2, a second setting in the same rounds
#   ROUTER_ARGS=    extra arguments for the router (e.g. --Cellular:Router:CircuitBreaker:Enabled=false)
#   ROUTER_REV=     build the router from this git revision (e.g. HEAD) instead of the working tree
#   SKIP_INSTALL=0 SKIP_BUILD=0 SKIP_TABLE=0        reuse what a previous run installed/built/generated
#   REPORT_ONLY=0   1: only write the report again from the last run's .work/ files
#   OUT=            results file (default bench/load/results/<date>-<host>.md)
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=$HERE/.work
mkdir -p "$WORK" "$HERE/results"

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
PRIME=${PRIME:-30}
NICE=${NICE:-0}
RUNS=${RUNS:-3}
CONNS=${CONNS:-64}
THREADS=${THREADS:-1}
PIN=${PIN:-0}
TENANTS=${TENANTS:-1000000}
CELLS=${CELLS:-10}
RATE_FRACTION=${RATE_FRACTION:-0.5}
RATE=${RATE:-}
SCENARIOS=${SCENARIOS:-"direct yarp router router_yarp nginx haproxy"}
ROUTER_ARGS=${ROUTER_ARGS:-}
ROUTER_ALT_ARGS=${ROUTER_ALT_ARGS:-}
ROUTER_ALT_ENV=${ROUTER_ALT_ENV:-}
ROUTER_ALT2_ARGS=${ROUTER_ALT2_ARGS:-}
ROUTER_ALT2_ENV=${ROUTER_ALT2_ENV:-}
ROUTER_REV=${ROUTER_REV:-}
SKIP_INSTALL=${SKIP_INSTALL:-0}
SKIP_BUILD=${SKIP_BUILD:-0}
SKIP_TABLE=${SKIP_TABLE:-0}
REPORT_ONLY=${REPORT_ONLY:-0}
HOST_NAME=$(hostname -s 2>/dev/null || hostname)
OUT=${OUT:-$HERE/results/$(date -u +%Y-%m-%d)-$HOST_NAME.md}

# Ports, all on 127.0.0.1. Cells are BACKEND_PORT .. BACKEND_PORT+CELLS-1.
BACKEND_PORT=18101
YARP_PORT=18200
ROUTER_PORT=18300
NGINX_PORT=18400
HAPROXY_PORT=18500
CLOSED_PORT=18999 # the router's control plane: nothing listens there

STARTED=$(date +%s)
LOAD_AVG_START=$(cut -d' ' -f1-3 /proc/loadavg)
log() { printf '[%4ds] %s\n' $(($(date +%s) - STARTED)) "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Processes: every one this script starts is recorded and stopped on exit, whatever happens.
PIDS=()
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
    done
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ $PIN == 1 ]]; then
    PROXY_CPUS=0
    LOAD_CPUS=1
    WORKERS=1
else
    PROXY_CPUS=0-$(($(nproc) - 1))
    LOAD_CPUS=$PROXY_CPUS
    WORKERS=$(nproc)
fi

# start NAME CPUS CMD... : runs CMD in the background pinned to CPUS, logs to $WORK/NAME.log.
start() {
    local name=$1 cpus=$2
    shift 2
    nice -n "$NICE" taskset -c "$cpus" "$@" >"$WORK/$name.log" 2>&1 &
    local pid=$!
    PIDS+=("$pid")
    eval "PID_$name=$pid"
    log "started $name (pid $pid, CPU $cpus)"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_http NAME URL [HEADER] : waits (at most 180 s) for a 200 from URL.
wait_http() {
    local name=$1 url=$2 header=${3:-X-Bench: 1}
    local pid_var=PID_$name
    for _ in $(seq 900); do
        if [[ $(curl -s -o /dev/null -w '%{http_code}' -H "$header" "$url" 2>/dev/null) == 200 ]]; then
            return 0
        fi
        kill -0 "${!pid_var}" 2>/dev/null || { tail -20 "$WORK/$name.log" >&2; fail "$name exited"; }
        sleep 0.2
    done
    tail -20 "$WORK/$name.log" >&2
    fail "$name did not answer 200 at $url within 180 s"
}

# The processes of a scenario's server: the process and its children (nginx workers).
tree_pids() {
    local pid=$1
    echo "$pid"
    pgrep -P "$pid" 2>/dev/null || true
}

# CPU time in clock ticks (utime + stime) of the processes given.
cpu_ticks() {
    local total=0 pid stat
    for pid in "$@"; do
        stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
        stat=${stat##*) } # fields after the command name; utime and stime are fields 14 and 15
        read -r -a f <<<"$stat"
        total=$((total + f[11] + f[12]))
    done
    echo "$total"
}

# "RSS_kB PSS_kB" summed over the processes given (PSS counts shared pages once).
mem_kb() {
    local rss=0 pss=0 pid v
    for pid in "$@"; do
        v=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
        rss=$((rss + ${v:-0}))
        v=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
        pss=$((pss + ${v:-0}))
    done
    echo "$rss $pss"
}

CLK_TCK=$(getconf CLK_TCK)

# The run's results live in .work/: raw.tsv (every measurement), mem.tsv (memory at the end) and
# run.env (the settings the report needs), so REPORT_ONLY=1 can write the report again.
RAW=$WORK/raw.tsv
MEM=$WORK/mem.tsv
RUN_ENV=$WORK/run.env
declare -A PORT_OF=([direct]=$BACKEND_PORT [yarp]=$YARP_PORT [yarp_lean]=$((YARP_PORT + 1)) [router]=$ROUTER_PORT [router_rl]=$((ROUTER_PORT + 1)) [router_alt]=$((ROUTER_PORT + 2)) [router_yarp]=$((ROUTER_PORT + 3)) [router_alt2]=$((ROUTER_PORT + 4)) [nginx]=$NGINX_PORT [haproxy]=$HAPROXY_PORT)
declare -A LABEL=([direct]="direct (backend)" [yarp]="plain YARP" [yarp_lean]="plain YARP, hosting logs off" [router]="Cellular router" [router_rl]="router, tenant rate limit on" [router_alt]="router_alt" [router_alt2]="router_alt2" [router_yarp]="router, YARP path only" [nginx]="nginx + map" [haproxy]="HAProxy + map")

median() { sort -g | awk '{v[NR] = $1} END {if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
col() { # col PHASE SCENARIO COLUMN → the median of that column
    awk -F'\t' -v p="$1" -v s="$2" -v c="$3" 'NR > 1 && $1 == p && $3 == s && $c != "" {print $c}' "$RAW" | median
}

# ---------------------------------------------------------------------------------------------
# 6. Report (a function: it runs last, or alone with REPORT_ONLY=1).
report() {
    declare -A RSS PSS
    local s r p
    while read -r s r p; do RSS[$s]=$r; PSS[$s]=$p; done <"$MEM"
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || b == 0) print "–"; else printf "%.2f", a / b}'; }
    per_core() { awk -v v="$1" 'BEGIN {if (v == "" || v == 0) print "–"; else printf "%.0f", 1e6 / v}'; }
    fmt_us() { awk -v v="$1" 'BEGIN {if (v == "") print "–"; else if (v >= 10000) printf "%.1f ms", v / 1000; else printf "%.0f µs", v}'; }

    cpu_model=$(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}')
    mem_total=$(free -g | awk '/^Mem:/ {print $2 " GiB"}')
    dotnet_rt=$(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ {v = $2} END {print "ASP.NET Core " v}')
    nginx_v=$(nginx -v 2>&1 | sed 's/.*nginx\///')
    haproxy_v=$(haproxy -v | awk 'NR == 1 {print $3}')
    wrk_v=$( (wrk -v 2>&1 || true) | awk 'NR == 1 {print $2}')

    {
        echo "# Load comparison — $(date -u '+%Y-%m-%d %H:%M UTC') on $HOST_NAME"
        echo
        echo "Machine: $cpu_model, $(nproc) cores, $mem_total, kernel $(uname -r), $dotnet_rt, nginx $nginx_v, HAProxy $haproxy_v, wrk $wrk_v."
        echo "Source: $SOURCE_DESC. Load average (1/5/15 min) at the start: $LOAD_AVG_START; at the end: $LOAD_AVG."
        echo
        echo "Setup: $TENANTS tenants over $CELLS cells (one nginx backend process, 1 worker, $CELLS ports);"
        if [[ $PIN == 1 ]]; then
            echo "server under test pinned to CPU $PROXY_CPUS (1 worker / thread pool on 1 core), client and backend pinned to CPU $LOAD_CPUS;"
        else
            echo "nothing pinned, $WORKERS workers per proxy;"
        fi
        echo "$CONNS connections; max RPS: wrk -t$THREADS, ${WARMUP} s warm-up + ${DURATION} s; latency: fixedrate (open loop,"
        echo "coordinated omission corrected) at $RATE req/s (= $RATE_FRACTION × the router's median max RPS), ${WARMUP} s warm-up + ${DURATION} s;"
        echo "$RUNS rounds in alternating order; medians. CPU µs/req = the server's utime+stime over the measurement ÷ requests"
        echo "(nginx: master + workers); req/s per core = 1,000,000 ÷ CPU µs/req, the rate one full core would sustain."
        echo "RSS: VmRSS summed over the server's processes at the end; PSS counts shared pages once."
        if [[ -n $ROUTER_ARGS ]]; then echo "Router arguments added: \`$ROUTER_ARGS\`."; fi
        if [[ " $SCENARIOS " == *" router_alt "* ]]; then
            alt=$(echo "$ROUTER_ALT_ENV $ROUTER_ALT_ARGS" | xargs)
            echo "router_alt = the router with \`$alt\`."
        fi
        if [[ " $SCENARIOS " == *" router_alt2 "* ]]; then
            alt=$(echo "$ROUTER_ALT2_ENV $ROUTER_ALT2_ARGS" | xargs)
            echo "router_alt2 = the router with \`$alt\`."
        fi
        echo
        echo "| scenario | max RPS | server CPU @ max | CPU µs/req @ max | req/s per core | p50 @ $RATE/s | p99 @ $RATE/s | CPU µs/req @ $RATE/s | RSS MB | PSS MB |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        for s in $SCENARIOS; do
            printf '| %s | %s | %s %% | %s | %s | %s | %s | %s | %s | %s |\n' "${LABEL[$s]}" "$(col max "$s" 4)" "$(col max "$s" 8)" \
                "$(col max "$s" 7)" "$(per_core "$(col max "$s" 7)")" \
                "$(fmt_us "$(col fixed "$s" 5)")" "$(fmt_us "$(col fixed "$s" 6)")" "$(col fixed "$s" 7)" "${RSS[$s]}" "${PSS[$s]}"
        done
        if [[ " $SCENARIOS " == *" router "* ]]; then
            echo
            echo "| router ÷ | max RPS | CPU µs/req @ max | p50 | p99 | RSS |"
            echo "|---|---:|---:|---:|---:|---:|"
            for s in $SCENARIOS; do
                if [[ $s == router ]]; then continue; fi
                printf '| %s | %s | %s | %s | %s | %s |\n' "${LABEL[$s]}" \
                    "$(ratio "$(col max router 4)" "$(col max "$s" 4)")" \
                    "$(ratio "$(col max router 7)" "$(col max "$s" 7)")" \
                    "$(ratio "$(col fixed router 5)" "$(col fixed "$s" 5)")" \
                    "$(ratio "$(col fixed router 6)" "$(col fixed "$s" 6)")" \
                    "$(ratio "${RSS[router]}" "${RSS[$s]}")"
            done
            echo
            echo "Goals (issue 14): router max RPS ≥ 1.0 × nginx and HAProxy (0.85 the floor) and ≥ 0.95 × plain YARP; CPU µs/req ≤ nginx's (req/s per core ≥ 1.0 ×); p99 at the fixed rate ≤ nginx's and HAProxy's (≤ 1.5 × plain YARP's)."
            verdict() { # verdict NAME VALUE OP LIMIT
                awk -v n="$1" -v v="$2" -v op="$3" -v l="$4" 'BEGIN {
                    if (v == "–") { print "- " n ": not measured"; exit }
                    ok = (op == ">=") ? (v >= l) : (v <= l)
                    printf "- %s: %s (goal %s %s) — %s\n", n, v, op, l, ok ? "met" : "MISSED" }'
            }
            for s in yarp yarp_lean nginx haproxy; do
                if [[ " $SCENARIOS " == *" $s "* ]]; then
                    goal=1.0
                    if [[ $s == yarp* ]]; then goal=0.95; fi
                    verdict "max RPS router ÷ ${LABEL[$s]}" "$(ratio "$(col max router 4)" "$(col max "$s" 4)")" ">=" "$goal"
                fi
            done
            for s in yarp yarp_lean nginx haproxy; do
                if [[ " $SCENARIOS " == *" $s "* ]]; then
                    goal=1.0
                    if [[ $s == yarp* ]]; then goal=0.95; fi
                    # The same goal on CPU efficiency (req/s per core), which contention distorts less.
                    verdict "req/s per core router ÷ ${LABEL[$s]}" "$(ratio "$(col max "$s" 7)" "$(col max router 7)")" ">=" "$goal"
                fi
            done
            for s in yarp yarp_lean nginx haproxy; do
                if [[ " $SCENARIOS " == *" $s "* ]]; then
                    goal=1.0
                    if [[ $s == yarp* ]]; then goal=1.5; fi
                    verdict "p99 router ÷ ${LABEL[$s]}" "$(ratio "$(col fixed router 6)" "$(col fixed "$s" 6)")" "<=" "$goal"
                fi
            done
        fi
        echo
        echo "<details><summary>Every measurement</summary>"
        echo
        echo "| phase | round | scenario | req/s | p50 µs | p99 µs | CPU µs/req | server CPU % | backend CPU % | errors | note |"
        echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"
        awk -F'\t' 'NR > 1 {printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11}' "$RAW"
        echo
        echo "</details>"
    } >"$OUT"
}

if [[ $REPORT_ONLY == 1 ]]; then
    # shellcheck disable=SC1090 # written by an earlier run
    source "$RUN_ENV"
    report
    cat "$OUT"
    exit 0
fi

# ---------------------------------------------------------------------------------------------
# 1. Install and build.
if [[ $SKIP_INSTALL != 1 ]]; then
    missing=()
    for tool in wrk:wrk nginx:nginx haproxy:haproxy curl:curl gcc:gcc taskset:util-linux; do
        command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
    done
    if ((${#missing[@]})); then
        log "installing ${missing[*]} (Debian packages)"
        # policy-rc.d (as in Debian containers) keeps the packaged services from starting.
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >"$WORK/apt.log" 2>&1 ||
            { tail -20 "$WORK/apt.log" >&2; fail "apt-get install ${missing[*]}"; }
    fi
fi
for tool in wrk nginx haproxy curl gcc taskset dotnet; do
    command -v "$tool" >/dev/null || fail "$tool is not installed"
done

TABLEGEN_DLL=$ROOT/artifacts/bin/Cellular.LoadBench.TableGen/release/Cellular.LoadBench.TableGen.dll
YARP_DLL=$ROOT/artifacts/bin/Cellular.LoadBench.PlainYarp/release/Cellular.LoadBench.PlainYarp.dll
# ROUTER_REV=<git revision>: build the router from that revision (git archive into .work/), not
# from the working tree, e.g. while the working tree is in the middle of an edit.
ROUTER_ROOT=$ROOT
if [[ -n $ROUTER_REV ]]; then
    ROUTER_ROOT=$WORK/rev-$(git -C "$ROOT" rev-parse --short "$ROUTER_REV")
fi
ROUTER_DLL=$ROUTER_ROOT/artifacts/bin/Cellular.Router/release/Cellular.Router.dll
FIXEDRATE=$WORK/fixedrate
build() {
    dotnet build "$1" -c Release -nologo -v q >"$WORK/build.log" 2>&1 ||
        { grep -E 'error|warn' "$WORK/build.log" | sort -u | head -20 >&2; fail "dotnet build $1${2:+ ($2)}"; }
}
if [[ $SKIP_BUILD != 1 ]]; then
    log "building (Release): router${ROUTER_REV:+ at $ROUTER_REV}, plain YARP, table generator; fixedrate (gcc -O2)"
    if [[ -n $ROUTER_REV ]]; then
        rm -rf "$ROUTER_ROOT" && mkdir -p "$ROUTER_ROOT"
        git -C "$ROOT" archive "$ROUTER_REV" global.json Directory.Build.props Directory.Packages.props src/Cellular.Core src/Cellular.Router |
            tar -x -C "$ROUTER_ROOT"
        build "$ROUTER_ROOT/src/Cellular.Router/Cellular.Router.csproj"
    else
        build "$ROOT/src/Cellular.Router/Cellular.Router.csproj" "set ROUTER_REV=HEAD to build the last commit instead of the working tree"
    fi
    build "$HERE/PlainYarp/Cellular.LoadBench.PlainYarp.csproj"
    build "$HERE/TableGen/Cellular.LoadBench.TableGen.csproj"
    gcc -O2 -Wall -Wextra -Werror -o "$FIXEDRATE" "$HERE/loadgen/fixedrate.c" || fail "gcc fixedrate.c"
fi
# What was built, said now: the tree may change while the rounds run.
if [[ -n $ROUTER_REV ]]; then
    SOURCE_DESC="router built from commit $(git -C "$ROOT" rev-parse --short "$ROUTER_REV") ($ROUTER_REV)"
else
    SOURCE_DESC="router built from the working tree at commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
    if [[ -n $(git -C "$ROOT" status --porcelain -- src/Cellular.Router src/Cellular.Core 2>/dev/null | head -1) ]]; then
        SOURCE_DESC+=" with uncommitted changes in src/ at build time"
    fi
fi
for f in "$TABLEGEN_DLL" "$YARP_DLL" "$ROUTER_DLL" "$FIXEDRATE"; do
    [[ -e $f ]] || fail "$f is missing (run without SKIP_BUILD=1)"
done

# ---------------------------------------------------------------------------------------------
# 2. The routing inputs: one placement, three forms (router table file, nginx map, HAProxy map).
if [[ $SKIP_TABLE != 1 || ! -s $WORK/routing-table.json ]]; then
    log "generating $TENANTS tenants over $CELLS cells"
    dotnet "$TABLEGEN_DLL" "$WORK" "$TENANTS" "$CELLS" "$BACKEND_PORT" >&2 || fail "TableGen"
fi

for port in $(seq "$BACKEND_PORT" $((BACKEND_PORT + CELLS - 1))) $YARP_PORT $((YARP_PORT + 1)) $ROUTER_PORT $((ROUTER_PORT + 1)) $((ROUTER_PORT + 2)) $((ROUTER_PORT + 3)) $((ROUTER_PORT + 4)) $NGINX_PORT $HAPROXY_PORT $CLOSED_PORT; do
    port_free "$port" || fail "port $port on 127.0.0.1 is in use"
done

# write_assertion_keys FILE: generation 1 of a random 32-byte key (base64url) for each cell c1..cCELLS.
write_assertion_keys() {
    local file=$1 c key sep=""
    {
        printf '{"generation":1,"cells":['
        for c in $(seq "$CELLS"); do
            key=$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
            printf '%s{"cell":"c%d","key":"%s"}' "$sep" "$c" "$key"
            sep=","
        done
        printf ']}\n'
    } >"$file"
    chmod 600 "$file"
}

# ---------------------------------------------------------------------------------------------
# 3. Configurations.
mkdir -p "$WORK/nginx-backend" "$WORK/nginx-proxy"

# The backend: one nginx process with one worker listening on CELLS ports ("cells"); each answers
# 200 with a fixed 11-byte body naming its port, so every scenario returns the same bytes and the
# sanity check below can see which cell a request reached.
{
    echo "worker_processes 1;"
    echo "daemon off;"
    echo "pid $WORK/nginx-backend/nginx.pid;"
    echo "error_log $WORK/nginx-backend/error.log warn;"
    echo "events { worker_connections 8192; }"
    echo "http {"
    echo "  access_log off;"
    echo "  keepalive_requests 100000000;"
    echo "  keepalive_timeout 300s;"
    echo "  client_body_temp_path $WORK/nginx-backend;"
    echo "  server {"
    for port in $(seq "$BACKEND_PORT" $((BACKEND_PORT + CELLS - 1))); do
        echo "    listen 127.0.0.1:$port;"
    done
    echo "    location / { default_type text/plain; return 200 \"cell \$server_port\\n\"; }"
    echo "  }"
    echo "}"
} >"$WORK/nginx-backend.conf"

{
    echo "worker_processes $WORKERS;"
    echo "daemon off;"
    echo "pid $WORK/nginx-proxy/nginx.pid;"
    echo "error_log $WORK/nginx-proxy/error.log warn;"
    echo "events { worker_connections 8192; }"
    echo "http {"
    echo "  access_log off;"
    echo "  keepalive_requests 100000000;"
    echo "  keepalive_timeout 300s;"
    echo "  client_body_temp_path $WORK/nginx-proxy;"
    echo "  proxy_temp_path $WORK/nginx-proxy;"
    echo "  map_hash_max_size $((TENANTS * 2));"
    echo "  map_hash_bucket_size 64;"
    echo "  map \$http_x_tenant_id \$cell_upstream {"
    echo "    default \"\";"
    echo "    include $WORK/nginx-tenants.map;"
    echo "  }"
    for c in $(seq "$CELLS"); do
        echo "  upstream c$c { server 127.0.0.1:$((BACKEND_PORT + c - 1)); keepalive 64; keepalive_requests 100000000; keepalive_timeout 300s; }"
    done
    echo "  server {"
    echo "    listen 127.0.0.1:$NGINX_PORT;"
    echo "    location / {"
    echo "      if (\$cell_upstream = \"\") { return 404; }"
    echo "      proxy_pass http://\$cell_upstream;"
    echo "      proxy_http_version 1.1;"
    echo "      proxy_set_header Connection \"\";"
    echo "    }"
    echo "  }"
    echo "}"
} >"$WORK/nginx-proxy.conf"

{
    echo "global"
    echo "  nbthread $WORKERS"
    echo "  maxconn 4096"
    echo "defaults"
    echo "  mode http"
    echo "  option http-keep-alive"
    echo "  http-reuse always"
    echo "  timeout connect 2s"
    echo "  timeout client 30s"
    echo "  timeout server 30s"
    echo "  timeout http-keep-alive 300s"
    echo "frontend cells"
    echo "  bind 127.0.0.1:$HAPROXY_PORT"
    # One map lookup per request; unknown tenants go to a backend that answers 404.
    echo "  http-request set-var(txn.cell) req.hdr(x-tenant-id),map($WORK/haproxy-tenants.map)"
    echo "  use_backend %[var(txn.cell)] if { var(txn.cell) -m found }"
    echo "  default_backend unknown"
    echo "backend unknown"
    echo "  http-request deny deny_status 404"
    for c in $(seq "$CELLS"); do
        echo "backend c$c"
        echo "  server s1 127.0.0.1:$((BACKEND_PORT + c - 1))"
    done
} >"$WORK/haproxy.cfg"

# wrk: a random tenant of the table on every request (same request bytes for every scenario).
cat >"$WORK/tenants.lua" <<EOF
local prefix = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Tenant-Id: t"
local suffix = "\r\n\r\n"
local format, random = string.format, math.random
function init(args)
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000) % 1000 + tonumber(tostring({}):sub(8), 16) % 1000003)
end
function request()
  return prefix .. format("%07d", random(0, $((TENANTS - 1)))) .. suffix
end
EOF

# ---------------------------------------------------------------------------------------------
# 4. Start everything once; all servers stay up for the whole run (idle ones cost nothing).
DOTNET_ENV=(env DOTNET_gcServer=1 DOTNET_TieredPGO=1 ASPNETCORE_ENVIRONMENT=Production DOTNET_NOLOGO=1)
start backend "$LOAD_CPUS" nginx -c "$WORK/nginx-backend.conf" -p "$WORK/nginx-backend" -e "$WORK/nginx-backend/error.log"
wait_http backend "http://127.0.0.1:$BACKEND_PORT/"

for s in $SCENARIOS; do
    case $s in
    direct) ;;
    yarp)
        start yarp "$PROXY_CPUS" "${DOTNET_ENV[@]}" dotnet "$YARP_DLL" --urls "http://127.0.0.1:$YARP_PORT" \
            --Destination="http://127.0.0.1:$BACKEND_PORT" --Logging:LogLevel:Default=Warning
        ;;
    yarp_lean)
        # The router's appsettings.json turns this category off: with it on, ASP.NET Core starts an
        # Activity per request (and HttpClient sends traceparent upstream) for its logging scopes.
        start yarp_lean "$PROXY_CPUS" "${DOTNET_ENV[@]}" dotnet "$YARP_DLL" --urls "http://127.0.0.1:${PORT_OF[yarp_lean]}" \
            --Destination="http://127.0.0.1:$BACKEND_PORT" --Logging:LogLevel:Default=Warning \
            --Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=None
        ;;
    router | router_rl | router_alt | router_alt2 | router_yarp)
        # Each router has its own copy of the table file: a router may rewrite the file it loads.
        mkdir -p "$WORK/$s"
        cp "$WORK/routing-table.json" "$WORK/$s/routing-table.json"
        # The cells' assertion keys, as the control plane would hand them out: a router signs
        # X-Cellular-Assertion for every request and answers 503 for a cell without a key. With no
        # control plane here, the router loads them from assertion-keys.json beside its table.
        write_assertion_keys "$WORK/$s/assertion-keys.json"
        rate_limit=false alt_args= alt_env=
        if [[ $s == router_rl ]]; then rate_limit=true; fi
        if [[ $s == router_alt ]]; then alt_args=$ROUTER_ALT_ARGS alt_env=$ROUTER_ALT_ENV; fi
        if [[ $s == router_alt2 ]]; then alt_args=$ROUTER_ALT2_ARGS alt_env=$ROUTER_ALT2_ENV; fi
        if [[ $s == router_yarp ]]; then alt_args=--Cellular:Router:Forwarding:Lean=false; fi
        # shellcheck disable=SC2086 # ROUTER_ARGS, alt_args and alt_env are lists
        start "$s" "$PROXY_CPUS" "${DOTNET_ENV[@]}" $alt_env dotnet "$ROUTER_DLL" --urls "http://127.0.0.1:${PORT_OF[$s]}" \
            --Cellular:Router:TableFile="$WORK/$s/routing-table.json" \
            --Cellular:Router:ControlPlaneUrl="http://127.0.0.1:$CLOSED_PORT" \
            --Cellular:Router:TenantRateLimit:Enabled=$rate_limit \
            --Logging:LogLevel:Default=Warning $ROUTER_ARGS $alt_args
        ;;
    nginx)
        start nginx "$PROXY_CPUS" nginx -c "$WORK/nginx-proxy.conf" -p "$WORK/nginx-proxy" -e "$WORK/nginx-proxy/error.log"
        ;;
    haproxy)
        start haproxy "$PROXY_CPUS" haproxy -db -f "$WORK/haproxy.cfg"
        ;;
    *) fail "unknown scenario $s" ;;
    esac
done

# Sanity: tenant t0000003 lives in cell c4, so every tenant-aware proxy must reach port BACKEND_PORT+3.
for s in $SCENARIOS; do
    if [[ $s == direct ]]; then continue; fi
    wait_http "$s" "http://127.0.0.1:${PORT_OF[$s]}/" "X-Tenant-Id: t0000003"
    body=$(curl -s -H "X-Tenant-Id: t0000003" "http://127.0.0.1:${PORT_OF[$s]}/")
    expected="cell $((BACKEND_PORT + 3 % CELLS))"
    if [[ $s == yarp* ]]; then expected="cell $BACKEND_PORT"; fi # plain YARP has one destination
    [[ $body == "$expected" ]] || fail "$s answered '$body' for tenant t0000003; expected '$expected'"
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Tenant-Id: nobody" "http://127.0.0.1:${PORT_OF[$s]}/")
    [[ $s == yarp* || $code == 404 ]] || fail "$s answered $code for an unknown tenant; expected 404"
done
log "all servers up and routing; startup took $(($(date +%s) - STARTED)) s"

server_pids() { # the processes whose CPU and memory count for a scenario
    local s=$1
    if [[ $s == direct ]]; then tree_pids "$PID_backend"; else local v=PID_$s; tree_pids "${!v}"; fi
}

# ---------------------------------------------------------------------------------------------
# 5. Measurements. Each writes one line to $WORK/raw.tsv.
printf 'phase\tround\tscenario\trps\tp50_us\tp99_us\tcpu_us_per_req\tserver_cpu_pct\tbackend_cpu_pct\terrors\tnote\n' >"$RAW"

load() { nice -n "$NICE" taskset -c "$LOAD_CPUS" "$@"; } # the client, where the client runs

order_for_round() { # round 1: as given; 2: reversed; 3: as given …
    if (($1 % 2 == 1)); then echo "$SCENARIOS"; else echo "$SCENARIOS" | tr ' ' '\n' | tac | tr '\n' ' '; fi
}

measure_max() { # wrk, closed loop: the most the scenario serves with CONNS connections
    local round=$1 s=$2 port=${PORT_OF[$s]}
    local url="http://127.0.0.1:$port/"
    load wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -s "$WORK/tenants.lua" "$url" >/dev/null 2>&1 || true
    local pids bpids c0 b0 t0 out c1 b1 t1
    mapfile -t pids < <(server_pids "$s")
    mapfile -t bpids < <(tree_pids "$PID_backend")
    c0=$(cpu_ticks "${pids[@]}")
    b0=$(cpu_ticks "${bpids[@]}")
    t0=$(date +%s%N)
    out=$(load wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" -s "$WORK/tenants.lua" "$url" 2>&1) || true
    t1=$(date +%s%N)
    c1=$(cpu_ticks "${pids[@]}")
    b1=$(cpu_ticks "${bpids[@]}")
    echo "$out" >"$WORK/wrk-$s-$round.txt"
    local requests rps errs=0 note=""
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")
    [[ -n $requests && -n $rps ]] || fail "wrk output for $s: $out"
    if grep -q 'Non-2xx' <<<"$out"; then
        errs=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
        note="non-2xx"
    fi
    if grep -q 'Socket errors' <<<"$out"; then
        note="${note:+$note; }$(grep 'Socket errors' <<<"$out" | sed 's/^ *//')"
    fi
    local secs cpu_us srv_pct be_pct
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN {print (b - a) / 1e9}')
    cpu_us=$(awk -v d=$((c1 - c0)) -v n="$requests" -v hz="$CLK_TCK" 'BEGIN {printf "%.1f", d / hz * 1e6 / n}')
    srv_pct=$(awk -v d=$((c1 - c0)) -v s="$secs" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", d / hz / s * 100}')
    be_pct=$(awk -v d=$((b1 - b0)) -v s="$secs" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", d / hz / s * 100}')
    printf 'max\t%s\t%s\t%s\t\t\t%s\t%s\t%s\t%s\t%s\n' "$round" "$s" "$rps" "$cpu_us" "$srv_pct" "$be_pct" "$errs" "$note" >>"$RAW"
    log "max   round $round  ${LABEL[$s]}: $rps req/s, server ${cpu_us} µs/req (${srv_pct}% CPU), backend ${be_pct}% CPU${note:+, $note}"
}

measure_fixed() { # fixedrate, open loop: latency at RATE req/s, coordinated omission corrected
    local round=$1 s=$2 port=${PORT_OF[$s]}
    local pids c0 t0 out c1 t1
    mapfile -t pids < <(server_pids "$s")
    c0=$(cpu_ticks "${pids[@]}")
    t0=$(date +%s%N)
    out=$(load "$FIXEDRATE" -p "$port" -r "$RATE" -d "$DURATION" -w "$WARMUP" -c "$CONNS" -n "$TENANTS") ||
        fail "fixedrate for $s: $out"
    t1=$(date +%s%N)
    c1=$(cpu_ticks "${pids[@]}")
    echo "$out" >"$WORK/fixed-$s-$round.txt"
    local -A kv=()
    local pair
    for pair in $out; do kv[${pair%%=*}]=${pair#*=}; done
    local cpu_us srv_pct secs errs note=""
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN {print (b - a) / 1e9}')
    cpu_us=$(awk -v d=$((c1 - c0)) -v n="${kv[completed]}" -v hz="$CLK_TCK" 'BEGIN {printf "%.1f", n ? d / hz * 1e6 / n : 0}')
    srv_pct=$(awk -v d=$((c1 - c0)) -v s="$secs" -v hz="$CLK_TCK" 'BEGIN {printf "%.0f", d / hz / s * 100}')
    errs=$((kv[errors] + kv[non2xx]))
    if ((kv[late] > 0)); then note="late=${kv[late]} (did not keep up)"; fi
    if ((errs > 0)); then note="${note:+$note; }errors=${kv[errors]} non2xx=${kv[non2xx]}"; fi
    printf 'fixed\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\t%s\t%s\n' "$round" "$s" "${kv[achieved_rps]}" "${kv[p50_us]}" "${kv[p99_us]}" "$cpu_us" "$srv_pct" "$errs" "$note" >>"$RAW"
    log "fixed round $round  ${LABEL[$s]}: ${kv[achieved_rps]} req/s, p50 ${kv[p50_us]} µs, p99 ${kv[p99_us]} µs, p99.9 ${kv[p999_us]} µs, server ${cpu_us} µs/req${note:+, $note}"
}


if ((PRIME > 0)); then
    log "priming: ${PRIME} s of load on each .NET server (JIT tiering), 5 s on the others (connection pools)"
    for s in $SCENARIOS; do
        secs=5
        if [[ $s == yarp* || $s == router* ]]; then secs=$PRIME; fi
        load wrk -t"$THREADS" -c"$CONNS" -d"${secs}s" -s "$WORK/tenants.lua" "http://127.0.0.1:${PORT_OF[$s]}/" >/dev/null 2>&1 || true
    done
fi

log "phase 1: max RPS (wrk -t$THREADS -c$CONNS, ${WARMUP} s warm-up + ${DURATION} s), $RUNS rounds"
for round in $(seq "$RUNS"); do
    for s in $(order_for_round "$round"); do measure_max "$round" "$s"; done
done

if [[ -z $RATE ]]; then
    if [[ " $SCENARIOS " == *" router "* ]]; then
        RATE=$(awk -v m="$(col max router 4)" -v f="$RATE_FRACTION" 'BEGIN {printf "%.0f", m * f}')
    else
        RATE=$(awk -v m="$(col max "${SCENARIOS%% *}" 4)" -v f="$RATE_FRACTION" 'BEGIN {printf "%.0f", m * f}')
    fi
fi
log "phase 2: latency at a fixed $RATE req/s (fixedrate -c$CONNS, ${WARMUP} s warm-up + ${DURATION} s), $RUNS rounds"
for round in $(seq "$RUNS"); do
    for s in $(order_for_round "$round"); do measure_fixed "$round" "$s"; done
done

: >"$MEM"
for s in $SCENARIOS; do
    mapfile -t pids < <(server_pids "$s")
    read -r r p < <(mem_kb "${pids[@]}")
    echo "$s $((r / 1024)) $((p / 1024))" >>"$MEM"
done
for v in LOAD_AVG_START SOURCE_DESC RATE RATE_FRACTION PIN PROXY_CPUS LOAD_CPUS WORKERS SCENARIOS ROUTER_ARGS ROUTER_ALT_ARGS ROUTER_ALT_ENV ROUTER_ALT2_ARGS ROUTER_ALT2_ENV ROUTER_REV DURATION WARMUP RUNS CONNS THREADS TENANTS CELLS NICE; do
    printf '%s=%q\n' "$v" "${!v}"
done >"$RUN_ENV"
printf 'LOAD_AVG=%q\n' "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$RUN_ENV"
# shellcheck disable=SC1090
source "$RUN_ENV"

report

cat "$OUT"
log "results written to ${OUT#"$ROOT"/}; total $(($(date +%s) - STARTED)) s"
