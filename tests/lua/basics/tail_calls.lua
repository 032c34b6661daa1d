-- Proper tail calls: deep recursion through tail calls must not overflow.
local function loop(n, acc)
  if n == 0 then return acc end
  return loop(n - 1, acc + 1)
end
print("tail 100000", loop(100000, 0))
print("tail 1000000", loop(1000000, 0))

-- mutual recursion via tail calls
local is_even, is_odd
function is_even(n) if n == 0 then return true end return is_odd(n - 1) end
function is_odd(n) if n == 0 then return false end return is_even(n - 1) end
print("mutual", is_even(100000), is_odd(100001), is_even(7))

-- tail call through a method
local obj = {}
function obj:count(n) if n == 0 then return "done" end return self:count(n - 1) end
print("method tail", obj:count(200000))

-- tail call returning multiple values
local function multi(n) if n == 0 then return 1, 2, 3 end return multi(n - 1) end
print("multi", multi(100000))

-- tail call to a vararg function
local function va(n, ...)
  if n == 0 then return select("#", ...), ... end
  return va(n - 1, ...)
end
print("vararg tail", va(100000, "a", "b"))

-- non-tail recursion of moderate depth still works
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print("non-tail 10000", depth(10000))

-- non-tail deep recursion eventually fails with stack overflow
local ok, msg = pcall(function()
  local function inf(n) return 1 + inf(n + 1) end
  return inf(1)
end)
print("overflow", ok, (string.find(msg, "stack overflow", 1, true)) ~= nil)

-- tail call in a closure-based state machine
local states = {}
states.a = function(n) if n == 0 then return "end in a" end return states.b(n - 1) end
states.b = function(n) if n == 0 then return "end in b" end return states.a(n - 1) end
print("state machine", states.a(100001), states.a(100000))
