#!/usr/bin/env bash
# Runs the whole test suite, after making the machine ready for it.
#
# Most tests wait on containers and processes rather than compute, so they run in parallel (pytest-xdist),
# one worker per core and one more (JUDGE_TEST_WORKERS overrides it). The few marked `serial` change or count
# every sandbox container on the engine, load every CPU (the browser tests), or hold the reference's CPU
# time to a margin (verify: a neighbour's load stretches CPU time), so they run first, alone.
# Arguments go to both runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
python=${PYTHON:-python3}
workers=${JUDGE_TEST_WORKERS:-$(( $(nproc) + 1 ))}

run() {
  # Exit status 5 is "no test was selected": the other run may hold every test that was asked for.
  local status=0
  "$python" -m pytest "$@" || status=$?
  [ "$status" = 5 ] && status=0
  return "$status"
}

serial=0
run -m serial "$@" || serial=$?
parallel=0
run -n "$workers" --dist loadfile -m "not serial" "$@" || parallel=$?
exit $(( serial > parallel ? serial : parallel ))
