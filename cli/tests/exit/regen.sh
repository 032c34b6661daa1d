#!/usr/bin/env bash
# Expected results of the os.exit scripts: NAME.stdout and NAME.status from lua5.4.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
for s in *.lua; do
  n=${s%.lua}
  status=0
  ${LUA:-lua5.4} "$s" >"$n.stdout" </dev/null || status=$?
  echo "$status" >"$n.status"
done
