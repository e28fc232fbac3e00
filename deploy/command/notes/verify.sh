#!/bin/sh
# verify: smoke test of the cell as it runs now. /_cell/health is the one /_cell endpoint that
# needs no control-plane credential, and it names the cell and the version it runs.
set -eu
. "$(dirname "$0")/lib.sh"
: "${CELLULAR_CELL_ENDPOINT:?CELLULAR_CELL_ENDPOINT is not set}"

body=$(http_get "$CELLULAR_CELL_ENDPOINT/_cell/health") || fail "$CELLULAR_CELL_ENDPOINT/_cell/health did not answer 200"
case "$body" in
    *"\"cell\":\"$CELLULAR_CELL_ID\""*) ;;
    *) fail "$CELLULAR_CELL_ENDPOINT answers as another cell: $body" ;;
esac
case "$body" in
    *"\"version\":\"$CELLULAR_RELEASE_VERSION\""*) ;;
    *) fail "$CELLULAR_CELL_ENDPOINT does not run version $CELLULAR_RELEASE_VERSION: $body" ;;
esac
printf 'notes: verified %s: cell %s, version %s\n' "$CELLULAR_CELL_ENDPOINT" "$CELLULAR_CELL_ID" "$CELLULAR_RELEASE_VERSION" >&2
