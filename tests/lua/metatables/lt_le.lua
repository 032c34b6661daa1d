-- __lt and __le (including comparison operand swapping).
local log = {}
local M = {}
M.__lt = function(a, b) log[#log + 1] = "lt"; return a.v < b.v end
M.__le = function(a, b) log[#log + 1] = "le"; return a.v <= b.v end
local function mk(v) return setmetatable({v = v}, M) end
local one, two = mk(1), mk(2)
print("lt", one < two, two < one, one < one)
print("gt swaps", two > one, one > two)
print("le", one <= two, two <= one, one <= mk(1))
print("ge swaps", two >= one, one >= two)
print("log", table.concat(log, ","))

-- only __lt: lua5.4.4 (built with LUA_COMPAT_LT_LE) still derives a <= b as not (b < a)
local ltlog = {}
local OnlyLt = {__lt = function(a, b) ltlog[#ltlog + 1] = a.v .. "<" .. b.v; return a.v < b.v end}
local x, y = setmetatable({v = 1}, OnlyLt), setmetatable({v = 2}, OnlyLt)
print("only lt", x < y, x <= y, y <= x, x >= y)
print("only lt log", table.concat(ltlog, " "))

-- mixed with numbers
local N = {__lt = function(a, b)
  local av = type(a) == "table" and a.v or a
  local bv = type(b) == "table" and b.v or b
  return av < bv
end, __le = function(a, b)
  local av = type(a) == "table" and a.v or a
  local bv = type(b) == "table" and b.v or b
  return av <= bv
end}
local five = setmetatable({v = 5}, N)
print("with numbers", five < 10, 1 < five, five <= 5, 6 <= five, five > 4)
print("with strings", pcall(function() return five < "x" end))

-- result converted to boolean
local R = {__lt = function() return "truthy" end, __le = function() return nil end}
local r1, r2 = setmetatable({}, R), setmetatable({}, R)
print("converted", r1 < r2, r1 <= r2, not (r1 < r2))

-- sort using __lt
local items = {}
for i, v in ipairs({5, 3, 9, 1}) do items[i] = mk(v) end
table.sort(items)
print("sorted", items[1].v, items[2].v, items[3].v, items[4].v)

-- errors without metamethods
print("no lt", pcall(function() return {} < {} end))
print("no le", pcall(function() return {} <= {} end))
print("table vs number", pcall(function() return {} < 1 end))
print("nil vs number", pcall(function() return nil > 1 end))
print("bool", pcall(function() return true <= false end))
