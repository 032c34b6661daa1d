-- Bitwise metamethods.
local B = {}
local function bits(v) return setmetatable({v = v}, B) end
local function val(x) return type(x) == "table" and x.v or x end
B.__band = function(a, b) return bits(val(a) & val(b)) end
B.__bor = function(a, b) return bits(val(a) | val(b)) end
B.__bxor = function(a, b) return bits(val(a) ~ val(b)) end
B.__shl = function(a, b) return bits(val(a) << val(b)) end
B.__shr = function(a, b) return bits(val(a) >> val(b)) end
B.__bnot = function(a) return bits(~val(a)) end
local x, y = bits(12), bits(10)
print("band", (x & y).v, (x & 4).v, (4 & x).v)
print("bor", (x | y).v, (1 | x).v)
print("bxor", (x ~ y).v)
print("shl", (x << 2).v, (1 << bits(3)).v)
print("shr", (x >> 2).v)
print("bnot", (~x).v)

-- bitwise metamethods are tried for floats without integer representation
local F = setmetatable({}, {__band = function(a, b) return "band meta" end})
print("float with table", 1.5 & F, F & 1.5)
-- but a float operand alone errors without metamethods
print("float no meta", pcall(function() return 1.5 & 1 end))
-- strings: lua5.4 has no string bitwise coercion
print("string with table", "3" & F)
print("string no meta", pcall(function() return "3" & 1 end))
-- missing metamethod on table
local plain = setmetatable({}, {})
print("no __bor", pcall(function() return plain | 1 end))
print("no __bnot", pcall(function() return ~plain end))
-- __bnot receives operand twice
local args = {}
local N = setmetatable({}, {__bnot = function(a, b) args = {a, b}; return 0 end})
print("bnot args", ~N, args[1] == N, args[2] == N)
