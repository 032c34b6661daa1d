-- Floor division and modulo with all sign combinations.
local cases = {{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {6, 3}, {-6, 3}, {0, 5}, {1, 7}, {-1, 7}}
for _, c in ipairs(cases) do
  local a, b = c[1], c[2]
  print("int", a, b, a // b, a % b)
end
for _, c in ipairs(cases) do
  local a, b = c[1] + 0.0, c[2]
  print("float", a, b, a // b, a % b)
end
print("float frac", 7.5 // 2, 7.5 % 2, -7.5 // 2, -7.5 % 2, 7.5 % -2)
print("float small", 5.3 % 1 < 0.31, -0.5 // 1, 0.5 // -1)

-- division by zero
print("int div zero", pcall(function() return 1 // 0 end))
print("int mod zero", pcall(function() return 1 % 0 end))
print("float div zero", 1 // 0.0, -1 // 0.0, 1 / 0, -1 / 0, 0.0 / 1)
local m1, m2 = 1 % 0.0, 1.0 % 0
print("float mod zero is nan", m1 ~= m1, m2 ~= m2)
print("zero neg", 0 / -1, 0.0 / -1, -0.0 // 1)

-- infinities
print("inf mod", 5 % math.huge, -5 % math.huge, 5 % -math.huge, -5 % -math.huge)
print("inf div", 5 // math.huge, -5 // math.huge, math.huge // 1)

-- extreme integers
print("mininteger // -1", math.mininteger // -1, math.mininteger % -1)
print("maxinteger", math.maxinteger // 2, math.maxinteger % 2, math.maxinteger // -1)
print("mininteger mod", math.mininteger % 3, math.mininteger // 3)

-- fmod truncates toward zero (unlike %)
print("fmod int", math.fmod(7, 2), math.fmod(-7, 2), math.fmod(7, -2), math.fmod(-7, -2))
print("fmod float", math.fmod(7.5, 2), math.fmod(-7.5, 2), math.fmod(5, 2.5))
print("fmod types", math.type(math.fmod(7, 2)), math.type(math.fmod(7.0, 2)))
print("fmod zero", pcall(math.fmod, 1, 0))
local fz = math.fmod(1, 0.0)
print("fmod float zero is nan", fz ~= fz)
print("fmod minint", math.fmod(math.mininteger, -1), math.fmod(math.mininteger, math.mininteger))
print("fmod inf", math.fmod(1, math.huge), math.fmod(-1, math.huge))

-- identity a == (a // b) * b + a % b for integers
local okall = true
for a = -10, 10 do
  for b = -4, 4 do
    if b ~= 0 and (a // b) * b + a % b ~= a then okall = false end
  end
end
print("identity", okall)
