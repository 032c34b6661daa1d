#!/usr/bin/env lua5.4
-- A first line starting with '#' is skipped, as luaL_loadfile skips it.
return "shebang skipped"
