-- sorting: table.sort on generated numbers (default order), strings (default order), and
-- records with comparator functions that define a total order, so the result is unique
-- whatever sort algorithm an implementation uses. Size: the number of elements.
local n = tonumber(arg and arg[1]) or 20000
local M = 1000000007

local seed = 42
local function rnd(k)             -- Park-Miller generator, exact in doubles and integers
  seed = (seed * 16807) % 2147483647
  return seed % k
end

local function check_sum(t, f)
  local h = 0
  for i = 1, #t do h = (h * 131 + f(t[i]) + i) % M end
  return h
end

-- numbers
local nums = {}
for i = 1, n do nums[i] = rnd(1000000) end
table.sort(nums)
local h1 = check_sum(nums, function(x) return x end)

-- strings of varying length
local strs = {}
for i = 1, n do strs[i] = string.format("s%d_%d", rnd(5000), rnd(50)) end
table.sort(strs)
local h2 = check_sum(strs, function(s) return #s + s:byte(2) end)

-- records: descending by score, then ascending by name, then by id (unique)
local recs = {}
for i = 1, n do recs[i] = { id = i, score = rnd(100), name = "n" .. rnd(300) } end
table.sort(recs, function(a, b)
  if a.score ~= b.score then return a.score > b.score end
  if a.name ~= b.name then return a.name < b.name end
  return a.id < b.id
end)
local h3 = check_sum(recs, function(r) return r.id end)

-- already sorted and reversed input, with a comparator
local seq = {}
for i = 1, n do seq[i] = n - i end
table.sort(seq, function(a, b) return a < b end)
table.sort(seq, function(a, b) return a > b end)
local h4 = check_sum(seq, function(x) return x end)

print(string.format("n = %d  numbers = %d  strings = %d  records = %d  runs = %d",
  n, h1, h2, h3, h4))
