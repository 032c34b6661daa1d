-- Numeric for loops, with and without a step.
local function run(a, b, c)
  local out = {}
  if c == nil then
    for i = a, b do out[#out + 1] = tostring(i) end
  else
    for i = a, b, c do out[#out + 1] = tostring(i) end
  end
  print(#out, table.concat(out, " "))
end
for i = 1, 3 do io.write(i, " ") end print()
for i = 3, 1, -1 do io.write(i, " ") end print()
for i = 1, 0 do print("never") end
for i = 1, 10, 4 do io.write(i, " ") end print()
run(1.0, 2.0, 0.5)
run(1, 2.5)
run(1, 3, 1.0)
run(3, 1.5, -1)
run(math.maxinteger - 2, math.maxinteger)
run(math.mininteger, math.mininteger + 2)
run(math.mininteger + 2, math.mininteger, -1)
run(-3, -1)
run(10, 1, -3)
run(1, math.huge, math.maxinteger)
run(0.1, 0.35, 0.1)
local n = 0
for i = 1, 3 do local i = i * 2; n = n + i end
print(n)
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local calls = 0
local function lim() calls = calls + 1; return 3 end
for i = 1, lim() do end
print(calls)
for i = 1, 3 do
  for j = i, 3 do io.write(i, j, " ") end
end
print()
for i=1,2 do for j=1,2 do io.write(i*j,";") end end print()
for _ = 1, 2 do io.write("_") end print()
