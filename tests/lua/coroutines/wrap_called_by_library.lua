-- A coroutine.wrap function called by a library function (a nested call): as load's
-- reader, gsub's replacement, sort's comparator, and as metamethods that library
-- functions call (__index by table.concat, __len by table.insert, __lt by table.sort,
-- __newindex by table.insert); errors inside the coroutine travel out through them.

local function gen(list)
  return coroutine.wrap(function()
    for _, v in ipairs(list) do coroutine.yield(v) end
    coroutine.yield(nil)
  end)
end

local f, err = load(gen({"ret", "urn 4", "2"}))
print(type(f), err)
print(f())

print(string.gsub("abc", ".", coroutine.wrap(function()
  local n = 0
  while true do n = n + 1; coroutine.yield("<" .. n .. ">") end
end)))

local t = {5, 3, 9, 1, 7}
table.sort(t, coroutine.wrap(function(a, b)
  while true do a, b = coroutine.yield(a < b) end
end))
print(table.concat(t, " "))

local proxy = setmetatable({}, {
  __index = coroutine.wrap(function(_, k)
    while true do _, k = coroutine.yield("v" .. k) end
  end),
  __len = coroutine.wrap(function() while true do coroutine.yield(3) end end),
})
print(table.concat(proxy, ",", 1, 3))
print(#proxy)

local log = {}
local sink = setmetatable({}, {
  __len = coroutine.wrap(function() while true do coroutine.yield(#log) end end),
  __newindex = coroutine.wrap(function(_, k, v)
    while true do log[#log + 1] = k .. "=" .. tostring(v); _, k, v = coroutine.yield() end
  end),
})
table.insert(sink, "a")
table.insert(sink, "b")
print(table.concat(log, " "))

local mt = {__lt = coroutine.wrap(function(a, b)
  while true do a, b = coroutine.yield(a.v < b.v) end
end)}
local objs = {}
for i, v in ipairs({4, 2, 8, 6}) do objs[i] = setmetatable({v = v}, mt) end
table.sort(objs)
for i, o in ipairs(objs) do objs[i] = o.v end
print(table.concat(objs, " "))

-- An error inside the coroutine comes out of the library call.
print(pcall(load, coroutine.wrap(function() error("reader failed") end)))
local ok, e = pcall(string.gsub, "x", "x", coroutine.wrap(function() error({}) end))
print(ok, type(e))
local dead = coroutine.wrap(function() return "once" end)
print(pcall(string.gsub, "xy", ".", dead))
-- A reader that yields from inside load: across a C-call boundary.
print(coroutine.wrap(function()
  return load(function() return coroutine.yield("src") end)
end)())
print("done")
