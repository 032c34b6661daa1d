#!/bin/bash -eu
# Builds every cargo-fuzz target of moonlab (fuzz/) into $OUT, the way ClusterFuzzLite and
# OSS-Fuzz expect: the fuzzer binaries, <target>_seed_corpus.zip, <target>.dict and
# <target>.options beside them.
#
# Runs inside the base-builder-rust image (SRC, OUT, WORK, SANITIZER set; its `cargo`
# wrapper turns `cargo fuzz build` into an instrumented `cargo build` when
# SANITIZER=coverage). It also runs outside Docker for testing, with SRC/OUT/WORK pointing at
# temporary directories (fuzz/README.md, "ClusterFuzzLite").

project="${MOONLAB_SRC:-$SRC/moonlab}"
fuzz="$project/fuzz"
triple="${CARGO_BUILD_TARGET:-x86_64-unknown-linux-gnu}"

cd "$fuzz"
# Release code with debug assertions and overflow checks, as a local `cargo fuzz run` builds
# it: an arithmetic overflow is a finding here.
cargo fuzz build -O --debug-assertions
bins="$(cargo metadata --format-version 1 --no-deps | jq -r .target_directory 2>/dev/null \
  || echo "$fuzz/target")/$triple/release"

# Seeds for the text targets: the syntax suite and the conformance corpus, named by their
# path (some file names occur in several directories).
text_seeds="$WORK/moonlab_text_seeds"
rm -rf "$text_seeds"
mkdir -p "$text_seeds"
(cd "$project/tests" && find syntax/valid lua -name '*.lua' -type f) | while read -r f; do
  cp "$project/tests/$f" "$text_seeds/${f//\//_}"
done

# The shared libraries a fuzzer needs beyond the C runtime (liblua5.4 once lua5.4 runs in
# process) go to $OUT/lib, and the fuzzer looks for them there: the runner image only has
# $OUT.
bundle_libs() {
  local bin="$1" lib
  for lib in $(ldd "$bin" 2>/dev/null | awk '/liblua/ { print $3 }'); do
    mkdir -p "$OUT/lib"
    cp -L "$lib" "$OUT/lib/"
    patchelf --set-rpath '$ORIGIN/lib' "$bin"
  done
}

for target in $(cargo fuzz list); do
  cp "$bins/$target" "$OUT/$target"
  bundle_libs "$OUT/$target"

  zip_file="$OUT/${target}_seed_corpus.zip"
  rm -f "$zip_file"
  case "$target" in
    parse | roundtrip) zip -q -j -r "$zip_file" "$text_seeds" ;;
    *)
      if [ -d "$fuzz/seeds/$target" ]; then
        zip -q -j -r "$zip_file" "$fuzz/seeds/$target"
      fi
      ;;
  esac

  case "$target" in
    parse | roundtrip) dict="$fuzz/lua.dict" ;;
    bytecode_load) dict="$fuzz/bytecode.dict" ;;
    *) dict="$fuzz/$target.dict" ;; # the differential targets read steering bytes: none
  esac
  if [ -f "$dict" ]; then
    cp "$dict" "$OUT/$target.dict"
  fi

  # The engine-comparing targets run a generated program on every engine under work
  # budgets; a slow input is inconclusive there, not a hang, so give it a minute.
  case "$target" in
    parse | roundtrip | bytecode_load) ;;
    *) printf '[libfuzzer]\ntimeout = 60\n' >"$OUT/$target.options" ;;
  esac
done
