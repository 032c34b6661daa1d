-- Corners where the manual leaves room and lua5.4's behaviour is the rule.
-- warn takes numbers as strings (luaL_checkstring); with warnings off it prints nothing.
print(pcall(warn, 1))
print(pcall(warn, "a", 2, "c"))
print(pcall(warn, "a", {}))
-- A float loop whose start or limit is NaN runs once: forprep's test is false for NaN.
local n = 0
for i = 1.0, 0/0 do n = n + 1 end
print("nan limit", n)
for i = 0/0, 1 do n = n + 1 end
print("nan start", n)
for i = 1, 0/0, 0.5 do n = n + 1 end
print("nan limit, float step", n)
-- An order function that is always true is an error, not a silent mess.
local t = {}
for i = 1, 100 do t[i] = (i * 37) % 101 end
print(pcall(table.sort, t, function(a, b) return true end))
-- next with a key of the wrong kind.
print(pcall(next, {1, 2}, 1.0))
