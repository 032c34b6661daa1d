-- A coroutine.wrap function whose coroutine dies with an error closes the coroutine's
-- pending to-be-closed variables before propagating it (auxwrap's lua_resetthread); an
-- error in a handler replaces the one propagated (the reference left them pending; found
-- by fuzzgen::generate_hostile).
local co = coroutine.wrap(function()
  local a <close> = setmetatable({}, {__close = function(_, e) print("a closes", e) end})
  coroutine.yield("body")
  error("boom", 0)
end)
print(pcall(co))
print(pcall(co))
print(pcall(co))
co = coroutine.wrap(function()
  local a <close> = setmetatable({}, {__close = function(_, e) print("a closes", e) end})
  local b <close> = setmetatable({}, {__close = function(_, e) error("b failed: " .. e, 0) end})
  local z = nil + 1
end)
print(pcall(co))
co = coroutine.wrap(function()
  local a <close> = setmetatable({}, {__close = function(_, e) print("a closes", type(e)) end})
  error({})
end)
print(select("#", pcall(co)))
