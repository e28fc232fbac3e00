#!/bin/sh
# deploy (blue/green): starts the release beside the running one, on CELLULAR_DEPLOY_ENDPOINT with
# the same data directory, and prints the new endpoint once it is healthy. The old process keeps
# serving until the control plane has switched the routers and calls destroy with scope workload.
set -eu
. "$(dirname "$0")/lib.sh"
: "${CELLULAR_DEPLOY_ENDPOINT:?CELLULAR_DEPLOY_ENDPOINT is not set}"
: "${CELLULAR_DEPLOY_PORT:?CELLULAR_DEPLOY_PORT is not set}"

start_notes "$CELLULAR_DEPLOY_ENDPOINT" "$CELLULAR_DEPLOY_PORT"
printf '%s\n' "$CELLULAR_DEPLOY_ENDPOINT"
