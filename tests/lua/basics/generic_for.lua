-- Generic for: ipairs, custom iterators, stateless and stateful.
local t = {"a", "b", "c"}
for i, v in ipairs(t) do print("ipairs", i, v) end

-- ipairs stops at first nil
local h = {1, 2, nil, 4}
local n = 0
for _ in ipairs(h) do n = n + 1 end
print("ipairs stops", n)

-- stateless iterator
local function iter(s, i)
  i = i + 1
  if i <= s then return i, i * i end
end
for i, sq in iter, 4, 0 do print("stateless", i, sq) end

-- closure iterator
local function range(n)
  local i = 0
  return function()
    i = i + 1
    if i <= n then return i end
  end
end
local acc = {}
for i in range(5) do acc[#acc + 1] = i end
print("closure", table.concat(acc, " "))

-- pairs with sorted keys
local m = {x = 1, y = 2, z = 3, 10, 20}
local keys = {}
for k in pairs(m) do keys[#keys + 1] = tostring(k) end
table.sort(keys)
print("pairs keys", table.concat(keys, " "))

-- next directly
local single = {only = true}
print("next", next(single))
print("next empty", next({}))

-- extra variables get nil
for a, b, c in function(_, ctl) if not ctl then return 1 end end do
  print("extra vars", a, b, c)
end

-- string.gmatch as iterator
for w in string.gmatch("one two three", "%a+") do print("word", w) end

-- the 4th value (closing value) is accepted
local closed = false
do
  local mt = {__close = function() closed = true end}
  for i in function(_, c) if not c then return 1 end end, nil, nil, setmetatable({}, mt) do
    print("with closing", i)
  end
end
print("closed after loop", closed)

-- modifying existing fields during traversal is allowed
local mod = {a = 1, b = 2, c = 3}
for k in pairs(mod) do mod[k] = nil end
print("cleared", next(mod))

-- nested generic loops
local grid = {{1, 2}, {3, 4}}
local s = 0
for _, row in ipairs(grid) do
  for _, v in ipairs(row) do s = s + v end
end
print("nested sum", s)
