-- A coroutine.wrap body that fails with pending to-be-closed variables: the wrap function
-- closes the coroutine before it raises the error (lauxlib's auxwrap), so the __close
-- handlers run and see the error; an error in one replaces it.
local w = coroutine.wrap(function()
  local x <close> = setmetatable({}, {__close = function(_, e) print("closing with", e) end})
  error("boom")
end)
print(pcall(w))
print(pcall(w))
local obj = setmetatable({}, {__tostring = function() return "obj" end})
local w2 = coroutine.wrap(function()
  local x <close> = setmetatable({}, {__close = function(_, e) print("closing x with", tostring(e)) error("in close") end})
  local y <close> = setmetatable({}, {__close = function(_, e) print("closing y with", tostring(e)) end})
  error(obj)
end)
print(pcall(w2))
-- Resumed with coroutine.resume, a failed coroutine keeps them until coroutine.close.
local co = coroutine.create(function()
  local x <close> = setmetatable({}, {__close = function(_, e) print("co closing with", e) end})
  error("boom")
end)
print(coroutine.resume(co))
print(coroutine.close(co))
