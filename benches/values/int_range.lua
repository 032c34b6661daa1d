-- The cost of boxed integers: the same integer loop with values that stay in the inline
-- range (|x| < 2^47) or live above it (boxed on the heap). Size: iterations.
local n = tonumber(arg and arg[1]) or 1000000
local base = tonumber(arg and arg[2]) or 0   -- 0: inline values; 2^50: boxed values
local acc = base
for i = 1, n do
  acc = acc + (i & 7)
  acc = acc - (i & 3)
end
print(acc - base)
