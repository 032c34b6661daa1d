-- coroutine_pingpong: values passed back and forth through resume/yield, a pipeline of
-- generator coroutines (coroutine.wrap), and many short-lived coroutines.
-- Size: the number of ping-pong exchanges.
local n = tonumber(arg and arg[1]) or 50000
local M = 1000003

-- 1. ping-pong: each resume sends a value in, each yield sends one back
local pong = coroutine.create(function(x)
  while true do
    x = coroutine.yield((x * 7 + 3) % M)
  end
end)
local v = 1
for _ = 1, n do
  local ok, r = coroutine.resume(pong, v)
  v = (r + 1) % M
end

-- 2. a pipeline: numbers -> keep those not divisible by 3 -> square mod M -> consumer
local function numbers(limit)
  return coroutine.wrap(function()
    for i = 1, limit do coroutine.yield(i) end
  end)
end
local function filter(src)
  return coroutine.wrap(function()
    for x in src do
      if x % 3 ~= 0 then coroutine.yield(x) end
    end
  end)
end
local function square(src)
  return coroutine.wrap(function()
    for x in src do coroutine.yield((x * x) % M) end
  end)
end
local psum, pcount = 0, 0
for x in square(filter(numbers(n))) do
  psum = (psum + x) % M
  pcount = pcount + 1
end

-- 3. many short-lived coroutines, each yielding a few times
local short = 0
for i = 1, math.floor(n / 20) do
  local co = coroutine.wrap(function(a)
    local b = coroutine.yield(a + 1)
    local c = coroutine.yield(a + b)
    return a + b + c
  end)
  short = (short + co(i) + co(2) + co(3)) % M
end

print(string.format("n = %d  pingpong = %d  pipeline = %d/%d  short = %d",
  n, v, pcount, psum, short))
