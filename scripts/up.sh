#!/usr/bin/env bash
# Starts the whole judge as a service with compose: the API on
# http://localhost:8000 (JUDGE_API_PORT), a worker, the sweeper's beat,
# PostgreSQL and Redis, with the problems in problems/ loaded. Then prints the
# admin token and how to submit.
#
#   bash scripts/up.sh            # again after a change: rebuilds what changed
#   docker-compose down           # stops it (-v also drops the database)
#
# It first readies the machine (scripts/setup.sh: the Docker engine, compose,
# the sandbox image). Where no registry is reachable, the stack runs on images
# built from a local Debian base. Settings come from .env (see .env.example).
set -euo pipefail
cd "$(dirname "$0")/.."
LOG_NAME=up
log() { printf '[up] %s\n' "$*" >&2; }

bash scripts/setup.sh >&2
if [ -f .env ]; then
    set -a
    # shellcheck source=/dev/null
    source .env
    set +a
fi
# shellcheck source=scripts/compose-env.sh
source scripts/compose-env.sh
compose_build

log "starting the stack"
"${compose[@]}" up -d >&2
api="http://localhost:${JUDGE_API_PORT:-8000}"
log "waiting for $api/healthz"
if ! wait_healthy "$api" 240; then
    "${compose[@]}" ps >&2
    "${compose[@]}" logs --no-color --tail=80 >&2
    exit 1
fi

token=${JUDGE_ADMIN_TOKEN:-judge-local-admin-token}
# An SQL problem is offered once the worker has derived its expected rows in the sandbox (the API has none):
# wait for every problem directory to be offered, a bounded while.
expected=$(find problems -mindepth 2 -maxdepth 2 -name problem.yaml | wc -l)
log "waiting for the $expected problems to be published"
for _ in $(seq 1 120); do
    offered=$(curl -fsS -H "Authorization: Bearer $token" "$api/api/v1/problems" 2>/dev/null | grep -o '"slug"' | wc -l || true)
    [ "${offered:-0}" -ge "$expected" ] && break
    sleep 2
done
if [ "${offered:-0}" -lt "$expected" ]; then
    log "only $offered of $expected problems are published; see: ${compose[*]} logs worker"
fi

# The admin signs in to the pages with a password of their own: made on the first run, kept in .cache (not in
# git), and set again on every run, so that a dropped database keeps the same sign-in.
mkdir -p .cache
[ -s .cache/admin-password ] || python3 -c "import secrets; print(secrets.token_urlsafe(15))" > .cache/admin-password
chmod 600 .cache/admin-password
password=$(cat .cache/admin-password)
if ! curl -fsS -X PUT -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
        -d "{\"password\": \"$password\"}" "$api/api/v1/users/admin/password" >/dev/null; then
    log "could not set the admin's password; set one with: judge users set-password admin --server $api --token $token"
fi

cat <<MSG
The judge is up. Open $api/ in a browser and sign in as admin with the password $password
(kept in .cache/admin-password). OpenAPI at $api/docs.
Admin token: $token
  judge users set-password <login> --server $api --token $token   # a password for anyone else

  curl -s -H "Authorization: Bearer $token" $api/api/v1/problems
  judge submit ndcg-at-k problems/ndcg-at-k/solutions/reference.py --server $api --token $token
  judge problems sync --server $api --token $token     # after editing problems/: live, no restart
  ${compose[*]} down        # stop it
MSG
