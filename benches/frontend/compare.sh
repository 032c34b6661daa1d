#!/usr/bin/env bash
# Front-end benchmark: lex + parse + resolve a large generated Lua file with moonlab, against
# `luac5.4 -p` (which also generates bytecode) on the same file, with hyperfine; then the
# arena's size and each program's peak RSS.
# usage: benches/frontend/compare.sh [megabytes]     needs lua5.4, luac5.4, hyperfine
set -euo pipefail
cd "$(dirname "$0")/../.."
mb=${1:-12}
file=target/frontend-bench-${mb}mb.lua
cargo build --release --quiet
lua5.4 benches/frontend/generate.lua "$mb" > "$file"
luac5.4 -p "$file"   # the generated program must be valid Lua
echo "== $file: $(wc -c < "$file") bytes"
hyperfine --warmup 2 --runs 10 -N \
  "target/release/moonlab --check $file" \
  "luac5.4 -p $file"
echo "== moonlab arena"
target/release/moonlab --parse-stats "$file"
echo "== peak RSS (KB)"
for cmd in "target/release/moonlab --check $file" "luac5.4 -p $file"; do
  printf '%-60s %s\n' "$cmd" "$(/usr/bin/time -f %M $cmd 2>&1 >/dev/null | tail -1)"
done
