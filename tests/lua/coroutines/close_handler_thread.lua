-- The thread a __close handler run by coroutine.close runs on is the closed coroutine
-- itself (lua_resetthread runs them on its stack, unwound to its base level): it is the
-- running coroutine, "running", not yieldable, and has no level below the handler, so
-- error(msg, 3) has no position.
local function mk(h) return setmetatable({}, {__close = h}) end

local co = coroutine.create(function()
  local x <close> = mk(function() error("level 3", 3) end)
  local n = nil
  return n + 1
end)
print(coroutine.resume(co))
print(coroutine.close(co))
print(pcall(coroutine.wrap(function()
  local x <close> = mk(function() error("level 3", 3) end)
  error("died")
end)))

local co3
co3 = coroutine.create(function()
  local a <close> = mk(function()
    print("running is co3", coroutine.running() == co3, coroutine.status(co3),
      coroutine.isyieldable())
    print(pcall(coroutine.yield, 1))
    print(pcall(coroutine.close, co3))
    print(pcall(coroutine.resume, co3))
    local inner = coroutine.create(function()
      local x <close> = mk(string.rep)
      local n = nil
      return n.x
    end)
    print(coroutine.resume(inner))
    print(coroutine.close(inner))
  end)
  coroutine.yield()
end)
coroutine.resume(co3)
print(coroutine.close(co3))
print(coroutine.status(co3), coroutine.resume(co3))
