-- repeat-until loops; the condition is inside the scope of the body.
local i = 0
repeat
  i = i + 1
until i >= 3
print(i)
local n = 0
repeat
  local done = n >= 2
  n = n + 1
until done
print(n)
local fns = {}
local k = 0
repeat
  k = k + 1
  local captured = k * 10
  fns[#fns + 1] = function() return captured end
until captured >= 30
print(#fns, fns[1](), fns[3]())
repeat
  print("body runs once")
  break
until false
local out = {}
local a = 0
repeat
  a = a + 1
  local b = 0
  repeat
    b = b + 1
    out[#out + 1] = a .. b
  until b == 2
until a == 2
print(table.concat(out, " "))
repeat local x = 1 until x == 1
local outer = "outer"
repeat local outer = "shadowed" until outer == "shadowed"
print(outer)
local count = 0
repeat
  count = count + 1
  local function check() return count >= 4 end
until check()
print(count)
repeat until true
print("done")
