-- __gc finalizers: run on collection, reverse order, resurrection, registration rules.
local log = {}
local function obj(name)
  return setmetatable({name = name}, {__gc = function(o) log[#log + 1] = o.name end})
end
do
  local a, b, c = obj("a"), obj("b"), obj("c")
end
collectgarbage()
print("reverse order", table.concat(log, " "))

-- reachable objects are not finalized
log = {}
local alive = obj("alive")
do local dead = obj("dead") end
collectgarbage()
print("only unreachable", table.concat(log, " "))

-- __gc added after setmetatable: not registered
log = {}
do
  local mt = {}
  local late = setmetatable({name = "late"}, mt)
  mt.__gc = function(o) log[#log + 1] = o.name end
end
collectgarbage()
print("late __gc ignored", #log)

-- a __gc field present at setmetatable time (even a placeholder) registers the object
log = {}
do
  local mt = {__gc = true}
  local early = setmetatable({name = "early"}, mt)
  mt.__gc = function(o) log[#log + 1] = o.name end
end
collectgarbage()
print("placeholder registers", table.concat(log, " "))

-- resurrection: the finalizer stores the object somewhere reachable
saved = nil
do
  setmetatable({name = "phoenix"}, {__gc = function(o) saved = o end})
end
collectgarbage()
print("resurrected", saved and saved.name)
-- the finalizer does not run again for the resurrected object
local runs = 0
do
  setmetatable({}, {__gc = function(o) runs = runs + 1; saved2 = o end})
end
collectgarbage()
saved2 = nil
collectgarbage()
collectgarbage()
print("finalizer runs once", runs)

-- setting the metatable again re-registers
runs = 0
local gcmt = {__gc = function(o) runs = runs + 1; if runs == 1 then keepme = o end end}
do setmetatable({}, gcmt) end
collectgarbage()
setmetatable(keepme, gcmt)
keepme = nil
collectgarbage()
print("re-registered", runs)

-- finalizer sees the object's fields intact
local fields
do setmetatable({x = 1, y = {z = 2}}, {__gc = function(o) fields = o.x + o.y.z end}) end
collectgarbage()
print("fields intact", fields)

-- weak table entry of a finalized object: removed from weak values before finalizer, keys after
local wk = setmetatable({}, {__mode = "k"})
local wv = setmetatable({}, {__mode = "v"})
local seen_in_wk, seen_in_wv
do
  local o = setmetatable({}, {__gc = function(o) seen_in_wk = wk[o] ~= nil; seen_in_wv = wv[1] ~= nil end})
  wk[o] = true
  wv[1] = o
end
collectgarbage()
print("weak entries during finalizer", seen_in_wk, seen_in_wv)
