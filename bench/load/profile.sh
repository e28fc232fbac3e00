#!/usr/bin/env bash
# Where the router's CPU goes, next to plain YARP's: samples each under the same wrk load as
# run.sh (random tenants of the generated table) with perf (cpu-clock), and prints CPU µs per
# request by component — kernel, libc, the .NET runtime (GC, allocation, stubs), and managed code
# per assembly — for both, with the difference. Run bench/load/run.sh once first: this reuses its
# builds and generated files in bench/load/.work/.
#
#   bench/load/profile.sh                 # router (rate limit off) vs plain YARP, 10 s each
#   TARGETS="router router_yarp" bench/load/profile.sh   # the lean path against the router's YARP path
#   SECONDS_PER=20 TARGETS="yarp router router_rl" bench/load/profile.sh
#
# Needs perf (Debian linux-perf). Managed frames are named through the runtime's perf map
# (DOTNET_PerfMapEnabled=1; W^X off so JIT code is not in an anonymous memfd perf cannot map).
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=$HERE/.work
SECONDS_PER=${SECONDS_PER:-10}
PRIME=${PRIME:-15}
CONNS=${CONNS:-64}
TARGETS=${TARGETS:-"yarp router"}
ROUTER_REV=${ROUTER_REV:-}
BACKEND_PORT=18101
CLOSED_PORT=18999

command -v perf >/dev/null || { echo "perf is not installed (apt-get install linux-perf)" >&2; exit 1; }
for f in nginx-backend.conf tenants.lua routing-table.json; do
    [[ -s $WORK/$f ]] || { echo "$WORK/$f is missing: run bench/load/run.sh first" >&2; exit 1; }
done
ROUTER_ROOT=$ROOT
if [[ -n $ROUTER_REV ]]; then ROUTER_ROOT=$WORK/rev-$(git -C "$ROOT" rev-parse --short "$ROUTER_REV"); fi
ROUTER_DLL=$ROUTER_ROOT/artifacts/bin/Cellular.Router/release/Cellular.Router.dll
YARP_DLL=$ROOT/artifacts/bin/Cellular.LoadBench.PlainYarp/release/Cellular.LoadBench.PlainYarp.dll
[[ -e $ROUTER_DLL && -e $YARP_DLL ]] || { echo "builds missing: run bench/load/run.sh first (same ROUTER_REV)" >&2; exit 1; }

PIDS=()
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_200() {
    for _ in $(seq 900); do
        [[ $(curl -s -o /dev/null -w '%{http_code}' -H "X-Tenant-Id: t0000003" "$1" 2>/dev/null) == 200 ]] && return 0
        sleep 0.2
    done
    echo "no 200 from $1" >&2
    exit 1
}
ticks() { local s; s=$(cat "/proc/$1/stat"); s=${s##*) }; read -r -a f <<<"$s"; echo $((f[11] + f[12])); }

nginx -c "$WORK/nginx-backend.conf" -p "$WORK/nginx-backend" -e "$WORK/nginx-backend/error.log" >"$WORK/profile-backend.log" 2>&1 &
PIDS+=($!)
wait_200 "http://127.0.0.1:$BACKEND_PORT/"

PERF_ENV=(env DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_gcServer=1 ASPNETCORE_ENVIRONMENT=Production)
declare -A US_PER_REQ
for t in $TARGETS; do
    port=18600
    case $t in
    yarp)
        "${PERF_ENV[@]}" dotnet "$YARP_DLL" --urls "http://127.0.0.1:$port" --Destination="http://127.0.0.1:$BACKEND_PORT" \
            --Logging:LogLevel:Default=Warning >"$WORK/profile-$t.log" 2>&1 &
        ;;
    router | router_rl | router_yarp)
        mkdir -p "$WORK/profile-$t"
        cp "$WORK/routing-table.json" "$WORK/profile-$t/routing-table.json"
        # The cells' assertion keys run.sh wrote (a router without them answers 503).
        cp "$WORK/router/assertion-keys.json" "$WORK/profile-$t/assertion-keys.json" 2>/dev/null ||
            { echo "$WORK/router/assertion-keys.json is missing: run bench/load/run.sh (with the router scenario) first" >&2; exit 1; }
        rl=false lean=true
        if [[ $t == router_rl ]]; then rl=true; fi
        if [[ $t == router_yarp ]]; then lean=false; fi
        "${PERF_ENV[@]}" dotnet "$ROUTER_DLL" --urls "http://127.0.0.1:$port" \
            --Cellular:Router:TableFile="$WORK/profile-$t/routing-table.json" \
            --Cellular:Router:ControlPlaneUrl="http://127.0.0.1:$CLOSED_PORT" \
            --Cellular:Router:TenantRateLimit:Enabled=$rl --Cellular:Router:Forwarding:Lean=$lean \
            --Logging:LogLevel:Default=Warning >"$WORK/profile-$t.log" 2>&1 &
        ;;
    *) echo "unknown target $t" >&2; exit 1 ;;
    esac
    pid=$!
    PIDS+=("$pid")
    wait_200 "http://127.0.0.1:$port/"
    wrk -t1 -c"$CONNS" -d"${PRIME}s" -s "$WORK/tenants.lua" "http://127.0.0.1:$port/" >/dev/null
    perf record -q -F 999 -g -p "$pid" -o "$WORK/perf-$t.data" -- sleep "$SECONDS_PER" 2>/dev/null &
    perf_pid=$!
    c0=$(ticks "$pid")
    out=$(wrk -t1 -c"$CONNS" -d"${SECONDS_PER}s" -s "$WORK/tenants.lua" "http://127.0.0.1:$port/")
    c1=$(ticks "$pid")
    wait "$perf_pid" || true
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    US_PER_REQ[$t]=$(awk -v d=$((c1 - c0)) -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", d / hz * 1e6 / n}')
    echo "$t: $(awk '/^Requests\/sec/ {print $2}' <<<"$out") req/s, ${US_PER_REQ[$t]} CPU µs/req" >&2
    # Self time by component, as a share of this process's samples.
    perf report -i "$WORK/perf-$t.data" --no-children --sort dso,sym -g none --stdio 2>/dev/null | awk -v total="${US_PER_REQ[$t]}" '
        /^ +[0-9.]+%/ {
            pct = $1; sub(/%/, "", pct)
            line = $0
            m = match(line, / \[[.k]\] /)
            if (!m) next
            dso = substr(line, 1, m - 1); sub(/^ +[0-9.]+% +/, "", dso); sub(/ +$/, "", dso)
            sym = substr(line, m + 5)
            if (dso ~ /^\[JIT\]/) {
                cut = index(sym, "::"); pre = cut ? substr(sym, 1, cut - 1) : sym
                key = "managed: ?"
                if (sym ~ /^stub/) key = "managed: stubs"
                while (match(pre, /\[[^]]+\]/)) { key = "managed: " substr(pre, RSTART + 1, RLENGTH - 2); pre = substr(pre, RSTART + RLENGTH) }
            } else if (dso ~ /kernel/) key = "kernel"
            else key = dso
            share[key] += pct
        }
        END { for (k in share) printf "%s\t%.2f\n", k, share[k] / 100 * total }' >"$WORK/profile-$t.tsv"
    kill -TERM "$pid"
done

# One table: component, µs/req per target, and the difference between the first two targets.
n=$(wc -w <<<"$TARGETS")
read -r first second _ <<<"$TARGETS $TARGETS"
printf '| component |'
for t in $TARGETS; do printf ' %s µs/req |' "$t"; done
if ((n > 1)); then printf ' %s − %s |' "$second" "$first"; fi
echo
printf '|---|'
for _ in $TARGETS; do printf -- '---:|'; done
if ((n > 1)); then printf -- '---:|'; fi
echo
cat "$WORK"/profile-*.tsv | cut -f1 | sort -u | while read -r component; do
    printf '%s' "$component"
    for t in $TARGETS; do printf '\t%s' "$(awk -F'\t' -v c="$component" '$1 == c {print $2}' "$WORK/profile-$t.tsv")"; done
    echo
done | awk -F'\t' -v n="$n" '{
        a = $2 + 0; b = $3 + 0; big = a > b ? a : b
        if (big < 0.2) next
        printf "%.3f\t| %s |", big, $1
        for (i = 2; i <= n + 1; i++) printf " %.2f |", $i
        if (n > 1) printf " %+.2f |", $3 - $2
        print ""
    }' | sort -t$'\t' -k1,1gr | cut -f2-
printf '| **total (CPU µs/req from /proc)** |'
for t in $TARGETS; do printf ' **%s** |' "${US_PER_REQ[$t]}"; done
if ((n > 1)); then
    printf ' **%+.1f** |' "$(awk -v a="${US_PER_REQ[$second]}" -v b="${US_PER_REQ[$first]}" 'BEGIN {print a - b}')"
fi
echo
echo "(components under 0.2 µs/req in the first two targets omitted; perf cpu-clock sampling at 999 Hz over ${SECONDS_PER} s)"
