-- debug.getupvalue / setupvalue / upvalueid.

local a, b = 1, "two"
local function f() return a, b end
print("get", debug.getupvalue(f, 1))
print("get", debug.getupvalue(f, 2))
print("past the end", select("#", debug.getupvalue(f, 3)))
print("index 0", select("#", debug.getupvalue(f, 0)))
print("set", debug.setupvalue(f, 1, 10), a, f())
print("set past the end", select("#", debug.setupvalue(f, 5, 1)))

-- _ENV is an upvalue of the main chunk and of functions using globals.
local function uses_global() return print end
print("_ENV", (debug.getupvalue(uses_global, 1)))
print("main chunk's", (debug.getupvalue(load("return x"), 1)))

-- Native closures' upvalues have empty names.
local it = string.gmatch("a b", "%a")
print("C upvalue name", string.format("%q", (debug.getupvalue(it, 1))))
print("print has none", select("#", debug.getupvalue(print, 1)))

-- Shared cells have one identity.
local shared = 0
local function inc() shared = shared + 1 end
local function get() return shared end
print("same cell", debug.upvalueid(inc, 1) == debug.upvalueid(get, 1))
print("different cells", debug.upvalueid(f, 1) == debug.upvalueid(f, 2))
print("id type", type(debug.upvalueid(f, 1)))
print("no such upvalue", debug.upvalueid(f, 3), debug.upvalueid(print, 1))

-- Each closure made in a loop has its own cell.
local fs = {}
for i = 1, 2 do fs[i] = function() return i end end
print("loop cells", debug.upvalueid(fs[1], 1) == debug.upvalueid(fs[2], 1))

-- Errors.
print(pcall(debug.getupvalue, 1, 1))
print(pcall(debug.getupvalue, f))
print(pcall(debug.setupvalue, f, 1))
print(pcall(debug.upvalueid, {}, 1))
