-- A coroutine whose __close handlers are running (coroutine.close) can be neither
-- resumed nor closed again from inside them; afterwards it is dead.
local co
co = coroutine.create(function()
  local x <close> = setmetatable({}, {__close = function(_, err)
    print("in handler", coroutine.status(co), err)
    print("resume", coroutine.resume(co))
    print("close", pcall(coroutine.close, co))
  end})
  coroutine.yield(20)
end)
print("first", coroutine.resume(co))
print("closed", coroutine.close(co))
print("status", coroutine.status(co))
print("again", coroutine.close(co))

-- The same for a coroutine that died with an error: its handlers see the error.
local co2
co2 = coroutine.create(function()
  local y <close> = setmetatable({}, {__close = function(_, err)
    print("handler 2", coroutine.status(co2), err)
    print("resume 2", coroutine.resume(co2))
  end})
  coroutine.yield()
  error("boom", 0)
end)
coroutine.resume(co2)
print("resumed", coroutine.resume(co2))
print("closed 2", coroutine.close(co2))
