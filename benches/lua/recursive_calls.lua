-- recursive_calls: deep trees of small Lua-to-Lua calls.
-- Naive Fibonacci plus a three-argument Takeuchi-style function, so the cost is almost all
-- call/return and argument passing. Size: the Fibonacci argument.
local n = tonumber(arg and arg[1]) or 27

local function fib(k)
  if k < 2 then return k end
  return fib(k - 1) + fib(k - 2)
end

-- Takeuchi's function (returns z once x <= y); calls grow very fast with x - z.
local function tak(x, y, z)
  if y >= x then return z end
  return tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y))
end

-- Mutual recursion through two locals declared ahead.
local is_even, is_odd
function is_even(k) if k == 0 then return true end return is_odd(k - 1) end
function is_odd(k) if k == 0 then return false end return is_even(k - 1) end

local f = fib(n)
local t = 0
for i = 1, math.floor(n / 3) do
  t = t + tak(12 + i % 3, 8, 2 + i % 4)
end
local parity = 0
for i = 1, n * 10 do
  if is_even(i * 7) then parity = parity + 1 end
end
print(string.format("fib(%d) = %d  tak-sum = %d  even = %d", n, f, t, parity))
