-- table.unpack and table.move.
local t = {10, 20, 30, 40}
print("unpack", table.unpack(t))
print("unpack i", table.unpack(t, 3))
print("unpack i j", table.unpack(t, 2, 3))
print("unpack past", table.unpack(t, 4, 6))
print("unpack empty", select("#", table.unpack(t, 3, 2)))
print("unpack zero", table.unpack({[0] = "z", "a"}, 0, 1))
print("unpack negative", table.unpack({[-1] = "m"}, -1, -1))
print("unpack too many", pcall(table.unpack, {}, 1, 1e7))
print("unpack huge range", pcall(table.unpack, {}, math.mininteger, math.maxinteger))
print("unpack maxint single", table.unpack({}, math.maxinteger, math.maxinteger))
print("unpack with __index", table.unpack(setmetatable({}, {__index = function(_, k) return k * 2 end}), 1, 3))
print("unpack string arg", pcall(table.unpack, "abc"))
print("global unpack absent", unpack == nil)

local function show(x, n) local o = {} for i = 1, n do o[i] = tostring(x[i]) end return table.concat(o, ",") end
local a = {1, 2, 3, 4, 5}
table.move(a, 2, 4, 1)
print("move down", show(a, 5))
a = {1, 2, 3, 4, 5}
table.move(a, 1, 3, 3)
print("move up overlap", show(a, 5))
a = {1, 2, 3}
local b = {}
local r = table.move(a, 1, 3, 2, b)
print("move to other", show(b, 4), r == b)
print("move returns dest", table.move({1}, 1, 1, 1) ~= nil)
a = {1, 2, 3}
table.move(a, 2, 1, 1)
print("move empty range", show(a, 3))
a = {1, 2, 3}
table.move(a, 1, 3, 1)
print("move same", show(a, 3))
local c = {[0] = "z", "a", "b"}
table.move(c, 0, 2, 5)
print("move from zero", c[5], c[6], c[7])
print("move too many", pcall(table.move, {}, 1, math.maxinteger, 2))
print("move dest wrap", pcall(table.move, {1, 2}, 1, 2, math.maxinteger))
print("move bad arg", pcall(table.move, {}, 1, 2))
print("move neg start", pcall(table.move, {1}, math.mininteger, 0, 1))
-- move with metamethods
local log = {}
local dst = setmetatable({}, {__newindex = function(tt, k, v) log[#log + 1] = k .. "=" .. v; rawset(tt, k, v) end})
table.move({"x", "y"}, 1, 2, 1, dst)
print("move newindex", table.concat(log, " "))
