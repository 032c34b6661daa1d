-- The __close handlers that coroutine.close (or a wrap function's reset after an error)
-- runs have no Lua caller: lua5.4's lua_resetthread unwinds the coroutine to its base
-- level first. So an error in a handler is not positioned or named from the frame where
-- the coroutine stopped (the VM said "close_handler_base.lua:N: attempt to call a table
-- value (metamethod 'add')" for a coroutine that died in an addition), and a library
-- function as the handler is named by its global name.
local function mk(h) return setmetatable({}, {__close = h}) end

local function show(label, ok, e)
  if type(e) == "table" then e = "a table" end
  print(label, ok, e)
end

-- How the coroutine stops before it is closed: suspended in a yield, or dead from an
-- error raised by an instruction (arithmetic, call, index) or by error().
local function body(h, how)
  return function()
    local x <close> = mk(h)
    local n = nil
    if how == "arith" then return n + 1 end
    if how == "call" then n() end
    if how == "index" then return n.x end
    if how == "error" then error("died") end
    coroutine.yield("suspended")
    return "finished"
  end
end

local handlers = {
  {"table", {}},
  {"boolean", true},
  {"number", 7},
  {"select", select},
  {"string.rep", string.rep},
  {"coroutine.yield", coroutine.yield},
  {"error", error},
  {"type", type},
  {"lua error", function(_, e) error("in handler") end},
  {"lua error 2", function(_, e) error("level 2", 2) end},
  {"lua yield", function() coroutine.yield("from handler") end},
  {"lua arith", function(_, e) return e + 1 end},
  {"lua call", function() local f = nil; f() end},
  {"lua global", function() undefined_global_fn() end},
  {"lua table error", function() error({}) end},
}

for _, how in ipairs{"yield", "arith", "call", "index", "error"} do
  for _, h in ipairs(handlers) do
    local label = how .. " / " .. h[1]
    local co = coroutine.create(body(h[2], how))
    local ok, v = coroutine.resume(co)
    print(label, "resume", ok, v)
    show(label .. " close", coroutine.close(co))
    print(label, coroutine.status(co))
  end
end

-- A wrap function closes the dead coroutine before it raises the error.
for _, how in ipairs{"arith", "call", "error"} do
  for _, h in ipairs(handlers) do
    show(how .. " / " .. h[1] .. " wrap", pcall(coroutine.wrap(body(h[2], how))))
  end
end

-- Several pending variables: each handler sees the error of the one closed before it.
local co = coroutine.create(function()
  local a <close> = mk(function(_, e) print("a sees", e) end)
  local b <close> = mk(select)
  local c <close> = mk({})
  local n = nil
  return n + 1
end)
print(coroutine.resume(co))
print(coroutine.close(co))

-- Closed from inside another coroutine, and from inside a handler.
local outer = coroutine.wrap(function()
  local inner = coroutine.create(body({}, "arith"))
  print("inner", coroutine.resume(inner))
  print("inner close", coroutine.close(inner))
  coroutine.yield("outer yields")
  local w = coroutine.wrap(body(mk, "call"))
  show("inner wrap", pcall(w))
  return "outer done"
end)
print(outer())
print(outer())
