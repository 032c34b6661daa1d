-- string.format("%q", ...).
local f = string.format
print(f("%q", "hello"))
print(f("%q", 'with "quotes"'))
print(f("%q", "back\\slash"))
print(f("%q", "new\nline"))
print(f("%q", "cr\rtab\tzero\0end"))
print(f("%q", "\1\2\31\127"))
print(f("%q", "\0001"))
print(f("%q", "\200\255") == '"\200\255"')
print(f("%q", ""))
print(f("%q", 42))
print(f("%q", -7))
print(f("%q", math.mininteger))
print(f("%q", 1.5))
print(f("%q", 0.1))
print(f("%q", 1/0))
print(f("%q", -1/0))
print(f("%q", 2^63))
print(f("%q", 1.0))
print(f("%q", true), f("%q", false), f("%q", nil))
print("q table", pcall(f, "%q", {}))
print("q modifiers", pcall(f, "%10q", "x"))
-- %q output loads back to the same value
local vals = {"a\nb", "\0\1\2", "x\"y\\z", 123, 1.25, math.mininteger, 0.1, -0.0}
for i, v in ipairs(vals) do
  local back = load("return " .. f("%q", v))()
  print("roundtrip", i, back == v, math.type(back) == math.type(v))
end
local nan = f("%q", 0/0)
print("nan", nan)
print("nan loads", (function() local x = load("return " .. nan)() return x ~= x end)())
