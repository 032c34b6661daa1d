-- __pairs may yield (lua5.4's pairs continues with `pairscont`): the generic for
-- gets exactly three values from it after the resume.
local t = setmetatable({10, 20, 30}, {__pairs = function (t)
  local inc = coroutine.yield("in __pairs")
  return function (t, i)
           if i > 1 then return i - inc, t[i - inc] else return nil end
         end, t, #t + 1, "ignored extra"
end})

local res = {}
local co = coroutine.wrap(function ()
  for i, p in pairs(t) do res[#res + 1] = i .. "=" .. p end
  return "loop done"
end)
print(co())
print(co(1))
print(table.concat(res, " "))

-- pairs' results, adjusted to three, seen directly.
co = coroutine.wrap(function () return select("#", pairs(t)), "end" end)
print(co())
print(co(2))

-- Fewer than three results from __pairs are filled with nil.
local u = setmetatable({}, {__pairs = function ()
  coroutine.yield("short")
  return next
end})
co = coroutine.wrap(function ()
  local f, s, c = pairs(u)
  return f == next, s, c
end)
print(co())
print(co())

-- Errors after the resume propagate through pairs.
local bad = setmetatable({}, {__pairs = function ()
  coroutine.yield("bad")
  error("no pairs here", 0)
end})
co = coroutine.wrap(function () return pcall(pairs, bad) end)
print(co())
print(co())

-- Outside a coroutine nothing changes.
local plain = setmetatable({}, {__pairs = function (t) return next, {5}, nil end})
for k, v in pairs(plain) do print("plain", k, v) end
