-- Mutation-heavy: stores new objects into old tables (every store is a write barrier check,
-- and many take the barrier's slow path while a cycle is under way).
-- usage: barrier.lua N
local n = tonumber(arg and arg[1]) or 1000000
local old = {}
for i = 1, 1000 do old[i] = {x = 0, y = {}} end
for i = 1, n do
  local o = old[i % 1000 + 1]
  o.y = {i}
  o.x = o.x + 1
  old[i % 1000 + 1] = o
end
local s = 0
for i = 1, 1000 do s = s + old[i].x + old[i].y[1] end
print(s)
