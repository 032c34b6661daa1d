-- Methods of strings (`s:name()`) follow the string metatable's `__index`, whatever a
-- program puts there; and the captures find/match/gmatch/gsub hand back.
local s = "hello world"
print(s:byte(1), s:byte(-1), s:byte(100), s:upper(), s:len(), ("%d"):format(7))
local mt = getmetatable("")
local saved = mt.__index
print(pcall(function() return s:nosuch() end))
mt.__index = function(str, k) return function(self, ...) return "fn:" .. k .. ":" .. self, ... end end
print(s:anything(1, 2))
mt.__index = setmetatable({extra = function(self) return #self * 2 end}, {__index = saved})
print(s:extra(), s:upper(), s:sub(1, 3))
mt.__index = {}
print(pcall(function() return s:upper() end))
mt.__index = saved
print(s:rep(2, "|"))
string.shout = function(self) return self:upper() .. "!" end
print(s:shout())
string.shout = nil
print(pcall(function() return (1):upper() end))

print(s:find("(o)(r)"), s:find("()o"), s:find("o", 6), s:find("l+"), s:find("xyz"))
print(s:match("(h)(e)(l)"), s:match("()ll()"), s:match("w%a+"), s:match("^(%a+)"))
for a, b in s:gmatch("(%a)(%a)") do io.write(a, b, ";") end
print()
for p in s:gmatch("()o") do io.write(p, ";") end
print()
print(s:gsub("o", {o = "0"}), s:gsub("(l)(l)", "%2%1"), s:gsub("%w+", function(w) return #w end))
print(s:gsub("(h)(e)", function(a, b) return b .. a end), s:gsub("()", "%1", 3))
print(s:gsub("x*", "-"), ("abc"):gsub("", "/"), s:gsub("o", false and 1 or {}))
print(pcall(string.find, s, "(()"))
print(pcall(string.gsub, s, "(o)", "%2"))
print(pcall(string.match, s, "%"))
print(pcall(string.gsub, s, "o", function() return {} end))
print(pcall(string.find, s, "%1"))
-- string.byte's one-index form at the edges
print(s:byte(0), s:byte(-11), s:byte(-12), s:byte(11), s:byte(12), (""):byte(1))
print(s:byte(math.mininteger), s:byte(math.maxinteger), s:byte(2.0), s:byte("3"), select("#", s:byte(0)))
print(pcall(string.byte, s, 1.5))
