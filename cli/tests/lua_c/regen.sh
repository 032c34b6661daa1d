#!/usr/bin/env bash
# Writes expected/NAME.stdout, NAME.stderr and NAME.status for every cases/NAME.sh as
# lua5.4 produces them. Each case is a bash script run in files/ that calls `lua`: here a
# wrapper running lua5.4 under the program name "lua", in the test (cli/tests/lua_c.rs) one
# running moonlab under the same name, so messages and `arg` are alike by construction. The
# only edit the test makes is the `-v` banner (lua5.4's replaced by moonlab's line).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LUA=${LUA:-$(command -v lua5.4)}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
printf '#!/usr/bin/env bash\nexec -a lua "%s" "$@"\n' "$LUA" >"$bin/lua"
chmod +x "$bin/lua"
mkdir -p "$here/expected"
for case in "$here"/cases/*.sh; do
  name=$(basename "$case" .sh)
  (
    cd "$here/files" &&
      env -u LUA_INIT -u LUA_INIT_5_4 -u LUA_PATH -u LUA_PATH_5_4 -u LUA_CPATH \
        -u LUA_CPATH_5_4 PATH="$bin:$PATH" bash "$case" \
        </dev/null >"$here/expected/$name.stdout" 2>"$here/expected/$name.stderr"
  )
  echo $? >"$here/expected/$name.status"
done
