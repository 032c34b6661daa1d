-- Deep structures through the library: nested tables printed, sorted, concatenated.
local t = {}
for i = 1, 1e5 do t = {t} end
print(pcall(table.concat, t))
local mt = {}
mt.__lt = function(a, b) return a.v < b.v end
local arr = {}
for i = 1, 1e4 do arr[i] = setmetatable({v = (i * 7919) % 1e4}, mt) end
table.sort(arr)
print(arr[1].v, arr[#arr].v)
local s = setmetatable({}, {__concat = function(a, b) return a end})
print(pcall(function() local r = s for i = 1, 1e5 do r = r .. s end return r == s end))
