#!/usr/bin/env bash
# What the fuzz corpus reaches: builds every target with coverage instrumentation
# (`cargo fuzz coverage`), runs each over its seeds and its local corpus, merges the
# profiles and prints the table of papers/differential.md ("Reach"): lines covered per
# module, the VM's opcode handlers and the library functions no input reached.
#
#   fuzz/coverage.sh                 # the table on stdout; the JSON export in coverage/all.json
#   fuzz/coverage.sh parse roundtrip # only these targets
#
# Inputs per target: fuzz/seeds/<target> (parse, roundtrip: tests/syntax/valid and tests/lua)
# and fuzz/corpus/<target> if a fuzzing run left one. WIDE_SEEDS=N adds, for `differential`,
# the inputs of the first N `fuzzgen::generate_wide` seeds (first byte 2, then
# `fuzzgen::seed_bytes(n)`), as the seeded test tests/kit/tests/wide.rs runs them. Needs the nightly toolchain with
# llvm-tools (`rustup component add llvm-tools-preview --toolchain nightly`). Heavy: on a
# shared machine run it under `flock /tmp/moonlab-build.lock`.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(parse roundtrip bytecode_load differential gc_differential)
fi

sysroot=$(rustc +nightly --print sysroot)
host=$(rustc +nightly -vV | sed -n 's/^host: //p')
llvm_bin="$sysroot/lib/rustlib/$host/bin"
[ -x "$llvm_bin/llvm-cov" ] || {
  echo "no llvm-cov in $llvm_bin: rustup component add llvm-tools-preview --toolchain nightly" >&2
  exit 1
}

profiles=()
objects=()
for t in "${targets[@]}"; do
  inputs=()
  case "$t" in
    parse | roundtrip) inputs+=("$root/tests/syntax/valid" "$root/tests/lua") ;;
    *) [ -d "seeds/$t" ] && inputs+=("seeds/$t") ;;
  esac
  [ -d "corpus/$t" ] && inputs+=("corpus/$t")
  if [ "$t" = differential ] && [ "${WIDE_SEEDS:-0}" -gt 0 ]; then
    rm -rf coverage/wide-seeds && mkdir -p coverage/wide-seeds
    python3 - "$WIDE_SEEDS" <<'PY'
import sys
M = (1 << 64) - 1
for seed in range(int(sys.argv[1])):  # fuzzgen::seed_bytes
    x = ((seed * 0x9E3779B97F4A7C15) & M) | 1
    out = bytearray([2])
    for _ in range(64 + (seed % 7) * 256):
        x ^= x >> 12
        x ^= (x << 25) & M
        x ^= x >> 27
        out.append(((x * 0x2545F4914F6CDD1D) & M) >> 56)
    open(f"coverage/wide-seeds/wide-{seed}", "wb").write(out)
PY
    inputs+=("coverage/wide-seeds")
  fi
  # libFuzzer reads directories flat: the conformance corpus is one directory per area.
  dirs=()
  for d in "${inputs[@]}"; do
    while IFS= read -r sub; do dirs+=("$sub"); done < <(find "$d" -type d)
  done
  echo "coverage: $t over ${dirs[*]}" >&2
  # The targets' own timeouts and memory limits, as when fuzzing.
  cargo +nightly fuzz coverage "$t" "${dirs[@]}" -- -timeout=60 -rss_limit_mb=4096 >&2
  profiles+=("coverage/$t/coverage.profdata")
  objects+=("target/$host/coverage/$host/release/$t")
done

"$llvm_bin/llvm-profdata" merge -sparse "${profiles[@]}" -o coverage/all.profdata
args=(-instr-profile=coverage/all.profdata "${objects[0]}")
for o in "${objects[@]:1}"; do args+=(-object "$o"); done
"$llvm_bin/llvm-cov" export -format=text \
  -ignore-filename-regex='(\.cargo/registry|/rustc/|/library/)' "${args[@]}" >coverage/all.json
python3 coverage_table.py "$root" coverage/all.json
