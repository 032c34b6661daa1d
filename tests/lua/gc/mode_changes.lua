-- __mode and __gc changed after a table or object is in use. The collector reads __mode
-- each time it traverses a table, but __gc only when setmetatable registers the object.
-- Only the explicit collections below collect, so what this prints does not depend on
-- when the collector would run by itself (the corpus also runs under --gc-stress).
collectgarbage("stop")
local function keys(t)
  local r = {}
  for k in pairs(t) do r[#r + 1] = type(k) == "table" and k.name or tostring(k) end
  table.sort(r); return "[" .. table.concat(r, " ") .. "]"
end
local held = {}     -- strong references to the objects named "held..."
local function fill(t)
  local hk, hv = {name = "heldkey"}, {name = "heldvalue"}
  held[#held + 1], held[#held + 2] = hk, hv
  t[hk] = {name = "freevalue"}     -- reachable key, unreachable value
  t[{name = "freekey"}] = hv       -- unreachable key, reachable value
  t[{name = "bothfree"}] = {}      -- neither reachable
  t.str = {name = "strvalue"}      -- string key, unreachable value
end

-- 1. strong -> weak keys: a plain metatable gets __mode later.
local mt1 = {}
local t1 = setmetatable({}, mt1); fill(t1)
collectgarbage()
print("strong", keys(t1))
mt1.__mode = "k"
collectgarbage()
print("then k", keys(t1))

-- 2. weak values -> strong before any collection: nothing is removed.
local mt2 = {__mode = "v"}
local t2 = setmetatable({}, mt2); fill(t2)
mt2.__mode = nil
collectgarbage()
print("v then strong", keys(t2))
mt2.__mode = "v"
collectgarbage()
print("strong again v", keys(t2))

-- 3. "k" -> "v" and "v" -> "kv" between collections.
local mt3 = {__mode = "k"}
local t3 = setmetatable({}, mt3); fill(t3)
mt3.__mode = "v"
collectgarbage()
print("k then v", keys(t3))
fill(t3)
mt3.__mode = "kv"
collectgarbage()
print("then kv", keys(t3))

-- 4. __mode added to a metatable that already has other metamethods and was used.
local mt4 = {__index = function(_, k) return "default " .. k end}
local t4 = setmetatable({}, mt4); fill(t4)
print("used", t4.missing, rawget(t4, "missing"))
mt4.__mode = "k"
collectgarbage()
print("__index then k", keys(t4), t4.missing)

-- 5. Replacing or removing the metatable of a table with entries.
local t5 = {}; fill(t5)
setmetatable(t5, {__mode = "k"})
collectgarbage()
print("setmetatable k later", keys(t5))
local t6 = setmetatable({}, {__mode = "kv"}); fill(t6)
setmetatable(t6, nil)
collectgarbage()
print("metatable removed", keys(t6))

-- 6. One metatable shared by two tables: changing it changes both.
local shared = {}
local ta, tb = setmetatable({}, shared), setmetatable({}, shared)
fill(ta); fill(tb)
shared.__mode = "v"
collectgarbage()
print("shared", keys(ta), keys(tb))

-- 7. __mode values that hold no 'k' or 'v' (or are not strings) leave the table strong.
for _, mode in ipairs({"", "x", 1, true, "Kv", "vK", "kk"}) do
  local t = setmetatable({}, {__mode = mode}); fill(t)
  collectgarbage()
  print("mode", tostring(mode), keys(t))
end

-- 8. __gc: present at setmetatable (registered) vs added afterwards (not registered);
--    for a registered object the finalizer is looked up when it runs.
local log = {}
local function note(name) return function() log[#log + 1] = name end end
do
  local late = {}
  setmetatable({}, late); late.__gc = note("added after")
  setmetatable({}, {__gc = note("set before")})
  local changed = {__gc = note("original")}
  setmetatable({}, changed); changed.__gc = note("replaced")
  local removed = {__gc = note("removed")}
  setmetatable({}, removed); removed.__gc = nil
end
collectgarbage()
print("__gc", table.concat(log, ", "))

-- 9. Registration belongs to the object: a second setmetatable after __gc was added
--    registers it; swapping to a metatable without __gc keeps it registered but the
--    finalizer found at collection time is used; registering twice runs it once.
log = {}
do
  local mt = {}
  local o = setmetatable({}, mt)
  mt.__gc = note("second setmetatable")
  setmetatable(o, mt)
  setmetatable(setmetatable({}, {__gc = note("swapped away")}), {})
  local q = setmetatable({}, {__gc = note("swapped back")})
  setmetatable(q, {})
  setmetatable(q, {__gc = note("swapped back, new")})
  local twice = {__gc = note("registered twice")}
  setmetatable(setmetatable({}, twice), twice)
end
collectgarbage()
collectgarbage()
print("registration", table.concat(log, ", "))
