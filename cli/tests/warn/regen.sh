#!/usr/bin/env bash
# Expected stderr of the warn scripts (NAME.stderr), from lua5.4.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
for s in *.lua; do
  ${LUA:-lua5.4} "$s" >/dev/null 2>"${s%.lua}.stderr" </dev/null
done
