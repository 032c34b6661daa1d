-- The string metatable's arithmetic metamethods (lstrlib.c's `stringmetamethods`), and
-- __name in tostring and print.
local mt = getmetatable("")
local names = {"__add", "__sub", "__mul", "__div", "__mod", "__pow", "__unm", "__idiv"}
for _, k in ipairs(names) do io.write(k, "=", type(mt[k]), " ") end
print()
print("__index", mt.__index == string)
print(mt.__add("1", 2), mt.__sub("10", "4"), mt.__mul("3", "0x10"), mt.__div("1", "4"))
print(mt.__mod("7", "3"), mt.__pow("2", "10"), mt.__unm("5"), mt.__idiv("7.5", "2"))
print("10" + 1, "3" * "4", -"2", "2" ^ "3", "10" // "3", "10" % "3", " 0x10 " + 0)
print(pcall(mt.__add, "a", 2))
print(pcall(mt.__add, {}, 2))
print(pcall(mt.__unm, "x"))
print(pcall(function() return "a" + 1 end))
print(pcall(function() return {} + "1" end))
print(pcall(function() return "1" & 3 end))
print(pcall(function() return "1.5" | 3 end))

local named = setmetatable({}, {__name = "MyType"})
print((tostring(named):gsub("0x%x+", "ADDR")))
print(pcall(function() return named + 1 end))
print(pcall(function() return #named < 1, named < 1 end))
local badname = setmetatable({}, {__name = 42})
print((tostring(badname):gsub("0x%x+", "ADDR")))
local both = setmetatable({}, {__name = "N", __tostring = function() return "custom" end})
print(both, tostring(both))
print(pcall(tostring, setmetatable({}, {__tostring = function() return {} end})))
print(pcall(print, setmetatable({}, {__tostring = function() return 12 end})))
