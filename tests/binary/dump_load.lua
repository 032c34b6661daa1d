-- string.dump and load in binary mode. Run on the VM by tests/kit/tests/binary_chunks.rs; the
-- expected output (dump_load.out) comes from lua5.4 (tests/binary/regen.sh). Only behaviour
-- that does not depend on the bytes of the format is printed: moonlab's binary chunks are
-- its own, so the two implementations never load each other's.

local function roundtrip(f, strip) return assert(load(string.dump(f, strip))) end

-- Results are the same as the original function's.
local function add(a, b) return a + b, a .. b, a // b, a / b end
print("add", roundtrip(add)(7, 2))
print("add stripped", roundtrip(add, true)(7, 2))
local function count(...) return select("#", ...), ... end
print("varargs", roundtrip(count)(1, nil, 3, nil))
local function consts()
  return math.mininteger, 0x7fffffffffffffff, 2^53, -0.0, 1e308, "a\0b\255\1", #"a\0b\255\1",
    1/0, -1/0, 3 % -2, 255 // 0.0
end
print("constants", roundtrip(consts)())
print("constants stripped", roundtrip(consts, true)())
local function bytes() return ("\0\1\2\127\128\200\255"):byte(1, -1) end
print("string bytes", roundtrip(bytes, true)())

-- A bigger function: closures in loops, nested functions, tables, goto, <close>, coroutines.
local function program(n)
  local out = {}
  local fs = {}
  for i = 1, n do
    local j = i * 10
    fs[i] = function(k) return i + j + (k or 0) end
  end
  for i = 1, #fs do out[#out + 1] = fs[i](i) end
  local t = {1, 2, 3, x = "y", [10] = 10, {nested = true}}
  out[#out + 1] = #t .. ":" .. t.x .. ":" .. tostring(t[4].nested)
  local i = 0
  ::again::
  i = i + 1
  if i < 3 then goto again end
  out[#out + 1] = "goto " .. i
  do
    local closed <close> = setmetatable({}, {__close = function() out[#out + 1] = "closed" end})
    out[#out + 1] = "in block"
  end
  local co = coroutine.wrap(function(a)
    local b = coroutine.yield(a + 1)
    return b * 2
  end)
  out[#out + 1] = co(1) .. "," .. co(21)
  local ok, err = pcall(function() error({code = 42}) end)
  out[#out + 1] = tostring(ok) .. " " .. err.code
  local s = 0
  for k = 10, 1, -3 do s = s + k end
  for _, v in ipairs({5, 6, 7}) do s = s + v end
  out[#out + 1] = "sum " .. s
  return table.concat(out, " | ")
end
print("program", program(3))
print("program loaded", roundtrip(program)(3))
print("program stripped", roundtrip(program, true)(3))

-- Upvalues of a loaded function: the first is the global table (or load's env), the rest
-- are fresh and nil.
local up1, up2 = "one", "two"
local function ups() return up1, up2 end
local a, b = roundtrip(ups)()
print("upvalues", type(a), a == _G, b)
local function uses_globals() return type(print), _VERSION end
print("globals", roundtrip(uses_globals)())
local function env_second() return up1, print end
print("env second", pcall(roundtrip(env_second)))
print("env second stripped", pcall(roundtrip(env_second, true)))
local env = {type = function() return "custom type" end, _VERSION = "custom"}
print("env", load(string.dump(uses_globals), "x", "b", env)())
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print("self upvalue", pcall(roundtrip(fact), 5))
print("self upvalue 1", roundtrip(fact)(1))

-- Error messages: positions survive an unstripped dump; a stripped one says ?:-1.
local function index_local() local t = nil; return t.x end
local function index_global() return undefined_global.x end
local function arith_upvalue() return up1 + 1 end
local function call_field() local t = {} return t.nofunction() end
local function raise() error("raised") end
local function raise_table() error(setmetatable({}, {__tostring = function() return "E" end})) end
for _, f in ipairs({index_local, index_global, arith_upvalue, call_field, raise}) do
  print("error", pcall(roundtrip(f)))
  print("error stripped", pcall(roundtrip(f, true)))
end
print("error object", select(2, pcall(roundtrip(raise_table, true))) ~= nil)
local function level2() local function inner() error("deep", 2) end inner() end
print("error level", pcall(roundtrip(level2)))
print("error level stripped", pcall(roundtrip(level2, true)))
local function bad_arg() return ("x"):rep({}) end
print("arg error", pcall(roundtrip(bad_arg)))
print("arg error stripped", pcall(roundtrip(bad_arg, true)))

-- A chunk dumped again after loading is the same chunk.
print("redump", string.dump(roundtrip(program)) == string.dump(program))
print("redump stripped", string.dump(roundtrip(program, true), true) == string.dump(program, true))
print("strip is shorter", #string.dump(program, true) < #string.dump(program))

-- Main chunks dump too, and load's reader function may deliver the bytes one at a time.
local main = assert(load("local a, b = ... return (a or 0) + (b or 0), select('#', ...)"))
local s = string.dump(main)
local i = 0
local pieces = load(function() i = i + 1 return s:sub(i, i) end, "=pieces", "b")
print("reader", pieces(40, 2))

-- Modes.
print("mode t", load(s, "chunk", "t"))
print("mode b", load("return 1", "chunk", "b"))
print("mode x", load(s, "chunk", "x"))
print("mode x text", load("return 1", "chunk", "x"))
print("mode bt", load(s, "chunk", "bt") ~= nil, load("return 1", "chunk", "bt") ~= nil)
print("mode b ok", load(s, "chunk", "b") ~= nil)
print("mode reader", load(function() return nil end, "chunk", "b"))

-- string.dump's own errors.
print("dump native", pcall(string.dump, print))
print("dump native from Lua", pcall(function() return string.dump(print) end))
print("dump nothing", pcall(string.dump))
print("dump number", pcall(string.dump, 42))
print("dump strip arg", type(string.dump(add, "yes")), type(string.dump(add, nil)))

-- Malformed chunks: errors, never crashes.
print("truncated", load("\27Lua"))
print("not binary", load("\27Lux"))
print("version", load("\27Lua\83"))
print("format", load("\27Lua\84\1"))
print("name =", load("\27Lua", "=mychunk"))
print("name @", load("\27Lua", "@file.lua"))
print("name plain", load("\27Lua", "plain"))
local all_truncated = true
for n = 1, #s - 1 do
  local f, msg = load(s:sub(1, n))
  if f or msg ~= "binary string: bad binary format (truncated chunk)" then
    all_truncated = false
    print("prefix", n, msg)
  end
end
print("every prefix is truncated", all_truncated)
print("trailing bytes ignored", load(s .. "extra")(1, 2))
