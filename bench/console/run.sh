#!/usr/bin/env bash
# Console benchmark (issue 12): navigation → first screen of fleet rows in Debian's Chromium, with
# 1,000 cells and 1,000,000 tenants in the control plane.
#   bench/console/run.sh                         # 1,000 cells, 1M tenants, 7 runs
#   CELLS=200 TENANTS=100000 RUNS=3 bench/console/run.sh   # quick run
# Writes results/<date>-<host>.md; logs and data of the last run stay in .work/ (git-ignored).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CELLS=${CELLS:-1000}
TENANTS=${TENANTS:-1000000}
RUNS=${RUNS:-7}
OUT="$ROOT/bench/console/results/$(date -u +%Y-%m-%d)-$(hostname -s).md"

cd "$ROOT"
for p in src/Cellular.ControlPlane bench/console/Cellular.ConsoleBenchmark; do
    dotnet build -c Release "$p" -v q -nologo | grep -E " error |rror\(s\)" || true
done
BENCH="$ROOT/artifacts/bin/Cellular.ConsoleBenchmark/release/Cellular.ConsoleBenchmark.dll"
dotnet "$BENCH" --root "$ROOT" --cells "$CELLS" --tenants "$TENANTS" --runs "$RUNS" --out "$OUT"
