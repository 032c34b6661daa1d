-- A long chain of __index / __newindex tables ends after MAX_TAG_LOOP (2000) steps with
-- lua5.4's error, and building it is linear (registering a metatable is O(1)).
local t = {}
for i = 1, 5000 do t = setmetatable({}, {__index = t, __newindex = t}) end
print(pcall(function() return t.x end))
print(pcall(function() t.x = 1 end))

-- The boundary: 2000 steps are allowed after the first table.
local function chain(n, base)
  local c = base
  for i = 1, n do c = setmetatable({}, {__index = c, __newindex = c}) end
  return c
end
for _, n in ipairs({1999, 2000, 2001}) do
  local base = {x = "found"}
  local c = chain(n, base)
  print(n, pcall(function() return c.x end))
  print(n, pcall(function() c.y = n end), rawget(base, "y"))
end
