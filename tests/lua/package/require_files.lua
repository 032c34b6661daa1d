-- require finding Lua files on package.path: the loader's arguments, the second result,
-- caching in package.loaded, init.lua, dotted names, and what a module's result becomes.
package.path = "./mods/?.lua;./mods/?/init.lua"
package.cpath = "./mods/?.so"

local m, file = require("simple")
print("simple", type(m), m.name, file)
print("cached", require("simple") == m, package.loaded.simple == m)
print("cached results", select("#", require("simple")))

local pkg, pfile = require("pkgdir")
print("init.lua", pkg.name, pkg.loaded_as, pkg.file, pfile)
local sub, sfile = require("pkgdir.sub")
print("dotted", sub.name, sub.loaded_as, sub.file, sfile)
print("distinct", package.loaded["pkgdir.sub"] == sub, package.loaded.pkgdir == pkg)

-- A module that returns nothing: true is stored and returned.
print("nil module", require("returns_nil"))
print("nil module again", require("returns_nil"), nil_loads, package.loaded.returns_nil)

-- false is stored, and does not count as loaded.
print("false module", require("returns_false"))
print("false module again", require("returns_false"), false_loads)
print("false stored", package.loaded.returns_false)

-- Only the first result is kept.
print("many", require("returns_many"))
print("many stored", package.loaded.returns_many)

-- A module setting its own entry.
local s = require("sets_loaded")
print("sets loaded", type(s), s.set_by, package.loaded.sets_loaded == s)
print("sets and returns", require("sets_loaded_returns"), package.loaded.sets_loaded_returns)

-- A module requiring another one.
package.loaded.simple = nil
local n = require("nested")
print("nested", n.name, n.inner, package.loaded.simple ~= nil)

-- Clearing package.loaded[name] loads the module again.
print("counter", require("counter").loads)
print("counter cached", require("counter").loads)
package.loaded.counter = nil
print("counter reloaded", require("counter").loads)

-- A value put in package.loaded by hand is what require returns.
package.loaded.by_hand = "placed"
print("by hand", require("by_hand"))

-- A first line starting with '#' is skipped.
print("shebang", require("shebang"))

-- require is found through its upvalue, not the global 'package'.
local saved = package
package = nil
print("without global package", (require("counter").loads))
package = saved

-- The name can be a number: it is converted to a string.
package.preload["12"] = function(name, extra) return { name = name, t = math.type(name) or type(name), extra = extra } end
local twelve, extra = require(12)
print("number name", twelve.name, twelve.t, twelve.extra, extra, package.loaded["12"] == twelve)
