#!/usr/bin/env bash
# Propagation benchmark (issue 5, item 3): API call → first request routed by the new table.
#   bench/propagation/run.sh                          # 1M tenants, 1,000 changes, incremental sync, then
#                                                     # 20 changes with full-table sync for comparison
#   TENANTS=100000 CHANGES=200 FULL_CHANGES=0 bench/propagation/run.sh   # quick run
# Writes results/<date>-<host>.md; logs and data of the last run stay in .work/ (git-ignored).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TENANTS=${TENANTS:-1000000}
CHANGES=${CHANGES:-1000}
FULL_CHANGES=${FULL_CHANGES:-20}
CELLS=${CELLS:-10}
OUT="$ROOT/bench/propagation/results/$(date -u +%Y-%m-%d)-$(hostname -s)"

cd "$ROOT"
for p in src/Cellular.ControlPlane src/Cellular.Router bench/Cellular.PropagationBenchmark; do
    dotnet build -c Release "$p" -v q -nologo | grep -E "error|Warn" || true
done
BENCH="$ROOT/artifacts/bin/Cellular.PropagationBenchmark/release/Cellular.PropagationBenchmark.dll"

dotnet "$BENCH" --root "$ROOT" --tenants "$TENANTS" --cells "$CELLS" --changes "$CHANGES" --out "$OUT-incremental.md"
if [ "$FULL_CHANGES" -gt 0 ]; then
    dotnet "$BENCH" --root "$ROOT" --tenants "$TENANTS" --cells "$CELLS" --changes "$FULL_CHANGES" --full-sync --out "$OUT-full.md"
fi
