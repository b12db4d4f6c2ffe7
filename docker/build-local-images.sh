#!/usr/bin/env bash
# For machines that cannot pull from a registry: builds, from a local Debian
# bookworm base, stand-ins for the three public images compose.yaml uses, and
# prints the variables that point compose.yaml at them. The base is made only
# when missing; FORCE=1 rebuilds the others without Docker's cache (to take in
# Debian's updates).
#
#   eval "$(bash docker/build-local-images.sh)"
#   docker-compose up -d
#
#   judge-base:bookworm    debootstrap minbase + python3 (sandbox/build-base.sh; root and debootstrap)
#   judge-redis:local      Debian's redis-server           (docker/redis/)
#   judge-postgres:local   Debian's PostgreSQL 15           (docker/postgres/)
# Their apt-get goes to deb.debian.org over plain HTTP.
set -euo pipefail
cd "$(dirname "$0")/.."

base=${JUDGE_BASE_IMAGE:-judge-base:bookworm}
redis=${JUDGE_REDIS_IMAGE:-judge-redis:local}
postgres=${JUDGE_POSTGRES_IMAGE:-judge-postgres:local}
log() { printf '[local-images] %s\n' "$*" >&2; }
have() { docker image inspect "$1" >/dev/null 2>&1; }

if ! have "$base"; then
    log "making $base with debootstrap"
    bash sandbox/build-base.sh "$base" >&2
fi
# Always built: Docker's layer cache makes that a second or two when nothing changed.
nocache=()
[ "${FORCE:-0}" = 1 ] && nocache=(--no-cache)
for pair in "$redis:docker/redis" "$postgres:docker/postgres"; do
    image=${pair%:*} context=${pair##*:}
    have "$image" || log "building $image from $base"
    if ! out=$(docker build -q "${nocache[@]}" -t "$image" --build-arg BASE_IMAGE="$base" "$context" 2>&1); then
        printf '%s\n' "$out" >&2
        exit 1
    fi
done
printf 'export JUDGE_BASE_IMAGE=%q JUDGE_REDIS_IMAGE=%q JUDGE_POSTGRES_IMAGE=%q\n' "$base" "$redis" "$postgres"
