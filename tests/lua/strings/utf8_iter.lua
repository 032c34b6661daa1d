-- utf8.offset and utf8.codes.
local s = "aé€😀z"
print("bytes", #s)
print("offset forward", utf8.offset(s, 1), utf8.offset(s, 2), utf8.offset(s, 3), utf8.offset(s, 4), utf8.offset(s, 5), utf8.offset(s, 6), utf8.offset(s, 7))
print("offset backward", utf8.offset(s, -1), utf8.offset(s, -2), utf8.offset(s, -5), utf8.offset(s, -6))
print("offset zero", utf8.offset(s, 0, 3), utf8.offset(s, 0, 4), utf8.offset(s, 0, 5), utf8.offset(s, 0, 1))
print("offset from i", utf8.offset(s, 2, 2), utf8.offset(s, -1, 4))
print("offset continuation", pcall(utf8.offset, s, 1, 3))
print("offset out of range", pcall(utf8.offset, s, 1, 20))
print("offset empty", utf8.offset("", 1), utf8.offset("", -1), utf8.offset("", 0))

for p, c in utf8.codes(s) do print("codes", p, c) end
for p, c in utf8.codes("") do print("never", p, c) end
print("codes invalid", pcall(function() for _ in utf8.codes("a\xffb") do end end))
print("codes truncated", pcall(function() for _ in utf8.codes("a\xe2\x82") do end end))
print("codes surrogate strict", pcall(function() for _ in utf8.codes("\u{D800}") do end end))
local lax = {}
for _, c in utf8.codes("\u{D800}x", true) do lax[#lax + 1] = c end
print("codes lax", table.concat(lax, ","))

-- reverse a utf8 string by code points
local rev = {}
for _, c in utf8.codes("añb€") do table.insert(rev, 1, utf8.char(c)) end
print("reversed", table.concat(rev))

-- substring by code point indexes
local function usub(str, i, j)
  local a = utf8.offset(str, i)
  local b = utf8.offset(str, j + 1)
  return str:sub(a, b - 1)
end
print("usub", usub(s, 2, 3), usub(s, 4, 4), usub(s, 1, 5) == s)
