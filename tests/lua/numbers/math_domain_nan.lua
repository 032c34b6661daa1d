-- The sign of the NaN the math library returns outside a function's domain. lua5.4 (as
-- Linux distributions build it, against the shared glibc) answers acos, asin and log10
-- with a positive NaN, the rest with the negative one x86 makes; print shows the sign
-- ("nan" / "-nan"), so a program that prints such a result shows it too. The sign bit is
-- read with string.pack so that this script does not depend on how NaNs are printed.
local function sign(x)
  if x ~= x then return string.pack(">d", x):byte(1) >= 128 and "-nan" or "+nan" end
  return tostring(x)
end
local I = 1 / 0
local cases = {
  {"acos", math.acos, {2, -2, I, -I}},
  {"asin", math.asin, {2, -2, I, -I}},
  {"log10", math.log10, {-1, -I}},
  {"log base 10", function(x) return math.log(x, 10) end, {-1, -I}},
  {"log", math.log, {-1, -I}},
  {"log base 2", function(x) return math.log(x, 2) end, {-1, -I}},
  {"log base 3", function(x) return math.log(x, 3) end, {-1, -I}},
  {"sqrt", math.sqrt, {-1, -I}},
  {"cos sin tan", function(x) return math.cos(x), math.sin(x), math.tan(x) end, {I, -I}},
  {"pow", function(x) return x ^ 0.5, math.pow(x, 0.5) end, {-1, -2}},
  {"fmod", function(x) return math.fmod(x, 2), math.fmod(2, x - x) end, {I, -I}},
  {"arith", function(x) return x - x, x * 0, x / x, x % 2 end, {I, -I}},
}
for _, c in ipairs(cases) do
  local out = {}
  for _, x in ipairs(c[3]) do
    for _, r in ipairs({c[2](x)}) do out[#out + 1] = sign(r) end
  end
  print(c[1], table.concat(out, " "))
end
-- A NaN argument passes through these functions unchanged, whatever its sign.
local nan = 0 / 0
for _, n in ipairs({nan, -nan}) do
  print("nan in", sign(n), sign(math.acos(n)), sign(math.asin(n)), sign(math.log10(n)), sign(math.log(n, 10)))
end
-- In range, the results are the usual ones.
print(math.acos(1), math.asin(0), math.log10(1000), math.log(100, 10), math.log10(0), math.log10(-0.0))
print(math.acos(-1) == math.pi, math.asin(1) == math.pi / 2, math.acos("0.5"), math.log10("10"))
