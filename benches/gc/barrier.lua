-- Mutation-heavy: three stores per iteration into 1000 long-lived tables (a field, an
-- array slot, a field holding another table), each a write-barrier check. With "alloc",
-- the stored table is new, so while a collection is under way barriers take the slow path.
-- usage: barrier.lua N [alloc]
local n = tonumber(arg and arg[1]) or 1000000
local alloc = arg and arg[2] == "alloc"
local old = {}
for i = 1, 1000 do old[i] = {x = 0, y = false} end
for i = 1, n do
  local o = old[i % 1000 + 1]
  if alloc then
    o.y = {i}
  else
    o.y = old[(i * 7) % 1000 + 1]
  end
  o.x = o.x + 1
  old[i % 1000 + 1] = o
end
local s = 0
for i = 1, 1000 do s = s + old[i].x end
print(s)
