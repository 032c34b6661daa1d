-- Closures: counters, fresh upvalues per iteration, shared upvalues.
local function counter()
  local n = 0
  return function() n = n + 1; return n end
end
local c1, c2 = counter(), counter()
print("counter", c1(), c1(), c1(), c2())

-- fresh upvalue per loop iteration (numeric for)
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print("numeric for fresh", fs[1](), fs[2](), fs[3]())

-- generic for
local gs = {}
for _, v in ipairs({"a", "b", "c"}) do gs[#gs + 1] = function() return v end end
print("generic for fresh", gs[1](), gs[2](), gs[3]())

-- while loop with a local inside the body: fresh each iteration
local ws = {}
local j = 0
while j < 3 do
  j = j + 1
  local k = j
  ws[j] = function() return k end
end
print("while fresh", ws[1](), ws[2](), ws[3]())

-- while loop capturing the outer variable: shared
local shared = {}
local m = 0
while m < 3 do
  m = m + 1
  shared[m] = function() return m end
end
print("while shared", shared[1](), shared[2](), shared[3]())

-- two closures sharing one upvalue
local function pair()
  local v = 0
  return function() v = v + 1 end, function() return v end
end
local inc, get = pair()
inc(); inc()
print("shared upvalue", get())

-- upvalue modified after closure creation
local x = 1
local function getx() return x end
x = 2
print("late change", getx())

-- closures over loop variable modified inside the body
local mods = {}
for i = 1, 2 do
  local function f() return i end
  i = i * 100
  mods[#mods + 1] = f
end
print("modified loop var", mods[1](), mods[2]())

-- nested closures three levels deep
local function make(a)
  return function(b)
    return function(c) return a + b + c end
  end
end
print("curry", make(1)(10)(100))

-- closure captures parameter
local function adder(n) return function(x) return x + n end end
local add5 = adder(5)
print("adder", add5(1), adder(-1)(1))

-- upvalue shared between sibling closures created in a loop iteration
local getters, setters = {}, {}
for i = 1, 2 do
  local val = i
  getters[i] = function() return val end
  setters[i] = function(nv) val = nv end
end
setters[1]("changed")
print("per-iteration shared", getters[1](), getters[2]())

-- recursion through an upvalue
local function memo_fib()
  local cache = {}
  local function fib(n)
    if n < 2 then return n end
    if cache[n] then return cache[n] end
    local r = fib(n - 1) + fib(n - 2)
    cache[n] = r
    return r
  end
  return fib
end
print("memo fib", memo_fib()(80))
