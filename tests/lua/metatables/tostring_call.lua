-- __tostring gets exactly one argument (luaL_tolstring's luaL_callmeta), and may return a
-- number; anything else is an error.
local mt = {__tostring = function(...) return select("#", ...) end}
print(tostring(setmetatable({}, mt)))
print(setmetatable({}, mt))
print(pcall(tostring, setmetatable({}, {__tostring = function() return {} end})))
print(pcall(tostring, setmetatable({}, {__tostring = function() return 42.5 end})))
print(pcall(tostring, setmetatable({}, {__tostring = function() error("inside") end})))
print(pcall(tostring, setmetatable({}, {__tostring = error})) == false)
print(string.format("%s|%10s", setmetatable({}, mt), setmetatable({}, mt)))
