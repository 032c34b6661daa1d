-- `select(2, ...)` drops one value a call and moves all the others: quadratic in the
-- number of values, a few instructions a call.
local t = {}
for i = 1, 100000 do t[i] = i end
local function g(...)
  if select("#", ...) == 0 then return end
  return g(select(2, ...))
end
while true do g(table.unpack(t)) end
