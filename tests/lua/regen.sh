#!/usr/bin/env bash
# Regenerates the expected outputs of the Lua conformance corpus from the
# reference implementation (PUC Lua 5.4.4, `lua5.4`).
#
#   tests/lua/regen.sh            # rewrite every AREA/NAME.out
#   tests/lua/regen.sh --check    # only compare; exit 1 if any .out would change
#   LUA=/path/to/lua tests/lua/regen.sh
#
# Every AREA/NAME.lua is run as `lua NAME.lua` from inside AREA/ (so chunk
# names and error prefixes are `NAME.lua:LINE:`), with stdin from /dev/null.
# Its stdout becomes AREA/NAME.out. A script that exits non-zero or writes
# anything to stderr is an error: it is reported, its .out is left alone, and
# the script exits with status 1 after reporting every problem.
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
version=$("$LUA" -v 2>&1 | head -n1)
case "$version" in
  "Lua 5.4.4 "*) ;;
  "Lua 5.4."*) echo "regen.sh: warning: expected Lua 5.4.4, found: $version" >&2 ;;
  *) die "need Lua 5.4 (5.4.4), found: $version" ;;
esac

problems=0
problem() { echo "regen.sh: ERROR: $*" >&2; problems=$((problems + 1)); }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

shopt -s nullglob
nscripts=0 nchanged=0
for dir in */; do
  dir=${dir%/}
  # Remove outputs whose script is gone.
  for out in "$dir"/*.out; do
    if [[ ! -e ${out%.out}.lua ]]; then
      if ((check)); then problem "stale output $out"; else rm -f -- "$out"; fi
    fi
  done
  for script in "$dir"/*.lua; do
    name=$(basename "$script" .lua)
    nscripts=$((nscripts + 1))
    status=0
    (cd "$dir" && "$LUA" "$name.lua" </dev/null >"$tmp/out" 2>"$tmp/err") || status=$?
    if ((status != 0)); then
      problem "$dir/$name.lua exited with status $status: $(cat "$tmp/err")"
      continue
    fi
    if [[ -s $tmp/err ]]; then
      problem "$dir/$name.lua wrote to stderr: $(cat "$tmp/err")"
      continue
    fi
    if [[ -e $dir/$name.out ]] && cmp -s "$tmp/out" "$dir/$name.out"; then
      continue
    fi
    nchanged=$((nchanged + 1))
    if ((check)); then
      problem "$dir/$name.out is missing or differs from the current output"
    else
      cp "$tmp/out" "$dir/$name.out"
    fi
  done
done

if ((check)); then
  echo "regen.sh: checked $nscripts scripts, $nchanged differ"
else
  echo "regen.sh: ran $nscripts scripts, $nchanged outputs written"
fi
if ((problems > 0)); then
  echo "regen.sh: $problems problem(s)" >&2
  exit 1
fi
