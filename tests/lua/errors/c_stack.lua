-- Native recursion (a library function calling a value that is itself a library function,
-- pcall nesting, metamethods recursing) ends in a catchable "C stack overflow" at the depth
-- lua5.4 reaches, counted as lua5.4 counts its C levels; the program goes on afterwards.
local function try(name, f, ...)
  local r = table.pack(pcall(f, ...))
  print(name, r[1], tostring(r[r.n]))
end

try("tostring", tostring, setmetatable({}, {__tostring = tostring}))
try("print", print, setmetatable({}, {__tostring = print}))
try("pairs", pairs, setmetatable({}, {__pairs = pairs}))

local t = setmetatable({}, {__call = pcall})
local r = table.pack(pcall(t))
print("__call = pcall", r.n, r[r.n - 1], r[r.n])

local function f() return pcall(f) end
local r2 = table.pack(f())
print("nested pcall", r2.n, r2[r2.n - 1], r2[r2.n])

local depth = 0
local function g() depth = depth + 1; local ok, e = pcall(g); error(e, 0) end
print("rethrow", pcall(g))
print("rethrow depth", depth)

local mt = {}
mt.__index = function(t, k) return setmetatable({}, mt)[k] end
try("__index function", function() return setmetatable({}, mt).x end)

local nest = 0
local function viaresume()
  nest = nest + 1
  return coroutine.resume(coroutine.create(viaresume))
end
local r3 = table.pack(viaresume())
print("resume chain", r3.n, r3[r3.n - 1], r3[r3.n])
print("resume depth", nest)

local count = 0
local it
it = function() count = count + 1; for _ in it do end end
try("for iterator", it)
print("iterator depth", count)

local closes = 0
local function closer()
  closes = closes + 1
  local x <close> = setmetatable({}, {__close = closer})
end
try("__close", closer)
print("close depth", closes)

print(select("#", string.rep("x", 3)), "still running")
