-- coroutine.status in all states, running, isyieldable.
local main, ismain = coroutine.running()
print("main running", type(main), ismain)
print("main status", coroutine.status(main))
print("main yieldable", coroutine.isyieldable())

local co
local inner
co = coroutine.create(function()
  print("inside status", coroutine.status(co))
  local self, im = coroutine.running()
  print("running is self", self == co, im)
  print("inside yieldable", coroutine.isyieldable())
  inner = coroutine.create(function()
    print("outer seen from inner", coroutine.status(co))
    print("inner status", coroutine.status(inner))
    print("main from inner", coroutine.status(main))
  end)
  coroutine.resume(inner)
  print("inner after", coroutine.status(inner))
  coroutine.yield()
end)
print("created", coroutine.status(co))
coroutine.resume(co)
print("after yield", coroutine.status(co))
coroutine.resume(co)
print("after return", coroutine.status(co))

local errco = coroutine.create(function() error("x") end)
coroutine.resume(errco)
print("after error", coroutine.status(errco))

print("status bad arg", pcall(coroutine.status, 1))
print("status no arg", pcall(coroutine.status))
print("isyieldable with arg", coroutine.isyieldable(co), coroutine.isyieldable(main))
-- wrap'd coroutine: running inside
local w = coroutine.wrap(function() local c, m = coroutine.running(); return type(c), m end)
print("running inside wrap", w())
-- not yieldable inside a metamethod called from C? pcall keeps yieldability
local yco = coroutine.create(function()
  return pcall(function() return coroutine.isyieldable() end)
end)
print("yieldable in pcall", coroutine.resume(yco))
local sco = coroutine.create(function()
  local r
  table.sort({3, 2, 1}, function(a, b) r = coroutine.isyieldable(); return a < b end)
  return r
end)
print("yieldable in sort comparator", coroutine.resume(sco))
