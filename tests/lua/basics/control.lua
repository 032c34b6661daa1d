-- if / elseif / else, while, repeat.
local function classify(n)
  if n < 0 then return "neg"
  elseif n == 0 then return "zero"
  elseif n < 10 then return "small"
  else return "big" end
end
print("if", classify(-3), classify(0), classify(5), classify(50))

-- truthiness: only nil and false are false
local vals = {0, "", false, "x"}
for i = 1, 4 do
  local v = vals[i]
  print("truthy", i, v and "yes" or "no")
end
print("nil truthy", nil and "yes" or "no")

-- while
local i, sum = 0, 0
while i < 10 do
  i = i + 1
  sum = sum + i
end
print("while", i, sum)

-- while with false condition never runs
local ran = false
while false do ran = true end
print("while false", ran)

-- repeat runs at least once and until sees body locals
local n = 0
repeat
  local done = n >= 3
  n = n + 1
until done
print("repeat", n)

local count = 0
repeat count = count + 1 until true
print("repeat once", count)

-- repeat with break
local r = 0
repeat
  r = r + 1
  if r == 5 then break end
until false
print("repeat break", r)

-- nested ifs and logical operators
local function both(a, b)
  if a then
    if b then return "both" else return "a only" end
  elseif b then return "b only" end
  return "neither"
end
print("nested", both(true, true), both(true, false), both(false, true), both(nil, nil))

-- and/or short circuit and values
print("and/or", 1 and 2, nil and 2, false or "d", nil or false, false and nil)
print("or chain", nil or false or 0, 1 or error("not evaluated"))
print("not", not nil, not 0, not not "x")

-- while with complex condition
local a, b = 0, 10
while a < b and b - a > 2 do a = a + 1; b = b - 1 end
print("while cond", a, b)
