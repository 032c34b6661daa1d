-- Every binary and unary operator, with integer, float and string operands.
print(7 + 2, 7 - 2, 7 * 2, 7 / 2, 7 // 2, 7 % 2, 7 ^ 2)
print(7.0 + 2, 7.5 - 2, 1.5 * 2, 1 / 4, 7.5 // 2, 7.5 % 2, 4 ^ 0.5)
print(-7 // 2, -7 % 2, 7 // -2, 7 % -2, -7.5 // 2, -7.5 % 2)
print(1 / 0, -1 / 0, 0/0 ~= 0/0, math.maxinteger + 1 == math.mininteger)
print(6 & 3, 6 | 3, 6 ~ 3, ~6, 1 << 4, 256 >> 4, -1 >> 60, 1 << 64, 1 << -1)
print(3.0 & 1, 2^53 | 0, 5 ~ 5.0)
print(1 == 1, 1 ~= 1, 1 < 2, 1 <= 1, 2 > 1, 2 >= 3)
print("a" == "a", "a" ~= "b", "abc" < "abd", "b" <= "a", "z" > "a", "aa" >= "a")
print(1 == "1", {} == {}, nil == false, 0 == -0, 1/0 > math.maxinteger)
print(true and 1, false and 1, nil and 1, true or 1, false or 1, nil or nil)
print(not true, not false, not nil, not 0, not "")
print(#"", #"abc", #{1, 2, 3}, #{n = 1})
print(-(1), -(-1), -1.5, -"2", - -0.0)
print("a" .. "b", "a" .. 1, 1 .. "a", 1.5 .. "", 2^63 .. "", -0.0 .. "")
print("10" + 1, "10" * "2", "3.5" + 1, "0x10" + 0, " 5 " + 1, 10 .. 20 + 1)
local mt = {
  __add = function() return "add" end, __sub = function() return "sub" end,
  __mul = function() return "mul" end, __div = function() return "div" end,
  __mod = function() return "mod" end, __pow = function() return "pow" end,
  __unm = function() return "unm" end, __idiv = function() return "idiv" end,
  __band = function() return "band" end, __bor = function() return "bor" end,
  __bxor = function() return "bxor" end, __shl = function() return "shl" end,
  __shr = function() return "shr" end, __bnot = function() return "bnot" end,
  __concat = function() return "concat" end, __len = function() return "len" end,
  __eq = function() return true end, __lt = function() return true end,
  __le = function() return false end,
}
local o, p = setmetatable({}, mt), setmetatable({}, mt)
print(o + 1, o - 1, o * 1, o / 1, o % 1, o ^ 1, -o, o // 1)
print(o & 1, o | 1, o ~ 1, o << 1, o >> 1, ~o, o .. "x", "x" .. o, #o)
print(o == p, o ~= p, o < p, o <= p, o > p, o >= p)
