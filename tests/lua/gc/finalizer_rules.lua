-- The rules of __gc and weak tables around a collection, each observable by what it prints.
-- Only the explicit collections below collect, so what this prints does not depend on
-- when the collector would run by itself (the corpus also runs under --gc-stress).
collectgarbage("stop")

-- 1. Finalizers run in reverse order of registration (setmetatable with __gc).
local order = {}
do
  for i = 1, 4 do
    setmetatable({}, {__gc = function() order[#order + 1] = i end})
  end
end
collectgarbage()
print("reverse order", table.concat(order, " "))

-- 2. Only a metatable that has __gc when setmetatable is called registers the object.
local late = {}
local mt = {}
do
  setmetatable({}, mt)
  mt.__gc = function() late[#late + 1] = "late" end
end
collectgarbage()
print("added after setmetatable", #late)

-- 3. Weak values pointing to an object being finalized are cleared before the finalizer
--    runs; weak keys only after (the entry is still there while the finalizer runs).
local wv = setmetatable({}, {__mode = "v"})
local wk = setmetatable({}, {__mode = "k"})
local seen = {}
do
  local obj = setmetatable({}, {__gc = function(o)
    seen.value_entry = wv[1] ~= nil
    seen.key_entry = wk[o] ~= nil
  end})
  wv[1] = obj
  wk[obj] = true
end
collectgarbage()
print("in finalizer: weak value kept", seen.value_entry, "weak key kept", seen.key_entry)
local n = 0
for _ in pairs(wk) do n = n + 1 end
print("weak key entry after the finalizer's cycle", n)
collectgarbage()
n = 0
for _ in pairs(wk) do n = n + 1 end
print("weak key entry one cycle later", n)

-- 4. Resurrection: a finalizer that stores its object keeps it alive; the finalizer does
--    not run again.
local saved
local runs = 0
do
  setmetatable({name = "phoenix"}, {__gc = function(o) runs = runs + 1 saved = o end})
end
collectgarbage()
print("resurrected", saved and saved.name, runs)
saved = nil
collectgarbage()
collectgarbage()
print("finalizer runs", runs)

-- 5. Ephemerons: an entry whose value refers to its own key goes away with the key, also
--    through a chain of ephemeron tables.
local e1 = setmetatable({}, {__mode = "k"})
local e2 = setmetatable({}, {__mode = "k"})
local anchor = {}
do
  local a, b = {}, {}
  e1[a] = {a}
  e2[b] = {b}
  e1[anchor] = a
  e2[a] = b
end
collectgarbage()
local c1, c2 = 0, 0
for _ in pairs(e1) do c1 = c1 + 1 end
for _ in pairs(e2) do c2 = c2 + 1 end
print("ephemeron chain kept", c1, c2)
e1[anchor] = nil
collectgarbage()
c1, c2 = 0, 0
for _ in pairs(e1) do c1 = c1 + 1 end
for _ in pairs(e2) do c2 = c2 + 1 end
print("ephemeron chain dropped", c1, c2)

-- 6. Strings and numbers are never removed from weak tables.
local ws = setmetatable({}, {__mode = "kv"})
ws["key" .. 1] = "value" .. 2
ws[1] = 2.5
collectgarbage()
print("strings and numbers stay", ws.key1, ws[1])

-- 7. Errors in finalizers do not stop the program (they are warnings, off by default).
do setmetatable({}, {__gc = function() error("boom") end}) end
collectgarbage()
print("after failing finalizer", "still running")

-- 8. Objects still reachable at the end are finalized when the state closes.
keep_until_close = setmetatable({}, {__gc = function() print("finalized at close") end})
print("end of script")
