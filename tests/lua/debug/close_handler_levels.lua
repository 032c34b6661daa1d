-- Inside a __close handler run by coroutine.close (or by a wrap function's reset after an
-- error) the coroutine has been unwound to its base level (lua5.4's lua_resetthread): the
-- handler is the only level, it has no name, and a traceback shows nothing below it. The
-- VM used to keep the frames where the coroutine stopped under the handler.
local function mk(h) return setmetatable({}, {__close = h}) end

local function levels(_, e)
  print("handler sees", e)
  for l = 0, 3 do
    local i = debug.getinfo(l, "Snlt")
    if i then
      print("level", l, i.short_src, i.currentline, i.what, i.name, i.namewhat, i.istailcall)
    else
      print("level", l, nil)
    end
  end
  print(debug.traceback("tb 1", 1))
  print(debug.traceback("tb 2", 2))
  print(debug.traceback(coroutine.running(), "tb co"))
end

local function body(how)
  return function()
    local x <close> = mk(levels)
    local n = nil
    if how == "arith" then return n + 1 end
    if how == "call" then n() end
    if how == "error" then error("died") end
    coroutine.yield()
  end
end

for _, how in ipairs{"yield", "arith", "call", "error"} do
  print("--", how)
  local co = coroutine.create(body(how))
  print(coroutine.resume(co))
  print(coroutine.close(co))
  print(debug.traceback(co, "after close"))
end
for _, how in ipairs{"arith", "error"} do
  print("-- wrap", how)
  print(pcall(coroutine.wrap(body(how))))
end

-- Functions a handler calls get their names from the handler as usual.
local function inner() print("inner", debug.getinfo(1, "n").name, debug.getinfo(3, "n") ~= nil) end
local co = coroutine.create(function()
  local x <close> = mk(function() local f = inner; f() end)
  coroutine.yield()
end)
coroutine.resume(co)
print(coroutine.close(co))
