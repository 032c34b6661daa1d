-- numeric_loops: nested integer loops using Lua 5.4 integer operators
-- (floor division, modulo, bitwise and/xor/shift). Needs Lua 5.3+ (not LuaJIT).
-- Size: the side of the square iteration space.
local n = tonumber(arg and arg[1]) or 300
local M = 1000000007

local acc = 0
for i = 1, n do
  local row = 0
  for j = 1, n do
    local x = i * j + 17
    row = row + (x % 13) * ((i + j) // 3) - (x & 0xff) + ((i ~ j) >> 1)
  end
  acc = (acc * 31 + row) % M
end

-- Collatz chain lengths: a while loop driven by // and %.
local longest, at, total = 0, 0, 0
for start = 1, n * 20 do
  local v, steps = start, 0
  while v ~= 1 do
    if v % 2 == 0 then v = v // 2 else v = 3 * v + 1 end
    steps = steps + 1
  end
  total = total + steps
  if steps > longest then longest, at = steps, start end
end

-- A downward loop with a step and shifts/masks (xorshift-style mixing kept in 32 bits).
local h = 2166136261
for k = n * 50, 1, -3 do
  h = ((h ~ k) * 16777619) & 0xffffffff
  h = h ~ (h >> 13)
end

print(string.format("acc = %d  collatz longest = %d at %d  total = %d  h = %d",
  acc, longest, at, total, h))
