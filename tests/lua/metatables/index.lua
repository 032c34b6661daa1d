-- __index with tables and functions, chains.
local defaults = {color = "red", size = 10}
local obj = setmetatable({size = 20}, {__index = defaults})
print("table index", obj.color, obj.size, obj.missing)
print("raw", rawget(obj, "color"))

local calls = {}
local fobj = setmetatable({}, {__index = function(t, k)
  calls[#calls + 1] = tostring(k)
  return k == "dyn" and "computed" or nil
end})
print("function index", fobj.dyn, fobj.other, fobj[1])
print("calls", table.concat(calls, ","))

-- chains
local a = {a = "from a"}
local b = setmetatable({b = "from b"}, {__index = a})
local c = setmetatable({c = "from c"}, {__index = b})
print("chain", c.a, c.b, c.c, c.d)

-- __index is not used for existing keys, even false
local f = setmetatable({flag = false}, {__index = function() return "meta" end})
print("existing false", f.flag, f.other)

-- __index receives the original table
local self_check
local base = setmetatable({}, {__index = function(t) self_check = t; return 1 end})
local _ = base.x
print("self passed", self_check == base)

-- __index on a chain of functions and tables
local deep = setmetatable({}, {__index = setmetatable({}, {__index = function(_, k) return "deep " .. k end})})
print("table then function", deep.key)

-- changing the metatable's __index later
local mt = {}
local late = setmetatable({}, mt)
print("before", late.x)
mt.__index = {x = "now"}
print("after", late.x)

-- __index for integer keys and ipairs
local arr = setmetatable({}, {__index = function(_, i) if type(i) == "number" and i <= 3 then return i end end})
print("integer keys", arr[1], arr[3], arr[4], #arr)

-- __index on non-table values through debug-free means: strings already use it
print("string __index", ("x").upper ~= nil)

-- __index loop (chain longer than limit) errors
local loop = {}
setmetatable(loop, {__index = loop})
print("index loop", pcall(function() return loop.x end))

-- __index with a non-table non-function value: indexing that value
local weird = setmetatable({}, {__index = "abc"})
print("string as __index", weird.len == string.len)
local bad = setmetatable({}, {__index = 5})
print("number as __index", pcall(function() return bad.x end))
