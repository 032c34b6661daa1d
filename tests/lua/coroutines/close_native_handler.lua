-- coroutine.close with a library function as a pending variable's __close handler that
-- raises an error: the next handler sees that error, close returns it, and the caller goes
-- on (the reference kept the failed native's frame on top, and the caller's next block end
-- panicked; found by fuzzgen::generate_hostile).
local co = coroutine.create(function()
  local a <close> = setmetatable({}, {__close = function(_, e) print("a closes", e) end})
  local b <close> = setmetatable({}, {__close = select})
  local c <close> = setmetatable({}, {__close = function(_, e) print("c closes", e) end})
  coroutine.yield("body")
end)
print(coroutine.resume(co))
print(coroutine.close(co))
print(coroutine.status(co))
do
  local x <close> = setmetatable({}, {__close = function() print("block end") end})
  local co2 = coroutine.create(function()
    local y <close> = setmetatable({}, {__close = string.rep})
    coroutine.yield()
  end)
  coroutine.resume(co2)
  print(pcall(coroutine.close, co2))
end
print("after")
