-- A __close handler that yields while its function returns: on resumption the other
-- variables are closed and the function returns its values (the VM lost them: it did not
-- repeat the RETURN after the yield, as lua5.4's finishOp does). Found by the differential
-- fuzz target on hostile programs.
local co = coroutine.wrap(function()
  local c <close> = setmetatable({}, {__close = function() coroutine.yield("in close") end})
  return "co done", 2
end)
print(co()) print(co())
local co = coroutine.wrap(function()
  local c <close> = setmetatable({}, {__close = function() print(pcall(coroutine.yield, "in close")) end})
  return "co done", 2
end)
print(co()) print(co("resumed"))
local co = coroutine.wrap(function()
  local c <close> = setmetatable({}, {__close = function() print(pcall(coroutine.yield, "in close")) end})
  local d <close> = setmetatable({}, {__close = function() print("d") end})
  return "co done", 2
end)
print(co()) print(co("resumed"))
local co = coroutine.wrap(function(...)
  local c <close> = setmetatable({}, {__close = function() coroutine.yield("in close") end})
  local d <close> = setmetatable({}, {__close = function() coroutine.yield("in close d") end})
  return table.unpack({1, 2, 3, nil, 5}, 1, 5)
end)
print(co()) print(co()) print(co())
local co = coroutine.wrap(function(...)
  local c <close> = setmetatable({}, {__close = function() coroutine.yield("in close") end})
  return ...
end)
print(co(1, 2, 3)) print(co())
