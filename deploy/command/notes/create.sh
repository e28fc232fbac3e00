#!/bin/sh
# create: runs the cell's release on the endpoint the control plane assigned and prints it.
# Idempotent: when it already runs there, it only prints the endpoint again.
set -eu
. "$(dirname "$0")/lib.sh"
: "${CELLULAR_CELL_ENDPOINT:?CELLULAR_CELL_ENDPOINT is not set}"
: "${CELLULAR_CELL_PORT:?CELLULAR_CELL_PORT is not set}"

start_notes "$CELLULAR_CELL_ENDPOINT" "$CELLULAR_CELL_PORT"
printf '%s\n' "$CELLULAR_CELL_ENDPOINT"
