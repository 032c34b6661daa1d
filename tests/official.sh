#!/usr/bin/env bash
# Runs the official Lua 5.4.4 test suite file by file on lua5.4 and on both moonlab engines,
# and prints a Markdown table (the one in README.md comes from here).
#
#   tests/official.sh TESTES_DIR                 # every file, every engine
#   tests/official.sh TESTES_DIR db.lua pm.lua    # only these files
#   ENGINES="vm" TIMEOUT=600 tests/official.sh TESTES_DIR
#
# TESTES_DIR is the suite's `testes/` folder from github lua/lua at tag v5.4.4. It is never
# part of this repository; to get it:
#   git clone https://github.com/lua/lua && git -C lua archive v5.4.4 testes | tar -x -C /tmp
#   tests/official.sh /tmp/testes
#
# How each file runs, as the suite's all.lua would run it with `_port=true` (skip the tests
# that are not portable; `T`, the C test library, is absent as in a release build of lua):
#   - every file except the three below: `lua -e _port=true FILE` from inside TESTES_DIR;
#   - big.lua: as all.lua does, inside coroutine.wrap, expecting the yields 'b' then 'a';
#   - main.lua: with `_port` off (its tests are all about the stand-alone interpreter, and it
#     returns at once under `_port`). It starts the interpreter named by arg[-1] again, so on
#     the reference engine it still tests the moonlab command line, not the engine;
#   - heavy.lua (allocates until memory runs out; lua5.4 is killed) and all.lua (the driver)
#     are not run. bwcoercion.lua and tracegc.lua are modules the others load.
# A file passes when the interpreter exits with status 0 within TIMEOUT seconds (the suite
# asserts; a failed assertion is an error and a non-zero exit). The cell shows the time, or
# the first line of the error.
#
# Files are written only under a fresh temporary directory (a copy of TESTES_DIR), because
# several tests create files in the current directory.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src=${1:?usage: tests/official.sh TESTES_DIR [FILE.lua...]}
shift
src=$(cd "$src" && pwd)
ENGINES=${ENGINES:-"lua5.4 vm reference"}
TIMEOUT=${TIMEOUT:-900}
MOONLAB=${MOONLAB:-$here/target/release/moonlab}

if [[ " $ENGINES " == *" vm "* || " $ENGINES " == *" reference "* ]]; then
  if [ ! -x "$MOONLAB" ] || [ -z "${MOONLAB_NO_BUILD:-}" ]; then
    (cd "$here" && cargo build --release -q -p moonlab-cli) || exit 1
  fi
fi

if [ $# -gt 0 ]; then
  files=("$@")
else
  files=()
  for f in "$src"/*.lua; do
    case "$(basename "$f")" in
      all.lua | heavy.lua | bwcoercion.lua | tracegc.lua) ;;
      *) files+=("$(basename "$f")") ;;
    esac
  done
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# cmd ENGINE FILE: the command line for one run.
cmd() {
  local engine=$1 file=$2 prog
  case $engine in
    lua5.4) prog=(lua5.4) ;;
    vm) prog=("$MOONLAB") ;;
    # (The variable, not --engine: main.lua starts the interpreter again by its path.)
    reference) prog=(MOONLAB_ENGINE=reference "$MOONLAB") ;;
  esac
  case $file in
    main.lua) echo "${prog[*]} main.lua" ;;
    big.lua)
      echo "${prog[*]} -e _port=true -e \"local f = coroutine.wrap(assert(loadfile('big.lua'))); assert(f() == 'b'); assert(f() == 'a')\""
      ;;
    *) echo "${prog[*]} -e _port=true $file" ;;
  esac
}

header="| file |"
rule="|---|"
for e in $ENGINES; do
  header+=" $e |"
  rule+="---|"
done
echo "$header"
echo "$rule"

declare -A passed
for e in $ENGINES; do passed[$e]=0; done

for file in "${files[@]}"; do
  row="| $file |"
  for e in $ENGINES; do
    dir="$work/$e"
    rm -rf "$dir" && cp -r "$src" "$dir"
    log="$work/$e.$file.log"
    start=$(date +%s.%N)
    (cd "$dir" && timeout -k 10 "$TIMEOUT" bash -c "$(cmd "$e" "$file")" </dev/null >"$log" 2>&1)
    rc=$?
    secs=$(echo "$(date +%s.%N) - $start" | bc)
    if [ $rc -eq 0 ]; then
      passed[$e]=$((passed[$e] + 1))
      row+=" pass ($(printf '%.1f' "$secs") s) |"
    else
      if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
        why="timeout after ${TIMEOUT} s"
      else
        why=$(grep -m1 -E '^[^ ]*(moonlab|lua5.4): ' "$log" | sed -E 's#^[^ ]*(moonlab|lua5.4): #\1: #' | cut -c1-110)
        [ -n "$why" ] || why="exit status $rc: $(tail -n1 "$log" | cut -c1-90)"
      fi
      why=${why//|/\\|}
      row+=" FAIL: $why |"
    fi
    if [ -n "${KEEP_LOGS:-}" ]; then cp "$log" "$KEEP_LOGS/" 2>/dev/null; fi
  done
  echo "$row"
done

total="| **passed** |"
for e in $ENGINES; do total+=" ${passed[$e]}/${#files[@]} |"; done
echo "$total"
