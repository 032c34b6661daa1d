# debug.debug: a command per line on stdin until "cont", errors (through __tostring)
# reported on stderr, then the script goes on.
printf 'io.stderr:write(1000)\nx = 1 + nil\nprint("in debug")\nerror(setmetatable({}, {__tostring = function() return "TS" end}))\nlocal\ncont\nprint("not run")\n' |
  lua -e "debug.debug() print('after')"
echo "--- end of input also leaves it"
printf 'print(1)\n' | lua -e "debug.debug() print('after eof')"
