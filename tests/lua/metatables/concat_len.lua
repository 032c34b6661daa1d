-- __concat and __len.
local C = {}
C.__concat = function(a, b)
  local av = type(a) == "table" and a.s or tostring(a)
  local bv = type(b) == "table" and b.s or tostring(b)
  return setmetatable({s = av .. bv}, C)
end
local function cs(s) return setmetatable({s = s}, C) end
print("table .. table", (cs("a") .. cs("b")).s)
print("string .. table", ("x" .. cs("y")).s)
print("table .. number", (cs("n") .. 1).s)
print("chain", ("a" .. cs("b") .. "c" .. "d").s)

-- right associativity: the rightmost strings concatenate first
local log = {}
local L = setmetatable({}, {__concat = function(a, b)
  log[#log + 1] = (type(a) == "table" and "T" or a) .. "+" .. (type(b) == "table" and "T" or b)
  return "r"
end})
local r = "a" .. "b" .. L .. "c" .. "d"
print("assoc", r, table.concat(log, " | "))

-- __concat returning non-string
local N = setmetatable({}, {__concat = function() return 42 end})
print("non-string result", N .. "x", math.type(N .. "x"))

-- missing __concat
local plain = setmetatable({}, {})
print("no __concat", pcall(function() return "a" .. plain end))
print("number .. bool", pcall(function() return 1 .. false end))

-- __len
local sized = setmetatable({1, 2, 3}, {__len = function(t) return 42 end})
print("__len", #sized, rawlen(sized))
local strlen = setmetatable({}, {__len = function() return "long" end})
print("__len non-number", #strlen)
local args = {}
local L2 = setmetatable({}, {__len = function(a, b) args = {a, b}; return 0 end})
local _ = #L2
print("__len args", args[1] == L2, args[2] == L2)
-- __len used by table functions (luaL_len)
local proxy = setmetatable({}, {__len = function() return 3 end, __index = function(_, i) return "v" .. i end})
print("concat uses __len", table.concat(proxy, ","))
print("unpack uses __len", table.unpack(proxy))
local ins = setmetatable({}, {__len = function() return 10 end})
table.insert(ins, "x")
print("insert uses __len", rawget(ins, 11))
print("luaL_len non-integer", pcall(table.concat, setmetatable({}, {__len = function() return 1.5 end})))
print("luaL_len non-number", pcall(table.insert, setmetatable({}, {__len = function() return "x" end}), 1))
