-- __eq.
local calls = 0
local E = {__eq = function(a, b) calls = calls + 1; return a.id == b.id end}
local a = setmetatable({id = 1}, E)
local b = setmetatable({id = 1}, E)
local c = setmetatable({id = 2}, E)
print("eq", a == b, a == c, a ~= b, a ~= c, calls)
calls = 0
print("same object no call", a == a, calls)
print("table vs number no call", a == 1, 1 == a, a == "x", calls)
print("table vs nil", a == nil, a ~= nil, calls)
-- only one operand needs the metamethod
local plain = {id = 1}
calls = 0
print("one side", a == plain, plain == a, calls)
-- result converted to boolean
local T = {__eq = function() return "yes" end}
local t1, t2 = setmetatable({}, T), setmetatable({}, T)
print("truthy result", t1 == t2, t1 ~= t2)
local F = {__eq = function() return nil end}
local f1, f2 = setmetatable({}, F), setmetatable({}, F)
print("falsy result", f1 == f2, f1 ~= f2)
-- different metamethods: first operand's used
local X = setmetatable({}, {__eq = function() return true end})
local Y = setmetatable({}, {__eq = function() return false end})
print("first operand wins", X == Y, Y == X)
-- rawequal bypasses
print("rawequal", rawequal(a, b), rawequal(a, a))
-- table keys use raw equality
local tab = {[a] = "a"}
print("key lookup raw", tab[b], tab[a])
-- __eq not used for different types even with metamethod
local num_mt = setmetatable({}, {__eq = function() return true end})
print("different types", num_mt == 0, num_mt == false)
-- __eq between userdata-free objects in table.sort style searches
local list = {a, c}
local function find(l, x) for i, v in ipairs(l) do if v == x then return i end end end
print("find via eq", find(list, b), find(list, setmetatable({id = 2}, E)), find(list, setmetatable({id = 3}, E)))
