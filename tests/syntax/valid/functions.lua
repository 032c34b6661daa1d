-- Function statements, local functions, nested functions and closures.
local a = {b = {c = {}}}
function a.b.c.f(x) return "f" .. x end
function a.b.c:m(x) return self == a.b.c, x end
print(a.b.c.f(1))
print(a.b.c:m(2))
print(a.b.c.m(a.b.c, 3))
function globalfn() return "global" end
print(globalfn())
function a.top() return "top" end
print(a.top())
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10))
local fib
fib = function(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(15))
local function counter()
  local n = 0
  return function() n = n + 1; return n end, function() return n end
end
local inc, get = counter()
inc(); inc()
print(get())
local function outer(x)
  return function(y)
    return function(z) return x + y + z end
  end
end
print(outer(1)(2)(3))
print((function(...) return select('#', ...) end)(1, 2, 3))
local obj = {v = 5}
function obj:get() return self.v end
function obj.static() return "static" end
function obj:set(v) self.v = v; return self end
print(obj:get(), obj.static(), obj:set(6):get())
function a.b:vm(...) return select('#', ...), self == a.b end
print(a.b:vm(1, 2))
local function noargs() return "noargs" end
print(noargs())
local f = function(x, y) return x, y end
print(f(1), f(1, 2, 3))
local function recurse_local(n) if n == 0 then return "bottom" end return recurse_local(n - 1) end
print(recurse_local(5))
local function mutual()
  local is_even, is_odd
  function is_even(n) if n == 0 then return true end return is_odd(n - 1) end
  function is_odd(n) if n == 0 then return false end return is_even(n - 1) end
  return is_even(10), is_odd(7)
end
print(mutual())
local adders = {}
for i = 1, 3 do adders[i] = function(x) return x + i end end
print(adders[1](10), adders[3](10))
local function deep() return function() return function() return function() return "deep" end end end end
print(deep()()()())
