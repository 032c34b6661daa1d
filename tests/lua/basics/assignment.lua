-- Multiple assignment, swaps, and simple evaluation-order cases.
local a, b, c = 1, 2
print("missing", a, b, c)
a, b = b, a
print("swap", a, b)
local x, y = 1, 2, 3
print("extra", x, y)

-- all right-hand expressions are evaluated before assignment
local i = 1
local t = {}
i, t[i] = i + 1, 20
print("index before", i, t[1], t[2])

local p, q, r = (function() return 1, 2, 3 end)()
print("call expands", p, q, r)
local u, v, w = (function() return 1, 2, 3 end)(), 10
print("call truncated", u, v, w)

-- globals
g1, g2 = "one", "two"
print("globals", g1, g2, type(g3))
g1 = nil
print("global cleared", g1)

-- assignment to table fields through different syntaxes
local s = {}
s.x, s["y"], s[1] = "dot", "bracket", "int"
print("fields", s.x, s.y, s[1])

-- nested tables
local n = {inner = {}}
n.inner.deep = 5
n["inner"]["other"] = 6
print("nested", n.inner.deep, n.inner.other)

-- chained locals see previous values only after the statement
local k = 10
do
  local k, m = 20, k
  print("rhs sees outer", k, m)
end
print("outer intact", k)

-- compound-like updates
local cnt = 0
for _ = 1, 5 do cnt = cnt + 2 end
print("accumulate", cnt)

-- assignment of nil explicitly and by omission
local e1, e2 = nil
print("nils", e1, e2)

-- swap of table fields
local sw = {1, 2, 3}
sw[1], sw[3] = sw[3], sw[1]
print("table swap", sw[1], sw[2], sw[3])
