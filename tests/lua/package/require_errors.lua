-- require's errors: a missing module (with every place tried), a syntax error in the
-- module's file, an error raised while loading, bad arguments, and bad package fields.
package.path = "./mods/?.lua;./mods/?/init.lua;./nowhere/?.luac"
package.cpath = "./mods/?.so;./mods/lib/?/core.so"

local function try(...)
  local r = table.pack(pcall(...))
  if r[1] then
    print("ok", table.unpack(r, 2, r.n))
  else
    print("error", type(r[2]) == "table" and "table code " .. tostring(r[2].code) or r[2])
  end
end

try(require, "missing")
try(require, "missing.sub.mod")
try(function() return require("missing") end)

-- A syntax error in the file found.
try(require, "bad_syntax")
print("bad_syntax stored", package.loaded.bad_syntax)
try(function() local x = require("bad_syntax") return x end)

-- An error raised by the module while it runs: the module's own message.
try(require, "raises")
try(require, "raises")
print("raises", raises_loads, package.loaded.raises)
try(require, "raises_table")

-- A directory where the module file should be.
try(require, "dirmod")

-- Arguments.
try(require)
try(require, nil)
try(require, {})
try(function() return require(true) end)

-- package.path and package.cpath must be strings (numbers are converted).
local path, cpath = package.path, package.cpath
package.path = nil
try(require, "missing")
try(function() return require("missing") end)
package.path = 42
try(require, "missing")
package.path = path
package.cpath = {}
try(require, "missing")
package.cpath = cpath

-- package.searchers must be a table.
local searchers = package.searchers
package.searchers = "no"
try(require, "missing")
try(function() return require("missing") end)
package.searchers = searchers
-- (but a loaded module is returned before the searchers are looked at)
package.searchers = nil
print("loaded first", require("string") == string)
package.searchers = searchers

-- Empty templates are tried too.
package.path = ";./mods/?.lua;"
package.cpath = ""
try(require, "missing")
package.path, package.cpath = path, cpath

-- A module that cannot be found is not stored.
print("missing stored", package.loaded.missing)
