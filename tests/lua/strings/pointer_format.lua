-- string.format("%p"): one text per object, different objects differ, "(null)" for values
-- that are not objects; short strings are interned (equal ones are one object); gsub
-- that changes nothing returns its subject itself.
local function p(v) return string.format("%p", v) end
local t, u = {}, {}
print("tables", p(t) == p(t), p(t) == p(u), p(t):match("^0x%x+$") ~= nil)
print("functions", p(print) == p(print), p(print) == p(pairs))
local co = coroutine.create(print)
print("threads", p(co) == p(co))
print("non-objects", p(nil), p(true), p(false), p(1), p(1.5), p(math.pi))
print("short strings", p("hello") == p("hel" .. "lo"), p("a") == p("b"))
local long = string.rep("abc", 20)
print("long string", p(long) == p(long), p(long) == p(string.rep("abc", 20)))
print("gsub unchanged", p(long) == p((long:gsub("x", "y"))), p(long) == p((long:gsub("a", {}))),
  p(long) == p((long:gsub("a", function() end))), p(long) == p((long:gsub("a", false and 1 or {}))))
print("gsub changed", p(long) == p((long:gsub("a", "a"))), p(long) == p((long:gsub("a", {a = "a"}))))
print("gsub count", select(2, long:gsub("x", "y")), select(2, long:gsub("a", {})))
print("gsub of a number", math.type((string.gsub(123, "x", "y"))), (string.gsub(123, "x", "y")))
print("width", (string.format("[%20p][%-20p]", t, t):gsub("0x%x+", "P")))
print("width null", string.format("[%10p][%-10p]", 1, nil))
print(pcall(string.format, "%#p", t))
print(pcall(string.format, "%.3p", t))
print(pcall(string.format, "%0p", t))
print(pcall(string.format, "%p"))
