-- os.exit from a coroutine ends the process; with close, the main thread's pending
-- variables are closed.
local x <close> = setmetatable({}, {__close = function(_, e) print("closed main x", e) end})
local co = coroutine.wrap(function()
  local c <close> = setmetatable({}, {__close = function() print("closed in coroutine") end})
  coroutine.yield(1)
  os.exit(7, true)
end)
print(co())
print(pcall(co))
print("not reached")
