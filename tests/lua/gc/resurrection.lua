-- Objects resurrected by their finalizers: what survives, which weak entries go, and how
-- often finalizers run.
-- Only the explicit collections below collect, so what this prints does not depend on
-- when the collector would run by itself (the corpus also runs under --gc-stress).
collectgarbage("stop")
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local log = {}

-- 1. A finalizer stores its object in a global; the object and everything reachable only
--    from it survive, with their contents.
local wv = setmetatable({}, {__mode = "v"})   -- weak values
local wk = setmetatable({}, {__mode = "k"})   -- weak keys
local seen = {}
local gcmt = {__gc = function(o)
  log[#log + 1] = o.name
  seen[#seen + 1] = string.format("%s: weak value %s, child weak value %s, weak key %s, child weak key %s",
    o.name, tostring(wv.obj ~= nil), tostring(wv.child ~= nil),
    tostring(wk[o] ~= nil), tostring(wk[o.child] ~= nil))
  phoenix = o
end}
do
  local child = {data = {1, 2, 3}}
  local obj = setmetatable({name = "phoenix", child = child}, gcmt)
  wv.obj, wv.child = obj, child
  wk[obj], wk[child] = "obj", "child"
end
collectgarbage()
print("finalizer ran", table.concat(log, " "))
print(seen[1])
print("resurrected", phoenix.name, #phoenix.child.data, phoenix.child.data[3])
print("weak values after", wv.obj, wv.child, "weak keys after", count(wk), wk[phoenix], wk[phoenix.child])

-- 2. Without a new setmetatable the finalizer does not run again.
phoenix = nil
collectgarbage()
collectgarbage()
print("no second run", table.concat(log, " "), count(wk))

-- 3. setmetatable after the resurrection registers the object again (lua5.4 clears the
--    "to be finalized" mark before calling the finalizer).
log = {}
do setmetatable({name = "twice"}, gcmt) end
collectgarbage()
print("first collection", table.concat(log, " "), phoenix.name)
setmetatable(phoenix, gcmt)
phoenix = nil
collectgarbage()
print("after re-registering", table.concat(log, " "), phoenix and phoenix.name)
phoenix = nil
collectgarbage()
print("third collection", table.concat(log, " "), phoenix)

-- 4. A finalizer that registers its own object again runs once per collection.
local runs = 0
do
  local mt
  mt = {__gc = function(o)
    runs = runs + 1
    if runs < 3 then setmetatable(o, mt) end
  end}
  setmetatable({}, mt)
end
local after = {}
for i = 1, 5 do
  collectgarbage()
  after[i] = runs
end
print("self re-registering", table.concat(after, " "))

-- 5. Objects finalized in the same cycle: all finalizers run (newest registration first),
--    even when an earlier finalizer resurrects an object whose finalizer is still pending.
log = {}
local saved = {}
do
  local inner = setmetatable({name = "inner"}, {__gc = function(o)
    log[#log + 1] = o.name
  end})
  local outer = setmetatable({name = "outer", inner = inner}, {__gc = function(o)
    log[#log + 1] = o.name
    saved.outer = o
  end})
  setmetatable({name = "last"}, {__gc = function(o)
    log[#log + 1] = o.name .. " sees outer " .. tostring(saved.outer ~= nil)
  end})
end
collectgarbage()
print("same cycle", table.concat(log, ", "))
print("inner reachable again", saved.outer.inner.name)
log = {}
saved.outer = nil
collectgarbage()
print("nothing runs twice", #log)

-- 6. A resurrected object held only in weak tables afterwards is collected.
local later_v = setmetatable({}, {__mode = "v"})
local later_k = setmetatable({}, {__mode = "k"})
do setmetatable({name = "again"}, {__gc = function(o) later_v[1] = o; later_k[o] = true end}) end
collectgarbage()
print("stored in weak tables by its finalizer", later_v[1] and later_v[1].name, count(later_k))
collectgarbage()
print("then collected", later_v[1], count(later_k))
