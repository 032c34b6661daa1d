-- lua5.4 is built with LUA_COMPAT_5_3 (its makefile's default), so the math library keeps
-- the deprecated functions of LUA_COMPAT_MATHLIB; programs such as Moses' tests call
-- math.pow. Found running Moses' specs: "attempt to call a nil value (local 'f')".
local names = {"atan2", "cosh", "sinh", "tanh", "pow", "frexp", "ldexp", "log10"}
for _, n in ipairs(names) do print(n, type(math[n])) end

print("pow", math.pow(2, 10), math.pow(2, 0.5) == 2 ^ 0.5, math.pow("3", 2), math.pow(-8, 1/3) ~= math.pow(-8, 1/3))
print("pow int args give floats", math.type(math.pow(3, 2)))
print("log10", math.log10(1000), math.log10(1), math.log10(0), math.log10(10) == 1)
print("cosh sinh tanh", math.cosh(0), math.sinh(0), math.tanh(0), math.tanh(1e9), math.tanh(-math.huge))
print("cosh of 1 ok", math.cosh(1) == (math.exp(1) + math.exp(-1)) / 2 or math.abs(math.cosh(1) - 1.5430806348152437) < 1e-15)
print("atan2", math.atan2(1, 1) == math.pi / 4, math.atan2(0, -1) == math.pi, math.atan2(1) == math.atan(1))

for _, x in ipairs({8, 1, 0.5, 3.75, -10, 0, -0.0, 1e300, 1e-310, 5e-324, math.huge, -math.huge}) do
  local m, e = math.frexp(x)
  print("frexp", x, m, e, math.type(e), math.ldexp(m, e) == x)
end
local m, e = math.frexp(0/0)
print("frexp nan", m ~= m, e)

print("ldexp", math.ldexp(1, 10), math.ldexp(0.75, 4), math.ldexp(1, -1074), math.ldexp(1, -1075), math.ldexp(1, 1024))
print("ldexp big exponents", math.ldexp(1, 5000), math.ldexp(-1, 5000), math.ldexp(1, -5000), math.ldexp(3, "2"))
print("ldexp cuts to a C int", math.ldexp(1, (1 << 32) + 3), math.ldexp(1, 2.0))

print(pcall(math.pow, 2))
print(pcall(math.pow, "x", 2))
print(pcall(math.ldexp, 1, 1.5))
print(pcall(math.ldexp, 1))
print(pcall(math.frexp))
print(pcall(function() return math.cosh({}) end))
print(pcall(function() return math.log10() end))
