-- Errors in finalizers do not propagate (they become warnings, which are off by default).
-- Only the explicit collections below collect, so what this prints does not depend on
-- when the collector would run by itself (the corpus also runs under --gc-stress).
collectgarbage("stop")
local log = {}
do
  setmetatable({}, {__gc = function() log[#log + 1] = "before error"; error("in finalizer") end})
  setmetatable({}, {__gc = function() log[#log + 1] = "other finalizer" end})
end
local ok = pcall(collectgarbage)
print("collect survives", ok)
table.sort(log)
print("both ran", table.concat(log, ", "))
-- a finalizer may allocate and call functions
local made
do setmetatable({}, {__gc = function() made = {} ; for i = 1, 100 do made[i] = tostring(i) end end}) end
collectgarbage()
print("allocating finalizer", #made)
-- finalizer for a table in a weak-valued cache
local cache = setmetatable({}, {__mode = "v"})
local finalized = 0
do
  for i = 1, 10 do cache[i] = setmetatable({}, {__gc = function() finalized = finalized + 1 end}) end
end
collectgarbage()
local left = 0
for _ in pairs(cache) do left = left + 1 end
print("cache finalized", finalized, left)
-- objects created inside finalizers with their own finalizers
local second = false
do
  setmetatable({}, {__gc = function()
    setmetatable({}, {__gc = function() second = true end})
  end})
end
collectgarbage()
collectgarbage()
print("finalizer created by finalizer ran", second)
-- __gc on a table that is also a weak table's key
local wk = setmetatable({}, {__mode = "k"})
do
  local k = setmetatable({}, {__gc = function() end})
  wk[k] = "v"
end
collectgarbage()
local c1 = 0
for _ in pairs(wk) do c1 = c1 + 1 end
collectgarbage()
local c2 = 0
for _ in pairs(wk) do c2 = c2 + 1 end
print("weak key with finalizer", c1, c2)
