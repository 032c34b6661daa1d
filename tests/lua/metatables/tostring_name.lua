-- __tostring and __name.
local P = {__tostring = function(p) return "Point(" .. p.x .. ", " .. p.y .. ")" end}
local p = setmetatable({x = 1, y = 2}, P)
print("tostring", tostring(p))
print(p)
print("print multiple", p, "after")
print("format %s", string.format("%s", p))
print("concat does not use __tostring", pcall(function() return "p=" .. p end))

-- __tostring must return a string
local bad = setmetatable({}, {__tostring = function() return 42 end})
print("number result accepted", tostring(bad))
local worse = setmetatable({}, {__tostring = function() return {} end})
print("table result", pcall(tostring, worse))
local errs = setmetatable({}, {__tostring = function() error("inside tostring") end})
print("error inside", pcall(tostring, errs))

-- __name gives the type name in tostring and error messages
local named = setmetatable({}, {__name = "MyType"})
print("name prefix", (tostring(named):gsub("0x%x+", "ADDR"):gsub(": [%x]+$", ": ADDR")))
print("name only prefix check", tostring(named):sub(1, 8))
local named_str = setmetatable({}, {__name = 123})
print("non-string name ignored", tostring(named_str):sub(1, 7))
print("name in arg error", pcall(string.rep, named))
print("name in math arg error", pcall(math.floor, named))
-- __tostring wins over __name
local both = setmetatable({}, {__name = "N", __tostring = function() return "T" end})
print("both", tostring(both))
-- __name does not affect type()
print("type", type(named), type(p))
-- tostring on primitives
print("primitives", tostring(nil), tostring(true), tostring(12), tostring(1.5), tostring("s"))
-- tostring with no argument
print("no arg", pcall(tostring))
-- table without __tostring starts with "table: "
print("default prefix", tostring({}):sub(1, 7), tostring(print):sub(1, 10))
