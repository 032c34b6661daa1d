-- __metatable protection and setmetatable/getmetatable rules.
local mt = {__metatable = "locked"}
local t = setmetatable({}, mt)
print("getmetatable protected", getmetatable(t))
print("setmetatable protected", pcall(setmetatable, t, {}))
print("setmetatable nil protected", pcall(setmetatable, t, nil))
local fmt = {__metatable = false}
local tf = setmetatable({}, fmt)
print("false metatable field", getmetatable(tf))
print("false protects too", pcall(setmetatable, tf, {}))
local tblmt = {__metatable = {fake = true}}
local tt = setmetatable({}, tblmt)
print("table as protector", getmetatable(tt).fake)

-- ordinary get/set
local plain = {}
local m = {}
print("returns table", setmetatable(plain, m) == plain)
print("get", getmetatable(plain) == m)
setmetatable(plain, nil)
print("removed", getmetatable(plain))
print("no metatable", getmetatable({}))
print("string metatable", type(getmetatable("")), getmetatable("").__index == string)
print("number metatable", getmetatable(1), getmetatable(nil), getmetatable(print))

-- argument errors
print("set on non-table", pcall(setmetatable, 1, {}))
print("set bad mt", pcall(setmetatable, {}, 1))
print("set missing mt", pcall(setmetatable, {}))
print("get no arg", pcall(getmetatable))

-- string metatable protection: getmetatable works but it's the shared table
local smt = getmetatable("x")
print("shared", smt == getmetatable("y"))

-- metatables shared between objects
local shared = {}
local o1, o2 = setmetatable({}, shared), setmetatable({}, shared)
print("shared mt", getmetatable(o1) == getmetatable(o2))
-- self as metatable
local selfmt = {}
selfmt.__index = selfmt
selfmt.hello = "hi"
setmetatable(selfmt, selfmt)
print("self metatable", selfmt.hello, getmetatable(selfmt) == selfmt)
print("self __index loops on missing keys", pcall(function() return selfmt.missing end))
