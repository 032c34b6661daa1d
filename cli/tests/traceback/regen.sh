#!/bin/sh
# Writes each script's expected stderr (NAME.expected) and stdout (NAME.stdout) as lua5.4
# prints them, naming the program `moonlab`.
cd "$(dirname "$0")"
for f in *.lua; do
  lua5.4 "$f" 2>"${f%.lua}.expected.tmp" >"${f%.lua}.stdout"
  sed 's/^lua5\.4:/moonlab:/' "${f%.lua}.expected.tmp" > "${f%.lua}.expected"
  rm "${f%.lua}.expected.tmp"
done
