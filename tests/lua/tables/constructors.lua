-- Table constructors.
local t = {1, 2, 3}
print("positional", #t, t[1], t[3])
local k = {x = 1, ["y"] = 2, [10] = 3, [1.5] = 4}
print("keyed", k.x, k.y, k[10], k[1.5], #k)
local m = {1, x = "a", 2, [4] = "four", 3}
print("mixed", m[1], m[2], m[3], m[4], m.x, #m)
local trail1 = {1, 2, 3,}
local trail2 = {1; 2; 3;}
local mixsep = {1, 2; 3, x = 1; y = 2}
print("trailing", #trail1, #trail2, #mixsep, mixsep.y)
local empty = {}
print("empty", #empty, next(empty))
local nested = {a = {b = {c = "deep"}}, {1, {2, {3}}}}
print("nested", nested.a.b.c, nested[1][2][2][1])
local function three() return 1, 2, 3 end
local last = {three()}
local notlast = {three(), three()}
local paren = {(three())}
local withkey = {three(), k = 1}
print("multi-value last", #last, #notlast, #paren, #withkey)
local varg = (function(...) return {...} end)(nil, nil, 3)
print("vararg holes", varg[3], select("#", table.unpack(varg, 1, 3)))
print("computed keys", ({[1 + 1] = "two"})[2], ({["a" .. "b"] = 1}).ab)
print("expressions", ({1 + 1, "x" .. "y", not nil})[3])
local order = {}
local function mark(v) order[#order + 1] = v; return v end
local o = {mark(1), mark(2), [mark(3)] = mark(4), mark(5)}
print("evaluation order", table.concat(order, ","), #o)
print("float keys normalised", ({[1.0] = "a"})[1], ({[2^53] = "b"})[2^53])
print("constructor nil key", pcall(function() return {[nil] = 1} end))
print("constructor nan key", pcall(function() return {[0/0] = 1} end))
print("nil values", #{nil}, #{nil, nil}, #{1, nil, 3} >= 1)
local big = {}
for i = 1, 100 do big[i] = i end
local copy = {table.unpack(big)}
print("big unpack constructor", #copy, copy[100])
print("string keys vs ident", ({["end"] = 1})["end"], ({_G = 1})._G)
print("functions as values", type(({function() end})[1]), ({f = function() return "called" end}).f())
print("boolean keys", ({[true] = "t", [false] = "f"})[false])
