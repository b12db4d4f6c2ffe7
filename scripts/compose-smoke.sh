#!/usr/bin/env bash
# Brings the compose stack up, judges solutions through the HTTP API, adds a
# problem to the running stack (a sync, no restart) and judges it, checks that a
# broken edit is refused while the old version keeps judging, and takes the
# stack down again (volumes included), whatever happened.
#
#   bash scripts/compose-smoke.sh
#
# It builds what is missing. Where `docker pull` cannot reach a registry, the
# stack runs on images made from a local Debian base (docker/build-local-images.sh).
# It runs as its own compose project (judge-smoke) on a free port, so it does
# not touch a stack already running from this directory.
#
# Environment: COMPOSE (the compose command; by default docker-compose, else
# `docker compose`), JUDGE_SMOKE_PORT, JUDGE_SMOKE_TIMEOUT (seconds for the
# verdict, default 300), and any variable compose.yaml reads.
set -euo pipefail
cd "$(dirname "$0")/.."

LOG_NAME=compose-smoke
log() { printf '[compose-smoke] %s\n' "$*" >&2; }
PYTHON=${PYTHON:-python3}
export COMPOSE_PROJECT_NAME=${COMPOSE_PROJECT_NAME:-judge-smoke}
export JUDGE_API_BIND=127.0.0.1
export JUDGE_API_PORT=${JUDGE_SMOKE_PORT:-$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
export JUDGE_ADMIN_TOKEN=${JUDGE_ADMIN_TOKEN:-smoke-$("$PYTHON" -c 'import secrets; print(secrets.token_hex(16))')}
api="http://127.0.0.1:$JUDGE_API_PORT"
timeout_s=${JUDGE_SMOKE_TIMEOUT:-300}
worker_host=
compose=()  # set by scripts/compose-env.sh
# The API reads a copy of the bank, which this script edits while the stack runs.
export JUDGE_PROBLEMS=$(mktemp -d)
cp -R problems/. "$JUDGE_PROBLEMS/"
chmod -R a+rX "$JUDGE_PROBLEMS"

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    rm -rf "$JUDGE_PROBLEMS"
    [ "${#compose[@]}" -gt 0 ] || exit "$rc"
    if [ "$rc" != 0 ]; then
        log "FAILED (exit $rc): the stack's state and logs follow"
        "${compose[@]}" ps >&2 || true
        "${compose[@]}" logs --no-color --tail=150 >&2 || true
    fi
    log "taking the stack down"
    # A worker stopped mid-judging may leave its sandbox container: remove those
    # this stack's worker started (their owner label is its hostname and pid).
    if [ -z "$worker_host" ]; then
        worker_host=$(docker inspect -f '{{.Config.Hostname}}' $("${compose[@]}" ps -q worker 2>/dev/null) 2>/dev/null || true)
    fi
    "${compose[@]}" down -v --remove-orphans -t 30 >&2 || true
    if [ -n "$worker_host" ]; then
        docker ps -a --filter label=org.judge.sandbox --format '{{.ID}} {{.Label "org.judge.owner"}}' \
            | while read -r id owner; do
                case "$owner" in "$worker_host":*) docker rm -f -v "$id" >/dev/null || true ;; esac
            done
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# shellcheck source=scripts/compose-env.sh
source scripts/compose-env.sh
compose_build

log "starting the stack (project $COMPOSE_PROJECT_NAME, API on $api)"
"${compose[@]}" up -d >&2
worker_host=$(docker inspect -f '{{.Config.Hostname}}' $("${compose[@]}" ps -q worker))

log "waiting for $api/healthz"
wait_healthy "$api" 180

field() { printf '%s' "$1" | "$PYTHON" -c 'import json, sys; print(json.load(sys.stdin).get(sys.argv[1]) or "")' "$2"; }

# Submits $2 to problem $1 in language $3 and prints the submission's id.
submit() {
    local body response code
    log "submitting $2"
    body=$("$PYTHON" -c 'import json, sys; print(json.dumps({"problem": sys.argv[1], "language": sys.argv[3], "source": open(sys.argv[2]).read()}))' "$1" "$2" "$3")
    response=$(curl -sS -w '\n%{http_code}' -X POST "$api/api/v1/submissions" \
        -H "Authorization: Bearer $JUDGE_ADMIN_TOKEN" -H 'Content-Type: application/json' --data-binary "$body")
    code=${response##*$'\n'}
    response=${response%$'\n'*}
    if [ "$code" != 201 ]; then
        log "POST /api/v1/submissions answered $code: $response"
        return 1
    fi
    field "$response" id
}

# Waits for submission $1's verdict and fails unless it is accepted.
expect_accepted() {
    local result status verdict deadline=$((SECONDS + timeout_s))
    while :; do
        result=$(curl -fsS -H "Authorization: Bearer $JUDGE_ADMIN_TOKEN" "$api/api/v1/submissions/$1?wait=30")
        status=$(field "$result" status)
        [ "$status" = finished ] && break
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "no verdict for $1 after ${timeout_s} s; last answer: $result"
            return 1
        fi
    done
    verdict=$(field "$result" verdict)
    log "$1: $verdict"
    if [ "$verdict" != accepted ]; then
        log "expected accepted; the answer was: $result"
        return 1
    fi
}

# Waits until problem $1 is offered: an SQL problem is published once the worker has
# derived its expected rows (by running its reference in the sandbox, from inside the
# worker's container), which the API, without a sandbox, cannot do.
wait_published() {
    local deadline=$((SECONDS + timeout_s))
    until curl -fsS -H "Authorization: Bearer $JUDGE_ADMIN_TOKEN" "$api/api/v1/problems/$1" >/dev/null 2>&1; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            log "$1 was not published after ${timeout_s} s"
            return 1
        fi
        sleep 1
    done
    log "$1 is published"
}

# A Python function (expected values in the tests) and SQL (expected rows derived
# when it was published).
python_id=$(submit ndcg-at-k problems/ndcg-at-k/solutions/reference.py python)
wait_published third-unique-song
sql_id=$(submit third-unique-song problems/third-unique-song/solutions/reference.sql sql)
expect_accepted "$python_id"
expect_accepted "$sql_id"
log "the stack judged both solutions as accepted"

# Publishes the problems directory; prints "<outcome> <version>" of problem $1.
sync_problem() {
    curl -fsS -X POST -H "Authorization: Bearer $JUDGE_ADMIN_TOKEN" "$api/api/v1/problems/sync" \
        | "$PYTHON" -c 'import json, sys; o = next(p for p in json.load(sys.stdin)["problems"] if p["slug"] == sys.argv[1]); print(o["outcome"], o["version"], *(i["message"] for i in o["issues"]))' "$1"
}
# The version submission $1 records.
version_of() {
    field "$(curl -fsS -H "Authorization: Bearer $JUDGE_ADMIN_TOKEN" "$api/api/v1/submissions/$1")" problem_version
}

log "adding a problem to the running stack"
cp -R tests/fixtures/problems/add-canary "$JUDGE_PROBLEMS/"
chmod -R a+rX "$JUDGE_PROBLEMS"
read -r outcome version _ <<<"$(sync_problem add-canary)"
if [ "$outcome" != new ]; then log "the sync said $outcome for add-canary"; exit 1; fi
canary_id=$(submit add-canary tests/fixtures/problems/add-canary/solutions/reference.py python)
expect_accepted "$canary_id"
[ "$(version_of "$canary_id")" = "$version" ] || { log "add-canary was not judged against $version"; exit 1; }

log "a broken edit to it"
printf 'colour: red\n' >>"$JUDGE_PROBLEMS/add-canary/problem.yaml"
refused=$(sync_problem add-canary)
case "$refused" in
    "refused $version "*"unknown key"*) log "refused: $refused" ;;
    *) log "a broken edit was not refused: $refused"; exit 1 ;;
esac
again_id=$(submit add-canary tests/fixtures/problems/add-canary/solutions/reference.py python)
expect_accepted "$again_id"
[ "$(version_of "$again_id")" = "$version" ] || { log "the old version did not keep judging"; exit 1; }
log "OK: the stack judged the bank's solutions, and a problem added while it ran, without a restart"
