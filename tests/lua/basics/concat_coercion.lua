-- String coercion in concatenation.
print("int", 1 .. 2, 10 .. "")
print("float", 1.5 .. "", 2.0 .. "|", -0.0 .. "")
print("mixed", "n=" .. 42, 3 .. "x" .. 4.25)
print("big", math.maxinteger .. "", math.mininteger .. "")
print("exp", 1e100 .. "", 2^63 .. "", 1e15 .. "", 1e16 .. "")
print("inf", (1/0) .. "", (-1/0) .. "")
print("chain", "a" .. "b" .. "c" .. 1 .. 2)
print("right assoc", "x" .. 1 + 2 .. "y")
print("empty", "" .. "", #("" .. ""))

-- numbers need a space before .. when written as literals
local n = 7
print("var", n .. n)

-- errors
print("nil", pcall(function() return "a" .. nil end))
print("bool", pcall(function() return "a" .. true end))
print("table", pcall(function() return {} .. "a" end))
local t = {}
print("field", pcall(function() return "a" .. t.missing end))
local up = nil
print("upvalue", pcall(function() return up .. "a" end))

-- tostring vs concat
print("tostring", tostring(10) == 10 .. "", tostring(0.1) == 0.1 .. "")

-- long concatenation
local parts = {}
for i = 1, 10 do parts[i] = i end
local s = ""
for i = 1, 10 do s = s .. parts[i] end
print("loop", s, #s)

-- concatenating results of arithmetic
print("arith", (1 + 1) .. (2 * 3), 7 // 2 .. "", 7 / 2 .. "")
