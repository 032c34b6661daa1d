-- Field assignments that insert new keys, and the metatable's cache of absent
-- metamethods: a `__newindex` (or `__index`) added after the cache said "absent" must
-- be seen, whichever way the field was stored (SETFIELD, SETTABLE, rawset); and the
-- same for `__len` and LEN.

local log = {}
local function note(...) log[#log + 1] = table.concat({...}, " ") end

-- 1. Objects filled through SETFIELD while their metatable has no __newindex, then the
--    metatable gains one through SETFIELD (a new key in a table without metatable).
local mt = {}
local a = setmetatable({}, mt)
a.x = 1            -- absent: looks up __newindex, caches its absence
a.y = 2
mt.__newindex = function(t, k, v) note("newindex", k, v); rawset(t, k, v * 10) end
a.z = 3            -- must call the new __newindex
a.x = 4            -- existing: plain store
print(a.x, a.y, a.z)

-- 2. The same through SETTABLE with a string key in a register.
local mt2 = {}
local b = setmetatable({}, mt2)
local k1, k2 = "p", "q"
b[k1] = 1
local name = "__new" .. "index"
mt2[name] = function(t, k, v) note("newindex2", k, v) end
b[k2] = 2
print(b.p, b.q)

-- 3. A table that is its own metatable.
local selfmt = {}
setmetatable(selfmt, selfmt)
selfmt.a = 1
selfmt.b = 2
selfmt.__newindex = function(t, k, v) note("self", k, v) end
selfmt.c = 3
print(selfmt.a, selfmt.b, rawget(selfmt, "c"))

-- 4. A key assigned nil keeps its slot for a while; setting it again with a __newindex
--    present must call it (the key is absent as far as Lua is concerned).
local mt4 = { __newindex = function(t, k, v) note("revive", k, v) end }
local c = { f = 1, g = 2 }
setmetatable(c, mt4)
c.f = nil          -- existing key: raw store of nil
c.f = 5            -- absent now: __newindex
c.g = 6            -- present: plain store
print(rawget(c, "f"), c.g)

-- 5. A metatable's __index added after the absence was cached (through a field store
--    into the metatable, which has room for it).
local mt5 = {}
local d = setmetatable({}, mt5)
print(d.missing)   -- caches: no __index
mt5.__index = { missing = "found" }
print(d.missing)
mt5.__index = nil
print(d.missing)
mt5.__index = function(_, k) return "fn:" .. k end
print(d.missing)

-- 6. Assigning nil to an absent field stores nothing; the table stays empty.
local e = {}
e.nothing = nil
print(next(e))
local e2 = setmetatable({}, { __newindex = function(_, k) note("nil-assign", k) end })
e2.nothing = nil
print(next(e2))

-- 7. Many new fields: the hash part grows past its room several times, with and
--    without a metatable that has no __newindex; traversal order stays the same as lua5.4's.
local big = setmetatable({}, {})
local plain = {}
for i = 1, 40 do
  local key = "k" .. i
  big[key] = i
  plain[key] = i * 2
end
local sum1, sum2, n = 0, 0, 0
for k, v in pairs(big) do sum1 = sum1 + v; n = n + 1 end
for k, v in pairs(plain) do sum2 = sum2 + v end
print(n, sum1, sum2)

-- 8. Constructors with fields, then more fields added later.
local v = { x = 1, y = 2, z = 3 }
v.w = 4
v.x = 10
local keys = {}
for k in pairs(v) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, ","), v.x + v.y + v.z + v.w)

-- 9. `#` on a table whose metatable gains a __len after its absence was cached.
local mt9 = {}
local f = setmetatable({ 1, 2, 3 }, mt9)
print(#f)          -- caches: no __len
mt9.__len = function() return 42 end
print(#f)
mt9.__len = nil
f[4] = 4
print(#f)

for _, line in ipairs(log) do print(line) end
