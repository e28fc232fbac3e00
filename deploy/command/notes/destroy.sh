#!/bin/sh
# destroy: CELLULAR_DESTROY_SCOPE=workload stops the process serving CELLULAR_DESTROY_ENDPOINT
# (the previous release after a switch, or a staged one that is discarded); =cell stops every
# process of the cell. The data directory (notes.db, cell.log) is kept: delete it yourself once
# you no longer need the retired cell's data. Idempotent: nothing running is not an error.
set -eu
. "$(dirname "$0")/lib.sh"

case "${CELLULAR_DESTROY_SCOPE:-cell}" in
    workload)
        port=${CELLULAR_DESTROY_PORT:-${CELLULAR_DESTROY_ENDPOINT##*:}}
        stop_pid_file "$(pid_file "$port")"
        ;;
    cell)
        for file in "$CELLULAR_CELL_DATA_DIR"/notes-*.pid; do
            [ -e "$file" ] || continue
            stop_pid_file "$file"
        done
        ;;
    *)
        fail "unknown CELLULAR_DESTROY_SCOPE '$CELLULAR_DESTROY_SCOPE' (cell or workload)"
        ;;
esac
