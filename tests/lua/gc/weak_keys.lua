-- Weak-keyed tables: entries vanish when keys become unreachable.
-- Only the explicit collections below collect, so what this prints does not depend on
-- when the collector would run by itself (the corpus also runs under --gc-stress).
collectgarbage("stop")
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local weak = setmetatable({}, {__mode = "k"})
local keep = {}
do
  for i = 1, 5 do
    local k = {}
    weak[k] = i
    if i % 2 == 0 then keep[#keep + 1] = k end
  end
end
print("before", count(weak))
collectgarbage()
print("after collect", count(weak))
local vals = {}
for _, k in ipairs(keep) do vals[#vals + 1] = weak[k] end
print("kept values", table.concat(vals, ","))
keep = nil
collectgarbage()
print("after dropping refs", count(weak))

-- non-collectable keys are never removed
local weak2 = setmetatable({}, {__mode = "k"})
weak2[1] = "number"
weak2["str"] = "string"
weak2[true] = "boolean"
weak2[2.5] = "float"
do weak2[("dyn"):rep(3)] = "dynamic string" end
collectgarbage()
print("primitive keys", count(weak2), weak2.dyndyndyn)

-- functions and coroutines as keys are collectable too
local weak3 = setmetatable({}, {__mode = "k"})
do
  weak3[function() end] = 1
  weak3[coroutine.create(function() end)] = 2
end
local f = function() end
weak3[f] = 3
collectgarbage()
print("function keys", count(weak3), weak3[f])

-- strong values do not keep their weak key alive... unless the value refers to the key (ephemeron)
local eph = setmetatable({}, {__mode = "k"})
do
  for i = 1, 3 do
    local k = {}
    eph[k] = {back = k, i = i}     -- value refers to its own key
  end
end
collectgarbage()
print("ephemeron self-reference removed", count(eph))
-- a chain: value of one entry is key of another
local chain = setmetatable({}, {__mode = "k"})
local head = {}
do
  local a, b = {}, {}
  chain[head] = a
  chain[a] = b
  chain[b] = "end"
end
collectgarbage()
print("chain reachable from head", count(chain))
head = nil
collectgarbage()
print("chain after dropping head", count(chain))
