-- __newindex with functions and tables.
local log = {}
local t = setmetatable({}, {__newindex = function(tbl, k, v)
  log[#log + 1] = tostring(k) .. "=" .. tostring(v)
  rawset(tbl, k, v)
end})
t.a = 1
t.b = 2
t.a = 3      -- existing key: no metamethod
print("log", table.concat(log, " "), t.a, t.b)

-- __newindex table redirects assignment
local store = {}
local proxy = setmetatable({}, {__newindex = store, __index = store})
proxy.x = 10
print("redirect", rawget(proxy, "x"), store.x, proxy.x)

-- read-only table
local function readonly(src)
  return setmetatable({}, {__index = src, __newindex = function(_, k) error("attempt to modify read-only field " .. tostring(k), 2) end})
end
local ro = readonly({v = 1})
print("read-only read", ro.v)
print("read-only write", pcall(function() ro.v = 2 end))

-- existing keys with nil value do trigger __newindex
local cnt = 0
local n = setmetatable({}, {__newindex = function(tb, k, v) cnt = cnt + 1; rawset(tb, k, v) end})
n.k = 1
n.k = nil
n.k = 2
print("after nil reassign", cnt)

-- chain of __newindex tables
local final = {}
local mid = setmetatable({}, {__newindex = final})
local top = setmetatable({}, {__newindex = mid})
top.z = "chained"
print("chain", rawget(top, "z"), rawget(mid, "z"), final.z)

-- rawset bypasses
local guarded = setmetatable({}, {__newindex = function() error("blocked") end})
rawset(guarded, "ok", true)
print("rawset bypass", guarded.ok)
print("blocked", pcall(function() guarded.no = true end))

-- __newindex with integer keys (table.insert uses it)
local ints = {}
local arr = setmetatable({}, {__newindex = function(tb, k, v) ints[#ints + 1] = k; rawset(tb, k, v) end})
arr[1] = "a"; arr[2] = "b"; arr[1] = "c"
print("int keys", table.concat(ints, ","), arr[1])

-- __newindex loop errors
local loop = {}
setmetatable(loop, {__newindex = loop})
print("newindex loop", pcall(function() loop.x = 1 end))

-- __newindex with a non-table value
local bad = setmetatable({}, {__newindex = 42})
print("number as __newindex", pcall(function() bad.x = 1 end))
