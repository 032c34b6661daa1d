-- An __index chain of a million tables, and an __index function that recurses.
local t = {}
for i = 1, 1e6 do t = setmetatable({}, {__index = t}) end
print(pcall(function() return t.x end))
local r = setmetatable({}, {})
getmetatable(r).__index = function(s, k) return s[k .. "x"] end
print(pcall(function() return r.a end))
