-- closures: creating closures, calling them, and updating shared upvalues (both open, while
-- the creating function runs, and closed, after it returns). Size: the number of rounds.
local rounds = tonumber(arg and arg[1]) or 20000
local M = 1000003

local function make_account(start)
  local balance = start
  local history = 0
  local function deposit(x) balance = (balance + x) % M; history = history + 1 end
  local function withdraw(x) balance = (balance - x) % M; history = history + 1 end
  local function get() return balance, history end
  return deposit, withdraw, get
end

local function compose(f, g) return function(x) return f(g(x)) end end
local function adder(k) return function(x) return x + k end end
local function scaler(k) return function(x) return (x * k) % M end end

local total = 0
for r = 1, rounds do
  local dep, wd, get = make_account(r)
  for k = 1, 5 do dep(k * r) end
  wd(r + 3)
  local b, h = get()
  -- a short pipeline of freshly built closures
  local f = compose(adder(r % 17), compose(scaler(3), adder(b % 101)))
  total = (total + f(h) + b) % M
  -- a loop whose body captures the loop variable: a new upvalue per iteration
  local fs = {}
  for i = 1, 4 do fs[i] = function() return i * r end end
  for i = 1, 4 do total = (total + fs[i]()) % M end
end

-- A counter generator shared by many closures over the same upvalue.
local function counter()
  local c = 0
  return function() c = c + 1; return c end, function() return c end
end
local inc, peek = counter()
for _ = 1, rounds * 5 do inc() end

print(string.format("rounds = %d  total = %d  counter = %d", rounds, total, peek()))
