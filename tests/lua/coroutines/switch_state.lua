-- What a coroutine switch carries: none, one or many values each way, through resume
-- and wrap; the error a dead coroutine keeps (only it refers to the error object) across
-- full collections until coroutine.close returns it; statuses of threads that resumed
-- others; yields from a coroutine whose stack grew while it ran.

local function show(label, ...)
  local t = table.pack(...)
  local parts = {}
  for i = 1, t.n do parts[i] = tostring(t[i]) end
  print(label, t.n, table.concat(parts, " "))
end

-- 1. counts each way
local co = coroutine.create(function(...)
  show("start", ...)
  show("got", coroutine.yield())
  show("got", coroutine.yield(1))
  show("got", coroutine.yield(1, 2, 3))
  return
end)
show("r0", coroutine.resume(co))
show("r1", coroutine.resume(co, "a"))
show("r2", coroutine.resume(co, "a", "b"))
show("r3", coroutine.resume(co))
show("dead", coroutine.resume(co))

local w = coroutine.wrap(function(a)
  local x, y = coroutine.yield()
  local z = coroutine.yield(a, x, y)
  return z, z
end)
show("w0", w(10))
show("w1", w(20, 30))
show("w2", w(40))
print("w3", pcall(w))

-- 2. the kept error survives collections while only the dead coroutine refers to it
local closed = {}
local bad = coroutine.create(function()
  local err = setmetatable({ tag = "kept" }, { __gc = function() closed[#closed + 1] = "err gc" end })
  coroutine.yield()
  error(err)
end)
coroutine.resume(bad)
local ok, e = coroutine.resume(bad)
print("died", ok, type(e), e.tag)
e = nil
collectgarbage(); collectgarbage()
print("after gc", coroutine.status(bad), #closed)
local cok, cerr = coroutine.close(bad)
print("close", cok, type(cerr), cerr and cerr.tag)
print("close again", coroutine.close(bad))
cerr = nil
collectgarbage(); collectgarbage()
print("finalized", #closed, closed[1])

-- 3. statuses along a chain of resumes
local outer
local inner = coroutine.create(function()
  print("inner sees outer", coroutine.status(outer))
  coroutine.yield()
end)
outer = coroutine.create(function()
  coroutine.resume(inner)
  print("outer sees inner", coroutine.status(inner))
  coroutine.yield()
end)
coroutine.resume(outer)
print("main sees", coroutine.status(outer), coroutine.status(inner))

-- 4. a stack that grows while the coroutine runs, values kept across switches
local deep = coroutine.wrap(function()
  local function rec(n)
    if n == 0 then return coroutine.yield("bottom") end
    local r = rec(n - 1)
    return r + 1
  end
  return rec(300)
end)
print("deep", deep())
print("deep", deep(0))

-- 5. many short-lived coroutines
local sum = 0
for i = 1, 200 do
  local c = coroutine.wrap(function(a) local b = coroutine.yield(a + 1); return a + b end)
  sum = sum + c(i) + c(2)
end
print("sum", sum)
