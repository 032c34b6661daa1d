-- table.sort.
local function show(t) local o = {} for i = 1, #t do o[i] = tostring(t[i]) end return table.concat(o, " ") end
local n = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(n)
print("numbers", show(n))
local mixed = {3, 1.5, -2, 10, 2.25, -0.5}
table.sort(mixed)
print("int/float", show(mixed))
local s = {"pear", "apple", "fig", "banana", "Apple"}
table.sort(s)
print("strings", show(s))
table.sort(s, function(a, b) return a > b end)
print("descending", show(s))
table.sort(s, function(a, b) return #a < #b or (#a == #b and a < b) end)
print("by length", show(s))
local recs = {{name = "b", age = 30}, {name = "a", age = 25}, {name = "c", age = 35}}
table.sort(recs, function(x, y) return x.age > y.age end)
print("records", recs[1].name, recs[2].name, recs[3].name)
local e = {}
table.sort(e)
print("empty", #e)
local one = {42}
table.sort(one)
print("single", one[1])
local dup = {3, 1, 3, 1, 2, 2}
table.sort(dup)
print("duplicates", show(dup))
local big = {}
for i = 1, 500 do big[i] = (i * 7919) % 1009 end
table.sort(big)
local ok = true
for i = 2, #big do if big[i - 1] > big[i] then ok = false end end
print("large sorted", ok, big[1], big[#big])
local sorted = {}
for i = 1, 100 do sorted[i] = i end
table.sort(sorted, function(a, b) return a > b end)
print("reverse of sorted", sorted[1], sorted[100])
-- which operand comes first in the message depends on the algorithm: only check the start
local okm, msgm = pcall(table.sort, {1, "x", 2})
print("mixed types", okm, msgm:match("^attempt to compare %a+ with %a+$") ~= nil)
print("tables without comparator", pcall(table.sort, {{}, {}}))
print("bad comparator type", pcall(table.sort, {1, 2}, 3))
-- __lt metamethod is used
local mt = {__lt = function(a, b) return a.v < b.v end}
local objs = {}
for i, v in ipairs({4, 1, 3, 2}) do objs[i] = setmetatable({v = v}, mt) end
table.sort(objs)
print("__lt", objs[1].v, objs[2].v, objs[3].v, objs[4].v)
-- the comparator's errors propagate
print("comparator error", pcall(table.sort, {1, 2, 3}, function() error("cmp failed") end))
-- sort by key with ties broken deterministically
local words = {"bb", "a", "ccc", "dd", "e"}
table.sort(words, function(a, b) if #a ~= #b then return #a < #b end return a < b end)
print("ties broken", show(words))
