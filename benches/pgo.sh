#!/usr/bin/env bash
# Builds the command line with profile-guided optimisation, for papers/performance.md
# ("Profile-guided optimisation"). The profile comes from programs that are NOT the
# benchmarks (training on the programs one then measures would only show that PGO can
# memorise them): every script of the corpus (tests/lua) and, if a TESTES_DIR is given, the
# official Lua 5.4.4 suite as tests/official.sh runs it.
#
# usage: benches/pgo.sh [TESTES_DIR]
#   -> target/bins/pgo (then e.g. `benches/perf.sh count pgo target/bins/pgo`)
# needs: rustup's llvm-tools component (`rustup component add llvm-tools`), whose
# llvm-profdata matches rustc's LLVM (a distribution's llvm-profdata usually does not).
set -euo pipefail
cd "$(dirname "$0")/.."

sysroot=$(rustc --print sysroot)
host=$(rustc -vV | sed -n 's/^host: //p')
profdata=$sysroot/lib/rustlib/$host/bin/llvm-profdata
[ -x "$profdata" ] || { echo "pgo.sh: $profdata missing: rustup component add llvm-tools" >&2; exit 1; }

data=$PWD/target/pgo/data
rm -rf "$data"
mkdir -p "$data" target/bins

# Separate target directories: the flags differ from the normal build's, and sharing one
# would rebuild everything each time either is built.
RUSTFLAGS="-Cprofile-generate=$data" cargo build --release -p moonlab-cli --target-dir target/pgo/gen
gen=target/pgo/gen/release/moonlab

# Training. Errors are expected (some corpus scripts fail on purpose); only the profile
# matters. The instrumented binary warns on stderr when its value-profile counters run out.
count=0
while IFS= read -r f; do
  (cd "$(dirname "$f")" && timeout 30 "$OLDPWD/$gen" "$(basename "$f")" </dev/null >/dev/null 2>&1) || true
  count=$((count + 1))
done < <(find tests/lua -name '*.lua' | sort)
echo "pgo.sh: trained on $count corpus scripts" >&2
if [ -n "${1:-}" ]; then
  ENGINES=vm MOONLAB="$PWD/$gen" MOONLAB_NO_BUILD=1 TIMEOUT=300 tests/official.sh "$1" >/dev/null 2>&1 || true
  echo "pgo.sh: trained on the official suite in $1" >&2
fi

"$profdata" merge -o target/pgo/merged.profdata "$data"/*.profraw
RUSTFLAGS="-Cprofile-use=$PWD/target/pgo/merged.profdata" cargo build --release -p moonlab-cli --target-dir target/pgo/use
cp target/pgo/use/release/moonlab target/bins/pgo
echo "pgo.sh: wrote target/bins/pgo" >&2
