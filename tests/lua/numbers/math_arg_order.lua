-- Which argument an error names when several are bad, and which library functions are the
-- same value (light C functions in lua5.4). The messages come out through pcall, so they
-- name the function by its place in package.loaded.
print(pcall(math.fmod, {}, {}))
print(pcall(math.fmod, "x", "y"))
print(pcall(math.fmod, {}, 1))
print(pcall(math.fmod, 1, {}))
print(pcall(math.fmod, 1.5, {}))
print(pcall(math.fmod, 1, 0))
print(pcall(math.fmod, 1, 0.0) ~= nil)
print(pcall(math.fmod))
-- fmod as a metamethod: both operands are tables, the second is named.
local t = setmetatable({}, {__add = math.fmod, __mod = math.fmod})
print(pcall(function() return t + t end))
print(pcall(function() return t % 2 end))
print(pcall(function() return 7 % t end))
-- atan2 (LUA_COMPAT_MATHLIB) is atan itself.
print(math.atan2 == math.atan, math.atan2(1, 1) == math.atan(1, 1), math.atan2(1) == math.atan(1))
print(math.pow == math.pow, math.ldexp ~= math.frexp, math.log10 ~= math.log)
-- utf8.codes returns the same iterator every time (one for strict, one for lax).
print(utf8.codes("") == utf8.codes("abc"), utf8.codes("", true) == utf8.codes("abc", true))
print(utf8.codes("") == utf8.codes("", true), utf8.codes("", nil) == utf8.codes(""))
