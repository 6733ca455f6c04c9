#!/usr/bin/env bash
# Builds llama.cpp's `llama-server` from the source that node-llama-cpp ships as a git bundle, so the
# integration tests talk to a real OpenAI-compatible server without any network access.
# The binary is cached by llama.cpp commit outside the repository; a later run with the same commit
# only prints its path. Prints the binary's absolute path as the last line of stdout.
# Usage: bash tests/integration/build-llama-server.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

bundle=node_modules/node-llama-cpp/llama/gitRelease.bundle
if [ ! -f "$bundle" ]; then
  echo "build-llama-server: $bundle is missing (run npm ci first)" >&2
  exit 1
fi
commit=$(git bundle list-heads "$bundle" | awk 'NR==1 {print $1}')
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/bac-a-sable/llama-server"
dest="$cache_root/$commit"
if [ -x "$dest/llama-server" ]; then
  echo "$dest/llama-server"
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/llama-server-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
git clone --quiet "$bundle" "$work/src" >&2
git -C "$work/src" checkout --quiet "$commit" >&2
# Offline and portable: no libcurl (models come from disk), no -march=native (the cache may be
# shared between machines), no tests or examples beyond the server.
cmake -S "$work/src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
  -DLLAMA_CURL=OFF -DGGML_NATIVE=OFF -DBUILD_SHARED_LIBS=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON >&2
cmake --build "$work/build" --target llama-server -j "${LLAMA_BUILD_JOBS:-2}" >&2
mkdir -p "$dest"
# Copy to a temporary name then rename, so an interrupted build never leaves a half-written binary.
cp "$work/build/bin/llama-server" "$dest/llama-server.tmp"
mv "$dest/llama-server.tmp" "$dest/llama-server"
echo "$dest/llama-server"
