-- package.preload and package.searchers: what a searcher may return, the loader's
-- arguments, the loader data as require's second result, and searchers replaced.
package.path = "./mods/?.lua"
package.cpath = "./mods/?.so"

local function try(...)
  local r = table.pack(pcall(...))
  print(table.unpack(r, 1, r.n))
end

-- preload: the loader gets the name and ":preload:".
package.preload.pre = function(...)
  print("pre loader", ...)
  return { "pre" }
end
local pre, data = require("pre")
print("preload", pre[1], data)
print("preload cached", require("pre") == pre)
package.preload["pre.nil"] = function() end
print("preload nil", require("pre.nil"))
-- Something other than a function in preload is a loader that cannot be called.
package.preload.notfn = 42
try(require, "notfn")

-- preload is searched before package.path.
package.preload.simple = function() return "simple from preload" end
print("preload first", require("simple"))
package.preload.simple = nil
package.loaded.simple = nil

-- The preload searcher reads the registry's table: replacing package.preload changes
-- nothing for it.
local preload = package.preload
package.preload = { replaced = function() return "never" end }
try(require, "replaced")
package.preload = preload

-- A searcher of our own, first: returns a loader and its data.
local calls = {}
table.insert(package.searchers, 1, function(name, more)
  calls[#calls + 1] = name .. ":" .. tostring(more)
  if name == "custom" then
    return function(n, extra)
      print("custom loader", n, type(extra), extra.tag)
      return "custom module"
    end, { tag = "extra data" }
  elseif name == "custom.str" then
    return "custom searcher: no " .. name
  elseif name == "custom.num" then
    return 7.5
  elseif name == "custom.int" then
    return 12
  elseif name == "custom.table" then
    return { "not a loader" }
  elseif name == "custom.true" then
    return true, "ignored"
  elseif name == "custom.nodata" then
    return function(n, extra) print("nodata loader", n, extra) return nil end
  end
end)
local c, cdata = require("custom")
print("custom", c, type(cdata), cdata.tag)
print("searcher calls", table.concat(calls, " "))
print("custom nodata", require("custom.nodata"))
print("nodata results", select("#", require("custom.nodata")))
package.loaded["custom.nodata"] = nil
print("nodata first results", select("#", require("custom.nodata")))
try(require, "custom.str")
try(require, "custom.num")
try(require, "custom.int")
try(require, "custom.table")
try(require, "custom.true")
table.remove(package.searchers, 1)

-- A searcher that raises: the error goes through require.
table.insert(package.searchers, 1, function(name) error("searcher failed for " .. name) end)
try(require, "anything")
table.remove(package.searchers, 1)

-- A searcher that is not a function.
table.insert(package.searchers, 1, "not callable")
try(require, "anything")
table.remove(package.searchers, 1)

-- A replaced searchers table, with only our searchers; a hole ends the list.
local saved = package.searchers
package.searchers = {
  function(name) return "first: " .. name end,
  function() end,
  function(name) return "third: " .. name end,
  nil,
  function() return function() return "after the hole" end end,
}
try(require, "x")
package.searchers = {}
try(require, "x")
package.searchers = { package.searchers }
try(require, "x")
package.searchers = saved

-- The standard searchers called directly.
print(saved[1]("nothing"))
print(saved[2]("nothing"))
print(saved[3]("nothing"))
print(saved[4]("nothing"))
print(select("#", saved[4]("nothing")))
print(saved[4]("no.thing"))
local loader, file = saved[2]("simple")
print(type(loader), file)
print("run loader", loader("via searcher", file).name)
print(pcall(saved[2]))
print(pcall(saved[1], {}))

-- package.loadlib's arguments are checked.
print(pcall(package.loadlib))
print(pcall(package.loadlib, "x"))
