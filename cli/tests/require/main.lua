-- Run as `moonlab main.lua` from this directory with LUA_PATH and LUA_PATH_5_4 unset:
-- the default package.path ends with ./?.lua;./?/init.lua, so modules next to the script
-- are found.
local greet, file = require("greet")
print(greet("world"), file)
local lib, libfile = require("lib")
print(lib.name, libfile)
print(require("lib.part"), package.loaded["lib.part"])
print(require("greet") == greet)
