# Shared by the Notes template's scripts (sourced, not run). POSIX sh.
# Every workload is one Notes process serving one endpoint; its pid file is
# $CELLULAR_CELL_DATA_DIR/notes-<port>.pid, so a cell may run two releases side by side.

fail() {
    printf 'notes: %s\n' "$*" >&2
    exit 1
}

: "${CELLULAR_CELL_ID:?run by the Cellular control plane: CELLULAR_CELL_ID is not set}"
: "${CELLULAR_CELL_DATA_DIR:?CELLULAR_CELL_DATA_DIR is not set}"
CELLULAR_CELL_LOG=${CELLULAR_CELL_LOG:-$CELLULAR_CELL_DATA_DIR/cell.log}
DOTNET=${DOTNET_HOST_PATH:-dotnet}

# GET a URL, body on stdout; fails on a status other than 2xx.
http_get() {
    if command -v curl >/dev/null 2>&1; then
        curl -fsS --max-time 5 "$1"
    elif command -v wget >/dev/null 2>&1; then
        wget -q -T 5 -O - "$1"
    else
        fail "neither curl nor wget is installed (apt-get install curl)"
    fi
}

# The Notes.dll to run: the release's artifact when it is a .dll, else NOTES_DLL from the template.
notes_dll() {
    case "${CELLULAR_RELEASE_ARTIFACT:-}" in
        *.dll) dll=$CELLULAR_RELEASE_ARTIFACT ;;
        *) dll=${NOTES_DLL:-} ;;
    esac
    [ -n "$dll" ] || fail "no Notes.dll: give the release an artifact ending in .dll, or set NOTES_DLL in the template's Environment"
    [ -f "$dll" ] || fail "$dll does not exist"
    printf '%s\n' "$dll"
}

pid_file() {
    printf '%s/notes-%s.pid\n' "$CELLULAR_CELL_DATA_DIR" "$1"
}

# True when the pid in file $1 is a live process of this cell (not a reused pid).
running() {
    [ -f "$1" ] || return 1
    pid=$(cat "$1")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    if [ -r "/proc/$pid/cmdline" ]; then
        tr '\0' '\n' <"/proc/$pid/cmdline" | grep -qx -- "--Cellular:Cell:Id=$CELLULAR_CELL_ID"
    fi
}

# True when $1 answers /_cell/health with 200 as this cell, running version $2.
healthy() {
    body=$(http_get "$1/_cell/health" 2>/dev/null) || return 1
    case "$body" in
        *"\"cell\":\"$CELLULAR_CELL_ID\""*"\"version\":\"$2\""*) return 0 ;;
        *) return 1 ;;
    esac
}

# Stops the process of pid file $1: SIGTERM (in-flight requests finish), SIGKILL after NOTES_STOP_TIMEOUT s.
stop_pid_file() {
    if running "$1"; then
        pid=$(cat "$1")
        printf 'notes: stopping process %s\n' "$pid" >&2
        kill -TERM "$pid" 2>/dev/null || true
        waited=0
        while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt "${NOTES_STOP_TIMEOUT:-30}" ]; do
            sleep 1
            waited=$((waited + 1))
        done
        if kill -0 "$pid" 2>/dev/null; then
            printf 'notes: process %s did not stop in %s s; killing it\n' "$pid" "$waited" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$1"
}

# Starts the release (CELLULAR_RELEASE_*) on endpoint $1 / port $2, detached from this script,
# and waits until it is healthy. Does nothing when it already runs there (idempotent).
start_notes() {
    endpoint=$1
    file=$(pid_file "$2")
    if running "$file" && healthy "$endpoint" "$CELLULAR_RELEASE_VERSION"; then
        printf 'notes: %s already serves cell %s version %s\n' "$endpoint" "$CELLULAR_CELL_ID" "$CELLULAR_RELEASE_VERSION" >&2
        return 0
    fi

    stop_pid_file "$file"
    dll=$(notes_dll) || exit 1
    set -- "$dll" --urls "$endpoint" \
        "--Cellular:Cell:Id=$CELLULAR_CELL_ID" \
        "--Cellular:Cell:Version=$CELLULAR_RELEASE_VERSION" \
        "--Cellular:Cell:DataDir=$CELLULAR_CELL_DATA_DIR"
    # The release's config, one key=value per line, becomes --key=value.
    while IFS= read -r entry; do
        if [ -n "$entry" ]; then
            set -- "$@" "--$entry"
        fi
    done <<CONFIG
${CELLULAR_RELEASE_CONFIG_LINES:-}
CONFIG

    printf 'notes: starting version %s of cell %s on %s\n' "$CELLULAR_RELEASE_VERSION" "$CELLULAR_CELL_ID" "$endpoint" >&2
    # A session of its own (it outlives this script and the control plane), output to the cell's log, not our stdout.
    if command -v setsid >/dev/null 2>&1; then
        setsid nohup "$DOTNET" "$@" </dev/null >>"$CELLULAR_CELL_LOG" 2>&1 &
    else
        nohup "$DOTNET" "$@" </dev/null >>"$CELLULAR_CELL_LOG" 2>&1 &
    fi
    printf '%s\n' "$!" >"$file"

    waited=0
    limit=$((${NOTES_START_TIMEOUT:-60} * 5))
    until healthy "$endpoint" "$CELLULAR_RELEASE_VERSION"; do
        running "$file" || fail "Notes exited before answering $endpoint/_cell/health (its output is in $CELLULAR_CELL_LOG)"
        [ "$waited" -lt "$limit" ] || {
            stop_pid_file "$file"
            fail "Notes did not answer $endpoint/_cell/health as cell $CELLULAR_CELL_ID version $CELLULAR_RELEASE_VERSION within ${NOTES_START_TIMEOUT:-60} s"
        }
        sleep 0.2
        waited=$((waited + 1))
    done
    printf 'notes: %s serves cell %s version %s\n' "$endpoint" "$CELLULAR_CELL_ID" "$CELLULAR_RELEASE_VERSION" >&2
}
