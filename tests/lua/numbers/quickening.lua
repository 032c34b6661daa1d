-- Arithmetic instructions whose operand types change after they ran many times with one
-- type pattern (the VM specialises ADD, MUL, DIV, DIVK and ADDI on the types they see and
-- falls back when they change): results, errors, hooks, coroutines and string.dump of
-- such functions must be as before.

local function f(a, b) return a + b, a * b, a / b, a + 1, a / 2 end

local function show(...) print(select('#', ...), ...) end

-- Integers many times, then floats, mixed, strings, overflow, and back.
for _ = 1, 50 do f(3, 4) end
show(f(3, 4))
for _ = 1, 50 do f(1.5, 2.5) end
show(f(1.5, 2.5))
show(f(2, 0.5))
show(f(0.5, 2))
show(f("10", 2))
show(f(math.maxinteger, 1))
show(f(math.mininteger, -1))
show(f(3, 4))
show(f(0 / 0 ~= 0 / 0 and 1.0 or 2.0, -0.0))
show(f(1e308, 1e308))

-- Floats first, then integers.
local function g(x, y) return x + y, x * y, x / y, x + 1, x / 2 end
for _ = 1, 50 do g(0.25, 4.0) end
show(g(0.25, 4.0))
show(g(7, 3))
show(g(-7, 2))

-- A metamethod reached from an instruction that was specialised.
local mt = {}
for _, e in ipairs({"__add", "__mul", "__div"}) do
  mt[e] = function(x, y) return e .. ":" .. type(x) .. "," .. type(y) end
end
local obj = setmetatable({}, mt)
for _ = 1, 50 do f(3, 4) end
show(f(obj, 1))
show(pcall(f, 1, obj))
for _ = 1, 50 do f(3, 4) end

-- Errors name the operand, as lua5.4's messages do.
local function h(a, b) local c = a + b; local d = a * 2; return c, d end
for _ = 1, 50 do h(1, 2) end
print(pcall(h, nil, 2))
print(pcall(h, 1, {}))
print(pcall(h, "x", 1))
for _ = 1, 50 do h(1.5, 2.5) end
print(pcall(h, 1.5, false))

-- A metamethod that yields, inside a coroutine, from a specialised instruction.
local ymt = {__add = function(x, y) return coroutine.yield("add") end,
             __div = function(x, y) return coroutine.yield("div") end}
local yobj = setmetatable({}, ymt)
local function k(a, b) local s = a + b; local q = a / b; return s, q end
for _ = 1, 50 do k(1, 2) end
for _ = 1, 50 do k(1.0, 2.0) end
local co = coroutine.wrap(function() return k(yobj, 2) end)
print(co())
print(co(10))
print(co(20))

-- string.dump of a function whose instructions were specialised runs alike.
for _ = 1, 50 do f(1, 2) end
local f2 = load(string.dump(f))
show(f2(3, 4))
show(f2(1.5, 2.5))
print(string.dump(f) == string.dump(load(string.dump(f))))

-- Tracebacks and line numbers after specialisation.
local function deep(a) return a + 1 end
for _ = 1, 50 do deep(1) end
local ok, msg = pcall(deep, nil)
print(ok, msg)
print(select(2, xpcall(deep, function(m) return (debug.traceback(m, 1):gsub("\n.*", "")) end, {})))

-- SUB: integers many times, then the inline range's edges, floats, mixed, strings,
-- a metamethod and an error; then floats first.
local function s(a, b) return a - b end
for _ = 1, 50 do s(10, 3) end
show(s(10, 3), s(math.mininteger, 1), s(-(1 << 47), 1), s(1 << 47, -1), s(3, 10))
for _ = 1, 50 do s(0.5, 0.25) end
show(s(0.5, 0.25), s(1, 0.5), s(0.5, 1), s(7, 2), s("5", 1), s(-0.0, 0.0))
local smt = setmetatable({}, {__sub = function(x, y) return "sub:" .. type(x) .. "," .. type(y) end})
show(s(smt, 1), s(1, smt))
print(pcall(s, nil, 1))
local function s2(x, y) return x - y end
for _ = 1, 50 do s2(2.5, 0.5) end
show(s2(2.5, 0.5), s2(1e308, -1e308), s2(9, 4), s2(9, 4.0))

-- ADDK, SUBK, MULK (a constant operand): integers, then the edges, floats, strings, a
-- metamethod; and with float constants, floats then integers.
local function kf(a) return a + 1000, a - 1000, a * 3 end
for _ = 1, 50 do kf(7) end
show(kf(7))
show(kf(math.maxinteger))
show(kf(math.mininteger))
show(kf((1 << 47) - 1))
show(kf(-(1 << 47)))
show(kf(2.5))
show(kf("4"))
local kmt = setmetatable({}, {__add = function() return "add" end,
  __sub = function() return "sub" end, __mul = function() return "mul" end})
show(kf(kmt))
print(pcall(kf, {}))
local function kg(x) return x + 0.5, x - 0.5, x * 0.5 end
for _ = 1, 50 do kg(1.25) end
show(kg(1.25))
show(kg(3))
show(kg(0 / 0 ~= 0 / 0 and -0.5 or 0.5))
show(kg(1e308 * 10))
print(pcall(kg, nil))

-- MODK and IDIVK: integers many times, then the edges, floats, strings, a metamethod,
-- a zero constant (an error each time, never specialised).
local function mk(a) return a % 7, a // 7, a % -3, a // -3, a // -1, a % -1 end
for _ = 1, 50 do mk(100) end
show(mk(100))
show(mk(-100))
show(mk(math.mininteger))
show(mk(math.maxinteger))
show(mk(-(1 << 47)))
show(mk(7.5))
show(mk(-0.0))
show(mk("23"))
local mmt = setmetatable({}, {__mod = function() return "mod" end,
  __idiv = function() return "idiv" end})
show(mk(mmt))
print(pcall(mk, true))
local function mz(a) return a % 0 end
for _ = 1, 3 do print(pcall(mz, 5)) end
local function dz(a) return a // 0 end
for _ = 1, 3 do print(pcall(dz, 5)) end
print(dz(5.0), mz(5.5) ~= mz(5.5))
