-- pcall as a __close handler, run when a wrapped coroutine is reset after an error: the
-- call it makes fails at once and pcall catches that (the reference let the error escape
-- the nested call, so the next handler saw it; found by fuzzgen::generate_hostile).
local co = coroutine.wrap(function()
  local a <close> = setmetatable({}, {__close = function(_, e) print("a sees", e) end})
  local b <close> = setmetatable({}, {__close = pcall})
  local c <close> = setmetatable({}, {__close = "str"})
  return "returned"
end)
print(pcall(co))
local co2 = coroutine.create(function()
  local a <close> = setmetatable({}, {__close = function(_, e) print("a sees", e) end})
  local b <close> = setmetatable({}, {__close = pcall})
  coroutine.yield()
end)
coroutine.resume(co2)
print(coroutine.close(co2))
print(pcall(table.sort, {3, 2, 1}, pcall))
print(pcall(string.gsub, "abc", "%w", pcall))
