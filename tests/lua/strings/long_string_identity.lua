-- Equal long strings written in one chunk are one string object (lua5.4's lexer keeps
-- every string of a chunk in one table), whichever function they appear in.
local function addr(s) return string.format("%p", s) end
local s1 <const> = "01234567890123456789012345678901234567890123456789"
local s2 = "01234567890123456789012345678901234567890123456789"
local function f() return "01234567890123456789012345678901234567890123456789" end
local function g() return s1 end
print("same constant", addr(s1) == addr(s2))
print("other function", addr(s1) == addr(f()))
print("through upvalue", addr(s2) == addr(g()))
-- A string made at run time is a new object.
local built = ("0123456789"):rep(5)
print("built equal", built == s1, "built same object", addr(built) == addr(s1))
