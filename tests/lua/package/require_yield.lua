-- A module's body runs under require, a C function that calls the loader without a
-- continuation (lua_call): inside it a coroutine cannot yield, and isyieldable says so.

package.preload.tries = function(name)
  local yieldable = coroutine.isyieldable()
  local ok, err = pcall(coroutine.yield, "from the body")
  return { yieldable = yieldable, ok = ok, err = err }
end

local co = coroutine.create(function()
  print("before require, yieldable", coroutine.isyieldable())
  local m = require("tries")
  print("body: yieldable", m.yieldable, "yield ok", m.ok, m.err)
  print("after require, yieldable", coroutine.isyieldable())
  coroutine.yield("after")
  return "done"
end)
print(coroutine.resume(co))
print(coroutine.resume(co))
print(coroutine.status(co))

-- A yield that is not caught inside the body ends the coroutine with the error.
package.preload.yields = function() coroutine.yield("escape") end
local co2 = coroutine.wrap(function() return require("yields") end)
print(pcall(co2))
print("yields cached", package.loaded.yields)

-- A coroutine created and resumed inside a module body yields freely.
package.preload.inner = function()
  local c = coroutine.wrap(function() coroutine.yield(1); coroutine.yield(2) end)
  return { c(), c() }
end
local t = require("inner")
print("inner", t[1], t[2])

-- require inside a coroutine inside a module body.
package.preload.outer = function()
  local c = coroutine.create(function() return require("tries").ok end)
  return { coroutine.resume(c) }
end
local o = require("outer")
print("outer", o[1], o[2])

-- The module's error and traceback pass through require.
package.preload.fails = function() local x = nil; return x.field end
local ok, err = pcall(require, "fails")
print("fails", ok, err)
print((select(2, xpcall(require, debug.traceback, "fails")):gsub("\n[^\n]*%[C%]: in %?", "")))
