-- xpcall's message handler runs again on its own errors, each call nested in the last,
-- until lua5.4 gives up with "error in error handling" (C-stack levels past 220, or a
-- stack overflow while handling a stack overflow: the handler then has only a small extra
-- stack). These ended in seconds to minutes on the reference before.
print(xpcall(error, function(m) error(m) end, "boom"))

local n = 0
print(xpcall(function() local x = nil; return x.y end, function(m) n = n + 1; error(m) end))
print("handler calls", n)

-- A handler that recurses until the stack overflows.
local function h(m) return h(m) .. "" end
print(xpcall(error, h, "boom"))
local function h2(m) local x = m; return (h2(x)) end
print(xpcall(function() error("x") end, h2))
local function h3(m) return 1 + h3(m) end
print(xpcall(error, h3, "boom"))

-- A handler that fails a few times, then succeeds.
n = 0
local function rec(d) if d == 0 then error("deep") end return 1 + rec(d - 1) end
print(xpcall(error, function(m)
  n = n + 1
  if n < 5 then return rec(1e7) end
  return "done " .. tostring(m)
end, "boom"))
print("handler calls", n)
n = 0
print(xpcall(error, function(m)
  n = n + 1
  if n < 5 then return rec(10) end
  return "done " .. tostring(m)
end, "boom"))
print("handler calls", n)

-- The body overflows the stack: the handler runs with a little stack left.
local function f() return 1 + f() end
print(xpcall(f, function(m) return "h:" .. m end))
n = 0
print(xpcall(f, function(m)
  n = n + 1
  return "h:" .. select("#", string.byte(string.rep("x", 100), 1, -1))
end))
local function g(d) if d == 0 then return 0 end return 1 + g(d - 1) end
print(xpcall(f, function(m) n = n + 1 return g(10) end))
print(xpcall(f, function(m) n = n + 1 return g(100) end))
print("handler calls", n)
print(pcall(error, "still usable"))
