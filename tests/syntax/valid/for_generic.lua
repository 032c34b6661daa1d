-- Generic for loops.
for i, v in ipairs({"a", "b", "c"}) do print(i, v) end
local function range(n)
  local i = 0
  return function() i = i + 1; if i <= n then return i end end
end
for x in range(3) do io.write(x, " ") end print()
local function step(limit, cur)
  if cur < limit then return cur + 1, (cur + 1) * (cur + 1) end
end
for i, sq in step, 4, 0 do print(i, sq) end
local t = {b = 2, a = 1, c = 3}
local keys = {}
for k in pairs(t) do keys[#keys + 1] = k end
table.sort(keys)
for _, k in ipairs(keys) do print(k, t[k]) end
for k, v in next, {only = true} do print(k, v) end
local closer = setmetatable({}, {__close = function() print("iterator state closed") end})
for i in step, 2, 0, closer do print("item", i) end
for i in step, 5, 0, closer do if i == 2 then print("breaking") break end end
local function triple() return step, 2, 0 end
for i, v in triple() do print(i, v) end
local function multi(_, c) if c < 2 then return c + 1, "x", "y" end end
for a, b, c, d in multi, nil, 0 do print(a, b, c, d) end
local fs = {}
for i, v in ipairs({10, 20}) do fs[i] = function() return v end end
print(fs[1](), fs[2]())
for _ in range(0) do print("never") end
for word in ("one two three"):gmatch("%a+") do io.write("[", word, "]") end
print()
