-- What the debug library sees of functions loaded from binary chunks (string.dump), whole
-- and stripped: names of upvalues and locals, source and line information, tracebacks.

local function roundtrip(f, strip) return assert(load(string.dump(f, strip))) end

local up1, up2 = 1, 2
local function f(a, b)
  local sum = a + b
  local info = debug.getinfo(1, "Sl")
  local n1, v1 = debug.getlocal(1, 1)
  local n3 = debug.getlocal(1, 3)
  return info.source, info.short_src, info.what, info.linedefined, info.lastlinedefined,
    info.currentline, n1, v1, n3, up1, up2
end

for _, strip in ipairs({false, true}) do
  local g = roundtrip(f, strip)
  print("strip", strip)
  print("upvalues", debug.getupvalue(g, 1), (debug.getupvalue(g, 2)), debug.getupvalue(g, 3))
  print("set", debug.setupvalue(g, 2, 20), debug.setupvalue(g, 3, 30))
  print("params", debug.getlocal(g, 1), debug.getlocal(g, 2), debug.getlocal(g, 3))
  local info = debug.getinfo(g, "Su")
  print("info", info.source, info.short_src, info.what, info.linedefined,
    info.lastlinedefined, info.nups, info.nparams, info.isvararg)
  print("running", g(3, 4))
end

-- The upvalue order is lua5.4's (first use), and only the first is set on load.
local x, y, z = "x", "y", "z"
local function order() return z, x, y, print end
local o = roundtrip(order)
for i = 1, 5 do print("order", i, debug.getupvalue(o, i) ~= nil and (debug.getupvalue(o, i))) end
print("first is _G", select(2, debug.getupvalue(o, 1)) == _G, select(2, debug.getupvalue(o, 2)))

-- Tracebacks through loaded functions.
local function outer()
  local function inner() local s = debug.traceback("tb", 1) return s end
  local s = inner()
  return s
end
print(roundtrip(outer)())
print(roundtrip(outer, true)())
local so = roundtrip(function() local t = debug.traceback("stripped tb", 1) return t end, true)
print(so())
print(pcall(roundtrip(function() local function e() error("lvl", 2) end e() end, true)))
print(pcall(roundtrip(function() local function e() error("lvl", 2) end e() end)))
print(xpcall(roundtrip(function() local t = nil; return t.x end, true), debug.traceback))
