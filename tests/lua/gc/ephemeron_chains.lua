-- Ephemeron tables (weak keys, strong values) linked to each other: chains and cycles.
-- Only the explicit collections below collect, so what this prints does not depend on
-- when the collector would run by itself (the corpus also runs under --gc-stress).
collectgarbage("stop")
local function count(t) local n = 0 for _ in pairs(t) do n = n + 1 end return n end
local function counts(list)
  local r = {}
  for i, t in ipairs(list) do r[i] = count(t) end
  return table.concat(r, " ")
end
local function eph() return setmetatable({}, {__mode = "k"}) end

-- 1. A chain root -> a -> b -> c through four tables; the links are stored in both orders
--    of table creation, so a collector must go over the tables more than once.
local fwd = {eph(), eph(), eph(), eph()}
local bwd = {eph(), eph(), eph(), eph()}
local root = {name = "root"}
do
  local a, b, c = {name = "a"}, {name = "b"}, {name = "c"}
  fwd[1][root] = a; fwd[2][a] = b; fwd[3][b] = c; fwd[4][c] = {payload = "end"}
  local x, y, z = {name = "x"}, {name = "y"}, {name = "z"}
  bwd[4][root] = x; bwd[3][x] = y; bwd[2][y] = z; bwd[1][z] = {payload = "end"}
end
collectgarbage()
print("forward kept", counts(fwd))
print("backward kept", counts(bwd))
do
  local a = fwd[1][root]; local b = fwd[2][a]; local c = fwd[3][b]
  print("forward walk", a.name, b.name, c.name, fwd[4][c].payload)
  local x = bwd[4][root]; local y = bwd[3][x]; local z = bwd[2][y]
  print("backward walk", x.name, y.name, z.name, bwd[1][z].payload)
end
root = nil
collectgarbage()
print("forward dropped", counts(fwd))
print("backward dropped", counts(bwd))

-- 2. Cycles through ephemerons only (each key reachable only from another entry's value)
--    are garbage: two tables, three tables, and one table holding the whole cycle.
local c1, c2, c3 = eph(), eph(), eph()
local same = eph()
do
  local p, q = {}, {}
  c1[p] = q; c2[q] = p
  local r, s, t = {}, {}, {}
  c1[r] = {next = s}; c2[s] = {next = t}; c3[t] = {next = r}
  local u, v, w = {}, {}, {}
  same[u] = v; same[v] = w; same[w] = u
end
collectgarbage()
print("cycles collected", counts{c1, c2, c3, same})

-- 3. One strong root keeps a long chain alive across three tables; cutting the chain in
--    the middle frees exactly the part after the cut.
local ring = {eph(), eph(), eph()}
local holder = {{}}            -- the only strong reference to the chain's first key
local cut_at
do
  local prev = holder[1]
  for i = 1, 30 do
    local nxt = {i = i}
    ring[i % 3 + 1][prev] = nxt
    if i == 20 then cut_at = nxt end
    prev = nxt
  end
end
collectgarbage()
print("long chain kept", counts(ring))
do
  local node, steps, sum = holder[1], 0, 0
  while true do
    local nxt = ring[1][node] or ring[2][node] or ring[3][node]
    if not nxt then break end
    steps, sum, node = steps + 1, sum + nxt.i, nxt
  end
  print("long chain walk", steps, sum)
end
-- remove the link leaving node 20: nodes 21..30 become unreachable
for _, t in ipairs(ring) do t[cut_at] = nil end
cut_at = nil
collectgarbage()
print("after cut", counts(ring), count(ring[1]) + count(ring[2]) + count(ring[3]))
holder[1] = nil
collectgarbage()
print("after dropping the root", counts(ring))

-- 4. Keys that are not collectable (strings, numbers, booleans) are never removed, and
--    their values keep the rest of a chain alive.
local prim = eph()
local next_of = eph()
do
  local s, n, b, f = {tag = "s"}, {tag = "n"}, {tag = "b"}, {tag = "f"}
  prim["key" .. "s"] = s; prim[7] = n; prim[true] = b; prim[0.5] = f
  next_of[s] = {tag = "s2"}; next_of[n] = {tag = "n2"}
  next_of[b] = {tag = "b2"}; next_of[f] = {tag = "f2"}
  prim[false] = "plain"
end
collectgarbage()
print("primitive keys", count(prim), count(next_of))
print("values", prim.keys.tag, next_of[prim.keys].tag, next_of[prim[7]].tag,
  next_of[prim[true]].tag, next_of[prim[0.5]].tag, prim[false])

-- 5. Values that reach their own key through other tables (a strong one, another
--    ephemeron's value), and an ephemeron stored as the value of an entry of another one.
local outer, inner = eph(), eph()
local kept = {}
do
  local k1, k2 = {}, {}
  outer[k1] = {via = inner}; inner[k1] = {back = {list = {k1}}}
  outer[k2] = setmetatable({[k2] = "self"}, {__mode = "k"})
  kept[1] = k2
end
collectgarbage()
print("reaching the key through other tables", count(outer), count(inner), outer[kept[1]][kept[1]])
kept[1] = nil
collectgarbage()
print("after dropping k2", count(outer), count(inner))
