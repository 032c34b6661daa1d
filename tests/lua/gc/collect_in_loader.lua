-- Garbage made while `require` runs a loader (a module's body) is collected as it is
-- made, as it is at the top level: a big program whose work runs inside a module body
-- (a test runner, a command-line tool's main module) must not keep every object.

local function churn(limit)
  local collected = false
  setmetatable({}, { __gc = function() collected = true end })
  local n = 0
  while not collected and n < limit do
    local t = { n, tostring(n) }
    n = n + 1
  end
  return collected
end

print("top level", churn(5000000))

package.preload.churn = function(name, data)
  return { collected = churn(5000000), name = name, data = data }
end
local m, data = require("churn")
print("inside require", m.collected, m.name, data, m.data)
print("cached", package.loaded.churn == m, require("churn") == m)

-- A loader that returns nothing: require stores and returns true.
package.preload.nothing = function() local x = churn(10) end
print("nothing", require("nothing"), package.loaded.nothing)
-- A loader that returns false: stored false is replaced by true (lua5.4's loadlib.c).
package.preload.nope = function() return false end
print("false", require("nope"), package.loaded.nope)
-- A loader that sets package.loaded itself and returns nil.
package.preload.self = function(name) package.loaded[name] = "set by loader" end
print("self", require("self"))
-- A failing loader leaves nothing in package.loaded.
package.preload.bad = function() error("loader failed") end
print("bad", pcall(require, "bad"))
print("bad cached", package.loaded.bad)
