-- debug.getmetatable / setmetatable on every type, getregistry, user values, setcstacklimit.

-- No protection through the debug library.
local t = setmetatable({}, {__metatable = "locked"})
print("getmetatable", getmetatable(t), type(debug.getmetatable(t)))
print("setmetatable returns its first argument", debug.setmetatable(t, nil) == t, getmetatable(t))

-- Numbers.
debug.setmetatable(0, {
  __index = function(n, k) return k .. ":" .. n end,
  __call = function(n, a) return n * a end,
  __concat = function(a, b) return "cat" end,
  __len = function(n) return -n end,
})
print("number index", (5).x, (2.5).y)
print("number call", (6)(7))
print("number len", #(3))
print("number concat", 1 .. {})
print("number mt shared", debug.getmetatable(1) == debug.getmetatable(2.5))
debug.setmetatable(1, nil)
print("removed", debug.getmetatable(1), pcall(function() return (5).x end))

-- Booleans and nil.
debug.setmetatable(true, {__index = function(b, k) return "bool " .. k end,
                          __tostring = function(b) return "B" end})
print("boolean", (false).z, tostring(true))
debug.setmetatable(false, nil)
debug.setmetatable(nil, {__index = function(_, k) return "nil." .. k end,
                         __len = function() return 0 end})
local n = nil
print("nil", n.field, #n)
debug.setmetatable(nil, nil)
print("nil removed", pcall(function() return n.field end))

-- Functions.
debug.setmetatable(print, {__index = {name = "a function"}, __concat = function(a, b) return "f.." end})
print("function", print.name, (function() end).name, print .. "x")
debug.setmetatable(print, nil)

-- Strings: the string library's metatable is the shared one.
local smt = debug.getmetatable("")
print("string mt", smt == getmetatable("x"), smt.__index == string)
debug.setmetatable("", {__index = function(s, k) return "custom " .. k end})
print("string custom", ("abc").len)
debug.setmetatable("", smt)
print("string restored", ("abc"):len())

-- Threads.
debug.setmetatable(coroutine.running(), {__index = {kind = "thread"}})
print("thread", coroutine.create(print).kind)
debug.setmetatable(coroutine.running(), nil)

-- __gc set through the debug library still finalizes tables.
do
  debug.setmetatable({}, {__gc = function() print("finalized") end})
end
collectgarbage()

-- Registry, user values, the C stack limit.
local reg = debug.getregistry()
print("registry", type(reg), type(reg._LOADED), reg._LOADED.string == string)
print("getuservalue", debug.getuservalue(1), debug.getuservalue({}, 2), select("#", debug.getuservalue("x")))
print("setcstacklimit", debug.setcstacklimit(100))

-- Errors.
print(pcall(debug.getmetatable))
print(pcall(debug.setmetatable, 1, 2))
print(pcall(debug.setmetatable, 1))
print(pcall(debug.setuservalue, 1, 2))
print(pcall(debug.setuservalue, {}, 2))
print(pcall(debug.setcstacklimit))
