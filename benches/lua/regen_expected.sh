#!/usr/bin/env bash
# benches/lua/expected.txt: what lua5.4 prints for every benchmark program at a tiny size
# (the tiny sizes below): for each, a line `== NAME SIZE`, then its output. tests/kit/tests/bench_programs.rs
# runs each program on both engines at that size and compares; with lua5.4 installed it
# also re-checks these lines live.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
tiny() {
  case $1 in
    recursive_calls) echo 15 ;; numeric_loops) echo 20 ;; float_fields) echo 10 ;;
    method_calls) echo 100 ;; closures) echo 500 ;; string_building) echo 300 ;;
    table_access) echo 400 ;; sorting) echo 200 ;; binary_trees) echo 6 ;;
    coroutine_pingpong) echo 2000 ;; nbody) echo 300 ;; spectral_norm) echo 12 ;;
    fannkuch) echo 1000 ;; mandelbrot) echo 12 ;; json) echo 10 ;; richards) echo 200 ;;
    weak_cache) echo 300 ;; ray_tracer) echo 8 ;; parser) echo 3 ;;
    int64_hashing) echo 5 ;;
    *) echo "regen_expected.sh: no tiny size for $1" >&2; exit 1 ;;
  esac
}
{
  while read -r name _rest; do
    case $name in ''|'#'*) continue ;; esac
    size=$(tiny "$name")
    printf '== %s %s\n' "$name" "$size"
    ${LUA:-lua5.4} "$name.lua" "$size"
  done < sizes.txt
} > expected.txt
