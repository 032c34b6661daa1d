#!/usr/bin/env python3
"""Prints papers/README.md's headline table (ratios to lua5.4) from benches/results/wall.md.

usage: benches/headline_table.py [path/to/wall.md]
"""
import re
import sys

RATIO = re.compile(r"\(([\d.]+)×\)|\*\*([\d.]+)×\*\*")


def ratio(cell):
    m = RATIO.search(cell)
    return (m.group(1) or m.group(2)) if m else "–"


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "benches/results/wall.md"
    print("| program | moonlab VM | lua5.4 | luajit -joff | luajit |")
    print("|---|---:|---:|---:|---:|")
    for line in open(path, encoding="utf-8"):
        if not line.startswith("| ") or "×" not in line:
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        ratios = [ratio(c) for c in cells[2:]]
        if cells[0].startswith("geometric"):
            print("| **geometric mean** | " + " | ".join(f"**{r}**" for r in ratios) + " |")
        else:
            print(f"| {cells[0]} | " + " | ".join(ratios) + " |")


if __name__ == "__main__":
    main()
