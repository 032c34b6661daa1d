-- Integers beyond 2^47 in every arithmetic and bitwise instruction form: register
-- operands, constants (K forms), immediates (ADDI, SHRI, SHLI), one boxed operand or
-- two, results that box and results that fit again, and the errors and coercions of
-- the general path. moonlab keeps such integers in boxes of their own (papers/values.md).
local big = 1 << 50
local neg = -(1 << 52) - 3
local max, min = math.maxinteger, math.mininteger
local small = 12345

local function show(label, ...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = string.format("%s:%s", math.type(t[i]) or type(t[i]), tostring(t[i])) end
  print(label, table.concat(t, " "))
end

show("add", big + small, small + big, big + big, neg + big, max + 1, min + -1)
show("sub", big - small, small - big, big - big, neg - big, min - 1, max - -1)
show("mul", big * 3, 3 * big, big * big, neg * -7, max * 2, min * -1)
show("idiv", big // 7, -big // 7, big // -7, neg // big, min // -1, max // max)
show("mod", big % 7, -big % 7, big % -7, neg % big, min % -1, max % 10)
show("div", big / 4, neg / big, max / 1, min / -1)
show("pow", big ^ 1, 2 ^ 50 == big)
show("band", big & (big + 5), neg & 0xFFFF, max & min, big & 7)
show("bor", big | 1, neg | 0xF, min | 1)
show("bxor", big ~ (big + 3), neg ~ neg, max ~ min)
show("shl", big << 3, 1 << 62, 1 << 63, 1 << 64, big << -10)
show("shr", big >> 3, neg >> 60, min >> 63, max >> 1, big >> -2)
show("unm", -big, -neg, -min, -max)
show("bnot", ~big, ~neg, ~max, ~min)

-- constants in the instruction (K forms) and immediates
local x = big + 77
show("k forms", x + 1000000, x - 1000000, x * 1000, x // 1000, x % 1000, x & 0xFFFFFF, x | 0xF0, x ~ 0xFF)
show("big k", x + 0x7FFFFFFFFFFF, x - 0x1000000000000, x * 0x100000000)
show("imm", x + 1, x - 1, x >> 1, x << 1, 1 << 50, 3 << 48)
show("k first", 1000000 - x, 0x7FFFFFFFFFFF - x)

-- results that fit inline again, and that box again
local y = big
for i = 1, 5 do y = y * 3 - big end
show("loop", y, y - y, (y - y) + 1, y // y)
local acc = max - 10
for i = 1, 20 do acc = acc + 1 end
show("wrap", acc, acc == min + 9)

-- floats with boxed integers
show("float", big + 0.5, 0.5 + big, big * 1.0, big / 2.0, big // 2.0, big % 3.5, big - 0.25)
show("float bits", 2.0^53 | 0, big & 2.0^51, (2.0^60) >> 59)

-- strings that read as big integers
show("coerce", "1125899906842624" + 1, big + "1", "0x4000000000000" * 2, "9007199254740993" - 0)

-- comparisons and equality
show("cmp", big == 1 << 50, big + 1 > big, neg < big, big <= big, max > big, min < neg)
local t = {}
t[big] = "boxed key"; t[big + 0.0] = "float key"
show("keys", t[1 << 50], t[big + 1 - 1], #tostring(big))

-- errors keep their messages
print(pcall(function() return big // 0 end))
print(pcall(function() return big % 0 end))
print(pcall(function() return big & 1.5 end))
print(pcall(function() return big + {} end))
print(pcall(function() return 2^70 | 0 end))
print(pcall(function() local s = "x" return big .. s, big + s end))

-- metamethods see boxed integers as numbers
local mt = {__add = function(a, b) return "mm", math.type(a), math.type(b) end}
local obj = setmetatable({}, mt)
print(select(2, pcall(function() return big + obj end)), (obj + big))
print(string.format("%d %x %5.1f", big, neg & max, big))
