-- Error objects pass through pcall/error unchanged; errors inside metamethods.
local obj = {kind = "custom"}
local ok, e = pcall(error, obj)
print("identity", ok, e == obj, e.kind)
local ok2, e2 = pcall(function() local ok3, e3 = pcall(error, obj); error(e3) end)
print("rethrown identity", ok2, e2 == obj)
local ok4, e4 = pcall(function() error(obj, 2) end)
print("level ignored for tables", e4 == obj)
-- __tostring on an error object
local E = setmetatable({msg = "structured"}, {__tostring = function(s) return "E: " .. s.msg end})
local ok5, e5 = pcall(error, E)
print("tostring error", ok5, tostring(e5), e5 == E)
-- error objects through coroutines
local co = coroutine.create(function() error(obj) end)
local okc, ec = coroutine.resume(co)
print("through coroutine", okc, ec == obj)
-- errors in metamethods propagate with the metamethod's position
local M = setmetatable({}, {
  __index = function(t, k) error("no field " .. k) end,
  __add = function() error("cannot add") end,
  __call = function() error({from = "call"}) end,
  __eq = function() error("eq failed", 2) end,
})
print("__index error", pcall(function() return M.foo end))
print("__add error", pcall(function() return M + 1 end))
print("__call error", select(2, pcall(function() return M() end)).from)
print("__eq error level 2", pcall(function() return M == setmetatable({}, getmetatable(M)) end))
-- runtime error inside __index metamethod names the metamethod's variables
local N = setmetatable({}, {__index = function(t, k) local missing; return missing.x end})
print("runtime error in metamethod", pcall(function() return N.y end))
-- a string that already looks like a position still gets one
print("position added again", pcall(function() error("x.lua:1: already") end))
-- error while handling an error value conversion
print("non-string error message in tostring", pcall(function() error(setmetatable({}, {__tostring = function() return "obj" end})) end))
-- errors in __tostring called by print are reported
local bad = setmetatable({}, {__tostring = function() error("tostring broke") end})
print("print with bad __tostring", pcall(print, bad))
-- error(nil) vs error()
print("nil object", select("#", pcall(error, nil)), select(2, pcall(error, nil)))
