-- Keys of emptied entries are not traced: after a collection they are "dead keys" that
-- lookups never compare by content and that `next` still finds by identity.

-- A removed long-string key is freed; an equal string inserted later is a new key.
local t = {}
do
  local k = string.rep("x", 100)
  t[k] = 1
  t[k] = nil
end
collectgarbage(); collectgarbage()
local keep = {}
for i = 1, 1000 do keep[i] = string.rep("x", 99) .. "y" end
t[string.rep("x", 100)] = 2
print("reinserted", t[string.rep("x", 100)])
local n = 0
for _ in pairs(t) do n = n + 1 end
print("entries", n)

-- Clearing every field during a traversal, with collections in between.
local u = {}
for i = 1, 100 do u[{}] = i; u["s" .. i] = i; u[string.rep("L", 50) .. i] = i end
local seen = 0
for k in pairs(u) do
  u[k] = nil
  collectgarbage()
  seen = seen + 1
end
print("traversed", seen, next(u))

-- The same in a weak-values table, and in an ephemeron table.
for _, mode in ipairs({"v", "k"}) do
  local x = setmetatable({}, {__mode = mode})
  local key = {}
  x[key] = {}
  x["long" .. string.rep("-", 60)] = {}
  x[key] = nil
  collectgarbage()
  local c = 0
  for _ in pairs(x) do c = c + 1 end
  print("mode", mode, c)
end
