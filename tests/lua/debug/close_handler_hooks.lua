-- A hook set on a coroutine sees the calls and lines of the __close handlers that
-- coroutine.close runs on it; with the coroutine unwound to its base level (lua5.4's
-- lua_resetthread), the handlers have no name and nothing below them.
local function mk(h) return setmetatable({}, {__close = h}) end

-- The coroutine's hook sees the handlers' calls and lines.
local co2 = coroutine.create(function()
  local a <close> = mk(function(_, e) local y = 1 end)
  local b <close> = mk(select)
  coroutine.yield()
end)
coroutine.resume(co2)
debug.sethook(co2, function(ev, line)
  local i = debug.getinfo(2, "Sn")
  print("hook", ev, line, i.short_src, i.name, i.namewhat, debug.getinfo(3, "S") ~= nil)
end, "crl")
print(coroutine.close(co2))

-- And a hook that errors replaces the handlers' error.
local co3 = coroutine.create(function()
  local a <close> = mk(function(_, e) print("a sees", e) end)
  local b <close> = mk(function() end)
  coroutine.yield()
end)
coroutine.resume(co3)
debug.sethook(co3, function(ev) error("hook fails on " .. ev) end, "c")
print(coroutine.close(co3))
