-- A __close metamethod that is coroutine.yield itself (a library function, not a Lua
-- closure), run while pcall's recovery closes the variable after an error: the
-- coroutine yields the value and the error, and resuming finishes the recovery.
local mt = {__close = coroutine.yield}
local co = coroutine.wrap(function()
  local ok, err = pcall(function()
    local x <close> = setmetatable({}, mt)
    error("boom")
  end)
  print("recovered", ok, err)
  local y <close> = setmetatable({}, mt)
  return "done"
end)
local a, b = co()
print("first yield", type(a), b)
local c, d = co("ignored")
print("second yield", type(c), d)
print("end", co())

-- On a normal block exit too, with values passed back through the yield.
local co2 = coroutine.create(function()
  do
    local z <close> = setmetatable({}, mt)
  end
  return "after block"
end)
local ok, v, e = coroutine.resume(co2)
print(ok, type(v), e)
print(coroutine.resume(co2))
print(coroutine.status(co2))
