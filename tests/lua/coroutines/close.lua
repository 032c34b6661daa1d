-- coroutine.close on suspended, dead and errored coroutines.
local log = {}
local co = coroutine.create(function()
  local r <close> = setmetatable({}, {__close = function(_, e) log[#log + 1] = "closed:" .. tostring(e) end})
  coroutine.yield(1)
  log[#log + 1] = "never"
end)
coroutine.resume(co)
print("close suspended", coroutine.close(co))
print("status after close", coroutine.status(co))
print("log", table.concat(log, " "))
print("resume closed", coroutine.resume(co))
print("close again", coroutine.close(co))

local fresh = coroutine.create(function() end)
print("close never started", coroutine.close(fresh), coroutine.status(fresh))

local finished = coroutine.create(function() return 1 end)
coroutine.resume(finished)
print("close dead", coroutine.close(finished))

local failed = coroutine.create(function() error("failure", 0) end)
coroutine.resume(failed)
print("close errored", coroutine.close(failed))
local failedt = coroutine.create(function() error({tag = "t"}) end)
coroutine.resume(failedt)
local okc, ec = coroutine.close(failedt)
print("close errored table", okc, ec.tag)

-- error inside __close during coroutine.close
local bad = coroutine.create(function()
  local r <close> = setmetatable({}, {__close = function() error("close error", 0) end})
  coroutine.yield()
end)
coroutine.resume(bad)
print("close with failing __close", coroutine.close(bad))
print("status", coroutine.status(bad))

-- multiple pending closes run in reverse order
log = {}
local multi = coroutine.create(function()
  local a <close> = setmetatable({}, {__close = function() log[#log + 1] = "a" end})
  local b <close> = setmetatable({}, {__close = function() log[#log + 1] = "b" end})
  coroutine.yield()
end)
coroutine.resume(multi)
coroutine.close(multi)
print("reverse", table.concat(log, " "))

-- closing a running or normal coroutine is an error
local selfclose
selfclose = coroutine.create(function() return pcall(coroutine.close, selfclose) end)
print("close running", coroutine.resume(selfclose))
local main = coroutine.running()
print("close main", pcall(coroutine.close, main))
local outer
outer = coroutine.create(function()
  local inner = coroutine.create(function() return pcall(coroutine.close, outer) end)
  return coroutine.resume(inner)
end)
print("close normal", coroutine.resume(outer))
