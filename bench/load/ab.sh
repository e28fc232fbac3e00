#!/usr/bin/env bash
# A/B of router builds or settings under the load of run.sh, interleaved so a busy shared machine
# hurts every variant alike: plain YARP plus each NAME=SPEC given, started once, then ROUNDS
# alternating rounds of max RPS (wrk) and latency at a fixed RATE (fixedrate), and for every router
# variant the GC's own counters over each max measurement (allocated bytes, collections and pause
# time per request, from /metrics: the runtime's System.Runtime meter), which CPU contention does
# not distort. Run bench/load/run.sh once first: this reuses its builds and generated files.
#
#   SPEC = DIR[:VAR=VALUE,VAR=VALUE…]   DIR holds Cellular.Router.dll (run with `dotnet`), or only a native
#                                        executable Cellular.Router (a Native AOT publish, see aot.sh: run
#                                        directly); DIR may also be the path of such an executable. The
#                                        variables are added to its environment (e.g. DOTNET_gcConcurrent=0,
#                                        or a logging level as
#                                        Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics=Warning)
#          yarp[:VAR=VALUE…]             another plain YARP, with those variables
#
#   bench/load/ab.sh base=.work/rev-a51b452/artifacts/bin/Cellular.Router/release \
#                    new=../../artifacts/bin/Cellular.Router/release
#   ROUNDS=4 DUR=10 RATE=4000 FIXED=1 PRIME=20 bench/load/ab.sh …
#
# Writes results/ab-<time>.tsv (every measurement) and .gc (GC counters) and prints medians.
# Builds that predate the System.Runtime meter have no GC line. Ports 18700 onwards.
set -Euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
W=$HERE/.work
ROUNDS=${ROUNDS:-4}
DUR=${DUR:-10}
RATE=${RATE:-4000}
FIXED=${FIXED:-1}
PRIME=${PRIME:-20}
CONNS=${CONNS:-64}
OUT=${OUT:-$HERE/results/ab-$(date -u +%Y%m%dT%H%M%S).tsv}
YARP_DLL=$ROOT/artifacts/bin/Cellular.LoadBench.PlainYarp/release/Cellular.LoadBench.PlainYarp.dll
for f in "$YARP_DLL" "$W/fixedrate" "$W/tenants.lua" "$W/routing-table.json" "$W/nginx-backend.conf"; do
    [[ -e $f ]] || { echo "$f is missing: run bench/load/run.sh first" >&2; exit 1; }
done
(($# > 0)) || { echo "usage: $0 NAME=DIR[:VAR=VALUE,…] …" >&2; exit 1; }

PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    sleep 1
    for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ticks() { local s; s=$(cat "/proc/$1/stat"); s=${s##*) }; read -r -a f <<<"$s"; echo $((f[11] + f[12])); }
wait200() {
    for _ in $(seq 900); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' -H "X-Tenant-Id: t0000003" "$1" 2>/dev/null) == 200 ]] && return 0
        sleep 0.2
    done
    echo "no 200 from $1" >&2
    exit 1
}
# The counters the GC line needs, as "name{labels}=value;…".
scrape() {
    [[ ${KIND[$1]} == router ]] || return 0
    curl -s "http://127.0.0.1:${PORT[$1]}/metrics" |
        awk '/^(dotnet_gc_collections_total|dotnet_gc_heap_total_allocated_bytes_total|dotnet_gc_pause_time_seconds_total|cellular_router_requests_total)/ {v[$1] = $2}
             END {for (k in v) printf "%s=%s;", k, v[k]}'
}
gc_delta() {
    python3 - "$1" "$2" <<'EOF'
import sys
def parse(t):
    return {k: float(v) for k, v in (p.rsplit('=', 1) for p in t.split(';') if '=' in p)}
a, b = parse(sys.argv[1]), parse(sys.argv[2])
def delta(match):
    return sum(v for k, v in b.items() if match(k)) - sum(v for k, v in a.items() if match(k))
req = delta(lambda k: k.startswith('cellular_router_requests_total'))
if req <= 0 or not any(k.startswith('dotnet_gc') for k in b):
    print('no GC counters'); sys.exit()
alloc = delta(lambda k: k.startswith('dotnet_gc_heap_total_allocated_bytes_total'))
pause = delta(lambda k: k.startswith('dotnet_gc_pause_time_seconds_total'))
gens = [delta(lambda k, g=g: k.startswith('dotnet_gc_collections_total') and f'gc_heap_generation="{g}"' in k) for g in ('gen0', 'gen1', 'gen2')]
print(f"requests={req:.0f} allocated/req={alloc / req:.0f} B gc(0/1/2)={gens[0]:.0f}/{gens[1]:.0f}/{gens[2]:.0f} "
      f"gc per 100k req={sum(gens) / req * 1e5:.1f} pause={pause * 1000:.0f} ms pause/req={pause / req * 1e6:.2f} µs")
EOF
}

nginx -c "$W/nginx-backend.conf" -p "$W/nginx-backend" -e "$W/nginx-backend/error.log" >/dev/null 2>&1 &
PIDS+=($!)
wait200 http://127.0.0.1:18101/
ENVS=(env DOTNET_gcServer=1 DOTNET_TieredPGO=1 ASPNETCORE_ENVIRONMENT=Production DOTNET_NOLOGO=1)
declare -A PORT PID KIND
NAMES=()
port=18700
for spec in yarp=yarp "$@"; do
    name=${spec%%=*}
    rest=${spec#*=}
    dir=${rest%%:*}
    vars=""
    if [[ $rest == *:* ]]; then vars=${rest#*:}; vars=${vars//,/ }; fi
    NAMES+=("$name")
    PORT[$name]=$port
    if [[ $dir == yarp ]]; then
        KIND[$name]=yarp
        # shellcheck disable=SC2086 # vars is a list
        "${ENVS[@]}" $vars dotnet "$YARP_DLL" --urls "http://127.0.0.1:$port" --Destination=http://127.0.0.1:18101 \
            --Logging:LogLevel:Default=Warning >"$W/ab-$name.log" 2>&1 &
    else
        KIND[$name]=router
        # A build (Cellular.Router.dll, run with dotnet) or a native executable (Native AOT: no dll).
        if [[ -f $dir/Cellular.Router.dll ]]; then
            cmd=(dotnet "$dir/Cellular.Router.dll")
        elif [[ -d $dir && -x $dir/Cellular.Router ]]; then
            cmd=("$dir/Cellular.Router")
        elif [[ -f $dir && -x $dir ]]; then
            cmd=("$dir")
        else
            echo "$dir holds neither Cellular.Router.dll nor an executable Cellular.Router" >&2
            exit 1
        fi
        echo "$name: ${cmd[*]}${vars:+ with $vars}" >&2
        mkdir -p "$W/ab-$name"
        cp "$W/routing-table.json" "$W/ab-$name/routing-table.json"
        # The cells' assertion keys run.sh wrote (a router without them answers 503).
        cp "$W/router/assertion-keys.json" "$W/ab-$name/assertion-keys.json" 2>/dev/null ||
            { echo "$W/router/assertion-keys.json is missing: run bench/load/run.sh (with the router scenario) first" >&2; exit 1; }
        # shellcheck disable=SC2086 # vars is a list
        "${ENVS[@]}" $vars "${cmd[@]}" --urls "http://127.0.0.1:$port" \
            --Cellular:Router:TableFile="$W/ab-$name/routing-table.json" --Cellular:Router:ControlPlaneUrl=http://127.0.0.1:18999 \
            --Cellular:Router:TenantRateLimit:Enabled="${RATE_LIMIT:-false}" --Logging:LogLevel:Default=Warning >"$W/ab-$name.log" 2>&1 &
    fi
    PID[$name]=$!
    PIDS+=($!)
    port=$((port + 1))
done
for n in "${NAMES[@]}"; do wait200 "http://127.0.0.1:${PORT[$n]}/"; done
for n in "${NAMES[@]}"; do wrk -t1 -c"$CONNS" -d"${PRIME}s" -s "$W/tenants.lua" "http://127.0.0.1:${PORT[$n]}/" >/dev/null; done

printf 'phase\tround\tname\trps\tcpu_us_per_req\tp50_us\tp99_us\tload1\n' >"$OUT"
: >"${OUT%.tsv}.gc"
load1() { cut -d' ' -f1 /proc/loadavg; }
for r in $(seq "$ROUNDS"); do
    order=("${NAMES[@]}")
    if ((r % 2 == 0)); then mapfile -t order < <(printf '%s\n' "${NAMES[@]}" | tac); fi
    for n in "${order[@]}"; do
        url="http://127.0.0.1:${PORT[$n]}/"
        wrk -t1 -c"$CONNS" -d3s -s "$W/tenants.lua" "$url" >/dev/null
        m0=$(scrape "$n")
        c0=$(ticks "${PID[$n]}")
        out=$(wrk -t1 -c"$CONNS" -d"${DUR}s" -s "$W/tenants.lua" "$url")
        c1=$(ticks "${PID[$n]}")
        m1=$(scrape "$n")
        req=$(awk '/requests in/ {print $1}' <<<"$out")
        rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' <<<"$out")
        us=$(awk -v d=$((c1 - c0)) -v n="$req" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", d / hz * 1e6 / n}')
        printf 'max\t%s\t%s\t%s\t%s\t\t\t%s\n' "$r" "$n" "$rps" "$us" "$(load1)" >>"$OUT"
        echo "max   round $r $n: $rps req/s, $us µs/req, load $(load1)" >&2
        if [[ -n $m1 ]]; then
            echo "round $r $n: $(gc_delta "$m0" "$m1")" | tee -a "${OUT%.tsv}.gc" >&2
        fi
    done
    if [[ $FIXED == 1 ]]; then
        for n in "${order[@]}"; do
            c0=$(ticks "${PID[$n]}")
            out=$("$W/fixedrate" -p "${PORT[$n]}" -r "$RATE" -d "$DUR" -w 3 -c "$CONNS" -n 1000000)
            c1=$(ticks "${PID[$n]}")
            declare -A kv=()
            for pair in $out; do kv[${pair%%=*}]=${pair#*=}; done
            us=$(awk -v d=$((c1 - c0)) -v n="${kv[completed]}" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", n ? d / hz * 1e6 / n : 0}')
            printf 'fixed\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$n" "${kv[achieved_rps]}" "$us" "${kv[p50_us]}" "${kv[p99_us]}" "$(load1)" >>"$OUT"
            echo "fixed round $r $n: p50 ${kv[p50_us]} µs, p99 ${kv[p99_us]} µs, $us µs/req" >&2
        done
    fi
done
for n in "${NAMES[@]}"; do echo "$n RSS $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/${PID[$n]}/status")"; done | tee -a "${OUT%.tsv}.gc"

echo "medians ($OUT):"
python3 - "$OUT" <<'EOF'
import sys, statistics as st, collections
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1])][1:]
d = collections.defaultdict(lambda: collections.defaultdict(list))
order = []
for phase, _, name, rps, us, p50, p99, load in rows:
    if name not in order:
        order.append(name)
    x = d[(phase, name)]
    x['rps'].append(float(rps)); x['us'].append(float(us)); x['load'].append(float(load))
    if p50:
        x['p50'].append(float(p50)); x['p99'].append(float(p99))
for phase in ('max', 'fixed'):
    for name in order:
        x = d.get((phase, name))
        if not x:
            continue
        line = f"{phase:5} {name:10} {st.median(x['rps']):8.0f} req/s  {st.median(x['us']):6.1f} µs/req [{min(x['us']):.1f}–{max(x['us']):.1f}]"
        if x['p50']:
            line += f"  p50 {st.median(x['p50']):.0f} µs  p99 {st.median(x['p99']) / 1000:.1f} ms (all: {', '.join(f'{v / 1000:.1f}' for v in sorted(x['p99']))})"
        line += f"  load {min(x['load']):.1f}–{max(x['load']):.1f}"
        print(line)
EOF
