-- debug.upvaluejoin: two closures share one upvalue cell.

local x, y = "x", "y"
local function fx() return x end
local function fy() return y end
debug.upvaluejoin(fx, 1, fy, 1)
print("joined", fx(), fy(), debug.upvalueid(fx, 1) == debug.upvalueid(fy, 1))
y = "y2"
print("after set", fx(), fy())
x = "x2"
print("old cell", x, fx())

print(pcall(debug.upvaluejoin, fx, 2, fy, 1))
print(pcall(debug.upvaluejoin, fx, 1, fy, 0))
print(pcall(debug.upvaluejoin, print, 1, fy, 1))
print(pcall(debug.upvaluejoin, string.gmatch("a", "a"), 1, fy, 1))
print(pcall(debug.upvaluejoin, fx, 1, string.gmatch("a", "a"), 1))
