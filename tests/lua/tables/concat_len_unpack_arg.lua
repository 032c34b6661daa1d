-- Found by the differential fuzz target with lua5.4 in process (issue 17): both engines
-- disagreed with lua5.4. ltablib.c's tconcat takes the table's length (`__len`) first, even
-- when the last index is given; tunpack does not check its first argument, so without one
-- taking its length is what fails.
local t = setmetatable({}, {__index = function() return "%d" end, __len = function() return 0.5 end})
print(pcall(function() return #table.concat(t, "", 1, 10) end))
print(pcall(table.concat, t, "", 1, 10))
print(pcall(table.concat, t, {}, 1, 2))
local calls = 0
local u = setmetatable({"a", "b"}, {__len = function() calls = calls + 1 return 2 end})
print(table.concat(u, ",", 1, 2), calls)
print(table.unpack(u, 1, 2), calls)
print(pcall(table.unpack))
print(pcall(function() return table.unpack() end))
print(pcall(table.unpack, nil))
