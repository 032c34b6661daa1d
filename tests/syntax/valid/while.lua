-- while loops.
local i = 0
while i < 3 do i = i + 1 end
print(i)
while false do print("never") end
while nil do end
local n, acc = 5, {}
while n > 0 do
  local sq = n * n
  acc[#acc + 1] = sq
  n = n - 1
end
print(table.concat(acc, ","))
local x = 27
local steps = 0
while x ~= 1 do
  if x % 2 == 0 then x = x // 2 else x = 3 * x + 1 end
  steps = steps + 1
end
print(x, steps)
local fs = {}
local k = 0
while k < 3 do
  k = k + 1
  local kk = k * 100
  fs[k] = function() return kk end
end
print(fs[1](), fs[2](), fs[3]())
local a = 0
while a < 2 do a = a + 1 local b = 0 while b < 2 do b = b + 1 io.write(a, b, " ") end end
print()
