-- Arithmetic metamethods.
local V = {}
V.__index = V
local function vec(x, y) return setmetatable({x = x, y = y}, V) end
local function show(v) if type(v) == "table" then return "(" .. v.x .. "," .. v.y .. ")" end return tostring(v) end
V.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
V.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y) end
V.__mul = function(a, b)
  if type(a) == "number" then return vec(a * b.x, a * b.y) end
  if type(b) == "number" then return vec(a.x * b, a.y * b) end
  return a.x * b.x + a.y * b.y
end
V.__div = function(a, b) return vec(a.x / b, a.y / b) end
V.__mod = function(a, b) return vec(a.x % b, a.y % b) end
V.__pow = function(a, b) return vec(a.x ^ b, a.y ^ b) end
V.__unm = function(a) return vec(-a.x, -a.y) end
V.__idiv = function(a, b) return vec(a.x // b, a.y // b) end
local a, b = vec(1, 2), vec(3, 4)
print("add", show(a + b))
print("sub", show(a - b))
print("mul dot", show(a * b))
print("mul scalar", show(a * 2), show(3 * a))
print("div", show(b / 2))
print("mod", show(vec(7, -7) % 3))
print("pow", show(a ^ 2))
print("unm", show(-a))
print("idiv", show(vec(7, -7) // 2))

-- which operand provides the metamethod
local log = {}
local L = setmetatable({}, {__add = function(x, y) log[#log + 1] = "L"; return "L" end})
local R = setmetatable({}, {__add = function(x, y) log[#log + 1] = "R"; return "R" end})
print("left first", L + R, R + L, 1 + R, L + 1)
print("log", table.concat(log, ""))

-- operand order is preserved when the second operand provides the metamethod
local order = setmetatable({}, {__sub = function(x, y) return (type(x) == "table" and "T" or tostring(x)) .. "-" .. (type(y) == "table" and "T" or tostring(y)) end})
print("order", order - 1, 1 - order, "s" - order)

-- metamethods with strings that are not numbers
local S = setmetatable({}, {__add = function(x, y) return "meta add" end})
print("string + table", "abc" + S, S + "abc")

-- __unm receives the operand twice
local seen = {}
local U = setmetatable({}, {__unm = function(x, y) seen[1] = x; seen[2] = y; return "neg" end})
print("unm args", -U, seen[1] == U, seen[2] == U)

-- missing metamethods
local plain = setmetatable({}, {})
print("no __add", pcall(function() return plain + 1 end))
print("no __unm", pcall(function() return -plain end))
print("no __div", pcall(function() return 1 / plain end))
-- number strings with tables still use table's metamethod
print("coercible string and table", "10" + S)
-- result can be any value
local any = setmetatable({}, {__mul = function() return nil end})
print("nil result", any * 2)
