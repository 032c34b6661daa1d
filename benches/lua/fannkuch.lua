-- fannkuch: for each permutation of 1..10, repeatedly reverse the prefix whose length is
-- the first element until a 1 comes first, counting the reversals. Permutations come from
-- Heap's algorithm (one swap each); the program examines the first `count` of them and
-- reports the total and largest number of reversals and how often the maximum occurs.
-- Size: the number of permutations examined (at most 10! = 3628800).
local count = tonumber(arg and arg[1]) or 40000
local n = 10

local perm, work, c = {}, {}, {}
for i = 1, n do perm[i] = i; c[i] = 0 end

local function flips()
  local first = perm[1]
  if first == 1 then return 0 end
  for i = 1, n do work[i] = perm[i] end
  local k = 0
  repeat
    local lo, hi = 1, first
    while lo < hi do
      work[lo], work[hi] = work[hi], work[lo]
      lo, hi = lo + 1, hi - 1
    end
    k = k + 1
    first = work[1]
  until first == 1
  return k
end

local total, best, at_best, seen = 0, 0, 0, 0
local function visit()
  local f = flips()
  total = total + f
  seen = seen + 1
  if f > best then best, at_best = f, 1 elseif f == best then at_best = at_best + 1 end
end

-- iterative Heap's algorithm, 1-based: c[i] counts the swaps made at level i
visit()
local i = 2
while i <= n and seen < count do
  if c[i] < i - 1 then
    if i % 2 == 1 then
      perm[1], perm[i] = perm[i], perm[1]
    else
      local j = c[i] + 1
      perm[j], perm[i] = perm[i], perm[j]
    end
    visit()
    c[i] = c[i] + 1
    i = 2
  else
    c[i] = 0
    i = i + 1
  end
end

local sig = 0
for k = 1, n do sig = sig * 11 + perm[k] end
print(string.format("permutations = %d  flips total = %d  max = %d (x%d)  last = %d",
  seen, total, best, at_best, sig))
