-- Numeric for loops: integer, float, negative steps, bounds near the limits.
local function collect(a, b, c)
  local out = {}
  if c then
    for i = a, b, c do out[#out + 1] = tostring(i) end
  else
    for i = a, b do out[#out + 1] = tostring(i) end
  end
  return #out .. ":" .. table.concat(out, " ")
end
print("int", collect(1, 5))
print("int step", collect(1, 10, 3))
print("neg step", collect(5, 1, -1))
print("neg step 2", collect(10, 1, -4))
print("empty", collect(5, 1))
print("empty neg", collect(1, 5, -1))
print("single", collect(3, 3))
print("float start", collect(1.0, 3))
print("float limit", collect(1, 3.5))
print("float step", collect(0, 1, 0.25))
print("float neg step", collect(1, 0, -0.5))
print("frac limit int loop", collect(1, 2.9))
print("neg frac limit", collect(-1, -3.5, -1))

-- types of the control variable
for i = 1, 1 do print("type int", math.type(i)) end
for i = 1.0, 1 do print("type float start", math.type(i)) end
for i = 1, 1, 1.0 do print("type float step", math.type(i)) end
for i = 1, 1.5 do print("type float limit", math.type(i)) end

-- bounds near maxinteger / mininteger do not overflow
local maxi, mini = math.maxinteger, math.mininteger
print("near max", collect(maxi - 2, maxi))
print("near min", collect(mini + 2, mini, -1))
print("max step", collect(maxi - 10, maxi, 7))
print("big step", collect(0, maxi, maxi // 2))
print("min big step", collect(0, mini, mini // 2))
print("float limit above max", collect(maxi - 1, 1e100))
print("float limit below min", collect(mini + 1, -1e100, -1))
print("limit huge none", collect(1, -math.huge))
local cnt = 0
for _ = maxi, maxi do cnt = cnt + 1 end
print("maxi..maxi", cnt)
cnt = 0
for _ = mini, mini + 3 do cnt = cnt + 1 end
print("mini..mini+3", cnt)

-- the loop variable is a copy: modifying it does not affect iteration
local iters = {}
for i = 1, 3 do
  iters[#iters + 1] = i
  i = i * 10
end
print("copy", table.concat(iters, ","))

-- bounds evaluated once
local lim = 3
local n = 0
for _ = 1, lim do lim = 10; n = n + 1 end
print("limit once", n)

-- lua5.4 coerces numeric strings in for bounds (a float loop results)
print("string bounds", collect("1", 2), collect(1, "2"))
print("bad string init", pcall(function() for i = "a", 2 do end end))

-- float accumulation: 0.1 steps
local fc = 0
for x = 0, 1, 0.1 do fc = fc + 1 end
print("0.1 steps count", fc)
