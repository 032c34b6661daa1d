-- The utf8.codes iterator called by hand: its control value is converted as
-- lua_tointeger does (a value that is no integer counts as 0), never checked; only the
-- string is.
local f, s, c = utf8.codes("a\u{E9}b")
print(type(f), s, c)
local controls = {0, 1, 2, 3, 4, 5, -1, math.maxinteger, math.mininteger, 1.0, 1.5, "2", "0x1", " 3 ", "x", {}, true, nil}
for i = 1, #controls + 1 do
  local v = controls[i]
  local shown = type(v) == "table" and "table" or tostring(v)
  print(shown, pcall(f, s, v))
end
print(pcall(f, s))
print(pcall(f, {}, 0))
print(pcall(f, 12, 0))
print(pcall(f))
-- As the loop runs it.
for p, code in utf8.codes("x\u{10FFFF}y") do print(p, code) end
for p, code in utf8.codes("\u{7FFFFFFF}", true) do print(p, code) end
print(pcall(function() for p, code in utf8.codes("a\xffb") do print(p, code) end end))
-- A stray continuation byte after a character is skipped (lua 5.4.4), not an error.
for p, code in utf8.codes("a\x80\x80b") do print(p, code) end
-- The iterator as a metamethod.
local t = setmetatable({}, {__call = f, __index = f})
print(pcall(t, 0))
print(pcall(function() return t[1] end))
