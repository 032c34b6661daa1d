-- A __close handler that fails when its block exits normally raises its error from there:
-- the variables still pending are closed by whatever catches it (a coroutine's close, a
-- pcall's recovery), not in place. The VM closed them in place, so they ran before the
-- coroutine died, in the function's frame (named, positioned, yieldable). Found by
-- fuzzgen::generate_hostile.
local co = coroutine.create(function()
  local a <close> = setmetatable({}, {__close = function(_, e) print("a sees", e) end})
  local b <close> = setmetatable({}, {__close = function() error("b failed", 0) end})
  return "done"
end)
print(coroutine.resume(co))
print(coroutine.status(co))
print(coroutine.close(co))
print(pcall(function()
  do
    local a <close> = setmetatable({}, {__close = coroutine.close})
    local b <close> = setmetatable({}, {__close = true})
    local c <close> = setmetatable({}, {__close = function(_, e) print("c sees", e) end})
  end
  return "after"
end))
print(pcall(function()
  for i = 1, 3 do
    local a <close> = setmetatable({}, {__close = function(_, e) print("a sees", i, e) end})
    local b <close> = setmetatable({}, {__close = function() if i == 2 then error("b " .. i, 0) end end})
  end
end))
