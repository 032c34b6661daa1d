-- coroutine.wrap and error propagation.
local gen = coroutine.wrap(function(a)
  local b = coroutine.yield(a * 2)
  local c = coroutine.yield(b + 1)
  return "finished", c
end)
print("wrap 1", gen(5))
print("wrap 2", gen(10))
print("wrap 3", gen("c"))
print("wrap dead", pcall(gen))

-- errors propagate through wrap (with position prefix of the coroutine's code)
local bad = coroutine.wrap(function() error("inside wrap") end)
print("error through wrap", pcall(bad))
local badt = coroutine.wrap(function() error({code = 1}) end)
local ok, e = pcall(badt)
print("table error through wrap", ok, type(e), e.code)
local badrt = coroutine.wrap(function() local x; return x.y end)
print("runtime error through wrap", pcall(badrt))
local bad0 = coroutine.wrap(function() error("no position", 0) end)
print("level 0 through wrap", pcall(bad0))

-- after an error the wrapped coroutine is dead
print("after error", pcall(bad))
-- lua5.4 adds the caller's position to string errors when wrap's function is called from Lua code
local bad2 = coroutine.wrap(function() error("inner message") end)
print("error called from Lua", pcall(function() local r = bad2() return r end))
print("dead called from Lua", pcall(function() local r = bad2() return r end))
local bad3 = coroutine.wrap(function() error({}) end)
print("table error called from Lua", pcall(function() local r = bad3() return r end) == false)

-- wrap as iterator
local function range(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
local acc = {}
for i in range(4) do acc[#acc + 1] = i end
print("iterator", table.concat(acc, " "))

-- wrap with varargs
local echo = coroutine.wrap(function(...)
  local args = table.pack(...)
  while true do args = table.pack(coroutine.yield(args.n, ...)) end
end)
print("echo", echo(1, 2, 3))
print("echo again", echo())

-- wrap of non-function
print("wrap non-function", pcall(coroutine.wrap, 42))
-- nested wraps
local outer = coroutine.wrap(function()
  local inner = coroutine.wrap(function() coroutine.yield("inner 1"); return "inner 2" end)
  coroutine.yield(inner())
  coroutine.yield(inner())
  return "outer done"
end)
print("nested", outer(), outer(), outer())
-- the wrap function is a plain function
print("wrap type", type(gen))
