-- debug.getlocal / setlocal: named locals at the current point, temporaries, varargs,
-- parameters of a function value, other coroutines.

local function all_locals(level)
  local out = {}
  local i = 1
  while true do
    local name, value = debug.getlocal(level + 1, i)
    if not name then break end
    if type(value) == "function" or type(value) == "table" then value = type(value) end
    out[#out + 1] = name .. "=" .. tostring(value)
    i = i + 1
  end
  return table.concat(out, " ")
end

local function f(a, b, ...)
  local x = a + b
  do
    local inner = "in"
    print("inside block", all_locals(1))
  end
  local y <const> = "const"
  print("after block", all_locals(1))
  print("varargs", debug.getlocal(1, -1), debug.getlocal(1, -2), debug.getlocal(1, -3))
  return x, y
end
f(1, 2, "v1", "v2")
f(1, 2)

-- Loops: control variables have their lua5.4 names.
for i = 1, 1 do print("numeric for", all_locals(1)) end
for k, v in pairs({a = 1}) do print("generic for", all_locals(1)) end

-- setlocal changes the variable.
local function change()
  local v = "old"
  print("setlocal", debug.setlocal(1, 1, "new"), v)
  print("setlocal no such", debug.setlocal(1, 50, 1))
  return v
end
print("changed", change())

-- Parameters of a function value.
local function params(p1, p2, ...) local notparam end
print("params", debug.getlocal(params, 1), debug.getlocal(params, 2), debug.getlocal(params, 3))
print("C function", debug.getlocal(print, 1))

-- Temporaries of a C function: its arguments.
local function probe() return debug.getlocal(2, 1) end
print("C temporary", pcall(probe))

-- Levels out of range; level 0 is getlocal itself.
print(pcall(debug.getlocal, 50, 1))
print(pcall(debug.setlocal, 50, 1, 1))
print("level 0", debug.getlocal(0, 1))
print(pcall(debug.getlocal, 1))
print(pcall(debug.setlocal, 1, 1))

-- Another coroutine.
local co = coroutine.create(function(a, ...)
  local b = a * 2
  coroutine.yield()
  print("after setlocal in co", a, b)
end)
coroutine.resume(co, 21, "extra")
print("co level 1", debug.getlocal(co, 1, 1), debug.getlocal(co, 1, 2), debug.getlocal(co, 1, -1))
print("co setlocal", debug.setlocal(co, 1, 2, "changed"))
coroutine.resume(co)
print(pcall(debug.getlocal, co, 5, 1))
