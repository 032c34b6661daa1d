-- print writes each argument as soon as it has converted it (lbaselib.c's luaB_print:
-- luaL_tolstring, then lua_writestring, a tab before all but the first), so what the
-- earlier arguments wrote stays in the output when a later __tostring fails, and what a
-- __tostring prints or writes comes out between the arguments. Both engines used to
-- convert everything first and then write the line, or nothing.
local bad = setmetatable({}, {__tostring = function() error("no string") end})
local notstr = setmetatable({}, {__tostring = function() return {} end})
local num = setmetatable({}, {__tostring = function() return 42 end})
local loud = setmetatable({}, {__tostring = function() print("inside"); return "loud" end})
local writes = setmetatable({}, {__tostring = function() io.write("[w]"); return "writes" end})
local nested = setmetatable({}, {__tostring = function() print("n1", loud, "n2"); return "nested" end})

print(pcall(print, 1, "two", bad, "four"))
print(pcall(print, bad, 1))
print(pcall(print, "a", notstr, "c"))
print(pcall(print, "a", num))
print(pcall(print, 1, loud, 3))
print(pcall(print, loud, loud))
print(pcall(print, "x", nested, "y"))
print(pcall(print, "x", writes, "y"))
io.write("before ")
print("p1", writes)
io.write("after\n")

-- __tostring = print: the nested print converts the same value again, for ever, until
-- the C stack overflows; the outer print's first arguments are out by then.
local prints = setmetatable({}, {__tostring = print})
print(pcall(print, "pp", "qq", prints))
local viatostring = setmetatable({}, {__tostring = function(t) return tostring(t) end})
local ok, e = pcall(print, "deep", viatostring)
print(ok, (string.gsub(tostring(e), "^.-:%d+: ", "")))

-- print with no arguments writes a newline; the other types convert as tostring does.
print(select("#", pcall(print)))
print(pcall(print, nil, false, 1.5, 2^63, -0.0, math.mininteger))

-- A __tostring that yields cannot (print calls it from native code).
local co = coroutine.wrap(function()
  local y = setmetatable({}, {__tostring = function() return coroutine.yield("y") end})
  print("co", y)
end)
print(pcall(co))

-- Buffering: print's lines and io.write's text keep their order, whatever io.stdout's mode.
for _, mode in ipairs{"full", "line", "no"} do
  io.stdout:setvbuf(mode)
  io.write(mode, ": ")
  print("printed", writes)
  io.write("written ")
  print(pcall(print, "again", bad))
end
io.stdout:setvbuf("full")
