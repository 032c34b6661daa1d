-- Single and multiple assignment, adjustment of value lists.
local a, b, c = 1, 2
print(a, b, c)
a, b = b, a
print(a, b)
local x, y = 1, 2, 3
print(x, y)
local t = {}
local i = 3
i, t[i] = i + 1, 20
print(i, t[3], t[4])
g1, g2 = "g1", "g2"
print(g1, g2)
local function mr() return 1, 2, 3 end
local p, q, r, s = mr()
print(p, q, r, s)
p, q, r, s = 0, mr()
print(p, q, r, s)
p, q, r, s = mr(), 10
print(p, q, r, s)
p, q = (mr())
print(p, q)
t.a, t.b, t["c"] = "A", "B", "C"
print(t.a, t.b, t.c)
local n = {x = {y = {}}}
n.x.y.z = "deep"
print(n.x.y.z, n["x"]["y"]["z"], n.x["y"].z)
local u, v
u, v = v, u
print(u, v)
local m = {}
m[1], m[2], m[3] = mr()
print(m[1], m[2], m[3])
local w = 1; w = w + 1; w = w * 10
print(w)
local fns = {}
fns.get = function() return fns end
fns.get().value, fns.get()["other"] = 7, 8
print(fns.value, fns.other)
a, b, c = nil
print(a, b, c)
