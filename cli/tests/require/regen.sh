#!/usr/bin/env bash
# Regenerates the expected outputs of the require tests (cli/tests/cli.rs) from lua5.4.
set -euo pipefail
LUA=${LUA:-lua5.4}
cd "$(dirname "${BASH_SOURCE[0]}")"
env -u LUA_PATH -u LUA_PATH_5_4 -u LUA_CPATH -u LUA_CPATH_5_4 "$LUA" main.lua >main.stdout
env -u LUA_CPATH_5_4 LUA_PATH_5_4='./?.x;;' LUA_PATH=ignored LUA_CPATH=';;./?.y' \
  "$LUA" env.lua >env.stdout
