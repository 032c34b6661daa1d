#!/usr/bin/env bash
# Regenerates cli/link-order.txt, the order in which the linker lays out the functions the
# benchmark programs run (cli/build.rs passes it to LLD as --symbol-ordering-file).
#
# Why: the kernel maps a binary's code 64 KB around each page a process executes
# (fault-around), and every mapped page counts in the peak RSS. Left in the compiler's
# order, the ~200 KB of code `print(1)` runs is spread over ~1.1 MB of the 1.5 MB .text,
# and a small program's RSS is ~0.9 MB above lua5.4's (papers/performance.md, "Memory").
# Packed first, it fits in a few windows. The release binary links the C library in
# (cli/build.rs), so the libc functions the runs execute are in the list too.
#
# The list holds mangled names: their hashes follow the toolchain, the profile and the item's
# path, not its code, so the list stays valid across ordinary edits; a renamed or new
# function is simply laid out in the compiler's order. Rerun after a toolchain update or a
# large refactoring; benches/rss.sh prints how many names the binary still has.
#
# usage: benches/link_order.sh [BINARY]   (default target/release/moonlab; build it first)
# needs: valgrind, python3, nm
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/moonlab}
[ -x "$bin" ] || { echo "link_order.sh: build first (cargo build --release)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cg() { # cg NAME ARGS...: record which functions a run executes
  local name=$1
  shift
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$tmp/$name.cg" "$bin" "$@" \
    >/dev/null 2>&1
}
# The training set: the start-up alone, then every benchmark program at a quarter of its
# small size (the code a run executes hardly depends on the size).
cg print -e 'print(1)'
while read -r name small _large _flags; do
  case $name in '' | '#'*) continue ;; esac
  cg "$name" "benches/lua/$name.lua" $((small / 4 > 0 ? small / 4 : 1))
done <benches/lua/sizes.txt
python3 - "$bin" "$tmp/print.cg" "$tmp"/*.cg >cli/link-order.txt <<'EOF'
import collections, re, subprocess, sys
binary, startup, runs = sys.argv[1], sys.argv[2], sys.argv[3:]
base = '/' + binary.rsplit('/', 1)[-1]
def executed(path):
    """Names of the binary's functions a callgrind profile saw run."""
    objs, fns, cur, seen = {}, {}, None, set()
    for line in open(path):
        m = re.match(r'^(c?)(ob|fn)=\((\d+)\)(?: (.*))?$', line.rstrip('\n'))
        if not m:
            continue
        call, kind, ident, name = m.groups()
        table = objs if kind == 'ob' else fns
        if name:
            table[ident] = re.sub(r"'\d+$", '', name)  # callgrind's recursion-depth suffix
        if call:
            continue
        if kind == 'ob':
            cur = objs.get(ident)
        elif cur and cur.endswith(base):
            seen.add(fns[ident])
    return seen
addr = {}
nm = subprocess.run(['nm', '--defined-only', binary], capture_output=True, text=True, check=True)
for line in nm.stdout.splitlines():
    parts = line.split()
    if len(parts) == 3 and parts[1] in 'tTwWi':  # i: an IFUNC's resolver (libc, libm)
        addr[parts[2]] = int(parts[0], 16)
# libc picks its string functions' variant by the CPU at start-up (IFUNC), and valgrind's
# CPU has no AVX-512: where callgrind saw __memmove_avx_unaligned_erms, this CPU may run
# __memmove_avx512_unaligned_erms or __memmove_evex_unaligned_erms. Every variant of an
# executed function is listed with it (a few KB each).
isa = re.compile(r'^(__\w+?)_(sse2|sse42|ssse3|avx2|avx512|avx|evex512|evex)(?:_|$)')
variants = collections.defaultdict(set)
for name in addr:
    m = isa.match(name)
    if m:
        variants[m.group(1)].add(name)
def with_variants(names):
    out = set(names)
    for n in names:
        m = isa.match(n)
        if m:
            out |= variants[m.group(1)]
    return out
# Start-up code only a native run executes: glibc gives the vDSO a link map and looks up its
# symbols (valgrind provides no vDSO). Found by breaking on every libc function outside this
# list under gdb (papers/performance.md, m6ifunc); the programs ran no others.
native = {'_dl_new_object', '_dl_add_to_namespace_list', '_dl_setup_hash',
          '_dl_lookup_symbol_x', 'do_lookup_x', 'check_match', '__strcmp_avx2',
          '__pthread_mutex_lock', '__pthread_mutex_unlock', '__pthread_mutex_unlock_usercnt'}
count = collections.Counter()
for run in runs:
    count.update(n for n in with_variants(executed(run)) if n in addr)
first = with_variants(executed(startup) | native)
count.update(n for n in first if n in addr and n not in count)
# The start-up's code first (every run pays for its pages), then code every program runs,
# then code fewer programs run; the compiler's order within each.
for name in sorted(count, key=lambda n: (n not in first, -count[n], addr[n])):
    print(name)
EOF
echo "link_order.sh: $(wc -l <cli/link-order.txt) functions in cli/link-order.txt"
