#!/usr/bin/env bash
# Builds the web pages' bundles (judge/api/pages/static/build): the editor (CodeMirror 6, bundled by
# esbuild) and Swagger UI for /docs, from the npm packages pinned in judge/api/pages/frontend/package-lock.json.
# The app serves them itself, under hashed names; nothing is fetched from a CDN at run time. Safe to run
# again: it does nothing when the bundles are newer than their sources. setup.sh runs it.
set -euo pipefail
cd "$(dirname "$0")/../judge/api/pages/frontend"
log() { printf '[assets] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

out=../static/build
stale=0
for built in editor.js swagger-ui-bundle.js swagger-ui.css; do
  [ -f "$out/$built" ] || stale=1
done
if [ "$stale" = 0 ]; then
  for source in package-lock.json editor.js build.mjs; do
    [ "$source" -nt "$out/editor.js" ] && stale=1
  done
fi
[ "$stale" = 1 ] || exit 0

if ! command -v npm >/dev/null 2>&1; then
  log "installing nodejs and npm"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nodejs npm >/dev/null
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing the pinned npm packages (npm ci)"
  # --ignore-scripts: esbuild's binary comes as an optional dependency; no package's install script is needed.
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
log "bundling"
node build.mjs
log "built $(cd "$out" && ls | tr '\n' ' ')"
