#!/usr/bin/env bash
# Native AOT / ReadyToRun / JIT builds of the router for ab.sh, and their start-up time
# (results/2026-11-22-vm-aot-pgo.md). Every build goes to its own ArtifactsPath under .work/, so
# it neither touches artifacts/ (where other builds and the tests run) nor races with them.
#
#   bench/load/aot.sh build              # .work/router-jit, router-r2r, router-aot, router-aot-speed
#                                        # (router-aot-v3 on request: VARIANTS="… aot-v3")
#   bench/load/aot.sh startup            # time to the first forwarded 200 of each, N=5 starts each
#   bench/load/aot.sh                    # both
#   ROUTER_REV=HEAD bench/load/aot.sh    # the router of a git revision (git archive into .work/, as
#                                        # run.sh does), not the working tree (which others may be editing)
#   bench/load/ab.sh jit=$PWD/bench/load/.work/router-jit aot=$PWD/bench/load/.work/router-aot …
#
# Variants built:
#   router-jit        dotnet build -c Release (what run.sh and ab.sh use: JIT, tiered, dynamic PGO)
#   router-r2r        dotnet publish -r linux-x64 --self-contained false -p:PublishReadyToRun=true
#   router-aot        dotnet publish -r linux-x64 -p:PublishAot=true (Server GC from the project)
#   router-aot-speed  the same with -p:OptimizationPreference=Speed
#   router-aot-v3     the same as router-aot with -p:IlcInstructionSet=x86-64-v3 (AVX2 and friends
#                     assumed, as the JIT uses them on such a CPU; the default targets x86-64-v2)
# VARIANTS="jit r2r aot aot-speed" picks some. The publish logs (.work/publish-<variant>.log) are
# searched for trim/AOT warnings (IL2xxx/IL3xxx), which are listed; TreatWarningsAsErrors stays on
# unless AOT_EXTRA="-p:TreatWarningsAsErrors=false".
# Start-up: the backend nginx of run.sh on 18101-18110, then each variant alone on port 18790 with
# the 1M-tenant table of run.sh (as ab.sh starts it), from exec to the first 200 for a tenant
# request; median of N (5) starts; RSS once the first 200 came. Needs run.sh's .work/ files.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
W=$HERE/.work
VARIANTS=${VARIANTS:-"jit r2r aot aot-speed"}
N=${N:-5}
AOT_EXTRA=${AOT_EXTRA:-}
ROUTER_REV=${ROUTER_REV:-}
mkdir -p "$W"

build() {
    local v src=$ROOT
    if [[ -n $ROUTER_REV ]]; then
        src=$W/rev-$(git -C "$ROOT" rev-parse --short "$ROUTER_REV")
        if [[ ! -d $src/src/Cellular.Router ]]; then
            mkdir -p "$src"
            git -C "$ROOT" archive "$ROUTER_REV" global.json Directory.Build.props Directory.Packages.props \
                src/Cellular.Core src/Cellular.Router | tar -x -C "$src"
        fi
        echo "source: commit $(git -C "$ROOT" rev-parse --short "$ROUTER_REV") ($ROUTER_REV), in ${src#"$ROOT"/}" >&2
    else
        git -C "$ROOT" status --porcelain -- src >"$W/build-source-status.txt" || true
        echo "source: working tree at commit $(git -C "$ROOT" rev-parse --short HEAD)$([[ -s $W/build-source-status.txt ]] && echo ", uncommitted changes in src/ (see .work/build-source-status.txt)")" >&2
    fi
    local PROJ=$src/src/Cellular.Router
    for v in $VARIANTS; do
        local log=$W/publish-$v.log art=$W/artifacts-$v out=$W/router-$v
        rm -rf "$out"
        local t0=$SECONDS
        case $v in
        jit)
            dotnet build "$PROJ" -c Release -p:ArtifactsPath="$art" >"$log" 2>&1 || { tail -30 "$log"; exit 1; }
            cp -r "$art/bin/Cellular.Router/release" "$out"
            ;;
        r2r)
            # shellcheck disable=SC2086
            dotnet publish "$PROJ" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
                -p:ArtifactsPath="$art" -o "$out" $AOT_EXTRA >"$log" 2>&1 || { tail -30 "$log"; exit 1; }
            ;;
        aot | aot-speed | aot-v3)
            local extra=()
            [[ $v == aot-speed ]] && extra=(-p:OptimizationPreference=Speed)
            [[ $v == aot-v3 ]] && extra=(-p:IlcInstructionSet=x86-64-v3)
            # shellcheck disable=SC2086
            dotnet publish "$PROJ" -c Release -r linux-x64 -p:PublishAot=true -p:TrimmerSingleWarn=false "${extra[@]}" \
                -p:ArtifactsPath="$art" -o "$out" $AOT_EXTRA >"$log" 2>&1 || { tail -30 "$log"; exit 1; }
            ;;
        *) echo "unknown variant $v" >&2; exit 1 ;;
        esac
        local warns
        warns=$(grep -oE 'warning (IL[23][0-9]{3}|CS[0-9]+)[^[]*' "$log" | sort -u || true)
        echo "$v: built in $((SECONDS - t0)) s into ${out#"$ROOT"/}, $(du -sh "$out" | cut -f1); trim/AOT warnings: ${warns:-none}" >&2
    done
}

startup() {
    for f in "$W/routing-table.json" "$W/nginx-backend.conf"; do
        [[ -e $f ]] || { echo "$f is missing: run bench/load/run.sh first" >&2; exit 1; }
    done
    local ngx rpid
    mkdir -p "$W/nginx-backend" "$W/startup"
    nginx -c "$W/nginx-backend.conf" -p "$W/nginx-backend" -e "$W/nginx-backend/error.log" >/dev/null 2>&1 &
    ngx=$!
    # shellcheck disable=SC2064
    trap "kill -TERM $ngx 2>/dev/null || true; [[ -n \${rpid:-} ]] && kill -KILL \$rpid 2>/dev/null || true" EXIT
    for _ in $(seq 50); do curl -s -o /dev/null http://127.0.0.1:18101/ && break; sleep 0.1; done
    cp "$W/routing-table.json" "$W/startup/routing-table.json"
    local v i
    for v in $VARIANTS; do
        local dir=$W/router-$v cmd times=()
        if [[ -f $dir/Cellular.Router.dll ]]; then cmd=(dotnet "$dir/Cellular.Router.dll"); else cmd=("$dir/Cellular.Router"); fi
        local rss=""
        for i in $(seq "$N"); do
            local t0 t1
            t0=$(date +%s%N)
            env DOTNET_gcServer=1 DOTNET_TieredPGO=1 ASPNETCORE_ENVIRONMENT=Production DOTNET_NOLOGO=1 "${cmd[@]}" \
                --urls http://127.0.0.1:18790 --Cellular:Router:TableFile="$W/startup/routing-table.json" \
                --Cellular:Router:ControlPlaneUrl=http://127.0.0.1:18999 --Cellular:Router:TenantRateLimit:Enabled=false \
                --Logging:LogLevel:Default=Warning >"$W/startup/$v.log" 2>&1 &
            rpid=$!
            until [[ $(curl -s -o /dev/null -w '%{http_code}' -H 'X-Tenant-Id: t0000003' http://127.0.0.1:18790/ 2>/dev/null) == 200 ]]; do
                kill -0 "$rpid" 2>/dev/null || { cat "$W/startup/$v.log" >&2; exit 1; }
                sleep 0.01
            done
            t1=$(date +%s%N)
            times+=($(((t1 - t0) / 1000000)))
            rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$rpid/status")
            kill -TERM "$rpid"
            wait "$rpid" 2>/dev/null || true
            rpid=""
        done
        printf '%s: first 200 after %s ms (median of %s: %s ms), RSS %s MB then, load %s\n' "$v" \
            "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')" "$N" "${times[*]}" "$rss" \
            "$(cut -d' ' -f1 /proc/loadavg)"
    done
}

case ${1:-all} in
build) build ;;
startup) startup ;;
all) build && startup ;;
*) echo "usage: $0 [build|startup|all]" >&2; exit 1 ;;
esac
