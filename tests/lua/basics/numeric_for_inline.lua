-- Numeric for loops at the edges of the VM's inline integer range (+-2^47; beyond it,
-- integers are boxed): indices that leave it, counts and steps that do not fit it, and
-- loops that never run. The results are lua5.4's.
local function collect(a, b, c, max)
  local out = {}
  for i = a, b, c do
    out[#out + 1] = string.format("%d", i)
    if math.type(i) ~= "integer" then out[#out] = out[#out] .. "!" end
    if max and #out >= max then break end
  end
  return #out .. ":" .. table.concat(out, " ")
end
local e = 1 << 47
print("up across 2^47", collect(e - 3, e + 2, 1))
print("down across -2^47", collect(-e + 2, -e - 3, -1))
print("step 2 across", collect(e - 5, e + 5, 2))
print("from 2^47 - 1", collect(e - 1, e + 1, 1))
print("from -2^47", collect(-e, -e - 2, -1))
print("count 2^47 - 1", collect(0, e - 1, 1, 3))
print("count 2^47", collect(0, e, 1, 3))
print("count 2^48", collect(-e, e, 1, 3))
print("count 2^64 - 1", collect(math.mininteger, math.maxinteger, 1, 3))
print("count 2^64 - 1 down", collect(math.maxinteger, math.mininteger, -1, 3))
print("step 2^47", collect(0, 1 << 50, e))
print("step -2^47", collect(0, -(1 << 50), -e))
print("step 2^47 - 1", collect(1, 1 << 49, e - 1))
print("step -2^47 - 1", collect(-1, -(1 << 49), -e - 1))
print("boxed init", collect(1 << 50, (1 << 50) + 3, 1))
print("boxed limit", collect(e - 2, 1 << 60, 1, 5))
print("boxed init down", collect(-(1 << 50), -(1 << 50) - 3, -1))
print("inline to boxed step 3", collect(e - 7, e + 7, 3))
print("near maxinteger", collect(math.maxinteger - 3, math.maxinteger, 2))
print("near mininteger", collect(math.mininteger + 3, math.mininteger, -2))
print("skip up", collect(5, 1, 1), collect(e, e - 1, 1), collect(1 << 50, 0, 1))
print("skip down", collect(1, 5, -1), collect(-e, 0, -1))
print("one", collect(7, 7, 1), collect(e - 1, e - 1, -1), collect(-e, -e, 5))
print("big step one", collect(0, 10, math.maxinteger), collect(0, -10, math.mininteger))

-- nested loops whose inner loop starts many times (FORPREP), with every step sign
local sum = 0
for i = 1, 200 do
  for j = i, 1, -1 do sum = sum + j end
  for j = 1, i, 7 do sum = sum - j end
  for _ = i, i - 1 do sum = sum + 1000000 end
end
print("nested", sum)

-- a loop suspended in a coroutine keeps its state
local co = coroutine.wrap(function()
  for i = e - 2, e + 1 do coroutine.yield(i) end
  return "done"
end)
print("coroutine", co(), co(), co(), co(), co())
