-- create / resume / yield passing values both ways.
local co = coroutine.create(function(a, b)
  print("started with", a, b)
  local c, d = coroutine.yield(a + b, "first")
  print("resumed with", c, d)
  local e = coroutine.yield(c * 2)
  print("resumed again with", e)
  return "done", e
end)
print("type", type(co))
print("resume 1", coroutine.resume(co, 1, 2))
print("resume 2", coroutine.resume(co, 10, 20))
print("resume 3", coroutine.resume(co, "x"))
print("resume dead", coroutine.resume(co))
print("status", coroutine.status(co))

-- yield with no values / resume with no values
local co2 = coroutine.create(function(...)
  local n = select("#", ...)
  local r = table.pack(coroutine.yield())
  return n, r.n
end)
print("empty yield", select("#", coroutine.resume(co2)))
print("empty resume", coroutine.resume(co2))

-- many values
local co3 = coroutine.create(function(...) return ... end)
print("many", coroutine.resume(co3, 1, nil, 3, nil))

-- yield from nested function calls
local function helper(x) return coroutine.yield(x) end
local co4 = coroutine.create(function()
  local a = helper("from helper")
  local b = helper(a .. "!")
  return b
end)
print("nested yield", coroutine.resume(co4))
print("nested yield 2", coroutine.resume(co4, "back"))
print("nested yield 3", coroutine.resume(co4, "end"))

-- coroutine function receives resume args only first time
local co5 = coroutine.create(function(x) coroutine.yield(x); return x end)
coroutine.resume(co5, "initial")
print("args only once", coroutine.resume(co5, "ignored"))

-- yield inside loops
local co6 = coroutine.create(function() for i = 1, 3 do coroutine.yield(i) end return "end" end)
local outs = {}
while true do
  local ok, v = coroutine.resume(co6)
  outs[#outs + 1] = tostring(v)
  if coroutine.status(co6) == "dead" then break end
end
print("loop", table.concat(outs, ","))

-- yield inside metamethods
local mt = {__index = function(_, k) return coroutine.yield("index " .. k) end}
local co7 = coroutine.create(function() local t = setmetatable({}, mt); return t.key end)
print("yield in __index", coroutine.resume(co7))
print("resume __index", coroutine.resume(co7, "value"))
-- yield inside a for iterator
local co8 = coroutine.create(function()
  local s = 0
  for v in function(_, c) c = (c or 0) + 1; if c <= 3 then coroutine.yield(c); return c end end do s = s + v end
  return s
end)
local r = {}
repeat local ok, v = coroutine.resume(co8); r[#r + 1] = tostring(v) until coroutine.status(co8) == "dead"
print("yield in iterator", table.concat(r, ","))
