-- debug.getinfo: every field but activelines, for levels and functions.

local function fields(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys)
  local out = {}
  for _, k in ipairs(keys) do
    local v = t[k]
    if type(v) == "function" then v = "<function>" end
    out[#out + 1] = k .. "=" .. tostring(v)
  end
  return table.concat(out, " ")
end

local function here(...)
  return fields(debug.getinfo(1))
end
print("level 1", here(1, 2))
print("level 0", fields(debug.getinfo(0)))
print("main", fields(debug.getinfo(1, "Slnut")))
print("func field is the function", debug.getinfo(1, "f").func ~= nil,
  debug.getinfo(here, "f").func == here)

-- Options select fields; the order of letters does not matter.
for _, opt in ipairs({"S", "l", "u", "n", "t", "r", "f", "Sl", "lS", "", "nSltufr"}) do
  print("option '" .. opt .. "'", fields(debug.getinfo(1, opt)))
end

-- Functions instead of levels: no current line, no name.
local function two(a, b) return a end
local function va(a, ...) return ... end
print("two", fields(debug.getinfo(two)))
print("va", fields(debug.getinfo(va, "Su")))
print("print", fields(debug.getinfo(print)))
print("string.rep", fields(debug.getinfo(string.rep, "Snu")))
local up1, up2 = 1, 2
local function closure() return up1 + up2 end
print("closure", fields(debug.getinfo(closure, "u")))

-- Names as the caller sees them.
local t = {}
function t.f() return debug.getinfo(1, "n") end
function t:m() return debug.getinfo(1, "n") end
function g() return debug.getinfo(1, "n") end
local function l() return debug.getinfo(1, "n") end
print("field", fields(t.f()))
print("method", fields(t:m()))
print("global", fields(g()))
print("local", fields(l()))
print("no name (tail call)", fields((function() return l() end)()))
print("for iterator", (function()
  for _ in function() return nil, debug.getinfo(1, "n") end do end
  local r
  for x, info in function(_, c) if not c then return 1, debug.getinfo(1, "n") end end do r = info end
  return fields(r)
end)())
local mt = {__index = function(t, k) return debug.getinfo(1, "n") end,
            __add = function() return debug.getinfo(1, "n") end}
local obj = setmetatable({}, mt)
print("__index", fields(obj.x))
print("__add", fields(obj + 1))
print("pcall'd", fields(select(2, pcall(debug.getinfo, 1, "n"))))

-- Current lines through the stack.
local function lines()
  local out = {}
  for level = 1, 3 do out[#out + 1] = debug.getinfo(level, "l").currentline end
  return table.concat(out, " ")
end
local function mid()
  return (lines())
end
print("lines", mid())

-- Counting levels: the last is the host's C level.
local function depth()
  local n = 1
  while debug.getinfo(n, "S") do n = n + 1 end
  return n - 1, debug.getinfo(n - 1, "S").what
end
print("depth", depth())

-- Tail calls.
local function tc() return debug.getinfo(1, "t").istailcall end
local function caller() return tc() end
print("istailcall", caller(), (tc()))

-- Out of range and errors.
print("level 100", debug.getinfo(100))
print("level -1", debug.getinfo(-1))
for _, args in ipairs({{1, "X"}, {1, ">S"}, {1, "Sx"}, {}, {"a"}, {{}}}) do
  print("error", pcall(debug.getinfo, table.unpack(args)))
end
print("out of range beats a bad option", debug.getinfo(100, "X"))

-- Another thread: level 0 of a suspended coroutine is the yield.
local co = coroutine.create(function(a)
  local b = a
  coroutine.yield()
end)
coroutine.resume(co, 1)
print("co level 0", fields(debug.getinfo(co, 0)))
print("co level 1", fields(debug.getinfo(co, 1, "Sl")))
print("co level 2", debug.getinfo(co, 2))
print("co function", fields(debug.getinfo(co, print, "S")))
print("running thread", fields(debug.getinfo(coroutine.running(), 1, "l")))
