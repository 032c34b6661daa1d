#!/bin/sh
# Writes each script's expected stderr as lua5.4 prints it, naming the program `moonlab`.
cd "$(dirname "$0")"
for f in *.lua; do
  lua5.4 "$f" 2>&1 >/dev/null | sed 's/^lua5\.4:/moonlab:/' > "${f%.lua}.expected"
done
