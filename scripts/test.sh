#!/usr/bin/env bash
# Runs the whole test suite, after making the machine ready for it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec "${PYTHON:-python3}" -m pytest "$@"
