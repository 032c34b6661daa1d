-- Weak-valued tables and __mode "kv".
-- Only the explicit collections below collect, so what this prints does not depend on
-- when the collector would run by itself (the corpus also runs under --gc-stress).
collectgarbage("stop")
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local cache = setmetatable({}, {__mode = "v"})
local strong = {}
do
  for i = 1, 6 do
    local v = {id = i}
    cache[i] = v
    if i <= 2 then strong[i] = v end
  end
end
print("before", count(cache))
collectgarbage()
print("after", count(cache), cache[1].id, cache[2].id, cache[3])

-- strings, numbers and booleans as weak values are never removed
local prim = setmetatable({}, {__mode = "v"})
prim.a = "literal"
prim.b = 42
prim.c = true
prim.d = 3.5
do prim.e = ("x"):rep(50) end
collectgarbage()
print("primitive values", count(prim), #prim.e)

-- "kv": either side unreachable removes the entry
local both = setmetatable({}, {__mode = "kv"})
local k1, v2 = {}, {}
do
  both[k1] = {}          -- value unreachable
  both[{}] = v2          -- key unreachable
  both.s = "strings stay"
end
local k3, v3 = {}, {}
both[k3] = v3            -- both reachable
collectgarbage()
print("kv", count(both), both[k3] == v3, both.s)

-- a weak-valued cache refills after collection
local memo = setmetatable({}, {__mode = "v"})
local created = 0
local function get(key)
  local v = memo[key]
  if not v then created = created + 1; v = {key = key}; memo[key] = v end
  return v
end
do
  get("a"); get("a"); get("b")
end
collectgarbage()
do get("a") end
print("cache refills", created)

-- mode string with other characters still works
local odd = setmetatable({}, {__mode = "vk"})
do odd[{}] = 1 end
collectgarbage()
print("mode vk", count(odd))
