#!/usr/bin/env python3
"""The coverage table of papers/differential.md ("Reach") from an `llvm-cov export` JSON.

Usage: coverage_table.py REPO_ROOT EXPORT.json  (fuzz/coverage.sh runs it)

Lines covered per module, then the VM's opcode handlers (`define_ops!` in src/vm/ops.rs)
and the library functions (the `("name", function)` tables of src/stdlib/*.rs and
reference/src/stdlib/*.rs) whose entry count is zero. Functions are found by their
mangled names, which spell each path segment as <length><identifier>.
"""
import json
import os
import re
import sys
from collections import defaultdict

root, export = sys.argv[1], sys.argv[2]
root = os.path.realpath(root)
data = json.load(open(export))["data"][0]


def rel(path):
    path = os.path.realpath(path)
    return os.path.relpath(path, root) if path.startswith(root + "/") else None


# Rows, in order: (label, predicate on the path relative to the root).
def module_of(p):
    if p.startswith("src/syntax/"):
        return "front end (src/syntax)"
    for m in ("vm", "gc", "compiler", "api", "shared"):
        if p.startswith(f"src/{m}/"):
            return f"src/{m}"
    if p.startswith("src/stdlib/"):
        return "src/stdlib/" + os.path.basename(p)
    if p.startswith("reference/src/stdlib/"):
        return "reference/src/stdlib"
    if p.startswith("reference/src/"):
        return "reference (rest)"
    if p.startswith("tests/kit/"):
        return "test kit (generators, harness)"
    if p.startswith("src/"):
        return "src (other)"
    return None


lines = defaultdict(lambda: [0, 0])
for f in data["files"]:
    p = rel(f["filename"])
    if p is None:
        continue
    m = module_of(p)
    if m is None:
        continue
    s = f["summary"]["lines"]
    lines[m][0] += s["covered"]
    lines[m][1] += s["count"]

order = ["front end (src/syntax)", "src/compiler", "src/vm", "src/gc", "src/api", "src/shared"]
order += sorted(k for k in lines if k.startswith("src/stdlib/"))
order += ["reference (rest)", "reference/src/stdlib", "src (other)", "test kit (generators, harness)"]

print("| module | lines covered | lines | % |")
print("|---|---|---|---|")
tot = [0, 0]
for m in order:
    if m not in lines:
        continue
    c, n = lines[m]
    if not m.startswith("test kit"):
        tot[0] += c
        tot[1] += n
    print(f"| {m} | {c:,} | {n:,} | {100.0 * c / max(n, 1):.1f} |")
print(f"| **moonlab (all but the test kit)** | {tot[0]:,} | {tot[1]:,} | {100.0 * tot[0] / max(tot[1], 1):.1f} |")

# Thin files: the engines' and the compiler's files (not the libraries' own bindings,
# listed below by function) with more than 50 lines, under 60 % covered.
thin = []
for f in data["files"]:
    p = rel(f["filename"])
    if p is None or not (p.startswith("src/") or p.startswith("reference/src/")):
        continue
    if "/stdlib/" in p:
        continue
    s = f["summary"]["lines"]
    if s["count"] > 50 and s["covered"] < 0.6 * s["count"]:
        thin.append(f"`{p}` {100.0 * s['covered'] / s['count']:.0f} %")
print()
print("Files under 60 % (more than 50 lines; not the library bindings): " + ", ".join(sorted(thin)))

# Entry counts by mangled name (several binaries: the highest count).
counts = defaultdict(int)
for fn in data["functions"]:
    counts[fn["name"]] = max(counts[fn["name"]], fn["count"])


def seg(*parts):
    return "".join(f"{len(x)}{x}" for x in parts)


def reached(crate, *path):
    needle = seg(crate, *path)
    hits = [c for name, c in counts.items() if needle in name]
    return None if not hits else max(hits)


# Opcode handlers: `Op op_fn => {` in the define_ops! list.
ops_src = open(os.path.join(root, "src/vm/ops.rs")).read()
handlers = re.findall(r"^\s+([A-Z]\w*) (op_\w+) =>", ops_src, re.M)
never, missing = [], []
for op, fname in handlers:
    c = reached("moonlab", "vm", "ops", fname)
    if c is None:
        missing.append(op)
    elif c == 0:
        never.append(op)
print()
print(f"Opcodes never executed ({len(never)} of {len(handlers)} handlers): "
      + (", ".join(f"`{o}`" for o in never) or "none"))
if missing:
    print(f"(no coverage record for: {', '.join(missing)})")


def lib_functions(dirpath, crate):
    out = []
    for fname in sorted(os.listdir(dirpath)):
        if not fname.endswith(".rs"):
            continue
        mod = fname[:-3]
        src = open(os.path.join(dirpath, fname)).read()
        lib = "" if mod == "base" else mod + "."
        seen = set()
        for m in re.finditer(r'\(\s*"(\w+)",\s*(\w+)\s*\)', src):
            name, ident = m.groups()
            c = reached(crate, "stdlib", mod, ident)
            # Registration pairs name a function; ("x", value) pairs do not.
            if (c is None and not re.search(rf"\bfn {ident}\b", src)) or (name, ident) in seen:
                continue
            seen.add((name, ident))
            # io.rs: the file handles' methods and metamethods are the f_ functions.
            is_method = mod == "io" and (ident.startswith("f_") or name.startswith("__"))
            label = ("file:" + name) if is_method else lib + name
            out.append((label, c))
    return out


def group(label):
    for sep in (".", ":"):
        if sep in label:
            return label.split(sep)[0] + sep
    return "(base)"


for label, d, crate in (("VM", "src/stdlib", "moonlab"),
                        ("reference", "reference/src/stdlib", "moonlab_reference")):
    fns = [f for f in lib_functions(os.path.join(root, d), crate) if f[1] is not None]
    never = [n for n, c in fns if c == 0]
    print()
    print(f"{label} library functions never called: {len(never)} of {len(fns)}")
    print()
    groups = defaultdict(list)
    for n, c in fns:
        groups[group(n)].append((n, c))
    for g in sorted(groups):
        missed = [n for n, c in groups[g] if c == 0]
        if not missed:
            continue
        if len(missed) == len(groups[g]):
            print(f"- `{g}`: all {len(missed)}")
        else:
            print(f"- `{g}`: {len(missed)} of {len(groups[g])}: " + ", ".join(f"`{n}`" for n in missed))
