-- table.concat of a thousand 10 MB strings, then doubling a string without end.
local big = string.rep("x", 10 * 1024 * 1024)
local parts = {}
for i = 1, 1000 do parts[i] = big end
print(pcall(function() return #table.concat(parts) end))
local s = "x"
print(pcall(function() while true do s = s .. s end end))
print(#s > 0)
