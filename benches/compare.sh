#!/usr/bin/env bash
# Wall-time comparison of the Lua benchmark programs in benches/lua/ across engines.
#
# For each program in benches/lua/sizes.txt (at its LARGE size, or SMALL with --small):
#   1. run it once on every engine and check that the output equals lua5.4's (a mismatch or
#      a failed run stops the script with the difference, unless --keep-going);
#   2. time the engines with hyperfine (--warmup 1 --runs 3 -N), raw JSON kept in
#      benches/results/raw/<large|small>/NAME.json;
# then writes benches/results/wall.md (table of means and ratios to lua5.4) and
# benches/results/wall.svg (bar chart of the ratios) from every raw result of that size, so
# `--only NAME` refreshes one row and keeps the others. --small writes wall-small.{md,svg}.
#
# Engines: vm (moonlab --engine=vm), reference (moonlab --engine=reference), lua5.4,
# luajit-joff (luajit -joff, the LuaJIT interpreter), luajit (with its JIT). Programs flagged
# `nojit` in sizes.txt are not run on LuaJIT (they need Lua 5.3+ integer operators).
# An engine that is not available (the VM not built yet, LuaJIT not installed) is skipped
# with a note. Nothing is built: build moonlab first with `cargo build --release`.
#
# usage: benches/compare.sh [--small] [--only NAME] [--engines "reference lua5.4 ..."]
#                           [--check] [--keep-going] [--report]
#   --check       only check outputs against lua5.4, no timing, no results written
#   --keep-going  on a mismatch, report it, skip that program's timing, go on, exit 1 at end
#   --report      run nothing: only rewrite the .md and .svg from the raw results
# needs: lua5.4, hyperfine, python3; luajit optional
set -euo pipefail
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
cd "$(dirname "$self")/.."

MOONLAB=${MOONLAB:-target/release/moonlab}   # override only to test this script
ALL_ENGINES="vm reference lua5.4 luajit-joff luajit"

size_kind=large
only=""
engines=$ALL_ENGINES
check_only=0
keep_going=0
report_only=0
while [ $# -gt 0 ]; do
  case $1 in
    --small) size_kind=small ;;
    --large) size_kind=large ;;
    --only) only=${2:?--only needs a program name}; shift ;;
    --only=*) only=${1#--only=} ;;
    --engines) engines=${2:?--engines needs a list}; shift ;;
    --engines=*) engines=${1#--engines=} ;;
    --check) check_only=1 ;;
    --keep-going) keep_going=1 ;;
    --report) report_only=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$self" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

for e in $engines; do
  case " $ALL_ENGINES " in
    *" $e "*) ;;
    *) echo "compare.sh: unknown engine '$e' (known: $ALL_ENGINES)" >&2; exit 2 ;;
  esac
done

die() { echo "compare.sh: $*" >&2; exit 1; }
command -v lua5.4 >/dev/null || die "lua5.4 is required (it defines the expected output)"
[ $check_only = 1 ] || command -v hyperfine >/dev/null || die "hyperfine is required"
[ $check_only = 1 ] || command -v python3 >/dev/null || die "python3 is required"

# The command line of engine $1 for program file $2 at size $3.
engine_cmd() {
  case $1 in
    vm) echo "$MOONLAB --engine=vm $2 $3" ;;
    reference) echo "$MOONLAB --engine=reference $2 $3" ;;
    lua5.4) echo "lua5.4 $2 $3" ;;
    luajit-joff) echo "luajit -joff $2 $3" ;;
    luajit) echo "luajit $2 $3" ;;
  esac
}

# Decide which engines are available; each unavailable one gets a note.
notes=()
active=()
for e in $engines; do
  case $e in
    vm|reference)
      if [ ! -x $MOONLAB ]; then
        die "$MOONLAB is missing: run \`cargo build --release\` first (this script builds nothing)"
      fi
      if probe=$(printf 'io.write("ok")' | $MOONLAB --engine=$e - 2>&1) && [ "$probe" = ok ]; then
        active+=("$e")
      else
        notes+=("skipped engine $e: not available ($(echo "$probe" | head -1))")
      fi ;;
    luajit|luajit-joff)
      if command -v luajit >/dev/null; then active+=("$e")
      else notes+=("skipped engine $e: luajit is not installed"); fi ;;
    *) active+=("$e") ;;
  esac
done
for n in "${notes[@]+"${notes[@]}"}"; do echo "NOTE: $n"; done
[ ${#active[@]} -gt 0 ] || die "no engine available"

raw=benches/results/raw/$size_kind
if [ $size_kind = small ]; then out_base=benches/results/wall-small; else out_base=benches/results/wall; fi
[ $check_only = 1 ] || mkdir -p "$raw"
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if ! git diff --quiet HEAD 2>/dev/null; then commit="$commit+dirty"; fi
stamp=$(date -u +%Y-%m-%dT%H:%MZ)
# Which moonlab binary is measured: others may rebuild it while this runs.
binary_id() {
  if [ -x $MOONLAB ]; then
    echo "$(sha256sum $MOONLAB | cut -c1-12)@$(date -u -r $MOONLAB +%Y-%m-%dT%H:%MZ)"
  else
    echo none
  fi
}
moonlab_id=$(binary_id)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

failed=()
found=0
while read -r -u 3 name small large flags; do
  case $name in ''|'#'*) continue ;; esac
  [ $report_only = 0 ] || { found=1; break; }
  [ -z "$only" ] || [ "$only" = "$name" ] || continue
  found=1
  file=benches/lua/$name.lua
  [ -f "$file" ] || die "$file is listed in sizes.txt but missing"
  if [ $size_kind = small ]; then size=$small; else size=$large; fi

  # engines for this program
  prog_engines=()
  for e in "${active[@]}"; do
    if [[ $e == luajit* && " ${flags:-} " == *" nojit "* ]]; then
      echo "NOTE: $name: skipping $e (program flagged nojit)"
      continue
    fi
    prog_engines+=("$e")
  done

  # 1. outputs
  echo "== $name $size: checking outputs"
  lua5.4 "$file" "$size" < /dev/null > "$tmp/expected" 2>&1 || die "$name: lua5.4 itself failed: $(cat "$tmp/expected")"
  ok=1
  for e in "${prog_engines[@]}"; do
    [ "$e" = lua5.4 ] && continue
    # shellcheck disable=SC2046
    if ! $(engine_cmd "$e" "$file" "$size") < /dev/null > "$tmp/got" 2>&1; then
      echo "MISMATCH: $name on $e: the run failed (exit status non-zero); its output:" >&2
      sed 's/^/    /' "$tmp/got" | head -20 >&2
      ok=0
    elif ! cmp -s "$tmp/expected" "$tmp/got"; then
      echo "MISMATCH: $name on $e: output differs from lua5.4 (- lua5.4, + $e):" >&2
      diff "$tmp/expected" "$tmp/got" | sed 's/^/    /' | head -40 >&2 || true
      ok=0
    fi
  done
  if [ $ok = 0 ]; then
    failed+=("$name")
    [ $keep_going = 1 ] || die "stopping at the first mismatch (use --keep-going to continue)"
    continue
  fi
  echo "   all ${#prog_engines[@]} engines agree: $(head -c 200 "$tmp/expected" | head -1)"
  [ $check_only = 1 ] && continue

  # 2. timing
  args=()
  for e in "${prog_engines[@]}"; do
    args+=(--command-name "$e" "$(engine_cmd "$e" "$file" "$size")")
  done
  hyperfine --warmup 1 --runs 3 -N --style basic --export-json "$raw/$name.json" "${args[@]}" < /dev/null
  echo "size=$size commit=$commit date=$stamp moonlab=$moonlab_id" > "$raw/$name.meta"
  if [ "$(binary_id)" != "$moonlab_id" ]; then
    notes+=("$MOONLAB changed during the run (was $moonlab_id, now $(binary_id)); results may mix builds")
    echo "WARNING: ${notes[-1]}" >&2
  fi
done 3< benches/lua/sizes.txt

[ $found = 1 ] || die "no program named '$only' in benches/lua/sizes.txt"

if [ $check_only = 0 ]; then
  note_text=$(printf '%s\n' "${notes[@]+"${notes[@]}"}")
  NOTES="$note_text" python3 - "$raw" "$out_base" "$size_kind" "$ALL_ENGINES" <<'PY'
import json, math, os, sys

raw, out_base, size_kind, all_engines = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split()
notes = [n for n in os.environ.get("NOTES", "").splitlines() if n.strip()]

programs = []
for line in open("benches/lua/sizes.txt"):
    f = line.split()
    if f and not f[0].startswith("#"):
        programs.append(f[0])

rows = []          # (program, size, {engine: mean}, meta)
for p in programs:
    path = os.path.join(raw, p + ".json")
    if not os.path.exists(path):
        continue
    data = json.load(open(path))
    means = {r["command"]: r["mean"] for r in data["results"]}
    meta = {}
    mpath = os.path.join(raw, p + ".meta")
    if os.path.exists(mpath):
        for kv in open(mpath).read().split():
            k, _, v = kv.partition("=")
            meta[k] = v
    rows.append((p, meta.get("size", "?"), means, meta))

engines = [e for e in all_engines if any(e in r[2] for r in rows)]
title = {"vm": "moonlab vm", "reference": "moonlab reference", "lua5.4": "lua5.4",
         "luajit-joff": "luajit -joff", "luajit": "luajit"}

def ratio(means, e):
    if e in means and "lua5.4" in means and means["lua5.4"] > 0:
        return means[e] / means["lua5.4"]
    return None

# ---------------------------------------------------------------- Markdown
md = []
md.append(f"# Wall time, {size_kind} sizes\n")
md.append("Generated by `benches/compare.sh` from `benches/results/raw/%s/`; do not edit. "
          "Each cell: mean wall time of 3 runs (after 1 warm-up) and, in parentheses, the "
          "ratio to lua5.4 (lower is faster).\n" % size_kind)
md.append("| program | size | " + " | ".join(title[e] for e in engines) + " |")
md.append("|---|---:|" + "---:|" * len(engines))
logs = {e: [] for e in engines}
for p, size, means, meta in rows:
    cells = []
    for e in engines:
        if e not in means:
            cells.append("–")
            continue
        r = ratio(means, e)
        if r is not None:
            logs[e].append(math.log(r))
            cells.append(f"{means[e]:.3f} s ({r:.2f}×)")
        else:
            cells.append(f"{means[e]:.3f} s")
    md.append(f"| {p} | {size} | " + " | ".join(cells) + " |")
geo = []
for e in engines:
    geo.append(f"**{math.exp(sum(logs[e]) / len(logs[e])):.2f}×**" if logs[e] else "–")
md.append("| geometric mean of ratios | | " + " | ".join(geo) + " |")
md.append("")
if notes:
    md.append("Notes:\n")
    for n in notes:
        md.append(f"- {n}")
    md.append("")
commits = sorted({r[3].get("commit", "?") for r in rows})
dates = sorted({r[3].get("date", "?") for r in rows})
binaries = sorted({r[3].get("moonlab", "?") for r in rows})
md.append(f"Measured at commit {', '.join(commits)}, {dates[0]}"
          + (f" to {dates[-1]}" if len(dates) > 1 else "")
          + f"; moonlab binary (sha256 prefix @ build time) {', '.join(binaries)}."
          + " A dash: not run (program flagged `nojit` for LuaJIT, or engine not selected).")
open(out_base + ".md", "w").write("\n".join(md) + "\n")

# ---------------------------------------------------------------- SVG bar chart
colors = {"vm": "#d62728", "reference": "#ff7f0e", "lua5.4": "#7f7f7f",
          "luajit-joff": "#1f77b4", "luajit": "#2ca02c"}
bar_engines = [e for e in engines if e != "lua5.4"]
vals = [ratio(m, e) for _, _, m, _ in rows for e in bar_engines]
vals = [v for v in vals if v]
lo = 10 ** math.floor(math.log10(min(vals + [1.0]) * 0.9))
hi = 10 ** math.ceil(math.log10(max(vals + [1.0]) * 1.1))
left, right, top, bar_h, gap = 170, 80, 70, 11, 10
plot_w = 640
group_h = max(1, len(bar_engines)) * bar_h + gap
height = top + len(rows) * group_h + 50 + 14 * len(notes)
width = left + plot_w + right

def x_of(v):
    v = min(max(v, lo), hi)
    return left + plot_w * (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
       f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
       f'<rect width="{width}" height="{height}" fill="white"/>',
       f'<text x="{left}" y="18" font-size="14" font-weight="bold">Wall time relative to '
       f'lua5.4 ({size_kind} sizes; log scale; lower is faster)</text>']
# legend
lx = left
for e in bar_engines:
    svg.append(f'<rect x="{lx}" y="28" width="12" height="12" fill="{colors[e]}"/>')
    svg.append(f'<text x="{lx + 16}" y="38">{esc(title[e])}</text>')
    lx += 16 + 7 * len(title[e]) + 18
# row stripes, then the grid (1, 2, 5 steps per decade) over them
plot_bottom = top + len(rows) * group_h
for i in range(0, len(rows), 2):
    svg.append(f'<rect x="0" y="{top + i * group_h - gap / 2}" width="{width}" '
               f'height="{group_h}" fill="#f4f4f4"/>')
d = lo
while d <= hi * 1.0001:
    for m in (1, 2, 5):
        v = d * m
        if v > hi * 1.0001:
            break
        x = x_of(v)
        strong = m == 1
        svg.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{plot_bottom}" '
                   f'stroke="{"#bbb" if strong else "#e5e5e5"}"/>')
        label = f"{v:g}×"
        svg.append(f'<text x="{x:.1f}" y="{plot_bottom + 14}" text-anchor="middle" '
                   f'fill="{"#333" if strong else "#888"}">{label}</text>')
    d *= 10
x1 = x_of(1.0)
svg.append(f'<line x1="{x1:.1f}" y1="{top - 10}" x2="{x1:.1f}" y2="{plot_bottom}" '
           f'stroke="#000" stroke-width="1.5"/>')
svg.append(f'<text x="{x1:.1f}" y="{top - 12}" text-anchor="middle">lua5.4 = 1</text>')
svg.append(f'<text x="{left + plot_w / 2:.0f}" y="{plot_bottom + 32}" text-anchor="middle">'
           f'time / lua5.4 time</text>')
for i, (p, size, means, _) in enumerate(rows):
    y0 = top + i * group_h
    svg.append(f'<text x="{left - 8}" y="{y0 + len(bar_engines) * bar_h / 2 + 4:.1f}" '
               f'text-anchor="end">{esc(p)}</text>')
    for j, e in enumerate(bar_engines):
        r = ratio(means, e)
        y = y0 + j * bar_h
        if r is None:
            svg.append(f'<text x="{x1 + 4:.1f}" y="{y + bar_h - 3:.1f}" font-size="9" '
                       f'fill="#999">{esc(title[e])}: not run</text>')
            continue
        xa, xb = sorted((x1, x_of(r)))
        svg.append(f'<rect x="{xa:.1f}" y="{y:.1f}" width="{max(xb - xa, 1):.1f}" '
                   f'height="{bar_h - 2}" fill="{colors[e]}"><title>{esc(p)} on '
                   f'{esc(title[e])}: {r:.2f}× lua5.4 ({means[e]:.3f} s)</title></rect>')
        tx = xb + 3 if r >= 1 else xa - 3
        anchor = "start" if r >= 1 else "end"
        svg.append(f'<text x="{tx:.1f}" y="{y + bar_h - 3:.1f}" text-anchor="{anchor}" '
                   f'font-size="9" fill="#333">{r:.2f}</text>')
for k, n in enumerate(notes):
    svg.append(f'<text x="10" y="{plot_bottom + 52 + 14 * k}" fill="#555">Note: {esc(n)}</text>')
svg.append("</svg>")
open(out_base + ".svg", "w").write("\n".join(svg) + "\n")
print(f"wrote {out_base}.md and {out_base}.svg ({len(rows)} programs)")
PY
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "compare.sh: output mismatches in: ${failed[*]}" >&2
  exit 1
fi
