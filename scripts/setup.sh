#!/usr/bin/env bash
# Makes this machine ready to run the judge: Docker engine, Python packages and
# the sandbox image. Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
if ! docker info >/dev/null 2>&1 && ! command -v dockerd >/dev/null 2>&1; then
  missing+=(docker.io)
fi
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
# The service: Compose for the stack (compose.yaml, scripts/compose-smoke.sh), and
# Redis and PostgreSQL that the service tests start by themselves, outside Docker.
if ! command -v docker-compose >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1; then
  missing+=(docker-compose)
fi
command -v curl >/dev/null 2>&1 || missing+=(curl)
# The load test holds every core busy with it (tests/judge/test_verdicts_under_load.py).
command -v stress-ng >/dev/null 2>&1 || missing+=(stress-ng)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
# The browser tests drive Debian's Chromium (tests/ui; `playwright install` cannot download one here).
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
# The pages' bundles are built from npm packages (scripts/build-assets.sh).
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
# DMOJ's judge, a peer in bench/peers.py, builds its sandbox against libseccomp.
[ -f /usr/include/seccomp.h ] || missing+=(libseccomp-dev)
if [ ${#missing[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  log "installing ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# A spreadsheet, headless, that reads the gradebook export back as whoever opens it would
# (tests/judge/courses/test_spreadsheet_readback.py): its calc part only, without what it recommends.
if ! command -v soffice >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  log "installing libreoffice-calc-nogui"
  [ ${#missing[@]} -gt 0 ] || as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  log "starting the Docker engine"
  as_root sh -c 'nohup dockerd >/var/log/dockerd-judge.log 2>&1 &'
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { log "the Docker engine did not start; see /var/log/dockerd-judge.log"; exit 1; }
fi

log "building the web pages' assets"
bash scripts/build-assets.sh

PYTHON=${PYTHON:-python3}
# Checked from outside the checkout: inside it, `import judge` works even when nothing is installed.
installed_from=$(cd / && "$PYTHON" -c "import judge, judge.sandbox.context, pytest, duckdb, importlinter; print(judge.__path__[0])" 2>/dev/null || true)
if [ "$installed_from" != "$PWD/judge" ] || [ pyproject.toml -nt .cache/installed ]; then
  log "installing the judge and its test dependencies"
  "$PYTHON" -m pip install --quiet --disable-pip-version-check -e ".[test]"
  mkdir -p .cache && touch .cache/installed
fi

# DMOJ's judge-server for bench/peers.py, apart from the project's packages (it pins its own). A peer of the
# benchmark only: if it cannot be installed, the benchmark says so and the rest goes on.
if [ ! -f .cache/dmoj/dmoj/__init__.py ]; then
  log "installing DMOJ's judge-server in .cache/dmoj (a peer of bench/peers.py)"
  "$PYTHON" -m pip install --quiet --disable-pip-version-check --target .cache/dmoj dmoj==4.1.0 \
    || log "DMOJ could not be installed; bench/peers.py will leave it out"
fi

log "checking the sandbox image"
"$PYTHON" -m judge.cli sandbox build
