-- Name resolution: locals, upvalues, globals and _ENV.
local y = "value"
local y = y .. "!"
print(y)
z = "global z"
do local z = "local z"; print(z) end
print(z, _ENV.z, _G.z)
do
  local _ENV = {print = print}
  w = 5
  print(w)
end
print(w)
local function with_env()
  local _ENV = {tostring = tostring}
  answer = 42
  return _ENV
end
print(with_env().answer)
local function f(a) local a = a or "default"; return a end
print(f(), f("given"))
local function make()
  local v = 0
  local function set(n) v = n end
  local function get() return v end
  return set, get
end
local set, get = make()
set(9)
print(get())
local g = function() return type(g) end
print(g())
local function h() return type(h) end
print(h())
local function dup(a, a) return a end
print(dup(1, 2))
local p, p = "first", "second"
print(p)
local level1 = 1
local function l1()
  local level2 = 2
  return function()
    local level3 = 3
    return function() return level1 + level2 + level3 end
  end
end
print(l1()()())
local counter = 0
local function bump() counter = counter + 1 end
bump(); bump()
print(counter)
for i = 1, 2 do local i = i * 10; io.write(i, " ") end
print()
local print = print
print("local print")
