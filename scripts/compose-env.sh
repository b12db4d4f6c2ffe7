# Sourced by scripts/up.sh and scripts/compose-smoke.sh: picks the compose
# command, the images and the sandbox hash, and readies the service image's
# wheels. Sets `compose` (an array) and exports what compose.yaml reads.
#
# Images: public ones where a registry answers, local stand-ins built from a
# Debian base (docker/build-local-images.sh) where none does.

compose_log() { printf '[%s] %s\n' "${LOG_NAME:-compose}" "$*" >&2; }
PYTHON=${PYTHON:-python3}

if [ -n "${COMPOSE:-}" ]; then
    read -r -a compose <<<"$COMPOSE"
elif command -v docker-compose >/dev/null 2>&1; then
    compose=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
else
    compose_log "neither docker-compose nor the docker compose plugin is installed"
    exit 1
fi

if [ -z "${JUDGE_BASE_IMAGE:-}${JUDGE_REDIS_IMAGE:-}${JUDGE_POSTGRES_IMAGE:-}" ]; then
    pullable=1
    for image in python:3.11-slim-bookworm redis:7-bookworm postgres:15-bookworm; do
        if ! docker image inspect "$image" >/dev/null 2>&1 && ! docker pull -q "$image" >/dev/null 2>&1; then
            pullable=0
            break
        fi
    done
    if [ "$pullable" = 0 ]; then
        compose_log "no registry: using images built from a local Debian base"
        eval "$(bash docker/build-local-images.sh)"
    fi
fi

# The sandbox image: the judge's own builder keeps it current (and skips it when
# it is); without the judge on this machine, compose builds it when it is missing.
if "$PYTHON" -c "import judge.cli.main" >/dev/null 2>&1; then
    "$PYTHON" -m judge.cli sandbox build >&2
fi
JUDGE_SANDBOX_HASH=${JUDGE_SANDBOX_HASH:-$("$PYTHON" -c 'from judge.sandbox.image import source_hash; print(source_hash())' 2>/dev/null || echo unknown)}
export JUDGE_SANDBOX_HASH

if ! "$PYTHON" docker/download-wheels.py >/dev/null 2>&1; then
    compose_log "could not download the service image's wheels: building from what docker/.wheels holds, or the index"
fi

# The service image, from this checkout's code (cached layers make this quick).
compose_build() {
    local build_log
    build_log=$(mktemp)
    compose_log "building the service image"
    if ! "${compose[@]}" build migrate >"$build_log" 2>&1; then
        tail -n 60 "$build_log" >&2
        rm -f "$build_log"
        return 1
    fi
    rm -f "$build_log"
}

# Waits until $1/healthz answers 200, for up to $2 seconds.
wait_healthy() {
    local deadline=$((SECONDS + $2))
    until curl -fs -o /dev/null "$1/healthz"; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            compose_log "the API did not become healthy in $2 s"
            return 1
        fi
        sleep 2
    done
}
