#!/usr/bin/env bash
# Regenerates the expected outputs of the binary-chunk scripts (tests/binary/NAME.lua ->
# NAME.out) from the reference implementation, PUC Lua 5.4 (`lua5.4`).
# tests/kit/tests/binary_chunks.rs runs the scripts on the VM (the reference interpreter runs
# no bytecode) and compares.
#
#   tests/binary/regen.sh            # rewrite every NAME.out
#   tests/binary/regen.sh --check    # only compare; exit 1 if any .out would change
#   LUA=/path/to/lua tests/binary/regen.sh
#
# Each script runs as `lua NAME.lua` from this directory, stdin from /dev/null. A script
# that exits non-zero or writes to stderr is an error (reported; its .out is left alone).
set -euo pipefail

LUA=${LUA:-lua5.4}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"

check=0
case "${1:-}" in
  "") ;;
  --check) check=1 ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

die() { echo "regen.sh: $*" >&2; exit 1; }
command -v "$LUA" >/dev/null || die "'$LUA' not found"
case "$("$LUA" -v 2>&1 | head -n1)" in
  "Lua 5.4."*) ;;
  *) die "need Lua 5.4" ;;
esac

problems=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
shopt -s nullglob
for script in *.lua; do
  name=${script%.lua}
  status=0
  "$LUA" "$script" </dev/null >"$tmp/out" 2>"$tmp/err" || status=$?
  if ((status != 0)) || [[ -s $tmp/err ]]; then
    echo "regen.sh: ERROR: $script (status $status): $(cat "$tmp/err")" >&2
    problems=$((problems + 1))
    continue
  fi
  if [[ -e $name.out ]] && cmp -s "$tmp/out" "$name.out"; then
    continue
  fi
  if ((check)); then
    echo "regen.sh: ERROR: $name.out is missing or differs" >&2
    problems=$((problems + 1))
  else
    cp "$tmp/out" "$name.out"
    echo "regen.sh: wrote $name.out"
  fi
done
for out in *.out; do
  [[ -e ${out%.out}.lua ]] || { if ((check)); then echo "regen.sh: ERROR: stale $out" >&2; problems=$((problems + 1)); else rm -f -- "$out"; fi; }
done
((problems == 0)) || exit 1
