-- string.dump and load of binary chunks, on whatever format the engine writes: lua5.4's
-- bytecode, the VM's own, or the reference's (source text). Nothing here prints the bytes
-- past the parts of the header the three share.

local function roundtrip(f, strip) return assert(load(string.dump(f, strip))) end

-- The header: signature, version, and what header-probing code computes from it.
local d = string.dump(function() end)
print("signature", d:sub(1, 4) == "\27Lua", d:byte(5))
-- vstruct (io/endianness.lua) decides byte order from the 7th byte.
print("vstruct probe", string.byte(d, 7) == 0x00 and "big" or "little")
print("LUAC_INT", d:find(string.pack("<j", 0x5678), 1, true) ~= nil)
print("LUAC_NUM", d:find(string.pack("<n", 370.5), 1, true) ~= nil)
print("type", type(d), #string.dump(print ~= nil and function() return 1 end) > 5)

-- Functions of every depth of a chunk, with the chunk's literals.
local chunk = load([[
  local greeting = "hello"
  local function outer(n)
    local s = "outer " .. n
    local function inner(m) return "inner " .. m, "hello", s end
    return s, inner
  end
  return outer, function(...) return select("#", ...), "anon", ... end
]], "=mychunk")
local outer, anon = chunk()
local _, inner = outer(1)
print("main", roundtrip(chunk)() ~= nil)
print("outer", (roundtrip(outer)(2)), type(select(2, roundtrip(outer)(2))))
local function show(a, b, c) return a, b, c == _G end
print("inner", show(roundtrip(inner)(3)))
print("anon", roundtrip(anon)(nil, "x", nil))
print("stripped", show(roundtrip(inner, true)(4)))
print("main twice", select("#", roundtrip(chunk, true)()))

-- Upvalues: fresh and nil, except the first, which is the global table (or load's env)
-- even when it is not _ENV.
local up1, up2 = "one", "two"
local function ups() return up1, up2 end
local a, b = roundtrip(ups)()
print("first is _G", a == _G, b)
local function counter() up1 = (up1 or 0) .. "+" return up2 end
local c1, c2 = roundtrip(counter), roundtrip(counter)
print("fresh each load", pcall(c1))
local env = {print = "env print"}
local function uses_print() return print end
print("env arg", load(string.dump(uses_print), "x", "b", env)())
print("env nil", type(load(string.dump(uses_print), "x", "b", nil)))
print("env nil call", pcall(load(string.dump(uses_print), "x", "b", nil)))
local function first_local() return up2, print end
print("first not _ENV", pcall(roundtrip(first_local)))
print("first not _ENV env", pcall(load(string.dump(first_local), "=x", "b", 42)))
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print("recursive", pcall(roundtrip(fact), 3))
print("recursive base", roundtrip(fact)(1))
print("no upvalues", roundtrip(function(x) return x * 2 end)(21))
print("untouched", up1, up2, c2 ~= nil)

-- Closures made by a loaded function, coroutines, varargs, goto, <close>.
local function maker(n)
  local fs = {}
  for i = 1, n do fs[i] = function() return i * 10 end end
  local co = coroutine.wrap(function(x) local y = coroutine.yield(x + 1) return y * 2 end)
  local r = {co(1), co(20)}
  local out = {}
  do
    local closed <close> = setmetatable({}, {__close = function() out[#out + 1] = "closed" end})
  end
  local k = 0
  ::top:: k = k + 1 if k < 3 then goto top end
  for i = 1, n do out[#out + 1] = fs[i]() end
  return table.concat(out, ","), r[1], r[2], k
end
print("maker", roundtrip(maker)(3))
print("maker stripped", roundtrip(maker, true)(3))

-- Dumping what was loaded gives a chunk that loads the same function again.
print("redump", show(roundtrip(roundtrip(inner))(5)))
print("redump stripped", show(roundtrip(roundtrip(inner, true))(6)))
print("strip is shorter", #string.dump(maker, true) < #string.dump(maker))
print("same dump", string.dump(maker) == string.dump(maker))

-- Errors: positions survive a dump; a stripped function has no line information.
local function bad_index() local t = nil; return t.x end
local function bad_global() return nothing_here.x end
local function bad_up() return up1 + 1 end
local function raise() error("raised") end
local function raise2() local function f() error("deep", 2) end f() end
for _, f in ipairs({bad_index, bad_global, bad_up, raise, raise2}) do
  print("error", pcall(roundtrip(f)))
  print("error stripped", pcall(roundtrip(f, true)))
end
print("chunk name", pcall(roundtrip(load("local t return t.x", "=named"))))
print("arg error stripped", pcall(roundtrip(function() return ("x"):rep({}) end, true)))

-- Modes.
print("mode t", load(d, "d", "t"))
print("mode b", load(d, "d", "b") ~= nil)
print("mode bt", load(d, "d", "bt") ~= nil)
print("mode b text", load("return 1", "d", "b"))
local i = 0
print("reader", load(function() i = i + 1 return d:sub(i, i) end, "=r", "b") ~= nil)
i = 0
print("reader t", load(function() i = i + 1 return i == 1 and d or nil end, "=r", "t"))

-- string.dump's own errors.
print("native", pcall(string.dump, print))
print("native from Lua", pcall(function() return string.dump(string.len) end))
print("no function", pcall(string.dump, {}))
print("nothing", pcall(string.dump))

-- Damaged chunks are errors. Every proper prefix is truncated; flipping any bit of the
-- header (the 31 bytes lua5.4 checks) makes load fail.
local all_truncated = true
for n = 1, #d - 1 do
  local f, msg = load(d:sub(1, n))
  if f or not msg:find("truncated", 1, true) then all_truncated = false print(n, msg) end
end
print("truncated", all_truncated, load(d:sub(1, 10)))
local all_refused = true
for pos = 1, 31 do
  for bit = 0, 7 do
    local s = d:sub(1, pos - 1) .. string.char(d:byte(pos) ~ (1 << bit)) .. d:sub(pos + 1)
    if load(s) then all_refused = false print("loaded", pos, bit) end
  end
end
print("flipped header bits", all_refused)
print("version", load("\27Lua\83\0"))
print("not binary", load("\27Lux"))
print("named", load(d:sub(1, 6), "=bin"))
print("named @", load(d:sub(1, 6), "@bin.luac"))
