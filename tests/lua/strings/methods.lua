-- String methods via the string metatable.
local s = "Hello"
print("method", s:upper(), s:lower(), s:len(), s:rep(2, "-"), s:sub(2, 3), s:byte(1))
print("chained", s:lower():rep(2):upper(), ("  x "):gsub("%s", ""):len())
print("metatable index", getmetatable("").__index == string, getmetatable("abc") == getmetatable(""))
print("format method", ("%d-%s"):format(5, "x"))
print("find method", ("abc"):find("b"), ("a.c"):find(".", 1, true))
print("indexing a string", ("abc").len == string.len, type(("abc").upper))
print("string field nil", ("abc").nonexistent)
print("numeric index", ("abc")[1])
-- adding a function to the string table makes it a method
function string.shout(str) return str:upper() .. "!" end
print("custom method", ("hey"):shout())
string.shout = nil
print("removed", pcall(function() return ("hey"):shout() end))
-- methods on numbers do not work (numbers have no metatable)
print("number method", pcall(function() local n = 5 return n:rep(2) end))
-- # on strings vs __len
print("len op", #"abc", #"", #"\0\0\0")
-- string metatable arithmetic metamethods (string coercion)
local mt = getmetatable("")
local names = {}
for k in pairs(mt) do names[#names + 1] = k end
table.sort(names)
print("string metatable keys", table.concat(names, " "))
print("__add direct", mt.__add("1", "2"), mt.__unm("3"))
print("__add bad", pcall(mt.__add, "a", "1"))
print("__add with table", pcall(function() return "1" + {} end))
-- string comparison via methods
print("tostring identity", tostring("x") == "x", tostring(s) == s)
-- immutability
local t = s
t = t .. "!"
print("immutable", s, t)
